package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Helpers of the acceptance tests that look at Terraform from outside: run a
// real terraform CLI on the built provider binary rather than through
// terraform-plugin-testing (an interrupted apply; examples with for_each,
// whose state plugin-testing cannot read), or read its trace log.

// cliTerraform returns the terraform CLI of the acceptance tests; without
// TF_ACC the test is skipped like the other acceptance tests.
func cliTerraform(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		return tf
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("acceptance tests need the terraform CLI on PATH (or TF_ACC_TERRAFORM_PATH)")
	}
	return tf
}

// devOverrideProvider builds the provider into dir/plugins and writes a CLI
// configuration that runs that binary for bestsms/bestsms (dev_overrides:
// no terraform init needed); it returns the configuration's path, for
// TF_CLI_CONFIG_FILE.
func devOverrideProvider(t *testing.T, dir string) string {
	t.Helper()
	plugins := filepath.Join(dir, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-bestsms"), ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(dir, "terraformrc")
	writeFile(t, cliConfig, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/bestsms/bestsms" = %q
  }
  direct {}
}
`, plugins))
	return cliConfig
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkTraceLog reads the trace log a test wrote (TF_ACC_LOG_PATH with
// TF_LOG=TRACE): it must hold every text of want, which shows that the
// traffic was logged, and none of secrets.
func checkTraceLog(t *testing.T, logPath string, want []string, secrets ...string) {
	t.Helper()
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for _, w := range want {
		if !strings.Contains(log, w) {
			t.Errorf("trace log lacks %q: the test would not see a leak", w)
		}
	}
	for _, secret := range secrets {
		if i := strings.Index(log, secret); i >= 0 {
			t.Logf("context: %q", log[max(0, i-300):min(len(log), i+100)])
			t.Errorf("trace log contains the secret %q", secret)
		}
	}
}

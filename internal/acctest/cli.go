package acctest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Helpers of the acceptance tests that look at Terraform from outside: run a
// real terraform CLI on the built provider binary rather than through
// terraform-plugin-testing (an interrupted apply; examples with for_each,
// whose state plugin-testing cannot read), or read its trace log.

// SourceBlock declares bestsms/bestsms, the provider a dev_overrides CLI
// configuration (DevOverrideProvider, CLIRunner) runs on either CLI, for
// the configurations of tests that run the CLI themselves.
const SourceBlock = `terraform {
  required_providers {
    bestsms = { source = "bestsms/bestsms" }
  }
}
`

// DevOverrideProvider builds the provider into dir/plugins and writes a CLI
// configuration that runs that binary for bestsms/bestsms on either CLI's
// registry host (dev_overrides: no init needed); it returns the
// configuration's path, for TF_CLI_CONFIG_FILE.
func DevOverrideProvider(t *testing.T, dir string) string {
	t.Helper()
	plugins := filepath.Join(dir, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-bestsms"), ".")
	build.Dir = RepoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(dir, "terraformrc")
	WriteFile(t, cliConfig, devOverrides(plugins))
	return cliConfig
}

// RepoRoot returns the repository's root (the directory of go.mod), found
// upwards from the test's working directory, its package's directory: tests
// of every package reach examples/ and the provider's main package the
// same way.
func RepoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}

func WriteFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// CheckTraceLog reads the trace log a test wrote (TF_ACC_LOG_PATH with
// TF_LOG=TRACE): it must hold every text of want, which shows that the
// traffic was logged, and none of secrets.
func CheckTraceLog(t *testing.T, logPath string, want []string, secrets ...string) {
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

// AcceptanceCLI returns the CLI of the acceptance tests (TF_ACC_TERRAFORM_PATH,
// else terraform on PATH), skipping the test without TF_ACC or, naming the
// CLI and the feature, when the CLI lacks one of features.
func AcceptanceCLI(t *testing.T, features ...Feature) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	PreCheck(t)
	SkipUnless(t, features...)
	return MustDetectCLI(t).Path
}

// versionLess compares "MAJOR.MINOR.PATCH" versions (a pre-release suffix
// is ignored).
func versionLess(a, b string) bool {
	parse := func(s string) (v [3]int) {
		core, _, _ := strings.Cut(s, "-")
		for i, p := range strings.SplitN(core, ".", 3) {
			fmt.Sscan(p, &v[i]) //nolint:errcheck // a part that is not a number counts as 0
		}
		return v
	}
	va, vb := parse(a), parse(b)
	for i := range va {
		if va[i] != vb[i] {
			return va[i] < vb[i]
		}
	}
	return false
}

// CLIRunner builds the provider into a temporary directory and returns a
// function that runs the terraform CLI in dir with a dev_overrides
// configuration for it, failing the test unless the exit code is want.
func CLIRunner(t *testing.T, tf, dir string) func(want int, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-bestsms"), "github.com/bestsms/terraform-provider-bestsms")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	WriteTestFile(t, rc, devOverrides(bin))
	ansi := regexp.MustCompile(`\x1b\[[0-9;]*m`)
	return func(want int, args ...string) string {
		t.Helper()
		cmd := exec.Command(tf, args...)
		cmd.Dir = dir
		cmd.Env = CLIConfigEnv(rc)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
		}
		text := ansi.ReplaceAllString(out.String(), "")
		if code != want {
			t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), code, want, text)
		}
		return text
	}
}

func WriteTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// ExpectNotStored fails the test when one of the files holds one of the
// secrets: a state file, a saved plan (a zip archive: every file in it is
// read, the configuration snapshot included) or any other file. Each file
// must exist, so that a renamed artifact cannot make the check pass.
func ExpectNotStored(t *testing.T, files []string, secrets ...string) {
	t.Helper()
	found, err := storedSecrets(files, secrets)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Error(f)
	}
}

// storedSecrets says which files (or files in a zip archive) hold which
// secrets.
func storedSecrets(files, secrets []string) ([]string, error) {
	var found []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		contents := map[string][]byte{f: raw}
		if zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw))); err == nil {
			for _, zf := range zr.File {
				b, err := readZipped(zf)
				if err != nil {
					return nil, fmt.Errorf("reading %s in %s: %w", zf.Name, f, err)
				}
				contents[f+":"+zf.Name] = b
			}
		}
		for name, b := range contents {
			for _, secret := range secrets {
				if bytes.Contains(b, []byte(secret)) {
					found = append(found, fmt.Sprintf("%s holds %q, which must never be stored", name, secret))
				}
			}
		}
	}
	slices.Sort(found)
	return found, nil
}

func readZipped(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close() //nolint:errcheck // read-only
	return io.ReadAll(rc)
}

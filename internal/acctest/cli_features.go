package acctest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The acceptance tests run on Terraform or on OpenTofu (TF_ACC_TERRAFORM_PATH
// names either). What a test needs of the CLI is a Feature; the CLI is
// found out once, by running it (`version`), never from the version the
// provider is told: OpenTofu 1.12 tells providers it is "Terraform 1.13.0".

// CLI is the command-line tool the acceptance tests run.
type CLI struct {
	Path     string
	OpenTofu bool   // OpenTofu rather than Terraform
	Version  string // as the CLI reports itself: "1.12.6"
}

// Name is "Terraform" or "OpenTofu".
func (c CLI) Name() string {
	if c.OpenTofu {
		return "OpenTofu"
	}
	return "Terraform"
}

func (c CLI) String() string { return c.Name() + " " + c.Version }

// Host is the registry host the CLI resolves a provider source without one
// ("bestsms/bestsms") to.
func (c CLI) Host() string {
	if c.OpenTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

var detected struct {
	once sync.Once
	cli  CLI
	err  error
}

// DetectCLI returns the CLI of the acceptance tests (TF_ACC_TERRAFORM_PATH,
// else terraform on PATH), found out by running its `version` command once
// per test binary.
func DetectCLI() (CLI, error) {
	detected.once.Do(func() {
		path := os.Getenv("TF_ACC_TERRAFORM_PATH")
		if path == "" {
			var err error
			if path, err = exec.LookPath("terraform"); err != nil {
				detected.err = fmt.Errorf("acceptance tests need the terraform CLI on PATH (or TF_ACC_TERRAFORM_PATH)")
				return
			}
		}
		cmd := exec.Command(path, "version")
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		if err != nil {
			detected.err = fmt.Errorf("%s version: %w", path, err)
			return
		}
		detected.cli, detected.err = parseCLIVersion(path, string(out))
	})
	return detected.cli, detected.err
}

// cliVersionLine is the line `terraform version` and `tofu version` print
// about themselves; OpenTofu may print a warning before it (on standard
// output), so it is looked for on every line.
var cliVersionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\d+\.\d+\.\d+\S*)\s*$`)

func parseCLIVersion(path, out string) (CLI, error) {
	m := cliVersionLine.FindStringSubmatch(out)
	if m == nil {
		return CLI{}, fmt.Errorf("%s version printed no \"Terraform vX.Y.Z\" or \"OpenTofu vX.Y.Z\" line:\n%s", path, out)
	}
	return CLI{Path: path, OpenTofu: m[1] == "OpenTofu", Version: m[2]}, nil
}

// MustDetectCLI is DetectCLI for a test: it fails the test when the CLI
// cannot be run.
func MustDetectCLI(t *testing.T) CLI {
	t.Helper()
	cli, err := DetectCLI()
	if err != nil {
		t.Fatal(err)
	}
	return cli
}

// Feature is something of the CLI a test needs, with the first version of
// each CLI that has it ("" for a CLI that has none).
type Feature struct {
	Name      string
	Terraform string
	OpenTofu  string
}

var (
	// Functions are provider-defined functions (provider::bestsms::…).
	Functions = Feature{Name: "provider functions", Terraform: "1.8.0", OpenTofu: "1.7.0"}
	// Ephemeral are ephemeral resources and ephemeral variables.
	Ephemeral = Feature{Name: "ephemeral resources", Terraform: "1.10.0", OpenTofu: "1.11.0"}
	// WriteOnly are write-only attributes, which take ephemeral values.
	WriteOnly = Feature{Name: "write-only attributes", Terraform: "1.11.0", OpenTofu: "1.11.0"}
	// Identity is resource identity and import by identity.
	Identity = Feature{Name: "resource identity", Terraform: "1.12.0", OpenTofu: "1.12.0"}
	// Actions are action blocks, action_trigger and apply -invoke.
	Actions = Feature{Name: "actions", Terraform: "1.14.0"}
	// ListResources are list resources and terraform query.
	ListResources = Feature{Name: "list resources (terraform query)", Terraform: "1.14.0"}
)

// Lacks says why cli cannot run a test needing f, or "" when it can. The
// reason starts with "OpenTofu has no …" for a feature OpenTofu lacks, and
// "Terraform CLI version … is below minimum version …" (plugin-testing's
// words) for one a newer version has: tools/testsummary groups skips by
// these words, and .ci/run allows only the first on OpenTofu.
func (f Feature) Lacks(cli CLI) string {
	since := f.Terraform
	if cli.OpenTofu {
		since = f.OpenTofu
		if since == "" {
			return fmt.Sprintf("OpenTofu has no %s (a Terraform feature OpenTofu %s lacks): skipping test", f.Name, cli.Version)
		}
	}
	if versionLess(cli.Version, since) {
		return fmt.Sprintf("%s CLI version %s is below minimum version %s for %s: skipping test", cli.Name(), cli.Version, since, f.Name)
	}
	return ""
}

// Requires is a plugin-testing version check that skips the test, naming
// the CLI and the feature, when the CLI lacks one of features.
func Requires(features ...Feature) tfversion.TerraformVersionCheck {
	return requiresCheck(features)
}

type requiresCheck []Feature

func (fs requiresCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli, err := DetectCLI()
	if err != nil {
		resp.Error = err
		return
	}
	for _, f := range fs {
		if why := f.Lacks(cli); why != "" {
			resp.Skip = why
			return
		}
	}
}

// SkipUnless skips t when the CLI lacks one of features, for tests that run
// the CLI themselves.
func SkipUnless(t *testing.T, features ...Feature) {
	t.Helper()
	cli := MustDetectCLI(t)
	for _, f := range features {
		if why := f.Lacks(cli); why != "" {
			t.Skip(why)
		}
	}
}

// ProviderSource is the source address the acceptance tests' provider is
// served at: what terraform-plugin-testing reattaches the in-process
// provider as (TF_ACC_PROVIDER_HOST, default registry.terraform.io;
// TF_ACC_PROVIDER_NAMESPACE, default hashicorp). Test configurations
// declare it (RequiredProviders), so that every step, import steps
// included, resolves the provider under test instead of asking a registry.
func ProviderSource() string {
	host, namespace := "registry.terraform.io", "hashicorp"
	if v := os.Getenv("TF_ACC_PROVIDER_HOST"); v != "" {
		host = strings.TrimSuffix(v, "/")
	}
	if v := os.Getenv("TF_ACC_PROVIDER_NAMESPACE"); v != "" {
		namespace = strings.TrimSuffix(v, "/")
	}
	return host + "/" + namespace + "/bestsms"
}

// RequiredProviders is the terraform block declaring ProviderSource.
func RequiredProviders() string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    bestsms = { source = %q }\n  }\n}\n", ProviderSource())
}

// CLIConfigEnv is the environment of a CLI the tests run themselves, with
// the CLI configuration file rc. Terraform warns on standard error about a
// TF_CLI_CONFIG_FILE that does not exist, OpenTofu on standard output,
// where it breaks parsing: tests always give one that exists.
func CLIConfigEnv(rc string) []string {
	return append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
}

// devOverrides is a CLI configuration that runs the provider binary in dir
// for bestsms/bestsms on the host of either CLI (no init needed).
func devOverrides(dir string) string {
	dir = filepath.ToSlash(dir)
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/bestsms/bestsms" = %q
    "registry.opentofu.org/bestsms/bestsms" = %q
  }
  direct {}
}
`, dir, dir)
}

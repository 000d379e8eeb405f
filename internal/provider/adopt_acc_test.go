package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestAccAdoptAddressBook is the adoption workflow of the guide, end to end
// through the real CLI (Terraform ≥ 1.14): an address book made through the
// mock, not Terraform, then `terraform query -generate-config-out`, and a
// plan that imports everything with nothing to add, change or destroy;
// after the apply, a plan without changes. plugin-testing has no step that
// generates configuration from a query, so the test runs the CLI itself,
// on a provider binary built from this module (dev_overrides).
func TestAccAdoptAddressBook(t *testing.T) {
	tf := acceptanceTerraform(t, "1.14.0")
	mock := newTestMock(t)
	ana, _, cleo, _, security := seedAddressBook(mock)
	if err := mock.AddMember(security.GroupID, cleo.ContactID); err != nil {
		t.Fatal(err)
	}
	if err := mock.AddMember(security.GroupID, ana.ContactID); err != nil {
		t.Fatal(err)
	}
	// A contact with every field, numbers in several spellings.
	mock.PutContact(mockapi.Contact{
		Attention: "Dee Full", Title: "Dr", Company: "Full Pty Ltd", RecipDepartment: "Ops", FirstName: "Dee",
		LastName: "Full", Position: "SRE", StreetAddress: "1 Main St", Suburb: "Carlton", City: "Melbourne",
		State: "VIC", Country: "Australia", Postcode: "3053", MainPhone: "(03) 9000 0000", AltPhone1: "+61 3 9000 0001",
		AltPhone2: "0390000002", DirectPhone: "+61390000003", MobilePhone: "0421 000 009", FaxNumber: "03 9000 0004",
		EmailAddress: "dee@example.com", WebAddress: "https://full.example", Custom1: "a", Custom2: "b", Custom3: "c",
		Custom4: "d", ViewBy: "SubAccount", EditBy: "No",
	})
	// 4 contacts, 2 groups, 4 memberships.
	const found = 4 + 2 + 4

	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "main.tf"), `terraform {
  required_providers {
    bestsms = { source = "bestsms/bestsms" }
  }
}
`+mock.providerConfig())
	writeTestFile(t, filepath.Join(dir, "adopt.tfquery.hcl"), `
list "bestsms_contact" "all" {
  provider         = bestsms
  include_resource = true
}
list "bestsms_group" "all" {
  provider         = bestsms
  include_resource = true
}
list "bestsms_group_membership" "all" {
  provider         = bestsms
  include_resource = true
}
`)
	run := cliRunner(t, tf, dir)

	out := run(0, "query", "-no-color", "-generate-config-out=generated.tf")
	for _, name := range []string{"Dee Full (+61421000009)", "Security (SEC_IR)", "Ana Lima (+61421000001) in Security (SEC_IR)"} {
		if !strings.Contains(out, name) {
			t.Errorf("terraform query does not show %q:\n%s", name, out)
		}
	}
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(generated), "\nimport {"); n != found {
		t.Errorf("generated.tf has %d import blocks, want %d:\n%s", n, found, generated)
	}

	out = run(2, "plan", "-no-color", "-detailed-exitcode", "-out=adopt.tfplan")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", found); !strings.Contains(out, want) {
		t.Fatalf("plan of the generated configuration: want %q in\n%s", want, out)
	}
	run(0, "apply", "-no-color", "adopt.tfplan")
	out = run(0, "plan", "-no-color", "-detailed-exitcode")
	if !strings.Contains(out, "No changes.") {
		t.Errorf("the plan after the import is not empty:\n%s", out)
	}
}

// acceptanceTerraform returns the terraform CLI of the acceptance tests
// (TF_ACC_TERRAFORM_PATH, else the one on PATH), skipping the test without
// TF_ACC or, with plugin-testing's message, when the CLI is older than minVersion.
func acceptanceTerraform(t *testing.T, minVersion string) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	testAccPreCheck(t)
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		tf, _ = exec.LookPath("terraform")
	}
	cmd := exec.Command(tf, "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", tf, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s version -json: %v", tf, err)
	}
	if versionLess(v.Version, minVersion) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", v.Version, minVersion)
	}
	return tf
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

// cliRunner builds the provider into a temporary directory and returns a
// function that runs the terraform CLI in dir with a dev_overrides
// configuration for it, failing the test unless the exit code is want.
func cliRunner(t *testing.T, tf, dir string) func(want int, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-bestsms"), "github.com/bestsms/terraform-provider-bestsms")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	writeTestFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/bestsms/bestsms", filepath.ToSlash(bin)))
	ansi := regexp.MustCompile(`\x1b\[[0-9;]*m`)
	return func(want int, args ...string) string {
		t.Helper()
		cmd := exec.Command(tf, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
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

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

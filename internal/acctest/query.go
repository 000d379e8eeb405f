package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Tests of the list resources through a Terraform ≥ 1.14 CLI (terraform
// query): a plugin-testing case, and the whole adoption workflow run with
// the CLI itself (plugin-testing has no step that generates configuration
// from a query).

// QueryTestCase is a test case whose first step only configures the
// provider (terraform query needs an initialised configuration; the query
// file uses its provider block) and whose second step runs the query.
func QueryTestCase(t *testing.T, mock *Mock, query string, checks ...querycheck.QueryResultCheck) resource.TestCase {
	return resource.TestCase{
		PreCheck:                 func() { PreCheck(t) },
		ProtoV6ProviderFactories: ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{Requires(ListResources)},
		Steps: []resource.TestStep{
			{Config: mock.ProviderConfig()},
			{Query: true, Config: query, QueryResultChecks: checks},
		},
	}
}

// AdoptByQuery runs the adoption workflow with the CLI tf (one with list
// resources: AcceptanceCLI(t, ListResources))
// on a provider built from this module, in a new directory holding the
// mock's provider block and the list blocks query: `terraform query
// -generate-config-out`, whose output must name every one of names and
// whose generated configuration must hold n import blocks; a plan of it,
// which must import n objects and do nothing else; its apply; and a plan
// that must be empty.
func AdoptByQuery(t *testing.T, tf string, mock *Mock, query string, n int, names ...string) {
	t.Helper()
	dir := t.TempDir()
	WriteTestFile(t, filepath.Join(dir, "main.tf"), `terraform {
  required_providers {
    bestsms = { source = "bestsms/bestsms" }
  }
}
`+mock.ProviderBlock())
	WriteTestFile(t, filepath.Join(dir, "adopt.tfquery.hcl"), query)
	run := CLIRunner(t, tf, dir)

	out := run(0, "query", "-no-color", "-generate-config-out=generated.tf")
	for _, name := range names {
		if !strings.Contains(out, name) {
			t.Errorf("terraform query does not show %q:\n%s", name, out)
		}
	}
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(generated), "\nimport {"); got != n {
		t.Errorf("generated.tf has %d import blocks, want %d:\n%s", got, n, generated)
	}

	out = run(2, "plan", "-no-color", "-detailed-exitcode", "-out=adopt.tfplan")
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", n); !strings.Contains(out, want) {
		t.Fatalf("plan of the generated configuration: want %q in\n%s", want, out)
	}
	run(0, "apply", "-no-color", "adopt.tfplan")
	out = run(0, "plan", "-no-color", "-detailed-exitcode")
	if !strings.Contains(out, "No changes.") {
		t.Errorf("the plan after the import is not empty:\n%s", out)
	}
}

package provider_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// Lists and groups of thousands as a user meets them, through the terraform
// CLI (plugin-testing sees neither warnings nor diagnostic details): every
// mistake of a list in one plan, and deletions named in warnings.

// planDiagnostic is a diagnostic of `terraform plan -json`.
type planDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
}

// planDiagnostics reads the diagnostics of `terraform plan -json` output,
// but for the warning of the dev_overrides the tests run the provider with.
func planDiagnostics(t *testing.T, out string) []planDiagnostic {
	t.Helper()
	var diags []planDiagnostic
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for sc.Scan() {
		var line struct {
			Type       string         `json:"type"`
			Diagnostic planDiagnostic `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Type == "diagnostic" &&
			line.Diagnostic.Summary != "Provider development overrides are in effect" {
			diags = append(diags, line.Diagnostic)
		}
	}
	return diags
}

func diagnosticsText(diags []planDiagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s (%s): %s\n", d.Severity, d.Summary, d.Address, d.Detail)
	}
	return b.String()
}

// cliConfig is a configuration of the provider against mock, for the CLI.
func cliConfig(mock *acctest.Mock, extra ...string) string {
	return "terraform {\n  required_providers {\n    bestsms = { source = \"bestsms/bestsms\" }\n  }\n}\n\n" +
		mock.ProviderBlock(extra...)
}

// One plan reports every bad entry of a list, each naming its entry and
// attribute: the checks that need default_country (a New Zealand number
// written nationally, in a list whose default_country is AU) run together
// with the others, where before a plan stopped at the first kind of
// mistake. A blank phone number means "not set": a warning, since the
// contact would get no SMS. Nothing reaches the API.
func TestAccContactListMistakesInOnePlan(t *testing.T) {
	tf := acctest.AcceptanceCLI(t)
	t.Parallel()
	mock := acctest.NewMock(t)
	dir := t.TempDir()
	acctest.WriteTestFile(t, filepath.Join(dir, "main.tf"), cliConfig(mock, `default_country = "AU"`)+`
locals {
  staff = csvdecode(<<-CSV
    id,name,mobile,email
    E1001,Ana Lima,0421 000 001,ana.lima@example.com
    E1002,Bao Smith,,bao.smith@example.com
    E1003,Chloe Brown,04two1 000 003,chloe.brown@example.com
    E1004,Dev Patel,021 555 123,dev.patel@example.com
    E1005,Isla Scott,0421 000 005,isla.scott2.example.com
    E1006,Jack Kelly,0421 000 006,
  CSV
  )
}

resource "bestsms_contact_list" "staff" {
  contacts = {
    for s in local.staff : s.id => {
      attention     = s.name
      mobile_phone  = s.mobile
      email_address = s.email
    }
  }
}
`)
	run := acctest.CLIRunner(t, tf, dir)
	diags := planDiagnostics(t, run(1, "plan", "-json", "-input=false"))

	want := []struct{ severity, summary, prefix string }{
		{"warning", "Contact Without Phone Number", `Entry "E1002", mobile_phone: blank`},
		{"error", "Invalid Phone Number", `Entry "E1003", mobile_phone: `},
		{"error", "Invalid Phone Number", `Entry "E1004", mobile_phone: "021 555 123" is not a valid`},
		{"error", "Invalid E-mail Address", `Entry "E1005", email_address: "isla.scott2.example.com" is not an e-mail address`},
	}
	for _, w := range want {
		if !slices.ContainsFunc(diags, func(d planDiagnostic) bool {
			return d.Severity == w.severity && d.Summary == w.summary && strings.HasPrefix(d.Detail, w.prefix) &&
				d.Address == "bestsms_contact_list.staff"
		}) {
			t.Errorf("the plan has no %s %q starting %q at bestsms_contact_list.staff; it reported:\n%s",
				w.severity, w.summary, w.prefix, diagnosticsText(diags))
		}
	}
	if len(diags) != len(want) {
		t.Errorf("the plan reported %d diagnostics, want %d (E1001 is right, and E1006's blank e-mail is not set):\n%s",
			len(diags), len(want), diagnosticsText(diags))
	}
	if n := len(mock.Contacts()); n != 0 {
		t.Errorf("the mock holds %d contacts after a failed plan", n)
	}
	for route := range mock.Stats().Routes {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("the plan wrote to the API: %s", route)
		}
	}
}

// Removing 3 entries of a list and 2 members of a group plans with a
// warning for each resource that counts and names them: Terraform's own
// summary counts both as updates ("2 to change, 0 to destroy").
func TestAccPlanWarnsOfDeletions(t *testing.T) {
	tf := acctest.AcceptanceCLI(t)
	t.Parallel()
	mock := acctest.NewMock(t)
	dir := t.TempDir()
	config := func(entries, members []int) string {
		var list, ids strings.Builder
		for _, i := range entries {
			fmt.Fprintf(&list, "    p%d = { attention = \"Person %d\", mobile_phone = \"+6142100000%d\" }\n", i, i, i)
		}
		for _, i := range members {
			fmt.Fprintf(&ids, "bestsms_contact_list.staff.contact_ids[\"p%d\"], ", i)
		}
		return cliConfig(mock) + fmt.Sprintf(`
resource "bestsms_contact_list" "staff" {
  contacts = {
%s  }
}

resource "bestsms_group" "team" {
  name = "Night Shift"
}

resource "bestsms_group_members" "team" {
  group_id    = bestsms_group.team.id
  contact_ids = [%s]
}
`, list.String(), ids.String())
	}
	main := filepath.Join(dir, "main.tf")
	acctest.WriteTestFile(t, main, config([]int{1, 2, 3, 4, 5, 6}, []int{1, 2, 3}))
	run := acctest.CLIRunner(t, tf, dir)
	run(0, "apply", "-auto-approve", "-input=false", "-no-color")
	removed := map[string]mockapi.Contact{}
	for _, c := range mock.Contacts() {
		if c.Attention == "Person 1" || c.Attention == "Person 2" {
			removed[c.Attention] = c
		}
	}

	acctest.WriteTestFile(t, main, config([]int{1, 2, 3}, []int{3}))
	out := run(2, "plan", "-json", "-input=false", "-detailed-exitcode")
	diags := planDiagnostics(t, out)
	if !strings.Contains(out, `"changes":{"add":0,"change":2,"import":0,"remove":0`) {
		t.Errorf("the plan's summary is not 2 to change and 0 to destroy:\n%s", out)
	}
	find := func(summary, address string) string {
		for _, d := range diags {
			if d.Severity == "warning" && d.Summary == summary && d.Address == address {
				return d.Detail
			}
		}
		t.Errorf("no warning %q at %s in:\n%s", summary, address, diagnosticsText(diags))
		return ""
	}
	list := find("Contacts Deleted", "bestsms_contact_list.staff") // the summaries CI checks look for
	for _, want := range []string{"deletes 3 contacts", `"p4" (Person 4), "p5" (Person 5), "p6" (Person 6)`} {
		if !strings.Contains(list, want) {
			t.Errorf("the list's warning lacks %q: %s", want, list)
		}
	}
	group := find("Group Members Removed", "bestsms_group_members.team")
	for _, want := range []string{`removes 2 members from group "Night Shift" (code Night_Shift, group_id `,
		"Person 1 (+61421000001) [" + removed["Person 1"].ContactID + "]",
		"Person 2 (+61421000002) [" + removed["Person 2"].ContactID + "]"} {
		if !strings.Contains(group, want) {
			t.Errorf("the group's warning lacks %q: %s", want, group)
		}
	}
	if len(diags) != 2 {
		t.Errorf("want the two warnings only, got:\n%s", diagnosticsText(diags))
	}
}

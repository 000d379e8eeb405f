package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Figure 7: a group roster of N members (one bestsms_group_members), its
// no-change plan and an update of 10 members, next to the contact list of
// the same N people; and the large-contact-lists guide's example
// (examples/contact-list) with a CSV of -example-staff rows, as a user
// runs it: the first plan's output, the first apply, the no-change plan of
// the whole configuration and the removal of 10 people.

const (
	defaultRosterNs = "300,1000,3000,10000"
	rosterChanged   = 10 // members removed by the roster's update, entries changed by the list's
	// Targets of the lists-and-groups issue; reported, never asserted.
	targetRosterN          = 3000
	targetRosterBaseN      = 300
	targetRosterRatio      = 12.0 // no-change plan at targetRosterN over targetRosterBaseN
	targetRosterPlan       = 5.0  // s, no-change plan at targetRosterN
	targetRosterUpdate     = 5.0  // s, update of 10 members at targetRosterN
	defaultExampleStaff    = 3000
	targetExamplePlan      = 10.0 // s, no-change plan of the guide's example
	exampleDepartments     = 8
	examplePeopleRemoved   = 10
	exampleDefaultRateNote = "at the provider's default max_requests_per_second (10)"
)

// RosterResult is figure 7 for one N.
type RosterResult struct {
	N int `json:"n"`
	// The contact list of N people, created fresh (the mock emptied), its
	// no-change plan, and an apply that changes rosterChanged entries.
	ListApply  Sample `json:"list_apply"`
	ListPlan   Sample `json:"list_plan"`
	ListUpdate Sample `json:"list_update"`
	// A group and its roster of the list's N contacts (ids read from a
	// file, so that the roster's runs refresh nothing but the group and
	// the roster): the apply that creates it, its no-change plan, and an
	// apply that removes rosterChanged members.
	RosterApply  Sample `json:"roster_apply"`
	RosterPlan   Sample `json:"roster_plan"`
	RosterUpdate Sample `json:"roster_update"`
}

// ExampleResult is figure 7's run of the guide's example.
type ExampleResult struct {
	Staff int `json:"staff"`
	// FirstPlan is the plan before the first apply; its output's size.
	FirstPlan      Sample `json:"first_plan"`
	FirstPlanBytes int    `json:"first_plan_output_bytes"`
	FirstPlanLines int    `json:"first_plan_output_lines"`
	// Apply is the first apply; DefaultRate says whether at the default
	// max_requests_per_second (else with no limit).
	Apply       Sample `json:"apply"`
	DefaultRate bool   `json:"apply_default_rate,omitempty"`
	// Plan is the no-change plan of the whole configuration, at the
	// default rate, as a user runs it.
	Plan Sample `json:"plan"`
	// Remove is the apply that removes examplePeopleRemoved rows of the
	// CSV (default rate); RemovePlanLines the size of its plan's output.
	Remove          Sample `json:"remove_apply"`
	RemovePlanLines int    `json:"remove_plan_output_lines"`
}

// measureRoster takes figure 7 for one N.
func (b *bench) measureRoster(n int) (*RosterResult, error) {
	listDir, rosterDir := filepath.Join(b.work, fmt.Sprintf("roster-list-n%d", n)), filepath.Join(b.work, fmt.Sprintf("roster-n%d", n))
	if err := writeConfig(listDir, n, kindContactList); err != nil {
		return nil, err
	}
	if err := appendFile(filepath.Join(listDir, "main.tf"), "\noutput \"ids\" {\n  value = bestsms_contact_list.people.contact_ids\n}\n"); err != nil {
		return nil, err
	}
	if err := writeRosterConfig(rosterDir); err != nil {
		return nil, err
	}
	for _, dir := range []string{listDir, rosterDir} {
		if _, err := b.init(dir); err != nil {
			return nil, err
		}
	}
	r := &RosterResult{N: n}
	var err error
	if r.ListApply, err = b.apply(listDir, b.mock, nil); err != nil {
		return nil, err
	}
	ids, err := b.outputIDs(listDir)
	if err != nil {
		return nil, err
	}
	if err := writeIDs(rosterDir, ids); err != nil {
		return nil, err
	}
	if r.ListPlan, err = b.plan(listDir, nil); err != nil {
		return nil, err
	}
	if r.RosterApply, err = b.applyAgain(rosterDir); err != nil {
		return nil, err
	}
	if r.RosterPlan, err = b.plan(rosterDir, nil); err != nil {
		return nil, err
	}
	if err := writeIDs(rosterDir, ids[rosterChanged:]); err != nil {
		return nil, err
	}
	if r.RosterUpdate, err = b.applyAgain(rosterDir); err != nil {
		return nil, err
	}
	if err := writePeople(listDir, changePeople(people(n), rosterChanged)); err != nil {
		return nil, err
	}
	if r.ListUpdate, err = b.applyAgain(listDir); err != nil {
		return nil, err
	}
	logf("roster N=%d: roster plan %.2fs (%d requests), update of %d members %.2fs %v; list plan %.2fs, update %.2fs",
		n, r.RosterPlan.Seconds, r.RosterPlan.Requests, rosterChanged, r.RosterUpdate.Seconds, r.RosterUpdate.Routes,
		r.ListPlan.Seconds, r.ListUpdate.Seconds)
	return r, nil
}

// writeRosterConfig writes the roster's configuration: a group and its
// members, the ids from ids.json.
func writeRosterConfig(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(providerPreamble(true)+`
resource "bestsms_group" "everybody" {
  name = "Everybody"
}

resource "bestsms_group_members" "everybody" {
  group_id    = bestsms_group.everybody.id
  contact_ids = jsondecode(file("${path.module}/ids.json"))
}
`), 0o644)
}

// outputIDs reads the list's contact ids (output "ids"), sorted by key.
func (b *bench) outputIDs(dir string) ([]string, error) {
	out, err := b.output(dir, "ids")
	if err != nil {
		return nil, err
	}
	var byKey map[string]string
	if err := json.Unmarshal(out, &byKey); err != nil {
		return nil, fmt.Errorf("terraform output ids: %w", err)
	}
	ids := make([]string, 0, len(byKey))
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		ids = append(ids, byKey[k])
	}
	return ids, nil
}

// output runs terraform output -json name in dir.
func (b *bench) output(dir, name string) ([]byte, error) {
	if _, _, err := b.terraform(dir, b.mock, nil, nil, "output", "-no-color", "-json", name); err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(dir, "terraform-output.log"))
}

func writeIDs(dir string, ids []string) error {
	data, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "ids.json"), data, 0o644)
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// staffCSV writes the guide example's staff.csv with n people in
// exampleDepartments departments.
func staffCSV(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"employee_id", "first_name", "last_name", "mobile", "email", "department"})
	departments := []string{"Operations", "Engineering", "Sales", "Finance", "People", "Legal", "Support", "Facilities"}
	for i := 1; i <= n; i++ {
		first := firstNames[(i-1)%len(firstNames)]
		last := lastNames[((i-1)/len(firstNames)+(i-1))%len(lastNames)]
		_ = w.Write([]string{fmt.Sprintf("E%05d", i), first, last,
			fmt.Sprintf("0421 %03d %03d", (i/1000)%1000, i%1000), // national AU mobiles
			fmt.Sprintf("%s.%s.%05d@example.com", strings.ToLower(first), strings.ToLower(last), i),
			departments[(i-1)%exampleDepartments]})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// measureExample runs the guide's example with n staff: the configuration
// of examples/contact-list as it is, a generated staff.csv.
func (b *bench) measureExample(n int) (*ExampleResult, error) {
	dir := filepath.Join(b.work, "guide-example")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	mainTF, err := os.ReadFile(filepath.Join(b.root, "examples", "contact-list", "main.tf"))
	if err != nil {
		return nil, err
	}
	// The mirror holds the provider as providerVersion: the example's
	// constraint (~> 0.1) takes it.
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), mainTF, 0o644); err != nil {
		return nil, err
	}
	csvPath := filepath.Join(dir, "staff.csv")
	if err := staffCSV(csvPath, n); err != nil {
		return nil, err
	}
	if _, err := b.init(dir); err != nil {
		return nil, err
	}
	if err := b.mock.post("/_mock/reset"); err != nil {
		return nil, err
	}
	r := &ExampleResult{Staff: n, DefaultRate: b.o.exampleDefaultRate}
	if r.FirstPlan, _, err = b.terraform(dir, b.mock, nil, nil, "plan", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	st, err := b.mock.stats()
	if err != nil {
		return nil, err
	}
	r.FirstPlan.Requests, r.FirstPlan.Routes = st.Total, st.Routes
	r.FirstPlanBytes, r.FirstPlanLines = logSize(filepath.Join(dir, "terraform-plan.log"))
	var limit []string
	if !b.o.exampleDefaultRate {
		limit = []string{"BESTSMS_MAX_REQUESTS_PER_SECOND=0"}
	}
	if r.Apply, err = b.applyAgainWith(dir, limit); err != nil {
		return nil, err
	}
	logf("guide example, %d staff: first plan output %d lines; apply %.2fs, %d requests", n, r.FirstPlanLines, r.Apply.Seconds, r.Apply.Requests)
	if r.Plan, err = b.plan(dir, nil); err != nil {
		return nil, err
	}
	rows, err := os.ReadFile(csvPath)
	if err != nil {
		return nil, err
	}
	lines := strings.SplitAfter(string(rows), "\n")
	kept := append(lines[:1:1], lines[1+examplePeopleRemoved:]...) // the header, without the first 10 people
	if err := os.WriteFile(csvPath, []byte(strings.Join(kept, "")), 0o644); err != nil {
		return nil, err
	}
	if _, _, err := b.terraform(dir, b.mock, nil, []int{2}, "plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		return nil, err
	}
	_, r.RemovePlanLines = logSize(filepath.Join(dir, "terraform-plan.log"))
	if r.Remove, err = b.applyAgainWith(dir, nil); err != nil {
		return nil, err
	}
	logf("guide example: no-change plan %.2fs (%d requests); removing %d people %.2fs %v", r.Plan.Seconds, r.Plan.Requests,
		examplePeopleRemoved, r.Remove.Seconds, r.Remove.Routes)
	return r, nil
}

// logSize is the size of a command's output: bytes and lines.
func logSize(path string) (int, int) {
	data, _ := os.ReadFile(path)
	return len(data), strings.Count(string(data), "\n")
}

// ---- the table ----

func rosterByN(rep *Report, n int) *RosterResult {
	for _, r := range rep.Roster {
		if r.N == n {
			return r
		}
	}
	return nil
}

// rosterTable is README.md's figure 7.
func rosterTable(rep *Report) string {
	if len(rep.Roster) == 0 && rep.Example == nil {
		return "Figure 7 was not measured in this run (`-figures` without 7, or a run from before figure 7): " +
			"`make bench` measures it.\n"
	}
	var w strings.Builder
	if len(rep.Roster) > 0 {
		cols := []string{"#", "Measure"}
		for _, r := range rep.Roster {
			cols = append(cols, fmt.Sprintf("N = %d", r.N))
		}
		cols = append(cols, "Target", "Result")
		w.WriteString("| " + strings.Join(cols, " | ") + " |\n|" + strings.Repeat("---|", len(cols)) + "\n")
		row := func(name string, cell func(r *RosterResult) string, target, result string) {
			cells := []string{"7", name}
			for _, r := range rep.Roster {
				cells = append(cells, cell(r))
			}
			w.WriteString("| " + strings.Join(append(cells, target, result), " | ") + " |\n")
		}
		timed := func(s func(r *RosterResult) Sample, bold bool) func(r *RosterResult) string {
			return func(r *RosterResult) string {
				x := s(r)
				text := fmt.Sprintf("%.2f s", x.Seconds)
				if bold {
					text = "**" + text + "**"
				}
				return fmt.Sprintf("%s (%d requests, provider CPU %.2f s)", text, x.Requests, x.ProviderCPU)
			}
		}
		row("no-change `terraform plan` of one `bestsms_group_members` of N members (and its group)",
			timed(func(r *RosterResult) Sample { return r.RosterPlan }, true),
			fmt.Sprintf("N = %d: ≤ %.0f × N = %d, and < %.0f s", targetRosterN, targetRosterRatio, targetRosterBaseN, targetRosterPlan),
			rosterPlanVerdict(rep))
		row("… the same for one `bestsms_contact_list` of the same N people",
			timed(func(r *RosterResult) Sample { return r.ListPlan }, false), "—", "for comparison")
		row(fmt.Sprintf("`terraform apply` removing %d members (refresh + update)", rosterChanged),
			timed(func(r *RosterResult) Sample { return r.RosterUpdate }, true),
			fmt.Sprintf("< %.0f s for N = %d", targetRosterUpdate, targetRosterN), rosterUpdateVerdict(rep))
		row("… API requests by route", func(r *RosterResult) string { return routesText(r.RosterUpdate.Routes) },
			fmt.Sprintf("%d × `DELETE`, nothing else written", rosterChanged), rosterWritesVerdict(rep))
		row(fmt.Sprintf("… the list: `terraform apply` changing %d entries", rosterChanged),
			timed(func(r *RosterResult) Sample { return r.ListUpdate }, false), "—", "for comparison")
		row("`terraform apply` creating the roster (N member adds, `max_requests_per_second = 0`)",
			timed(func(r *RosterResult) Sample { return r.RosterApply }, false), "—", "informational")
		row("peak RSS over the roster's runs: provider / terraform", func(r *RosterResult) string {
			tf := int64(0)
			for _, s := range []Sample{r.RosterApply, r.RosterPlan, r.RosterUpdate} {
				tf = max(tf, s.TerraformRSSBytes)
			}
			return fmt.Sprintf("%.1f / %.1f MiB", mib(maxRSS([]Sample{r.RosterApply, r.RosterPlan, r.RosterUpdate})), mib(tf))
		}, "—", "informational")
	}
	if e := rep.Example; e != nil {
		if len(rep.Roster) > 0 {
			w.WriteString("\n")
		}
		fmt.Fprintf(&w, "| # | The guide's example (`examples/contact-list`) with %d staff in %d departments | Measured | Target | Result |\n|---|---|---|---|---|\n",
			e.Staff, exampleDepartments)
		rate := "no client-side limit; at the default 10 requests/s it takes requests ÷ 10 s"
		if e.DefaultRate {
			rate = exampleDefaultRateNote
		}
		fmt.Fprintf(&w, "| 7 | first `terraform plan` (every entry shown) | %.2f s, %d requests, output %d lines (%.1f MiB) | — | informational |\n",
			e.FirstPlan.Seconds, e.FirstPlan.Requests, e.FirstPlanLines, float64(e.FirstPlanBytes)/(1<<20))
		fmt.Fprintf(&w, "| 7 | first `terraform apply` (%s) | %.2f s, %d requests: %s | — | informational |\n",
			rate, e.Apply.Seconds, e.Apply.Requests, routesText(e.Apply.Routes))
		fmt.Fprintf(&w, "| 7 | no-change `terraform plan` of the whole configuration (%s) | **%.2f s** (%d requests, provider CPU %.2f s) | < %.0f s | %s |\n",
			exampleDefaultRateNote, e.Plan.Seconds, e.Plan.Requests, e.Plan.ProviderCPU, targetExamplePlan, verdict(e.Plan.Seconds < targetExamplePlan))
		fmt.Fprintf(&w, "| 7 | `terraform apply` after removing %d people from the CSV (%s; its plan's output: %d lines) | %.2f s: %s | — | informational |\n",
			examplePeopleRemoved, exampleDefaultRateNote, e.RemovePlanLines, e.Remove.Seconds, routesText(e.Remove.Routes))
	}
	return w.String()
}

func rosterPlanVerdict(rep *Report) string {
	base, at := rosterByN(rep, targetRosterBaseN), rosterByN(rep, targetRosterN)
	if base == nil || at == nil || base.RosterPlan.Seconds <= 0 {
		return fmt.Sprintf("not measured (N = %d and %d not both run)", targetRosterBaseN, targetRosterN)
	}
	ratio := at.RosterPlan.Seconds / base.RosterPlan.Seconds
	return fmt.Sprintf("%.1f ×, %.2f s: %s", ratio, at.RosterPlan.Seconds,
		verdict(ratio <= targetRosterRatio && at.RosterPlan.Seconds < targetRosterPlan))
}

func rosterUpdateVerdict(rep *Report) string {
	at := rosterByN(rep, targetRosterN)
	if at == nil {
		return fmt.Sprintf("not measured (N = %d not run)", targetRosterN)
	}
	return verdict(at.RosterUpdate.Seconds < targetRosterUpdate)
}

// rosterWritesVerdict: every roster update wrote exactly rosterChanged
// membership removals and nothing else.
func rosterWritesVerdict(rep *Report) string {
	const removal = "DELETE addressbook/contact/{id}/group/{group}"
	for _, r := range rep.Roster {
		for route, count := range r.RosterUpdate.Routes {
			if !strings.HasPrefix(route, "GET ") && (route != removal || count != rosterChanged) {
				return verdict(false)
			}
		}
		if r.RosterUpdate.Routes[removal] != rosterChanged {
			return verdict(false)
		}
	}
	return verdict(true)
}

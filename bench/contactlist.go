package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Figure 5: a contact list of N people as one bestsms_contact_list resource
// (apply, no-change plan, an update of a few entries), next to the same
// people as N bestsms_contact resources with for_each.

// updatedEntries is how many entries the update run of figure 5 changes.
const updatedEntries = 10

// measureList takes figure 5 for one bestsms_contact_list of n entries.
func (b *bench) measureList(n int) (*ListResult, error) {
	dir := filepath.Join(b.work, fmt.Sprintf("list-n%d", n))
	if err := writeConfig(dir, n, kindContactList); err != nil {
		return nil, err
	}
	if _, err := b.init(dir); err != nil {
		return nil, err
	}
	r := &ListResult{N: n}
	var err error
	if r.Apply, err = b.apply(dir, b.mock, nil); err != nil {
		return nil, err
	}
	logf("list N=%d: apply %.2fs, %d requests, provider peak RSS %.1f MiB", n, r.Apply.Seconds, r.Apply.Requests, mib(r.Apply.PeakRSSBytes))
	if r.Plan, err = b.plan(dir, nil); err != nil {
		return nil, err
	}
	logf("list N=%d: no-change plan %.2fs, %d requests %v", n, r.Plan.Seconds, r.Plan.Requests, r.Plan.Routes)
	if err := writePeople(dir, changePeople(people(n), updatedEntries)); err != nil {
		return nil, err
	}
	if r.Update, err = b.applyAgain(dir); err != nil {
		return nil, err
	}
	logf("list N=%d: update of %d entries %.2fs, %d requests %v", n, updatedEntries, r.Update.Seconds, r.Update.Requests, r.Update.Routes)
	return r, nil
}

// measureForEach takes figure 5's for_each comparison for n: the median
// contact apply of figure 1 when this run measured that N, else one apply.
func (b *bench) measureForEach(n int, fig1 []*Result) (*ForEachResult, error) {
	for _, r := range fig1 {
		if r.N == n && len(r.ContactApply) > 0 {
			return &ForEachResult{N: n, Seconds: median(r.ContactApply), FromFigure1: true}, nil
		}
	}
	dir := filepath.Join(b.work, fmt.Sprintf("foreach-n%d", n))
	if err := writeConfig(dir, n, kindContacts); err != nil {
		return nil, err
	}
	if _, err := b.init(dir); err != nil {
		return nil, err
	}
	s, err := b.apply(dir, b.mock, nil)
	if err != nil {
		return nil, err
	}
	logf("for_each N=%d: apply %.2fs, %d requests", n, s.Seconds, s.Requests)
	return &ForEachResult{N: n, Seconds: s.Seconds, Apply: &s}, nil
}

// applyAgain applies on top of the existing state and mock (statistics
// zeroed first), for the update run.
func (b *bench) applyAgain(dir string) (Sample, error) { return b.applyAgainWith(dir, nil) }

// applyAgainWith is applyAgain with extra environment variables.
func (b *bench) applyAgainWith(dir string, extra []string) (Sample, error) {
	if err := b.mock.post("/_mock/stats/reset"); err != nil {
		return Sample{}, err
	}
	s, _, err := b.terraform(dir, b.mock, extra, nil, "apply", "-auto-approve", "-input=false", "-no-color",
		fmt.Sprintf("-parallelism=%d", b.o.parallelism))
	if err != nil {
		return s, err
	}
	st, err := b.mock.stats()
	if err != nil {
		return s, err
	}
	s.Requests, s.Routes = st.Total, st.Routes
	return s, nil
}

// changePeople gives the first k people (in key order) a new e-mail
// address.
func changePeople(ps map[string]person, k int) map[string]person {
	keys := make([]string, 0, len(ps))
	for key := range ps {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys[:min(k, len(keys))] {
		p := ps[key]
		p.EmailAddress = strings.Replace(p.EmailAddress, "@example.com", "@example.org", 1)
		ps[key] = p
	}
	return ps
}

func writePeople(dir string, ps map[string]person) error {
	data, err := json.MarshalIndent(ps, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "people.json"), data, 0o644)
}

// ---- the figures ----

// ListResult is figure 5 for one N.
type ListResult struct {
	N int `json:"n"`
	// Apply is terraform apply of one bestsms_contact_list of N entries:
	// fresh state, emptied mock.
	Apply Sample `json:"apply"`
	// Plan is the refreshing terraform plan right after, which must find
	// nothing to change.
	Plan Sample `json:"plan"`
	// Update is terraform apply after updatedEntries entries changed.
	Update Sample `json:"update"`
}

// ForEachResult is the for_each comparison of figure 5 for one N.
type ForEachResult struct {
	N int `json:"n"`
	// Seconds is the apply's wall time (the median of figure 1's contact
	// applies when FromFigure1).
	Seconds     float64 `json:"seconds"`
	FromFigure1 bool    `json:"from_figure_1,omitempty"`
	Apply       *Sample `json:"apply,omitempty"`
}

// Targets of figure 5 (the contact list issue); reported, never asserted.
const (
	targetListN           = 10000 // N the list targets are stated for
	targetListApply       = 60.0  // s, apply of N entries
	targetListPlan        = 10.0  // s, no-change plan
	targetListPlanReqs    = 120   // requests of that plan
	targetListRSSMiB      = 150.0 // provider peak RSS
	targetSpeedupN        = 2000  // N the speed-up target is stated for
	targetSpeedup         = 10.0  // for_each apply / list apply
	defaultListNs         = "1000,2000,5000,10000"
	defaultForEachNs      = "1000,2000"
	forEachTooLongMessage = "not measured: Terraform's cost per resource grows with N (4,000 terraform_data took 334 s on 2 cores), so for_each beyond 2,000 takes too long for the benchmark"
)

// peakRSS of a list N: the largest of its three runs.
func (r *ListResult) peakRSS() int64 { return maxRSS([]Sample{r.Apply, r.Plan, r.Update}) }

func listByN(rep *Report, n int) *ListResult {
	for _, r := range rep.ContactList {
		if r.N == n {
			return r
		}
	}
	return nil
}

func forEachByN(rep *Report, n int) *ForEachResult {
	for _, r := range rep.ForEach {
		if r.N == n {
			return r
		}
	}
	return nil
}

// listTable is README.md's figure 5: one column per N measured with the
// list or with for_each.
func listTable(rep *Report) string {
	if len(rep.ContactList) == 0 {
		return "Figure 5 was not measured in this run (`-figures` without 5, or a run from before figure 5): " +
			"`make bench` measures it.\n"
	}
	var ns []int
	for _, r := range rep.ContactList {
		ns = append(ns, r.N)
	}
	for _, r := range rep.ForEach {
		ns = append(ns, r.N)
	}
	slices.Sort(ns)
	ns = slices.Compact(ns)

	var w strings.Builder
	cols := []string{"#", "Measure"}
	for _, n := range ns {
		cols = append(cols, fmt.Sprintf("N = %d", n))
	}
	cols = append(cols, "Target", "Result")
	w.WriteString("| " + strings.Join(cols, " | ") + " |\n|" + strings.Repeat("---|", len(cols)) + "\n")
	row := func(name string, cell func(n int) string, target, result string) {
		cells := []string{"5", name}
		for _, n := range ns {
			cells = append(cells, cell(n))
		}
		w.WriteString("| " + strings.Join(append(cells, target, result), " | ") + " |\n")
	}
	list := func(f func(r *ListResult) string) func(n int) string {
		return func(n int) string {
			if r := listByN(rep, n); r != nil {
				return f(r)
			}
			return "—"
		}
	}
	// atTarget judges a target stated for N = targetListN.
	atTarget := func(ok func(r *ListResult) bool) string {
		if r := listByN(rep, targetListN); r != nil {
			return verdict(ok(r))
		}
		return fmt.Sprintf("not measured (N = %d not run)", targetListN)
	}

	row("`terraform apply`, one `bestsms_contact_list` of N entries (`max_requests_per_second = 0`)",
		list(func(r *ListResult) string { return fmt.Sprintf("**%.2f s**", r.Apply.Seconds) }),
		fmt.Sprintf("≤ %.0f s for N = %d", targetListApply, targetListN),
		atTarget(func(r *ListResult) bool { return r.Apply.Seconds <= targetListApply }))
	row("… API requests", list(func(r *ListResult) string { return fmt.Sprintf("%d", r.Apply.Requests) }), "—", "informational")
	row("no-change `terraform plan` (refresh of the whole list)",
		list(func(r *ListResult) string { return fmt.Sprintf("**%.2f s**", r.Plan.Seconds) }),
		fmt.Sprintf("≤ %.0f s for N = %d", targetListPlan, targetListN),
		atTarget(func(r *ListResult) bool { return r.Plan.Seconds <= targetListPlan }))
	row("… API requests", list(func(r *ListResult) string { return fmt.Sprintf("**%d**", r.Plan.Requests) }),
		fmt.Sprintf("≤ %d for N = %d", targetListPlanReqs, targetListN),
		atTarget(func(r *ListResult) bool { return r.Plan.Requests <= targetListPlanReqs }))
	row(fmt.Sprintf("`terraform apply` after changing %d entries (refresh + update)", updatedEntries),
		list(func(r *ListResult) string { return fmt.Sprintf("%.2f s", r.Update.Seconds) }), "—", "informational")
	row("… API requests by route", list(func(r *ListResult) string {
		return fmt.Sprintf("%d: %s", r.Update.Requests, routesText(r.Update.Routes))
	}), fmt.Sprintf("%d × `PATCH`, nothing else written", updatedEntries), updateVerdict(rep))
	row("`terraform apply`, N × `bestsms_contact` with `for_each` (`max_requests_per_second = 0`)", func(n int) string {
		fe := forEachByN(rep, n)
		switch {
		case fe == nil:
			return "—"
		case fe.FromFigure1:
			return fmt.Sprintf("%.2f s (figure 1)", fe.Seconds)
		}
		return fmt.Sprintf("%.2f s", fe.Seconds)
	}, "—", forEachTooLongMessage)
	row("**speed-up** for_each / list", func(n int) string {
		fe, l := forEachByN(rep, n), listByN(rep, n)
		if fe == nil || l == nil || l.Apply.Seconds <= 0 {
			return "—"
		}
		return fmt.Sprintf("**%.1f ×**", fe.Seconds/l.Apply.Seconds)
	}, fmt.Sprintf("≥ %.0f × for N = %d", targetSpeedup, targetSpeedupN), speedupVerdict(rep))
	row("**provider peak RSS** (max VmHWM over the apply, plan and update)",
		list(func(r *ListResult) string { return fmt.Sprintf("**%.1f MiB**", mib(r.peakRSS())) }),
		fmt.Sprintf("≤ %.0f MiB for N = %d", targetListRSSMiB, targetListN),
		atTarget(func(r *ListResult) bool { return mib(r.peakRSS()) <= targetListRSSMiB }))
	return w.String()
}

// updateVerdict: every update run wrote exactly updatedEntries PATCHes and
// nothing else.
func updateVerdict(rep *Report) string {
	for _, r := range rep.ContactList {
		for route, count := range r.Update.Routes {
			if strings.HasPrefix(route, "GET ") {
				continue
			}
			if route != "PATCH addressbook/contact/{id}" || count != updatedEntries {
				return verdict(false)
			}
		}
		if r.Update.Routes["PATCH addressbook/contact/{id}"] != updatedEntries {
			return verdict(false)
		}
	}
	return verdict(true)
}

func speedupVerdict(rep *Report) string {
	fe, l := forEachByN(rep, targetSpeedupN), listByN(rep, targetSpeedupN)
	if fe == nil || l == nil || l.Apply.Seconds <= 0 {
		return fmt.Sprintf("not measured (N = %d not run both ways)", targetSpeedupN)
	}
	return verdict(fe.Seconds/l.Apply.Seconds >= targetSpeedup)
}

package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

func TestPeopleAreUniqueAndRealistic(t *testing.T) {
	ps := people(1000)
	if len(ps) != 1000 {
		t.Fatalf("%d people", len(ps))
	}
	mobiles, emails := map[string]bool{}, map[string]bool{}
	for id, p := range ps {
		if p.Attention != p.FirstName+" "+p.LastName || p.FirstName == "" || p.LastName == "" {
			t.Errorf("%s: names %+v", id, p)
		}
		if len(p.MobilePhone) != len("+61421000001") || !strings.HasPrefix(p.MobilePhone, "+6142100") {
			t.Errorf("%s: mobile %q", id, p.MobilePhone)
		}
		if mobiles[p.MobilePhone] || emails[p.EmailAddress] {
			t.Errorf("%s: duplicate mobile or e-mail %+v", id, p)
		}
		mobiles[p.MobilePhone], emails[p.EmailAddress] = true, true
	}
}

func TestConcurrency(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	// Two overlapping requests, then one alone: [100,200] [150,250] [300,400].
	tl := []interval{{at(100), at(200)}, {at(150), at(250)}, {at(300), at(400)}}
	first, span, avg, peak := concurrency(tl, t0)
	if first != 0.1 || span != 0.3 || peak != 2 {
		t.Errorf("first %v span %v peak %d", first, span, peak)
	}
	if want := 1.0; avg < want-1e-9 || avg > want+1e-9 { // 300 ms of requests over a 300 ms span
		t.Errorf("avg %v, want %v", avg, want)
	}
	// Back to back: an end and a start at the same instant are not overlap.
	_, _, _, peak = concurrency([]interval{{at(0), at(50)}, {at(50), at(100)}}, t0)
	if peak != 1 {
		t.Errorf("back-to-back peak %d, want 1", peak)
	}
}

func TestRenderFromSyntheticResults(t *testing.T) {
	sample := func(sec, cpu float64) Sample {
		return Sample{Seconds: sec, CPUSeconds: cpu, ProviderCPU: cpu / 2, Requests: 100,
			Routes: map[string]int{"POST addressbook/contact": 100}, PeakRSSBytes: 40 << 20, Providers: 4,
			FirstRequestAfter: 1, RequestSpan: sec / 2, InFlightAvg: 1.5, InFlightMax: 9}
	}
	rep := &Report{
		Date: "2026-01-01", Machine: Machine{CPUs: 2, CPUModel: "test", MemoryGiB: 8}, Parallelism: 10,
		Reps: 3, RepsLarge: 1, Latency: "50ms", LoadBefore: "0.1 0.1 0.1", LoadAfter: "0.2 0.2 0.2",
		Total: 5 * time.Minute,
	}
	for _, n := range []int{100, 1000} {
		f := float64(n) / 100
		def := sample(11, 5)
		rep.Results = append(rep.Results, &Result{
			N:            n,
			DataApply:    []Sample{sample(1*f, 1.2*f), sample(1.1*f, 1.3*f), sample(0.9*f, 1.1*f)},
			ContactApply: []Sample{sample(4*f, 6*f), sample(4.2*f, 6.1*f), sample(3.9*f, 5.9*f)},
			TraceApply:   []Sample{sample(2.7*f, 4*f)},
			PlanBulk:     Sample{Seconds: 2, Requests: n / 100, Routes: map[string]int{"GET addressbook/contact/list": n / 100}},
			PlanNoBulk:   Sample{Seconds: 2.5, Requests: n, Routes: map[string]int{"GET addressbook/contact/{id}": n}},
			LatencyApply: []Sample{sample(4.9*f, 6*f)},
			DefaultRate:  &def,
			FloorSeconds: float64(n) * 0.05 / 10,
		})
	}
	tables := runTable(rep) + resultsTable(rep) + costTable(rep)
	for _, want := range []string{
		"| 1 | **ratio** contact / terraform_data |", "≤ 25 for N = 1000 | ✅ met |", "`max_requests_per_second = 0`",
		"| Machine | 2 CPUs (test), 8 GiB RAM", "| Date | 2026-01-01 |", "`GET addressbook/contact/list` × 10",
		"| **CPU ratio** contact / terraform_data |",
	} {
		if !strings.Contains(tables, want) {
			t.Errorf("tables lack %q:\n%s", want, tables)
		}
	}
	if strings.Contains(tables, "%!") || strings.Contains(tables, "NaN") || strings.Contains(tables, "Inf") {
		t.Errorf("the tables have a formatting error:\n%s", tables)
	}
	readme := newReadme(rep)
	if again, err := updateReadme(readme, rep); err != nil || again != readme {
		t.Errorf("a new README.md does not update to itself (err %v):\n%s", err, readme)
	}
	if !strings.Contains(readme, "![terraform apply wall time against N](wall-time.svg)") {
		t.Errorf("a new README.md lacks the chart:\n%s", readme)
	}
	svg := renderSVG(rep)
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Errorf("the SVG is not well-formed XML: %v", err)
	}
	if strings.Contains(svg, "%!") || strings.Contains(svg, "NaN") {
		t.Errorf("the SVG has a formatting error:\n%s", svg)
	}
	if !strings.Contains(summaryTable(rep), "1000") {
		t.Error("summary table lacks N = 1000")
	}
}

// TestUpdateReadmeKeepsHandWrittenText: only the content between the
// markers changes; text around and between the blocks is kept byte for
// byte, and a README whose markers are missing, repeated or out of order is
// refused rather than rewritten.
func TestUpdateReadmeKeepsHandWrittenText(t *testing.T) {
	rep := &Report{Date: "2026-02-03", Machine: Machine{CPUs: 2}, Parallelism: 10, Reps: 3, RepsLarge: 1, Latency: "50ms",
		Results: []*Result{{N: 10, DataApply: []Sample{{Seconds: 1}}, ContactApply: []Sample{{Seconds: 2}},
			LatencyApply: []Sample{{Seconds: 3}}, FloorSeconds: 0.05}}}
	block := func(name, content string) string {
		return beginMarker(name) + "\n" + content + "\n" + endMarker(name)
	}
	hand := []string{"# Title\n\nIntro *by hand* with `code`.\n\n", "\n\nBetween, by hand.\n\n",
		"\n\n## Analysis\n\nWritten from the run of 2026-02-03.\n", "\n\n## Reproduce\n\nBy hand.\n", "\n\n### Figure 5\n\n", "\n\n### Figure 6\n\n"}
	old := hand[0] + block("run", "stale run") + hand[1] + block("results", "stale\nresults") + hand[2] +
		block("cpu", "") + hand[4] + block("contact-list", "stale list") + hand[5] + block("message", "stale") + hand[3]
	got, err := updateReadme(old, rep)
	if err != nil {
		t.Fatal(err)
	}
	want := hand[0] + block("run", strings.TrimRight(runTable(rep), "\n")) + hand[1] +
		block("results", strings.TrimRight(resultsTable(rep), "\n")) + hand[2] +
		block("cpu", strings.TrimRight(costTable(rep), "\n")) + hand[4] +
		block("contact-list", strings.TrimRight(listTable(rep), "\n")) + hand[5] +
		block("message", strings.TrimRight(messageTable(rep), "\n")) + hand[3]
	if got != want {
		t.Errorf("updateReadme:\n%s\nwant:\n%s", got, want)
	}
	if !analysisMentions(got, "2026-02-03") || analysisMentions(got, "2026-02-04") {
		t.Error("analysisMentions does not look at the Analysis section")
	}
	if analysisMentions(strings.Replace(got, "Written from the run of 2026-02-03.", "Old.", 1), "2026-02-03") {
		t.Error("analysisMentions found the date outside the Analysis section")
	}

	for name, broken := range map[string]string{
		"missing block":   hand[0] + block("run", "") + hand[1] + block("cpu", "") + block("contact-list", "") + hand[3],
		"missing end":     strings.Replace(old, endMarker("results"), "", 1),
		"repeated block":  old + block("run", "again"),
		"out of order":    hand[0] + block("results", "") + hand[1] + block("run", "") + hand[2] + block("cpu", "") + block("contact-list", "") + hand[3],
		"nested in order": hand[0] + beginMarker("run") + "\n" + block("results", "") + "\n" + endMarker("run") + hand[2] + block("cpu", "") + block("contact-list", ""),
	} {
		if out, err := updateReadme(broken, rep); err == nil {
			t.Errorf("%s: no error; got\n%s", name, out)
		}
	}
}

// TestCommittedReadmeIsCurrent: the committed README.md's tables and chart
// are what the committed results.json renders to, and its hand-written
// analysis names the run it was written from.
func TestCommittedReadmeIsCurrent(t *testing.T) {
	data, err := os.ReadFile("results.json")
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	got, err := updateReadme(string(readme), &rep)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(readme) {
		t.Error("bench/README.md's generated tables differ from results.json: run go run ./bench -render bench/results.json")
	}
	svg, err := os.ReadFile("wall-time.svg")
	if err != nil {
		t.Fatal(err)
	}
	if renderSVG(&rep) != string(svg) {
		t.Error("bench/wall-time.svg differs from results.json: run go run ./bench -render bench/results.json")
	}
	if !analysisMentions(string(readme), rep.Date) {
		t.Errorf("the Analysis of bench/README.md does not say it was written from the run of %s", rep.Date)
	}
}

// TestReadmeCountsContactAttributes: the analysis's count of
// bestsms_contact's attributes is the schema's.
func TestReadmeCountsContactAttributes(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`bestsms_contact has (\d+) attributes`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("bench/README.md does not say how many attributes bestsms_contact has")
	}
	ctx := context.Background()
	var schema resource.SchemaResponse
	for _, newResource := range provider.New("test")().Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "bestsms"}, &md)
		if md.TypeName == "bestsms_contact" {
			r.Schema(ctx, resource.SchemaRequest{}, &schema)
		}
	}
	if got, want := string(m[1]), strconv.Itoa(len(schema.Schema.Attributes)); got != want || want == "0" {
		t.Errorf("bench/README.md says bestsms_contact has %s attributes; its schema has %s", got, want)
	}
}

// TestRenderFigure5: figure 5's table from synthetic results, with and
// without figures 1-4 in the same run, and its verdicts.
func TestRenderFigure5(t *testing.T) {
	list := func(n int, apply, plan float64, planReqs int, rss int64, patches int) *ListResult {
		return &ListResult{N: n,
			Apply: Sample{Seconds: apply, Requests: n, Routes: map[string]int{"POST addressbook/contact": n}, PeakRSSBytes: rss},
			Plan:  Sample{Seconds: plan, Requests: planReqs, Routes: map[string]int{"GET addressbook/contact/list": planReqs}},
			Update: Sample{Seconds: plan + 1, Requests: planReqs + patches, PeakRSSBytes: rss / 2,
				Routes: map[string]int{"GET addressbook/contact/list": planReqs, "PATCH addressbook/contact/{id}": patches}},
		}
	}
	rep := &Report{Date: "2026-01-02", Machine: Machine{CPUs: 2}, Parallelism: 10, Reps: 1, RepsLarge: 1, Latency: "50ms",
		ContactList: []*ListResult{list(1000, 3, 1.5, 10, 60<<20, 10), list(2000, 5, 2, 20, 70<<20, 10), list(10000, 41, 7.5, 100, 140<<20, 10)},
		ForEach:     []*ForEachResult{{N: 1000, Seconds: 50, FromFigure1: true}, {N: 2000, Seconds: 150, Apply: &Sample{Seconds: 150}}},
	}
	table := listTable(rep)
	for _, want := range []string{
		"| # | Measure | N = 1000 | N = 2000 | N = 10000 | Target | Result |",
		"| 5 | `terraform apply`, one `bestsms_contact_list` of N entries (`max_requests_per_second = 0`) | **3.00 s** | **5.00 s** | **41.00 s** | ≤ 60 s for N = 10000 | ✅ met |",
		"≤ 120 for N = 10000 | ✅ met |", "≤ 10 s for N = 10000 | ✅ met |",
		"| 50.00 s (figure 1) | 150.00 s | — |", "**30.0 ×**", "≥ 10 × for N = 2000 | ✅ met |",
		"**140.0 MiB**", "≤ 150 MiB for N = 10000 | ✅ met |", "10 × `PATCH`, nothing else written | ✅ met |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("figure 5 lacks %q:\n%s", want, table)
		}
	}
	if strings.Contains(table, "%!") || strings.Contains(table, "NaN") || strings.Contains(table, "Inf") {
		t.Errorf("figure 5 has a formatting error:\n%s", table)
	}

	// Only figure 5 was run: every generated part renders.
	readme := newReadme(rep)
	if again, err := updateReadme(readme, rep); err != nil || again != readme {
		t.Errorf("a new README.md does not update to itself (err %v):\n%s", err, readme)
	}
	if err := xml.Unmarshal([]byte(renderSVG(rep)), new(struct{})); err != nil {
		t.Errorf("the SVG without figures 1-4 is not well-formed XML: %v", err)
	}
	if !strings.Contains(summaryTable(rep), "10000") {
		t.Errorf("summary table lacks the list N = 10000:\n%s", summaryTable(rep))
	}

	// Missed targets, and an update that wrote more than its entries.
	rep.ContactList = []*ListResult{list(2000, 20, 2, 20, 70<<20, 10), list(10000, 70, 12, 130, 160<<20, 11)}
	rep.ContactList[1].Update.Routes["DELETE addressbook/contact/{id}"] = 1
	table = listTable(rep)
	for _, want := range []string{
		"≤ 60 s for N = 10000 | ❌ missed |", "≤ 10 s for N = 10000 | ❌ missed |", "≤ 120 for N = 10000 | ❌ missed |",
		"≥ 10 × for N = 2000 | ❌ missed |", "≤ 150 MiB for N = 10000 | ❌ missed |", "nothing else written | ❌ missed |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("figure 5 lacks %q:\n%s", want, table)
		}
	}
	rep.ContactList = nil
	if table = listTable(rep); !strings.Contains(table, "not measured") {
		t.Errorf("figure 5 without results: %q", table)
	}
}

func TestChangePeopleChangesExactlyK(t *testing.T) {
	before, after := people(50), changePeople(people(50), updatedEntries)
	changed := 0
	for key, p := range before {
		if after[key] != p {
			changed++
			if after[key].EmailAddress == p.EmailAddress {
				t.Errorf("%s changed but kept its e-mail", key)
			}
		}
	}
	if changed != updatedEntries {
		t.Errorf("%d people changed, want %d", changed, updatedEntries)
	}
	if p := people(10000)["p10000"]; p.MobilePhone != "+61421010000" {
		t.Errorf("person 10000's mobile = %q", p.MobilePhone)
	}
}

func TestCounts(t *testing.T) {
	got, err := counts("-n", "2000, 1000,2000")
	if err != nil || len(got) != 2 || got[0] != 1000 || got[1] != 2000 {
		t.Errorf("counts = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "100000", "x"} {
		if _, err := counts("-n", bad); err == nil {
			t.Errorf("counts(%q): no error", bad)
		}
	}
}

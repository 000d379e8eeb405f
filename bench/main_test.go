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
		"\n\n## Analysis\n\nWritten from the run of 2026-02-03.\n", "\n\n## Reproduce\n\nBy hand.\n"}
	old := hand[0] + block("run", "stale run") + hand[1] + block("results", "stale\nresults") + hand[2] +
		block("cpu", "") + hand[3]
	got, err := updateReadme(old, rep)
	if err != nil {
		t.Fatal(err)
	}
	want := hand[0] + block("run", strings.TrimRight(runTable(rep), "\n")) + hand[1] +
		block("results", strings.TrimRight(resultsTable(rep), "\n")) + hand[2] +
		block("cpu", strings.TrimRight(costTable(rep), "\n")) + hand[3]
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
		"missing block":   hand[0] + block("run", "") + hand[1] + block("cpu", "") + hand[3],
		"missing end":     strings.Replace(old, endMarker("results"), "", 1),
		"repeated block":  old + block("run", "again"),
		"out of order":    hand[0] + block("results", "") + hand[1] + block("run", "") + hand[2] + block("cpu", "") + hand[3],
		"nested in order": hand[0] + beginMarker("run") + "\n" + block("results", "") + "\n" + endMarker("run") + hand[2] + block("cpu", ""),
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

package main

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
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
	readme := renderReadme(rep)
	for _, want := range []string{
		"| 1 | **ratio** contact / terraform_data |", "≤ 25 for N = 1000 | ✅ met |", "![terraform apply wall time against N](wall-time.svg)",
		"`max_requests_per_second = 0`", "2 CPUs (test)", "## Analysis", "**Ideas to improve",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README lacks %q", want)
		}
	}
	if strings.Contains(readme, "%!") || strings.Contains(readme, "NaN") || strings.Contains(readme, "Inf") {
		t.Errorf("README has a formatting error:\n%s", readme)
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

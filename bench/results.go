package main

import (
	"sort"
	"time"
)

// The figures of a run: what each terraform command measured (Sample), per
// N (Result) and for the whole run (Report), as written to results.json, and
// the statistics every table derives from them.

// Targets from the performance issue; reported, never asserted.
const (
	targetRatio        = 1.3  // (1) contact apply / terraform_data apply
	targetPlanRequests = 25   // (2) plan refresh requests for N = 1000, bulk_read on
	targetFloorFactor  = 1.2  // (3) latency apply / floor
	targetRSSMiB       = 80.0 // (4) provider peak RSS during the N = 1000 apply
	targetRequestsN    = 1000 // N the request and RSS targets are stated for
	providerVersion    = "0.1.0"
	defaultRateLimit   = 10   // the provider's default max_requests_per_second
	largeN             = 1000 // from here on applies are repeated -reps-large times
)

// Sample is one timed terraform command.
type Sample struct {
	Seconds      float64        `json:"seconds"`
	CPUSeconds   float64        `json:"cpu_seconds"`                    // user+sys of terraform and its children
	ProviderCPU  float64        `json:"provider_cpu_seconds,omitempty"` // user+sys of the provider processes (≈)
	Requests     int            `json:"requests,omitempty"`             // API requests the mock counted
	Routes       map[string]int `json:"routes,omitempty"`               // …per route
	PeakRSSBytes int64          `json:"peak_rss_bytes,omitempty"`       // max VmHWM over provider processes
	// From the mock's request log (contact runs only): when the first API
	// request started, how long from its start to the end of the last, and
	// how many requests were in flight on average and at most in between.
	FirstRequestAfter float64 `json:"first_request_after_seconds,omitempty"`
	RequestSpan       float64 `json:"request_span_seconds,omitempty"`
	InFlightAvg       float64 `json:"in_flight_avg,omitempty"`
	InFlightMax       int     `json:"in_flight_max,omitempty"`
	Providers         int     `json:"provider_processes,omitempty"`
}

// Result holds every measurement for one N.
type Result struct {
	N               int      `json:"n"`
	DataApply       []Sample `json:"terraform_data_apply"`
	ContactApply    []Sample `json:"contact_apply"`
	PlanBulk        Sample   `json:"plan_bulk_read"`
	PlanNoBulk      Sample   `json:"plan_no_bulk_read"`
	LatencyApply    []Sample `json:"contact_apply_latency"`
	TraceApply      []Sample `json:"contact_apply_plugin_logs_trace,omitempty"`
	DefaultRate     *Sample  `json:"contact_apply_default_rate_limit,omitempty"`
	FloorSeconds    float64  `json:"latency_floor_seconds"`
	DataInitSeconds float64  `json:"terraform_data_init_seconds"`
	ContInitSeconds float64  `json:"contact_init_seconds"`
}

// Report is everything written to results.json.
type Report struct {
	Date        string    `json:"date"`
	Machine     Machine   `json:"machine"`
	Parallelism int       `json:"parallelism"`
	Reps        int       `json:"reps"`       // for N < largeN
	RepsLarge   int       `json:"reps_large"` // for N >= largeN
	Latency     string    `json:"latency"`
	Results     []*Result `json:"results"`
	// Figure 5 (contactlist.go).
	ContactList []*ListResult    `json:"contact_list,omitempty"`
	ForEach     []*ForEachResult `json:"contact_for_each,omitempty"`
	// Figure 6 (message.go), and why it was not measured when it was not.
	Message        []*MessageResult `json:"message_checks,omitempty"`
	MessageCLI     string           `json:"message_terraform,omitempty"`
	MessageSkipped string           `json:"message_skipped,omitempty"`
	// CarriedOver names the figures this run did not measure, taken from
	// the results.json it replaced, with the date they were measured.
	CarriedOver map[string]string `json:"carried_over,omitempty"`
	LoadBefore  string            `json:"loadavg_before"`
	LoadAfter   string            `json:"loadavg_after"`
	Total       time.Duration     `json:"total_ns"`
}

// Machine describes where the numbers were taken.
type Machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpu_model"`
	MemoryGiB int    `json:"memory_gib"`
	Kernel    string `json:"kernel"`
	Go        string `json:"go"`
	Terraform string `json:"terraform"`
}

// median of the samples' seconds.
func median(s []Sample) float64 { return medianOf(s, func(x Sample) float64 { return x.Seconds }) }

// medianOf is the median of f over the samples.
func medianOf(s []Sample, f func(Sample) float64) float64 {
	if len(s) == 0 {
		return 0
	}
	v := make([]float64, len(s))
	for i, x := range s {
		v[i] = f(x)
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func minMax(s []Sample) (lo, hi float64) {
	for i, x := range s {
		if i == 0 || x.Seconds < lo {
			lo = x.Seconds
		}
		if i == 0 || x.Seconds > hi {
			hi = x.Seconds
		}
	}
	return lo, hi
}

func maxRSS(s []Sample) int64 {
	var m int64
	for _, x := range s {
		m = max(m, x.PeakRSSBytes)
	}
	return m
}

// ratio is figure (1): the contact apply over the terraform_data apply.
func (r *Result) ratio() float64 { return median(r.ContactApply) / median(r.DataApply) }

// floorRatio is figure (3): the apply at -latency over the floor.
func (r *Result) floorRatio() float64 { return median(r.LatencyApply) / r.FloorSeconds }

// peakRSS is figure (4): the provider's peak RSS over the contact applies.
func (r *Result) peakRSS() int64 { return maxRSS(r.ContactApply) }

func mib(b int64) float64 { return float64(b) / (1 << 20) }

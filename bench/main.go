// Command bench is the benchmark harness behind `make bench`. It builds the
// provider and the mock, and for each N (default 100 and 1000) measures
//
//  1. the wall time of `terraform apply` of N bestsms_contact resources
//     against the mock, compared with the same apply of N terraform_data
//     resources (same CLI configuration, same -parallelism, fresh state);
//  2. the API requests a `terraform plan` refresh of those N contacts makes,
//     from the mock's /_mock/stats, with bulk_read on and off;
//  3. the same contact apply against a mock started with -latency 50ms,
//     compared with the floor N × latency / parallelism;
//  4. the peak RSS (VmHWM) of the provider processes during the contact
//     apply, by polling /proc while terraform runs;
//
// plus, for the smallest N, one informational apply with the provider's
// default client-side rate limit. It writes bench/README.md (tables and
// analysis), bench/wall-time.svg (wall time against N, hand-written SVG) and
// bench/results.json (every raw measurement).
//
// Needs only Go and Terraform on PATH and Linux (/proc); nothing is fetched.
// Timings are reported, never asserted: this is not part of `make test`.
//
//	go run ./bench [-n 100,1000] [-reps 3] [-reps-large 1] [-parallelism 10] [-latency 50ms] [-out bench] [-keep]
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

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

type options struct {
	out         string
	ns          []int
	reps        int
	repsLarge   int // for N >= largeN
	parallelism int
	latency     time.Duration
	keep        bool
	render      string // re-render from this results.json instead of measuring
}

func main() {
	var (
		o  options
		ns string
	)
	flag.StringVar(&o.out, "out", "bench", "directory for README.md, wall-time.svg and results.json (relative to the repository root unless absolute)")
	flag.StringVar(&ns, "n", "100,1000", "comma-separated resource counts")
	flag.IntVar(&o.reps, "reps", 3, "repetitions of every timed apply for N < 1000 (the median is reported)")
	flag.IntVar(&o.repsLarge, "reps-large", 1, "repetitions of every timed apply for N >= 1000 (about 1.5 min each on 2 cores)")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism for every apply")
	flag.DurationVar(&o.latency, "latency", 50*time.Millisecond, "latency of the second mock (figure 3)")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory (terraform logs, state, mock logs)")
	flag.StringVar(&o.render, "render", "", "only re-render README.md and wall-time.svg from this results.json")
	flag.Parse()
	for _, f := range strings.Split(ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 9999 {
			fatalf("-n: %q is not a count between 1 and 9999", f)
		}
		o.ns = append(o.ns, n)
	}
	slices.Sort(o.ns)
	o.ns = slices.Compact(o.ns)
	if o.reps < 1 || o.repsLarge < 1 || o.parallelism < 1 || o.latency <= 0 {
		fatalf("-reps, -reps-large and -parallelism must be at least 1 and -latency positive")
	}
	if o.render != "" {
		if err := rerender(o); err != nil {
			fatalf("%v", err)
		}
		return
	}
	if runtime.GOOS != "linux" {
		fatalf("needs Linux (/proc is polled for the provider's peak RSS)")
	}
	if err := run(o); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// ---- results ----

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
	Date        string        `json:"date"`
	Machine     Machine       `json:"machine"`
	Parallelism int           `json:"parallelism"`
	Reps        int           `json:"reps"`       // for N < largeN
	RepsLarge   int           `json:"reps_large"` // for N >= largeN
	Latency     string        `json:"latency"`
	Results     []*Result     `json:"results"`
	LoadBefore  string        `json:"loadavg_before"`
	LoadAfter   string        `json:"loadavg_after"`
	Total       time.Duration `json:"total_ns"`
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

// ---- the run ----

type bench struct {
	o        options
	root     string // repository root
	work     string
	cliCfg   string
	token    string
	mock     *mockProc // no latency
	slowMock *mockProc // -latency

	mu      sync.Mutex
	current *exec.Cmd // the terraform command running, if any
}

// cleanupOnSignal stops the running terraform and the mocks and removes the
// work directory when the harness is interrupted.
func (b *bench) cleanupOnSignal() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		logf("interrupted: stopping terraform and the mocks")
		b.mu.Lock()
		if c := b.current; c != nil && c.Process != nil {
			// terraform stops gracefully on SIGINT; the main goroutine,
			// waiting in cmd.Wait, reaps it (and then blocks on b.mu).
			_ = c.Process.Signal(os.Interrupt)
			for deadline := time.Now().Add(10 * time.Second); c.Process.Signal(syscall.Signal(0)) == nil; time.Sleep(50 * time.Millisecond) {
				if time.Now().After(deadline) {
					_ = c.Process.Kill()
					break
				}
			}
		}
		b.stopMocks()
		if !b.o.keep {
			_ = os.RemoveAll(b.work)
		}
		os.Exit(130)
	}()
}

func run(o options) error {
	start := time.Now()
	root, err := repoRoot()
	if err != nil {
		return err
	}
	for _, tool := range []string{"go", "terraform"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is not on PATH", tool)
		}
	}
	work, err := os.MkdirTemp("", "bestsms-bench.")
	if err != nil {
		return err
	}
	b := &bench{o: o, root: root, work: work, token: "bench-" + randomHex(8)}
	b.cleanupOnSignal()
	defer func() {
		b.stopMocks()
		if o.keep {
			logf("work directory kept: %s", work)
		} else {
			_ = os.RemoveAll(work)
		}
	}()

	report := &Report{
		Date:        time.Now().UTC().Format("2006-01-02"),
		Machine:     machine(),
		Parallelism: o.parallelism,
		Reps:        o.reps,
		RepsLarge:   o.repsLarge,
		Latency:     o.latency.String(),
		LoadBefore:  loadavg(),
	}
	logf("machine: %d CPUs (%s), %s, %s; work dir %s", report.Machine.CPUs, report.Machine.CPUModel,
		report.Machine.Go, report.Machine.Terraform, work)

	if err := b.build(); err != nil {
		return err
	}
	if b.mock, err = startMock(b.work, "mock", b.token, 0); err != nil {
		return err
	}
	if b.slowMock, err = startMock(b.work, "mock-latency", b.token, o.latency); err != nil {
		return err
	}
	logf("mocks at %s and %s (-latency %s)", b.mock.url, b.slowMock.url, o.latency)

	for i, n := range o.ns {
		r, err := b.measure(n, i == 0)
		if err != nil {
			return fmt.Errorf("measuring N = %d: %w", n, err)
		}
		report.Results = append(report.Results, r)
	}
	report.Total = time.Since(start).Round(time.Second)
	report.LoadAfter = loadavg()

	if err := write(outDir(root, o.out), report); err != nil {
		return err
	}
	logf("done in %s; wrote %s/{README.md,wall-time.svg,results.json}", report.Total, o.out)
	fmt.Print(summaryTable(report))
	return nil
}

// outDir resolves -out: relative to the repository root unless absolute.
func outDir(root, out string) string {
	if filepath.IsAbs(out) {
		return out
	}
	return filepath.Join(root, out)
}

// write writes results.json, wall-time.svg and README.md into dir.
func write(dir string, report *Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"results.json":  append(raw, '\n'),
		"wall-time.svg": []byte(renderSVG(report)),
		"README.md":     []byte(renderReadme(report)),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// rerender rewrites the outputs from a saved results.json, for changes to
// the report's text or chart without measuring again.
func rerender(o options) error {
	data, err := os.ReadFile(o.render)
	if err != nil {
		return err
	}
	var report Report
	if err := json.Unmarshal(data, &report); err != nil {
		return fmt.Errorf("%s: %w", o.render, err)
	}
	if len(report.Results) == 0 {
		return fmt.Errorf("%s holds no results", o.render)
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	return write(outDir(root, o.out), &report)
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil &&
			bytes.Contains(data, []byte("module github.com/bestsms/terraform-provider-bestsms\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the terraform-provider-bestsms repository")
		}
		dir = parent
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// build compiles the provider into a filesystem mirror and the mock, and
// writes the CLI configuration every terraform run uses.
func (b *bench) build() error {
	osArch := runtime.GOOS + "_" + runtime.GOARCH
	mirror := filepath.Join(b.work, "mirror")
	pluginDir := filepath.Join(mirror, "registry.terraform.io", "bestsms", "bestsms", providerVersion, osArch)
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return err
	}
	logf("building provider %s and mock", providerVersion)
	builds := [][]string{
		{"build", "-trimpath", "-ldflags", "-s -w -X main.version=" + providerVersion,
			"-o", filepath.Join(pluginDir, "terraform-provider-bestsms_v"+providerVersion), "."},
		{"build", "-trimpath", "-o", filepath.Join(b.work, "bin", "bestsms-mock"), "./cmd/bestsms-mock"},
	}
	for _, args := range builds {
		cmd := exec.Command("go", args...)
		cmd.Dir = b.root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	b.cliCfg = filepath.Join(b.work, "terraformrc")
	cfg := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/bestsms/bestsms"]
  }
  direct {
    exclude = ["registry.terraform.io/bestsms/bestsms"]
  }
}
`, mirror)
	return os.WriteFile(b.cliCfg, []byte(cfg), 0o644)
}

// measure takes every figure for one N.
func (b *bench) measure(n int, first bool) (*Result, error) {
	r := &Result{N: n, FloorSeconds: float64(n) * b.o.latency.Seconds() / float64(b.o.parallelism)}
	dir := filepath.Join(b.work, fmt.Sprintf("n%d", n))
	dataDir, contactDir := filepath.Join(dir, "terraform_data"), filepath.Join(dir, "contacts")
	if err := writeConfig(dataDir, n, kindData); err != nil {
		return nil, err
	}
	if err := writeConfig(contactDir, n, kindContacts); err != nil {
		return nil, err
	}
	var err error
	if r.DataInitSeconds, err = b.init(dataDir); err != nil {
		return nil, err
	}
	if r.ContInitSeconds, err = b.init(contactDir); err != nil {
		return nil, err
	}

	// (1) and (4): fresh-state applies, alternating which goes first.
	reps := b.o.reps
	if n >= largeN {
		reps = b.o.repsLarge
	}
	for rep := 0; rep < reps; rep++ {
		runData := func() error {
			s, err := b.apply(dataDir, nil, nil)
			r.DataApply = append(r.DataApply, s)
			if err == nil {
				logf("N=%d rep %d: terraform_data apply %.2fs", n, rep+1, s.Seconds)
			}
			return err
		}
		runContacts := func() error {
			s, err := b.apply(contactDir, b.mock, nil)
			r.ContactApply = append(r.ContactApply, s)
			if err == nil {
				logf("N=%d rep %d: bestsms_contact apply %.2fs, %d requests, provider peak RSS %.1f MiB (%d processes)",
					n, rep+1, s.Seconds, s.Requests, mib(s.PeakRSSBytes), s.Providers)
			}
			return err
		}
		runTrace := func() error {
			s, err := b.apply(contactDir, b.mock, pluginLogsTrace)
			r.TraceApply = append(r.TraceApply, s)
			if err == nil {
				logf("N=%d rep %d: bestsms_contact apply, plugin logs at TRACE %.2fs", n, rep+1, s.Seconds)
			}
			return err
		}
		// Rotate which goes first, so that none always runs on a warmer or
		// quieter machine.
		order := []func() error{runData, runContacts, runTrace}
		for i := range order {
			f := order[(i+rep)%len(order)]
			if err := f(); err != nil {
				return nil, err
			}
		}
	}
	// The last contact apply left N contacts in the mock and in contactDir's
	// state (terraform_data applies do not touch the mock).

	// (2): requests of a refresh, with and without bulk_read.
	if r.PlanBulk, err = b.plan(contactDir, nil); err != nil {
		return nil, err
	}
	logf("N=%d: plan (bulk_read=true) %.2fs, %d requests %v", n, r.PlanBulk.Seconds, r.PlanBulk.Requests, r.PlanBulk.Routes)
	if r.PlanNoBulk, err = b.plan(contactDir, []string{"BESTSMS_BULK_READ=false"}); err != nil {
		return nil, err
	}
	logf("N=%d: plan (bulk_read=false) %.2fs, %d requests", n, r.PlanNoBulk.Seconds, r.PlanNoBulk.Requests)

	// (3): the contact apply against the mock with latency.
	for rep := 0; rep < reps; rep++ {
		s, err := b.apply(contactDir, b.slowMock, nil)
		if err != nil {
			return nil, err
		}
		r.LatencyApply = append(r.LatencyApply, s)
		logf("N=%d rep %d: bestsms_contact apply at %s latency %.2fs (floor %.2fs)", n, rep+1, b.o.latency, s.Seconds, r.FloorSeconds)
	}

	// Informational: the default client-side limit, smallest N only.
	if first {
		defDir := filepath.Join(dir, "contacts-default-limit")
		if err := writeConfig(defDir, n, kindContactsDefaultLimit); err != nil {
			return nil, err
		}
		if _, err := b.init(defDir); err != nil {
			return nil, err
		}
		s, err := b.apply(defDir, b.mock, nil)
		if err != nil {
			return nil, err
		}
		r.DefaultRate = &s
		logf("N=%d: bestsms_contact apply with the default limit (%d/s) %.2fs", n, defaultRateLimit, s.Seconds)
	}
	return r, nil
}

// pluginLogsTrace is the environment of the informational "plugin logs at
// TRACE" runs: what the plugin libraries do when none of their variables is
// set. The provider's main.go turns them off unless a TF_LOG* variable is
// set (Terraform collects no logs then); these runs show what that saves.
var pluginLogsTrace = []string{"TF_LOG_SDK=TRACE", "TF_LOG_SDK_PROTO=TRACE", "TF_LOG_SDK_FRAMEWORK=TRACE", "TF_LOG_PROVIDER=TRACE"}

// ---- terraform configurations ----

type configKind int

const (
	kindData configKind = iota
	kindContacts
	kindContactsDefaultLimit
)

var (
	firstNames = []string{"Alice", "Bao", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hiroshi", "Isla", "Jack",
		"Kiri", "Liam", "Mia", "Noah", "Olivia", "Priya", "Quinn", "Ruby", "Sam", "Tane", "Uma", "Vikram", "Wei", "Zoe"}
	lastNames = []string{"Nguyen", "Smith", "Williams", "Brown", "Jones", "Singh", "Chen", "Taylor", "Wilson",
		"Kelly", "Martin", "Anderson", "Patel", "Thompson", "White", "Walker", "Ngata", "Lee", "Harris", "Clarke"}
)

// person is one contact of the benchmark, identical for both resource kinds.
type person struct {
	Attention    string `json:"attention"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	MobilePhone  string `json:"mobile_phone"`
	EmailAddress string `json:"email_address"`
}

func people(n int) map[string]person {
	out := make(map[string]person, n)
	for i := 1; i <= n; i++ {
		first := firstNames[(i-1)%len(firstNames)]
		last := lastNames[((i-1)/len(firstNames)+(i-1))%len(lastNames)]
		out[fmt.Sprintf("p%04d", i)] = person{
			Attention:    first + " " + last,
			FirstName:    first,
			LastName:     last,
			MobilePhone:  fmt.Sprintf("+6142100%04d", i),
			EmailAddress: fmt.Sprintf("%s.%s.%04d@example.com", strings.ToLower(first), strings.ToLower(last), i),
		}
	}
	return out
}

const peopleLocals = `locals {
  people = jsondecode(file("${path.module}/people.json"))
}
`

// writeConfig writes main.tf and people.json for one kind of run. Only the
// resources (and, for contacts, the provider) differ between the kinds.
func writeConfig(dir string, n int, kind configKind) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(people(n), "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "people.json"), data, 0o644); err != nil {
		return err
	}
	var tf strings.Builder
	switch kind {
	case kindData:
		tf.WriteString(peopleLocals + `
resource "terraform_data" "person" {
  for_each = local.people

  input = each.value
}
`)
	case kindContacts, kindContactsDefaultLimit:
		fmt.Fprintf(&tf, `terraform {
  required_providers {
    bestsms = {
      source  = "bestsms/bestsms"
      version = %q
    }
  }
}

# base_url and auth_token come from BESTSMS_BASE_URL and BESTSMS_AUTH_TOKEN.
provider "bestsms" {
`, providerVersion)
		if kind == kindContacts {
			tf.WriteString("  max_requests_per_second = 0 # benchmark: no client-side limit\n")
		}
		tf.WriteString("}\n\n" + peopleLocals + `
resource "bestsms_contact" "person" {
  for_each = local.people

  attention     = each.value.attention
  first_name    = each.value.first_name
  last_name     = each.value.last_name
  mobile_phone  = each.value.mobile_phone
  email_address = each.value.email_address
}
`)
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf.String()), 0o644)
}

// ---- running terraform ----

// env is the environment of every terraform run: the benchmark's CLI
// configuration, no logging, no checkpoint calls, nothing inherited that
// changes what terraform does.
func (b *bench) env(m *mockProc, extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "BESTSMS_") || k == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+b.cliCfg, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1",
		"BESTSMS_BASE_URL="+m.url+"/api", "BESTSMS_AUTH_TOKEN="+b.token)
	return append(env, extra...)
}

// terraform runs one command in dir, polling the provider processes' peak
// RSS while it runs. A non-zero exit other than okCodes is an error.
func (b *bench) terraform(dir string, m *mockProc, extra []string, okCodes []int, args ...string) (Sample, int, error) {
	logPath := filepath.Join(dir, "terraform-"+args[0]+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return Sample{}, 0, err
	}
	defer logFile.Close()
	cmd := exec.Command("terraform", args...)
	cmd.Dir = dir
	cmd.Env = b.env(m, extra)
	cmd.Stdout, cmd.Stderr = logFile, logFile

	poll := newRSSPoller(b.work)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); poll.run(ctx) }()

	start := time.Now()
	b.mu.Lock()
	err = cmd.Start()
	if err == nil {
		b.current = cmd
	}
	b.mu.Unlock()
	if err == nil {
		err = cmd.Wait()
	}
	elapsed := time.Since(start)
	b.mu.Lock()
	b.current = nil
	b.mu.Unlock()
	stop()
	wg.Wait()

	s := Sample{Seconds: elapsed.Seconds(), PeakRSSBytes: poll.peak, Providers: len(poll.seen), ProviderCPU: poll.cpuSeconds()}
	if ps := cmd.ProcessState; ps != nil {
		// wait4 reports the process's usage plus that of the children it
		// waited for: the provider processes are included.
		s.CPUSeconds = (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return s, 0, err
		}
		code = ee.ExitCode()
	}
	if code != 0 && !slices.Contains(okCodes, code) {
		return s, code, fmt.Errorf("terraform %s in %s exited %d:\n%s", strings.Join(args, " "), dir, code, tail(logPath, 40))
	}
	return s, code, nil
}

func (b *bench) init(dir string) (float64, error) {
	s, _, err := b.terraform(dir, b.mock, nil, nil, "init", "-input=false", "-no-color")
	return s.Seconds, err
}

// apply runs a fresh-state apply: state removed, mock emptied (which also
// zeroes its statistics) first. m is nil for the terraform_data runs, which
// leave the mock alone (so that it keeps matching the contacts' state).
func (b *bench) apply(dir string, m *mockProc, extra []string) (Sample, error) {
	env := m
	if m == nil {
		env = b.mock
	}
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return Sample{}, err
		}
	}
	var logOffset int64
	if m != nil {
		if err := m.post("/_mock/reset"); err != nil {
			return Sample{}, err
		}
		logOffset = m.logSize()
	}
	started := time.Now()
	s, _, err := b.terraform(dir, env, extra, nil, "apply", "-auto-approve", "-input=false", "-no-color",
		"-parallelism="+strconv.Itoa(b.o.parallelism))
	if err != nil || m == nil {
		return s, err
	}
	st, err := m.stats()
	if err != nil {
		return s, err
	}
	s.Requests, s.Routes = st.Total, st.Routes
	if tl, err := m.requestTimeline(logOffset); err == nil && len(tl) > 0 {
		s.FirstRequestAfter, s.RequestSpan, s.InFlightAvg, s.InFlightMax = concurrency(tl, started)
	}
	return s, nil
}

// plan runs a refreshing plan with the statistics zeroed right before it;
// it must report no changes.
func (b *bench) plan(dir string, extra []string) (Sample, error) {
	if err := b.mock.post("/_mock/stats/reset"); err != nil {
		return Sample{}, err
	}
	s, code, err := b.terraform(dir, b.mock, extra, []int{2}, "plan", "-input=false", "-no-color",
		"-detailed-exitcode", "-parallelism="+strconv.Itoa(b.o.parallelism))
	if err != nil {
		return s, err
	}
	if code == 2 {
		return s, fmt.Errorf("the plan after apply wants changes:\n%s", tail(filepath.Join(dir, "terraform-plan.log"), 40))
	}
	st, err := b.mock.stats()
	if err != nil {
		return s, err
	}
	s.Requests, s.Routes = st.Total, st.Routes
	return s, nil
}

func tail(path string, lines int) string {
	data, _ := os.ReadFile(path)
	ls := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}

// ---- peak RSS ----

// rssPoller samples VmHWM (the peak resident set size the kernel records
// for a process over its lifetime) of every provider process started from
// the benchmark's work directory, every 20 ms, keeping the maximum; and the
// CPU time each has used so far (so at most the last 20 ms of each are lost).
type rssPoller struct {
	prefix string
	peak   int64
	seen   map[int]bool
	ticks  map[int]int64 // pid → utime+stime in clock ticks
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times (100 on Linux).
const clockTicks = 100

func (p *rssPoller) cpuSeconds() float64 {
	var t int64
	for _, v := range p.ticks {
		t += v
	}
	return float64(t) / clockTicks
}

func newRSSPoller(work string) *rssPoller {
	if resolved, err := filepath.EvalSymlinks(work); err == nil {
		work = resolved
	}
	return &rssPoller{prefix: work + string(os.PathSeparator), seen: map[int]bool{}, ticks: map[int]int64{}}
}

func (p *rssPoller) run(ctx context.Context) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		p.sample()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (p *rssPoller) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		// Terraform starts the provider from .terraform/providers/… of the
		// benchmark's working directories (a copy of, or link into, the
		// mirror); /proc/PID/exe is the resolved executable either way.
		exe, err := os.Readlink("/proc/" + e.Name() + "/exe")
		if err != nil || !strings.HasPrefix(exe, p.prefix) ||
			!strings.HasPrefix(filepath.Base(exe), "terraform-provider-bestsms_v") {
			continue
		}
		if hwm := vmHWM(pid); hwm > 0 {
			p.seen[pid] = true
			p.peak = max(p.peak, hwm)
		}
		if t := cpuTicks(pid); t > p.ticks[pid] {
			p.ticks[pid] = t
		}
	}
}

// vmHWM reads VmHWM from /proc/PID/status, in bytes (0 when unavailable).
func vmHWM(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v) // "12345 kB"
			if len(f) == 2 && f[1] == "kB" {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// cpuTicks reads utime+stime from /proc/PID/stat (0 when unavailable).
func cpuTicks(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) may contain spaces; fields after its
	// closing parenthesis start with field 3 (state).
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return utime + stime
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// ---- the mock ----

type mockProc struct {
	cmd     *exec.Cmd
	url     string
	logPath string
	done    chan struct{}
}

func startMock(work, name, token string, latency time.Duration) (*mockProc, error) {
	addrFile := filepath.Join(work, name+".addr")
	logFile, err := os.Create(filepath.Join(work, name+".log"))
	if err != nil {
		return nil, err
	}
	// In memory (no -state): persistence would add an fsync per write, which
	// measures the disk, not the provider.
	// -v: one log line per request, for the request timeline.
	args := []string{"-addr", "127.0.0.1:0", "-addr-file", addrFile, "-token", token, "-delivery-delay", "0", "-v"}
	if latency > 0 {
		args = append(args, "-latency", latency.String())
	}
	cmd := exec.Command(filepath.Join(work, "bin", "bestsms-mock"), args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	m := &mockProc{cmd: cmd, logPath: logFile.Name(), done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logFile.Close(); close(m.done) }()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-m.done:
			return nil, fmt.Errorf("the mock exited:\n%s", tail(logFile.Name(), 20))
		default:
		}
		if data, err := os.ReadFile(addrFile); err == nil && strings.HasSuffix(string(data), "\n") {
			m.url = strings.TrimSpace(string(data))
			return m, nil
		}
	}
	m.stop()
	return nil, errors.New("the mock did not start within 15s")
}

func (m *mockProc) stop() {
	if m == nil {
		return
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
}

func (b *bench) stopMocks() {
	b.mock.stop()
	b.slowMock.stop()
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

func (m *mockProc) post(path string) error {
	resp, err := httpClient.Post(m.url+path, "application/json", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: HTTP %d", path, resp.StatusCode)
	}
	return nil
}

func (m *mockProc) logSize() int64 {
	fi, err := os.Stat(m.logPath)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// interval is one API request as the mock logged it.
type interval struct{ start, end time.Time }

// requestTimeline reads the /api/ requests the mock logged after offset
// (-v lines: time=END … msg=request method=… path=/api/… duration=D).
func (m *mockProc) requestTimeline(offset int64) ([]interval, error) {
	f, err := os.Open(m.logPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	var out []interval
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, " msg=request ") || !strings.Contains(line, " path=/api/") {
			continue
		}
		var end time.Time
		var dur time.Duration
		for _, field := range strings.Fields(line) {
			k, v, _ := strings.Cut(field, "=")
			switch k {
			case "time":
				end, _ = time.Parse(time.RFC3339Nano, v)
			case "duration":
				dur, _ = time.ParseDuration(v)
			}
		}
		if !end.IsZero() {
			out = append(out, interval{end.Add(-dur), end})
		}
	}
	return out, nil
}

// concurrency summarises a request timeline: seconds from started to the
// first request, seconds from the first start to the last end, and the
// average and maximum number of requests in flight over that span.
func concurrency(tl []interval, started time.Time) (first, span, avg float64, peak int) {
	type edge struct {
		t     time.Time
		delta int
	}
	edges := make([]edge, 0, 2*len(tl))
	for _, iv := range tl {
		edges = append(edges, edge{iv.start, 1}, edge{iv.end, -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if !edges[i].t.Equal(edges[j].t) {
			return edges[i].t.Before(edges[j].t)
		}
		return edges[i].delta < edges[j].delta // ends before starts at the same instant
	})
	var (
		cur  int
		area float64
		prev = edges[0].t
	)
	for _, e := range edges {
		area += float64(cur) * e.t.Sub(prev).Seconds()
		prev = e.t
		cur += e.delta
		peak = max(peak, cur)
	}
	span = edges[len(edges)-1].t.Sub(edges[0].t).Seconds()
	if span > 0 {
		avg = area / span
	}
	return edges[0].t.Sub(started).Seconds(), span, avg, peak
}

type mockStats struct {
	Total  int            `json:"total"`
	Routes map[string]int `json:"routes"`
}

func (m *mockProc) stats() (mockStats, error) {
	var st mockStats
	resp, err := httpClient.Get(m.url + "/_mock/stats")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET /_mock/stats: HTTP %d", resp.StatusCode)
	}
	err = json.NewDecoder(resp.Body).Decode(&st)
	return st, err
}

// ---- machine ----

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				f := strings.Fields(v)
				if len(f) > 0 {
					kb, _ := strconv.ParseInt(f[0], 10, 64)
					m.MemoryGiB = int((kb + (1<<20)/2) >> 20)
				}
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(data))
	}
	m.Go = runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		m.Go = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("terraform", "version").Output(); err == nil {
		m.Terraform, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
	}
	return m
}

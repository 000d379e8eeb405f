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
// default client-side rate limit; and
//
//  5. for N in -list-n (default 1000 to 10,000), the apply of one
//     bestsms_contact_list of N entries, the no-change plan after it (time
//     and requests) and an apply that changes 10 entries (requests), next
//     to the apply of N bestsms_contact resources with for_each for N in
//     -foreach-n (default 1000 and 2000; figure 1's when it measured that N).
//
// -figures picks what to measure: 1-4, 5, or both (the default). It writes bench/results.json (every raw
// measurement), bench/wall-time.svg (wall time against N, hand-written SVG)
// and the generated tables of bench/README.md; the rest of README.md, the
// analysis included, is written by hand and kept as it is.
//
// The files by role: main.go runs the benchmark, workloads.go says what is
// applied, terraform.go runs terraform, mock.go drives the mock,
// measurement.go reads /proc, results.go holds the figures, report.go
// writes README.md's tables and chart.go the SVG.
//
// Needs only Go and Terraform on PATH and Linux (/proc); nothing is fetched.
// Timings are reported, never asserted: this is not part of `make test`.
//
//	go run ./bench [-figures 1-4,5] [-n 100,1000] [-list-n 1000,2000,5000,10000] [-foreach-n 1000,2000]
//	               [-reps 3] [-reps-large 1] [-parallelism 10] [-latency 50ms] [-out bench] [-keep]
//	go run ./bench -render bench/results.json   (tables and chart again, from saved results)
package main

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

type options struct {
	out             string
	figures1to4     bool
	figure5         bool
	figure6         bool
	messageNs       []int  // figure 6
	actionTerraform string // figure 6's CLI
	ns              []int
	listNs          []int // figure 5
	forEachNs       []int // figure 5
	reps            int
	repsLarge       int // for N >= largeN
	parallelism     int
	latency         time.Duration
	keep            bool
	render          string // re-render from this results.json instead of measuring
}

func main() {
	var (
		o                                    options
		ns, listNs, forEach, figs, messageNs string
		err                                  error
	)
	flag.StringVar(&o.out, "out", "bench", "directory for README.md, wall-time.svg and results.json (relative to the repository root unless absolute)")
	flag.StringVar(&figs, "figures", "1-4,5,6", "what to measure: 1-4 (contacts against terraform_data, requests, latency, memory), 5 (the contact list), 6 (the checks of a message with N destinations), comma-separated; figures not measured are kept from the results.json the run replaces")
	flag.StringVar(&messageNs, "message-n", defaultMessageNs, "comma-separated destination counts of figure 6's bestsms_message")
	flag.StringVar(&o.actionTerraform, "action-terraform", "terraform", "the Terraform CLI of figure 6 (actions need 1.14 or later; the other figures use the terraform on PATH)")
	flag.StringVar(&ns, "n", "100,1000", "comma-separated resource counts of figures 1-4")
	flag.StringVar(&listNs, "list-n", defaultListNs, "comma-separated entry counts of figure 5's bestsms_contact_list")
	flag.StringVar(&forEach, "foreach-n", defaultForEachNs, "comma-separated counts of figure 5's for_each comparison")
	flag.IntVar(&o.reps, "reps", 3, "repetitions of every timed apply for N < 1000 (the median is reported)")
	flag.IntVar(&o.repsLarge, "reps-large", 1, "repetitions of every timed apply for N >= 1000 (about 1.5 min each on 2 cores)")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism for every apply")
	flag.DurationVar(&o.latency, "latency", 50*time.Millisecond, "latency of the second mock (figure 3)")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory (terraform logs, state, mock logs)")
	flag.StringVar(&o.render, "render", "", "only rewrite README.md's generated tables and wall-time.svg from this results.json")
	flag.Parse()
	for _, f := range strings.Split(figs, ",") {
		switch strings.TrimSpace(f) {
		case "1-4":
			o.figures1to4 = true
		case "5":
			o.figure5 = true
		case "6":
			o.figure6 = true
		default:
			fatalf("-figures: %q is none of 1-4, 5 and 6", f)
		}
	}
	if o.ns, err = counts("-n", ns); err != nil {
		fatalf("%v", err)
	}
	if o.listNs, err = counts("-list-n", listNs); err != nil {
		fatalf("%v", err)
	}
	if o.forEachNs, err = counts("-foreach-n", forEach); err != nil {
		fatalf("%v", err)
	}
	if o.messageNs, err = counts("-message-n", messageNs); err != nil {
		fatalf("%v", err)
	}
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

// maxN is the largest count the benchmark's people file holds (unique
// mobile numbers +614210xxxxx).
const maxN = 99999

// counts parses a comma-separated list of counts, sorted, without repeats.
func counts(flagName, list string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > maxN {
			return nil, fmt.Errorf("%s: %q is not a count between 1 and %d", flagName, f, maxN)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

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

	if o.figures1to4 {
		for i, n := range o.ns {
			r, err := b.measure(n, i == 0)
			if err != nil {
				return fmt.Errorf("measuring N = %d: %w", n, err)
			}
			report.Results = append(report.Results, r)
		}
	}
	if o.figure5 {
		for _, n := range o.listNs {
			r, err := b.measureList(n)
			if err != nil {
				return fmt.Errorf("measuring the contact list, N = %d: %w", n, err)
			}
			report.ContactList = append(report.ContactList, r)
		}
		for _, n := range o.forEachNs {
			r, err := b.measureForEach(n, report.Results)
			if err != nil {
				return fmt.Errorf("measuring for_each, N = %d: %w", n, err)
			}
			report.ForEach = append(report.ForEach, r)
		}
	}
	if o.figure6 {
		version, ok, reason := actionCLI(o.actionTerraform)
		if !ok {
			logf("figure 6 not measured: %s", reason)
			report.MessageSkipped = reason
		}
		for _, n := range o.messageNs {
			if !ok {
				break
			}
			r, err := b.measureMessage(n)
			if err != nil {
				return fmt.Errorf("measuring the message checks, N = %d: %w", n, err)
			}
			report.Message, report.MessageCLI = append(report.Message, r), version
		}
	}
	carryOver(outDir(root, o.out), o, report)
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

// carryOver copies into report the figures this run did not measure from
// the results.json it replaces, so that a run of one figure keeps the
// others, noting the date they were measured.
func carryOver(dir string, o options, report *Report) {
	data, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		return
	}
	var old Report
	if json.Unmarshal(data, &old) != nil {
		return
	}
	carried := map[string]string{}
	if !o.figures1to4 && len(old.Results) > 0 {
		report.Results, carried["1-4"] = old.Results, cmp.Or(old.CarriedOver["1-4"], old.Date)
	}
	if !o.figure5 && len(old.ContactList) > 0 {
		report.ContactList, report.ForEach, carried["5"] = old.ContactList, old.ForEach, cmp.Or(old.CarriedOver["5"], old.Date)
	}
	if !o.figure6 && len(old.Message) > 0 {
		report.Message, report.MessageCLI, carried["6"] = old.Message, old.MessageCLI, cmp.Or(old.CarriedOver["6"], old.Date)
	}
	if len(carried) > 0 {
		report.CarriedOver = carried
	}
}

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
// default client-side rate limit. It writes bench/results.json (every raw
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
//	go run ./bench [-n 100,1000] [-reps 3] [-reps-large 1] [-parallelism 10] [-latency 50ms] [-out bench] [-keep]
//	go run ./bench -render bench/results.json   (tables and chart again, from saved results)
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
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
	flag.StringVar(&o.render, "render", "", "only rewrite README.md's generated tables and wall-time.svg from this results.json")
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

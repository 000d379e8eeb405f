// Command testsummary reads the JSON stream of `go test -json` on standard
// input and prints what plain `go test` prints — one line per package, the
// full output of every failed test, build errors, panics — followed by a
// summary: how many tests passed, failed and were skipped, and the skipped
// tests grouped by the reason they gave. It exits 1 when a test or a
// package failed (or the stream holds no test result at all) and, with
// -fail-on-skip, when any test skipped whose reason -allow-skip (a regular
// expression) does not match.
//
// The make targets use it so that tests a Terraform CLI is too old for
// (actions need 1.14) are counted and named instead of passing silently:
//
//	go test -json ./... | go run ./tools/testsummary
//	go test -json ./internal/provider/ | go run ./tools/testsummary -fail-on-skip -label "Terraform 1.15.9"
//	go test -json ./internal/provider/ | go run ./tools/testsummary -fail-on-skip -allow-skip '^OpenTofu has no ' -label "OpenTofu 1.12.6"
//
// Lines that are not JSON (go test's own usage errors) are printed as they
// are.
//
// It imports nothing of the project.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

func main() {
	failOnSkip := flag.Bool("fail-on-skip", false, "exit 1 when any test skipped")
	allowSkip := flag.String("allow-skip", "", "with -fail-on-skip, a regular expression: skips whose reason it matches are allowed")
	label := flag.String("label", "", "what was tested, for the summary line (for example \"Terraform 1.15.9\")")
	flag.Parse()
	var allow *regexp.Regexp
	if *allowSkip != "" {
		var err error
		if allow, err = regexp.Compile(*allowSkip); err != nil {
			fmt.Fprintln(os.Stderr, "testsummary: -allow-skip:", err)
			os.Exit(2)
		}
	}
	res, err := summarise(os.Stdin, os.Stdout, *label, allow)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	if msg := res.verdict(*failOnSkip); msg != "" {
		fmt.Fprintln(os.Stdout, msg)
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// result counts test outcomes.
type result struct {
	passed, failed, skipped int
	// allowed of the skipped gave a reason -allow-skip matches.
	allowed int
	// failedPackages are packages that failed, or failed to build.
	failedPackages []string
}

// verdict is the reason to fail, or "".
func (r result) verdict(failOnSkip bool) string {
	switch {
	case r.failed > 0 || len(r.failedPackages) > 0:
		return fmt.Sprintf("FAIL: %d tests failed; failed packages: %s", r.failed, strings.Join(r.failedPackages, ", "))
	case r.passed+r.skipped == 0:
		return "FAIL: no test ran (is the input the output of go test -json?)"
	case failOnSkip && r.skipped > r.allowed && r.allowed > 0:
		return fmt.Sprintf("FAIL: %d tests skipped for a reason not allowed here (only %d skips were allowed)", r.skipped-r.allowed, r.allowed)
	case failOnSkip && r.skipped > r.allowed:
		return fmt.Sprintf("FAIL: %d tests skipped, and here every test must run", r.skipped)
	}
	return ""
}

type testKey struct{ pkg, test string }

// summariser holds the state of one stream.
type summariser struct {
	w       io.Writer
	res     result
	pending map[testKey][]string // output of tests still running
	order   []testKey            // start order of pending, for stable printing
	skips   map[string][]string  // reason → test names
	allow   *regexp.Regexp       // reasons of allowed skips, or nil
}

// summarise copies the stream's readable output to w, then writes the
// summary; skips whose reason allow matches (nil: none) are counted as
// allowed.
func summarise(r io.Reader, w io.Writer, label string, allow *regexp.Regexp) (result, error) {
	s := &summariser{w: w, pending: map[testKey][]string{}, skips: map[string][]string{}, allow: allow}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil || ev.Action == "" {
			fmt.Fprintf(w, "%s\n", line)
			continue
		}
		s.handle(ev)
	}
	if err := sc.Err(); err != nil {
		return s.res, err
	}
	s.flushPending("") // a stream cut short: show what the unfinished tests said
	s.printSummary(label)
	return s.res, nil
}

func (s *summariser) handle(ev event) {
	if ev.Action == "build-output" {
		fmt.Fprint(s.w, ev.Output)
		return
	}
	if ev.Action == "build-fail" {
		return // the package's own fail event follows
	}
	if ev.Test == "" {
		s.handlePackage(ev)
		return
	}
	k := testKey{ev.Package, ev.Test}
	switch ev.Action {
	case "run":
		if _, ok := s.pending[k]; !ok {
			s.pending[k] = nil
			s.order = append(s.order, k)
		}
	case "output":
		if _, ok := s.pending[k]; !ok {
			s.order = append(s.order, k)
		}
		s.pending[k] = append(s.pending[k], ev.Output)
	case "pass":
		s.res.passed++
		delete(s.pending, k)
	case "skip":
		s.res.skipped++
		reason := skipReason(s.pending[k])
		s.skips[reason] = append(s.skips[reason], ev.Test)
		if s.allow != nil && s.allow.MatchString(reason) {
			s.res.allowed++
		}
		delete(s.pending, k)
	case "fail":
		s.res.failed++
		for _, o := range s.pending[k] {
			fmt.Fprint(s.w, o)
		}
		delete(s.pending, k)
	}
}

// handlePackage prints package-level output (ok/FAIL lines, panics,
// timeouts) as go test does, without the bare "PASS".
func (s *summariser) handlePackage(ev event) {
	switch ev.Action {
	case "output":
		if ev.Output == "PASS\n" {
			return
		}
		if strings.HasPrefix(ev.Output, "FAIL") || strings.HasPrefix(ev.Output, "panic:") {
			// A panic or timeout ends the package with tests still
			// running: show what they said first.
			s.flushPending(ev.Package)
		}
		fmt.Fprint(s.w, ev.Output)
	case "fail":
		s.flushPending(ev.Package)
		s.res.failedPackages = append(s.res.failedPackages, ev.Package)
	}
}

// flushPending prints and forgets the output of the unfinished tests of
// pkg ("" for every package).
func (s *summariser) flushPending(pkg string) {
	keep := s.order[:0]
	for _, k := range s.order {
		out, ok := s.pending[k]
		if !ok {
			continue
		}
		if pkg != "" && k.pkg != pkg {
			keep = append(keep, k)
			continue
		}
		for _, o := range out {
			fmt.Fprint(s.w, o)
		}
		delete(s.pending, k)
	}
	s.order = keep
}

// logPrefix is the "    file_test.go:12: " go test puts before t.Log and
// t.Skip text.
var logPrefix = regexp.MustCompile(`^\s*[\w.-]+\.go:\d+: `)

// skipReason extracts the t.Skip message from a skipped test's output.
func skipReason(output []string) string {
	var lines []string
	for _, o := range output {
		o = strings.TrimRight(o, "\n")
		trimmed := strings.TrimSpace(o)
		if trimmed == "" || strings.HasPrefix(trimmed, "=== ") || strings.HasPrefix(trimmed, "--- ") {
			continue
		}
		lines = append(lines, strings.TrimSpace(logPrefix.ReplaceAllString(o, "")))
	}
	if len(lines) == 0 {
		return "(no reason given)"
	}
	return strings.Join(lines, " ")
}

// versionSkip matches terraform-plugin-testing's tfversion.SkipBelow message
// and internal/acctest's, which also names OpenTofu; openTofuSkip matches
// acctest's skip of a test of a feature OpenTofu does not have.
var (
	versionSkip  = regexp.MustCompile(`^(?:Terraform|OpenTofu) CLI version \S+ is below minimum version \S+`)
	openTofuSkip = regexp.MustCompile(`^OpenTofu has no `)
)

func (s *summariser) printSummary(label string) {
	on := ""
	if label != "" {
		on = " on " + label
	}
	fmt.Fprintf(s.w, "\ntests%s: %d passed, %d failed, %d skipped\n", on, s.res.passed, s.res.failed, s.res.skipped)
	if s.res.skipped == 0 {
		return
	}
	reasons := make([]string, 0, len(s.skips))
	for r := range s.skips {
		reasons = append(reasons, r)
	}
	// Most skipped first, then by reason.
	sort.Slice(reasons, func(i, j int) bool {
		if a, b := len(s.skips[reasons[i]]), len(s.skips[reasons[j]]); a != b {
			return a > b
		}
		return reasons[i] < reasons[j]
	})
	fmt.Fprintf(s.w, "%d tests skipped%s:\n", s.res.skipped, on)
	for _, r := range reasons {
		names := s.skips[r]
		sort.Strings(names)
		fmt.Fprintf(s.w, "  %d: %s\n", len(names), r)
		switch {
		case versionSkip.MatchString(r):
			fmt.Fprintln(s.w, "     (these need a newer CLI: run them with TF_ACC_TERRAFORM_PATH=/path/to/terraform make testacc)")
		case openTofuSkip.MatchString(r):
			fmt.Fprintln(s.w, "     (OpenTofu lacks what these test: they run on Terraform)")
		}
		if s.allow != nil && s.allow.MatchString(r) {
			fmt.Fprintln(s.w, "     (allowed here by -allow-skip)")
		}
		fmt.Fprintf(s.w, "     %s\n", strings.Join(names, ", "))
	}
}

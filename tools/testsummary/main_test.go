package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goTestJSON runs `go test -json` on a throwaway module holding files and
// returns the stream, so the summariser is tested on what the Go toolchain
// really writes.
func goTestJSON(t *testing.T, files map[string]string, args ...string) []byte {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/sample\n\ngo 1.25\n"
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", append([]string{"test", "-json", "-count=1"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	out, _ := cmd.Output() // fails when a test fails; the stream is what matters
	if len(out) == 0 {
		t.Fatalf("go test -json wrote nothing")
	}
	return out
}

func run(t *testing.T, stream []byte, label string) (result, string) {
	t.Helper()
	var out bytes.Buffer
	res, err := summarise(bytes.NewReader(stream), &out, label, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, out.String()
}

func mustContain(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func mustNotContain(t *testing.T, out string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(out, u) {
			t.Errorf("output contains %q:\n%s", u, out)
		}
	}
}

const sampleTests = `package sample

import "testing"

func TestPasses(t *testing.T) { t.Log("quiet when passing") }

func TestOldCLI1(t *testing.T) {
	t.Skip("Terraform CLI version 1.11.4 is below minimum version 1.14.0: skipping test")
}

func TestOldCLI2(t *testing.T) {
	t.Parallel()
	t.Skip("Terraform CLI version 1.11.4 is below minimum version 1.14.0: skipping test")
}

func TestNoAcc(t *testing.T) { t.Skip("set TF_ACC=1") }

func TestSub(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("skipped", func(t *testing.T) { t.Skip("set TF_ACC=1") })
}
`

func TestSummaryCountsAndGroupsSkips(t *testing.T) {
	stream := goTestJSON(t, map[string]string{"sample_test.go": sampleTests}, "./...")
	res, out := run(t, stream, "Terraform 1.11.4")

	if res.passed != 3 || res.failed != 0 || res.skipped != 4 {
		t.Errorf("counts = %d passed, %d failed, %d skipped; want 3, 0, 4", res.passed, res.failed, res.skipped)
	}
	mustContain(t, out,
		"ok  \texample.com/sample\t",
		"tests on Terraform 1.11.4: 3 passed, 0 failed, 4 skipped\n",
		"4 tests skipped on Terraform 1.11.4:\n",
		"  2: Terraform CLI version 1.11.4 is below minimum version 1.14.0: skipping test\n",
		"TF_ACC_TERRAFORM_PATH=",
		"     TestOldCLI1, TestOldCLI2\n",
		"  2: set TF_ACC=1\n     TestNoAcc, TestSub/skipped\n",
	)
	// Like plain go test: nothing from passing or skipped tests.
	mustNotContain(t, out, "quiet when passing", "=== RUN", "--- SKIP", "PASS\n")
	if v := res.verdict(false); v != "" {
		t.Errorf("verdict = %q, want none", v)
	}
	if v := res.verdict(true); !strings.Contains(v, "4 tests skipped") {
		t.Errorf("verdict with -fail-on-skip = %q, want a failure naming 4 skipped tests", v)
	}
}

// On OpenTofu, .ci/run allows only the skips of features OpenTofu lacks.
func TestSummaryAllowedSkips(t *testing.T) {
	stream := goTestJSON(t, map[string]string{"sample_test.go": `package sample

import "testing"

func TestRuns(t *testing.T) {}

func TestAction1(t *testing.T) {
	t.Skip("OpenTofu has no actions (a Terraform feature OpenTofu 1.12.6 lacks): skipping test")
}

func TestAction2(t *testing.T) {
	t.Skip("OpenTofu has no actions (a Terraform feature OpenTofu 1.12.6 lacks): skipping test")
}

func TestEphemeral(t *testing.T) {
	t.Skip("OpenTofu CLI version 1.10.0 is below minimum version 1.11.0 for ephemeral resources: skipping test")
}
`}, "./...")
	allow := regexp.MustCompile(`^OpenTofu has no `)
	var out bytes.Buffer
	res, err := summarise(bytes.NewReader(stream), &out, "OpenTofu 1.12.6", allow)
	if err != nil {
		t.Fatal(err)
	}
	if res.skipped != 3 || res.allowed != 2 {
		t.Errorf("skipped %d, allowed %d; want 3, 2", res.skipped, res.allowed)
	}
	mustContain(t, out.String(),
		"tests on OpenTofu 1.12.6: 1 passed, 0 failed, 3 skipped\n",
		"  2: OpenTofu has no actions (a Terraform feature OpenTofu 1.12.6 lacks): skipping test\n"+
			"     (OpenTofu lacks what these test: they run on Terraform)\n     (allowed here by -allow-skip)\n",
		"  1: OpenTofu CLI version 1.10.0 is below minimum version 1.11.0 for ephemeral resources: skipping test\n"+
			"     (these need a newer CLI",
	)
	if v := res.verdict(true); !strings.Contains(v, "1 tests skipped for a reason not allowed here") {
		t.Errorf("verdict = %q, want a failure for the one skip not allowed", v)
	}
	res.skipped, res.allowed = 2, 2
	if v := res.verdict(true); v != "" {
		t.Errorf("verdict with only allowed skips = %q, want none", v)
	}
}

func TestSummaryShowsFailures(t *testing.T) {
	stream := goTestJSON(t, map[string]string{
		"a/a_test.go": `package a

import "testing"

func TestGood(t *testing.T) { t.Log("hidden") }

func TestBad(t *testing.T) {
	t.Run("inner", func(t *testing.T) { t.Errorf("want 2, got 3") })
}
`,
		"b/b_test.go": `package b

import "testing"

func TestFine(t *testing.T) {}
`,
	}, "./...")
	res, out := run(t, stream, "")

	if res.passed != 2 || res.failed != 2 {
		t.Errorf("counts = %d passed, %d failed; want 2 and 2 (TestBad and TestBad/inner)", res.passed, res.failed)
	}
	mustContain(t, out, "--- FAIL: TestBad/inner", "want 2, got 3", "FAIL\texample.com/sample/a", "ok  \texample.com/sample/b",
		"tests: 2 passed, 2 failed, 0 skipped\n")
	mustNotContain(t, out, "hidden", "tests skipped")
	if v := res.verdict(false); !strings.Contains(v, "example.com/sample/a") || strings.Contains(v, "sample/b") {
		t.Errorf("verdict = %q, want a failure naming package a only", v)
	}
}

func TestSummaryShowsBuildErrorsAndPanics(t *testing.T) {
	stream := goTestJSON(t, map[string]string{
		"broken/x_test.go": "package broken\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { undefinedThing() }\n",
		"panics/p_test.go": `package panics

import "testing"

func TestBefore(t *testing.T) {}

func TestPanics(t *testing.T) {
	t.Log("about to fall over")
	panic("boom")
}
`,
	}, "./...")
	res, out := run(t, stream, "")

	mustContain(t, out, "undefined: undefinedThing", "about to fall over", "panic: boom", "FAIL\texample.com/sample/panics")
	if v := res.verdict(false); !strings.Contains(v, "example.com/sample/broken") || !strings.Contains(v, "example.com/sample/panics") {
		t.Errorf("verdict = %q, want both packages named", v)
	}
}

func TestSummaryTimeoutShowsRunningTest(t *testing.T) {
	stream := goTestJSON(t, map[string]string{"slow_test.go": `package sample

import (
	"testing"
	"time"
)

func TestHangs(t *testing.T) {
	t.Log("waiting for a reply")
	time.Sleep(time.Minute)
}
`}, "-timeout", "1s", "./...")
	res, out := run(t, stream, "")

	mustContain(t, out, "waiting for a reply", "panic: test timed out after 1s", "TestHangs")
	if res.verdict(false) == "" {
		t.Error("a timed-out package passed")
	}
}

func TestSummaryPassesNonJSONThrough(t *testing.T) {
	res, out := run(t, []byte("flag provided but not defined: -nope\n"), "")
	mustContain(t, out, "flag provided but not defined: -nope\n")
	if v := res.verdict(false); !strings.Contains(v, "no test ran") {
		t.Errorf("verdict = %q, want a failure: nothing ran", v)
	}
}

func TestSkipReason(t *testing.T) {
	for _, tc := range []struct {
		output []string
		want   string
	}{
		{[]string{"=== RUN   TestX\n", "    x_test.go:9: needs TF_ACC\n", "--- SKIP: TestX (0.00s)\n"}, "needs TF_ACC"},
		{[]string{"=== RUN   TestX\n", "    x_test.go:9: line one\n", "        line two\n", "--- SKIP: TestX (0.00s)\n"}, "line one line two"},
		{[]string{"=== RUN   TestX\n", "--- SKIP: TestX (0.00s)\n"}, "(no reason given)"},
	} {
		if got := skipReason(tc.output); got != tc.want {
			t.Errorf("skipReason(%q) = %q, want %q", tc.output, got, tc.want)
		}
	}
}

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Figure 6: the checks of a bestsms_message action with N destinations
// (1,000 is the most a message takes): `terraform validate`, a plan of the
// configuration that holds the action, and `terraform apply -invoke` of it
// in test mode against the mock. The checks must grow linearly with N; the
// target is that N = 1,000 takes at most about 10 × N = 100.

// targetMessageRatio is the most the validate of the largest N may take
// over the smallest, per 10 × the destinations.
const (
	targetMessageRatio = 10.0
	defaultMessageNs   = "100,1000"
)

// MessageResult holds figure 6 for one N.
type MessageResult struct {
	N        int    `json:"n"`
	Validate Sample `json:"validate"`
	Plan     Sample `json:"plan"`
	Invoke   Sample `json:"apply_invoke"`
}

// actionCLI is the CLI figure 6 runs: actions need Terraform 1.14 or later.
// ok is false, with the reason, when the CLI is older.
func actionCLI(path string) (version string, ok bool, reason string) {
	out, err := exec.Command(path, "version").Output()
	if err != nil {
		return "", false, fmt.Sprintf("%s version: %v", path, err)
	}
	m := regexp.MustCompile(`Terraform v(\d+)\.(\d+)\.\d+`).FindStringSubmatch(string(out))
	if m == nil {
		return "", false, fmt.Sprintf("%s is not a Terraform CLI", path)
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	version = strings.TrimPrefix(m[0], "Terraform ")
	if major == 1 && minor < 14 {
		return version, false, fmt.Sprintf("Terraform %s knows no actions (1.14+): pass -action-terraform with a newer CLI", version)
	}
	return version, true, ""
}

// measureMessage takes figure 6 for n destinations.
func (b *bench) measureMessage(n int) (*MessageResult, error) {
	dir := filepath.Join(b.work, fmt.Sprintf("message-n%d", n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var dests strings.Builder
	for i := range n {
		fmt.Fprintf(&dests, "      { recipient = \"+614210%05d\", first_name = \"P%d\" },\n", i+1, i)
	}
	cfg := fmt.Sprintf(`terraform {
  required_providers {
    bestsms = {
      source  = "bestsms/bestsms"
      version = %q
    }
  }
}

# base_url and auth_token come from BESTSMS_BASE_URL and BESTSMS_AUTH_TOKEN.
provider "bestsms" {
  max_requests_per_second = 0 # benchmark: no client-side limit
}

action "bestsms_message" "all" {
  config {
    message   = "Hello [[First Name]]"
    test_mode = true
    destinations = [
%s    ]
  }
}
`, providerVersion, dests.String())
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	cli := b.o.actionTerraform
	if _, _, err := b.run(cli, dir, b.mock, nil, nil, "init", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	r := &MessageResult{N: n}
	var err error
	if r.Validate, _, err = b.run(cli, dir, b.mock, nil, nil, "validate", "-no-color"); err != nil {
		return nil, err
	}
	if r.Plan, _, err = b.run(cli, dir, b.mock, nil, nil, "plan", "-input=false", "-no-color"); err != nil {
		return nil, err
	}
	if err := b.mock.post("/_mock/reset"); err != nil {
		return nil, err
	}
	if r.Invoke, _, err = b.run(cli, dir, b.mock, nil, nil, "apply", "-auto-approve", "-input=false", "-no-color",
		"-invoke=action.bestsms_message.all"); err != nil {
		return nil, err
	}
	logf("message N=%d: validate %.2fs (provider CPU %.2fs), plan %.2fs, apply -invoke %.2fs", n, r.Validate.Seconds,
		r.Validate.ProviderCPU, r.Plan.Seconds, r.Invoke.Seconds)
	return r, nil
}

// messageTable is README.md's figure 6.
func messageTable(rep *Report) string {
	if len(rep.Message) == 0 {
		reason := rep.MessageSkipped
		if reason == "" {
			reason = "`-figures` without 6, or a run from before figure 6"
		}
		return "Figure 6 was not measured in this run (" + reason + "): `make bench` measures it.\n"
	}
	var w strings.Builder
	cols := []string{"#", "Measure"}
	for _, r := range rep.Message {
		cols = append(cols, fmt.Sprintf("N = %d", r.N))
	}
	cols = append(cols, "Target", "Result")
	w.WriteString("| " + strings.Join(cols, " | ") + " |\n|" + strings.Repeat("---|", len(cols)) + "\n")
	row := func(name string, cell func(r *MessageResult) string, target, result string) {
		cells := []string{"6", name}
		for _, r := range rep.Message {
			cells = append(cells, cell(r))
		}
		w.WriteString("| " + strings.Join(append(cells, target, result), " | ") + " |\n")
	}
	first, last := rep.Message[0], rep.Message[len(rep.Message)-1]
	verdictFor := func(f func(r *MessageResult) float64) string {
		if first.N == last.N || f(first) <= 0 {
			return "needs two N"
		}
		ratio, allowed := f(last)/f(first), targetMessageRatio*float64(last.N)/float64(first.N)/10
		return fmt.Sprintf("%.1f × for %d × the destinations: %s", ratio, last.N/first.N, verdict(ratio <= allowed))
	}
	sec := func(s func(r *MessageResult) Sample) func(r *MessageResult) string {
		return func(r *MessageResult) string {
			return fmt.Sprintf("%.2f s (provider CPU %.2f s)", s(r).Seconds, s(r).ProviderCPU)
		}
	}
	row("`terraform validate` of one `bestsms_message` with N destinations", sec(func(r *MessageResult) Sample { return r.Validate }),
		fmt.Sprintf("N = %d at most %.0f × N = %d", last.N, targetMessageRatio, first.N),
		verdictFor(func(r *MessageResult) float64 { return r.Validate.Seconds }))
	row("`terraform plan` of that configuration", sec(func(r *MessageResult) Sample { return r.Plan }), "—",
		verdictFor(func(r *MessageResult) float64 { return r.Plan.Seconds }))
	row("`terraform apply -invoke` (test mode, against the mock)", sec(func(r *MessageResult) Sample { return r.Invoke }), "—",
		verdictFor(func(r *MessageResult) float64 { return r.Invoke.Seconds }))
	return w.String()
}

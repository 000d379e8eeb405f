package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestHelpListsFlagsAndTheWholeAdminAPI: -h exits with flag.ErrHelp (exit
// status 0 in main) and prints every flag and every admin endpoint with the
// start of its description.
func TestHelpListsFlagsAndTheWholeAdminAPI(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-h"}, &stdout, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h: %v, want flag.ErrHelp", err)
	}
	help := stderr.String()
	for _, f := range []string{"-addr", "-token", "-state", "-latency", "-fault-rate", "-delivery-delay", "-webhook-url", "-v"} {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(f) + `\b`).MatchString(help) {
			t.Errorf("-h does not list the flag %s:\n%s", f, help)
		}
	}
	eps := mockapi.AdminEndpoints()
	if len(eps) < 10 {
		t.Fatalf("only %d admin endpoints", len(eps))
	}
	for _, ep := range eps {
		first := strings.Fields(ep.Description)[0]
		line := regexp.MustCompile(`(?m)^  ` + ep.Method + ` +` + regexp.QuoteMeta(ep.Path) + ` +` + regexp.QuoteMeta(first))
		if !line.MatchString(help) {
			t.Errorf("-h lacks %s %s (%q…):\n%s", ep.Method, ep.Path, first, help)
		}
	}
	if stdout.Len() != 0 {
		t.Errorf("-h wrote to stdout: %q", stdout.String())
	}
}

func TestWrap(t *testing.T) {
	text := `replace the fault injection, e.g. {"rate":0.3,"statuses":[500,429],"retry_after_seconds":1,"seed":7}; also more words here`
	lines := wrap(text, 30)
	if got, want := strings.Join(lines, " "), strings.Join(strings.Fields(text), " "); got != want {
		t.Errorf("wrap lost words:\n got %q\nwant %q", got, want)
	}
	for _, l := range lines {
		if utf8.RuneCountInString(l) > 30 && strings.Contains(l, " ") {
			t.Errorf("line longer than 30 with a break possible: %q", l)
		}
	}
	if len(lines) < 4 {
		t.Errorf("expected several lines, got %q", lines)
	}
	equalLines := func(got []string, want ...string) {
		t.Helper()
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	equalLines(wrap("a b c", 3), "a b", "c")
	equalLines(wrap("", 10), "")
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The workloads: for each N, the configurations the benchmark applies and
// the order of the runs that take every figure.

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

type configKind int

const (
	kindData configKind = iota
	kindContacts
	kindContactsDefaultLimit
	kindContactList // figure 5: one bestsms_contact_list of every person
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
			MobilePhone:  fmt.Sprintf("+614210%05d", i), // 04 2101 0000 for i = 10000
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
	if err := writePeople(dir, people(n)); err != nil {
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
	case kindContacts, kindContactsDefaultLimit, kindContactList:
		tf.WriteString(providerPreamble(kind != kindContactsDefaultLimit) + "\n" + peopleLocals)
		if kind == kindContactList {
			tf.WriteString(`
resource "bestsms_contact_list" "people" {
  contacts = local.people
}
`)
			break
		}
		tf.WriteString(`
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

// providerPreamble is the start of every configuration of the provider:
// required_providers and the provider block (base_url and auth_token from
// the environment), without the client-side rate limit when noLimit.
func providerPreamble(noLimit bool) string {
	limit := ""
	if noLimit {
		limit = "  max_requests_per_second = 0 # benchmark: no client-side limit\n"
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    bestsms = {
      source  = "bestsms/bestsms"
      version = %q
    }
  }
}

# base_url and auth_token come from BESTSMS_BASE_URL and BESTSMS_AUTH_TOKEN.
provider "bestsms" {
%s}
`, providerVersion, limit)
}

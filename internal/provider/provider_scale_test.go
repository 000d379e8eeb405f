package provider_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// skipScaleTestIfShort skips the slow tests of this file (over a minute
// each on two cores) under go test -short; make test runs them.
func skipScaleTestIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("scale test (hundreds of contacts through Terraform): skipped with -short")
	}
}

// TestAccBulkRead refreshes 250 contacts (3 list pages): with bulk_read
// the refresh costs the list pages, without it one GET per contact.
func TestAccBulkRead(t *testing.T) {
	skipScaleTestIfShort(t)
	mock := acctest.NewMock(t)
	const n = 250
	var refreshWith, refreshWithout mockapi.Stats
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{Config: mock.RosterConfig(n, "max_requests_per_second = 0")},
			{
				PreConfig: mock.ResetStats,
				Config:    mock.RosterConfig(n, "max_requests_per_second = 0"),
				PlanOnly:  true,
			},
			{
				PreConfig: func() {
					refreshWith = mock.Stats()
					mock.ResetStats()
				},
				Config:   mock.RosterConfig(n, "max_requests_per_second = 0", "bulk_read = false"),
				PlanOnly: true,
			},
			{
				PreConfig: func() { refreshWithout = mock.Stats() },
				Config:    mock.RosterConfig(n, "max_requests_per_second = 0"),
				PlanOnly:  true,
			},
		},
	})
	t.Logf("refresh of %d contacts: bulk_read=true %d requests %v; bulk_read=false %d requests", n, refreshWith.Total, refreshWith.Routes, refreshWithout.Total)
	if refreshWith.Total > 10 {
		t.Errorf("refresh with bulk_read made %d requests, want at most 10: %v", refreshWith.Total, refreshWith.Routes)
	}
	if pages, want := refreshWith.Routes["GET addressbook/contact/list"], (n+client.AddressBookPageSize-1)/client.AddressBookPageSize; pages != want {
		t.Errorf("refresh read %d list pages, want %d (%d contacts at %d a page)", pages, want, n, client.AddressBookPageSize)
	}
	if refreshWithout.Total < n {
		t.Errorf("refresh without bulk_read made %d requests, want >= %d (one per contact)", refreshWithout.Total, n)
	}
}

// rateWindow records request times to check a client-side rate limit.
type rateWindow struct {
	mu    sync.Mutex
	times []time.Time
}

func (w *rateWindow) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.mu.Lock()
			w.times = append(w.times, time.Now())
			w.mu.Unlock()
		}
		next.ServeHTTP(rw, r)
	})
}

// maxInWindow returns the most requests seen within any span of d.
func (w *rateWindow) maxInWindow(d time.Duration) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	ts := append([]time.Time(nil), w.times...)
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best, lo := 0, 0
	for hi := range ts {
		for ts[hi].Sub(ts[lo]) >= d {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// TestAccRateLimit applies 30 contacts at -parallelism 10 with
// max_requests_per_second = 5, through 429 answers with Retry-After: the
// API never sees more than the limit allows (burst 5 + 5 per second), and
// everything converges.
func TestAccRateLimit(t *testing.T) {
	skipScaleTestIfShort(t)
	var window rateWindow
	mock := acctest.NewMockWrapped(t, window.middleware)
	mock.SetFaults(mockapi.Faults{Rate: 0.2, Statuses: []int{429}, RetryAfterSeconds: 1, Seed: 7})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{{
			Config: mock.RosterConfig(30, "max_requests_per_second = 5", "max_retries = 10"),
			Check: acctest.CheckMock(func() error {
				if n := len(mock.Contacts()); n != 30 {
					return fmt.Errorf("mock holds %d contacts, want 30", n)
				}
				if got := window.maxInWindow(time.Second); got > 10 {
					return fmt.Errorf("%d requests reached the API within one second; the limit allows 10 (burst 5 + 5/s)", got)
				}
				return nil
			}),
		}},
	})
}

// TestAccFaultConvergence applies 200 contacts, 5 groups and their
// memberships while the mock fails 30% of requests with 500 or 429 — half
// of the 500s after the change was made, which is what an unknown outcome
// looks like. The result must be exactly the declared objects: no duplicate
// contact, no orphan, and a second plan without changes.
//
// At this failure rate a request needs up to 11 attempts; request_timeout
// is raised so that max_retries, not the time budget of a request (its
// retries start within request_timeout), is what bounds them.
func TestAccFaultConvergence(t *testing.T) {
	skipScaleTestIfShort(t)
	var unknownCreates faultLog
	mock := acctest.NewMockWrapped(t, unknownCreates.middleware("POST", "/addressbook/contact"))
	config := mock.ProviderConfig("max_requests_per_second = 0", "max_retries = 10", `request_timeout = "5m"`) + `
locals {
  teams = ["alpha", "bravo", "charlie", "delta", "echo"]
}
resource "bestsms_contact" "person" {
  count        = 200
  attention    = "Person ${count.index}"
  mobile_phone = format("04211%05d", count.index)
}
resource "bestsms_group" "team" {
  count = length(local.teams)
  name  = "Team ${local.teams[count.index]}"
}
resource "bestsms_group_membership" "member" {
  count      = 200
  group_id   = bestsms_group.team[count.index % 5].id
  contact_id = bestsms_contact.person[count.index].id
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			mock.SetFaults(mockapi.Faults{})
			if err := mock.CheckNoContacts(s); err != nil {
				return err
			}
			return mock.CheckNoGroups(s)
		},
		Steps: []resource.TestStep{{
			PreConfig: func() {
				mock.SetFaults(mockapi.Faults{Rate: 0.3, Statuses: []int{500, 429}, AfterFraction: 0.5, Seed: 42})
			},
			Config: config,
			Check: acctest.CheckMock(func() error {
				mock.SetFaults(mockapi.Faults{}) // assertions read the store directly; keep the follow-up plan honest too
				contacts := mock.Contacts()
				if len(contacts) != 200 {
					return fmt.Errorf("mock holds %d contacts, want exactly 200 (duplicates or losses)", len(contacts))
				}
				seen := map[string]bool{}
				for _, c := range contacts {
					if seen[c.Attention] {
						return fmt.Errorf("duplicate contact %q", c.Attention)
					}
					seen[c.Attention] = true
				}
				groups := mock.Groups()
				if len(groups) != 5 {
					return fmt.Errorf("mock holds %d groups, want 5", len(groups))
				}
				for _, g := range groups {
					if n := len(mock.GroupMembers(g.GroupID)); n != 40 {
						return fmt.Errorf("group %s has %d members, want 40", g.GroupCode, n)
					}
				}
				return nil
			}),
		}},
	})
	// The recovery path must have been exercised: creates answered 500
	// after the contact was stored, yet no duplicate exists.
	t.Logf("contact creates answered 500 after the change: %d", unknownCreates.count())
	if unknownCreates.count() == 0 {
		t.Error("no create had an unknown outcome; the test did not exercise recovery (change the seed)")
	}
}

// faultLog counts answers the mock marked as injected after the change
// (X-Mock-Fault: after-change) for one method and path suffix.
type faultLog struct {
	mu sync.Mutex
	n  int
}

func (l *faultLog) middleware(method, suffix string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if r.Method == method && strings.HasSuffix(r.URL.Path, suffix) && w.Header().Get("X-Mock-Fault") == "after-change" {
				l.mu.Lock()
				l.n++
				l.mu.Unlock()
			}
		})
	}
}

func (l *faultLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

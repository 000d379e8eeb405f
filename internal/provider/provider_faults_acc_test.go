package provider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// The provider under a hostile network, through Terraform: each case has
// the mock misbehave during a first apply (or plan), which may fail, then
// a clean apply. Afterwards the mock must hold exactly the declared objects
// (no duplicate, no orphan), no state entry may have an empty id, and the
// plan after the clean apply must be empty (which plugin-testing checks).

// netRule is a network fault rule on one method and path.
func netRule(mode mockapi.NetFaultMode, method, path string, count int) mockapi.NetFault {
	return mockapi.NetFault{Mode: mode, Method: method, Path: path, Count: count}
}

// checkIDs fails on any managed resource in state without an id.
func checkIDs(s *terraform.State) error {
	for addr, rs := range s.RootModule().Resources {
		if strings.HasPrefix(addr, "data.") {
			continue
		}
		if rs.Primary == nil || rs.Primary.ID == "" || rs.Primary.Attributes["id"] == "" {
			return fmt.Errorf("%s has an empty id in state", addr)
		}
	}
	return nil
}

// checkCounts asserts how many contacts and groups the mock holds, all
// distinct.
func checkCounts(m *acctest.Mock, contacts, groups int) resource.TestCheckFunc {
	return acctest.CheckMock(func() error {
		cs, gs := m.Contacts(), m.Groups()
		if len(cs) != contacts || len(gs) != groups {
			return fmt.Errorf("mock holds %d contacts and %d groups, want %d and %d", len(cs), len(gs), contacts, groups)
		}
		return nil
	})
}

func TestAccFaults_createsConverge(t *testing.T) {
	oneContact := `
resource "bestsms_contact" "jane" {
  first_name   = "Jane"
  mobile_phone = "0421 000 001"
}
`
	twins := `
resource "bestsms_contact" "twin" {
  count        = 2
  first_name   = "Twin"
  mobile_phone = "0421 000 002"
}
`
	group := `
resource "bestsms_group" "oncall" {
  name = "On Call"
}
`
	var elsewhere atomic.Int32
	other := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, `{"Result":"Success","Contact":{"ContactID":"from-elsewhere"}}`)
	}))

	for _, tc := range []struct {
		name     string
		rules    []mockapi.NetFault
		args     []string
		config   string
		contacts int
		groups   int
		// abandoned is how many creates the provider must give up on
		// before the mock finished answering: a late answer (after
		// request_timeout) or an oversized one (after 32 MiB).
		abandoned int32
	}{
		{"1 create answered after request_timeout", []mockapi.NetFault{{Mode: mockapi.NetDelay, Method: "POST",
			Path: "addressbook/contact", Count: 1, Delay: mockapi.Duration(30 * time.Second)}},
			[]string{`request_timeout = "2s"`}, oneContact, 1, 0, 1},
		{"2 create answer truncated", []mockapi.NetFault{netRule(mockapi.NetTruncate, "POST", "addressbook/contact", 1)},
			nil, oneContact, 1, 0, 0},
		{"2 create answer empty", []mockapi.NetFault{netRule(mockapi.NetEmpty, "POST", "addressbook/contact", 1)},
			nil, oneContact, 1, 0, 0},
		{"2 group create answer truncated", []mockapi.NetFault{netRule(mockapi.NetTruncate, "POST", "addressbook/group", 1)},
			nil, group, 0, 1, 0},
		{"3 identical contacts: one answered late, one 502 before the API", []mockapi.NetFault{
			{Mode: mockapi.NetDelay, Method: "POST", Path: "addressbook/contact", Count: 1, Delay: mockapi.Duration(3 * time.Second)},
			netRule(mockapi.NetHTML502, "POST", "addressbook/contact", 1)},
			nil, twins, 2, 0, 0},
		{"4 create answered without the object", []mockapi.NetFault{netRule(mockapi.NetNoObject, "POST", "addressbook/contact", 1)},
			nil, oneContact, 1, 0, 0},
		{"4 create answered with a 302", []mockapi.NetFault{{Mode: mockapi.NetRedirect, Method: "POST",
			Path: "addressbook/contact", Count: 1, Status: 302, Location: "/api/v2.04/addressbook/contact/list"}},
			nil, oneContact, 1, 0, 0},
		{"5 create redirected to another origin", []mockapi.NetFault{{Mode: mockapi.NetRedirect, Method: "POST",
			Path: "addressbook/contact", Count: 1, Location: other.URL + "/api/v2.04/addressbook/contact"}},
			nil, oneContact, 1, 0, 0},
		{"8 create answer oversized", []mockapi.NetFault{{Mode: mockapi.NetOversized, Method: "POST",
			Path: "addressbook/contact", Count: 1}},
			nil, oneContact, 1, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Creates the provider gave up on before the mock finished answering.
			var abandoned atomic.Int32
			mock := acctest.NewMockWrapped(t, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					next.ServeHTTP(w, r)
					if r.Method == http.MethodPost && r.Context().Err() != nil {
						abandoned.Add(1)
					}
				})
			})
			config := mock.ProviderConfig(append([]string{"max_requests_per_second = 0"}, tc.args...)...) + tc.config
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             checkCounts(mock, 0, 0),
				Steps: []resource.TestStep{
					{
						PreConfig: func() { mock.SetFaults(mockapi.Faults{Network: tc.rules}) },
						Config:    config,
						Check:     resource.ComposeTestCheckFunc(checkIDs, checkCounts(mock, tc.contacts, tc.groups)),
					},
					{
						PreConfig: func() { mock.SetFaults(mockapi.Faults{}) },
						Config:    config,
						Check:     resource.ComposeTestCheckFunc(checkIDs, checkCounts(mock, tc.contacts, tc.groups), checkDistinctIDs),
					},
				},
			})
			if got := abandoned.Load(); got != tc.abandoned {
				t.Errorf("creates abandoned before the answer = %d, want %d", got, tc.abandoned)
			}
		})
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other origin received %d requests", n)
	}
}

// checkDistinctIDs fails when two resources in state share an id.
func checkDistinctIDs(s *terraform.State) error {
	seen := map[string]string{}
	for addr, rs := range s.RootModule().Resources {
		if prev, ok := seen[rs.Primary.ID]; ok {
			return fmt.Errorf("%s and %s share id %s", prev, addr, rs.Primary.ID)
		}
		seen[rs.Primary.ID] = addr
	}
	return nil
}

// Cases 5, 6 and 8 on reads: a plan whose listing is redirected, never
// ends or is oversized fails with a clear error and no request elsewhere;
// items repeated across pages are counted once.
func TestAccFaults_listings(t *testing.T) {
	var elsewhere atomic.Int32
	other := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))

	const contacts = client.AddressBookPageSize + 50 // two pages
	data := `
data "bestsms_contacts" "all" {}
`
	for _, tc := range []struct {
		name   string
		rule   mockapi.NetFault
		expect *regexp.Regexp
	}{
		{"5 listing redirected to another origin", mockapi.NetFault{Mode: mockapi.NetRedirect, Method: "GET", Path: "contact/list",
			Location: other.URL + "/api/v2.04/addressbook/contact/list"},
			acctest.Wrapped("does not follow redirects", "HTTP 307 redirect to "+other.URL, "base_url")},
		{"6 listing that never ends", netRule(mockapi.NetEndlessPages, "GET", "contact/list", 0),
			// the pages of 500 look cut (page 2 of "3" is short), so it is read again by 100, which ends too
			acctest.Wrapped("paging did not add up", "listing stopped at page 7", "repeats only items of earlier pages")},
		{"8 listing oversized", mockapi.NetFault{Mode: mockapi.NetOversized, Method: "GET", Path: "contact/list"},
			acctest.Wrapped("larger than the client accepts (at most 32 MiB accepted)")},
		{"6 items repeated across pages", netRule(mockapi.NetRepeatItems, "GET", "contact/list", 0), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mock := acctest.NewMock(t)
			for i := range contacts {
				mock.PutContact(mockapi.Contact{FirstName: fmt.Sprint("P", i)})
			}
			config := mock.ProviderConfig() + data
			count := statecheck.ExpectKnownValue("data.bestsms_contacts.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(contacts))
			first := resource.TestStep{
				PreConfig:   func() { mock.SetFaults(mockapi.Faults{Network: []mockapi.NetFault{tc.rule}}) },
				Config:      config,
				ExpectError: tc.expect,
			}
			if tc.expect == nil {
				first.ConfigStateChecks = []statecheck.StateCheck{count}
			}
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{first, {
					PreConfig:         func() { mock.SetFaults(mockapi.Faults{}) },
					Config:            config,
					ConfigStateChecks: []statecheck.StateCheck{count},
					Check:             checkIDs,
				}},
			})
		})
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other origin received %d requests", n)
	}
}

// Case 9: a base_url that accepts connections and never answers fails a
// plan within 30 s with the default settings, naming the timeout and the
// URL; so does an API answering 429 with Retry-After: 30, and the failed
// listing is not followed by one request per contact.
func TestAccFaults_failFast(t *testing.T) {
	silent := silentListener(t)
	for _, tc := range []struct {
		name   string
		faults mockapi.Faults
		// baseURL, when set, replaces the mock's in the plan step.
		baseURL string
		expect  *regexp.Regexp
	}{
		{"9 base_url never answers", mockapi.Faults{}, silent,
			acctest.Wrapped("did not answer within request_timeout (20s)", "no answer from "+silent+" within the request timeout (20s)")},
		{"9 HTTP 429 with Retry-After: 30", mockapi.Faults{Rate: 1, Statuses: []int{429}, RetryAfterSeconds: 30}, "",
			acctest.Wrapped("rate limiting requests", "HTTP 429")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mock := acctest.NewMock(t)
			roster := func(baseURL string) string {
				cfg := mock.RosterConfig(3, "max_requests_per_second = 0")
				if baseURL != "" {
					cfg = regexp.MustCompile(`base_url\s*=\s*"[^"]*"`).ReplaceAllString(cfg, fmt.Sprintf("base_url = %q", baseURL))
				}
				return cfg
			}
			var planStarted time.Time
			var planTook time.Duration
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             mock.CheckNoContacts,
				Steps: []resource.TestStep{
					{Config: roster("")},
					{
						PreConfig: func() {
							mock.ResetStats()
							mock.SetFaults(tc.faults)
							planStarted = time.Now()
						},
						Config:      roster(tc.baseURL),
						PlanOnly:    true,
						ExpectError: tc.expect,
					},
					{
						PreConfig: func() {
							planTook = time.Since(planStarted)
							if tc.baseURL == "" {
								if got := mock.Stats().Routes; got["GET addressbook/contact/{id}"] != 0 || got["GET addressbook/contact/list"] > 2 {
									t.Errorf("requests during the failing plan: %v, want the listing alone", got)
								}
							}
							mock.SetFaults(mockapi.Faults{})
						},
						Config: roster(""),
						Check:  resource.ComposeTestCheckFunc(checkIDs, checkCounts(mock, 3, 0)),
					},
				},
			})
			// Generous bound: the plan includes starting Terraform and the
			// provider on a shared machine.
			t.Logf("the failing plan took %s", planTook.Round(100*time.Millisecond))
			if planTook > 30*time.Second {
				t.Errorf("the failing plan took %s, want under 30s", planTook.Round(time.Second))
			}
		})
	}
}

// silentListener accepts connections and never answers; it returns an
// API root URL on it.
func silentListener(t *testing.T) string {
	t.Helper()
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() {
		close(block)
		srv.Close()
	})
	return srv.URL + "/api"
}

// Case 2 for an action send, through the CLI (Terraform 1.14 or later): an
// answer cut short fails the action naming the message id, and the mock
// holds exactly one message, sent once.
func TestAccFaults_actionSendTruncated(t *testing.T) {
	mock := acctest.NewMock(t)
	config := mock.ProviderConfig() + `
resource "terraform_data" "deploy" {
  input = "v1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.bestsms_message.notify]
    }
  }
}

action "bestsms_message" "notify" {
  config {
    message      = "Deploy v1 finished"
    destinations = [{ recipient = "0421 000 001" }]
    message_id   = "deploy-v1"
  }
}
`
	resource.ParallelTest(t, acctest.ActionTestCase(t, resource.TestStep{
		PreConfig: func() {
			mock.SetFaults(mockapi.Faults{Network: []mockapi.NetFault{netRule(mockapi.NetTruncate, "POST", "send/sms", 1)}})
		},
		Config:      config,
		ExpectError: acctest.Wrapped("Message Outcome Unknown", "message deploy-v1", "was not sent again", `bestsms_message_status data source (message_id = "deploy-v1")`),
	}))
	msgs := mock.Messages()
	if len(msgs) != 1 || msgs[0].MessageID != "deploy-v1" {
		t.Errorf("mock holds %d messages (%+v), want exactly deploy-v1", len(msgs), msgs)
	}
	if n := mock.Stats().Routes["POST send/sms"]; n != 1 {
		t.Errorf("sends = %d, want 1", n)
	}
}

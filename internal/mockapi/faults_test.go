package mockapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// statusSequence sends n list requests and records the statuses.
func statusSequence(h *harness, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = h.call("GET", "/api/v2.04/addressbook/group/list", "").status
	}
	return out
}

func TestFaultsAreDeterministicPerSeed(t *testing.T) {
	f := mockapi.Faults{Rate: 0.5, Statuses: []int{500, 503, 429}, Seed: 42}
	h := newHarness(t, mockapi.Options{Faults: f})
	first := statusSequence(h, 60)

	counts := map[int]int{}
	for _, s := range first {
		counts[s]++
	}
	if counts[200] == 0 || counts[500] == 0 || counts[503] == 0 || counts[429] == 0 || counts[200]+counts[500]+counts[503]+counts[429] != 60 {
		t.Fatalf("status mix %v: want successes and every configured status", counts)
	}

	// Same seed again (through the Go API) → the same sequence.
	h.srv.SetFaults(f)
	equal(t, "sequence after SetFaults with the same seed", statusSequence(h, 60), first)

	// A second server started with the same options → the same sequence.
	h2 := newHarness(t, mockapi.Options{Faults: f})
	equal(t, "sequence on a fresh server", statusSequence(h2, 60), first)

	// Another seed → another sequence.
	h.srv.SetFaults(mockapi.Faults{Rate: 0.5, Statuses: []int{500, 503, 429}, Seed: 43})
	if fmt.Sprint(statusSequence(h, 60)) == fmt.Sprint(first) {
		t.Error("seed 43 gave the same 60 decisions as seed 42")
	}

	// Injected faults carry the v2 failure envelope.
	h.srv.SetFaults(mockapi.Faults{Rate: 1, Seed: 1})
	r := h.fail(http.StatusInternalServerError, "Error occurred while creating job", "GET", "/api/v2.04/addressbook/group/list", "")
	equal(t, "X-Mock-Fault", r.header.Get("X-Mock-Fault"), "before-change")

	// Rate 0 turns injection off.
	h.srv.SetFaults(mockapi.Faults{Rate: 0, Statuses: []int{500}})
	for _, s := range statusSequence(h, 20) {
		if s != http.StatusOK {
			t.Fatalf("status %d with rate 0", s)
		}
	}
}

func TestFault429CarriesRetryAfter(t *testing.T) {
	h := newHarness(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{429}, RetryAfterSeconds: 7}})
	r := h.fail(http.StatusTooManyRequests, "Too many requests", "GET", "/api/v2.04/addressbook/contact/list", "")
	equal(t, "Retry-After", r.header.Get("Retry-After"), "7")

	h.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{429}})
	r = h.fail(http.StatusTooManyRequests, "Too many requests", "GET", "/api/v2.04/addressbook/contact/list", "")
	equal(t, "Retry-After without retry_after_seconds", r.header.Values("Retry-After"), []string(nil))

	h.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{500}, RetryAfterSeconds: 7})
	r = h.fail(http.StatusInternalServerError, "Error occurred", "GET", "/api/v2.04/addressbook/contact/list", "")
	equal(t, "Retry-After on a 500", r.header.Values("Retry-After"), []string(nil))
}

func TestFaultAfterChangeAppliesTheWrite(t *testing.T) {
	h := newHarness(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{500}, AfterFraction: 1}})
	r := h.fail(http.StatusInternalServerError, "Error occurred", "POST", "/api/v2.04/addressbook/contact", `{"Attention":"Ghost"}`)
	equal(t, "X-Mock-Fault", r.header.Get("X-Mock-Fault"), "after-change")
	cs := h.srv.Contacts()
	if len(cs) != 1 || cs[0].Attention != "Ghost" {
		t.Fatalf("contacts after an after-change fault = %+v, want the created contact", cs)
	}
	h.fail(http.StatusInternalServerError, "Error occurred", "DELETE", "/api/v2.04/addressbook/contact/"+cs[0].ContactID, "")
	equal(t, "contacts after a faulted delete", len(h.srv.Contacts()), 0)

	// GETs are never "after"; they fail before doing anything (nothing to do anyway).
	r = h.fail(http.StatusInternalServerError, "Error occurred", "GET", "/api/v2.04/addressbook/contact/list", "")
	equal(t, "X-Mock-Fault on GET", r.header.Get("X-Mock-Fault"), "before-change")

	// AfterFraction 0: the write is not applied.
	h.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{500}})
	h.fail(http.StatusInternalServerError, "Error occurred", "POST", "/api/v2.04/addressbook/group", `{"GroupName":"Never"}`)
	equal(t, "groups after a before-change fault", len(h.srv.Groups()), 0)

	// 429s are always before the change, even with AfterFraction 1.
	h.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{429}, AfterFraction: 1})
	h.fail(http.StatusTooManyRequests, "Too many", "POST", "/api/v2.04/addressbook/group", `{"GroupName":"Never"}`)
	equal(t, "groups after a 429", len(h.srv.Groups()), 0)
}

func TestFaultFiltersAndScope(t *testing.T) {
	h := newHarness(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Methods: []string{"post"}, PathContains: "/GROUP"}})
	h.ok("GET", "/api/v2.04/addressbook/group/list", "")
	h.createContact(`{"Attention":"fine"}`)
	h.fail(http.StatusInternalServerError, "Error occurred", "POST", "/api/v2.04/addressbook/group", `{"GroupName":"x"}`)

	// Unauthorized requests get 401, not a fault; /_mock/ is never faulted.
	h.srv.SetFaults(mockapi.Faults{Rate: 1})
	h.fail(http.StatusUnauthorized, "Unauthorized", "GET", "/api/v2.04/addressbook/group/list", "", "Authorization: -")
	equal(t, "admin status under faults", h.call("GET", "/_mock/faults", "", "Authorization: -").status, http.StatusOK)
	equal(t, "admin status under faults", h.call("POST", "/_mock/stats/reset", "").status, http.StatusOK)

	// Filtered-out requests draw nothing: the sequence of matching requests
	// is the same with or without other traffic in between.
	f := mockapi.Faults{Rate: 0.5, Seed: 9, Methods: []string{"GET"}}
	h.srv.SetFaults(f)
	plain := statusSequence(h, 30)
	h.srv.SetFaults(f)
	var mixed []int
	for range 30 {
		h.call("POST", "/api/v2.04/addressbook/contact", `{}`)
		mixed = append(mixed, h.call("GET", "/api/v2.04/addressbook/group/list", "").status)
	}
	equal(t, "GET faults with POSTs interleaved", mixed, plain)
}

func TestInvalidFaultsRejected(t *testing.T) {
	for _, f := range []mockapi.Faults{{Rate: 1.5}, {Rate: -0.1}, {AfterFraction: 2}, {Statuses: []int{200}}, {RetryAfterSeconds: -1}} {
		if _, err := mockapi.New(mockapi.Options{Faults: f}); err == nil || !strings.Contains(err.Error(), "invalid faults") {
			t.Errorf("New(%+v) error = %v, want invalid faults", f, err)
		}
	}
}

package client

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// A write request that does not say what it changes is refused before it
// is sent, so a new write method cannot leave the caches stale.
func TestWriteWithoutCacheEffectIsRefused(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, withBulkRead)
	m.srv.ResetStats()
	for _, method := range []string{http.MethodPost, http.MethodPatch, http.MethodDelete, http.MethodPut} {
		err := c.do(context.Background(), request{method: method, route: "addressbook/contact"}, nil)
		if err == nil || !strings.Contains(err.Error(), "declares no cache effect") {
			t.Errorf("%s without writes: err = %v, want a refusal", method, err)
		}
	}
	if n := m.srv.Stats().Total; n != 0 {
		t.Errorf("the mock received %d requests, want none", n)
	}
}

// An update whose outcome is unknown may have happened: the cached copy is
// forgotten, so the next read asks the API instead of serving the old one.
// An update that failed for sure keeps it.
func TestBulkReadForgetsAnUpdateOfUnknownOutcome(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 2)
	c := m.client(t, withBulkRead, func(c *Config) { c.MaxRetries = 0 })
	ctx := context.Background()
	if _, err := c.GetContact(ctx, ids[0]); err != nil { // loads the listing
		t.Fatal(err)
	}

	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetResetAfter, Method: "PATCH", Path: "addressbook/contact", Count: 1}))
	if _, err := c.UpdateContact(ctx, ids[0], Contact{Attention: "Renamed"}); !IsUnknownOutcome(err) {
		t.Fatalf("UpdateContact: err = %v, want an unknown outcome", err)
	}
	m.srv.SetFaults(mockapi.Faults{})
	m.srv.ResetStats()
	if got, err := c.GetContact(ctx, ids[0]); err != nil || got.Attention != "Renamed" {
		t.Errorf("after an update of unknown outcome: %+v, %v; want the API's contact, renamed", got, err)
	}
	if n := m.routes()["GET addressbook/contact/{id}"]; n != 1 {
		t.Errorf("GETs of the contact = %d, want 1 (the cached copy was forgotten)", n)
	}

	// A refused update (no such visibility value) changed nothing: the
	// cached copy still serves.
	before, _ := c.GetContact(ctx, ids[1])
	if _, err := c.UpdateContact(ctx, ids[1], Contact{ViewBy: "Everyone"}); err == nil || IsUnknownOutcome(err) {
		t.Fatalf("UpdateContact with a bad ViewBy: err = %v, want a refusal", err)
	}
	m.srv.ResetStats()
	if got, err := c.GetContact(ctx, ids[1]); err != nil || got.Attention != before.Attention {
		t.Errorf("after a refused update: %+v, %v", got, err)
	}
	if n := m.srv.Stats().Total; n != 0 {
		t.Errorf("requests after a refused update = %d, want 0 (served from the cache)", n)
	}
}

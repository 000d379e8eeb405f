package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestReadContactsFromOneListing(t *testing.T) {
	for _, bulk := range []bool{false, true} {
		t.Run(fmt.Sprintf("bulk_read=%v", bulk), func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			ids := seedContacts(m, 250)
			m.srv.DeleteContact(ids[7])
			m.srv.DeleteContact(ids[200])
			const unknown = "00000000-0000-4000-8000-000000000000"
			mods := []func(*Config){withPages100}
			if bulk {
				mods = append(mods, withBulkRead)
			}
			c := m.client(t, mods...)
			m.srv.ResetStats()

			got, err := c.ReadContacts(context.Background(), append(append([]string(nil), ids...), unknown))
			if err != nil {
				t.Fatalf("ReadContacts: %v", err)
			}
			if len(got) != 248 {
				t.Errorf("%d contacts found, want 248", len(got))
			}
			for i, id := range ids {
				ct, ok := got[id]
				switch {
				case i == 7 || i == 200:
					if ok {
						t.Errorf("deleted contact %s found", id)
					}
				case !ok:
					t.Errorf("contact %d (%s) missing", i, id)
				case ct.ID != id || ct.Attention != fmt.Sprintf("Person %d", i) || ct.MobilePhone != fmt.Sprintf("+614210%05d", i):
					t.Errorf("contact %d = %+v", i, ct)
				}
			}
			if _, ok := got[unknown]; ok {
				t.Error("an unknown id was found")
			}
			// One listing (3 pages of 100); the three ids it lacks are
			// asked for one by one, and the API says they are gone.
			routes := m.routes()
			if routes["GET addressbook/contact/list"] != 3 || routes["GET addressbook/contact/{id}"] != 3 || len(routes) != 2 {
				t.Errorf("requests = %v, want 3 list pages and 3 GETs", routes)
			}
		})
	}
}

func TestReadContactsOfNothingAsksNothing(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	got, err := m.client(t).ReadContacts(context.Background(), nil)
	if err != nil || len(got) != 0 {
		t.Fatalf("ReadContacts(nil) = %v, %v", got, err)
	}
	if n := len(m.rec.all()); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}

func TestReadContactsFailsWithTheListing(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 3)
	m.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{403}, PathContains: "contact/list"})
	got, err := m.client(t).ReadContacts(context.Background(), ids)
	if err == nil || got != nil {
		t.Fatalf("ReadContacts = %v, %v; want the listing's error", got, err)
	}
	if ae := apiErr(t, err); ae.StatusCode != 403 {
		t.Errorf("error %v, want the listing's 403", err)
	}
}

func TestReadContactsFailsWhenAGetFails(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 3)
	m.srv.DeleteContact(ids[1])
	// The listing works; the GET of the contact it lacks fails with
	// something other than "not found": that is not "gone".
	m.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{403}, Methods: []string{"GET"}, PathContains: ids[1]})
	if _, err := m.client(t).ReadContacts(context.Background(), ids); err == nil || IsNotFound(err) {
		t.Fatalf("ReadContacts error = %v, want the GET's 403", err)
	}
}

// inFlight counts the /api/ requests a handler is serving at once.
type inFlight struct {
	mu       sync.Mutex
	cur, max int
}

func (f *inFlight) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.cur++
		f.max = max(f.max, f.cur)
		f.mu.Unlock()
		defer func() {
			f.mu.Lock()
			f.cur--
			f.mu.Unlock()
		}()
		next.ServeHTTP(w, r)
	})
}

func TestWriteContactsBoundedConcurrencyAndOrder(t *testing.T) {
	srv, err := mockapi.New(mockapi.Options{Tokens: []string{testToken}, Latency: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var flight inFlight
	ts := httptest.NewServer(flight.wrap(srv))
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	c := newTestClient(t, ts.URL+"/api")

	existing := make([]string, 10)
	for i := range existing {
		existing[i] = srv.PutContact(mockapi.Contact{Attention: fmt.Sprintf("Old %d", i)}).ContactID
	}
	var writes []ContactWrite
	for i := range 40 {
		writes = append(writes, ContactWrite{Contact: Contact{Attention: fmt.Sprintf("New %d", i)}})
	}
	for i, id := range existing[:5] {
		writes = append(writes, ContactWrite{ID: id, Contact: Contact{Attention: fmt.Sprintf("Renamed %d", i)}})
	}
	for _, id := range existing[5:] {
		writes = append(writes, ContactWrite{ID: id, Delete: true})
	}
	srv.DeleteContact(existing[9]) // a delete of a contact already gone succeeds
	results := c.WriteContacts(context.Background(), writes)

	if len(results) != len(writes) {
		t.Fatalf("%d results for %d writes", len(results), len(writes))
	}
	for i, r := range results {
		w := writes[i]
		switch {
		case r.Err != nil:
			t.Errorf("write %d: %v", i, r.Err)
		case w.Delete:
			if r.Contact != nil {
				t.Errorf("delete %d returned a contact", i)
			}
			if _, ok := srv.Contact(w.ID); ok {
				t.Errorf("contact %s not deleted", w.ID)
			}
		case r.Contact == nil || r.Contact.Attention != w.Contact.Attention:
			t.Errorf("write %d returned %+v, want %q", i, r.Contact, w.Contact.Attention)
		case w.ID != "" && r.Contact.ID != w.ID:
			t.Errorf("update %d returned contact %s, want %s", i, r.Contact.ID, w.ID)
		}
	}
	if n := len(srv.Contacts()); n != 45 {
		t.Errorf("the mock holds %d contacts, want 45 (5 old, 40 new)", n)
	}
	if flight.max > ContactBatchWorkers || flight.max < 2 {
		t.Errorf("at most %d requests in flight, want between 2 and %d", flight.max, ContactBatchWorkers)
	}
}

func TestWriteContactsFailuresStayWithTheirWrite(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t)
	// A third of the creates are refused (a definite failure, not retried).
	m.srv.SetFaults(mockapi.Faults{Rate: 0.3, Statuses: []int{400}, Methods: []string{"POST"}, Seed: 3})
	writes := make([]ContactWrite, 30)
	for i := range writes {
		writes[i] = ContactWrite{Contact: Contact{Attention: fmt.Sprintf("Person %d", i)}}
	}
	results := c.WriteContacts(context.Background(), writes)

	failed, stored := 0, map[string]bool{}
	for _, ct := range m.srv.Contacts() {
		stored[ct.Attention] = true
	}
	for i, r := range results {
		name := writes[i].Contact.Attention
		switch {
		case r.Err != nil:
			failed++
			if ae := apiErr(t, r.Err); ae.StatusCode != 400 {
				t.Errorf("write %d: %v, want the injected 400", i, r.Err)
			}
			if stored[name] {
				t.Errorf("write %d failed, but %q is stored", i, name)
			}
		case !stored[name]:
			t.Errorf("write %d succeeded, but %q is not stored", i, name)
		}
	}
	refused := 0
	for _, req := range m.rec.only("POST") {
		if req.Status == 400 {
			refused++
		}
	}
	if failed == 0 || failed == len(writes) || failed != refused {
		t.Errorf("%d writes failed, %d creates were refused; want the same number, neither none nor all", failed, refused)
	}
}

func TestWriteContactsStartsNothingOnceCancelled(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results := c.WriteContacts(ctx, []ContactWrite{{Contact: Contact{Attention: "A"}}, {ID: "x", Delete: true}})
	for i, r := range results {
		if !errors.Is(r.Err, context.Canceled) {
			t.Errorf("write %d: %v, want context.Canceled", i, r.Err)
		}
	}
	if reqs := m.rec.all(); len(reqs) != 0 {
		t.Errorf("%d requests sent after cancellation", len(reqs))
	}
}

func TestWriteContactsRecoversUnknownCreates(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, withRetries(4))
	// Every other create is stored but answered with a 500: the outcome is
	// unknown, and the create recovery must find the contact, not make a
	// second one.
	m.srv.SetFaults(mockapi.Faults{Rate: 0.5, Statuses: []int{500}, AfterFraction: 1, Methods: []string{"POST"}, Seed: 11})
	writes := make([]ContactWrite, 20)
	for i := range writes {
		writes[i] = ContactWrite{Contact: Contact{Attention: fmt.Sprintf("Person %d", i), MobilePhone: fmt.Sprintf("+614210%05d", i)}}
	}
	results := c.WriteContacts(context.Background(), writes)
	for i, r := range results {
		if r.Err != nil {
			t.Errorf("write %d: %v", i, r.Err)
		}
	}
	if n := len(m.srv.Contacts()); n != 20 {
		t.Errorf("the mock holds %d contacts, want exactly 20", n)
	}
	unknown := 0
	for _, req := range m.rec.only("POST") {
		if req.Status == 500 && strings.HasSuffix(req.Path, "/addressbook/contact") {
			unknown++
		}
	}
	if unknown == 0 {
		t.Error("no create had an unknown outcome (change the seed)")
	}
}

package client

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func withBulkRead(c *Config) { c.BulkRead = true }

// withPages100 makes the address-book listings page by 100, as v3.00 and
// the API's default do, for tests that count pages of a few hundred items.
func withPages100(c *Config) { c.PageSize = 100 }

// seedContacts puts n contacts into the mock and returns their ids.
func seedContacts(m *mockEnv, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = m.srv.PutContact(mockapi.Contact{Attention: fmt.Sprintf("Person %d", i), MobilePhone: fmt.Sprintf("+614210%05d", i)}).ContactID
	}
	return ids
}

func TestBulkReadListsOnceForConcurrentReads(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 250)
	c := m.client(t, withBulkRead, withPages100)
	m.srv.ResetStats()

	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ct, err := c.GetContact(context.Background(), id)
			if err == nil && ct.Attention != fmt.Sprintf("Person %d", i) {
				err = fmt.Errorf("contact %s = %q", id, ct.Attention)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	routes := m.routes()
	if routes["GET addressbook/contact/list"] != 3 || routes["GET addressbook/contact/{id}"] != 0 {
		t.Errorf("requests = %v, want exactly 3 list pages and no single GET", routes)
	}
}

func TestBulkReadOffReadsOneByOne(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 5)
	c := m.client(t)
	m.srv.ResetStats()
	for _, id := range ids {
		if _, err := c.GetContact(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	if routes := m.routes(); routes["GET addressbook/contact/{id}"] != 5 || routes["GET addressbook/contact/list"] != 0 {
		t.Errorf("requests = %v, want 5 single GETs", routes)
	}
}

func TestBulkReadMissAsksTheAPI(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	seedContacts(m, 3)
	c := m.client(t, withBulkRead)
	ctx := context.Background()

	// A contact created after the listing, outside this client: a miss, so a GET finds it.
	if _, err := c.GetContact(ctx, "warm-up"); !IsNotFound(err) {
		t.Fatalf("unknown id: err = %v, want not found from the API", err)
	}
	late := m.srv.PutContact(mockapi.Contact{Attention: "Late"})
	got, err := c.GetContact(ctx, late.ContactID)
	if err != nil || got.Attention != "Late" {
		t.Fatalf("GetContact(late) = %+v, %v", got, err)
	}
	if n := m.routes()["GET addressbook/contact/{id}"]; n != 2 {
		t.Errorf("single GETs = %d, want 2 (one per miss)", n)
	}
}

func TestBulkReadSeesOwnWrites(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 3)
	c := m.client(t, withBulkRead)
	ctx := context.Background()
	if _, err := c.GetContact(ctx, ids[0]); err != nil { // loads the listing
		t.Fatal(err)
	}

	if _, err := c.UpdateContact(ctx, ids[0], Contact{Attention: "Renamed"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetContact(ctx, ids[0]); got == nil || got.Attention != "Renamed" {
		t.Errorf("after update: %+v, want the updated contact", got)
	}
	created, err := c.CreateContact(ctx, Contact{Attention: "New"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetContact(ctx, created.ID); got == nil || got.Attention != "New" {
		t.Errorf("after create: %+v", got)
	}
	if err := c.DeleteContact(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetContact(ctx, ids[1]); !IsNotFound(err) {
		t.Errorf("after delete: err = %v, want not found", err)
	}
	routes := m.routes()
	if routes["GET addressbook/contact/list"] != 1 || routes["GET addressbook/contact/{id}"] != 1 {
		t.Errorf("requests = %v, want one listing and one GET (for the deleted contact)", routes)
	}
}

func TestBulkReadGroupsAndMembers(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 4)
	g := m.srv.PutGroup(mockapi.Group{GroupName: "Team"})
	for _, id := range ids[:3] {
		if err := m.srv.AddMember(g.GroupID, id); err != nil {
			t.Fatal(err)
		}
	}
	c := m.client(t, withBulkRead)
	ctx := context.Background()
	m.srv.ResetStats()

	for _, id := range ids[:3] {
		if ok, err := c.IsGroupMember(ctx, g.GroupID, id); err != nil || !ok {
			t.Fatalf("IsGroupMember(%s) = %v, %v", id, ok, err)
		}
	}
	if got, err := c.GetGroup(ctx, g.GroupID); err != nil || got.Code != "Team" {
		t.Fatalf("GetGroup = %+v, %v", got, err)
	}
	routes := m.routes()
	if routes["GET addressbook/group/{group}/contact/list"] != 1 || routes["GET addressbook/group/list"] != 1 {
		t.Errorf("requests = %v, want one member listing and one group listing", routes)
	}

	// Not in the cached list: the contact's own groups decide.
	ok, err := c.IsGroupMember(ctx, g.GroupID, ids[3])
	if err != nil || ok {
		t.Errorf("IsGroupMember(non-member) = %v, %v", ok, err)
	}
	if n := m.routes()["GET addressbook/contact/{id}/group/list"]; n != 1 {
		t.Errorf("contact group lists = %d, want 1 (the miss is checked with the API)", n)
	}
	// Own writes: removing a member is reflected without a new listing.
	if err := c.RemoveContactFromGroup(ctx, g.GroupID, ids[0]); err != nil {
		t.Fatal(err)
	}
	if ok, err := c.IsGroupMember(ctx, g.GroupID, ids[0]); err != nil || ok {
		t.Errorf("after removal: IsGroupMember = %v, %v", ok, err)
	}
	// A deleted contact: the API says not found.
	m.srv.DeleteContact(ids[2])
	c2 := m.client(t, withBulkRead)
	if _, err := c2.IsGroupMember(ctx, g.GroupID, ids[2]); !IsNotFound(err) {
		t.Errorf("deleted contact: err = %v, want not found", err)
	}
}

func TestRequestsPerSecondLimit(t *testing.T) {
	var (
		mu    sync.Mutex
		times []time.Time
	)
	m := newMock(t, mockapi.Options{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
			next.ServeHTTP(w, r)
		})
	})
	ids := seedContacts(m, 20)
	c := m.client(t, func(cfg *Config) { cfg.RequestsPerSecond = 5 })
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetContact(context.Background(), id); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	// However slowly the machine runs, no one-second window may hold more
	// than the burst (5) plus one second's refill (5).
	lo, most := 0, 0
	for hi := range times {
		for times[hi].Sub(times[lo]) >= time.Second {
			lo++
		}
		most = max(most, hi-lo+1)
	}
	if most > 10 {
		t.Errorf("%d requests within one second; the limit allows 10", most)
	}
	if len(times) != 20 {
		t.Errorf("server saw %d requests, want 20", len(times))
	}
}

func TestRequestsPerSecondValidated(t *testing.T) {
	_, err := New(Config{BaseURL: "http://x/api", AuthToken: "t", RequestsPerSecond: -1})
	if err == nil {
		t.Error("negative rate accepted")
	}
}

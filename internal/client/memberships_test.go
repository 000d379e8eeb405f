package client

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestMemberships(t *testing.T) {
	for _, tc := range []struct {
		version string
		// slot is what the client must put into {group} and the add body.
		slot    func(mockapi.Group) string
		bodyKey string
	}{
		{APIVersion204, func(g mockapi.Group) string { return g.GroupID }, "GroupID"},
		{APIVersion203, func(g mockapi.Group) string { return g.GroupCode }, "GroupCode"},
	} {
		t.Run(tc.version, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			other := m.srv.PutGroup(mockapi.Group{GroupName: "Day Shift"})
			g := m.srv.PutGroup(mockapi.Group{GroupName: "Night Shift"})
			var ids []string
			for i := 1; i <= 4; i++ {
				ids = append(ids, m.srv.PutContact(mockapi.Contact{FirstName: fmt.Sprintf("M%d", i)}).ContactID)
			}
			if err := m.srv.AddMember(other.GroupID, ids[0]); err != nil {
				t.Fatal(err)
			}
			// A fresh client that has never seen the groups, paging by 3.
			c := m.client(t, withVersion(tc.version), withPageSize(3))
			ctx := context.Background()
			slot := tc.slot(g)
			prefix := "/api/" + tc.version + "/addressbook/"

			// Add every contact; adding twice is not an error.
			adds := append(append([]string{}, ids...), ids[0])
			for _, id := range adds {
				if err := c.AddContactToGroup(ctx, g.GroupID, id); err != nil {
					t.Fatalf("AddContactToGroup(%s): %v", id, err)
				}
			}
			posts := m.rec.only("POST")
			if len(posts) != 5 {
				t.Fatalf("got %d POSTs, want 5", len(posts))
			}
			for i, p := range posts {
				if want := prefix + "contact/" + adds[i] + "/group"; p.Path != want {
					t.Errorf("add %d path = %q, want %q", i, p.Path, want)
				}
				assertMap(t, fmt.Sprintf("add %d body", i), bodyMap(t, p), map[string]string{tc.bodyKey: slot})
			}
			if got := m.srv.GroupMembers(g.GroupID); !reflect.DeepEqual(got, ids) {
				t.Errorf("stored members = %v, want %v", got, ids)
			}

			// List the group's members across two pages.
			m.rec.reset()
			members, err := c.ListGroupMembers(ctx, g.GroupID)
			if err != nil {
				t.Fatalf("ListGroupMembers: %v", err)
			}
			var got []string
			for _, mc := range members {
				got = append(got, mc.ID)
			}
			if !reflect.DeepEqual(got, ids) {
				t.Errorf("ListGroupMembers = %v, want %v", got, ids)
			}
			var paths []string
			for _, r := range m.rec.all() {
				paths = append(paths, r.Path+"?"+r.Query)
			}
			wantPaths := []string{
				prefix + "group/" + slot + "/contact/list?page=1&recordsPerPage=3",
				prefix + "group/" + slot + "/contact/list?page=2&recordsPerPage=3",
			}
			if !reflect.DeepEqual(paths, wantPaths) {
				t.Errorf("list requests = %q, want %q", paths, wantPaths)
			}

			// The contact's groups.
			groups, err := c.ListContactGroups(ctx, ids[0])
			if err != nil {
				t.Fatalf("ListContactGroups: %v", err)
			}
			var codes []string
			for _, gr := range groups {
				codes = append(codes, gr.ID+"/"+gr.Code)
			}
			if want := []string{other.GroupID + "/Day_Shift", g.GroupID + "/Night_Shift"}; !reflect.DeepEqual(codes, want) {
				t.Errorf("ListContactGroups = %v, want %v", codes, want)
			}

			// Remove one membership.
			if err := c.RemoveContactFromGroup(ctx, g.GroupID, ids[1]); err != nil {
				t.Fatalf("RemoveContactFromGroup: %v", err)
			}
			dels := m.rec.only("DELETE")
			if want := prefix + "contact/" + ids[1] + "/group/" + slot; len(dels) != 1 || dels[0].Path != want {
				t.Errorf("DELETE requests = %+v, want one to %s", dels, want)
			}
			if got, want := m.srv.GroupMembers(g.GroupID), []string{ids[0], ids[2], ids[3]}; !reflect.DeepEqual(got, want) {
				t.Errorf("members after remove = %v, want %v", got, want)
			}
			// Removing it again: the API says the membership is not found.
			if err := c.RemoveContactFromGroup(ctx, g.GroupID, ids[1]); !IsNotFound(err) {
				t.Errorf("second remove: error = %v, want not found", err)
			}

			// v2.03 resolves the GroupCode by listing groups once, then caches it.
			wantLists := 0
			if tc.version == APIVersion203 {
				wantLists = 1
			}
			if n := m.routes()["GET addressbook/group/list"]; n != wantLists {
				t.Errorf("group list requests = %d, want %d", n, wantLists)
			}
		})
	}
}

func TestMembershipUnknownGroupV203(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	contact := m.srv.PutContact(mockapi.Contact{FirstName: "A"})
	c := m.client(t, withVersion(APIVersion203))

	err := c.AddContactToGroup(context.Background(), "no-such-group", contact.ContactID)
	if !IsNotFound(err) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("error = %v, want ErrNotFound", err)
	}
	if err.Error() != `group "no-such-group": not found` {
		t.Errorf("error text = %q", err.Error())
	}
	if n := len(m.rec.only("POST")); n != 0 {
		t.Errorf("%d POSTs sent for an unresolvable group", n)
	}
}

func TestMembershipUnknownContact(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	g := m.srv.PutGroup(mockapi.Group{GroupName: "G"})
	c := m.client(t)
	ctx := context.Background()

	if err := c.AddContactToGroup(ctx, g.GroupID, "00000000-0000-0000-0000-000000000000"); !IsNotFound(err) {
		t.Errorf("AddContactToGroup(unknown contact) = %v, want not found", err)
	}
	if _, err := c.ListContactGroups(ctx, "00000000-0000-0000-0000-000000000000"); !IsNotFound(err) {
		t.Errorf("ListContactGroups(unknown contact) = %v, want not found", err)
	}
	if _, err := c.ListGroupMembers(ctx, "00000000-0000-0000-0000-000000000000"); !IsNotFound(err) {
		t.Errorf("ListGroupMembers(unknown group) = %v, want not found", err)
	}
}

// TestWriteMemberships: several changes in flight at once, each outcome
// with its write; a removal of a member already gone, or of a contact that
// no longer exists, is a change made; an add of a contact that does not
// exist fails alone.
func TestWriteMemberships(t *testing.T) {
	srv, err := mockapi.New(mockapi.Options{Tokens: []string{testToken}, Latency: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var flight inFlight
	ts := httptest.NewServer(flight.wrap(srv))
	t.Cleanup(func() { ts.Close(); _ = srv.Close() })
	c := newTestClient(t, ts.URL+"/api")
	g := srv.PutGroup(mockapi.Group{GroupName: "Everybody"})

	var ids []string
	for i := range 30 {
		ids = append(ids, srv.PutContact(mockapi.Contact{Attention: fmt.Sprintf("P%d", i)}).ContactID)
	}
	for _, id := range ids[20:] {
		if err := srv.AddMember(g.GroupID, id); err != nil {
			t.Fatal(err)
		}
	}
	srv.DeleteContact(ids[29]) // removing a contact that is gone succeeds
	var writes []MembershipWrite
	for _, id := range ids[:20] {
		writes = append(writes, MembershipWrite{ContactID: id})
	}
	for _, id := range ids[25:] {
		writes = append(writes, MembershipWrite{ContactID: id, Remove: true})
	}
	writes = append(writes, MembershipWrite{ContactID: ids[0], Remove: true}, // not a member yet when sent, or just added
		MembershipWrite{ContactID: "00000000-0000-0000-0000-000000000000"})
	errs := c.WriteMemberships(context.Background(), g.GroupID, writes)
	if len(errs) != len(writes) {
		t.Fatalf("%d outcomes for %d writes", len(errs), len(writes))
	}
	for i, err := range errs[:len(errs)-1] {
		if err != nil {
			t.Errorf("write %d (%+v): %v", i, writes[i], err)
		}
	}
	if !IsNotFound(errs[len(errs)-1]) {
		t.Errorf("adding an unknown contact = %v, want not found", errs[len(errs)-1])
	}
	members := map[string]bool{}
	for _, id := range srv.GroupMembers(g.GroupID) {
		members[id] = true
	}
	for i, id := range ids[1:25] {
		if !members[id] {
			t.Errorf("contact %d is not a member", i+1)
		}
	}
	for _, id := range ids[25:] {
		if members[id] {
			t.Errorf("contact %s is still a member", id)
		}
	}
	if flight.max > ContactBatchWorkers || flight.max < 2 {
		t.Errorf("at most %d requests in flight, want between 2 and %d", flight.max, ContactBatchWorkers)
	}
}

func TestWriteMembershipsStartsNothingOnceCancelled(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	g := m.srv.PutGroup(mockapi.Group{GroupName: "G"})
	c := m.client(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	errs := c.WriteMemberships(ctx, g.GroupID, []MembershipWrite{{ContactID: m.srv.PutContact(mockapi.Contact{Attention: "A"}).ContactID}})
	if !errors.Is(errs[0], context.Canceled) {
		t.Errorf("outcome = %v, want context.Canceled", errs[0])
	}
	if n := len(m.rec.only("POST")); n != 0 {
		t.Errorf("%d POSTs sent after the cancellation", n)
	}
}

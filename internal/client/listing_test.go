package client

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestAllContactsSharesTheBulkListing lists 250 contacts (3 pages) and then
// reads each of them: with bulk reads on, the reads cost nothing more, and
// a second listing neither.
func TestAllContactsSharesTheBulkListing(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 250)
	c := m.client(t, withBulkRead, withPages100)
	m.srv.ResetStats()
	ctx := context.Background()

	all, err := c.AllContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, 0, len(all))
	for _, ct := range all {
		got = append(got, ct.ID)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(ids))
	if !slices.Equal(got, want) {
		t.Fatalf("AllContacts returned %d contacts, want the %d seeded", len(got), len(want))
	}
	for i, id := range ids {
		ct, err := c.GetContact(ctx, id)
		if err != nil || ct.Attention != fmt.Sprintf("Person %d", i) {
			t.Fatalf("GetContact(%s) = %+v, %v", id, ct, err)
		}
	}
	if _, err := c.AllContacts(ctx); err != nil {
		t.Fatal(err)
	}
	routes := m.routes()
	if routes["GET addressbook/contact/list"] != 3 || m.srv.Stats().Total != 3 {
		t.Errorf("requests = %v, want exactly the 3 list pages of one listing", routes)
	}

	// The caller's slice is its own: changing it does not change the cache.
	all[0].Attention = "changed"
	again, _ := c.GetContact(ctx, all[0].ID)
	if again.Attention == "changed" {
		t.Error("AllContacts returned the cache's own contacts")
	}
}

// TestAllContactsWithoutBulkReadListsEveryTime: with bulk reads off there
// is no cache to share, so each call is a listing of its own.
func TestAllContactsWithoutBulkReadListsEveryTime(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	seedContacts(m, 150)
	c := m.client(t, withPages100)
	m.srv.ResetStats()
	for range 2 {
		all, err := c.AllContacts(context.Background())
		if err != nil || len(all) != 150 {
			t.Fatalf("AllContacts = %d contacts, %v; want 150", len(all), err)
		}
	}
	if pages := m.routes()["GET addressbook/contact/list"]; pages != 4 {
		t.Errorf("list pages = %d, want 4 (two listings of 2 pages)", pages)
	}
}

func TestAllGroupsAndMemberIDs(t *testing.T) {
	for _, bulk := range []bool{true, false} {
		t.Run(fmt.Sprintf("bulk_read=%v", bulk), func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			ids := seedContacts(m, 3)
			ops := m.srv.PutGroup(mockapi.Group{GroupName: "Ops"})
			empty := m.srv.PutGroup(mockapi.Group{GroupName: "Empty"})
			for _, id := range ids[:2] {
				if err := m.srv.AddMember(ops.GroupID, id); err != nil {
					t.Fatal(err)
				}
			}
			var mods []func(*Config)
			if bulk {
				mods = append(mods, withBulkRead)
			}
			c := m.client(t, mods...)
			ctx := context.Background()

			groups, err := c.AllGroups(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, g := range groups {
				codes = append(codes, g.Code)
			}
			slices.Sort(codes)
			if !slices.Equal(codes, []string{"Empty", "Ops"}) {
				t.Errorf("AllGroups codes = %v, want [Empty Ops]", codes)
			}

			members, err := c.GroupMemberIDs(ctx, ops.GroupID)
			slices.Sort(members)
			if err != nil || !slices.Equal(members, slices.Sorted(slices.Values(ids[:2]))) {
				t.Errorf("GroupMemberIDs(Ops) = %v, %v; want %v", members, err, ids[:2])
			}
			if members, err := c.GroupMemberIDs(ctx, empty.GroupID); err != nil || len(members) != 0 {
				t.Errorf("GroupMemberIDs(Empty) = %v, %v; want none", members, err)
			}
			if _, err := c.GroupMemberIDs(ctx, "4000000b-f002-4007-b00a-c0000000dead"); !IsNotFound(err) {
				t.Errorf("GroupMemberIDs(missing group) error = %v, want not found", err)
			}
		})
	}
}

package client

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func clientGroupOf(g mockapi.Group) Group {
	return Group{
		ID: g.GroupID, Code: g.GroupCode, Name: g.GroupName, SubAccount: g.SubAccount,
		Department: g.Department, ViewEditBy: g.ViewEditBy, Owner: g.Owner,
		Timezone: "AUS Eastern", Created: g.Created, Updated: g.Updated,
	}
}

func assertGroup(t *testing.T, what string, got *Group, want Group) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: nil group", what)
	}
	if !got.Created.Equal(want.Created) || !got.Updated.Equal(want.Updated) {
		t.Errorf("%s: Created/Updated = %v / %v, want %v / %v", what, got.Created, got.Updated, want.Created, want.Updated)
	}
	g, w := *got, want
	g.Created, g.Updated, w.Created, w.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, g, w)
	}
}

func TestCreateGroup(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       Group
		wantBody map[string]string
		want     mockapi.Group // ignoring GroupID, Owner and times
	}{
		{"derived code", Group{Name: "On Call Team"},
			map[string]string{"GroupName": "On Call Team"},
			mockapi.Group{GroupCode: "On_Call_Team", GroupName: "On Call Team", ViewEditBy: "Account"}},
		{"explicit code", Group{Name: "Night Shift", Code: "NS-01", Department: "Ops", ViewEditBy: "Department", ID: "ignored"},
			map[string]string{"GroupName": "Night Shift", "GroupCode": "NS-01", "Department": "Ops", "ViewEditBy": "Department"},
			mockapi.Group{GroupCode: "NS-01", GroupName: "Night Shift", Department: "Ops", ViewEditBy: "Department"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			got, err := m.client(t).CreateGroup(context.Background(), tc.in)
			if err != nil {
				t.Fatalf("CreateGroup: %v", err)
			}
			posts := m.rec.only("POST")
			if len(posts) != 1 || posts[0].Path != "/api/v2.04/addressbook/group" {
				t.Fatalf("POST requests = %+v", posts)
			}
			assertMap(t, "create body", bodyMap(t, posts[0]), tc.wantBody)

			stored := m.srv.Groups()
			if len(stored) != 1 {
				t.Fatalf("store holds %d groups", len(stored))
			}
			want := tc.want
			want.GroupID, want.Owner, want.Created, want.Updated = stored[0].GroupID, mockapi.DefaultOwner, t0, t0
			if !reflect.DeepEqual(stored[0], want) {
				t.Errorf("stored group:\n got  %+v\n want %+v", stored[0], want)
			}
			assertGroup(t, "created group", got, clientGroupOf(stored[0]))
		})
	}
}

func TestGetGroup(t *testing.T) {
	for _, tc := range []struct {
		version  string
		wantPath func(mockapi.Group) string
	}{
		{APIVersion204, func(g mockapi.Group) string { return "/api/v2.04/addressbook/group/" + g.GroupID }},
		{APIVersion203, func(g mockapi.Group) string { return "/api/v2.03/addressbook/group/Night_Shift" }},
	} {
		t.Run(tc.version, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			m.srv.PutGroup(mockapi.Group{GroupName: "Other"})
			g := m.srv.PutGroup(mockapi.Group{GroupName: "Night Shift", SubAccount: "North", Department: "Ops", ViewEditBy: "No", Created: t0.Add(-time.Hour)})
			c := m.client(t, withVersion(tc.version))

			got, err := c.GetGroup(context.Background(), g.GroupID)
			if err != nil {
				t.Fatalf("GetGroup: %v", err)
			}
			assertGroup(t, "GetGroup", got, clientGroupOf(g))
			gets := m.rec.only("GET")
			if last := gets[len(gets)-1]; last.Path != tc.wantPath(g) {
				t.Errorf("path = %q, want %q", last.Path, tc.wantPath(g))
			}
		})
	}
}

func TestUpdateGroupKeepsCode(t *testing.T) {
	for _, version := range []string{APIVersion204, APIVersion203} {
		t.Run(version, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			c := m.client(t, withVersion(version))
			ctx := context.Background()
			created, err := c.CreateGroup(ctx, Group{Name: "Night Shift", Code: "NS-01", Department: "Ops"})
			if err != nil {
				t.Fatalf("CreateGroup: %v", err)
			}

			got, err := c.UpdateGroup(ctx, created.ID, Group{Name: "Night Crew", SubAccount: "North", Code: "CHANGED"})
			if err != nil {
				t.Fatalf("UpdateGroup: %v", err)
			}
			patches := m.rec.only("PATCH")
			slot := created.ID
			if version == APIVersion203 {
				slot = "NS-01"
			}
			if len(patches) != 1 || patches[0].Path != "/api/"+version+"/addressbook/group/"+slot {
				t.Fatalf("PATCH requests = %+v", patches)
			}
			assertMap(t, "update body", bodyMap(t, patches[0]), map[string]string{
				"GroupName": "Night Crew", "SubAccount": "North", "Department": "",
			})
			if got.ID != created.ID || got.Code != "NS-01" || got.Name != "Night Crew" || got.SubAccount != "North" || got.Department != "" {
				t.Errorf("updated group = %+v", got)
			}
			stored, _ := m.srv.Group(created.ID)
			if stored.GroupCode != "NS-01" || stored.GroupName != "Night Crew" {
				t.Errorf("stored group = %+v", stored)
			}
			if n := m.routes()["GET addressbook/group/list"]; n != 0 {
				t.Errorf("client listed groups %d times although it created the group itself", n)
			}
		})
	}
}

func TestDeleteGroup(t *testing.T) {
	for _, version := range []string{APIVersion204, APIVersion203} {
		t.Run(version, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			keep := m.srv.PutGroup(mockapi.Group{GroupName: "Keep"})
			gone := m.srv.PutGroup(mockapi.Group{GroupName: "Gone Group"})
			c := m.client(t, withVersion(version))
			ctx := context.Background()

			if err := c.DeleteGroup(ctx, gone.GroupID); err != nil {
				t.Fatalf("DeleteGroup: %v", err)
			}
			if left := m.srv.Groups(); len(left) != 1 || left[0].GroupID != keep.GroupID {
				t.Errorf("groups left = %+v", left)
			}
			slot := gone.GroupID
			if version == APIVersion203 {
				slot = "Gone_Group"
			}
			if dels := m.rec.only("DELETE"); len(dels) != 1 || dels[0].Path != "/api/"+version+"/addressbook/group/"+slot {
				t.Errorf("DELETE requests = %+v", dels)
			}

			_, err := c.GetGroup(ctx, gone.GroupID)
			if !IsNotFound(err) {
				t.Errorf("GetGroup after delete: error = %v, want not found", err)
			}
			if err := c.DeleteGroup(ctx, gone.GroupID); !IsNotFound(err) {
				t.Errorf("second DeleteGroup: error = %v, want not found", err)
			}
		})
	}
}

func TestListGroupsPaginates(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	var want []string
	for i := 1; i <= 5; i++ {
		want = append(want, m.srv.PutGroup(mockapi.Group{GroupName: fmt.Sprintf("Group %d", i)}).GroupCode)
	}
	got, err := m.client(t, withPageSize(2)).ListGroups(context.Background())
	if err != nil {
		t.Fatalf("ListGroups: %v", err)
	}
	var codes []string
	for _, g := range got {
		codes = append(codes, g.Code)
	}
	if !reflect.DeepEqual(codes, want) || want[4] != "Group_5" {
		t.Errorf("codes = %v, want %v", codes, want)
	}
	if n := m.routes()["GET addressbook/group/list"]; n != 3 {
		t.Errorf("list requests = %d, want 3", n)
	}
}

func TestFindGroupByCode(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	lower := m.srv.PutGroup(mockapi.Group{GroupName: "Team lower", GroupCode: "team"})
	exact := m.srv.PutGroup(mockapi.Group{GroupName: "Team exact", GroupCode: "Team"})
	ops := m.srv.PutGroup(mockapi.Group{GroupName: "Operations", GroupCode: "OPS"})
	c := m.client(t, withPageSize(2))
	ctx := context.Background()

	for _, tc := range []struct {
		code   string
		wantID string
	}{
		{"Team", exact.GroupID}, // exact match wins over an earlier case-insensitive one
		{"team", lower.GroupID},
		{"TEAM", lower.GroupID}, // first case-insensitive match
		{"ops", ops.GroupID},
	} {
		got, err := c.FindGroupByCode(ctx, tc.code)
		if err != nil {
			t.Errorf("FindGroupByCode(%q): %v", tc.code, err)
			continue
		}
		if got.ID != tc.wantID {
			t.Errorf("FindGroupByCode(%q) = %s (%s), want %s", tc.code, got.ID, got.Code, tc.wantID)
		}
	}

	got, err := c.FindGroupByCode(ctx, "missing")
	if got != nil || !IsNotFound(err) || !errors.Is(err, ErrNotFound) {
		t.Errorf("FindGroupByCode(missing) = %v, %v; want nil and a not-found error", got, err)
	}
	if err != nil && err.Error() != `group with code "missing": not found` {
		t.Errorf("error text = %q", err.Error())
	}
	if n := m.routes()["GET addressbook/group/list"]; n != 10 {
		t.Errorf("list requests = %d, want 10 (5 look-ups × 2 pages)", n)
	}
}

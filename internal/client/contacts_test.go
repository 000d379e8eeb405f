package client

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// fullMockContact is a stored contact with every member set.
func fullMockContact() mockapi.Contact {
	return mockapi.Contact{
		ViewBy: "Department", EditBy: "SubAccount",
		Attention: "Jane Doe", Title: "Dr", Company: "Acme", RecipDepartment: "Ops",
		FirstName: "Jane", LastName: "Doe", Position: "Lead",
		StreetAddress: "1 George St", Suburb: "The Rocks", City: "Sydney", State: "NSW",
		Country: "Australia", Postcode: "2000",
		MainPhone: "0299990000", AltPhone1: "0299990001", AltPhone2: "0299990002",
		DirectPhone: "0299990003", MobilePhone: "+61421000001", FaxNumber: "0299990004",
		EmailAddress: "jane@example.com", WebAddress: "https://example.com",
		Custom1: "one", Custom2: "two", Custom3: "three", Custom4: "four",
		Created: t0.Add(-time.Hour), Updated: t0,
	}
}

// clientContactOf is what the client must decode for a stored contact.
func clientContactOf(m mockapi.Contact) Contact {
	return Contact{
		ID: m.ContactID, Owner: m.Owner, ViewBy: m.ViewBy, EditBy: m.EditBy,
		Attention: m.Attention, Title: m.Title, Company: m.Company, Department: m.RecipDepartment,
		FirstName: m.FirstName, LastName: m.LastName, Position: m.Position,
		StreetAddress: m.StreetAddress, Suburb: m.Suburb, City: m.City, State: m.State,
		Country: m.Country, Postcode: m.Postcode,
		MainPhone: m.MainPhone, AltPhone1: m.AltPhone1, AltPhone2: m.AltPhone2,
		DirectPhone: m.DirectPhone, MobilePhone: m.MobilePhone, FaxNumber: m.FaxNumber,
		EmailAddress: m.EmailAddress, WebAddress: m.WebAddress,
		Custom1: m.Custom1, Custom2: m.Custom2, Custom3: m.Custom3, Custom4: m.Custom4,
		Timezone: "AUS Eastern", Created: m.Created, Updated: m.Updated,
	}
}

func assertContact(t *testing.T, what string, got *Contact, want Contact) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: nil contact", what)
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

func TestCreateContactSendsOnlyNonEmptyMembers(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t)

	got, err := c.CreateContact(context.Background(), Contact{
		FirstName: "Jane", LastName: "Doe", MobilePhone: "+61421000001",
		Department: "Ops", Postcode: "2000", ViewBy: "Account",
		ID: "ignored-id", Owner: "ignored-owner", Timezone: "ignored", Created: t0.Add(time.Hour),
	})
	if err != nil {
		t.Fatalf("CreateContact: %v", err)
	}

	posts := m.rec.only("POST")
	if len(posts) != 1 || posts[0].Path != "/api/v2.04/addressbook/contact" {
		t.Fatalf("POST requests = %+v", posts)
	}
	assertMap(t, "create body", bodyMap(t, posts[0]), map[string]string{
		"FirstName": "Jane", "LastName": "Doe", "MobilePhone": "+61421000001",
		"RecipDepartment": "Ops", "Postcode": "2000", "ViewBy": "Account",
	})

	stored := m.srv.Contacts()
	if len(stored) != 1 {
		t.Fatalf("store holds %d contacts, want 1", len(stored))
	}
	if stored[0].ContactID == "ignored-id" || stored[0].ContactID == "" {
		t.Errorf("stored ContactID = %q", stored[0].ContactID)
	}
	want := clientContactOf(stored[0])
	if want.EditBy != "Account" || want.Owner != mockapi.DefaultOwner || !want.Created.Equal(t0) {
		t.Fatalf("mock stored an unexpected contact: %+v", stored[0])
	}
	assertContact(t, "created contact", got, want)
}

func TestGetContact(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	stored := m.srv.PutContact(fullMockContact())
	m.srv.PutContact(mockapi.Contact{FirstName: "Other"})

	got, err := m.client(t).GetContact(context.Background(), stored.ContactID)
	if err != nil {
		t.Fatalf("GetContact: %v", err)
	}
	assertContact(t, "GetContact", got, clientContactOf(stored))
	if r := m.rec.all(); len(r) != 1 || r[0].Method != "GET" || r[0].Path != "/api/v2.04/addressbook/contact/"+stored.ContactID {
		t.Errorf("requests = %+v", r)
	}
}

func TestUpdateContact(t *testing.T) {
	t.Run("every writable member sent, empty strings clear, empty access levels omitted", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		stored := m.srv.PutContact(fullMockContact())
		c := m.client(t)

		got, err := c.UpdateContact(context.Background(), stored.ContactID, Contact{
			FirstName: "Janet", LastName: "Doe", MobilePhone: "+61421000009",
		})
		if err != nil {
			t.Fatalf("UpdateContact: %v", err)
		}
		patches := m.rec.only("PATCH")
		if len(patches) != 1 || patches[0].Path != "/api/v2.04/addressbook/contact/"+stored.ContactID {
			t.Fatalf("PATCH requests = %+v", patches)
		}
		want := map[string]string{}
		for _, name := range []string{
			"Attention", "Title", "Company", "RecipDepartment", "Position",
			"StreetAddress", "Suburb", "City", "State", "Country", "Postcode",
			"MainPhone", "AltPhone1", "AltPhone2", "DirectPhone", "FaxNumber",
			"EmailAddress", "WebAddress", "Custom1", "Custom2", "Custom3", "Custom4",
		} {
			want[name] = ""
		}
		want["FirstName"], want["LastName"], want["MobilePhone"] = "Janet", "Doe", "+61421000009"
		assertMap(t, "update body", bodyMap(t, patches[0]), want)

		after, _ := m.srv.Contact(stored.ContactID)
		expected := mockapi.Contact{
			ContactID: stored.ContactID, Owner: stored.Owner,
			ViewBy: "Department", EditBy: "SubAccount", // untouched
			FirstName: "Janet", LastName: "Doe", MobilePhone: "+61421000009",
			Created: stored.Created, Updated: t0,
		}
		if !reflect.DeepEqual(after, expected) {
			t.Errorf("stored after update:\n got  %+v\n want %+v", after, expected)
		}
		assertContact(t, "updated contact", got, clientContactOf(after))
	})

	t.Run("access levels sent when set", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		stored := m.srv.PutContact(fullMockContact())
		got, err := m.client(t).UpdateContact(context.Background(), stored.ContactID, Contact{FirstName: "Jane", ViewBy: "No"})
		if err != nil {
			t.Fatalf("UpdateContact: %v", err)
		}
		body := bodyMap(t, m.rec.only("PATCH")[0])
		if v, ok := body["ViewBy"]; !ok || v != "No" {
			t.Errorf("ViewBy in body = %q, %v; want \"No\"", v, ok)
		}
		if _, ok := body["EditBy"]; ok {
			t.Errorf("empty EditBy was sent: %v", body)
		}
		if len(body) != 26 {
			t.Errorf("body has %d members, want 26 (27 writable minus EditBy): %v", len(body), sortedKeys(body))
		}
		if got.ViewBy != "No" || got.EditBy != "SubAccount" {
			t.Errorf("ViewBy/EditBy = %q/%q, want No/SubAccount", got.ViewBy, got.EditBy)
		}
	})

	t.Run("unknown contact", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		_, err := m.client(t).UpdateContact(context.Background(), "00000000-0000-0000-0000-000000000000", Contact{FirstName: "X"})
		if !IsNotFound(err) {
			t.Errorf("error = %v, want not found", err)
		}
	})
}

func TestDeleteContact(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	keep := m.srv.PutContact(mockapi.Contact{FirstName: "Keep"})
	gone := m.srv.PutContact(mockapi.Contact{FirstName: "Gone"})
	c := m.client(t)
	ctx := context.Background()

	if err := c.DeleteContact(ctx, gone.ContactID); err != nil {
		t.Fatalf("DeleteContact: %v", err)
	}
	if left := m.srv.Contacts(); len(left) != 1 || left[0].ContactID != keep.ContactID {
		t.Errorf("contacts left = %+v, want only %s", left, keep.ContactID)
	}
	dels := m.rec.only("DELETE")
	if len(dels) != 1 || dels[0].Path != "/api/v2.04/addressbook/contact/"+gone.ContactID {
		t.Errorf("DELETE requests = %+v", dels)
	}

	err := c.DeleteContact(ctx, gone.ContactID)
	if !IsNotFound(err) {
		t.Fatalf("second DeleteContact error = %v, want not found", err)
	}
	ae := apiErr(t, err)
	if ae.StatusCode != 404 || ae.Result != "Failed" || !reflect.DeepEqual(ae.Messages, []string{"Contact not found"}) ||
		ae.Method != "DELETE" || ae.Path != "addressbook/contact/{id}" {
		t.Errorf("APIError = %+v", ae)
	}
	if n := m.routes()["DELETE addressbook/contact/{id}"]; n != 2 {
		t.Errorf("DELETE count = %d, want 2 (a 404 is not retried)", n)
	}
}

func TestListContactsPaginates(t *testing.T) {
	for _, tc := range []struct {
		contacts, pageSize, wantRequests int
	}{
		{7, 3, 3},
		{6, 3, 2},
		{1, 3, 1},
		{0, 3, 1},
		{7, 100, 1},
	} {
		t.Run(fmt.Sprintf("%d contacts page size %d", tc.contacts, tc.pageSize), func(t *testing.T) {
			m := newMock(t, mockapi.Options{PageSize: tc.pageSize})
			var want []string
			for i := 1; i <= tc.contacts; i++ {
				want = append(want, m.srv.PutContact(mockapi.Contact{FirstName: fmt.Sprintf("C%d", i)}).ContactID)
			}
			got, err := m.client(t, withPageSize(tc.pageSize)).ListContacts(context.Background())
			if err != nil {
				t.Fatalf("ListContacts: %v", err)
			}
			var ids []string
			for i, c := range got {
				ids = append(ids, c.ID)
				if c.FirstName != fmt.Sprintf("C%d", i+1) {
					t.Errorf("contact %d FirstName = %q", i, c.FirstName)
				}
			}
			if !reflect.DeepEqual(ids, want) {
				t.Errorf("ids = %v, want %v", ids, want)
			}
			if n := m.routes()["GET addressbook/contact/list"]; n != tc.wantRequests {
				t.Errorf("list requests = %d, want %d", n, tc.wantRequests)
			}
			for i, r := range m.rec.all() {
				wantQuery := fmt.Sprintf("page=%d&recordsPerPage=%d", i+1, tc.pageSize)
				if r.Query != wantQuery {
					t.Errorf("request %d query = %q, want %q", i, r.Query, wantQuery)
				}
			}
		})
	}
}

func TestSearchContacts(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ann := m.srv.PutContact(mockapi.Contact{FirstName: "Ann", LastName: "Smith", EmailAddress: "ann@example.com"})
	bob := m.srv.PutContact(mockapi.Contact{FirstName: "Bob", LastName: "Smithers", EmailAddress: "bob@example.com"})
	m.srv.PutContact(mockapi.Contact{FirstName: "Cat", LastName: "Jones", EmailAddress: "cat@example.com"})
	ctx := context.Background()

	ids := func(cs []Contact) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}

	for _, tc := range []struct {
		name      string
		pageSize  int
		filter    map[string]string
		want      []string
		wantQuery []string
	}{
		{"partial last name, empty filters dropped", 100,
			map[string]string{"LastName": "smith", "EmailAddress": ""},
			[]string{ann.ContactID, bob.ContactID},
			[]string{"LastName=smith&page=1&recordsPerPage=100"}},
		{"exact e-mail", 100,
			map[string]string{"EmailAddress": "bob@example.com"},
			[]string{bob.ContactID},
			[]string{"EmailAddress=bob%40example.com&page=1&recordsPerPage=100"}},
		{"paged", 1,
			map[string]string{"LastName": "Smith"},
			[]string{ann.ContactID, bob.ContactID},
			[]string{"LastName=Smith&page=1&recordsPerPage=1", "LastName=Smith&page=2&recordsPerPage=1"}},
		{"no match", 100,
			map[string]string{"FirstName": "Zed"},
			nil,
			[]string{"FirstName=Zed&page=1&recordsPerPage=100"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m.rec.reset()
			got, err := m.client(t, withPageSize(tc.pageSize)).SearchContacts(ctx, tc.filter)
			if err != nil {
				t.Fatalf("SearchContacts: %v", err)
			}
			if !reflect.DeepEqual(ids(got), tc.want) {
				t.Errorf("ids = %v, want %v", ids(got), tc.want)
			}
			var queries []string
			for _, r := range m.rec.all() {
				if r.Path != "/api/v2.04/addressbook/contact/search" {
					t.Errorf("path = %q", r.Path)
				}
				queries = append(queries, r.Query)
			}
			if !reflect.DeepEqual(queries, tc.wantQuery) {
				t.Errorf("queries = %q, want %q", queries, tc.wantQuery)
			}
		})
	}
}

package addressbook_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// List resources need Terraform ≥ 1.14; list_resource_acc_test.go runs
// them through such a CLI (terraform query). These tests drive the
// provider server's ListResource directly, on any CLI and without one, for
// what a query cannot observe: the requests a listing costs, the limit, and
// every filter and failure.

func TestListContactsProtocol(t *testing.T) {
	mock := acctest.NewMock(t)
	ana, bob, cleo, platform, security := acctest.SeedAddressBook(mock)
	h := acctest.NewActionHarness(t, mock, nil)

	all := h.List("bestsms_contact", map[string]any{}, true, 100)
	if got, want := acctest.ListedNames(t, all), []string{"Ana Lima (+61421000001)", "Bob Stone (+61421000002)", "Cleo's Catering (orders@cleo.example)"}; !slices.Equal(got, want) {
		t.Fatalf("display names = %q, want %q (sorted)", got, want)
	}
	if all[0].Identity["id"] != ana.ContactID || all[1].Identity["id"] != bob.ContactID || all[2].Identity["id"] != cleo.ContactID {
		t.Errorf("identities = %v, %v, %v; want the contacts' ids", all[0].Identity, all[1].Identity, all[2].Identity)
	}
	// The resource object is what bestsms_contact stores: empty fields are
	// null, the number as the API holds it.
	r := all[1].Resource
	for attr, want := range map[string]string{
		"id": bob.ContactID, "attention": "Bob Stone", "mobile_phone": "0421 000 002", "company": "Example Pty Ltd",
		"first_name": "<null>", "email_address": "<null>", "view_by": "Account", "edit_by": "Account", "owner": mockapi.DefaultOwner,
	} {
		if got := acctest.StringValue(t, r[attr]); got != want {
			t.Errorf("resource %s = %q, want %q", attr, got, want)
		}
	}

	for name, tc := range map[string]struct {
		config map[string]any
		want   []string
	}{
		"name_contains first name":   {map[string]any{"name_contains": "ana"}, []string{ana.ContactID}},
		"name_contains full name":    {map[string]any{"name_contains": "ANA LIMA"}, []string{ana.ContactID}},
		"name_contains company":      {map[string]any{"name_contains": "example pty"}, []string{bob.ContactID}},
		"mobile in national format":  {map[string]any{"mobile_phone": "0421 000 001"}, []string{ana.ContactID}},
		"mobile stored nationally":   {map[string]any{"mobile_phone": "+61 421 000 002"}, []string{bob.ContactID}},
		"e-mail ignores case":        {map[string]any{"email_address": " ana.lima@EXAMPLE.com "}, []string{ana.ContactID}},
		"group":                      {map[string]any{"group_id": platform.GroupID}, []string{ana.ContactID, bob.ContactID}},
		"empty group":                {map[string]any{"group_id": security.GroupID}, nil},
		"group and name":             {map[string]any{"group_id": platform.GroupID, "name_contains": "stone"}, []string{bob.ContactID}},
		"no match":                   {map[string]any{"name_contains": "nobody"}, nil},
		"filters together, disjoint": {map[string]any{"mobile_phone": "0421000001", "email_address": "orders@cleo.example"}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			results := h.List("bestsms_contact", tc.config, false, 100)
			var ids []string
			for _, r := range results {
				acctest.RequireNoErrorDiags(t, "ListResource", r.Diags)
				if r.Resource != nil {
					t.Error("a resource object was returned although none was asked for")
				}
				ids = append(ids, r.Identity["id"])
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("ids = %v, want %v", ids, tc.want)
			}
		})
	}
}

func TestListContactsProtocolErrors(t *testing.T) {
	mock := acctest.NewMock(t)
	acctest.SeedAddressBook(mock)
	h := acctest.NewActionHarness(t, mock, nil)
	for name, tc := range map[string]struct {
		config          map[string]any
		summary, detail string
	}{
		"missing group": {map[string]any{"group_id": "4000000b-f002-4007-b00a-c0000000dead"}, "Group Not Found", "c0000000dead"},
		"bad number":    {map[string]any{"mobile_phone": "0421 00"}, "Invalid Phone Number", "0421 00"},
	} {
		t.Run(name, func(t *testing.T) {
			results := h.List("bestsms_contact", tc.config, false, 100)
			if len(results) != 1 || !acctest.HasErrorDiag(results[0].Diags) {
				t.Fatalf("want one result with an error, got %+v", results)
			}
			d := results[0].Diags[0]
			if d.Summary != tc.summary || !strings.Contains(d.Detail, tc.detail) {
				t.Errorf("diagnostic = %s: %s; want %s mentioning %q", d.Summary, d.Detail, tc.summary, tc.detail)
			}
		})
	}

	// An API that fails is one error result, not a partial list.
	mock.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{503}, PathContains: "contact/list"})
	fresh := acctest.NewActionHarness(t, mock, map[string]any{"max_retries": 0})
	results := fresh.List("bestsms_contact", map[string]any{}, false, 100)
	if len(results) != 1 || !acctest.HasErrorDiag(results[0].Diags) || results[0].Diags[0].Summary != "Unable to List Contacts" {
		t.Fatalf("want one 'Unable to List Contacts' error, got %+v", results)
	}
}

// TestListContactsCost: listing 1,000 contacts, resource objects included,
// costs the pages of one contact listing (2 of 500), and the list block's limit
// stops the results.
func TestListContactsCost(t *testing.T) {
	mock := acctest.NewMock(t)
	for i := range 1000 {
		mock.PutContact(mockapi.Contact{Attention: fmt.Sprintf("Person %04d", i), MobilePhone: fmt.Sprintf("+614210%05d", i)})
	}
	h := acctest.NewActionHarness(t, mock, map[string]any{"max_requests_per_second": 0})
	mock.ResetStats()
	results := h.List("bestsms_contact", map[string]any{}, true, 1000)
	if len(results) != 1000 || results[0].Name != "Person 0000 (+61421000000)" || results[999].Resource == nil {
		t.Fatalf("got %d results (first %q), want 1000 with resource objects", len(results), results[0].Name)
	}
	pages := (1000 + client.AddressBookPageSize - 1) / client.AddressBookPageSize
	if stats := mock.Stats(); stats.Total != pages || stats.Routes["GET addressbook/contact/list"] != pages {
		t.Errorf("listing 1,000 contacts made %d requests %v, want the %d pages of one listing", stats.Total, stats.Routes, pages)
	}

	if limited := h.List("bestsms_contact", map[string]any{}, false, 25); len(limited) != 25 || limited[24].Name != "Person 0024 (+61421000024)" {
		t.Errorf("with limit 25: %d results, want the first 25", len(limited))
	}
}

func TestListGroupsProtocol(t *testing.T) {
	mock := acctest.NewMock(t)
	_, _, _, platform, security := acctest.SeedAddressBook(mock)
	h := acctest.NewActionHarness(t, mock, nil)

	all := h.List("bestsms_group", map[string]any{}, true, 100)
	if got, want := acctest.ListedNames(t, all), []string{"Platform On Call (Platform_On_Call)", "Security (SEC_IR)"}; !slices.Equal(got, want) {
		t.Fatalf("display names = %q, want %q", got, want)
	}
	if all[0].Identity["id"] != platform.GroupID || all[1].Identity["id"] != security.GroupID {
		t.Errorf("identities = %v, %v", all[0].Identity, all[1].Identity)
	}
	for attr, want := range map[string]string{
		"id": security.GroupID, "name": "Security", "code": "SEC_IR", "sub_account": "<null>", "view_edit_by": "Account",
	} {
		if got := acctest.StringValue(t, all[1].Resource[attr]); got != want {
			t.Errorf("resource %s = %q, want %q", attr, got, want)
		}
	}
	if got := acctest.ListedNames(t, h.List("bestsms_group", map[string]any{"name_contains": "on CALL"}, false, 100)); !slices.Equal(got, []string{"Platform On Call (Platform_On_Call)"}) {
		t.Errorf("name_contains: %q", got)
	}
}

func TestListGroupMembershipsProtocol(t *testing.T) {
	mock := acctest.NewMock(t)
	ana, bob, cleo, platform, security := acctest.SeedAddressBook(mock)
	if err := mock.AddMember(security.GroupID, cleo.ContactID); err != nil {
		t.Fatal(err)
	}
	h := acctest.NewActionHarness(t, mock, nil)

	all := h.List("bestsms_group_membership", map[string]any{}, true, 100)
	want := []string{
		"Ana Lima (+61421000001) in Platform On Call (Platform_On_Call)",
		"Bob Stone (+61421000002) in Platform On Call (Platform_On_Call)",
		"Cleo's Catering (orders@cleo.example) in Security (SEC_IR)",
	}
	if got := acctest.ListedNames(t, all); !slices.Equal(got, want) {
		t.Fatalf("display names = %q, want %q", got, want)
	}
	if id := all[0].Identity; id["group_id"] != platform.GroupID || id["contact_id"] != ana.ContactID {
		t.Errorf("identity = %v", id)
	}
	r := all[1].Resource
	if acctest.StringValue(t, r["id"]) != platform.GroupID+"/"+bob.ContactID || acctest.StringValue(t, r["group_id"]) != platform.GroupID || acctest.StringValue(t, r["contact_id"]) != bob.ContactID {
		t.Errorf("resource = %v", r)
	}

	mock.ResetStats()
	one := h.List("bestsms_group_membership", map[string]any{"group_id": security.GroupID}, false, 100)
	if got := acctest.ListedNames(t, one); !slices.Equal(got, want[2:]) {
		t.Errorf("group_id filter: %q", got)
	}
	if n := mock.Stats().Routes["GET addressbook/group/{group}/contact/list"]; n > 0 {
		t.Errorf("the second listing asked for members again (%d requests): the bulk cache should hold them", n)
	}

	missing := h.List("bestsms_group_membership", map[string]any{"group_id": "4000000b-f002-4007-b00a-c0000000dead"}, false, 100)
	if len(missing) != 1 || !acctest.HasErrorDiag(missing[0].Diags) || missing[0].Diags[0].Summary != "Group Not Found" {
		t.Errorf("missing group: %+v", missing)
	}
}

// A name stored with control characters (an escape sequence, carriage
// returns, line feeds) cannot forge or rewrite lines of `terraform query`
// output: the display name shows them as spaces.
func TestListDisplayNamesWithoutControlCharacters(t *testing.T) {
	mock := acctest.NewMock(t)
	mock.PutContact(mockapi.Contact{Attention: "Eve\x1b[2J\r\nlist.bestsms_contact.all   id=forged\x07", MobilePhone: "+61421000009"})
	mock.PutGroup(mockapi.Group{GroupName: "Ops\u2028Fake\tGroup", GroupCode: "OPS"})
	h := acctest.NewActionHarness(t, mock, nil)
	got := append(acctest.ListedNames(t, h.List("bestsms_contact", map[string]any{}, false, 10)), acctest.ListedNames(t, h.List("bestsms_group", map[string]any{}, false, 10))...)
	want := []string{"Eve [2J  list.bestsms_contact.all   id=forged  (+61421000009)", "Ops Fake Group (OPS)"}
	if !slices.Equal(got, want) {
		t.Errorf("display names = %q, want %q", got, want)
	}
}

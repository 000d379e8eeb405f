package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// List resources need Terraform ≥ 1.14; list_resource_acc_test.go runs
// them through such a CLI (terraform query). These tests drive the
// provider server's ListResource directly, on any CLI and without one, for
// what a query cannot observe: the requests a listing costs, the limit, and
// every filter and failure.

// listed is one ListResource result, decoded.
type listed struct {
	name     string
	identity map[string]string
	resource map[string]tftypes.Value // nil unless the resource was asked for
	diags    []*tfprotov6.Diagnostic
}

// list runs ListResource for the list resource typ with config (see value),
// asking for the resource objects when include is true, and returns every
// result pushed.
func (h *actionHarness) list(typ string, config map[string]any, include bool, limit int64) []listed {
	h.t.Helper()
	s, ok := h.schemas.ListResourceSchemas[typ]
	if !ok {
		h.t.Fatalf("no list resource schema %q", typ)
	}
	ls, ok := h.srv.(tfprotov6.ListResourceServer)
	if !ok {
		h.t.Fatalf("provider server %T serves no list resources", h.srv)
	}
	stream, err := ls.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typ, Config: h.dynamic(s.ValueType(), config), IncludeResource: include, Limit: limit,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	resourceType := h.schemas.ResourceSchemas[typ].ValueType()
	var out []listed
	for r := range stream.Results {
		l := listed{name: r.DisplayName, diags: r.Diagnostics}
		if r.Identity != nil && r.Identity.IdentityData != nil {
			l.identity = map[string]string{}
			for k, v := range h.object(r.Identity.IdentityData, identityType(typ)) {
				var s string
				if err := v.As(&s); err != nil {
					h.t.Fatalf("identity %s: %v", k, err)
				}
				l.identity[k] = s
			}
		}
		if r.Resource != nil {
			l.resource = h.object(r.Resource, resourceType)
		}
		out = append(out, l)
	}
	return out
}

// identityType is the object type of a resource's identity.
func identityType(typ string) tftypes.Object {
	attrs := map[string]tftypes.Type{"id": tftypes.String}
	switch typ {
	case "bestsms_group_membership":
		attrs = map[string]tftypes.Type{"group_id": tftypes.String, "contact_id": tftypes.String}
	case "bestsms_group_members":
		attrs = map[string]tftypes.Type{"group_id": tftypes.String}
	}
	return tftypes.Object{AttributeTypes: attrs}
}

// object decodes a DynamicValue of an object type into its attributes.
func (h *actionHarness) object(dv *tfprotov6.DynamicValue, typ tftypes.Type) map[string]tftypes.Value {
	h.t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		h.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		h.t.Fatal(err)
	}
	return attrs
}

// names returns the display names of results without diagnostics, failing
// the test on any diagnostic.
func names(t *testing.T, results []listed) []string {
	t.Helper()
	var out []string
	for _, r := range results {
		requireNoErrorDiags(t, "ListResource", r.diags)
		out = append(out, r.name)
	}
	return out
}

// str is a string attribute's value ("<null>" for null).
func str(t *testing.T, v tftypes.Value) string {
	t.Helper()
	if v.IsNull() {
		return "<null>"
	}
	var s string
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// seedAddressBook puts an address book into the mock through its Go API (not
// through the provider): three contacts with their numbers in different
// spellings, two groups, and Ana and Bob in Platform On Call.
func seedAddressBook(mock *testMock) (ana, bob, cleo mockapi.Contact, platform, security mockapi.Group) {
	ana = mock.PutContact(mockapi.Contact{FirstName: "Ana", LastName: "Lima", MobilePhone: "+61421000001", EmailAddress: "Ana.Lima@example.com"})
	bob = mock.PutContact(mockapi.Contact{Attention: "Bob Stone", MobilePhone: "0421 000 002", Company: "Example Pty Ltd"})
	cleo = mock.PutContact(mockapi.Contact{Company: "Cleo's Catering", EmailAddress: "orders@cleo.example"})
	platform = mock.PutGroup(mockapi.Group{GroupName: "Platform On Call"})
	security = mock.PutGroup(mockapi.Group{GroupName: "Security", GroupCode: "SEC_IR"})
	for _, id := range []string{ana.ContactID, bob.ContactID} {
		if err := mock.AddMember(platform.GroupID, id); err != nil {
			panic(err)
		}
	}
	return ana, bob, cleo, platform, security
}

func TestListContactsProtocol(t *testing.T) {
	mock := newTestMock(t)
	ana, bob, cleo, platform, security := seedAddressBook(mock)
	h := newActionHarness(t, mock, nil)

	all := h.list("bestsms_contact", map[string]any{}, true, 100)
	if got, want := names(t, all), []string{"Ana Lima (+61421000001)", "Bob Stone (+61421000002)", "Cleo's Catering (orders@cleo.example)"}; !slices.Equal(got, want) {
		t.Fatalf("display names = %q, want %q (sorted)", got, want)
	}
	if all[0].identity["id"] != ana.ContactID || all[1].identity["id"] != bob.ContactID || all[2].identity["id"] != cleo.ContactID {
		t.Errorf("identities = %v, %v, %v; want the contacts' ids", all[0].identity, all[1].identity, all[2].identity)
	}
	// The resource object is what bestsms_contact stores: empty fields are
	// null, the number as the API holds it.
	r := all[1].resource
	for attr, want := range map[string]string{
		"id": bob.ContactID, "attention": "Bob Stone", "mobile_phone": "0421 000 002", "company": "Example Pty Ltd",
		"first_name": "<null>", "email_address": "<null>", "view_by": "Account", "edit_by": "Account", "owner": mockapi.DefaultOwner,
	} {
		if got := str(t, r[attr]); got != want {
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
			results := h.list("bestsms_contact", tc.config, false, 100)
			var ids []string
			for _, r := range results {
				requireNoErrorDiags(t, "ListResource", r.diags)
				if r.resource != nil {
					t.Error("a resource object was returned although none was asked for")
				}
				ids = append(ids, r.identity["id"])
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("ids = %v, want %v", ids, tc.want)
			}
		})
	}
}

func TestListContactsProtocolErrors(t *testing.T) {
	mock := newTestMock(t)
	seedAddressBook(mock)
	h := newActionHarness(t, mock, nil)
	for name, tc := range map[string]struct {
		config          map[string]any
		summary, detail string
	}{
		"missing group": {map[string]any{"group_id": "4000000b-f002-4007-b00a-c0000000dead"}, "Group Not Found", "c0000000dead"},
		"bad number":    {map[string]any{"mobile_phone": "0421 00"}, "Invalid Phone Number", "0421 00"},
	} {
		t.Run(name, func(t *testing.T) {
			results := h.list("bestsms_contact", tc.config, false, 100)
			if len(results) != 1 || !hasErrorDiag(results[0].diags) {
				t.Fatalf("want one result with an error, got %+v", results)
			}
			d := results[0].diags[0]
			if d.Summary != tc.summary || !strings.Contains(d.Detail, tc.detail) {
				t.Errorf("diagnostic = %s: %s; want %s mentioning %q", d.Summary, d.Detail, tc.summary, tc.detail)
			}
		})
	}

	// An API that fails is one error result, not a partial list.
	mock.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{503}, PathContains: "contact/list"})
	fresh := newActionHarness(t, mock, map[string]any{"max_retries": 0})
	results := fresh.list("bestsms_contact", map[string]any{}, false, 100)
	if len(results) != 1 || !hasErrorDiag(results[0].diags) || results[0].diags[0].Summary != "Unable to List Contacts" {
		t.Fatalf("want one 'Unable to List Contacts' error, got %+v", results)
	}
}

// TestListContactsCost: listing 1,000 contacts, resource objects included,
// costs the 10 pages of one contact listing, and the list block's limit
// stops the results.
func TestListContactsCost(t *testing.T) {
	mock := newTestMock(t)
	for i := range 1000 {
		mock.PutContact(mockapi.Contact{Attention: fmt.Sprintf("Person %04d", i), MobilePhone: fmt.Sprintf("+614210%05d", i)})
	}
	h := newActionHarness(t, mock, map[string]any{"max_requests_per_second": 0})
	mock.ResetStats()
	results := h.list("bestsms_contact", map[string]any{}, true, 1000)
	if len(results) != 1000 || results[0].name != "Person 0000 (+61421000000)" || results[999].resource == nil {
		t.Fatalf("got %d results (first %q), want 1000 with resource objects", len(results), results[0].name)
	}
	if stats := mock.Stats(); stats.Total != 10 || stats.Routes["GET addressbook/contact/list"] != 10 {
		t.Errorf("listing 1,000 contacts made %d requests %v, want the 10 pages of one listing", stats.Total, stats.Routes)
	}

	if limited := h.list("bestsms_contact", map[string]any{}, false, 25); len(limited) != 25 || limited[24].name != "Person 0024 (+61421000024)" {
		t.Errorf("with limit 25: %d results, want the first 25", len(limited))
	}
}

func TestListGroupsProtocol(t *testing.T) {
	mock := newTestMock(t)
	_, _, _, platform, security := seedAddressBook(mock)
	h := newActionHarness(t, mock, nil)

	all := h.list("bestsms_group", map[string]any{}, true, 100)
	if got, want := names(t, all), []string{"Platform On Call (Platform_On_Call)", "Security (SEC_IR)"}; !slices.Equal(got, want) {
		t.Fatalf("display names = %q, want %q", got, want)
	}
	if all[0].identity["id"] != platform.GroupID || all[1].identity["id"] != security.GroupID {
		t.Errorf("identities = %v, %v", all[0].identity, all[1].identity)
	}
	for attr, want := range map[string]string{
		"id": security.GroupID, "name": "Security", "code": "SEC_IR", "sub_account": "<null>", "view_edit_by": "Account",
	} {
		if got := str(t, all[1].resource[attr]); got != want {
			t.Errorf("resource %s = %q, want %q", attr, got, want)
		}
	}
	if got := names(t, h.list("bestsms_group", map[string]any{"name_contains": "on CALL"}, false, 100)); !slices.Equal(got, []string{"Platform On Call (Platform_On_Call)"}) {
		t.Errorf("name_contains: %q", got)
	}
}

func TestListGroupMembershipsProtocol(t *testing.T) {
	mock := newTestMock(t)
	ana, bob, cleo, platform, security := seedAddressBook(mock)
	if err := mock.AddMember(security.GroupID, cleo.ContactID); err != nil {
		t.Fatal(err)
	}
	h := newActionHarness(t, mock, nil)

	all := h.list("bestsms_group_membership", map[string]any{}, true, 100)
	want := []string{
		"Ana Lima (+61421000001) in Platform On Call (Platform_On_Call)",
		"Bob Stone (+61421000002) in Platform On Call (Platform_On_Call)",
		"Cleo's Catering (orders@cleo.example) in Security (SEC_IR)",
	}
	if got := names(t, all); !slices.Equal(got, want) {
		t.Fatalf("display names = %q, want %q", got, want)
	}
	if id := all[0].identity; id["group_id"] != platform.GroupID || id["contact_id"] != ana.ContactID {
		t.Errorf("identity = %v", id)
	}
	r := all[1].resource
	if str(t, r["id"]) != platform.GroupID+"/"+bob.ContactID || str(t, r["group_id"]) != platform.GroupID || str(t, r["contact_id"]) != bob.ContactID {
		t.Errorf("resource = %v", r)
	}

	mock.ResetStats()
	one := h.list("bestsms_group_membership", map[string]any{"group_id": security.GroupID}, false, 100)
	if got := names(t, one); !slices.Equal(got, want[2:]) {
		t.Errorf("group_id filter: %q", got)
	}
	if n := mock.Stats().Routes["GET addressbook/group/{group}/contact/list"]; n > 0 {
		t.Errorf("the second listing asked for members again (%d requests): the bulk cache should hold them", n)
	}

	missing := h.list("bestsms_group_membership", map[string]any{"group_id": "4000000b-f002-4007-b00a-c0000000dead"}, false, 100)
	if len(missing) != 1 || !hasErrorDiag(missing[0].diags) || missing[0].diags[0].Summary != "Group Not Found" {
		t.Errorf("missing group: %+v", missing)
	}
}

// A name stored with control characters (an escape sequence, carriage
// returns, line feeds) cannot forge or rewrite lines of `terraform query`
// output: the display name shows them as spaces.
func TestListDisplayNamesWithoutControlCharacters(t *testing.T) {
	mock := newTestMock(t)
	mock.PutContact(mockapi.Contact{Attention: "Eve\x1b[2J\r\nlist.bestsms_contact.all   id=forged\x07", MobilePhone: "+61421000009"})
	mock.PutGroup(mockapi.Group{GroupName: "Ops\u2028Fake\tGroup", GroupCode: "OPS"})
	h := newActionHarness(t, mock, nil)
	got := append(names(t, h.list("bestsms_contact", map[string]any{}, false, 10)), names(t, h.list("bestsms_group", map[string]any{}, false, 10))...)
	want := []string{"Eve [2J  list.bestsms_contact.all   id=forged  (+61421000009)", "Ops Fake Group (OPS)"}
	if !slices.Equal(got, want) {
		t.Errorf("display names = %q, want %q", got, want)
	}
}

package mockapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// py24Contact is the body PY24 sends for a contact create: explicit nulls,
// PostCode spelled its way.
const py24Contact = `{"Attention":"Jane Doe","Title":null,"Company":"Example Corp","RecipDepartment":null,
"FirstName":"Jane","LastName":"Doe","Position":null,"StreetAddress":"1 George St","Suburb":null,"City":"Sydney",
"State":"NSW","Country":"Australia","PostCode":"2000","MainPhone":null,"AltPhone1":null,"AltPhone2":null,
"DirectPhone":null,"MobilePhone":"+61421000001","FaxNumber":null,"EmailAddress":"jane@example.com",
"WebAddress":null,"Custom1":"c1","Custom2":null,"Custom3":null,"Custom4":"c4","ViewBy":"Account","EditBy":"account"}`

func TestContactCRUDEmitsBothFieldGenerations(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	created := obj(t, h.ok("POST", "/api/v2.04/addressbook/contact", py24Contact), "Contact")
	id, _ := created["ContactID"].(string)
	if len(id) != 36 || id[14] != '4' || !strings.ContainsRune("89ab", rune(id[19])) {
		t.Fatalf("ContactID %q is not a UUID v4", id)
	}
	want := map[string]any{
		"ContactID": id, "ID": id, "Owner": `COM\EXAMPLE\TEST`,
		"Created": "2025-12-01T12:00:00", "CreatedUTC": "2025-12-01T01:00:00",
		"Updated": "2025-12-01T12:00:00", "UpdatedUTC": "2025-12-01T01:00:00",
		"CreatedTimeLocal": "2025-12-01 12:00:00", "CreatedTimeUTC": "2025-12-01 01:00:00",
		"CreatedTimeUTC_RFC3339": "2025-12-01T01:00:00.000Z",
		"UpdatedTimeLocal":       "2025-12-01 12:00:00", "UpdatedTimeUTC": "2025-12-01 01:00:00",
		"UpdatedTimeUTC_RFC3339": "2025-12-01T01:00:00.000Z",
		"Timezone":               "AUS Eastern", "ViewBy": "Account", "EditBy": "Account",
		"Attention": "Jane Doe", "Title": "", "Company": "Example Corp", "RecipDepartment": "",
		"FirstName": "Jane", "LastName": "Doe", "Position": "", "StreetAddress": "1 George St",
		"Suburb": "", "City": "Sydney", "State": "NSW", "Country": "Australia", "Postcode": "2000",
		"MainPhone": "", "AltPhone1": "", "AltPhone2": "", "DirectPhone": "",
		"MobilePhone": "+61421000001", "FaxNumber": "", "EmailAddress": "jane@example.com", "WebAddress": "",
		"Custom1": "c1", "Custom2": "", "Custom3": "", "Custom4": "c4",
	}
	equal(t, "created contact", created, want)

	// Detail on both versions answers the same object.
	for _, v := range []string{"v2.03", "v2.04"} {
		equal(t, v+" detail", obj(t, h.ok("GET", "/api/"+v+"/addressbook/contact/"+id, ""), "Contact"), want)
	}
	// Store view.
	c, ok := h.srv.Contact(id)
	if !ok || c.Postcode != "2000" || c.Owner != mockapi.DefaultOwner || !c.Created.Equal(t0) {
		t.Fatalf("stored contact = %+v, %v", c, ok)
	}

	// Delete answers with the deleted contact; then it is gone.
	equal(t, "deleted contact", obj(t, h.ok("DELETE", "/api/v2.04/addressbook/contact/"+id, ""), "Contact"), want)
	h.fail(http.StatusNotFound, "Contact not found", "GET", "/api/v2.04/addressbook/contact/"+id, "")
	h.fail(http.StatusNotFound, "Contact not found", "DELETE", "/api/v2.04/addressbook/contact/"+id, "")
	h.fail(http.StatusNotFound, "Contact not found", "PATCH", "/api/v2.04/addressbook/contact/"+id, `{"Title":"Mr"}`)
}

func TestContactPatchIsPartialAndIgnoresNulls(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	id := h.createContact(py24Contact)
	h.clock.Advance(90 * time.Minute)

	patched := obj(t, h.ok("PATCH", "/api/v2.04/addressbook/contact/"+id,
		`{"Company":"New Corp","City":"","CompanyDepartment":"Ops","FirstName":null,"MobilePhone":null,
		  "ViewBy":"subaccount","HTTPMethod":"PATCH","ContactID":"ignored","Created":"1999-01-01T00:00:00"}`), "Contact")
	equal(t, "changed members", []any{patched["Company"], patched["City"], patched["RecipDepartment"], patched["ViewBy"]},
		[]any{"New Corp", "", "Ops", "SubAccount"})
	equal(t, "untouched members", []any{patched["ContactID"], patched["FirstName"], patched["MobilePhone"], patched["Postcode"], patched["EditBy"], patched["Custom4"]},
		[]any{id, "Jane", "+61421000001", "2000", "Account", "c4"})
	equal(t, "created unchanged", patched["CreatedTimeUTC_RFC3339"], "2025-12-01T01:00:00.000Z")
	equal(t, "updated moved", []any{patched["UpdatedTimeUTC_RFC3339"], patched["UpdatedTimeLocal"], patched["Updated"]},
		[]any{"2025-12-01T02:30:00.000Z", "2025-12-01 13:30:00", "2025-12-01T13:30:00"})

	// RecipDepartment wins over its alias; Postcode and PostCode are one member.
	patched = obj(t, h.ok("PATCH", "/api/v2.04/addressbook/contact/"+id,
		`{"RecipDepartment":"Sales","CompanyDepartment":"ignored","Postcode":"3000"}`), "Contact")
	equal(t, "RecipDepartment/Postcode", []any{patched["RecipDepartment"], patched["Postcode"]}, []any{"Sales", "3000"})

	// An empty body changes nothing but the Updated stamp.
	before, _ := h.srv.Contact(id)
	h.ok("PATCH", "/api/v2.04/addressbook/contact/"+id, "")
	after, _ := h.srv.Contact(id)
	after.Updated = before.Updated
	equal(t, "contact after empty PATCH", after, before)

	// Invalid visibility values are rejected with the field and the choices.
	h.fail(http.StatusBadRequest, "EditBy must be one of Account, SubAccount, Department, No", "PATCH",
		"/api/v2.04/addressbook/contact/"+id, `{"EditBy":"Everyone","Company":"Should Not Apply"}`)
	h.fail(http.StatusBadRequest, "ViewBy must be one of", "POST", "/api/v2.04/addressbook/contact", `{"ViewBy":"Public"}`)
	c, _ := h.srv.Contact(id)
	equal(t, "company after rejected PATCH", c.Company, "New Corp")
	equal(t, "contacts after rejected POST", len(h.srv.Contacts()), 1)
}

func TestContactListPaging(t *testing.T) {
	h := newHarness(t, mockapi.Options{PageSize: 4})
	var ids []string
	for i := 1; i <= 7; i++ {
		ids = append(ids, h.createContact(fmt.Sprintf(`{"Attention":"Person %d"}`, i)))
	}
	const list = "/api/v2.04/addressbook/contact/list"
	cases := []struct {
		query string
		info  [4]int
		ids   []string
	}{
		{"?recordsPerPage=3&page=1", [4]int{7, 3, 3, 1}, ids[0:3]},
		{"?recordsPerPage=3&page=2", [4]int{7, 3, 3, 2}, ids[3:6]},
		{"?RecordsPerPage=3&Page=3", [4]int{7, 3, 3, 3}, ids[6:7]}, // PY24 search spelling
		{"?recordsPerPage=3&page=4", [4]int{7, 3, 3, 4}, []string{}},
		{"?recordsPerPage=3&page=999999999999", [4]int{7, 3, 3, 999999999999}, []string{}},
		{"", [4]int{7, 4, 2, 1}, ids[0:4]}, // Options.PageSize
		{"?page=2", [4]int{7, 4, 2, 2}, ids[4:7]},
		{"?recordsPerPage=5000", [4]int{7, 1000, 1, 1}, ids}, // capped
	}
	for _, c := range cases {
		body := h.ok("GET", list+c.query, "")
		equal(t, "paging for "+c.query, paging4(body), c.info)
		equal(t, "ids for "+c.query, pluck(arr(t, body, "Contacts"), "ContactID"), c.ids)
	}
	if !strings.Contains(h.call("GET", list+"?recordsPerPage=3&page=4", "").raw, `"Contacts":[]`) {
		t.Error("a page past the end must carry an empty array, not null")
	}
	h.fail(http.StatusBadRequest, "page must be a positive integer", "GET", list+"?page=0", "")
	h.fail(http.StatusBadRequest, "recordsPerPage must be a positive integer", "GET", list+"?recordsPerPage=abc", "")

	// An empty book: zero pages, empty array.
	h.srv.Reset()
	body := h.ok("GET", list, "")
	equal(t, "empty paging", paging4(body), [4]int{0, 4, 0, 1})
	equal(t, "empty contacts", arr(t, body, "Contacts"), []map[string]any{})
}

func TestContactSearch(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	jane := h.createContact(`{"Attention":"Jane Doe","FirstName":"Jane","LastName":"Doe","Company":"Acme Pty","EmailAddress":"Jane@Example.com","MobilePhone":"+61 421 000 001"}`)
	john := h.createContact(`{"Attention":"John Doe","FirstName":"John","LastName":"Doe","Company":"Other","EmailAddress":"john@example.com","MobilePhone":"+61421000002","MainPhone":"0299990000"}`)
	h.createContact(`{"Attention":"Zed","EmailAddress":"jane@example.com.au"}`)
	const search = "/api/v2.04/addressbook/contact/search"
	cases := map[string][]string{
		"?LastName=doe&Page=1&RecordsPerPage=100": {jane, john},
		"?EmailAddress=jane@example.com":          {jane}, // exact, case-insensitive
		"?EmailAddress=example.com":               {},     // no substring match on e-mail
		"?MobilePhone=421000001":                  {jane}, // spaces ignored
		"?mobilephone=%2B6142100000":              {jane, john},
		"?MainPhone=9999":                         {john},
		"?Company=ACME":                           {jane},
		"?Attention=doe&FirstName=jo":             {john}, // criteria combine
		"?FirstName=&Company=":                    nil,    // empty criteria are ignored
	}
	for q, want := range cases {
		body := h.ok("GET", search+q, "")
		got := pluck(arr(t, body, "Contacts"), "ContactID")
		if want == nil {
			equal(t, "result count for "+q, len(got), 3)
			continue
		}
		equal(t, "search "+q, got, want)
		equal(t, "TotalRecords for "+q, paging4(body)[0], len(want))
	}
}

func TestGroupCodeDerivationAndImmutability(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	g := h.createGroup(`{"GroupName":"  On Call \t Team ","SubAccount":"Ops","ViewEditBy":"department","HTTPMethod":"POST"}`)
	gid := str(t, g, "GroupID")
	want := map[string]any{
		"GroupID": gid, "GroupCode": "On_Call_Team", "GroupName": "  On Call \t Team ",
		"SubAccount": "Ops", "Department": "", "ViewEditBy": "Department", "Owner": `COM\EXAMPLE\TEST`,
		"Created": "2025-12-01T12:00:00", "CreatedUTC": "2025-12-01T01:00:00",
		"Updated": "2025-12-01T12:00:00", "UpdatedUTC": "2025-12-01T01:00:00",
		"CreatedTimeLocal": "2025-12-01 12:00:00", "CreatedTimeUTC": "2025-12-01 01:00:00",
		"CreatedTimeUTC_RFC3339": "2025-12-01T01:00:00.000Z",
		"UpdatedTimeLocal":       "2025-12-01 12:00:00", "UpdatedTimeUTC": "2025-12-01 01:00:00",
		"UpdatedTimeUTC_RFC3339": "2025-12-01T01:00:00.000Z", "Timezone": "AUS Eastern",
	}
	equal(t, "created group", g, want)
	equal(t, "default ViewEditBy", h.createGroup(`{"GroupName":"Plain"}`)["ViewEditBy"], "Account")
	equal(t, "explicit code", h.createGroup(`{"GroupName":"Given","GroupCode":"my-code"}`)["GroupCode"], "my-code")

	// Rename (PY24 also sends GroupCode on update): the code stays.
	h.clock.Advance(time.Hour)
	upd := obj(t, h.ok("PATCH", "/api/v2.04/addressbook/group/"+gid,
		`{"GroupName":"Escalation","GroupCode":"Changed","Department":"IT","ViewEditBy":null}`), "Group")
	equal(t, "after rename", []any{upd["GroupName"], upd["GroupCode"], upd["Department"], upd["ViewEditBy"], upd["SubAccount"], upd["UpdatedTimeUTC"]},
		[]any{"Escalation", "On_Call_Team", "IT", "Department", "Ops", "2025-12-01 02:00:00"})
	stored, _ := h.srv.Group("On_Call_Team")
	equal(t, "stored code", stored.GroupCode, "On_Call_Team")
	if _, ok := h.srv.Group("Changed"); ok {
		t.Error("the PATCHed GroupCode must not be resolvable")
	}
}

func TestGroupValidation(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	const p = "/api/v2.04/addressbook/group"
	h.createGroup(`{"GroupName":"On Call Team"}`)
	h.fail(http.StatusBadRequest, "GroupCode already exists", "POST", p, `{"GroupName":"On  Call Team"}`)
	h.fail(http.StatusBadRequest, "GroupCode already exists", "POST", p, `{"GroupName":"Other","GroupCode":"on_call_team"}`)
	h.fail(http.StatusBadRequest, "GroupName is required", "POST", p, `{"SubAccount":"x"}`)
	h.fail(http.StatusBadRequest, "GroupName is required", "POST", p, `{"GroupName":"   ","GroupCode":"c"}`)
	r := h.fail(http.StatusBadRequest, "ViewEditBy", "POST", p, `{"GroupName":"Bad","ViewEditBy":"Everyone"}`)
	equal(t, "ViewEditBy message", r.body["ErrorMessage"], []any{`ViewEditBy must be one of Account, SubAccount, Department, No, got "Everyone"`})
	h.fail(http.StatusBadRequest, "GroupName must not be empty", "PATCH", p+"/On_Call_Team", `{"GroupName":""}`)
	h.fail(http.StatusBadRequest, "ViewEditBy must be one of", "PATCH", p+"/On_Call_Team", `{"ViewEditBy":"all"}`)
	h.fail(http.StatusNotFound, "Group not found", "PATCH", p+"/Nope", `{"GroupName":"x"}`)
	h.fail(http.StatusNotFound, "Group not found", "GET", p+"/Nope", "")
	h.fail(http.StatusNotFound, "Group not found", "DELETE", p+"/Nope", "")
	equal(t, "group count", len(h.srv.Groups()), 1)
}

// TestGroupCodeInPathSlots: v2.03 SDKs put the GroupCode where v2.04 ones
// put the GroupID; both work on both versions (contributing/wire-protocol.md §9.8).
func TestGroupCodeInPathSlots(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	gid := str(t, h.createGroup(`{"GroupName":"Test Group"}`), "GroupID")
	cid := h.createContact(`{"Attention":"A"}`)
	h.ok("POST", "/api/v2.03/addressbook/group/Test_Group/contact", `{"ContactID":"`+cid+`"}`)
	for _, v := range []string{"v2.03", "v2.04"} {
		for _, ref := range []string{gid, "Test_Group", strings.ToUpper(gid)} {
			base := "/api/" + v + "/addressbook/group/" + ref
			equal(t, v+" group by "+ref, obj(t, h.ok("GET", base, ""), "Group")["GroupID"], gid)
			body := h.ok("GET", base+"/contact/list", "")
			equal(t, v+" group contacts by "+ref, pluck(arr(t, body, "Contacts"), "ContactID"), []string{cid})
			equal(t, v+" Group wrapper", obj(t, body, "Group")["GroupCode"], "Test_Group")
			body = h.ok("GET", base+"/contact/"+cid, "")
			equal(t, v+" group contact detail", []any{obj(t, body, "Group")["GroupID"], obj(t, body, "Contact")["ContactID"]}, []any{gid, cid})
			body = h.ok("GET", "/api/"+v+"/addressbook/contact/"+cid+"/group/"+ref, "")
			equal(t, v+" contact group detail", obj(t, body, "Group")["GroupCode"], "Test_Group")
		}
	}
	h.ok("PATCH", "/api/v2.03/addressbook/group/Test_Group", `{"GroupName":"Renamed"}`)
	equal(t, "renamed via code", obj(t, h.ok("GET", "/api/v2.04/addressbook/group/"+gid, ""), "Group")["GroupName"], "Renamed")
	h.ok("DELETE", "/api/v2.03/addressbook/group/Test_Group", "")
	equal(t, "groups", len(h.srv.Groups()), 0)
}

func TestMembershipsFromBothSides(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	g1 := str(t, h.createGroup(`{"GroupName":"Alpha"}`), "GroupID")
	g2 := str(t, h.createGroup(`{"GroupName":"Beta Team"}`), "GroupID")
	c1 := h.createContact(`{"Attention":"One"}`)
	c2 := h.createContact(`{"Attention":"Two"}`)

	// Group side (v2.04 {"ContactID"}; NJ24 adds GroupID and HTTPMethod), twice.
	for range 2 {
		body := h.ok("POST", "/api/v2.04/addressbook/group/"+g1+"/contact", `{"GroupID":"`+g1+`","ContactID":"`+c2+`","HTTPMethod":"POST"}`)
		equal(t, "add answer", []any{obj(t, body, "Group")["GroupID"], obj(t, body, "Contact")["ContactID"]}, []any{g1, c2})
	}
	// Contact side: v2.04 {"GroupID"}, v2.03 {"GroupCode"}, NET's code in GroupID; repeated.
	h.ok("POST", "/api/v2.04/addressbook/contact/"+c1+"/group", `{"GroupID":"`+g1+`"}`)
	h.ok("POST", "/api/v2.04/addressbook/contact/"+c1+"/group", `{"GroupID":"`+g1+`"}`)
	h.ok("POST", "/api/v2.03/addressbook/contact/"+c1+"/group", `{"GroupCode":"Beta_Team"}`)
	h.ok("POST", "/api/v2.04/addressbook/contact/"+c1+"/group", `{"GroupID":"Beta_Team"}`)
	h.ok("POST", "/api/v2.04/addressbook/contact/"+c2+"/group", `{"GroupID":null,"GroupCode":"Alpha"}`)

	equal(t, "Alpha members (add order)", h.srv.GroupMembers("Alpha"), []string{c2, c1})
	equal(t, "Beta members", h.srv.GroupMembers(g2), []string{c1})
	equal(t, "Memberships (in the order made)", h.srv.Memberships(),
		[]mockapi.Membership{{GroupID: g1, ContactID: c2}, {GroupID: g1, ContactID: c1}, {GroupID: g2, ContactID: c1}})
	body := h.ok("GET", "/api/v2.04/addressbook/contact/"+c1+"/group/list?recordsPerPage=1&page=2", "")
	equal(t, "contact groups page 2", pluck(arr(t, body, "Groups"), "GroupID"), []string{g2})
	equal(t, "contact groups paging", paging4(body), [4]int{2, 1, 2, 2})
	equal(t, "Contact wrapper", obj(t, body, "Contact")["ContactID"], c1)
	body = h.ok("GET", "/api/v2.04/addressbook/group/"+g1+"/contact/list", "")
	equal(t, "group contacts", pluck(arr(t, body, "Contacts"), "ContactID"), []string{c2, c1})

	// Errors.
	const missing = "00000000-0000-0000-0000-000000000000"
	h.fail(http.StatusBadRequest, "GroupID or GroupCode is required", "POST", "/api/v2.04/addressbook/contact/"+c1+"/group", `{"HTTPMethod":"POST"}`)
	h.fail(http.StatusBadRequest, "ContactID is required", "POST", "/api/v2.04/addressbook/group/"+g1+"/contact", `{}`)
	h.fail(http.StatusNotFound, "Group not found", "POST", "/api/v2.04/addressbook/contact/"+c1+"/group", `{"GroupID":"`+missing+`"}`)
	h.fail(http.StatusNotFound, "Contact not found", "POST", "/api/v2.04/addressbook/group/"+g1+"/contact", `{"ContactID":"`+missing+`"}`)
	h.fail(http.StatusNotFound, "Contact not found", "GET", "/api/v2.04/addressbook/contact/"+missing+"/group/list", "")
	h.fail(http.StatusNotFound, "Group not found", "GET", "/api/v2.04/addressbook/group/"+missing+"/contact/list", "")
	h.fail(http.StatusNotFound, "not found", "GET", "/api/v2.04/addressbook/group/"+g2+"/contact/"+c2, "")

	// Removal from either side; removing a non-member is a 404.
	body = h.ok("DELETE", "/api/v2.04/addressbook/group/"+g1+"/contact/"+c2, "")
	equal(t, "remove answer", []any{obj(t, body, "Group")["GroupID"], obj(t, body, "Contact")["ContactID"]}, []any{g1, c2})
	h.ok("DELETE", "/api/v2.03/addressbook/contact/"+c1+"/group/Beta_Team", "")
	h.fail(http.StatusNotFound, "Group membership not found", "DELETE", "/api/v2.04/addressbook/group/"+g1+"/contact/"+c2, "")
	h.fail(http.StatusNotFound, "Group membership not found", "DELETE", "/api/v2.04/addressbook/contact/"+c1+"/group/"+g2, "")
	equal(t, "Alpha after removals", h.srv.GroupMembers(g1), []string{c1})
	equal(t, "Beta after removals", h.srv.GroupMembers(g2), []string{})
}

func TestDeletesCascadeToMemberships(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	g1 := str(t, h.createGroup(`{"GroupName":"G1"}`), "GroupID")
	g2 := str(t, h.createGroup(`{"GroupName":"G2"}`), "GroupID")
	c1 := h.createContact(`{"Attention":"C1"}`)
	c2 := h.createContact(`{"Attention":"C2"}`)
	for _, g := range []string{g1, g2} {
		for _, c := range []string{c1, c2} {
			h.ok("POST", "/api/v2.04/addressbook/group/"+g+"/contact", `{"ContactID":"`+c+`"}`)
		}
	}
	h.ok("DELETE", "/api/v2.04/addressbook/contact/"+c1, "")
	equal(t, "G1 after contact delete", h.srv.GroupMembers(g1), []string{c2})
	equal(t, "G2 after contact delete", h.srv.GroupMembers(g2), []string{c2})

	h.ok("DELETE", "/api/v2.04/addressbook/group/"+g1, "")
	body := h.ok("GET", "/api/v2.04/addressbook/contact/"+c2+"/group/list", "")
	equal(t, "c2 groups after group delete", pluck(arr(t, body, "Groups"), "GroupID"), []string{g2})

	// A new group with the deleted one's name gets a clean slate.
	h.createGroup(`{"GroupName":"G1"}`)
	equal(t, "recreated G1 members", h.srv.GroupMembers("G1"), []string{})
}

// TestStoreGoAPI covers the methods provider tests use to set up and
// inspect the mock behind Terraform's back.
func TestStoreGoAPI(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	c := h.srv.PutContact(mockapi.Contact{Attention: "Drift", MobilePhone: "+61400000000", ViewBy: "no"})
	if c.ContactID == "" || c.Owner != mockapi.DefaultOwner || c.ViewBy != "No" || c.EditBy != "Account" || !c.Created.Equal(t0) {
		t.Fatalf("PutContact = %+v", c)
	}
	g := h.srv.PutGroup(mockapi.Group{GroupName: "Drift Group"})
	equal(t, "derived code", g.GroupCode, "Drift_Group")
	if err := h.srv.AddMember("Drift_Group", c.ContactID); err != nil {
		t.Fatal(err)
	}
	if err := h.srv.AddMember(g.GroupID, c.ContactID); err != nil {
		t.Fatalf("idempotent AddMember: %v", err)
	}
	if err := h.srv.AddMember("nope", c.ContactID); err == nil {
		t.Error("AddMember to a missing group must fail")
	}
	body := h.ok("GET", "/api/v2.04/addressbook/group/Drift_Group/contact/list", "")
	equal(t, "members over HTTP", pluck(arr(t, body, "Contacts"), "Attention"), []string{"Drift"})

	// Replace keeps Created, changes the rest.
	h.clock.Advance(time.Minute)
	c.MobilePhone = "+61400000001"
	c.Updated = time.Time{}
	c2 := h.srv.PutContact(c)
	if !c2.Created.Equal(t0) || !c2.Updated.Equal(t0.Add(time.Minute)) {
		t.Errorf("replaced stamps = %v / %v", c2.Created, c2.Updated)
	}
	equal(t, "mobile over HTTP", obj(t, h.ok("GET", "/api/v2.04/addressbook/contact/"+c.ContactID, ""), "Contact")["MobilePhone"], "+61400000001")
	equal(t, "contact count", len(h.srv.Contacts()), 1)

	equal(t, "RemoveMember", h.srv.RemoveMember(g.GroupID, c.ContactID), true)
	equal(t, "RemoveMember again", h.srv.RemoveMember(g.GroupID, c.ContactID), false)
	equal(t, "DeleteGroup", h.srv.DeleteGroup("Drift_Group"), true)
	equal(t, "DeleteContact", h.srv.DeleteContact(c.ContactID), true)
	equal(t, "DeleteContact again", h.srv.DeleteContact(c.ContactID), false)
	if _, ok := h.srv.Group(g.GroupID); ok {
		t.Error("group still there")
	}
	equal(t, "GroupMembers of a missing group", h.srv.GroupMembers(g.GroupID), []string(nil))
}

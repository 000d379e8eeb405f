package mockapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// py3Contact is a contact create as PY3 sends it: only the members set,
// the v3 ones among them.
const py3Contact = `{"ExType":"crm","ExID":"C-42","ViewBy":"Account","EditBy":"Account","AccessControl":"granted",
"Attention":"Jane Doe","Title":"Ms","FirstName":"Jane","LastName":"Doe","MobilePhone":"+61421000001",
"AltPhone3":"+61290000003","AltPhone8":"+61290000008","Notes":"Prefers SMS.","Custom1":"c1"}`

func TestV3ContactCRUD(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	created := h.v3ok("POST", "addressbook/contact", py3Contact)
	id := str(t, created, "ContactID")
	want := map[string]any{
		"ContactID": id, "Owner": `COM\EXAMPLE\TEST`,
		"CreatedTimeLocal": "2025-12-01 12:00:00", "CreatedTimeUTC": "2025-12-01 01:00:00",
		"CreatedTimeUTC_RFC3339": "2025-12-01T01:00:00.000Z",
		// Never updated: the zero date.
		"UpdatedTimeLocal": "0001-01-01 00:00:00", "UpdatedTimeUTC": "0001-01-01 00:00:00",
		"UpdatedTimeUTC_RFC3339": "0001-01-01T00:00:00.000Z",
		"Timezone":               "AUS Eastern", "ExType": "crm", "ExID": "C-42",
		"ViewBy": "Account", "EditBy": "Account", "AccessControl": "Granted",
		"Attention": "Jane Doe", "Title": "Ms", "Company": "", "RecipDepartment": "",
		"FirstName": "Jane", "LastName": "Doe", "Position": "", "StreetAddress": "", "Suburb": "", "City": "",
		"State": "", "Country": "", "Postcode": "", "MainPhone": "", "AltPhone1": "", "AltPhone2": "",
		"AltPhone3": "+61290000003", "AltPhone4": "", "AltPhone5": "", "AltPhone6": "", "AltPhone7": "",
		"AltPhone8": "+61290000008", "MobilePhone": "+61421000001", "FaxNumber": "", "EmailAddress": "",
		"WebAddress": "", "Custom1": "c1", "Custom2": "", "Custom3": "", "Custom4": "", "Notes": "Prefers SMS.",
	}
	equal(t, "created contact", created, want)

	// The read adds the GroupIDs of its groups.
	withGroups := map[string]any{"Groups": []any{}}
	for k, v := range want {
		withGroups[k] = v
	}
	equal(t, "read contact", h.v3ok("GET", "addressbook/contact/"+id, ""), withGroups)

	// An update is partial and moves Updated; "" clears, null leaves alone.
	h.clock.Advance(90 * time.Minute)
	updated := h.v3ok("PATCH", "addressbook/contact/"+id, `{"Notes":"","ExID":null,"Company":"Example","AccessControl":"Limited"}`)
	equal(t, "updated members", []any{updated["Notes"], updated["ExID"], updated["Company"], updated["AccessControl"], updated["FirstName"]},
		[]any{"", "C-42", "Example", "Limited", "Jane"})
	equal(t, "updated time", []any{updated["UpdatedTimeUTC_RFC3339"], updated["UpdatedTimeLocal"]},
		[]any{"2025-12-01T02:30:00.000Z", "2025-12-01 13:30:00"})

	// A list page (paging keys as PY3 sends them; at most 100 a page).
	h.v3contact(`{"Attention":"Second"}`)
	list := h.v3ok("GET", "addressbook/contact/list?recordsPerPage=500&page=1", "")
	equal(t, "list paging", paging4(list), [4]int{2, 100, 1, 1})
	equal(t, "listed", pluck(arr(t, list, "Contacts"), "Attention"), []string{"Jane Doe", "Second"})
	if _, has := arr(t, list, "Contacts")[0]["Groups"]; has {
		t.Error("listed contacts carry Groups; only the read does")
	}
	found := arr(t, h.v3ok("GET", "addressbook/contact/search?FirstName=jan&recordsPerPage=100&page=1", ""), "Contacts")
	equal(t, "search", pluck(found, "ContactID"), []string{id})

	// Delete answers the deleted contact; then every call is the 404.
	equal(t, "deleted", h.v3ok("DELETE", "addressbook/contact/"+id, "")["ContactID"], id)
	gone := "Unable to find or access record with id '" + id + "'."
	for _, m := range []struct{ method, body string }{{"GET", ""}, {"PATCH", `{"Notes":"x"}`}, {"DELETE", ""}} {
		h.v3fail(http.StatusNotFound, "RecordNotFound", gone, m.method, "addressbook/contact/"+id, m.body)
	}
	h.v3fail(http.StatusNotFound, "RecordNotFound", gone, "GET", "addressbook/contact/"+id+"/group/list", "")
}

func TestV3ContactChecks(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	for _, c := range []struct{ body, want string }{
		{`{"ExType":"` + strings.Repeat("x", 21) + `"}`, "ExType must be at most 20 characters"},
		{`{"Notes":"` + strings.Repeat("n", 1001) + `"}`, "Notes must be at most 1000 characters"},
		{`{"Company":"` + strings.Repeat("c", 101) + `"}`, "Company must be at most 100 characters"},
		{`{"AccessControl":"Everyone"}`, `AccessControl must be one of Limited, Granted, got "Everyone"`},
		{`{"ViewBy":"Public"}`, `ViewBy must be one of Account, SubAccount, Department, No, got "Public"`},
	} {
		h.v3fail(http.StatusBadRequest, "Failed", c.want, "POST", "addressbook/contact", c.body)
	}
	equal(t, "contacts made by refused creates", len(h.srv.Contacts()), 0)
	// The limits are the member's own: 1000 notes and 200 of Attention pass.
	id := h.v3contact(`{"Notes":"` + strings.Repeat("n", 1000) + `","Attention":"` + strings.Repeat("a", 200) + `"}`)
	// A refused update changes nothing, not even the members it would have.
	h.v3fail(http.StatusBadRequest, "Failed", "ExType must be at most 20 characters",
		"PATCH", "addressbook/contact/"+id, `{"Company":"Changed","ExType":"`+strings.Repeat("x", 21)+`"}`)
	c, _ := h.srv.Contact(id)
	equal(t, "company after a refused update", c.Company, "")
}

func TestV3Groups(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	// A given GroupCode is ignored: the code is the server's.
	g := h.v3ok("POST", "addressbook/group", `{"GroupName":"On Call Team","GroupCode":"MINE","SubAccount":"Ops","ViewEditBy":"account"}`)
	gid := str(t, g, "GroupID")
	equal(t, "created group", g, map[string]any{
		"GroupID": gid, "GroupCode": "On_Call_Team", "GroupName": "On Call Team", "SubAccount": "Ops", "Department": "",
		"ViewEditBy": "Account", "AccessControl": "Limited", "Owner": `COM\EXAMPLE\TEST`,
		"CreatedTimeLocal": "2025-12-01 12:00:00", "CreatedTimeUTC": "2025-12-01 01:00:00",
		"CreatedTimeUTC_RFC3339": "2025-12-01T01:00:00.000Z", "Timezone": "AUS Eastern",
	})
	// The same name again: the code gets a suffix (v2 also sees it taken).
	equal(t, "second code", h.v3ok("POST", "addressbook/group", `{"GroupName":"on call team"}`)["GroupCode"], "on_call_team_2")
	h.createGroup(`{"GroupName":"x","GroupCode":"On_Call_Team_3"}`)
	equal(t, "third code", h.v3ok("POST", "addressbook/group", `{"GroupName":"On Call Team"}`)["GroupCode"], "On_Call_Team_4")

	// Groups are addressed by GroupID only.
	equal(t, "read by id", h.v3ok("GET", "addressbook/group/"+strings.ToUpper(gid), "")["GroupID"], gid)
	h.v3fail(http.StatusNotFound, "RecordNotFound", "Unable to find or access record with id 'On_Call_Team'.",
		"GET", "addressbook/group/On_Call_Team", "")
	// Update: AccessControl, the name; never the code.
	up := h.v3ok("PATCH", "addressbook/group/"+gid, `{"GroupName":"Renamed","AccessControl":"GRANTED","GroupCode":"NEW"}`)
	equal(t, "updated group", []any{up["GroupName"], up["GroupCode"], up["AccessControl"]}, []any{"Renamed", "On_Call_Team", "Granted"})
	for _, k := range []string{"UpdatedTimeUTC", "UpdatedTimeLocal", "UpdatedTimeUTC_RFC3339", "Updated"} {
		if _, has := up[k]; has {
			t.Errorf("a v3 group carries %s", k)
		}
	}
	h.v3fail(http.StatusBadRequest, "Failed", "SubAccount must be at most 40 characters",
		"PATCH", "addressbook/group/"+gid, `{"SubAccount":"`+strings.Repeat("s", 41)+`"}`)
	h.v3fail(http.StatusBadRequest, "Failed", "GroupName is required", "POST", "addressbook/group", `{"SubAccount":"Ops"}`)
	list := h.v3ok("GET", "addressbook/group/list?recordsPerPage=2&page=2", "")
	equal(t, "group list page 2", paging4(list), [4]int{4, 2, 2, 2})
	equal(t, "deleted group", h.v3ok("DELETE", "addressbook/group/"+gid, "")["GroupID"], gid)
	h.v3fail(http.StatusNotFound, "RecordNotFound", "Unable to find or access record with id '"+gid+"'.", "DELETE", "addressbook/group/"+gid, "")
}

func TestV3Memberships(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	cid := h.v3contact(`{"Attention":"A"}`)
	g := h.v3ok("POST", "addressbook/group", `{"GroupName":"Team"}`)
	gid := str(t, g, "GroupID")

	// PATCH adds, by GroupID; repeating it changes nothing.
	for range 2 {
		added := h.v3ok("PATCH", "addressbook/contact/"+cid+"/group", `{"GroupID":"`+gid+`"}`)
		equal(t, "add answer", []any{obj(t, added, "Group")["GroupID"], obj(t, added, "Contact")["ContactID"]}, []any{gid, cid})
	}
	equal(t, "members", h.srv.GroupMembers(gid), []string{cid})
	equal(t, "contact read Groups", h.v3ok("GET", "addressbook/contact/"+cid, "")["Groups"], []any{gid})

	// The lists, with the paging keys PY3 sends.
	groups := h.v3ok("GET", "addressbook/contact/"+cid+"/group/list?recordsPerPage=100&page=1", "")
	equal(t, "contact's groups", []any{obj(t, groups, "Contact")["ContactID"], pluck(arr(t, groups, "Groups"), "GroupID"), paging4(groups)},
		[]any{cid, []string{gid}, [4]int{1, 100, 1, 1}})
	contacts := h.v3ok("GET", "addressbook/group/"+gid+"/contact/list?recordsPerPage=100&page=1", "")
	equal(t, "group's contacts", []any{obj(t, contacts, "Group")["GroupID"], pluck(arr(t, contacts, "Contacts"), "ContactID")},
		[]any{gid, []string{cid}})

	// Bad adds: no GroupID, a code, unknown contact.
	h.v3fail(http.StatusBadRequest, "Failed", "GroupID is required", "PATCH", "addressbook/contact/"+cid+"/group", `{"GroupCode":"Team"}`)
	h.v3fail(http.StatusNotFound, "RecordNotFound", "Unable to find or access record with id 'Team'.",
		"PATCH", "addressbook/contact/"+cid+"/group", `{"GroupID":"Team"}`)
	h.v3fail(http.StatusNotFound, "RecordNotFound", "Unable to find or access record with id 'nobody'.",
		"PATCH", "addressbook/contact/nobody/group", `{"GroupID":"`+gid+`"}`)

	// Remove from the contact's side; again is a 404.
	removed := h.v3ok("DELETE", "addressbook/contact/"+cid+"/group/"+gid, "")
	equal(t, "remove answer", obj(t, removed, "Group")["GroupID"], gid)
	equal(t, "members after remove", h.srv.GroupMembers(gid), []string{})
	h.v3fail(http.StatusNotFound, "RecordNotFound", "Unable to find or access record with id '"+gid+"'.",
		"DELETE", "addressbook/contact/"+cid+"/group/"+gid, "")
}

package mockapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// The v3 tests send what the vendor's Python SDK v3 (PY3) sends
// (contributing/wire-protocol-v3.md): "Authorization: Bearer <token>",
// plain application/json, bodies without null, "" or [] members, paging
// keys on every list.

// v3 calls /api/v3.00/{path} as PY3 does; headers override (see call).
func (h *harness) v3(method, path, body string, headers ...string) response {
	h.t.Helper()
	return h.call(method, "/api/v3.00/"+path, body, append([]string{"Authorization: Bearer " + h.token, "encoding: -"}, headers...)...)
}

// v3ok calls and requires a 200 with a flat answer: no Result member.
func (h *harness) v3ok(method, path, body string, headers ...string) map[string]any {
	h.t.Helper()
	r := h.v3(method, path, body, headers...)
	if r.status != http.StatusOK {
		h.t.Fatalf("%s %s: status %d body %s, want 200", method, path, r.status, r.raw)
	}
	if _, has := r.body["Result"]; has {
		h.t.Fatalf("%s %s: a v3 success carries Result: %s", method, path, r.raw)
	}
	return r.body
}

// v3fail calls and requires the status and exactly the v3 failure body
// {"Result":result,"ErrorMessage":[msg]} (no Result when result is "").
func (h *harness) v3fail(status int, result, msg, method, path, body string, headers ...string) response {
	h.t.Helper()
	r := h.v3(method, path, body, headers...)
	want := map[string]any{"ErrorMessage": []any{msg}}
	if result != "" {
		want["Result"] = result
	}
	if r.status != status {
		h.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, status, r.raw)
	}
	equal(h.t, method+" "+path+" failure body", r.body, want)
	return r
}

// v3contact creates a contact through v3 and returns its id.
func (h *harness) v3contact(body string) string {
	h.t.Helper()
	return str(h.t, h.v3ok("POST", "addressbook/contact", body), "ContactID")
}

const errV3Unauthorized = "Access denied: Auth Token or credentials are incorrect or have expired."

func TestV3AuthorizationIsBearer(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	const list = "addressbook/contact/list?recordsPerPage=100&page=1"
	h.v3ok("GET", list, "")
	h.v3ok("GET", list, "", "Authorization: bearer "+testToken)
	for _, auth := range []string{"-", "", "Bearer", "Bearer wrong", "Basic " + testToken, testToken} {
		h.v3fail(http.StatusUnauthorized, "Unauthorized", errV3Unauthorized, "GET", list, "", "Authorization: "+auth)
	}
	// No body credentials on v3.
	h.v3fail(http.StatusUnauthorized, "Unauthorized", errV3Unauthorized, "POST", "sms",
		`{"Sender":"a@example.com","APIKey":"`+testToken+`","Message":"hi","Destination":"+61421000001"}`, "Authorization: -")
	// v2 stays Basic only.
	h.fail(http.StatusUnauthorized, "Unauthorized", "GET", "/api/v2.04/addressbook/contact/list", "", "Authorization: Bearer "+testToken)

	// The option accepts Basic on v3 too.
	b := newHarness(t, mockapi.Options{V3AcceptBasic: true})
	b.v3ok("GET", list, "", "Authorization: Basic "+testToken)
	b.v3ok("GET", list, "")
	b.v3fail(http.StatusUnauthorized, "Unauthorized", errV3Unauthorized, "GET", list, "", "Authorization: Basic wrong")
}

func TestV3MediaTypes(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	unsupported := func(method, path, body string, headers ...string) {
		t.Helper()
		r := h.v3(method, path, body, headers...)
		if r.status != http.StatusUnsupportedMediaType || r.body["status"] != float64(415) ||
			r.body["extend1"] == nil || r.body["extend2"] == nil || len(r.body) != 3 {
			t.Errorf("%s %s with %v: %d %s, want 415 {status, extend1, extend2}", method, path, headers, r.status, r.raw)
		}
	}
	const contact = `{"Attention":"A"}`
	unsupported("POST", "addressbook/contact", `<Contact><Attention>A</Attention></Contact>`, "Content-Type: text/xml")
	unsupported("POST", "addressbook/contact", contact, "Content-Type: text/plain")
	unsupported("POST", "addressbook/contact", contact, "Content-Type: -")
	unsupported("GET", "addressbook/contact/list", "", "Accept: text/html")
	unsupported("GET", "addressbook/contact/list", "", "Accept: application/xml; encoding=\"UTF-8\"")
	// Nothing was created by the refused requests.
	equal(t, "contacts after 415s", len(h.srv.Contacts()), 0)

	// S3's own header values, the v2 form and wildcards are JSON.
	h.v3ok("POST", "addressbook/contact", contact, `Content-Type: application/json; encoding="UTF-8"`, `Accept: application/json; encoding="UTF-8"`)
	h.v3ok("POST", "addressbook/contact", contact, "Content-Type: application/json; encoding='utf-8'", "Accept: text/html, */*;q=0.1")
	h.v3ok("GET", "addressbook/contact/list", "", "Accept: -", "Content-Type: -")
	// The 415 comes after the token: a bad token is still a 401.
	h.v3fail(http.StatusUnauthorized, "Unauthorized", errV3Unauthorized, "POST", "addressbook/contact", contact,
		"Content-Type: text/xml", "Authorization: Bearer wrong")
}

func TestV3AddressBookAccessSwitch(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	id := h.v3contact(`{"Attention":"A"}`)
	status, raw := adminCall(t, h, "POST", "/_mock/addressbook-access", `{"enabled":false}`)
	equal(t, "switch off", []any{status, raw}, []any{200, "{\"enabled\":false}\n"})
	const forbidden = "Unauthorized access to Addressbook API!"
	for _, c := range []struct{ method, path, body string }{
		{"GET", "addressbook/contact/list", ""},
		{"GET", "addressbook/contact/" + id, ""},
		{"POST", "addressbook/group", `{"GroupName":"G"}`},
		{"PATCH", "addressbook/contact/" + id + "/group", `{"GroupID":"x"}`},
	} {
		h.v3fail(http.StatusForbidden, "Failed", forbidden, c.method, c.path, c.body)
	}
	// Messaging, opt-outs and v2 are not the address-book API of v3.
	h.v3ok("GET", "optout/list", "")
	h.v3ok("POST", "sms", `{"Message":"hi","Destination":"+61421000001"}`)
	h.ok("GET", "/api/v2.04/addressbook/contact/"+id, "")
	if h.srv.AddressBookEnabled() {
		t.Error("AddressBookEnabled() = true after switching off")
	}
	// Reset switches it back on.
	h.srv.Reset()
	h.v3ok("GET", "addressbook/contact/list", "")
	status, raw = adminCall(t, h, "GET", "/_mock/addressbook-access", "")
	equal(t, "after reset", []any{status, raw}, []any{200, "{\"enabled\":true}\n"})
	status, _ = adminCall(t, h, "POST", "/_mock/addressbook-access", `{"on":false}`)
	equal(t, "bad switch body", status, http.StatusBadRequest)
}

func TestV3RoutesAreExactlyV3s(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	cid := h.v3contact(`{"Attention":"A","MobilePhone":"+61421000001"}`)
	gid := str(t, h.v3ok("POST", "addressbook/group", `{"GroupName":"Team"}`), "GroupID")
	msg := str(t, h.v3ok("POST", "sms", `{"Message":"hi","Destination":"+61421000001"}`), "MessageID")
	// Every v2-only path is unknown to v3.
	for _, c := range []struct{ method, path, body string }{
		{"POST", "send/sms", `{"MessageData":{"Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`},
		{"GET", "get/status/" + msg, ""},
		{"GET", "get/sms/reply/" + msg, ""},
		{"GET", "get/sms/received", ""},
		{"PATCH", "set/abort/" + msg, `{}`},
		{"PATCH", "set/resubmit/" + msg, `{}`},
		{"PATCH", "sms/" + msg + "/resubmit", `{}`},
		{"POST", "addressbook/group/" + gid + "/contact", `{"ContactID":"` + cid + `"}`},
		{"GET", "addressbook/group/" + gid + "/contact/" + cid, ""},
		{"DELETE", "addressbook/group/" + gid + "/contact/" + cid, ""},
	} {
		r := h.v3(c.method, c.path, c.body)
		if r.status != http.StatusNotFound || !strings.Contains(r.raw, "Route not found") {
			t.Errorf("v3 %s %s: %d %s, want 404 Route not found", c.method, c.path, r.status, r.raw)
		}
	}
	// Paths v3 has, with a method it has not: 405 with Allow.
	r := h.v3("POST", "addressbook/contact/"+cid+"/group", `{"GroupID":"`+gid+`"}`)
	equal(t, "POST add-to-group", []any{r.status, r.header.Get("Allow")}, []any{http.StatusMethodNotAllowed, "PATCH"})
	r = h.v3("GET", "addressbook/contact/"+cid+"/group/"+gid, "")
	equal(t, "GET one membership", []any{r.status, r.header.Get("Allow")}, []any{http.StatusMethodNotAllowed, "DELETE"})
	// Opt-outs are v3's only.
	h.fail(http.StatusNotFound, "Route not found", "GET", "/api/v2.04/optout/list", "")
	// Literals in any case, trailing slashes, query keys in any case.
	h.v3ok("GET", "AddressBook/Contact/List/?RecordsPerPage=5&Page=1", "")
	h.v3ok("GET", "SMS/"+msg+"/", "")
	// The refused requests made nothing.
	equal(t, "members of the group", h.srv.GroupMembers(gid), []string{})
	equal(t, "messages", len(h.srv.Messages()), 1)
}

func TestV3AndV2ShareTheStore(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	// A v2 contact, with v2's DirectPhone, read through v3.
	v2id := h.createContact(`{"Attention":"From v2","DirectPhone":"+61290000001","MobilePhone":"+61421000001"}`)
	c := h.v3ok("GET", "addressbook/contact/"+v2id, "")
	equal(t, "v2 contact on v3", []any{c["ContactID"], c["Attention"], c["MobilePhone"], c["AccessControl"], c["Groups"]},
		[]any{v2id, "From v2", "+61421000001", "Limited", []any{}})
	if _, has := c["DirectPhone"]; has {
		t.Errorf("v3 shows DirectPhone: %v", c)
	}
	// A v3 update leaves DirectPhone stored; v2 still shows it, not the v3 members.
	h.v3ok("PATCH", "addressbook/contact/"+v2id, `{"Notes":"seen on v3","DirectPhone":"+61299999999"}`)
	v2 := obj(t, h.ok("GET", "/api/v2.04/addressbook/contact/"+v2id, ""), "Contact")
	equal(t, "v2 view after the v3 update", v2["DirectPhone"], "+61290000001")
	if _, has := v2["Notes"]; has {
		t.Errorf("v2 shows the v3 member Notes: %v", v2)
	}
	stored, _ := h.srv.Contact(v2id)
	equal(t, "stored Notes", stored.Notes, "seen on v3")

	// A v3 group and membership, read through v2.
	gid := str(t, h.v3ok("POST", "addressbook/group", `{"GroupName":"On Call"}`), "GroupID")
	h.v3ok("PATCH", "addressbook/contact/"+v2id+"/group", `{"GroupID":"`+gid+`"}`)
	members := arr(t, h.ok("GET", "/api/v2.04/addressbook/group/"+gid+"/contact/list", ""), "Contacts")
	equal(t, "v2 members of the v3 group", pluck(members, "ContactID"), []string{v2id})
	g := obj(t, h.ok("GET", "/api/v2.03/addressbook/group/On_Call", ""), "Group")
	equal(t, "v2.03 by the server's code", g["GroupID"], gid)
	// A v2 message, read through v3; and the other way.
	v2msg := h.send(`{"Message":"hi","Destinations":[{"Recipient":"+61421000002"}]}`)
	equal(t, "v2 message on v3", h.v3ok("GET", "sms/"+v2msg, "")["MessageID"], v2msg)
	v3msg := str(t, h.v3ok("POST", "sms", `{"Message":"hi","ToNumber":"+61421000003"}`), "MessageID")
	equal(t, "v3 message on v2", h.status(v3msg)["MessageID"], v3msg)
}

package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// The client speaking v3.00 to the mock (contributing/wire-protocol-v3.md
// §9.1). reference_v3_test.go checks the same client against answers
// written by hand from the reference instead.

var v3 = withVersion(APIVersion300)

// v3Seq lists the requests the mock received as "METHOD path" below
// /api/v3.00/.
func v3Seq(m *mockEnv) []string {
	var seq []string
	for _, r := range m.rec.all() {
		seq = append(seq, r.Method+" "+strings.TrimPrefix(r.Path, "/api/v3.00/"))
	}
	return seq
}

func TestV3RequestShape(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, v3, withPageSize(500))
	ctx := context.Background()
	ct, err := c.CreateContact(ctx, Contact{FirstName: "Jane", Notes: "n"})
	if err != nil {
		t.Fatalf("CreateContact: %v", err)
	}
	if _, err := c.ListContacts(ctx); err != nil {
		t.Fatalf("ListContacts: %v", err)
	}
	reqs := m.rec.all()
	for i, r := range reqs {
		if got := r.Header.Values("Authorization"); len(got) != 1 || got[0] != "Bearer "+testToken {
			t.Errorf("request %d Authorization = %q, want exactly Bearer", i, got)
		}
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("request %d Accept = %q, want application/json", i, got)
		}
	}
	if got := reqs[0].Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("POST Content-Type = %q", got)
	}
	assertMap(t, "create body", bodyMap(t, reqs[0]), map[string]string{"FirstName": "Jane", "Notes": "n"})
	// The page size is capped at v3's 100.
	if want := []string{"POST addressbook/contact", "GET addressbook/contact/list"}; !slices.Equal(v3Seq(m), want) || reqs[1].Query != "page=1&recordsPerPage=100" {
		t.Errorf("requests %q, list query %q", v3Seq(m), reqs[1].Query)
	}
	if ct.ID == "" || ct.Notes != "n" || ct.AccessControl != "Limited" || !ct.Updated.IsZero() || !ct.Created.Equal(t0) {
		t.Errorf("created contact %+v: want its id, Notes, the API's AccessControl, no Updated", ct)
	}
}

func TestV3Contacts(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, v3)
	ctx := context.Background()
	in := Contact{
		Attention: "Jane Doe", MobilePhone: "+61421000001", ExType: "crm", ExID: "C-42", AccessControl: "Granted",
		AltPhone3: "+61290000003", AltPhone8: "+61290000008", Notes: "Prefers SMS.",
	}
	ct, err := c.CreateContact(ctx, in)
	if err != nil {
		t.Fatalf("CreateContact: %v", err)
	}
	in.ID, in.Owner, in.ViewBy, in.EditBy, in.Timezone, in.Created = ct.ID, mockapi.DefaultOwner, "Account", "Account", "AUS Eastern", t0
	assertContact(t, "created", ct, in)
	got, err := c.GetContact(ctx, ct.ID)
	if err != nil {
		t.Fatalf("GetContact: %v", err)
	}
	assertContact(t, "read", got, in)

	// An update sends every member v3 carries, DirectPhone never.
	m.rec.reset()
	in.Notes, in.ExID = "", ""
	if _, err := c.UpdateContact(ctx, ct.ID, in); err != nil {
		t.Fatalf("UpdateContact: %v", err)
	}
	body := bodyMap(t, m.rec.only("PATCH")[0])
	if _, has := body["DirectPhone"]; has || body["Notes"] != "" || body["AltPhone8"] != "+61290000008" || len(body) != 36 {
		t.Errorf("update body %v (%d members): want the 36 v3 members, Notes cleared, no DirectPhone", body, len(body))
	}
	stored, _ := m.srv.Contact(ct.ID)
	if stored.Notes != "" || stored.ExID != "" || stored.AltPhone3 != "+61290000003" {
		t.Errorf("stored after update: %+v", stored)
	}

	// DirectPhone cannot travel in v3; nothing is sent.
	m.rec.reset()
	for _, call := range []func() error{
		func() error { _, err := c.CreateContact(ctx, Contact{DirectPhone: "+61290000001"}); return err },
		func() error { _, err := c.UpdateContact(ctx, ct.ID, Contact{DirectPhone: "+61290000001"}); return err },
	} {
		var ue *UnsupportedError
		if err := call(); !errors.As(err, &ue) || ue.What != string(FeatureDirectPhone) || ue.Version != APIVersion300 ||
			!strings.Contains(err.Error(), "v2.03, v2.04") {
			t.Errorf("DirectPhone on v3: %v", err)
		}
	}
	if n := len(m.rec.all()); n != 0 {
		t.Errorf("%d requests sent for refused calls", n)
	}

	// Gone: the RecordNotFound 404.
	if err := c.DeleteContact(ctx, ct.ID); err != nil {
		t.Fatalf("DeleteContact: %v", err)
	}
	if _, err := c.GetContact(ctx, ct.ID); !IsNotFound(err) {
		t.Errorf("GetContact after delete: %v, want not found", err)
	}
	if err := c.DeleteContact(ctx, ct.ID); !IsNotFound(err) {
		t.Errorf("DeleteContact again: %v, want not found", err)
	}
}

func TestV2RefusesV3Members(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	for _, v := range []string{APIVersion203, APIVersion204} {
		c := m.client(t, withVersion(v))
		_, err := c.CreateContact(context.Background(), Contact{FirstName: "Jane", Notes: "n"})
		var ue *UnsupportedError
		if !errors.As(err, &ue) || ue.What != string(FeatureContactV3Members) || !slices.Equal(ue.Versions, []string{APIVersion300}) {
			t.Errorf("%s: Notes: %v", v, err)
		}
		if _, err := c.CreateGroup(context.Background(), Group{Name: "G", AccessControl: "Granted"}); !IsUnsupported(err) {
			t.Errorf("%s: group AccessControl: %v", v, err)
		}
		if _, err := c.ListOptOuts(context.Background(), OptOutFilter{}); !IsUnsupported(err) {
			t.Errorf("%s: ListOptOuts: %v", v, err)
		}
	}
	if n := len(m.rec.all()); n != 0 {
		t.Errorf("%d requests sent for refused calls", n)
	}
}

func TestV3GroupsAndMemberships(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, v3)
	ctx := context.Background()
	// A code cannot be written in v3.
	if _, err := c.CreateGroup(ctx, Group{Name: "On Call", Code: "OC"}); !IsUnsupported(err) || !strings.Contains(err.Error(), string(FeatureGroupCode)) {
		t.Fatalf("CreateGroup with a Code: %v", err)
	}
	g, err := c.CreateGroup(ctx, Group{Name: "On Call", AccessControl: "Granted"})
	if err != nil {
		t.Fatalf("CreateGroup: %v", err)
	}
	if g.Code != "On_Call" || g.AccessControl != "Granted" || g.ViewEditBy != "Account" || !g.Updated.IsZero() {
		t.Errorf("created group %+v", g)
	}
	found, err := c.FindGroupByCode(ctx, "on_call")
	if err != nil || found.ID != g.ID {
		t.Errorf("FindGroupByCode: %+v, %v", found, err)
	}
	ct, err := c.CreateContact(ctx, Contact{Attention: "A", MobilePhone: "+61421000001"})
	if err != nil {
		t.Fatal(err)
	}
	m.rec.reset()
	if err := c.AddContactToGroup(ctx, g.ID, ct.ID); err != nil {
		t.Fatalf("AddContactToGroup: %v", err)
	}
	add := m.rec.all()[0]
	if add.Method != http.MethodPatch || add.Path != "/api/v3.00/addressbook/contact/"+ct.ID+"/group" || string(add.Body) != `{"GroupID":"`+g.ID+`"}` {
		t.Errorf("add = %s %s %s, want PATCH …/contact/{id}/group {GroupID}", add.Method, add.Path, add.Body)
	}
	if member, err := c.IsGroupMember(ctx, g.ID, ct.ID); err != nil || !member {
		t.Errorf("IsGroupMember: %v, %v", member, err)
	}
	if ids, err := c.GroupMemberIDs(ctx, g.ID); err != nil || !slices.Equal(ids, []string{ct.ID}) {
		t.Errorf("GroupMemberIDs: %v, %v", ids, err)
	}
	if err := c.RemoveContactFromGroup(ctx, g.ID, ct.ID); err != nil {
		t.Fatalf("RemoveContactFromGroup: %v", err)
	}
	if err := c.RemoveContactFromGroup(ctx, g.ID, ct.ID); !IsNotFound(err) {
		t.Errorf("removing again: %v, want not found", err)
	}
	up, err := c.UpdateGroup(ctx, g.ID, Group{Name: "Renamed", AccessControl: "Limited"})
	if err != nil || up.Name != "Renamed" || up.Code != "On_Call" || up.AccessControl != "Limited" {
		t.Errorf("UpdateGroup: %+v, %v", up, err)
	}
	if err := c.DeleteGroup(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetGroup(ctx, g.ID); !IsNotFound(err) {
		t.Errorf("GetGroup after delete: %v", err)
	}
}

// A group create whose outcome is unknown is resolved in v3 by the members
// sent, since the code is the server's.
func TestV3GroupCreateRecovered(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, v3)
	ctx := context.Background()
	// Another group of the same name exists already (its code is taken).
	other, err := c.CreateGroup(ctx, Group{Name: "Team", SubAccount: "North"})
	if err != nil {
		t.Fatal(err)
	}
	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetNoObject, Method: "POST", Path: "addressbook/group", Count: 1}))
	got, err := c.CreateGroup(ctx, Group{Name: "Team", SubAccount: "South"})
	if err != nil {
		t.Fatalf("CreateGroup: %v", err)
	}
	stored := m.srv.Groups()
	if len(stored) != 2 || got.ID != stored[1].GroupID || got.ID == other.ID || got.Code != "Team_2" {
		t.Fatalf("adopted %+v; mock holds %+v", got, stored)
	}
}

func TestV3Messaging(t *testing.T) {
	clock := mocktest.NewClock(t0)
	m := newMock(t, mockapi.Options{DeliveryDelay: time.Minute, Now: clock.Now})
	c := m.client(t, v3)
	ctx := context.Background()
	if _, err := m.srv.PutOptOut(mockapi.OptOut{DestType: "SMS", Destination: "+61421000009"}); err != nil {
		t.Fatal(err)
	}
	id, err := c.SendSMS(ctx, SendRequest{
		MessageID: "v3-msg", Message: "Hi [[FirstName]]", TimeZone: "New Zealand", SubAccount: "Ops",
		Destinations: []Destination{{Recipient: "+61421000001", FirstName: "Bo"}, {Recipient: "+61421000009"}},
	})
	if err != nil || id != "v3-msg" {
		t.Fatalf("SendSMS: %q, %v", id, err)
	}
	send := m.rec.only("POST")[0]
	var body map[string]any
	if err := json.Unmarshal(send.Body, &body); err != nil {
		t.Fatal(err)
	}
	if send.Path != "/api/v3.00/sms" || body["Timezone"] != "New Zealand" || body["MessageData"] != nil || body["SubAccount"] != "Ops" {
		t.Errorf("send %s %s: want the flat v3 body with Timezone", send.Path, send.Body)
	}
	dests, _ := json.Marshal(body["Destinations"])
	if string(dests) != `[{"FirstName":"Bo","ToNumber":"+61421000001"},{"ToNumber":"+61421000009"}]` {
		t.Errorf("destinations %s", dests)
	}

	st, err := c.MessageStatus(ctx, id)
	if err != nil || st.Status != "Pending" || len(st.Recipients) != 2 || st.Price != 0 {
		t.Fatalf("MessageStatus: %+v, %v", st, err)
	}
	clock.Advance(time.Minute)
	if _, err := m.srv.Inbound("+61421000001", "Yes", id); err != nil {
		t.Fatal(err)
	}
	st, err = c.SMSReplies(ctx, id)
	if err != nil {
		t.Fatalf("SMSReplies: %v", err)
	}
	r0, r1 := st.Recipients[0], st.Recipients[1]
	if st.Status != "Completed" || st.Price != 0.1 || st.Success != 1 || st.Failed != 1 {
		t.Errorf("completed status %+v", st)
	}
	if r0.OptedOut() || r0.Result != "delivered" || r0.Price != 0.1 || len(r0.Replies) != 1 || r0.Replies[0].MessageText != "Yes" ||
		!r0.SentTime.Equal(t0.Add(time.Minute)) || r0.Type != "SMS" {
		t.Errorf("first recipient %+v", r0)
	}
	if !r1.OptedOut() || r1.Destination != "+61421000009" || r1.Price != 0 || r1.MessageText != "" {
		t.Errorf("opted-out recipient %+v", r1)
	}
	if routes := m.routes(); routes["GET v3.00/sms/{id}"] != 2 {
		t.Errorf("routes %v: want status and replies both from sms/{id}", routes)
	}

	// Actions: reschedule and abort a delayed message; no resubmit.
	later, err := c.SendSMS(ctx, SendRequest{Message: "later", SendTime: "2025-12-02T09:00", Destinations: []Destination{{Recipient: "+61421000002"}}})
	if err != nil {
		t.Fatal(err)
	}
	if ar, err := c.Reschedule(ctx, later, "2025-12-03T09:00"); err != nil || ar.Action != "Reschedule" || ar.Status != "Delayed" {
		t.Errorf("Reschedule: %+v, %v", ar, err)
	}
	if ar, err := c.Abort(ctx, later); err != nil || ar.Action != "Abort" {
		t.Errorf("Abort: %+v, %v", ar, err)
	}
	if _, err := c.Abort(ctx, "nope"); !IsNotFound(err) {
		t.Errorf("Abort of an unknown message: %v, want not found", err)
	}
	m.rec.reset()
	if _, err := c.Resubmit(ctx, id, ""); !IsUnsupported(err) || !strings.Contains(err.Error(), "SMS resubmit") {
		t.Errorf("Resubmit on v3: %v", err)
	}
	// "received" names the received list in v3: refused, not sent.
	if _, err := c.SendSMS(ctx, SendRequest{MessageID: "Received", Message: "x", Destinations: []Destination{{Recipient: "+61421000002"}}}); !IsUnsupported(err) {
		t.Errorf("SendSMS with MessageID received: %v", err)
	}
	if _, err := c.MessageStatus(ctx, "received"); !IsUnsupported(err) {
		t.Errorf("MessageStatus of received: %v", err)
	}
	if _, err := c.SendSMS(ctx, SendRequest{ChargeCode: "cc", Message: "x", Destinations: []Destination{{Recipient: "+61421000002"}}}); !IsUnsupported(err) {
		t.Errorf("SendSMS with a ChargeCode: %v", err)
	}
	if n := len(m.rec.all()); n != 0 {
		t.Errorf("%d requests sent for refused calls", n)
	}
}

func TestV3ReceivedLimits(t *testing.T) {
	clock := mocktest.NewClock(t0)
	m := newMock(t, mockapi.Options{Now: clock.Now})
	c := m.client(t, v3)
	ctx := context.Background()
	if _, err := m.srv.Inbound("+61421000001", "hello", ""); err != nil {
		t.Fatal(err)
	}
	got, err := c.ReceivedSMS(ctx, ReceivedQuery{})
	if err != nil || len(got) != 1 || got[0].MessageText != "hello" || len(got[0].ReceivedID) != 36 || !got[0].Received.Equal(t0) {
		t.Fatalf("ReceivedSMS: %+v, %v", got, err)
	}
	from := t0.In(AccountZone("")).Add(-7 * 24 * time.Hour)
	if got, err := c.ReceivedSMS(ctx, ReceivedQuery{DateFrom: from, DateTo: from.Add(7 * 24 * time.Hour)}); err != nil || len(got) != 1 {
		t.Errorf("a 7-day window: %+v, %v", got, err)
	}
	m.rec.reset()
	for _, q := range []ReceivedQuery{{TimePeriod: 1441}, {DateFrom: from, DateTo: from.Add(7*24*time.Hour + time.Second)}} {
		if _, err := c.ReceivedSMS(ctx, q); !IsUnsupported(err) {
			t.Errorf("ReceivedSMS(%+v): %v, want unsupported", q, err)
		}
	}
	if n := len(m.rec.all()); n != 0 {
		t.Errorf("%d requests sent for refused queries", n)
	}
	window, period := ReceivedLimits(APIVersion300)
	if window != 7*24*time.Hour || period != 1440 {
		t.Errorf("ReceivedLimits(v3.00) = %s, %d", window, period)
	}
	if window, period := ReceivedLimits(APIVersion204); window != 0 || period != 0 {
		t.Errorf("ReceivedLimits(v2.04) = %s, %d, want no limits", window, period)
	}
}

func TestV3OptOuts(t *testing.T) {
	clock := mocktest.NewClock(t0)
	m := newMock(t, mockapi.Options{Now: clock.Now})
	c := m.client(t, v3, withPageSize(2))
	ctx := context.Background()
	ct, err := c.CreateContact(ctx, Contact{Attention: "A", EmailAddress: "a@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.CreateOptOut(ctx, OptOut{DestType: "SMS", Destination: "+61421000009", SubAccount: "Ops", StopMessage: "STOP", Notes: "by phone"})
	if err != nil {
		t.Fatalf("CreateOptOut: %v", err)
	}
	if o.ID == "" || o.DestType != "Text" || !SameDestType(o.DestType, "sms") || o.Destination != "+61421000009" ||
		o.SubAccount != "Ops" || o.StopMessage != "STOP" || o.Notes != "by phone" || !o.Created.Equal(t0) || !o.Updated.IsZero() {
		t.Errorf("created %+v", o)
	}
	assertMap(t, "create body", bodyMap(t, m.rec.only("POST")[1]),
		map[string]string{"DestType": "SMS", "Destination": "+61421000009", "SubAccount": "Ops", "StopMessage": "STOP", "Notes": "by phone"})

	clock.Advance(time.Hour)
	up, err := c.UpdateOptOut(ctx, o.ID, OptOutUpdate{Notes: "", StopMessage: "Stop please"})
	if err != nil || up.Notes != "" || up.StopMessage != "Stop please" || !up.Updated.Equal(t0.Add(time.Hour)) {
		t.Errorf("UpdateOptOut: %+v, %v", up, err)
	}
	assertMap(t, "update body", bodyMap(t, m.rec.only("PATCH")[0]), map[string]string{"Notes": "", "StopMessage": "Stop please"})

	for i := range 6 {
		if _, err := c.CreateOptOut(ctx, OptOut{DestType: "Voice", Destination: "+6129000000" + string(rune('0'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateOptOut(ctx, OptOut{DestType: "email", ContactID: ct.ID}); err != nil {
		t.Fatal(err)
	}
	m.rec.reset()
	voice, err := c.ListOptOuts(ctx, OptOutFilter{DestType: "Speech"})
	if err != nil || len(voice) != 6 {
		t.Fatalf("ListOptOuts(Speech): %d, %v", len(voice), err)
	}
	// The opt-out list takes at least 5 a page: 6 entries are 2 pages.
	if lists := m.rec.only("GET"); len(lists) != 2 || lists[0].Query != "destType=Speech&page=1&recordsPerPage=5" {
		t.Errorf("list requests %+v", lists)
	}
	if byContact, err := c.ListOptOuts(ctx, OptOutFilter{ContactID: ct.ID}); err != nil || len(byContact) != 1 || byContact[0].ContactID != ct.ID {
		t.Errorf("ListOptOuts(contact): %+v, %v", byContact, err)
	}
	clock.Advance(48 * time.Hour)
	if recent, err := c.ListOptOuts(ctx, OptOutFilter{CreatedWithinDays: 1}); err != nil || len(recent) != 0 {
		t.Errorf("ListOptOuts(1 day) two days later: %+v, %v", recent, err)
	}

	// Gone is the 404 without Result.
	if err := c.DeleteOptOut(ctx, o.ID); err != nil {
		t.Fatalf("DeleteOptOut: %v", err)
	}
	if _, err := c.GetOptOut(ctx, o.ID); !IsNotFound(err) {
		t.Errorf("GetOptOut after delete: %v, want not found", err)
	}
	if err := c.DeleteOptOut(ctx, o.ID); !IsNotFound(err) || IsRouteNotFound(err) {
		t.Errorf("DeleteOptOut again: %v, want not found (and not a wrong route)", err)
	}
	// The API's refusals and the client's own.
	if _, err := c.CreateOptOut(ctx, OptOut{DestType: "SMS", Destination: "0421000009"}); err == nil || IsNotFound(err) || apiErr(t, err).StatusCode != 400 {
		t.Errorf("a national number: %v", err)
	}
	for _, bad := range []OptOut{{DestType: "Pigeon", Destination: "+61421000009"}, {DestType: "SMS"},
		{DestType: "SMS", Destination: "+61421000009", ContactID: ct.ID}} {
		if _, err := c.CreateOptOut(ctx, bad); err == nil || IsUnsupported(err) {
			t.Errorf("CreateOptOut(%+v): %v, want a refusal", bad, err)
		}
	}
}

// An opt-out create whose outcome is unknown is found by listing instead of
// being sent again; another client's identical entry is never adopted.
func TestV3OptOutCreateRecovered(t *testing.T) {
	for _, fault := range []mockapi.NetFault{
		{Mode: mockapi.NetResetAfter}, {Mode: mockapi.NetNoObject}, {Mode: mockapi.NetTruncate}, {Mode: mockapi.NetEmpty},
	} {
		t.Run(string(fault.Mode), func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			// An identical entry made earlier by someone else.
			old, err := m.srv.PutOptOut(mockapi.OptOut{DestType: "SMS", Destination: "+61421000009", Created: t0.Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			fault.Method, fault.Path, fault.Count = "POST", "/optout", 1
			m.srv.SetFaults(netFaults(fault))
			got, err := m.client(t, v3).CreateOptOut(context.Background(), OptOut{DestType: "SMS", Destination: "+61421000009"})
			if err != nil {
				t.Fatalf("CreateOptOut: %v", err)
			}
			stored := m.srv.OptOuts()
			if len(stored) != 2 || got.ID != stored[1].ID || got.ID == old.ID {
				t.Fatalf("adopted %+v; register %+v", got, stored)
			}
			if want := []string{"POST optout", "GET optout/list"}; !slices.Equal(v3Seq(m), want) {
				t.Errorf("requests %q, want %q", v3Seq(m), want)
			}
		})
	}
}

func TestVersionFeatures(t *testing.T) {
	for _, tc := range []struct {
		version string
		has     []Feature
	}{
		{APIVersion203, []Feature{FeatureResubmit, FeatureGroupCode, FeatureChargeCode, FeatureDirectPhone}},
		{APIVersion204, []Feature{FeatureResubmit, FeatureGroupCode, FeatureChargeCode, FeatureDirectPhone}},
		{APIVersion300, []Feature{FeatureContactV3Members, FeatureGroupAccessControl, FeatureOptOuts}},
	} {
		for _, f := range []Feature{FeatureResubmit, FeatureGroupCode, FeatureChargeCode, FeatureDirectPhone,
			FeatureContactV3Members, FeatureGroupAccessControl, FeatureOptOuts} {
			if got, want := Supports(tc.version, f), slices.Contains(tc.has, f); got != want {
				t.Errorf("Supports(%s, %q) = %v, want %v", tc.version, f, got, want)
			}
		}
		// Each route table has exactly the operations its features allow.
		d := dialects[tc.version]
		for op, f := range opFeatures {
			if _, has := d.routes[op]; has != slices.Contains(d.features, f) {
				t.Errorf("%s: route for %s present = %v, feature %q = %v", tc.version, op, has, f, !has)
			}
		}
	}
	if Supports("v9.99", FeatureOptOuts) {
		t.Error("an unknown version supports opt-outs")
	}
	if !slices.Equal(SupportedVersions(), []string{"v2.03", "v2.04", "v3.00"}) {
		t.Errorf("SupportedVersions() = %v", SupportedVersions())
	}
}

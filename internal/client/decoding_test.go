package client

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseTimestampLayouts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2025-12-01T01:00:00.000Z", t0}, // *_RFC3339
		{"2025-12-01T01:00:00.123456789Z", t0.Add(123456789)},
		{"2025-12-01T12:00:00+11:00", t0}, // RFC 3339 with offset
		{"2025-12-01 01:00:00", t0},       // *TimeUTC, received/reply
		{"2025-12-01T01:00:00", t0},       // ISO without zone (Created, status)
		{"2025-12-01 01:00", t0},          // SendTime style
		{"2025-12-01T01:00", t0},          // D001 SendTime
		{"01/12/2025 01:00:00", t0},       // dd/MM/yyyy HH:mm:ss
		{"01/12/2025 01:00", t0},          // dd/MM/yyyy HH:mm
		{"  2025-12-01 01:00:00\n", t0},   // surrounding space
		{"", time.Time{}},
		{"yesterday", time.Time{}},
		{"2025-13-01 01:00:00", time.Time{}},
	} {
		got := parseTimestamp(tc.in)
		if !got.Equal(tc.want) || got.IsZero() != tc.want.IsZero() {
			t.Errorf("parseTimestamp(%q) = %v, want %v", tc.in, got, tc.want)
		}
		if !got.IsZero() && got.Location() != time.UTC && !strings.Contains(tc.in, "+") {
			t.Errorf("parseTimestamp(%q) location = %v, want UTC", tc.in, got.Location())
		}
	}
}

// The v2.04 contact of contributing/wire-protocol.md §9.9, verbatim.
const contactV204 = `{"ContactID":"17f2b37e-4706-41c8-8dcb-de90e24c2447","Owner":"COM\\EXAMPLE\\TEST",
 "CreatedTimeLocal":"2025-12-01 12:00:00","CreatedTimeUTC":"2025-12-01 01:00:00","CreatedTimeUTC_RFC3339":"2025-12-01T01:00:00.000Z",
 "UpdatedTimeLocal":"2025-12-01 12:00:00","UpdatedTimeUTC":"2025-12-01 01:00:00","UpdatedTimeUTC_RFC3339":"2025-12-01T01:00:00.000Z",
 "Timezone":"AUS Eastern","ViewBy":"Account","EditBy":"Account","Attention":"Jane Doe","Title":"","Company":"",
 "RecipDepartment":"","FirstName":"Jane","LastName":"Doe","Position":"","StreetAddress":"","Suburb":"","City":"",
 "State":"","Country":"","Postcode":"","MainPhone":"","AltPhone1":"","AltPhone2":"","DirectPhone":"",
 "MobilePhone":"+61421000001","FaxNumber":"","EmailAddress":"","WebAddress":"",
 "Custom1":"","Custom2":"","Custom3":"","Custom4":""}`

func TestContactUnmarshal(t *testing.T) {
	t1 := t0.Add(24 * time.Hour)
	for _, tc := range []struct {
		name string
		json string
		want Contact
	}{
		{"v2.04 example", contactV204, Contact{
			ID: "17f2b37e-4706-41c8-8dcb-de90e24c2447", Owner: `COM\EXAMPLE\TEST`, Timezone: "AUS Eastern",
			ViewBy: "Account", EditBy: "Account", Attention: "Jane Doe", FirstName: "Jane", LastName: "Doe",
			MobilePhone: "+61421000001", Created: t0, Updated: t0,
		}},
		{"ContactID preferred over ID", `{"ContactID":"a","ID":"b"}`, Contact{ID: "a"}},
		{"legacy ID", `{"ID":"b","FirstName":"Jane"}`, Contact{ID: "b", FirstName: "Jane"}},
		{"empty ContactID falls back to ID", `{"ContactID":"","ID":"b"}`, Contact{ID: "b"}},
		{"CompanyDepartment", `{"CompanyDepartment":"Ops"}`, Contact{Department: "Ops"}},
		{"RecipDepartment preferred", `{"CompanyDepartment":"Old","RecipDepartment":"Ops"}`, Contact{Department: "Ops"}},
		{"PostCode spelling", `{"PostCode":"2000"}`, Contact{Postcode: "2000"}},
		{"lower-case member names", `{"contactid":"x","firstname":"Jane","mobilephone":"+61421000001"}`,
			Contact{ID: "x", FirstName: "Jane", MobilePhone: "+61421000001"}},
		{"null and non-string members", `{"ContactID":null,"FirstName":null,"LastName":42,"Custom1":{"a":1},"CreatedTimeUTC":null,"Company":"Acme"}`,
			Contact{Company: "Acme"}},
		{"unknown members ignored", `{"ContactID":"x","HTTPMethod":"GET","Context":"y","Groups":["g"]}`, Contact{ID: "x"}},
		{"v3 members read whatever the version", `{"ContactID":"x","ExType":"crm","Notes":"n","AltPhone8":"+61290000008","AccessControl":"Granted"}`,
			Contact{ID: "x", ExType: "crm", Notes: "n", AltPhone8: "+61290000008", AccessControl: "Granted"}},
		{"v3's never-updated contact", `{"ContactID":"x","CreatedTimeUTC_RFC3339":"2025-12-01T01:00:00.000Z","UpdatedTimeLocal":"0001-01-01 00:00:00",
			"UpdatedTimeUTC":"0001-01-01 00:00:00","UpdatedTimeUTC_RFC3339":"0001-01-01T00:00:00.000Z","Timezone":"AUS Eastern"}`,
			Contact{ID: "x", Created: t0, Timezone: "AUS Eastern"}},
		{"UTC preferred over local", `{"CreatedTimeLocal":"2025-12-01 12:00:00","CreatedTimeUTC":"2025-12-01 01:00:00","UpdatedTimeLocal":"2025-12-02 12:00:00","UpdatedTimeUTC":"2025-12-02 01:00:00"}`,
			Contact{Created: t0, Updated: t1}},
		{"unparseable RFC3339 falls through", `{"CreatedTimeUTC_RFC3339":"n/a","CreatedTimeUTC":"2025-12-01 01:00:00"}`,
			Contact{Created: t0}},
		{"legacy Created/CreatedUTC", `{"Created":"2025-12-01T12:00:00","CreatedUTC":"2025-12-01T01:00:00","Updated":"2025-12-02T12:00:00","UpdatedUTC":"2025-12-02T01:00:00"}`,
			Contact{Created: t0, Updated: t1}},
		// Local times are in the account's zone: the contact's Timezone, else AUS Eastern.
		{"legacy Created only", `{"Created":"2025-12-01T12:00:00","Updated":"02/12/2025 12:00"}`,
			Contact{Created: t0, Updated: t1}},
		{"local time when nothing else", `{"CreatedTimeLocal":"2025-12-01 12:00:00"}`, Contact{Created: t0}},
		{"local time in the contact's Timezone", `{"CreatedTimeLocal":"2025-12-01 14:00:00","Timezone":"New Zealand"}`,
			Contact{Created: t0, Timezone: "New Zealand"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got Contact
			if err := json.Unmarshal([]byte(tc.json), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			assertContact(t, tc.name, &got, tc.want)
		})
	}

	t.Run("reused value is reset", func(t *testing.T) {
		c := Contact{ID: "old", FirstName: "Old", Created: t0}
		if err := json.Unmarshal([]byte(`{"ID":"new"}`), &c); err != nil {
			t.Fatal(err)
		}
		assertContact(t, "reused", &c, Contact{ID: "new"})
	})

	for _, bad := range []string{`[]`, `"x"`, `{"ContactID":`} {
		var c Contact
		if err := json.Unmarshal([]byte(bad), &c); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func TestGroupUnmarshal(t *testing.T) {
	for _, tc := range []struct {
		name string
		json string
		want Group
	}{
		{"v2.04", `{"GroupID":"4000000b-f002-4007-b00a-c00000000001","GroupCode":"On_Call_Team","GroupName":"On Call Team",
			"SubAccount":"North","Department":"Ops","ViewEditBy":"Account","Owner":"COM\\EXAMPLE\\TEST","Timezone":"AUS Eastern",
			"CreatedTimeLocal":"2025-12-01 12:00:00","CreatedTimeUTC":"2025-12-01 01:00:00","CreatedTimeUTC_RFC3339":"2025-12-01T01:00:00.000Z",
			"UpdatedTimeUTC_RFC3339":"2025-12-02T01:00:00.000Z","AccessControl":"Granted"}`,
			Group{ID: "4000000b-f002-4007-b00a-c00000000001", Code: "On_Call_Team", Name: "On Call Team", SubAccount: "North",
				Department: "Ops", ViewEditBy: "Account", AccessControl: "Granted", Owner: `COM\EXAMPLE\TEST`, Timezone: "AUS Eastern",
				Created: t0, Updated: t0.Add(24 * time.Hour)}},
		{"v2.03 without GroupID", `{"GroupCode":"Test_Group","GroupName":"Test Group"}`,
			Group{Code: "Test_Group", Name: "Test Group"}},
		{"legacy timestamps (Updated local, AUS Eastern)", `{"GroupCode":"g","CreatedUTC":"2025-12-01T01:00:00","Updated":"2025-12-01 12:00:00"}`,
			Group{Code: "g", Created: t0, Updated: t0}},
		{"null and lower-case members", `{"groupid":"x","groupcode":null,"GroupName":null,"department":"Ops","SubAccount":7}`,
			Group{ID: "x", Department: "Ops"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got Group
			if err := json.Unmarshal([]byte(tc.json), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			assertGroup(t, tc.name, &got, tc.want)
		})
	}
	var g Group
	if err := json.Unmarshal([]byte(`[]`), &g); err == nil {
		t.Error("Unmarshal([]) succeeded")
	}
}

// List answers the mock does not give: other key spellings, legacy ids,
// no paging block, a page count that overstates.
func TestListTolerance(t *testing.T) {
	for _, tc := range []struct {
		name         string
		pages        []string // answer to page n is pages[n-1]; past the end, the last one
		wantIDs      string
		wantRequests int32
	}{
		{"unpaged answer", []string{`{"Result":"Success","Contacts":[{"ID":"a"},{"ID":"b"}]}`}, "a,b", 1},
		{"lower-case key", []string{`{"Result":"Success","PageCount":1,"Page":1,"contacts":[{"ContactID":"a"}]}`}, "a", 1},
		{"null list", []string{`{"Result":"Success","PageCount":1,"Contacts":null}`}, "", 1},
		{"empty page ends the loop", []string{
			`{"Result":"Success","PageCount":5,"Page":1,"Contacts":[{"ContactID":"a"}]}`,
			`{"Result":"Success","PageCount":5,"Page":2,"Contacts":[]}`,
		}, "a", 2},
		{"three pages", []string{
			`{"Result":"Success","TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":1,"Contacts":[{"ContactID":"a"}]}`,
			`{"Result":"Success","TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":2,"Contacts":[{"ContactID":"b","CompanyDepartment":"Ops"}]}`,
			`{"Result":"Success","TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":3,"Contacts":[{"ID":"c"}]}`,
		}, "a,b,c", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			base := stub(t, func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1))
				writeBody(w, 200, tc.pages[min(i, len(tc.pages))-1])
			})
			got, err := newTestClient(t, base, withPageSize(1)).ListContacts(context.Background())
			if err != nil {
				t.Fatalf("ListContacts: %v", err)
			}
			var ids []string
			for _, c := range got {
				ids = append(ids, c.ID)
			}
			if strings.Join(ids, ",") != tc.wantIDs {
				t.Errorf("ids = %v, want %s", ids, tc.wantIDs)
			}
			if n.Load() != tc.wantRequests {
				t.Errorf("requests = %d, want %d", n.Load(), tc.wantRequests)
			}
		})
	}

	t.Run("a failing page fails the list", func(t *testing.T) {
		var n atomic.Int32
		base := stub(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				writeBody(w, 200, `{"Result":"Success","PageCount":2,"Page":1,"Contacts":[{"ContactID":"a"}]}`)
				return
			}
			writeBody(w, 400, `{"Result":"Failed","ErrorMessage":["page must be a positive integer"]}`)
		})
		got, err := newTestClient(t, base, withPageSize(1)).ListContacts(context.Background())
		if got != nil {
			t.Errorf("partial result %v returned with an error", got)
		}
		if ae := apiErr(t, err); ae.StatusCode != 400 || ae.Path != "addressbook/contact/list" {
			t.Errorf("APIError = %+v", ae)
		}
	})
}

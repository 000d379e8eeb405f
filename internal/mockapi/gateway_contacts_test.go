package mockapi_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// contactRows renders contacts as "id phone first last group".
func contactRows(recs []map[string]any) []string {
	out := []string{}
	for _, r := range recs {
		out = append(out, fmt.Sprintf("%v %v %v %v %v", r["contact_id"], r["phone"], r["firstname"], r["lastname"], r["group_name"]))
	}
	return out
}

func TestGatewaySaveAndFetchContacts(t *testing.T) {
	for _, how := range gwMethods {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, mockapi.Options{})
			// The reference's PHP sample: contacts as JSON, one with its own group.
			equal(t, "save", h.gwOK(how, gwVals("save_contacts", "group_name", "My Customers", "contacts",
				`[{"phone":"08086689567","firstname":"Ibukun","lastname":"Oladipo","group_name":"Client"},{"phone":"+2348094309926","firstname":"Pearl"}]`)),
				map[string]any{"total": "2"})
			// phone_numbers with duplicates and junk, into the default group.
			equal(t, "save numbers", h.gwOK(how, gwVals("save_contacts", "phone_numbers", "08086689567,+2348086689567, 4478128372838,nope")),
				map[string]any{"total": "2"})
			// Saving a number again into the same group keeps its id and updates names given.
			h.clock.Advance(time.Minute)
			equal(t, "save again", h.gwOK(how, gwVals("save_contacts", "group_name", "My Customers",
				"contacts", `{"phone":"2348094309926","lastname":"Adeyemi"}`, "phone_numbers", "08011112222")), map[string]any{"total": "2"})

			all := h.gwOK(how, gwVals("fetch_contacts", "perpage", "300"))
			equal(t, "all", contactRows(arr(t, all, "records")), []string{
				"1 2348086689567 Ibukun Oladipo Client",
				"2 2348094309926 Pearl Adeyemi My Customers",
				"3 2348086689567   default",
				"4 4478128372838   default",
				"5 2348011112222   My Customers",
			})
			rec := arr(t, all, "records")[1]
			equal(t, "record", rec, map[string]any{"contact_id": "2", "user_id": "1", "sub_account_id": "1", "phone": "2348094309926",
				"firstname": "Pearl", "lastname": "Adeyemi", "group_name": "My Customers", "time": t0Unix})
			if last := arr(t, all, "records")[4]; last["time"] != strconv.FormatInt(t0.Add(time.Minute).Unix(), 10) {
				t.Errorf("time of the new contact = %v", last["time"])
			}
			equal(t, "paging of all", []any{all["total"], all["p"], all["totalpages"]}, []any{5.0, 1.0, 1.0})

			for _, f := range []struct {
				kv   []string
				want []string
			}{
				{[]string{"group_name", "My Customers"}, []string{"2", "5"}},
				{[]string{"group_name", "my customers"}, []string{}},
				{[]string{"search_term", "ibukun"}, []string{"1"}},
				{[]string{"search_term", "08094309926 pearl"}, []string{"2"}},
				{[]string{"search_term", "08086689567"}, []string{"1", "3"}},
				{[]string{"search_term", "pearl ibukun"}, []string{}},
				{[]string{"contact_ids", "5,1, 4"}, []string{"1", "4", "5"}},
				{[]string{"contact_ids", "3", "group_name", "Client"}, []string{}},
			} {
				got := pluck(arr(t, h.gwOK(how, gwVals("fetch_contacts", f.kv...)), "records"), "contact_id")
				equal(t, fmt.Sprintf("fetch_contacts %q", f.kv), got, f.want)
			}
			// The default page holds 10; the filter echo as in the sample.
			for i := 0; i < 12; i++ {
				h.gwOK(how, gwVals("save_contacts", "group_name", "Big", "phone_numbers", fmt.Sprintf("080555000%02d", i)))
			}
			page := h.gwOK(how, gwVals("fetch_contacts", "group_name", "Big"))
			equal(t, "default page", []any{page["total"], page["p"], page["totalpages"], len(arr(t, page, "records"))}, []any{12.0, 1.0, 2.0, 10})
			equal(t, "filter echo", obj(t, page, "filter"), map[string]any{"user_id": "1", "sub_account_id": "1", "perpage": 10.0,
				"group_name": "Big", "search_term": nil, "offset": 0.0})
			page = h.gwOK(how, gwVals("fetch_contacts", "group_name", "Big", "p", "2"))
			equal(t, "page 2", []any{len(arr(t, page, "records")), obj(t, page, "filter")["offset"]}, []any{2, 10.0})

			h.gwFail(how, "7", "phone_numbers or contacts", gwVals("save_contacts", "group_name", "X"))
			h.gwFail(how, "8", "no valid phone number", gwVals("save_contacts", "phone_numbers", "abc,+"))
			h.gwFail(how, "8", "contacts", gwVals("save_contacts", "contacts", `[{"phone":"1"},`))
			h.gwFail(how, "8", "has no phone", gwVals("save_contacts", "contacts", `[{"firstname":"Ann"}]`))
			h.gwFail(how, "8", "contact_ids", gwVals("fetch_contacts", "contact_ids", "1,two"))
			h.gwFail(how, "8", "perpage", gwVals("fetch_contacts", "perpage", "all"))
		})
	}
}

func TestGatewayContactGroupsAndDelete(t *testing.T) {
	for _, how := range gwMethods {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, mockapi.Options{})
			// PHP's empty array when there is no group.
			equal(t, "no groups", h.gwOK(how, gwVals("get_contact_groups")), map[string]any{"contact_groups": []any{}})
			h.gwOK(how, gwVals("save_contacts", "group_name", "My Customers", "phone_numbers", "08086689567,08094309926"))
			h.gwOK(how, gwVals("save_contacts", "phone_numbers", "08011111111,08022222222,08033333333,08094309926"))
			equal(t, "groups", h.gwOK(how, gwVals("get_contact_groups")),
				map[string]any{"contact_groups": map[string]any{"My Customers": "2", "default": "4"}})

			// No filter: refused with the reference's own error.
			h.gwFail(how, "7", "No contact_ids supplied to be deleted", gwVals("delete_contacts"))
			h.gwFail(how, "7", "No contact_ids supplied to be deleted", gwVals("delete_contacts", "contact_ids", " , "))
			equal(t, "contacts kept", len(h.srv.GatewayContacts()), 6)
			h.gwFail(how, "8", "contact_ids", gwVals("delete_contacts", "contact_ids", "0"))
			h.gwFail(how, "10", "no record found.", gwVals("delete_contacts", "contact_ids", "5,7", "group_name", "My Customers"))

			equal(t, "delete ids", h.gwOK(how, gwVals("delete_contacts", "contact_ids", "3,4")), map[string]any{"total": "2"})
			equal(t, "delete by search", h.gwOK(how, gwVals("delete_contacts", "search_term", "08094309926", "group_name", "default")), map[string]any{"total": "1"})
			equal(t, "groups after", h.gwOK(how, gwVals("get_contact_groups")),
				map[string]any{"contact_groups": map[string]any{"My Customers": "2", "default": "1"}})
			equal(t, "delete a group", h.gwOK(how, gwVals("delete_contacts", "group_name", "My Customers")), map[string]any{"total": "2"})
			equal(t, "left", contactRows(arr(t, h.gwOK(how, gwVals("fetch_contacts")), "records")), []string{"5 2348033333333   default"})
		})
	}
}

func TestGatewayContactGoAPI(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	c := h.srv.PutGatewayContact(mockapi.GatewayContact{Phone: "2348011112222", FirstName: "Out", LastName: "OfBand"})
	if c.ID != 1 || c.GroupName != "default" || !c.Time.Equal(t0) {
		t.Fatalf("PutGatewayContact = %+v", c)
	}
	c.GroupName = "Ops"
	h.srv.PutGatewayContact(c)
	equal(t, "fetched", contactRows(arr(t, h.gwOK("GET", gwVals("fetch_contacts")), "records")), []string{"1 2348011112222 Out OfBand Ops"})
	if !h.srv.DeleteGatewayContact(1) || h.srv.DeleteGatewayContact(1) {
		t.Fatal("DeleteGatewayContact did not report the contact once")
	}
	// Ids are never reused.
	if c := h.srv.PutGatewayContact(mockapi.GatewayContact{Phone: "2348011112222"}); c.ID != 2 {
		t.Fatalf("new id after a delete = %d", c.ID)
	}
}

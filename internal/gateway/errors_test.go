package gateway

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestEveryErrorCode decodes each documented code, as a string and as a
// number, and maps it to its kind.
func TestEveryErrorCode(t *testing.T) {
	kinds := map[int]error{4: ErrUnauthorized, 5: ErrUnauthorized, 7: ErrBadRequest, 8: ErrBadRequest, 9: ErrBadRequest, 10: ErrNotFound}
	for code := 1; code <= 11; code++ {
		for _, form := range []string{`"%d"`, `%d`} {
			codeJSON := fmt.Sprintf(form, code)
			for _, method := range both {
				s, endpoint := newStub(t, answer(200, `{"error":"text of `+fmt.Sprint(code)+`","error_code":`+codeJSON+`}`))
				c := newTestClient(t, endpoint, method)
				_, err := c.AccountInfo(ctx(t))
				ae := apiErr(t, err)
				if ae.Code != code || ae.RawCode != fmt.Sprint(code) || ae.Message != fmt.Sprintf("text of %d", code) || ae.Action != "account_info" {
					t.Errorf("code %s: %+v", codeJSON, ae)
				}
				if want := fmt.Sprintf("api_v1 account_info: text of %d (error_code %d)", code, code); err.Error() != want {
					t.Errorf("code %s: %q, want %q", codeJSON, err, want)
				}
				for _, kind := range []error{ErrUnauthorized, ErrBadRequest, ErrNotFound} {
					if got := errors.Is(err, kind); got != (kinds[code] == kind) {
						t.Errorf("code %d: errors.Is(%v) = %v", code, kind, got)
					}
				}
				if s.count() != 1 {
					t.Errorf("code %d: %d requests (an error answer is never retried)", code, s.count())
				}
				if CodeText(code) == "" {
					t.Errorf("no description for code %d", code)
				}
			}
		}
	}
	equal(t, "shorthands", []bool{IsUnauthorized(&APIError{Code: 5}), IsNotFound(&APIError{Code: 10}), IsBadRequest(&APIError{Code: 9}), IsNotFound(&APIError{Code: 11})},
		[]bool{true, true, true, false})
}

// TestErrorCodesFromTheMock provokes the codes the mock can produce.
func TestErrorCodesFromTheMock(t *testing.T) {
	for _, method := range both {
		t.Run(method, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			c := m.client(t, method)
			check := func(what string, err error, code int, msg string) {
				t.Helper()
				ae := apiErr(t, err)
				if ae.Code != code || !strings.Contains(ae.Message, msg) {
					t.Errorf("%s: %v, want code %d containing %q", what, err, code, msg)
				}
			}
			// 1: the reference's own sample uses it for "insufficient credit".
			m.srv.SetGatewayBalance(0)
			_, err := c.SendSMS(ctx(t), SendRequest{Message: "hi", Recipients: []string{"2348011112222"}})
			check("no credit", err, 1, "insufficient credit")
			if errors.Is(err, ErrOutcomeUnknown) || errors.Is(err, ErrUnauthorized) {
				t.Errorf("no credit is a definite failure, not %v", err)
			}
			m.srv.SetGatewayBalance(100)

			bad := m.client(t, method, func(cfg *Config) { cfg.Password = "pa55w0rd" })
			_, err = bad.AccountInfo(ctx(t))
			check("wrong password", err, 4, "Incorrect sub_account name or password")
			equal(t, "4 is unauthorized", IsUnauthorized(err), true)
			other := m.client(t, method, func(cfg *Config) { cfg.SubAccount = "002_other" })
			_, err = other.FetchSMS(ctx(t), SMSQuery{})
			check("wrong sub-account", err, 4, "Incorrect")

			m.srv.SetGatewayDisabled(true)
			_, err = c.FetchContacts(ctx(t), ContactQuery{})
			check("disabled", err, 5, "disabled")
			equal(t, "5 is unauthorized", IsUnauthorized(err), true)
			m.srv.SetGatewayDisabled(false)

			// Codes the typed methods never provoke (they check first), sent raw.
			_, err = c.do(ctx(t), call{action: "send_email", replayable: true})
			check("invalid action", err, 6, "Invalid action")
			_, err = c.do(ctx(t), call{action: "delete_contacts"})
			check("delete without filter", err, 7, "No contact_ids supplied")
			_, err = c.do(ctx(t), call{action: "fetch_sms", fields: url.Values{"stage": {"done"}}, replayable: true})
			check("bad stage", err, 8, "stage")
			_, err = c.do(ctx(t), call{action: "send_sms", fields: url.Values{"message": {"hi"}, "recipients": {"2348011112222"},
				"contact_groups": {"A"}, "ignore_groups": {"A"}}})
			check("confusing groups", err, 9, "confusing")
			equal(t, "7, 8, 9 are bad requests", IsBadRequest(err), true)

			_, err = c.DeleteContacts(ctx(t), ContactQuery{ContactIDs: []string{"99"}})
			check("no contact", err, 10, "no record found")
			r, _ := c.SendSMS(ctx(t), SendRequest{Message: "hi", Recipients: []string{"2348011112222"}})
			_, err = c.StopSMS(ctx(t), SMSFilter{BatchID: r.BatchID})
			check("nothing to stop", err, 11, "operation failed")
		})
	}
}

// TestLooseDecoding feeds the reference's own sample answers, verbatim,
// and their variants.
func TestLooseDecoding(t *testing.T) {
	fetchSMSSample := `{ "total":2,"totalpages":1,"p":1,"perpage":100,"timezone_offset":"1", "records":[ {"sms_id":"68", "sender":"ibukun", "recipient":"2022451175", "message":"checking wrong number", "sub_account_id":"1", "user_id":"1", "time_scheduled":"1448224505", "batch_id":"1_1_1448224505", "status":"-2", "type":"0", "units":"1", "reference":"", "time_submitted":"1448224505", "time_sent":"1448224505", "units_confirmed":"0", "locked":"1", "info":"Network is forbidden", "firstname":"Gotv", "lastname":"NUMBER", "group_name":"default", "status_msg":"REJECTED", "submitted_at":"2015-11-22 20:35", "scheduled_to":"2015-11-22 20:35", "sent_at":"2015-11-22 20:35", "extra_data":"" }, {"sms_id":"67","sender":"ibukun","recipient":"2348094309926","message":"hello; how're you doing","sub_account_id":"1","user_id":"1","time_scheduled":"1448223878","batch_id":"1_1_1448223878","status":"2","type":"0","units":"2","reference":"","time_submitted":"1448223878","time_sent":"1448223878","units_confirmed":"1","locked":"0","info":"Message delivered to handset","firstname":null,"lastname":null,"group_name":null,"status_msg":"DELIVERED","submitted_at":"2015-11-22 20:24","scheduled_to":"2015-11-22 20:24","sent_at":"2015-11-22 20:24","extra_data":""} ],"filter":{"sub_account_id":"1","batch_id":"","sms_id":"","sms_ids":"","type":"","recipient":"","search_term":"","sender_id":"","stage":"","start_date":"","end_date":"","p":"","perpage":100,"offset":0} }`
	_, endpoint := newStub(t, answer(200, fetchSMSSample))
	c := newTestClient(t, endpoint, MethodPOST)
	got, err := c.FetchSMS(ctx(t), SMSQuery{})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "sample records", len(got), 2)
	equal(t, "rejected", []any{got[0].ID, got[0].Status, StatusName(got[0].Status), got[0].Info, got[0].FirstName, got[0].Locked, got[0].Sent.Unix(), got[0].SentAt},
		[]any{"68", StatusRejected, "REJECTED", "Network is forbidden", "Gotv", true, int64(1448224505), "2015-11-22 20:35"})
	equal(t, "delivered", []any{got[1].Status, got[1].Units, got[1].UnitsConfirmed, got[1].FirstName, got[1].GroupName, StatusFinal(got[1].Status)},
		[]any{StatusDelivered, 2, 1, "", "", true})

	// Numbers as numbers, a status only by name, records as an object.
	_, endpoint = newStub(t, answer(200, `{"total":"2","totalpages":"1","records":{"1":{"sms_id":7,"status":"","status_msg":"sent","type":1,"units":2.0,"time_sent":0},"0":{"sms_id":6,"status":-4,"units":"3"}}}`))
	got, err = newTestClient(t, endpoint, MethodGET).FetchSMS(ctx(t), SMSQuery{})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "loose records", []any{got[0].ID, got[0].Status, got[0].Units, got[1].ID, got[1].Status, got[1].Type, got[1].Units, got[1].Sent.IsZero()},
		[]any{"6", StatusUndeliverable, 3, "7", StatusSent, 1, 2, true})
	// An unreadable status or number is not a guess: the record is kept,
	// with the member named as unreadable and its field zero; the other
	// records and members are read.
	for body, want := range map[string]string{
		`{"total":2,"records":[{"sms_id":"1","status":"","status_msg":""},{"sms_id":"2","status":"2"}]}`: `status: neither status "" nor status_msg "" is a status`,
		`{"total":2,"records":[{"sms_id":"1","status":"2","units":"two"},{"sms_id":"2","status":"2"}]}`:  `units: expected a whole number, got "two"`,
		`{"total":2,"records":[{"sms_id":"1","status":"2","units":"1.5"},{"sms_id":"2","status":"2"}]}`:  `units: expected a whole number, got "1.5"`,
		`{"total":2,"records":[{"sms_id":"1","status":"2","units":[1]},{"sms_id":"2","status":"2"}]}`:    `units: expected a string or a number, got [1]`,
	} {
		_, endpoint = newStub(t, answer(200, body))
		got, err := newTestClient(t, endpoint, MethodPOST).FetchSMS(ctx(t), SMSQuery{})
		if err != nil || len(got) != 2 || !reflect.DeepEqual(got[0].Unreadable, []string{want}) || got[0].Units != 0 ||
			got[0].ID != "1" || got[1].Status != StatusDelivered || got[1].Unreadable != nil {
			t.Errorf("%s: %+v %v", body, got, err)
			continue
		}
		member, _, _ := strings.Cut(want, ":")
		if got[0].Readable(member) || !got[0].Readable("sms_id") || !got[1].Readable(member) {
			t.Errorf("%s: Readable(%s) wrong", body, member)
		}
	}
	// An answer whose list or record is not what a list is, is an error.
	for _, body := range []string{
		`{"total":1,"records":"none"}`,
		`{"total":1,"records":["none"]}`,
		`{"total":3,"totalpages":1}`,
	} {
		_, endpoint = newStub(t, answer(200, body))
		if _, err := newTestClient(t, endpoint, MethodPOST).FetchSMS(ctx(t), SMSQuery{}); err == nil {
			t.Errorf("%s decoded", body)
		}
	}
	// No list member and nothing to list: empty.
	_, endpoint = newStub(t, answer(200, `{"total":0,"totalpages":0}`))
	if got, err := newTestClient(t, endpoint, MethodPOST).FetchSMS(ctx(t), SMSQuery{}); err != nil || len(got) != 0 {
		t.Errorf("empty answer: %v %v", got, err)
	}

	// fetch_contacts: the sample response ("records") and the PHP sample's "contacts".
	contactsSample := `{ "filter":{"user_id":"1","sub_account_id":"1","perpage":10,"group_name":"My Customers","search_term":null,"offset":0}, "total":2,"p":1,"totalpages":1, "records":[{"contact_id":"20","user_id":"1","sub_account_id":"1","phone":"2348086689567","firstname":"","lastname":"","group_name":"My Customers","time":"1445721399"}, {"contact_id":"21","user_id":"1","sub_account_id":"1","phone":"2348094309926","firstname":"","lastname":"","group_name":"My Customers","time":"1445721399"} ] }`
	for _, body := range []string{contactsSample, strings.Replace(contactsSample, `"records"`, `"contacts"`, 1)} {
		_, endpoint = newStub(t, answer(200, body))
		cs, err := newTestClient(t, endpoint, MethodPOST).FetchContacts(ctx(t), ContactQuery{GroupName: "My Customers"})
		if err != nil {
			t.Fatal(err)
		}
		equal(t, "contacts", rows(cs), []string{"20 2348086689567   My Customers", "21 2348094309926   My Customers"})
		equal(t, "contact time", cs[0].Time.Unix(), int64(1445721399))
	}

	// account_info sample; send, save, stop and delete samples; totals as numbers.
	_, endpoint = newStub(t, answer(200, `{"sub_account_id":"1","sub_account":"mysub1","user_id":"1","balance":"1209","notification_email":"example@gmail.com","default_dial_code":"234","timezone_offset":"1","default_sender_id":"tormuto"}`))
	a, err := newTestClient(t, endpoint, MethodPOST).AccountInfo(ctx(t))
	equal(t, "account sample", []any{a.Balance, a.DefaultSenderID, a.TimezoneOffset, err}, []any{"1209", "tormuto", "1", nil})
	_, endpoint = newStub(t, answer(200, `{"sub_account_id":1,"balance":12.5,"default_dial_code":234,"timezone_offset":1}`))
	a, err = newTestClient(t, endpoint, MethodPOST).AccountInfo(ctx(t))
	equal(t, "account numbers", []any{a.SubAccountID, a.Balance, a.DefaultDialCode, a.TimezoneOffset, err}, []any{"1", "12.5", "234", "1", nil})

	for body, want := range map[string]SendResult{
		`{"batch_id":"1_1_1437039374","total":"2"}`: {BatchID: "1_1_1437039374", Total: 2},
		`{"batch_id":"1_1_1437039374","total":2}`:   {BatchID: "1_1_1437039374", Total: 2},
		`{"batch_id":1437039374,"total":"2"}`:       {BatchID: "1437039374", Total: 2},
		`{"batch_id":"1_1_1","total":2,"error":""}`: {BatchID: "1_1_1", Total: 2},
		`{"batch_id":"1_1_1","error":"0"}`:          {BatchID: "1_1_1", Total: 0},
		`{"batch_id":"1_1_1","error_code":0}`:       {BatchID: "1_1_1", Total: 0},
	} {
		_, endpoint = newStub(t, answer(200, body))
		r, err := newTestClient(t, endpoint, MethodPOST).SendSMS(ctx(t), SendRequest{Message: "m", Recipients: []string{"1"}})
		if err != nil || *r != want {
			t.Errorf("%s: %+v %v", body, r, err)
		}
	}
	for _, body := range []string{`{"total":"10"}`, `{"total":10}`} {
		_, endpoint = newStub(t, answer(200, body))
		cl := newTestClient(t, endpoint, MethodPOST)
		for name, op := range map[string]func() (int, error){
			"stop":   func() (int, error) { return cl.StopSMS(ctx(t), SMSFilter{BatchID: "1_1_1"}) },
			"delete": func() (int, error) { return cl.DeleteSMS(ctx(t), SMSFilter{BatchID: "1_1_1"}) },
			"units":  func() (int, error) { return cl.TotalUnits(ctx(t), SMSFilter{}) },
			"save":   func() (int, error) { return cl.SaveContacts(ctx(t), SaveContactsRequest{PhoneNumbers: []string{"1"}}) },
			"del c":  func() (int, error) { return cl.DeleteContacts(ctx(t), ContactQuery{ContactIDs: []string{"5", "7"}}) },
		} {
			if n, err := op(); n != 10 || err != nil {
				t.Errorf("%s %s: %d %v", name, body, n, err)
			}
		}
	}
	// A total that is missing is an error.
	_, endpoint = newStub(t, answer(200, `{"deleted":"4"}`))
	if _, err := newTestClient(t, endpoint, MethodPOST).DeleteContacts(ctx(t), ContactQuery{GroupName: "x"}); err == nil || !strings.Contains(err.Error(), "no readable total") {
		t.Errorf("missing total: %v", err)
	}

	// get_contact_groups: the sample, PHP's empty array, null, {}.
	for body, want := range map[string]map[string]int{
		`{"contact_groups":{"My Customers":"2","default":"4"}}`: {"My Customers": 2, "default": 4},
		`{"contact_groups":{"default":4}}`:                      {"default": 4},
		`{"contact_groups":[]}`:                                 {},
		`{"contact_groups":null}`:                               {},
		`{"contact_groups":{}}`:                                 {},
	} {
		_, endpoint = newStub(t, answer(200, body))
		got, err := newTestClient(t, endpoint, MethodGET).ContactGroups(ctx(t))
		if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %v %v", body, got, err)
		}
	}
	for _, body := range []string{`{"groups":{}}`, `{"contact_groups":["a"]}`} {
		_, endpoint = newStub(t, answer(200, body))
		if _, err := newTestClient(t, endpoint, MethodGET).ContactGroups(ctx(t)); err == nil {
			t.Errorf("%s decoded", body)
		}
	}

	// Failures in every documented spelling; an error_code alone; error true.
	for body, want := range map[string]string{
		`{"error":"insufficient credit","error_code":"1"}`:                   "api_v1 account_info: insufficient credit (error_code 1)",
		`{"error_code":4,"error":"Incorrect sub_account name or password."}`: "api_v1 account_info: Incorrect sub_account name or password. (error_code 4)",
		`{"error":"no record found.","error_code":"10"}`:                     "api_v1 account_info: no record found. (error_code 10)",
		`{"error_code":"11"}`:             "api_v1 account_info: operation failed (error_code 11)",
		`{"error":true}`:                  "api_v1 account_info: error",
		`{"error":"  ","error_code":"7"}`: "api_v1 account_info: missing request parameter (error_code 7)",
		`{"error":{"field":"x"}}`:         `api_v1 account_info: {"field":"x"}`,
		`{"error":"Sub-account 001_mysub1 with pa55w0Rd is disabled","error_code":5}`: "api_v1 account_info: Sub-account *** with *** is disabled (error_code 5)",
	} {
		_, endpoint = newStub(t, answer(200, body))
		_, err := newTestClient(t, endpoint, MethodPOST).AccountInfo(ctx(t))
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}

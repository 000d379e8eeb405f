package mockapi_test

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// t0 is 02:00 at the gateway's default offset (+1).
var t0Unix = strconv.FormatInt(t0.Unix(), 10)

// sv returns a JSON value as a string ("" when it is not one).
func sv(v any) string {
	s, _ := v.(string)
	return s
}

// byRecipient indexes records by recipient.
func byRecipient(t *testing.T, recs []map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, r := range recs {
		out[sv(r["recipient"])] = r
	}
	return out
}

func sortedRecipients(recs []map[string]any) []string {
	out := pluck(recs, "recipient")
	sort.Strings(out)
	return out
}

func TestGatewaySendNumbersDuplicatesAndBatches(t *testing.T) {
	for i, how := range gwMethods {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, mockapi.Options{})
			// The reference's own example, plus a duplicate, a blank entry and junk.
			out := h.gwOK(how, gwVals("send_sms", "message", "Hello, there will be a meeting today by 12 noon.",
				"sender_id", "President", "recipients", "08086689567,+2348094309000, 4478128372838,2348086689567,,abc"))
			equal(t, "answer", out, map[string]any{"batch_id": "1_1_" + t0Unix, "total": "3"})
			recs := h.gwSMSRecords(how)
			equal(t, "recipients", sortedRecipients(recs), []string{"2348086689567", "2348094309000", "4478128372838"})
			// A second batch in the same second gets the next number.
			out = h.gwOK(how, gwVals("send_sms", "message", "again", "recipients", "2348086689567"))
			equal(t, "second batch", out["batch_id"], "1_1_"+strconv.FormatInt(t0.Unix()+1, 10))
			// Newest first, sequential ids.
			recs = h.gwSMSRecords(how)
			equal(t, "ids", pluck(recs, "sms_id"), []string{"4", "3", "2", "1"})
			if i == 0 {
				r := recs[0]
				equal(t, "record", r, map[string]any{
					"sms_id": "4", "sender": "BestSMS", "recipient": "2348086689567", "message": "again",
					"sub_account_id": "1", "user_id": "1", "time_scheduled": t0Unix, "batch_id": out["batch_id"],
					"status": "2", "type": "0", "units": "1", "reference": "", "time_submitted": t0Unix,
					"time_sent": t0Unix, "units_confirmed": "1", "locked": "0", "info": "Message delivered to handset",
					"firstname": nil, "lastname": nil, "group_name": nil, "status_msg": "DELIVERED",
					"submitted_at": "2025-12-01 02:00", "scheduled_to": "2025-12-01 02:00", "sent_at": "2025-12-01 02:00",
					"extra_data": "",
				})
			}
		})
	}
}

func TestGatewaySMSLifecycleAndOutcomes(t *testing.T) {
	h := newHarness(t, mockapi.Options{DeliveryDelay: 10 * time.Second})
	// 02:30 at +1 is 01:30 UTC, half an hour after t0.
	out := h.gwOK("POST", gwVals("send_sms", "message", "later", "send_at", "2025-12-01 02:30",
		"recipients", "2348011112222,2348011110000,2348011110002,2348011110003,2348011110004,1234567"))
	if out["total"] != "6" {
		t.Fatalf("send: %v", out)
	}
	type st struct{ status, msg, sent string }
	check := func(when string, want map[string]st) {
		t.Helper()
		for num, r := range byRecipient(t, h.gwSMSRecords("GET")) {
			got := st{sv(r["status"]), sv(r["status_msg"]), sv(r["time_sent"])}
			if got != want[num] {
				t.Errorf("%s: %s = %+v, want %+v (info %v)", when, num, got, want[num], r["info"])
			}
		}
	}
	pending := st{"0", "PENDING", "0"}
	check("before send_at", map[string]st{"2348011112222": pending, "2348011110000": pending, "2348011110002": pending,
		"2348011110003": pending, "2348011110004": pending, "1234567": pending})
	if r := h.gwSMSRecords("GET")[0]; r["scheduled_to"] != "2025-12-01 02:30" || r["sent_at"] != "" || r["submitted_at"] != "2025-12-01 02:00" {
		t.Errorf("pending record times: %v", r)
	}

	h.clock.Advance(30 * time.Minute)
	at := strconv.FormatInt(t0.Add(30*time.Minute).Unix(), 10)
	sent := st{"1", "SENT", at}
	check("at send_at", map[string]st{"2348011112222": sent, "2348011110000": {"-1", "FAILED", at},
		"2348011110002": {"-2", "REJECTED", at}, "2348011110003": sent, "2348011110004": sent, "1234567": {"-2", "REJECTED", at}})

	h.clock.Advance(10 * time.Second)
	check("after the delivery delay", map[string]st{"2348011112222": {"2", "DELIVERED", at}, "2348011110000": {"-1", "FAILED", at},
		"2348011110002": {"-2", "REJECTED", at}, "2348011110003": {"-3", "EXPIRED", at},
		"2348011110004": {"-4", "UNDELIVERABLE", at}, "1234567": {"-2", "REJECTED", at}})
	recs := byRecipient(t, h.gwSMSRecords("GET"))
	equal(t, "infos", []any{recs["1234567"]["info"], recs["2348011110002"]["info"], recs["2348011112222"]["units_confirmed"], recs["2348011110003"]["units_confirmed"]},
		[]any{"Invalid number", "Network is forbidden", "1", "0"})
}

func TestGatewaySendOptions(t *testing.T) {
	for _, how := range gwMethods {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, mockapi.Options{})
			h.gwOK(how, gwVals("save_contacts", "group_name", "Staff", "contacts",
				`[{"phone":"08011111111","firstname":"Ada","lastname":"Obi"},{"phone":"08022222222"},{"phone":"08033333333"}]`))
			h.gwOK(how, gwVals("save_contacts", "group_name", "Away", "phone_numbers", "08033333333"))

			contacts := `[{"phone":2348044444444,"firstname":"Pearl","extra_data":"USER001"},` +
				`{"phone":"08055555555","firstname":"John","lastname":"Doe","group_name":"Client","override_message":"Hello, bro","override_date_time":"2025-12-01 09:30"},` +
				`{"phone":"08011111111","override_message":"first wins"}]`
			out := h.gwOK(how, gwVals("send_sms", "message", "Hi all", "contacts", contacts, "recipients", "08066666666,2348044444444",
				"contact_groups", "Staff", "ignore_groups", "Away", "sender_id", "12345678901234", "type", "1", "route", "2", "save_as", "Sent"))
			if out["total"] != "5" {
				t.Fatalf("total = %v, want 5 (4444 and 1111 once, 3333 ignored)", out["total"])
			}
			recs := byRecipient(t, h.gwSMSRecords(how))
			equal(t, "recipients", sortedRecipients(h.gwSMSRecords(how)),
				[]string{"2348011111111", "2348022222222", "2348044444444", "2348055555555", "2348066666666"})
			pearl, john, ada, member, plain := recs["2348044444444"], recs["2348055555555"], recs["2348011111111"], recs["2348022222222"], recs["2348066666666"]
			equal(t, "pearl", []any{pearl["firstname"], pearl["lastname"], pearl["extra_data"], pearl["message"], pearl["status"]},
				[]any{"Pearl", nil, "USER001", "Hi all", "2"})
			// 09:30 at +1 is 08:30 UTC: John's SMS waits.
			equal(t, "john", []any{john["message"], john["group_name"], john["status"], john["scheduled_to"], john["time_scheduled"]},
				[]any{"Hello, bro", "Client", "0", "2025-12-01 09:30", strconv.FormatInt(t0.Add(7*time.Hour+30*time.Minute).Unix(), 10)})
			equal(t, "ada (contacts item first, group names not merged)", []any{ada["message"], ada["firstname"]}, []any{"first wins", nil})
			equal(t, "group member", []any{member["firstname"], member["group_name"], member["message"]}, []any{"", "Staff", "Hi all"})
			equal(t, "plain", []any{plain["sender"], plain["type"], plain["firstname"]}, []any{"12345678901234", "1", nil})
			if v := h.srv.GatewaySMS(); v[0].Route != 2 || v[0].Unicode {
				t.Errorf("route/unicode = %d/%v", v[0].Route, v[0].Unicode)
			}
			// save_as saved the five numbers with their names.
			sentGroup := arr(t, h.gwOK(how, gwVals("fetch_contacts", "group_name", "Sent", "perpage", "300")), "records")
			equal(t, "saved", len(sentGroup), 5)
			for _, c := range sentGroup {
				if c["phone"] == "2348055555555" && (c["firstname"] != "John" || c["lastname"] != "Doe") {
					t.Errorf("saved John = %v", c)
				}
			}

			// Dial code, past and clock-only send_at, timezone_offset, unicode units.
			out = h.gwOK(how, gwVals("send_sms", "message", strings.Repeat("é", 100), "unicode", "1",
				"recipients", "07700900123", "default_dial_code", "+44", "send_at", "2016-04-22"))
			r := h.gwSMSRecords(how, "batch_id", sv(out["batch_id"]))[0]
			equal(t, "uk", []any{r["recipient"], r["units"], r["time_scheduled"]}, []any{"447700900123", "2", t0Unix})
			out = h.gwOK(how, gwVals("send_sms", "message", strings.Repeat("a", 161), "recipients", "2348077777777",
				"send_at", "13:45", "timezone_offset", "+11"))
			r = h.gwSMSRecords(how, "batch_id", sv(out["batch_id"]))[0]
			// 13:45 at +11 is 02:45 UTC; shown at the sub-account's +1: 03:45.
			equal(t, "clock send_at", []any{r["scheduled_to"], r["units"], r["status"]}, []any{"2025-12-01 03:45", "2", "0"})
			out = h.gwOK(how, gwVals("send_sms", "message", "x", "recipients", "2348077777777", "send_at", "01-12-2025 01:30", "timezone_offset", "-05:00"))
			r = h.gwSMSRecords(how, "batch_id", sv(out["batch_id"]))[0]
			equal(t, "DD-MM-YYYY send_at", r["scheduled_to"], "2025-12-01 07:30")
		})
	}
}

func TestGatewaySendErrors(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	h.gwOK("GET", gwVals("save_contacts", "phone_numbers", "08011111111", "group_name", "A"))
	r := "2348011112222"
	for _, c := range []struct {
		code, want string
		kv         []string
	}{
		{"7", "message", []string{"recipients", r}},
		{"7", "message", []string{"recipients", r, "message", "   "}},
		{"7", "recipients", []string{"message", "hi"}},
		{"7", "recipients", []string{"message", "hi", "recipients", " , "}},
		{"8", "no valid recipient", []string{"message", "hi", "recipients", "abc,+"}},
		{"8", "no valid recipient", []string{"message", "hi", "contact_groups", "Nobody"}},
		{"8", "no valid recipient", []string{"message", "hi", "recipients", "08011111111", "ignore_groups", "A"}},
		{"8", "type", []string{"message", "hi", "recipients", r, "type", "2"}},
		{"8", "unicode", []string{"message", "hi", "recipients", r, "unicode", "yes"}},
		{"8", "route", []string{"message", "hi", "recipients", r, "route", "3"}},
		{"8", "sender_id", []string{"message", "hi", "recipients", r, "sender_id", "AB"}},
		{"8", "sender_id", []string{"message", "hi", "recipients", r, "sender_id", "TwelveLetter"}},
		{"8", "sender_id", []string{"message", "hi", "recipients", r, "sender_id", "123456789012345"}},
		{"8", "default_dial_code", []string{"message", "hi", "recipients", r, "default_dial_code", "abc"}},
		{"8", "send_at", []string{"message", "hi", "recipients", r, "send_at", "tomorrow"}},
		{"8", "send_at", []string{"message", "hi", "recipients", r, "send_at", "2025-13-01 10:00"}},
		{"8", "timezone_offset", []string{"message", "hi", "recipients", r, "timezone_offset", "+20"}},
		{"8", "contacts", []string{"message", "hi", "contacts", `[{"phone":"1"`}},
		{"8", "has no phone", []string{"message", "hi", "contacts", `[{"firstname":"A"}]`}},
		{"8", "must be a string", []string{"message", "hi", "contacts", `[{"phone":{"n":1}}]`}},
		{"8", "override_date_time", []string{"message", "hi", "contacts", `[{"phone":"2348011112222","override_date_time":"soon"}]`}},
		{"9", "both contact_groups and ignore_groups", []string{"message", "hi", "recipients", r, "contact_groups", "A,B", "ignore_groups", "B"}},
	} {
		for _, how := range gwMethods {
			h.gwFail(how, c.code, c.want, gwVals("send_sms", c.kv...))
		}
	}
	if n := len(h.srv.GatewaySMS()); n != 0 {
		t.Fatalf("%d SMS recorded by failed sends", n)
	}

	// Insufficient credit: error_code "1" as in the reference's sample; nothing is sent.
	h.srv.SetGatewayBalance(2)
	h.gwFail("POST", "1", "insufficient credit", gwVals("send_sms", "message", "hi", "recipients", "2348011112222,2348011113333,2348011114444"))
	if n, b := len(h.srv.GatewaySMS()), h.srv.GatewayAccount().Balance; n != 0 || b != 2 {
		t.Fatalf("after insufficient credit: %d SMS, balance %d", n, b)
	}
	h.gwOK("POST", gwVals("send_sms", "message", "hi", "recipients", "2348011112222,2348011113333"))
	if b := h.srv.GatewayAccount().Balance; b != 0 {
		t.Fatalf("balance after spending it all: %d", b)
	}
}

// seedSMS sends three batches at t0: A (two normal SMS from President), B
// (one flash SMS), C (one SMS scheduled at 05:00 at +1).
func seedSMS(t *testing.T, h *harness) (a, b, c string) {
	t.Helper()
	a = sv(h.gwOK("GET", gwVals("send_sms", "message", "Board meeting at noon", "sender_id", "President",
		"recipients", "08094309926,2348011112222"))["batch_id"])
	h.clock.Advance(time.Hour)
	b = sv(h.gwOK("GET", gwVals("send_sms", "message", "Flash alert", "type", "1", "recipients", "2348033334444"))["batch_id"])
	c = sv(h.gwOK("GET", gwVals("send_sms", "message", "Later", "recipients", "2348055556666", "send_at", "2025-12-01 05:00"))["batch_id"])
	return a, b, c
}

func TestGatewayFetchSMSFilters(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	a, b, c := seedSMS(t, h)
	ids := map[string]string{}
	for _, r := range h.gwSMSRecords("GET") {
		ids[sv(r["recipient"])] = sv(r["sms_id"])
	}
	for _, how := range gwMethods {
		for _, f := range []struct {
			kv   []string
			want []string
		}{
			{nil, []string{"2348055556666", "2348033334444", "2348011112222", "2348094309926"}},
			{[]string{"batch_id", a}, []string{"2348011112222", "2348094309926"}},
			{[]string{"batch_id", " " + b + " "}, []string{"2348033334444"}},
			{[]string{"sms_ids", ids["2348094309926"] + "," + ids["2348055556666"]}, []string{"2348055556666", "2348094309926"}},
			{[]string{"sms_id", ids["2348033334444"]}, []string{"2348033334444"}},
			{[]string{"stage", "pending"}, []string{"2348055556666"}},
			{[]string{"stage", "SENT"}, []string{"2348033334444", "2348011112222", "2348094309926"}},
			{[]string{"stage", "failed"}, []string{}},
			{[]string{"type", "1"}, []string{"2348033334444"}},
			{[]string{"type", "0"}, []string{"2348055556666", "2348011112222", "2348094309926"}},
			{[]string{"recipient", "08094309926"}, []string{"2348094309926"}},
			{[]string{"recipient", "+2348094309926"}, []string{"2348094309926"}},
			{[]string{"sender_id", "president"}, []string{"2348011112222", "2348094309926"}},
			{[]string{"search_term", "President 2348094309926"}, []string{"2348094309926"}},
			{[]string{"search_term", "08094309926"}, []string{"2348094309926"}},
			{[]string{"search_term", "ALERT"}, []string{"2348033334444"}},
			{[]string{"search_term", "meeting nothing"}, []string{}},
			// Times at +1: A at 02:00, B at 03:00, C scheduled at 05:00.
			{[]string{"start_date", "2025-12-01 03:00"}, []string{"2348055556666", "2348033334444"}},
			{[]string{"end_date", "01-12-2025 03:00"}, []string{"2348033334444", "2348011112222", "2348094309926"}},
			{[]string{"start_date", "2025-12-01 02:01", "end_date", "2025-12-01 04:59"}, []string{"2348033334444"}},
			{[]string{"end_date", "2025-11-30"}, []string{}},
			{[]string{"start_date", "01-12-2025", "end_date", "2025-12-01"}, []string{"2348055556666", "2348033334444", "2348011112222", "2348094309926"}},
			{[]string{"batch_id", c, "type", "1"}, []string{}},
		} {
			got := pluck(h.gwSMSRecords(how, f.kv...), "recipient")
			equal(t, fmt.Sprintf("%s fetch_sms %q", how, f.kv), got, f.want)
		}
		for _, bad := range [][]string{{"stage", "done"}, {"type", "2"}, {"sms_ids", "1,x"}, {"recipient", "someone"},
			{"start_date", "yesterday"}, {"end_date", "2025-02-30"}, {"perpage", "ten"}, {"p", "-"}} {
			h.gwFail(how, "8", bad[0], gwVals("fetch_sms", bad...))
		}
	}

	// Paging: clamped perpage, pages, the filter echo.
	out := h.gwOK("GET", gwVals("fetch_sms", "perpage", "3", "p", "2", "type", "0"))
	equal(t, "page 2", []any{out["total"], out["totalpages"], out["p"], out["perpage"], out["timezone_offset"], pluck(arr(t, out, "records"), "recipient")},
		[]any{3.0, 1.0, 2.0, 3.0, "1", []string{}})
	out = h.gwOK("POST", gwVals("fetch_sms", "perpage", "1", "p", "3"))
	equal(t, "page 3 of 4", []any{out["total"], out["totalpages"], pluck(arr(t, out, "records"), "recipient")}, []any{4.0, 4.0, []string{"2348011112222"}})
	equal(t, "filter echo", obj(t, out, "filter"), map[string]any{"sub_account_id": "1", "batch_id": "", "sms_id": "", "sms_ids": "",
		"type": "", "recipient": "", "search_term": "", "sender_id": "", "stage": "", "start_date": "", "end_date": "",
		"p": "3", "perpage": 1.0, "offset": 2.0})
	for perpage, want := range map[string]float64{"0": 1, "-4": 1, "1000": 300} {
		if got := h.gwOK("GET", gwVals("fetch_sms", "perpage", perpage))["perpage"]; got != want {
			t.Errorf("perpage %s → %v, want %v", perpage, got, want)
		}
	}
	if got := h.gwOK("GET", gwVals("fetch_sms"))["perpage"]; got != 100.0 {
		t.Errorf("default perpage %v", got)
	}
}

func TestGatewayStopSMS(t *testing.T) {
	for _, how := range gwMethods {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, mockapi.Options{})
			later := func(nums string) string {
				return sv(h.gwOK(how, gwVals("send_sms", "message", "Later", "recipients", nums, "send_at", "2025-12-02 09:00"))["batch_id"])
			}
			a, b := later("2348011112222,2348011113333"), later("2348022223333")
			now := sv(h.gwOK(how, gwVals("send_sms", "message", "Now", "recipients", "2348033334444"))["batch_id"])
			if bal := h.srv.GatewayAccount().Balance; bal != 996 {
				t.Fatalf("balance after 4 SMS: %d", bal)
			}
			// Only batch a stops.
			equal(t, "stop a", h.gwOK(how, gwVals("stop_sms", "batch_id", a)), map[string]any{"total": "2"})
			status := func() map[string]string {
				out := map[string]string{}
				for _, r := range h.gwSMSRecords(how) {
					out[sv(r["recipient"])] = sv(r["status_msg"]) + "/" + sv(r["info"])
				}
				return out
			}
			equal(t, "after stopping a", status(), map[string]string{
				"2348011112222": "FAILED/Stopped by user", "2348011113333": "FAILED/Stopped by user",
				"2348022223333": "PENDING/Message is on queue, to be sent", "2348033334444": "DELIVERED/Message delivered to handset"})
			if bal := h.srv.GatewayAccount().Balance; bal != 998 {
				t.Errorf("balance after the refund: %d", bal)
			}
			// Stopping it again, or a delivered batch, does nothing: 11; an unknown batch: 10.
			h.gwFail(how, "11", "none of the 2 matching messages is still pending", gwVals("stop_sms", "batch_id", a))
			h.gwFail(how, "11", "still pending", gwVals("stop_sms", "batch_id", now))
			h.gwFail(how, "10", "no record found.", gwVals("stop_sms", "batch_id", "1_1_42"))
			h.gwFail(how, "8", "stage", gwVals("stop_sms", "stage", "stopped"))
			// search_term is not a filter of stop_sms: it is ignored, so this
			// stops EVERY pending SMS of the sub-account.
			c := later("2348044445555")
			equal(t, "stop with only a search_term", h.gwOK(how, gwVals("stop_sms", "search_term", "2348044445555")), map[string]any{"total": "2"})
			equal(t, "b stopped by it", status()["2348022223333"], "FAILED/Stopped by user")
			// Without any filter every SMS of the sub-account is concerned.
			d := later("2348055556666")
			e := later("2348066667777")
			equal(t, "stop without a filter", h.gwOK(how, gwVals("stop_sms")), map[string]any{"total": "2"})
			for _, batch := range []string{b, c, d, e} {
				if r := h.gwSMSRecords(how, "batch_id", batch)[0]; r["status"] != "-1" {
					t.Errorf("batch %s after the stops: %v", batch, r["status_msg"])
				}
			}
			if bal := h.srv.GatewayAccount().Balance; bal != 999 {
				t.Errorf("balance: %d (only the delivered SMS is charged)", bal)
			}
			h.gwFail(how, "11", "none of the 7 matching messages", gwVals("stop_sms"))
		})
	}
}

func TestGatewayDeleteSMSAndTotalUnits(t *testing.T) {
	for _, how := range gwMethods {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, mockapi.Options{})
			a, b, c := seedSMS(t, h)
			h.gwOK(how, gwVals("send_sms", "message", strings.Repeat("long ", 40), "recipients", "2348077778888")) // 200 chars: 2 units
			units := func(kv ...string) any { return h.gwOK(how, gwVals("get_total_units", kv...))["total"] }
			equal(t, "units of all", units(), "6")
			equal(t, "units of a", units("batch_id", a), "2")
			equal(t, "units of the pending", units("stage", "pending"), "1")
			equal(t, "units of nothing", units("batch_id", "1_1_1"), "0")
			h.gwFail(how, "8", "type", gwVals("get_total_units", "type", "x"))

			// Delete a batch; c was pending: refunded.
			before := h.srv.GatewayAccount().Balance
			equal(t, "delete c", h.gwOK(how, gwVals("delete_sms", "batch_id", c)), map[string]any{"total": "1"})
			equal(t, "refund", h.srv.GatewayAccount().Balance, before+1)
			h.gwFail(how, "10", "no record found.", gwVals("delete_sms", "batch_id", c))
			equal(t, "delete by recipient", h.gwOK(how, gwVals("delete_sms", "recipient", "08094309926")), map[string]any{"total": "1"})
			equal(t, "left", sortedRecipients(h.gwSMSRecords(how)), []string{"2348011112222", "2348033334444", "2348077778888"})
			// search_term is ignored by delete_sms too, and no filter means every record.
			equal(t, "delete everything", h.gwOK(how, gwVals("delete_sms", "search_term", "nothing matches this")), map[string]any{"total": "3"})
			equal(t, "nothing left", len(h.gwSMSRecords(how)), 0)
			h.gwFail(how, "10", "no record found.", gwVals("delete_sms"))
			_ = b
		})
	}
}

// TestGatewayReferenceSampleURL runs the reference's own GET sample URLs.
func TestGatewayReferenceSampleURL(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	for _, q := range []string{
		"sub_account=001_mysub1&sub_account_pass=pa55w0Rd&action=send_sms&sender_id=President&message=Hello%2C+there+will+be+a+meeting+today+by+12+noon.&recipients=08086689567,2348094309926",
		"sub_account=001_mysub1&sub_account_pass=pa55w0Rd&action=save_contacts&group_name=My+Customers&contacts=08086689567,2348094309926",
		"sub_account=001_mysub1&sub_account_pass=pa55w0Rd&action=fetch_contacts&group_name=My+Customers",
		"sub_account=001_mysub1&sub_account_pass=pa55w0Rd&action=get_contact_groups",
		"sub_account=001_mysub1&sub_account_pass=pa55w0Rd&action=account_info",
		"sub_account=001_mysub1&sub_account_pass=pa55w0Rd&action=fetch_sms&batch_id=1_1_" + t0Unix,
		"sub_account=001_mysub1&sub_account_pass=pa55w0Rd&action=delete_contacts&contact_ids=5%2C7",
	} {
		vals, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		out := h.gw("GET", vals)
		switch vals.Get("action") {
		case "send_sms":
			equal(t, "send", out, map[string]any{"batch_id": "1_1_" + t0Unix, "total": "2"})
		case "save_contacts":
			equal(t, "save", out, map[string]any{"total": "2"})
		case "fetch_contacts":
			equal(t, "fetch contacts", pluck(arr(t, out, "records"), "phone"), []string{"2348086689567", "2348094309926"})
		case "get_contact_groups":
			equal(t, "groups", out, map[string]any{"contact_groups": map[string]any{"My Customers": "2"}})
		case "account_info":
			equal(t, "balance", out["balance"], "998")
		case "fetch_sms":
			equal(t, "fetch sms", pluck(arr(t, out, "records"), "recipient"), []string{"2348094309926", "2348086689567"})
		case "delete_contacts":
			equal(t, "delete", out, map[string]any{"error": "no record found.", "error_code": "10"})
		}
	}
}

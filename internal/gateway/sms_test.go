package gateway

import (
	"errors"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// byRecipient indexes the mock's SMS records by recipient.
func byRecipient(m *mock) map[string]mockapi.GatewaySMS {
	out := map[string]mockapi.GatewaySMS{}
	for _, s := range m.srv.GatewaySMS() {
		out[s.Recipient] = s
	}
	return out
}

func deref(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestSendSMSEveryField(t *testing.T) {
	for _, method := range both {
		t.Run(method, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			c := m.client(t, method)
			if _, err := c.SaveContacts(ctx(t), SaveContactsRequest{GroupName: "Staff", PhoneNumbers: []string{"08011111111", "08022222222"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.SaveContacts(ctx(t), SaveContactsRequest{GroupName: "Away", PhoneNumbers: []string{"08022222222"}}); err != nil {
				t.Fatal(err)
			}
			m.rec.reset()

			res, err := c.SendSMS(ctx(t), SendRequest{
				Message:    "Meeting at noon",
				Recipients: []string{"07700900123", " +447700900456 ", "447700900123"},
				Contacts: []SendContact{
					{Phone: "+447700900789", FirstName: "Pearl", LastName: "Ade", GroupName: "Client", ExtraData: "USER001"},
					{Phone: "07700900999", OverrideMessage: "Hello, bro", OverrideDateTime: "2025-12-01 09:30"},
				},
				ContactGroups:   []string{"Staff"},
				IgnoreGroups:    []string{"Away"},
				SenderID:        "President",
				Flash:           true,
				Unicode:         true,
				Route:           RouteFinancial,
				DefaultDialCode: "+44",
				SendAt:          "2025-12-01 10:00",
				TimezoneOffset:  "+5.5",
				SaveAs:          "Meeting",
			})
			if err != nil {
				t.Fatalf("SendSMS: %v", err)
			}
			// 5 distinct numbers: the duplicate 447700900123 once, Staff's
			// 08011111111 (dial code 44 now), 08022222222 ignored.
			equal(t, "result", *res, SendResult{BatchID: "1_1_1764550800", Total: 5})

			reqs := m.rec.all()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if method == MethodGET {
				equal(t, "GET carries everything in the query", []any{r.Method, len(r.Form), r.Query.Get("action")}, []any{"GET", 0, "send_sms"})
			} else {
				equal(t, "POST carries everything in the body", []any{r.Method, len(r.Query), r.ContentType}, []any{"POST", 0, "application/x-www-form-urlencoded"})
			}
			wantFields := url.Values{
				"sub_account": {testSubAccount}, "sub_account_pass": {testPassword}, "action": {"send_sms"},
				"message": {"Meeting at noon"}, "recipients": {"07700900123,+447700900456,447700900123"},
				"contacts": {`[{"extra_data":"USER001","firstname":"Pearl","group_name":"Client","lastname":"Ade","phone":"+447700900789"},` +
					`{"override_date_time":"2025-12-01 09:30","override_message":"Hello, bro","phone":"07700900999"}]`},
				"contact_groups": {"Staff"}, "ignore_groups": {"Away"}, "sender_id": {"President"}, "type": {"1"},
				"unicode": {"1"}, "route": {"1"}, "default_dial_code": {"+44"}, "send_at": {"2025-12-01 10:00"},
				"timezone_offset": {"+5.5"}, "save_as": {"Meeting"},
			}
			equal(t, "fields", r.Fields, wantFields)

			// What the mock made of it.
			recs := byRecipient(m)
			var nums []string
			for n := range recs {
				nums = append(nums, n)
			}
			sort.Strings(nums)
			equal(t, "recipients", nums, []string{"2348011111111", "447700900123", "447700900456", "447700900789", "447700900999"})
			pearl, bro := recs["447700900789"], recs["447700900999"]
			equal(t, "pearl", []any{deref(pearl.FirstName), deref(pearl.GroupName), pearl.ExtraData, pearl.Message, pearl.Sender, pearl.Type, pearl.Route, pearl.Unicode},
				[]any{"Pearl", "Client", "USER001", "Meeting at noon", "President", 1, 1, true})
			// 10:00 at +5.5 is 04:30 UTC; 09:30 at +5.5 is 04:00 UTC.
			equal(t, "times", []any{pearl.Scheduled, bro.Scheduled, bro.Message},
				[]any{time.Date(2025, 12, 1, 4, 30, 0, 0, time.UTC), time.Date(2025, 12, 1, 4, 0, 0, 0, time.UTC), "Hello, bro"})
			if n := len(m.srv.GatewayContacts()); n != 3+5 {
				t.Errorf("%d contacts after save_as, want 8", n)
			}
		})
	}
}

func TestSendSMSRefusesBadRequestsWithoutSending(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, MethodPOST)
	ok := SendRequest{Message: "hi", Recipients: []string{"2348011112222"}}
	for name, mod := range map[string]func(*SendRequest){
		"blank message":         func(r *SendRequest) { r.Message = " \n" },
		"no recipients":         func(r *SendRequest) { r.Recipients = nil },
		"empty recipient":       func(r *SendRequest) { r.Recipients = []string{"2348011112222", " "} },
		"comma in a recipient":  func(r *SendRequest) { r.Recipients = []string{"2348011112222,2348011113333"} },
		"comma in a group":      func(r *SendRequest) { r.ContactGroups = []string{"A,B"} },
		"group in both lists":   func(r *SendRequest) { r.ContactGroups, r.IgnoreGroups = []string{"A"}, []string{" A"} },
		"contact without phone": func(r *SendRequest) { r.Contacts = []SendContact{{FirstName: "Ann"}} },
		"bad override time":     func(r *SendRequest) { r.Contacts = []SendContact{{Phone: "1", OverrideDateTime: "soon"}} },
		"short sender":          func(r *SendRequest) { r.SenderID = "AB" },
		"long sender":           func(r *SendRequest) { r.SenderID = "TwelveLetter" },
		"long numeric sender":   func(r *SendRequest) { r.SenderID = "123456789012345" },
		"route 3":               func(r *SendRequest) { r.Route = 3 },
		"dial code":             func(r *SendRequest) { r.DefaultDialCode = "44a" },
		"send_at with seconds":  func(r *SendRequest) { r.SendAt = "2025-12-01 10:00:00" },
		"send_at RFC 3339":      func(r *SendRequest) { r.SendAt = "2025-12-01T10:00:00Z" },
		"send_at 25:00":         func(r *SendRequest) { r.SendAt = "25:00" },
		"offset +15":            func(r *SendRequest) { r.TimezoneOffset = "+15" },
		"offset words":          func(r *SendRequest) { r.TimezoneOffset = "CET" },
	} {
		req := ok
		mod(&req)
		if _, err := c.SendSMS(ctx(t), req); err == nil || !strings.HasPrefix(err.Error(), "api_v1 send_sms: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := len(m.rec.all()); n != 0 {
		t.Fatalf("%d requests sent for invalid sends", n)
	}
	for _, v := range []string{"2016-04-22 13:45", "2016-04-22", "13:45"} {
		if err := ValidateSendAt(v); err != nil {
			t.Errorf("ValidateSendAt(%q): %v", v, err)
		}
	}
	for _, v := range []string{"+1", "1", "-5", "5.5", "+05:30", "-12", "+14", "0"} {
		if err := ValidateTimezoneOffset(v); err != nil {
			t.Errorf("ValidateTimezoneOffset(%q): %v", v, err)
		}
	}
	for _, v := range []string{"President", "ABC", "12345678901234", "Bank 24"} {
		if err := ValidateSenderID(v); err != nil {
			t.Errorf("ValidateSenderID(%q): %v", v, err)
		}
	}
}

func TestFetchSMSFiltersPagesAndLifecycle(t *testing.T) {
	for _, method := range both {
		t.Run(method, func(t *testing.T) {
			m := newMock(t, mockapi.Options{DeliveryDelay: 10 * time.Second})
			c := m.client(t, method, func(cfg *Config) { cfg.PageSize = 2 })
			a, err := c.SendSMS(ctx(t), SendRequest{Message: "Board meeting", SenderID: "President",
				Recipients: []string{"08094309926", "2348011112222", "2348011110000"}})
			if err != nil {
				t.Fatal(err)
			}
			m.clock.Advance(time.Hour)
			b, err := c.SendSMS(ctx(t), SendRequest{Message: "Flash", Flash: true, Recipients: []string{"2348033334444"}})
			if err != nil {
				t.Fatal(err)
			}
			later, err := c.SendSMS(ctx(t), SendRequest{Message: "Later", Recipients: []string{"2348055556666"}, SendAt: "2025-12-01 05:00"})
			if err != nil {
				t.Fatal(err)
			}
			m.rec.reset()

			all, err := c.FetchSMS(ctx(t), SMSQuery{})
			if err != nil {
				t.Fatal(err)
			}
			// 5 records at 2 per page: 3 requests, newest first.
			equal(t, "fetch_sms requests", m.rec.actions(), []string{"fetch_sms", "fetch_sms", "fetch_sms"})
			equal(t, "pages asked", []string{m.rec.all()[2].Fields.Get("p"), m.rec.all()[2].Fields.Get("perpage")}, []string{"3", "2"})
			var ids []string
			for _, s := range all {
				ids = append(ids, s.ID)
			}
			equal(t, "ids", ids, []string{"5", "4", "3", "2", "1"})
			// A's records were sent an hour ago: final; B is SENT; later is PENDING.
			status := map[string]string{}
			for _, s := range all {
				status[s.Recipient] = StatusName(s.Status) + "/" + s.StatusMsg
			}
			equal(t, "statuses", status, map[string]string{
				"2348094309926": "DELIVERED/DELIVERED", "2348011112222": "DELIVERED/DELIVERED", "2348011110000": "FAILED/FAILED",
				"2348033334444": "SENT/SENT", "2348055556666": "PENDING/PENDING"})
			first := all[4]
			equal(t, "record", []any{first.BatchID, first.Sender, first.Message, first.Type, first.Units, first.UnitsConfirmed,
				first.Submitted, first.Sent, first.SubmittedAt, first.SubAccountID, first.Info},
				[]any{a.BatchID, "President", "Board meeting", 0, 1, 1, t0, t0, "2025-12-01 02:00", "1", "Message delivered to handset"})
			pending := all[0]
			equal(t, "pending", []any{pending.Sent.IsZero(), pending.Scheduled, pending.ScheduledTo, StatusFinal(pending.Status)},
				[]any{true, time.Date(2025, 12, 1, 4, 0, 0, 0, time.UTC), "2025-12-01 05:00", false})

			for name, q := range map[string]struct {
				q    SMSQuery
				want []string
			}{
				"batch":       {SMSQuery{SMSFilter: SMSFilter{BatchID: a.BatchID}}, []string{"3", "2", "1"}},
				"ids":         {SMSQuery{SMSFilter: SMSFilter{SMSIDs: []string{"1", " 4"}}}, []string{"4", "1"}},
				"stage":       {SMSQuery{SMSFilter: SMSFilter{Stage: StageFailed}}, []string{"3"}},
				"flash":       {SMSQuery{SMSFilter: SMSFilter{Type: TypeFlash}}, []string{"4"}},
				"recipient":   {SMSQuery{SMSFilter: SMSFilter{Recipient: "+2348094309926"}}, []string{"1"}},
				"sender":      {SMSQuery{SMSFilter: SMSFilter{SenderID: "President"}}, []string{"3", "2", "1"}},
				"dates":       {SMSQuery{SMSFilter: SMSFilter{StartDate: "2025-12-01 02:30", EndDate: "01-12-2025 04:00"}}, []string{"4"}},
				"search_term": {SMSQuery{SearchTerm: "board 08094309926"}, []string{"1"}},
				"combined":    {SMSQuery{SMSFilter: SMSFilter{BatchID: b.BatchID, Stage: StagePending}}, []string{}},
			} {
				got, err := c.FetchSMS(ctx(t), q.q)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				ids := []string{}
				for _, s := range got {
					ids = append(ids, s.ID)
				}
				equal(t, name, ids, q.want)
			}
			if _, err := c.FetchSMS(ctx(t), SMSQuery{SMSFilter: SMSFilter{Stage: "done"}}); err == nil {
				t.Error("bad stage accepted")
			}

			// The lifecycle through the client: later goes PENDING → SENT → DELIVERED.
			poll := func() string {
				got, err := c.FetchSMS(ctx(t), SMSQuery{SMSFilter: SMSFilter{BatchID: later.BatchID}})
				if err != nil || len(got) != 1 {
					t.Fatalf("poll: %v %v", got, err)
				}
				return StatusName(got[0].Status)
			}
			equal(t, "before send_at", poll(), "PENDING")
			m.clock.Advance(2 * time.Hour)
			equal(t, "at send_at", poll(), "SENT")
			m.clock.Advance(10 * time.Second)
			equal(t, "after the delay", poll(), "DELIVERED")
		})
	}
}

func TestStopDeleteAndTotalUnits(t *testing.T) {
	for _, method := range both {
		t.Run(method, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			c := m.client(t, method)
			later := func(nums ...string) string {
				t.Helper()
				r, err := c.SendSMS(ctx(t), SendRequest{Message: "Later", Recipients: nums, SendAt: "2099-01-01 09:00"})
				if err != nil {
					t.Fatal(err)
				}
				return r.BatchID
			}
			a, b := later("2348011112222", "2348011113333"), later("2348022223333")
			now, err := c.SendSMS(ctx(t), SendRequest{Message: "Now", Recipients: []string{"2348033334444"}})
			if err != nil {
				t.Fatal(err)
			}

			units, err := c.TotalUnits(ctx(t), SMSFilter{})
			equal(t, "units of everything", []any{units, err}, []any{4, nil})
			units, err = c.TotalUnits(ctx(t), SMSFilter{BatchID: a})
			equal(t, "units of a", []any{units, err}, []any{2, nil})

			m.rec.reset()
			// No filter, whitespace, or type 0 alone: refused, nothing sent.
			for _, f := range []SMSFilter{{}, {BatchID: "  ", SMSIDs: []string{" "}}, {Type: TypeNormal}} {
				for _, op := range []func(SMSFilter) (int, error){
					func(f SMSFilter) (int, error) { return c.StopSMS(ctx(t), f) },
					func(f SMSFilter) (int, error) { return c.DeleteSMS(ctx(t), f) },
				} {
					if _, err := op(f); !errors.Is(err, ErrNoFilter) || !strings.Contains(err.Error(), "every SMS of the sub-account") {
						t.Errorf("filter %+v: %v", f, err)
					}
				}
			}
			if _, err := c.StopSMS(ctx(t), SMSFilter{Everything: true, BatchID: a}); err == nil {
				t.Error("Everything with a filter accepted")
			}
			if n := len(m.rec.all()); n != 0 {
				t.Fatalf("%d requests sent for refused filters", n)
			}

			n, err := c.StopSMS(ctx(t), SMSFilter{BatchID: a})
			equal(t, "stop a", []any{n, err}, []any{2, nil})
			equal(t, "stop_sms fields", m.rec.all()[0].Fields.Get("batch_id"), a)
			recs := byRecipient(m)
			equal(t, "only a stopped", []any{recs["2348011112222"].Stopped, recs["2348011113333"].Stopped, recs["2348022223333"].Stopped},
				[]any{true, true, false})
			// Stopping again: nothing pending (11); unknown batch: not found (10).
			_, err = c.StopSMS(ctx(t), SMSFilter{BatchID: a})
			if ae := apiErr(t, err); ae.Code != 11 || IsNotFound(err) || !strings.Contains(ae.Message, "still pending") {
				t.Errorf("stop again: %v", err)
			}
			_, err = c.StopSMS(ctx(t), SMSFilter{BatchID: "1_1_42"})
			if !IsNotFound(err) || apiErr(t, err).Code != 10 {
				t.Errorf("stop unknown batch: %v", err)
			}
			// A flash filter alone is a filter (nothing matches: 10).
			if _, err := c.StopSMS(ctx(t), SMSFilter{Type: TypeFlash}); !IsNotFound(err) {
				t.Errorf("flash filter: %v", err)
			}
			// Everything, explicitly: every pending SMS of the sub-account.
			later("2348044445555")
			n, err = c.StopSMS(ctx(t), SMSFilter{Everything: true})
			equal(t, "stop everything", []any{n, err}, []any{2, nil})
			if r := m.rec.all(); len(r[len(r)-1].Fields) != 3 {
				t.Errorf("stop everything sent %v", r[len(r)-1].Fields)
			}
			_ = b

			n, err = c.DeleteSMS(ctx(t), SMSFilter{BatchID: now.BatchID})
			equal(t, "delete now", []any{n, err}, []any{1, nil})
			_, err = c.DeleteSMS(ctx(t), SMSFilter{BatchID: now.BatchID})
			equal(t, "delete again is not found", IsNotFound(err), true)
			n, err = c.DeleteSMS(ctx(t), SMSFilter{Everything: true})
			equal(t, "delete everything", []any{n, err, len(m.srv.GatewaySMS())}, []any{4, nil, 0})
			units, err = c.TotalUnits(ctx(t), SMSFilter{})
			equal(t, "units of nothing", []any{units, err}, []any{0, nil})
		})
	}
}

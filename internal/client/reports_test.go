package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// gets returns the recorded GETs whose path ends with suffix.
func gets(m *mockEnv, suffix string) []captured {
	var out []captured
	for _, r := range m.rec.only(http.MethodGet) {
		if strings.HasSuffix(r.Path, suffix) {
			out = append(out, r)
		}
	}
	return out
}

// queryOf parses a recorded query.
func queryOf(t *testing.T, r captured) url.Values {
	t.Helper()
	q, err := url.ParseQuery(r.Query)
	if err != nil {
		t.Fatalf("query %q: %v", r.Query, err)
	}
	return q
}

func mustSend(t *testing.T, c *Client, req SendRequest) string {
	t.Helper()
	id, err := c.SendSMS(context.Background(), req)
	if err != nil {
		t.Fatalf("SendSMS: %v", err)
	}
	return id
}

func numbers(ns ...string) []Destination {
	out := make([]Destination, len(ns))
	for i, n := range ns {
		out[i] = Destination{Recipient: n}
	}
	return out
}

// recipientBrief is the comparable part of a Recipient.
func recipientBrief(r Recipient) string {
	return fmt.Sprintf("%s %s %s %s/%s %.2f %s %q", r.Type, r.DestSeq, r.Destination, r.Status, r.Result, r.Price,
		r.SentTime.UTC().Format(time.RFC3339), r.MessageText)
}

// ---- MessageStatus ----

func TestMessageStatusPagesRecipients(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, withPageSize(2))
	// +61421000000 ends in 0000: the mock fails it.
	id := mustSend(t, c, SendRequest{
		MessageID: "status-1", Message: "hello", Reference: "ref-9", SubAccount: "North", Department: "Ops",
		Destinations: numbers("+61421000001", "+61421000002", "+61421000000", "+61421000004", "+61421000005"),
	})
	stored, _ := m.srv.Message(id)
	m.rec.reset()

	st, err := c.MessageStatus(context.Background(), id)
	if err != nil {
		t.Fatalf("MessageStatus: %v", err)
	}
	got := *st
	got.Recipients = nil
	want := MessageStatus{
		MessageID: "status-1", Status: "Completed", JobNum: stored.JobNum, Account: "100001",
		SubAccount: "North", Department: "Ops", Reference: "ref-9", Timezone: "AUS Eastern",
		Created: t0, Delayed: t0, Count: 5, Complete: 5, Success: 4, Failed: 1, Price: 0.4,
	}
	if !got.Created.Equal(t0) || !got.Delayed.Equal(t0) {
		t.Errorf("Created/Delayed = %v / %v, want %v", got.Created, got.Delayed, t0)
	}
	got.Created, got.Delayed, want.Created, want.Delayed = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("top level:\n got  %+v\n want %+v", got, want)
	}
	if len(stored.JobNum) != 8 {
		t.Errorf("JobNum %q", stored.JobNum)
	}

	sent := t0.Format(time.RFC3339)
	wantRecips := []string{
		`Text 00000001 +61421000001 Success/delivered 0.10 ` + sent + ` "hello"`,
		`Text 00000002 +61421000002 Success/delivered 0.10 ` + sent + ` "hello"`,
		`Text 00000003 +61421000000 Failed/Invalid number 0.00 ` + sent + ` "hello"`,
		`Text 00000004 +61421000004 Success/delivered 0.10 ` + sent + ` "hello"`,
		`Text 00000005 +61421000005 Success/delivered 0.10 ` + sent + ` "hello"`,
	}
	var gotRecips []string
	for _, r := range st.Recipients {
		gotRecips = append(gotRecips, recipientBrief(r))
		if r.Replies != nil {
			t.Errorf("status recipient %s has replies %v", r.DestSeq, r.Replies)
		}
	}
	if !reflect.DeepEqual(gotRecips, wantRecips) {
		t.Errorf("recipients:\n got  %q\n want %q", gotRecips, wantRecips)
	}

	reqs := gets(m, "/get/status/status-1")
	if len(reqs) != 3 || len(m.rec.all()) != 3 {
		t.Fatalf("GET get/status requests = %d (all %d), want 3", len(reqs), len(m.rec.all()))
	}
	for i, r := range reqs {
		if r.Path != "/api/v2.04/get/status/status-1" {
			t.Errorf("page %d path %s", i+1, r.Path)
		}
		q := queryOf(t, r)
		if want := (url.Values{"recordsPerPage": {"2"}, "page": {fmt.Sprint(i + 1)}}); !reflect.DeepEqual(q, want) {
			t.Errorf("page %d query = %v, want %v", i+1, q, want)
		}
	}
	if n := m.routes()["GET get/status/{id}"]; n != 3 {
		t.Errorf("mock counted %d status requests, want 3 (one per page)", n)
	}
}

func TestMessageStatusOnePage(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t) // DefaultPageSize
	id := mustSend(t, c, SendRequest{Message: "x", Destinations: numbers("+61421000001", "+61421000002", "+61421000003")})
	m.rec.reset()
	st, err := c.MessageStatus(context.Background(), id)
	if err != nil || len(st.Recipients) != 3 {
		t.Fatalf("MessageStatus = %+v, %v", st, err)
	}
	if reqs := gets(m, "/get/status/"+id); len(reqs) != 1 || reqs[0].Query != "page=1&recordsPerPage=100" {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestMessageStatusLifecycle(t *testing.T) {
	ctx := context.Background()

	t.Run("test mode completes at once", func(t *testing.T) {
		m := newMock(t, mockapi.Options{DeliveryDelay: time.Hour})
		c := m.client(t)
		id := mustSend(t, c, SendRequest{Message: "x", TestMode: true, Destinations: numbers("+61421000001", "+61421000002")})
		st, err := c.MessageStatus(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != "Completed" || st.Count != 2 || st.Complete != 2 || st.Success != 2 || st.Failed != 0 || st.Price != 0 {
			t.Errorf("status = %+v", st)
		}
		for _, r := range st.Recipients {
			if r.Status != "Success" || r.Result != "Test mode - not sent" || r.Price != 0 || !r.SentTime.Equal(t0) {
				t.Errorf("recipient = %+v", r)
			}
		}
	})

	t.Run("pending while delivering", func(t *testing.T) {
		clock := mocktest.NewClock(t0)
		m := newMock(t, mockapi.Options{DeliveryDelay: time.Minute, Now: clock.Now})
		c := m.client(t)
		id := mustSend(t, c, SendRequest{Message: "x", Destinations: numbers("+61421000001")})
		st, err := c.MessageStatus(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != "Pending" || st.Complete != 0 || st.Success != 0 || st.Price != 0 {
			t.Errorf("status = %+v", st)
		}
		if r := st.Recipients[0]; r.Status != "Pending" || !r.SentTime.IsZero() {
			t.Errorf("recipient = %+v", r)
		}
		clock.Advance(time.Minute)
		st, err = c.MessageStatus(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if r := st.Recipients[0]; st.Status != "Completed" || r.Status != "Success" || !r.SentTime.Equal(t0.Add(time.Minute)) || st.Price != 0.1 {
			t.Errorf("after the delay: %+v / %+v", st, r)
		}
	})

	t.Run("delayed until SendTime", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		c := m.client(t)
		// 14:00 in Sydney (UTC+11 in December) is 03:00 UTC, two hours after t0.
		id := mustSend(t, c, SendRequest{Message: "x", SendTime: "2025-12-01T14:00", TimeZone: "AUS Eastern", Destinations: numbers("+61421000001")})
		st, err := c.MessageStatus(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != "Delayed" || !st.Delayed.Equal(time.Date(2025, 12, 1, 3, 0, 0, 0, time.UTC)) || !st.Created.Equal(t0) {
			t.Errorf("status = %s, Delayed %v, Created %v", st.Status, st.Delayed, st.Created)
		}
	})
}

func TestMessageStatusUnknownID(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	st, err := m.client(t).MessageStatus(context.Background(), "never-sent")
	if st != nil {
		t.Errorf("status %+v with an error", st)
	}
	if !IsNotFound(err) {
		t.Fatalf("IsNotFound(%v) = false", err)
	}
	ae := apiErr(t, err)
	if ae.StatusCode != 404 || ae.Method != "GET" || ae.Path != "get/status/{id}" || !reflect.DeepEqual(ae.Messages, []string{"Message(s) NOT found"}) {
		t.Errorf("APIError = %+v", ae)
	}
	if n := m.routes()["GET get/status/{id}"]; n != 1 {
		t.Errorf("requests = %d, want 1 (a 404 is not retried)", n)
	}
}

// The top level comes from page 1, recipients from every page; legacy
// names and numbers as strings are understood.
func TestMessageStatusStubPages(t *testing.T) {
	pages := []string{
		`{"Result":"Success","MessageID":"m1","Status":"Pending","JobNum":"10AB20CE","Account":"102030",
		  "Created":"2024-06-13T06:44:16","CreatedUTC":"2024-06-12T20:44:16","Timezone":"AUS Eastern",
		  "Count":"3","Complete":"2","Success":2,"Failed":"0","Price":"0.30",
		  "TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":1,
		  "Recipients":[{"Type":"Text","DestSeq":"00000001","Destination":"+61410010001","Status":"Success","Result":"delivered",
		    "SentDate":"2024-06-13T06:44:30","SentDateUTC":"2024-06-12T20:44:30","Price":0.1}]}`,
		`{"Result":"Success","MessageID":"m1","Status":"Completed","JobNum":"OTHER","Count":99,"Price":9,
		  "TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":2,
		  "Recipients":[{"Type":"Text","DestSeq":2,"Destination":"+61410010002","Status":"Success","Price":"0.10",
		    "SentTimeUTC_RFC3339":"2024-06-12T20:45:00.000Z","SentTimeUTC":"2000-01-01 00:00:00"}]}`,
		`{"Result":"success","MessageID":"m1","Status":"Completed",
		  "TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":3,
		  "Recipients":[{"DestSeq":"00000003","Destination":"+61410010003","Status":"Pending","Price":null}]}`,
	}
	var n atomic.Int32
	var queries []string
	var mu sync.Mutex
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		i := int(n.Add(1))
		writeBody(w, 200, pages[min(i, len(pages))-1])
	})
	st, err := newTestClient(t, base, withPageSize(1)).MessageStatus(context.Background(), "m1")
	if err != nil {
		t.Fatalf("MessageStatus: %v", err)
	}
	if st.Status != "Pending" || st.JobNum != "10AB20CE" || st.Account != "102030" || st.Count != 3 || st.Complete != 2 ||
		st.Success != 2 || st.Failed != 0 || st.Price != 0.3 {
		t.Errorf("top level = %+v", st)
	}
	if want := time.Date(2024, 6, 12, 20, 44, 16, 0, time.UTC); !st.Created.Equal(want) {
		t.Errorf("Created = %v, want CreatedUTC %v", st.Created, want)
	}
	var got []string
	for _, r := range st.Recipients {
		got = append(got, fmt.Sprintf("%s %s %s %.2f %s", r.DestSeq, r.Destination, r.Status, r.Price, r.SentTime.UTC().Format(time.RFC3339)))
	}
	want := []string{
		"00000001 +61410010001 Success 0.10 2024-06-12T20:44:30Z",
		"2 +61410010002 Success 0.10 2024-06-12T20:45:00Z",
		"00000003 +61410010003 Pending 0.00 0001-01-01T00:00:00Z",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recipients:\n got  %q\n want %q", got, want)
	}
	if n.Load() != 3 || !reflect.DeepEqual(queries, []string{"page=1&recordsPerPage=1", "page=2&recordsPerPage=1", "page=3&recordsPerPage=1"}) {
		t.Errorf("requests = %d %v", n.Load(), queries)
	}
}

// ---- SMSReplies ----

func TestSMSReplies(t *testing.T) {
	ctx := context.Background()
	clock := mocktest.NewClock(t0)
	m := newMock(t, mockapi.Options{Now: clock.Now})
	c := m.client(t, withPageSize(2))
	id := mustSend(t, c, SendRequest{MessageID: "rep-1", Message: "Can you work tonight?",
		Destinations: numbers("+61421000001", "+61421000002", "+61421000003")})
	other := mustSend(t, c, SendRequest{MessageID: "rep-2", Message: "other", Destinations: numbers("+61421000001")})

	inbound := func(from, text, replyTo string) mockapi.Received {
		t.Helper()
		r, err := m.srv.Inbound(from, text, replyTo)
		if err != nil {
			t.Fatalf("Inbound(%s, %q, %q): %v", from, text, replyTo, err)
		}
		if r.MessageID != replyTo {
			t.Fatalf("Inbound linked to %q, want %q", r.MessageID, replyTo)
		}
		return r
	}
	clock.Advance(5 * time.Minute)
	yes := inbound("+61421000002", "Yes", id)
	clock.Advance(3 * time.Minute)
	no := inbound("+61421000003", "No", id)
	clock.Advance(time.Minute)
	later := inbound("+61421000003", "Actually later", id)
	inbound("+61421000001", "reply to the other one", other)
	if _, err := m.srv.Inbound("+61421999999", "unsolicited", ""); err != nil {
		t.Fatal(err)
	}
	m.rec.reset()

	st, err := c.SMSReplies(ctx, id)
	if err != nil {
		t.Fatalf("SMSReplies: %v", err)
	}
	if st.MessageID != "rep-1" || st.Status != "Completed" || st.Count != 3 || len(st.Recipients) != 3 {
		t.Fatalf("SMSReplies = %+v", st)
	}
	want := [][]Reply{
		nil,
		{{ReceivedID: yes.ReceivedID, From: "+61421000002", MessageText: "Yes", Received: t0.Add(5 * time.Minute)}},
		{
			{ReceivedID: no.ReceivedID, From: "+61421000003", MessageText: "No", Received: t0.Add(8 * time.Minute)},
			{ReceivedID: later.ReceivedID, From: "+61421000003", MessageText: "Actually later", Received: t0.Add(9 * time.Minute)},
		},
	}
	for i, r := range st.Recipients {
		if r.MessageText != "Can you work tonight?" || r.DestSeq != fmt.Sprintf("%08d", i+1) {
			t.Errorf("recipient %d = %+v", i+1, r)
		}
		if len(r.Replies) != len(want[i]) {
			t.Errorf("recipient %d (%s) replies = %+v, want %+v", i+1, r.Destination, r.Replies, want[i])
			continue
		}
		for j, rep := range r.Replies {
			w := want[i][j]
			if rep.ReceivedID != w.ReceivedID || rep.From != w.From || rep.MessageText != w.MessageText || !rep.Received.Equal(w.Received) {
				t.Errorf("recipient %d reply %d = %+v, want %+v", i+1, j+1, rep, w)
			}
		}
	}
	if reqs := gets(m, "/get/sms/reply/rep-1"); len(reqs) != 2 || len(m.rec.all()) != 2 {
		t.Errorf("reply requests = %d of %d, want 2 pages", len(reqs), len(m.rec.all()))
	} else if reqs[1].Query != "page=2&recordsPerPage=2" {
		t.Errorf("page 2 query = %q", reqs[1].Query)
	}
	if n := m.routes()["GET get/sms/reply/{id}"]; n != 2 {
		t.Errorf("mock counted %d reply requests", n)
	}

	// The other message carries its own reply only.
	st2, err := c.SMSReplies(ctx, other)
	if err != nil || len(st2.Recipients) != 1 || len(st2.Recipients[0].Replies) != 1 || st2.Recipients[0].Replies[0].MessageText != "reply to the other one" {
		t.Errorf("SMSReplies(other) = %+v, %v", st2, err)
	}

	_, err = c.SMSReplies(ctx, "nope")
	if !IsNotFound(err) {
		t.Errorf("SMSReplies(unknown) error = %v, want not found", err)
	}
	if ae := apiErr(t, err); ae.Path != "get/sms/reply/{id}" {
		t.Errorf("APIError path = %q", ae.Path)
	}
}

// ---- ReceivedSMS ----

// receivedFixture stores five inbound SMS 10 minutes apart from t0 (one
// of them a reply from a contact) and leaves the clock at t0+50m.
func receivedFixture(t *testing.T) (*mockEnv, []mockapi.Received) {
	t.Helper()
	clock := mocktest.NewClock(t0)
	m := newMock(t, mockapi.Options{Now: clock.Now})
	contact := m.srv.PutContact(mockapi.Contact{FirstName: "Carla", MobilePhone: "+61421000077"})
	mustSend(t, m.client(t), SendRequest{MessageID: "rx-1", Message: "ping", SubAccount: "North", Department: "Ops",
		Destinations: []Destination{{ContactID: contact.ContactID}}})
	var out []mockapi.Received
	for i, in := range []struct{ from, text string }{
		{"+61421999001", "first"}, {"+61421999002", "second"}, {"+61421000077", "pong"},
		{"+61421999004", "fourth"}, {"+61421999005", "fifth"},
	} {
		if i > 0 {
			clock.Advance(10 * time.Minute)
		}
		r, err := m.srv.Inbound(in.from, in.text, "")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	clock.Advance(10 * time.Minute)
	if out[2].MessageID != "rx-1" || out[2].ContactID != contact.ContactID {
		t.Fatalf("fixture: pong = %+v", out[2])
	}
	m.rec.reset()
	return m, out
}

func receivedBrief(r ReceivedMessage) string {
	return fmt.Sprintf("%s %s %q %s %s|%s|%s|%s|%s|%s", r.ReceivedID, r.From, r.MessageText,
		r.Received.UTC().Format(time.RFC3339), r.MessageID, r.JobNum, r.ContactID, r.SubAccount, r.Department, r.Timezone)
}

func TestReceivedSMSPagesAndDefaultPeriod(t *testing.T) {
	m, in := receivedFixture(t)
	rx, _ := m.srv.Message("rx-1")
	got, err := m.client(t, withPageSize(2)).ReceivedSMS(context.Background(), ReceivedQuery{})
	if err != nil {
		t.Fatalf("ReceivedSMS: %v", err)
	}
	var want, gotB []string
	for i, r := range in {
		w := ReceivedMessage{ReceivedID: r.ReceivedID, From: r.From, MessageText: r.MessageText, Timezone: "AUS Eastern",
			Received: t0.Add(time.Duration(i) * 10 * time.Minute)}
		if i == 2 {
			w.MessageID, w.JobNum, w.ContactID, w.SubAccount, w.Department = "rx-1", rx.JobNum, r.ContactID, "North", "Ops"
		}
		want = append(want, receivedBrief(w))
	}
	for _, r := range got {
		gotB = append(gotB, receivedBrief(r))
	}
	if !reflect.DeepEqual(gotB, want) {
		t.Errorf("received:\n got  %q\n want %q", gotB, want)
	}

	reqs := gets(m, "/get/sms/received")
	if len(reqs) != 3 {
		t.Fatalf("requests = %d, want 3 pages", len(reqs))
	}
	for i, r := range reqs {
		if r.Path != "/api/v2.04/get/sms/received" {
			t.Errorf("path %s", r.Path)
		}
		wantQ := url.Values{"timePeriod": {"1440"}, "recordsPerPage": {"2"}, "page": {fmt.Sprint(i + 1)}}
		if q := queryOf(t, r); !reflect.DeepEqual(q, wantQ) {
			t.Errorf("page %d query = %v, want %v", i+1, q, wantQ)
		}
	}
	if n := m.routes()["GET get/sms/received"]; n != 3 {
		t.Errorf("mock counted %d", n)
	}
}

func TestReceivedSMSWindows(t *testing.T) {
	ctx := context.Background()
	sydney := time.FixedZone("AEDT", 11*60*60)
	for _, tc := range []struct {
		name      string
		q         ReceivedQuery
		wantQuery url.Values
		wantTexts string
	}{
		{"time period", ReceivedQuery{TimePeriod: 25},
			url.Values{"timePeriod": {"25"}}, "fourth,fifth"},
		{"negative period means the default", ReceivedQuery{TimePeriod: -5},
			url.Values{"timePeriod": {"1440"}}, "first,second,pong,fourth,fifth"},
		{"date window (account local time)", ReceivedQuery{
			DateFrom: time.Date(2025, 12, 1, 12, 10, 0, 0, sydney), DateTo: time.Date(2025, 12, 1, 12, 20, 0, 0, sydney), TimePeriod: 5},
			url.Values{"dateFrom": {"2025-12-01T12:10:00"}, "dateTo": {"2025-12-01T12:20:00"}}, "second,pong"},
		{"only DateFrom: period", ReceivedQuery{DateFrom: time.Date(2025, 12, 1, 12, 10, 0, 0, sydney), TimePeriod: 15},
			url.Values{"timePeriod": {"15"}}, "fifth"},
		{"only DateTo: default period", ReceivedQuery{DateTo: time.Date(2025, 12, 1, 12, 10, 0, 0, sydney)},
			url.Values{"timePeriod": {"1440"}}, "first,second,pong,fourth,fifth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := receivedFixture(t)
			got, err := m.client(t).ReceivedSMS(ctx, tc.q)
			if err != nil {
				t.Fatalf("ReceivedSMS: %v", err)
			}
			var texts []string
			for _, r := range got {
				texts = append(texts, r.MessageText)
			}
			if strings.Join(texts, ",") != tc.wantTexts {
				t.Errorf("texts = %v, want %s", texts, tc.wantTexts)
			}
			reqs := gets(m, "/get/sms/received")
			if len(reqs) != 1 {
				t.Fatalf("requests = %d", len(reqs))
			}
			want := url.Values{"recordsPerPage": {"100"}, "page": {"1"}}
			for k, v := range tc.wantQuery {
				want[k] = v
			}
			if q := queryOf(t, reqs[0]); !reflect.DeepEqual(q, want) {
				t.Errorf("query = %v, want %v", q, want)
			}
		})
	}
}

func TestReceivedSMSStubShapes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pages []string
		want  []string
	}{
		{"Messages with v2.04 items", []string{
			`{"Result":"Success","TotalRecords":1,"RecordsPerPage":100,"PageCount":1,"Page":1,"Messages":[
			  {"ReceivedID":"r-1","ID":7,"MessageID":"m1","ContactID":"c1","JobNum":"10AB20CE","SubAccount":"S","Department":"D",
			   "ReceivedTimeLocal":"2019-12-01 14:02:03","ReceivedTimeUTC":"2019-12-01 03:02:03","ReceivedTimeUTC_RFC3339":"2019-12-01T03:02:03.000Z",
			   "From":"+61421000001","MessageText":"hi","Timezone":"AUS Eastern"}]}`},
			[]string{`r-1 +61421000001 "hi" 2019-12-01T03:02:03Z m1|10AB20CE|c1|S|D|AUS Eastern`}},
		{"Messages with PY24 legacy items (integer ID, Date/DateUTC)", []string{
			`{"Result":"Success","TotalRecords":2,"RecordsPerPage":100,"PageCount":1,"Page":1,"Messages":[
			  {"ID":17,"MessageID":"m1","JobNum":"10AB20CE","Account":"102030","SubAccount":"","Department":"",
			   "Date":"2019-12-01 14:02:03","DateUTC":"2019-12-01 03:02:03","From":"+61421000001","MessageText":"hi","Timezone":"AUS Eastern"},
			  {"ID":"18","MessageID":null,"Date":"2019-12-01 15:00:00","From":"+61421000002","MessageText":"yo"}]}`},
			[]string{
				`17 +61421000001 "hi" 2019-12-01T03:02:03Z m1|10AB20CE||||AUS Eastern`,
				`18 +61421000002 "yo" 2019-12-01T04:00:00Z |||||`, // local Date only: in the account's zone (AUS Eastern, UTC+11)
			}},
		{"ReceivedMessages (D003), unpaged", []string{
			`{"Result":"Success","ReceivedMessages":[{"Date":"2019-12-01 14:02:03","From":"+61421000001","MessageText":"Hello"}],"ErrorMessage":[]}`},
			[]string{` +61421000001 "Hello" 2019-12-01T03:02:03Z |||||`}}, // 14:02:03 AEDT
		{"flat single message (v2.03 reference)", []string{
			`{"Result":"Success","Date":"2019-12-01 14:02:03","From":"+61421000001","MessageText":"This is a reply back from the mobile phone."}`},
			[]string{` +61421000001 "This is a reply back from the mobile phone." 2019-12-01T03:02:03Z |||||`}},
		{"no records and no list", []string{`{"Result":"Success","TotalRecords":0,"PageCount":0,"Page":1}`}, nil},
		{"three pages of Messages", []string{
			`{"Result":"Success","TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":1,"Messages":[{"ReceivedID":"a","From":"1","MessageText":"x"}]}`,
			`{"Result":"Success","TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":2,"Messages":[{"ID":2,"From":"2","MessageText":"y"}]}`,
			`{"Result":"Success","TotalRecords":3,"RecordsPerPage":1,"PageCount":3,"Page":3,"ReceivedMessages":[{"ReceivedID":"c","From":"3","MessageText":"z"}]}`,
		}, []string{
			`a 1 "x" 0001-01-01T00:00:00Z |||||`,
			`2 2 "y" 0001-01-01T00:00:00Z |||||`,
			`c 3 "z" 0001-01-01T00:00:00Z |||||`,
		}},
		{"no messages", []string{`{"Result":"Success","TotalRecords":0,"RecordsPerPage":100,"PageCount":0,"Page":1,"Messages":[]}`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			base := stub(t, func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1))
				writeBody(w, 200, tc.pages[min(i, len(tc.pages))-1])
			})
			got, err := newTestClient(t, base).ReceivedSMS(context.Background(), ReceivedQuery{})
			if err != nil {
				t.Fatalf("ReceivedSMS: %v", err)
			}
			var gotB []string
			for _, r := range got {
				gotB = append(gotB, receivedBrief(r))
			}
			if !reflect.DeepEqual(gotB, tc.want) {
				t.Errorf("received:\n got  %q\n want %q", gotB, tc.want)
			}
			if int(n.Load()) != max(len(tc.pages), 1) {
				t.Errorf("requests = %d, want %d", n.Load(), len(tc.pages))
			}
		})
	}
}

func TestReceivedSMSFailure(t *testing.T) {
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		writeBody(w, 400, `{"Result":"Failed","ErrorMessage":["timePeriod must be a positive number of minutes"],"MessageID":""}`)
	})
	got, err := newTestClient(t, base).ReceivedSMS(context.Background(), ReceivedQuery{TimePeriod: 5})
	if got != nil {
		t.Errorf("result %v with an error", got)
	}
	if ae := apiErr(t, err); ae.StatusCode != 400 || ae.Path != "get/sms/received" || IsNotFound(err) {
		t.Errorf("APIError = %+v", ae)
	}
}

// ---- decoding ----

func TestRecipientUnmarshal(t *testing.T) {
	sent := time.Date(2024, 6, 12, 20, 44, 30, 0, time.UTC)
	for _, tc := range []struct {
		name string
		json string
		want Recipient
	}{
		{"v2.04 example of wire-protocol.md §7.1", `{"Type":"Text","DestSeq":"00000001","Destination":"+61410010001","ContactID":"",
			"Status":"Success","Result":"delivered","SentTimeLocal":"2024-06-13 06:44:30","SentTimeUTC":"2024-06-12 20:44:30",
			"SentTimeUTC_RFC3339":"2024-06-12T20:44:30.000Z","Attention":"","Company":"","Custom1":"","RemoteID":"","Price":0.04}`,
			Recipient{Type: "Text", DestSeq: "00000001", Destination: "+61410010001", Status: "Success", Result: "delivered", SentTime: sent, Price: 0.04}},
		{"v2.03 names SentDate/SentDateUTC", `{"Type":"Text","DestSeq":"00000002","Destination":"+61410010002","Status":"Failed","Result":"Invalid number",
			"SentDate":"2024-06-13T06:44:30","SentDateUTC":"2024-06-12T20:44:30","Attention":"Jane","Company":"Acme","Price":0}`,
			Recipient{Type: "Text", DestSeq: "00000002", Destination: "+61410010002", Status: "Failed", Result: "Invalid number", SentTime: sent, Attention: "Jane", Company: "Acme"}},
		{"SentDateUTC wins over SentDate whatever the order", `{"SentDateUTC":"2024-06-12T20:44:30","SentDate":"2024-06-13T06:44:30"}`,
			Recipient{SentTime: sent}},
		{"SentTimeUTC when RFC3339 is empty", `{"SentTimeUTC_RFC3339":"","SentTimeUTC":"2024-06-12 20:44:30","SentDateUTC":"2000-01-01T00:00:00"}`,
			Recipient{SentTime: sent}},
		{"SentDate alone: local, in AUS Eastern (UTC+10 in June)", `{"SentDate":"2024-06-13T06:44:30"}`, Recipient{SentTime: sent}},
		{"SentTimeLocal alone", `{"SentTimeLocal":"2024-06-13 06:44:30"}`, Recipient{SentTime: sent}},
		{"Price as string", `{"Price":"0.10"}`, Recipient{Price: 0.1}},
		{"Price as number", `{"Price":0.1}`, Recipient{Price: 0.1}},
		{"Price null, empty string", `{"Price":null,"DestSeq":null}`, Recipient{}},
		{"Price empty string", `{"Price":""}`, Recipient{}},
		{"DestSeq as number", `{"DestSeq":3,"Destination":"+61410010003"}`, Recipient{DestSeq: "3", Destination: "+61410010003"}},
		{"address-book ids and text", `{"ContactID":"c1","GroupID":"g1","MessageText":"hi Jane"}`, Recipient{ContactID: "c1", GroupID: "g1", MessageText: "hi Jane"}},
		{"PY24 reply shape", `{"DestSeq":"00000001","SMSReplies":[{"Date":"2019-12-01 14:02:03","DateUTC":"2019-12-01 03:02:03","From":"+61421000001","MessageText":"Yes","Timezone":"AUS Eastern"}]}`,
			Recipient{DestSeq: "00000001", Replies: []Reply{{From: "+61421000001", MessageText: "Yes", Received: time.Date(2019, 12, 1, 3, 2, 3, 0, time.UTC)}}}},
		{"NJ24 and NET reply shapes", `{"SMSReplies":[
			{"ReceivedID":"r1","ReceivedTimeLocal":"2019-12-01 14:02:03","ReceivedTimeUTC":"2019-12-01 03:02:03","From":"a","MessageText":"one"},
			{"ReceivedID":42,"ReceivedTimeUTC_RFC3339":"2019-12-01T03:05:00.000Z","From":"b","MessageText":"two"},
			{"Date":"2019-12-01 14:10:00","From":"c","MessageText":"three"},
			{"Date":"2019-12-01 16:10:00","From":"d","MessageText":"four","Timezone":"New Zealand"}]}`,
			Recipient{Replies: []Reply{
				{ReceivedID: "r1", From: "a", MessageText: "one", Received: time.Date(2019, 12, 1, 3, 2, 3, 0, time.UTC)},
				{ReceivedID: "42", From: "b", MessageText: "two", Received: time.Date(2019, 12, 1, 3, 5, 0, 0, time.UTC)},
				{From: "c", MessageText: "three", Received: time.Date(2019, 12, 1, 3, 10, 0, 0, time.UTC)}, // AUS Eastern
				{From: "d", MessageText: "four", Received: time.Date(2019, 12, 1, 3, 10, 0, 0, time.UTC)},  // its own Timezone
			}}},
		{"empty SMSReplies", `{"SMSReplies":[]}`, Recipient{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got Recipient
			if err := json.Unmarshal([]byte(tc.json), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			assertRecipient(t, got, tc.want)
		})
	}

	t.Run("reused value is reset", func(t *testing.T) {
		r := Recipient{Destination: "old", Price: 1, Replies: []Reply{{From: "x"}}}
		if err := json.Unmarshal([]byte(`{"DestSeq":"00000009"}`), &r); err != nil {
			t.Fatal(err)
		}
		assertRecipient(t, r, Recipient{DestSeq: "00000009"})
	})

	for _, bad := range []string{`{"Price":"ten cents"}`, `{"Price":true}`, `[]`, `{"SMSReplies":{}}`} {
		var r Recipient
		if err := json.Unmarshal([]byte(bad), &r); err == nil {
			t.Errorf("Unmarshal(%s) succeeded: %+v", bad, r)
		}
	}
}

func assertRecipient(t *testing.T, got, want Recipient) {
	t.Helper()
	if !got.SentTime.Equal(want.SentTime) {
		t.Errorf("SentTime = %v, want %v", got.SentTime, want.SentTime)
	}
	if len(got.Replies) != len(want.Replies) {
		t.Fatalf("Replies = %+v, want %+v", got.Replies, want.Replies)
	}
	for i := range got.Replies {
		if !got.Replies[i].Received.Equal(want.Replies[i].Received) {
			t.Errorf("reply %d Received = %v, want %v", i, got.Replies[i].Received, want.Replies[i].Received)
		}
		got.Replies[i].Received, want.Replies[i].Received = time.Time{}, time.Time{}
	}
	got.SentTime, want.SentTime = time.Time{}, time.Time{}
	got.sentLocal = ""
	for i := range got.Replies {
		got.Replies[i].receivedLocal, got.Replies[i].zone = "", ""
	}
	if len(got.Replies) == 0 {
		got.Replies, want.Replies = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got  %+v\n want %+v", got, want)
	}
}

func TestReceivedMessageUnmarshal(t *testing.T) {
	at := time.Date(2019, 12, 1, 3, 2, 3, 0, time.UTC)
	for _, tc := range []struct {
		name string
		json string
		want ReceivedMessage
	}{
		{"ReceivedID wins over ID", `{"ReceivedID":"r-1","ID":7}`, ReceivedMessage{ReceivedID: "r-1"}},
		{"integer ID", `{"ID":7}`, ReceivedMessage{ReceivedID: "7"}},
		{"string ID", `{"ID":"7"}`, ReceivedMessage{ReceivedID: "7"}},
		{"null ids", `{"ReceivedID":null,"ID":null}`, ReceivedMessage{}},
		{"DateUTC wins over Date", `{"Date":"2019-12-01 14:02:03","DateUTC":"2019-12-01 03:02:03"}`, ReceivedMessage{Received: at}},
		{"RFC3339 wins", `{"ReceivedTimeUTC_RFC3339":"2019-12-01T03:02:03.000Z","ReceivedTimeUTC":"2000-01-01 00:00:00","DateUTC":"2000-01-01 00:00:00"}`,
			ReceivedMessage{Received: at}},
		{"ReceivedTimeUTC wins over DateUTC", `{"ReceivedTimeUTC":"2019-12-01 03:02:03","DateUTC":"2000-01-01 00:00:00"}`, ReceivedMessage{Received: at}},
		{"every member", `{"ReceivedID":"r","MessageID":"m","ContactID":"c","JobNum":"j","SubAccount":"s","Department":"d","From":"f","MessageText":"t","Timezone":"z"}`,
			ReceivedMessage{ReceivedID: "r", MessageID: "m", ContactID: "c", JobNum: "j", SubAccount: "s", Department: "d", From: "f", MessageText: "t", Timezone: "z"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got ReceivedMessage
			if err := json.Unmarshal([]byte(tc.json), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if !got.Received.Equal(tc.want.Received) {
				t.Errorf("Received = %v, want %v", got.Received, tc.want.Received)
			}
			got.Received, tc.want.Received = time.Time{}, time.Time{}
			if got != tc.want {
				t.Errorf("\n got  %+v\n want %+v", got, tc.want)
			}
		})
	}
}

func TestFlexNumbers(t *testing.T) {
	for _, tc := range []struct {
		in      string
		float   float64
		integer int
		str     string
		bad     bool // for the numeric types
	}{
		{in: `3`, float: 3, integer: 3, str: "3"},
		{in: `"3"`, float: 3, integer: 3, str: "3"},
		{in: `0.1`, float: 0.1, integer: 0, str: "0.1"},
		{in: `"0.10"`, float: 0.1, integer: 0, str: "0.10"},
		{in: `null`, float: 0, integer: 0, str: ""},
		{in: `""`, float: 0, integer: 0, str: ""},
		{in: `"00000001"`, float: 1, integer: 1, str: "00000001"},
		{in: `-2`, float: -2, integer: -2, str: "-2"},
		{in: `"abc"`, str: "abc", bad: true},
		{in: `true`, str: "true", bad: true},
	} {
		var f flexFloat
		errF := json.Unmarshal([]byte(tc.in), &f)
		var n flexInt
		errN := json.Unmarshal([]byte(tc.in), &n)
		var s flexString
		errS := json.Unmarshal([]byte(tc.in), &s)
		if tc.bad {
			if errF == nil || errN == nil {
				t.Errorf("%s: flexFloat err %v, flexInt err %v, want errors", tc.in, errF, errN)
			}
		} else if errF != nil || errN != nil || float64(f) != tc.float || int(n) != tc.integer {
			t.Errorf("%s: flexFloat %v (%v), flexInt %v (%v), want %v / %v", tc.in, f, errF, n, errN, tc.float, tc.integer)
		}
		if errS != nil || string(s) != tc.str {
			t.Errorf("%s: flexString %q (%v), want %q", tc.in, s, errS, tc.str)
		}
	}

	// Inside the status document: counts as strings.
	var w wireStatus
	if err := json.Unmarshal([]byte(`{"Count":"3","Complete":3,"Success":"2","Failed":"1","Price":"0.20"}`), &w); err != nil {
		t.Fatal(err)
	}
	if w.Count != 3 || w.Complete != 3 || w.Success != 2 || w.Failed != 1 || w.Price != 0.2 {
		t.Errorf("wireStatus = %+v", w)
	}
}

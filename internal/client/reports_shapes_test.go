package client

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// answering is a client whose every request is answered with body.
func answering(t *testing.T, body string) *Client {
	t.Helper()
	return newTestClient(t, stub(t, func(w http.ResponseWriter, r *http.Request) { writeBody(w, 200, body) }))
}

// repliesBrief renders a reply document: its top level and each recipient
// with its replies.
func repliesBrief(st *MessageStatus) []string {
	out := []string{fmt.Sprintf("%s %s %s %s %s", st.MessageID, st.Status, st.JobNum, st.Account, st.SubAccount)}
	for _, r := range st.Recipients {
		out = append(out, fmt.Sprintf("to %s %q %s", r.Destination, r.MessageText, r.SentTime.UTC().Format(time.RFC3339)))
		for _, rep := range r.Replies {
			out = append(out, fmt.Sprintf("  from %s %q %s", rep.From, rep.MessageText, rep.Received.UTC().Format(time.RFC3339)))
		}
	}
	return out
}

// The reply answers of the vendor's documentation, besides the SDKs'
// layout: every one decodes to the sent message and its replies, with the
// zone-less times in the account's zone (AUS Eastern, UTC+11 in December).
func TestSMSRepliesDocumentedShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"v2.03 reference: MessageSent / MessageReceived",
			`{"Result":"Success","Status":"Received","JobNum":"10AB20CE","Account":"102030","SubAccount":"S","Department":"",
			  "MessageSent":{"Date":"2019-12-01 13:45:54","Destination":"+61421000001","MessageText":"This is an outbound message sent via API."},
			  "MessageReceived":{"Date":"2019-12-01 14:02:03","From":"+61421000001","MessageText":"This is a reply back from the mobile phone."}}`,
			[]string{" Received 10AB20CE 102030 S",
				`to +61421000001 "This is an outbound message sent via API." 2019-12-01T02:45:54Z`,
				`  from +61421000001 "This is a reply back from the mobile phone." 2019-12-01T03:02:03Z`}},
		{"v2.04 guide: SentMessage / ReceivedMessages",
			`{"Result":"Success","Status":"Received","MessageID":"ID123456","JobNum":"10AB20CE","Account":"102030","SubAccount":"","Department":"",
			  "SentMessage":{"Date":"2019-12-01 14:02:03","Destination":"6421000001","MessageText":"This is an outbound message sent via API."},
			  "ReceivedMessages":[{"Date":"2019-12-01 14:02:03","From":"+61421000001","MessageText":"One"},
			                      {"Date":"2019-12-01 14:05:00","From":"+61421000001","MessageText":"Two"}],"ErrorMessage":[]}`,
			[]string{"ID123456 Received 10AB20CE 102030 ",
				`to 6421000001 "This is an outbound message sent via API." 2019-12-01T03:02:03Z`,
				`  from +61421000001 "One" 2019-12-01T03:02:03Z`,
				`  from +61421000001 "Two" 2019-12-01T03:05:00Z`}},
		{"a document Timezone applies to the local times",
			`{"Result":"Success","Status":"Received","MessageID":"m","Timezone":"New Zealand",
			  "SentMessage":{"Date":"2019-12-01 16:02:03","Destination":"+6421000001","MessageText":"hi"},
			  "ReceivedMessages":[{"Date":"2019-12-01 16:05:00","From":"+6421000001","MessageText":"yo"}]}`,
			[]string{"m Received   ", `to +6421000001 "hi" 2019-12-01T03:02:03Z`, `  from +6421000001 "yo" 2019-12-01T03:05:00Z`}},
		{"no replies yet",
			`{"Result":"Success","Status":"Received","MessageID":"m","SentMessage":{"Date":"2019-12-01 14:02:03","Destination":"+61421000001","MessageText":"hi"},"ReceivedMessages":[]}`,
			[]string{"m Received   ", `to +61421000001 "hi" 2019-12-01T03:02:03Z`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := answering(t, tc.body).SMSReplies(context.Background(), "m")
			if err != nil {
				t.Fatalf("SMSReplies: %v", err)
			}
			if got := repliesBrief(st); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("\n got  %q\n want %q", got, tc.want)
			}
		})
	}
}

// The status document's Timezone is the zone of its recipients' local
// times.
func TestMessageStatusLocalTimesInTheDocumentZone(t *testing.T) {
	st, err := answering(t, `{"Result":"Success","MessageID":"m","Status":"Completed","Timezone":"New Zealand",
	  "Created":"2024-06-13T08:44:16","TotalRecords":1,"PageCount":1,"Page":1,
	  "Recipients":[{"Destination":"+6421000001","Status":"Success","SentDate":"2024-06-13T08:44:30"}]}`).MessageStatus(context.Background(), "m")
	if err != nil {
		t.Fatal(err)
	}
	// 08:44 in New Zealand in June (UTC+12) is 20:44 UTC the day before.
	if want := time.Date(2024, 6, 12, 20, 44, 16, 0, time.UTC); !st.Created.Equal(want) {
		t.Errorf("Created = %v, want %v", st.Created, want)
	}
	if want := time.Date(2024, 6, 12, 20, 44, 30, 0, time.UTC); !st.Recipients[0].SentTime.Equal(want) {
		t.Errorf("SentTime = %v, want %v", st.Recipients[0].SentTime, want)
	}
}

// A status in the v2.03 reference's layout has the counts and no
// recipients: it is a status, not an unknown answer.
func TestMessageStatusWithoutRecipients(t *testing.T) {
	st, err := answering(t, `{"Result":"Success","MessageID":"m","Status":"Completed","JobNum":"10AB20CE","Account":"102030",
	  "Count":5,"Complete":5,"Success":4,"Failed":1}`).MessageStatus(context.Background(), "m")
	if err != nil {
		t.Fatal(err)
	}
	if st.Count != 5 || st.Failed != 1 || len(st.Recipients) != 0 {
		t.Errorf("status = %+v", st)
	}
}

// An answer with none of the members that hold the list is an error that
// names the members it had, never an empty list.
func TestUnknownListShapeIsAnError(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		body string
		call func(c *Client) error
		want []string
	}{
		{"received SMS under another key", `{"Result":"Success","Inbound":[{"From":"+61421000001"}],"PageCount":1}`,
			func(c *Client) error { _, err := c.ReceivedSMS(ctx, ReceivedQuery{}); return err },
			[]string{"get/sms/received", "none of the members that hold the list (Messages, ReceivedMessages)", "it has Inbound, PageCount, Result"}},
		{"replies in an unknown layout", `{"Result":"Success","MessageID":"m","Answers":[]}`,
			func(c *Client) error { _, err := c.SMSReplies(ctx, "m"); return err },
			[]string{"get/sms/reply/{id}", "(Recipients)", "it has Answers, MessageID, Result"}},
		{"status of something else", `{"Result":"Success","Data":{}}`,
			func(c *Client) error { _, err := c.MessageStatus(ctx, "m"); return err },
			[]string{"get/status/{id}", "it has Data, Result"}},
		{"contacts under another key", `{"Result":"Success","TotalRecords":2,"Items":[{},{}]}`,
			func(c *Client) error { _, err := c.ListContacts(ctx); return err },
			[]string{"addressbook/contact/list", "(Contacts)", "it has Items, Result, TotalRecords"}},
		{"groups without a list", `{"Result":"Success"}`,
			func(c *Client) error { _, err := c.ListGroups(ctx); return err },
			[]string{"addressbook/group/list", "(Groups)", "it has Result"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(answering(t, tc.body))
			if err == nil {
				t.Fatal("no error for an answer without the list")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

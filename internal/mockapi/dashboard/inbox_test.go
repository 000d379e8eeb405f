package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestInboxListsReceivedSMSAndOffersReplyTargets: newest first, replies
// linked to their message and named by contact, plain inbound SMS; the
// form offers the recent messages someone can reply to.
func TestInboxListsReceivedSMSAndOffersReplyTargets(t *testing.T) {
	r := roster(t, mockapi.Options{})
	e := r.env
	e.api("POST", "send/sms", `{"MessageData":{"MessageID":"shift-1","Reference":"weekend","Message":"On call?","Destinations":[{"GroupID":"`+r.ops+`"}]}}`)
	e.clock.Advance(time.Minute)
	for _, body := range []string{
		`{"from":"+61421000001","message":"yes","reply_to":"shift-1"}`,
		`{"from":"0499 000 111","message":"who is this?"}`,
	} {
		if status, raw := e.call("POST", "/_mock/inbound", body); status != 200 {
			t.Fatalf("inbound %s: %d %s", body, status, raw)
		}
		e.clock.Advance(time.Second)
	}
	pg := e.ok("/ui/inbox")
	rows := all(pg.doc, func(n *html.Node) bool { return n.Data == "tr" })
	var texts []string
	for _, row := range rows[1:] {
		texts = append(texts, textOf(row))
	}
	checkRows(t, "received", texts, []string{
		"2025-12-01 01:01:01 UTC +61499000111 who is this? inbound",
		"2025-12-01 01:01:00 UTC +61421000001 Ann Lee yes reply to shift-1",
	})
	links := all(rows[2], withAttr("href"))
	if href, _ := attr(links[0], "href"); href != "/ui/outbox/rest/"+e.mock.Messages()[0].JobNum {
		t.Errorf("the reply links to %q", href)
	}
	options := all(pg.doc, func(n *html.Node) bool { return n.Data == "option" })
	if len(options) != 1 || textOf(options[0]) != "shift-1 (weekend): +61421000001, +61421000002" {
		t.Errorf("reply targets: %d, %q", len(options), pg.rows("value"))
	}
	form := all(pg.doc, withAttr("data-inbound"))
	if len(form) != 1 || !strings.Contains(textOf(form[0]), "POST /_mock/inbound") {
		t.Errorf("inbound form: %v", pg.raw)
	}
}

package dashboard_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// liveToken asks the live endpoint as the script does.
func (e *env) liveToken(view string) string {
	e.t.Helper()
	pg := e.get("/ui/live?view=" + view)
	var body struct{ Token string }
	if err := json.Unmarshal([]byte(pg.raw), &body); pg.status != 200 || err != nil || body.Token == "" {
		e.t.Fatalf("live token: %d %v %s", pg.status, err, pg.raw)
	}
	if cc := pg.header.Get("Cache-Control"); cc != "no-store" {
		e.t.Errorf("live token Cache-Control %q", cc)
	}
	return body.Token
}

// TestLiveTokenFollowsChanges: the token stands still while nothing
// changes (the dashboard's own reads included), moves with a change to the
// store, the request log or the faults, and on the outbox also with the
// clock while a message is on its way; a page's live part carries the
// token it was rendered at.
func TestLiveTokenFollowsChanges(t *testing.T) {
	e := start(t, mockapi.Options{DeliveryDelay: 2 * time.Second})
	t0 := e.liveToken("outbox")
	e.ok("/")
	e.ok("/ui/requests")
	if t1 := e.liveToken("outbox"); t1 != t0 {
		t.Fatalf("the token moved without a change: %s → %s", t0, t1)
	}
	e.contact(`{"FirstName":"Ann","MobilePhone":"+61421000001"}`)
	t1 := e.liveToken("addressbook")
	if t1 == t0 {
		t.Fatalf("a new contact left the token at %s", t1)
	}
	e.mock.SetFaults(mockapi.Faults{Rate: 0.5})
	t2 := e.liveToken("addressbook")
	if t2 == t1 {
		t.Fatalf("a fault change left the token at %s", t2)
	}
	e.mock.SetFaults(mockapi.Faults{})

	// A message on its way: the outbox's token carries the clock; the
	// address book's does not.
	e.api("POST", "send/sms", `{"MessageData":{"Message":"Hi","Destinations":[{"Recipient":"+61421000001"}]}}`)
	busy := e.liveToken("outbox")
	if !strings.Contains(busy, ".") || strings.Contains(e.liveToken("addressbook"), ".") {
		t.Errorf("tokens while a message is pending: outbox %s, address book %s", busy, e.liveToken("addressbook"))
	}
	// The live part of the outbox shows it pending, with its token.
	part := e.ok("/", "X-Dashboard-Fragment: live")
	if strings.Contains(part.raw, "<html") || strings.Contains(part.raw, "<header class=\"top\"") {
		t.Errorf("the live part is a whole page:\n%s", part.raw)
	}
	if got := part.rows("data-status"); len(got) != 1 || got[0] != "pending" {
		t.Errorf("live part statuses %q", got)
	}
	if tok := part.header.Get("X-Dashboard-Generation"); tok == "" || !strings.Contains(part.header.Get("Vary"), "X-Dashboard-Fragment") {
		t.Errorf("live part headers %v", part.header)
	}
	// Delivered: the token moves, then stands still again.
	e.clock.Advance(3 * time.Second)
	done := e.liveToken("outbox")
	if done == busy || strings.Contains(done, ".") {
		t.Errorf("after delivery the outbox token is %s (was %s)", done, busy)
	}
	if again := e.liveToken("outbox"); again != done {
		t.Errorf("the token moved without a change: %s → %s", done, again)
	}
	if got := e.ok("/", "X-Dashboard-Fragment: live").rows("data-status"); len(got) != 1 || got[0] != "delivered" {
		t.Errorf("live part statuses after delivery %q", got)
	}
	// The page names the token and the view to the script.
	body := all(e.ok("/").doc, withAttr("data-live-token"))
	if len(body) != 1 {
		t.Fatal("the page carries no live token")
	}
	if v, _ := attr(body[0], "data-live-view"); v != "outbox" {
		t.Errorf("data-live-view %q", v)
	}
}

package mockapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestActionsAbortRescheduleResubmit(t *testing.T) {
	h := newHarness(t, mockapi.Options{DeliveryDelay: time.Minute})
	const dests = `"Destinations":[{"Recipient":"+61421000001"},{"Recipient":"+61421000000"}]`
	h.send(`{"MessageID":"d1","Message":"hi","SendTime":"2025-12-01 13:00",` + dests + `}`) // an hour after t0

	// Reschedule: SendTime required and parsed; past times send now.
	h.failID(http.StatusBadRequest, "Missing SendTime", "d1", "PATCH", "/api/v2.04/set/reschedule/d1", `{}`)
	h.failID(http.StatusBadRequest, `Invalid SendTime "soon"`, "d1", "PATCH", "/api/v2.04/set/reschedule/d1", `{"SendTime":"soon"}`)
	b := h.ok("PATCH", "/api/v2.04/set/reschedule/d1", `{"SendTime":"2025-12-01T14:00:00","HTTPMethod":"PATCH"}`)
	equal(t, "reschedule answer", b, map[string]any{"Result": "Success", "MessageID": "d1", "Status": "Delayed", "JobNum": b["JobNum"], "Action": "Reschedule"})
	m, _ := h.srv.Message("d1")
	equal(t, "rescheduled", []any{m.Status, m.SendAt, m.SendTime}, []any{"Delayed", t0.Add(2 * time.Hour), "2025-12-01T14:00:00"})
	equal(t, "status DelayedTimeLocal", h.status("d1")["DelayedTimeLocal"], "2025-12-01 14:00:00")

	// Abort (PY24 sends {}).
	b = h.ok("PATCH", "/api/v2.04/set/abort/d1", `{}`)
	equal(t, "abort answer", []any{b["Status"], b["Action"], b["MessageID"]}, []any{"Delayed", "Abort", "d1"})
	doc := h.status("d1")
	equal(t, "aborted status", doc["Status"], "Deleted")
	for _, r := range recipients(t, doc) {
		equal(t, "aborted recipient", []any{r["Status"], r["Result"], r["Price"], r["SentTimeUTC"]}, []any{"Failed", "Aborted", 0.0, ""})
	}
	equal(t, "aborted counts", []any{doc["Complete"], doc["Failed"]}, []any{2.0, 2.0})
	h.failID(http.StatusBadRequest, "Message is not Delayed (status: Deleted)", "d1", "PATCH", "/api/v2.04/set/abort/d1", "")
	h.clock.Advance(3 * time.Hour)
	equal(t, "aborted stays aborted", h.status("d1")["Status"], "Deleted")

	// Resubmit revives an aborted message: every aborted recipient is re-queued.
	b = h.ok("PATCH", "/api/v2.04/set/resubmit/d1", "")
	equal(t, "resubmit answer", []any{b["Status"], b["Action"]}, []any{"Deleted", "Resubmit"})
	equal(t, "resubmitted", h.status("d1")["Status"], "Pending")
	h.clock.Advance(time.Minute)
	doc = h.status("d1")
	equal(t, "after resubmit", []any{doc["Status"], doc["Success"], doc["Failed"]}, []any{"Completed", 1.0, 1.0})

	// Abort and reschedule refused on a Completed job (naming the status).
	h.failID(http.StatusBadRequest, "Message is not Delayed (status: Completed)", "d1", "PATCH", "/api/v2.04/set/abort/d1", "")
	h.failID(http.StatusBadRequest, "Message is not Delayed (status: Completed)", "d1", "PATCH", "/api/v2.04/set/reschedule/d1", `{"SendTime":"2030-01-01 10:00"}`)

	// Resubmit of the failed recipient (ending 0000) only, at a later time
	// given PY24-style; the invalid number fails again.
	b = h.ok("PATCH", "/api/v2.03/set/resubmit/d1", `{"SendTime":"2025-12-01T20:00:00"}`)
	equal(t, "resubmit status before", b["Status"], "Completed")
	doc = h.status("d1")
	rs := recipients(t, doc)
	equal(t, "resubmitted job", []any{doc["Status"], rs[0]["Status"], rs[1]["Status"], rs[1]["Result"]}, []any{"Delayed", "Success", "Pending", "Pending"})
	h.failID(http.StatusBadRequest, "Message has not completed yet (status: Delayed)", "d1", "PATCH", "/api/v2.04/set/resubmit/d1", "")
	h.clock.Advance(5 * time.Hour) // past 20:00 Sydney + 1 minute
	doc = h.status("d1")
	rs = recipients(t, doc)
	equal(t, "resubmitted recipient failed again", []any{doc["Status"], rs[1]["Status"], rs[1]["Result"], rs[1]["SentTimeLocal"]},
		[]any{"Completed", "Failed", "Invalid number", "2025-12-01 20:01:00"})

	// A message without failures cannot be resubmitted; nor can a pending one.
	h.send(`{"MessageID":"ok1","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	h.failID(http.StatusBadRequest, "Message has not completed yet (status: Pending)", "ok1", "PATCH", "/api/v2.04/set/resubmit/ok1", `{"HTTPMethod":"PATCH"}`)
	h.clock.Advance(time.Minute)
	h.failID(http.StatusBadRequest, "Message has no Failed recipients to resubmit (status: Completed)", "ok1", "PATCH", "/api/v2.04/set/resubmit/ok1", "")

	// Reschedule into the past sends now.
	h.send(`{"MessageID":"d2","Message":"hi","SendTime":"2030-01-01 10:00","Destinations":[{"Recipient":"+61421000001"}]}`)
	h.ok("PATCH", "/api/v2.04/set/reschedule/d2", `{"SendTime":"2020-01-01 10:00"}`)
	equal(t, "rescheduled into the past", h.status("d2")["Status"], "Pending")

	// Unknown ids.
	for _, a := range []string{"resubmit", "reschedule", "abort"} {
		r := h.failID(http.StatusNotFound, mockapi.ErrMessageNotFound, "nope", "PATCH", "/api/v2.04/set/"+a+"/nope", `{"SendTime":"2030-01-01 10:00"}`)
		equal(t, a+" unknown id", r.body["ErrorMessage"], []any{"Message(s) NOT found"})
	}
	h.fail(http.StatusMethodNotAllowed, "not allowed", "POST", "/api/v2.04/set/abort/d2", `{}`)
}

func TestReusedMessageIDActsOnMostRecent(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	h.send(`{"MessageID":"dup","Message":"first","Destinations":[{"Recipient":"+61421000001"}]}`)
	h.send(`{"MessageID":"DUP","Message":"second","SendTime":"2030-01-01 10:00","Destinations":[{"Recipient":"+61421000002"},{"Recipient":"+61421000003"}]}`)
	doc := h.status("dup")
	equal(t, "status of the most recent", []any{doc["MessageID"], doc["Status"], doc["Count"]}, []any{"DUP", "Delayed", 2.0})
	equal(t, "MessageText", recipients(t, doc)[0]["MessageText"], "second")
	h.ok("PATCH", "/api/v2.04/set/abort/dup", "")
	ms := h.srv.Messages()
	equal(t, "both kept, in order", []string{ms[0].Status, ms[1].Status}, []string{"Completed", "Deleted"})
	m, _ := h.srv.Message("dup")
	equal(t, "Message() is the most recent", m.Text, "second")
	// A third one with the same id is again the target.
	h.send(`{"MessageID":"dup","Message":"third","SendTime":"2030-01-01 10:00","Destinations":[{"Recipient":"+61421000004"}]}`)
	b := h.ok("PATCH", "/api/v2.04/set/abort/dup", "")
	equal(t, "abort of the third", b["Status"], "Delayed")
	equal(t, "JobNums differ", len(map[string]bool{h.srv.Messages()[0].JobNum: true, h.srv.Messages()[1].JobNum: true, h.srv.Messages()[2].JobNum: true}), 3)
}

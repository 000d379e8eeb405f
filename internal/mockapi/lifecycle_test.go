package mockapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestTestModeCompletesAtOnce(t *testing.T) {
	h := newHarness(t, mockapi.Options{DeliveryDelay: time.Hour})
	id := h.send(`{"Mode":"Test","SendTime":"2030-01-01 10:00","Message":"hi",
		"Destinations":[{"Recipient":"+61421000001"},{"Recipient":"+61421000000"},{"Recipient":"bogus"}]}`)
	doc := h.status(id)
	equal(t, "status", doc["Status"], "Completed")
	equal(t, "counts", []any{doc["Count"], doc["Complete"], doc["Success"], doc["Failed"], doc["Price"]}, []any{3.0, 3.0, 3.0, 0.0, 0.0})
	for _, r := range recipients(t, doc) {
		equal(t, "recipient", []any{r["Status"], r["Result"], r["Price"], r["SentTimeUTC"]},
			[]any{"Success", "Test mode - not sent", 0.0, "2025-12-01 01:00:00"})
	}
	equal(t, "Delayed = Created for an undelayed message", doc["DelayedTimeUTC"], doc["CreatedTimeUTC"])
}

func TestLifecycleDelayedPendingCompleted(t *testing.T) {
	h := newHarness(t, mockapi.Options{DeliveryDelay: time.Minute})
	long := strings.Repeat("x", 170) // two GSM-7 parts
	// 15:30 in New Zealand (NZDT, +13) is 02:30 UTC, 90 minutes after t0.
	id := h.send(`{"MessageID":"later","Message":"` + long + `","SendTime":"2025-12-01 15:30","TimeZone":"New Zealand",
		"Destinations":[{"Recipient":"+61421000001"},{"Recipient":"+61421000000"},{"Recipient":"0421000001"},{"Recipient":"+61 421 000 002"}]}`)
	doc := h.status(id)
	equal(t, "status", doc["Status"], "Delayed")
	equal(t, "delayed stamps", []any{doc["Delayed"], doc["DelayedUTC"], doc["DelayedTimeLocal"], doc["DelayedTimeUTC"], doc["DelayedTimeUTC_RFC3339"]},
		[]any{"2025-12-01T13:30:00", "2025-12-01T02:30:00", "2025-12-01 13:30:00", "2025-12-01 02:30:00", "2025-12-01T02:30:00.000Z"})
	equal(t, "created stamps", []any{doc["Created"], doc["CreatedUTC"], doc["CreatedTimeLocal"], doc["CreatedTimeUTC"], doc["CreatedTimeUTC_RFC3339"]},
		[]any{"2025-12-01T12:00:00", "2025-12-01T01:00:00", "2025-12-01 12:00:00", "2025-12-01 01:00:00", "2025-12-01T01:00:00.000Z"})
	equal(t, "Timezone", doc["Timezone"], "AUS Eastern")
	for _, r := range recipients(t, doc) {
		equal(t, "delayed recipient", []any{r["Status"], r["Result"], r["SentTimeUTC"], r["SentDate"]}, []any{"Pending", "Pending", "", ""})
	}
	m, _ := h.srv.Message(id)
	equal(t, "SendAt", m.SendAt, t0.Add(90*time.Minute))

	h.clock.Advance(90*time.Minute - time.Second)
	equal(t, "a second before SendTime", h.status(id)["Status"], "Delayed")
	h.clock.Advance(time.Second)
	equal(t, "at SendTime", h.status(id)["Status"], "Pending")
	h.clock.Advance(time.Minute - time.Second)
	equal(t, "just before the delivery delay", h.status(id)["Status"], "Pending")
	h.clock.Advance(time.Second)
	doc = h.status(id)
	equal(t, "completed", doc["Status"], "Completed")
	equal(t, "counts", []any{doc["Count"], doc["Complete"], doc["Success"], doc["Failed"], doc["Price"]}, []any{4.0, 4.0, 2.0, 2.0, 0.4})
	type row struct {
		status, result string
		price, parts   float64
		sent, sentDate string
	}
	var got []row
	for _, r := range recipients(t, doc) {
		price, _ := r["Price"].(float64)
		parts, _ := r["SMSParts"].(float64)
		got = append(got, row{str(t, r, "Status"), str(t, r, "Result"), price, parts, str(t, r, "SentTimeLocal"), str(t, r, "SentDateUTC")})
	}
	equal(t, "recipients", got, []row{
		{"Success", "delivered", 0.2, 2, "2025-12-01 13:31:00", "2025-12-01T02:31:00"},
		{"Failed", "Invalid number", 0, 2, "2025-12-01 13:31:00", "2025-12-01T02:31:00"},
		{"Failed", "Invalid number", 0, 2, "2025-12-01 13:31:00", "2025-12-01T02:31:00"},
		{"Success", "delivered", 0.2, 2, "2025-12-01 13:31:00", "2025-12-01T02:31:00"},
	})
	m, _ = h.srv.Message(id)
	equal(t, "Go API status", m.Status, "Completed")
	equal(t, "Go API SentTime", m.Recipients[0].SentTime, t0.Add(91*time.Minute))
	equal(t, "Go API parts and price", []any{m.Recipients[0].Parts, m.Recipients[0].Price}, []any{2, 0.2})

	// Undelayed, DeliveryDelay 0 in another server: completed at once; a
	// UCS-2 text counts UCS-2 parts.
	h0 := newHarness(t, mockapi.Options{})
	id = h0.send(`{"Message":"` + strings.Repeat("é€😀", 30) + `","Destinations":[{"Recipient":"+61421000001"}]}`)
	doc = h0.status(id)
	equal(t, "delay 0", []any{doc["Status"], recipients(t, doc)[0]["SMSParts"], doc["Price"]}, []any{"Completed", 2.0, 0.2})
}

func TestSendTimeLayoutsAndZones(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	// t0 is 2025-12-01 01:00 UTC. Each SendTime means 03:00 UTC.
	for _, c := range []struct{ sendTime, zone string }{
		{"2025-12-01T14:00", ""}, // AEDT +11
		{"2025-12-01 14:00", "AUS Eastern"},
		{"2025-12-01 14:00:00", "AUS Eastern Standard Time"},
		{"2025-12-01T14:00:00.000", "Australia/Sydney"},
		{"2025-12-01 16:00", "New Zealand"},
		{"2025-12-01 13:00", "E. Australia"},    // AEST +10, no DST
		{"2025-12-01 11:00", "W. Australia"},    // AWST +8
		{"2025-12-01T13:30", "Cen. Australia"},  // ACDT +10:30
		{"2025-12-01 14:00", "Central Pacific"}, // +11
		{"2025-12-01T03:00:00Z", "New Zealand"}, // an offset wins over TimeZone
		{"2025-12-01T05:00:00+02:00", ""},       // RFC 3339 with offset
		{"2025-12-01T03:00:00.000Z", ""},        // NJ24's toISOString
		{"2025-12-01 03:00", "UTC"},             // IANA
		{"2025-12-01 14:00", "aus eastern"},     // any case
	} {
		id := h.send(fmt.Sprintf(`{"Message":"hi","SendTime":%q,"TimeZone":%q,"Destinations":[{"Recipient":"+61421000001"}]}`, c.sendTime, c.zone))
		m, _ := h.srv.Message(id)
		if !m.SendAt.Equal(time.Date(2025, 12, 1, 3, 0, 0, 0, time.UTC)) || m.Status != "Delayed" {
			t.Errorf("SendTime %q in %q: SendAt %v, status %s", c.sendTime, c.zone, m.SendAt, m.Status)
		}
	}
}

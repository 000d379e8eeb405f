package mockapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestStatusDocumentAndPaging(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	var dests []string
	for i := 1; i <= 7; i++ {
		dests = append(dests, fmt.Sprintf(`{"Recipient":"+6142100000%d"}`, i))
	}
	id := h.send(`{"Message":"hi","Reference":"ref-1","SubAccount":"SA","Department":"D","Destinations":[` + strings.Join(dests, ",") + `]}`)
	doc := h.status(id)
	equal(t, "status members", sortedKeys(doc), []string{
		"Account", "Complete", "Count", "Created", "CreatedTimeLocal", "CreatedTimeUTC", "CreatedTimeUTC_RFC3339", "CreatedUTC",
		"Delayed", "DelayedTimeLocal", "DelayedTimeUTC", "DelayedTimeUTC_RFC3339", "DelayedUTC", "Department", "Failed",
		"JobNum", "MessageID", "Page", "PageCount", "Price", "Recipients", "RecordsPerPage", "Reference", "Result",
		"Status", "SubAccount", "Success", "Timezone", "TotalRecords"})
	m, _ := h.srv.Message(id)
	equal(t, "top level", []any{doc["MessageID"], doc["JobNum"], doc["Account"], doc["SubAccount"], doc["Department"], doc["Reference"]},
		[]any{id, m.JobNum, "100001", "SA", "D", "ref-1"})
	equal(t, "default paging", paging4(doc), [4]int{7, 100, 1, 1})
	r0 := recipients(t, doc)[0]
	equal(t, "recipient members", sortedKeys(r0), []string{
		"Attention", "Company", "ContactID", "Custom1", "Custom2", "Custom3", "Custom4", "Custom5", "Custom6", "Custom7", "Custom8", "Custom9",
		"DestSeq", "Destination", "GroupID", "MessageText", "Price", "RemoteID", "Result", "SMSParts",
		"SentDate", "SentDateUTC", "SentTimeLocal", "SentTimeUTC", "SentTimeUTC_RFC3339", "Status", "Type"})
	equal(t, "recipient values", []any{r0["Type"], r0["DestSeq"], r0["Destination"], r0["RemoteID"], r0["SentTimeUTC_RFC3339"], r0["Price"]},
		[]any{"Text", "00000001", "+61421000001", "", "2025-12-01T01:00:00.000Z", 0.1})

	// Three pages of three; NJ24's "/?" form; the totals cover every page.
	var seqs []string
	for page := 1; page <= 3; page++ {
		doc = h.ok("GET", fmt.Sprintf("/api/v2.04/get/status/%s/?recordsPerPage=3&page=%d", id, page), `{"HTTPMethod":"GET"}`)
		equal(t, fmt.Sprintf("page %d paging", page), paging4(doc), [4]int{7, 3, 3, page})
		equal(t, "Count on every page", []any{doc["Count"], doc["Success"], doc["Price"]}, []any{7.0, 7.0, 0.7})
		seqs = append(seqs, pluck(recipients(t, doc), "DestSeq")...)
	}
	equal(t, "DestSeqs over the pages", seqs, []string{"00000001", "00000002", "00000003", "00000004", "00000005", "00000006", "00000007"})
	doc = h.status(id, "RecordsPerPage=3&Page=4")
	equal(t, "past the end", len(recipients(t, doc)), 0)
	h.failID(http.StatusBadRequest, "page must be a positive integer", id, "GET", "/api/v2.04/get/status/"+id+"?page=0", "")

	// Unknown ids: 404 with the id echoed, on both versions and both reports.
	for _, p := range []string{"/api/v2.04/get/status/nope", "/api/v2.03/get/status/nope/", "/api/v2.04/get/sms/reply/nope"} {
		r := h.failID(http.StatusNotFound, mockapi.ErrMessageNotFound, "nope", "GET", p, "")
		equal(t, "ErrorMessage", r.body["ErrorMessage"], []any{"Message(s) NOT found"})
	}
}

func TestReceivedWindows(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	// One SMS every 10 minutes from t0-100m to t0-10m (Sydney 10:20 … 11:50).
	h.clock.Advance(-100 * time.Minute)
	for i := range 10 {
		if _, err := h.srv.Inbound("+6142100010"+fmt.Sprint(i), fmt.Sprintf("sms %d", i), ""); err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(10 * time.Minute)
	}
	texts := func(query string) []string {
		t.Helper()
		return pluck(arr(t, h.ok("GET", "/api/v2.04/get/sms/received"+query, ""), "Messages"), "MessageText")
	}
	equal(t, "default 1440 minutes", len(texts("")), 10)
	equal(t, "timePeriod=30", texts("?timePeriod=30"), []string{"sms 7", "sms 8", "sms 9"})
	equal(t, "TimePeriod (any case)", texts("?TimePeriod=20"), []string{"sms 8", "sms 9"})
	// dateFrom/dateTo in the account zone, inclusive; they win over timePeriod.
	equal(t, "dateFrom/dateTo", texts("?dateFrom=2025-12-01T10:40:00&dateTo=2025-12-01T11:00:00"), []string{"sms 2", "sms 3", "sms 4"})
	equal(t, "D003 spaced layout", texts("?dateFrom=2025-12-01%2010:40:00&dateTo=2025-12-01%2011:00:00&timePeriod=10"), []string{"sms 2", "sms 3", "sms 4"})
	equal(t, "dateFrom only", texts("?dateFrom=2025-12-01T11:40"), []string{"sms 8", "sms 9"})
	equal(t, "bare dateTo is the whole day", len(texts("?dateFrom=2025-12-01&dateTo=2025-12-01")), 10)
	equal(t, "previous day", len(texts("?dateTo=2025-11-30")), 0)
	equal(t, "RFC 3339 bounds", texts("?dateFrom=2025-11-30T23:40:00Z&dateTo=2025-11-30T23:50:00Z"), []string{"sms 2", "sms 3"})

	// Paging, oldest first.
	list := h.ok("GET", "/api/v2.04/get/sms/received?timePeriod=1440&recordsPerPage=4&page=3", "")
	equal(t, "paging", paging4(list), [4]int{10, 4, 3, 3})
	equal(t, "last page", pluck(arr(t, list, "Messages"), "MessageText"), []string{"sms 8", "sms 9"})
	list = h.ok("GET", "/api/v2.04/get/sms/received?timePeriod=1&page=1", "")
	equal(t, "empty window", []any{arr(t, list, "Messages"), paging4(list)}, []any{[]map[string]any{}, [4]int{0, 100, 0, 1}})

	h.fail(http.StatusBadRequest, "timePeriod must be a positive number", "GET", "/api/v2.04/get/sms/received?timePeriod=abc", "")
	h.fail(http.StatusBadRequest, `Invalid dateFrom "yesterday"`, "GET", "/api/v2.04/get/sms/received?dateFrom=yesterday", "")
	h.fail(http.StatusBadRequest, "dateTo must not be before dateFrom", "GET", "/api/v2.04/get/sms/received?dateFrom=2025-12-02&dateTo=2025-12-01", "")
}

// With StatusDelay a new message answers "Message(s) NOT found" to status
// and reply polls until the delay has passed, as the real API can right
// after a submit.
func TestStatusDelay(t *testing.T) {
	h := newHarness(t, mockapi.Options{StatusDelay: 10 * time.Second})
	h.send(`{"MessageID":"late-1","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	for _, p := range []string{"/api/v2.04/get/status/late-1", "/api/v2.04/get/sms/reply/late-1"} {
		h.failID(http.StatusNotFound, mockapi.ErrMessageNotFound, "late-1", "GET", p, "")
	}
	h.clock.Advance(9 * time.Second)
	h.failID(http.StatusNotFound, mockapi.ErrMessageNotFound, "late-1", "GET", "/api/v2.04/get/status/late-1", "")
	h.clock.Advance(time.Second)
	equal(t, "status after the delay", h.status("late-1")["MessageID"], "late-1")
	h.ok("GET", "/api/v2.04/get/sms/reply/late-1", "")
	if _, err := mockapi.New(mockapi.Options{StatusDelay: -time.Second}); err == nil {
		t.Error("a negative status delay was accepted")
	}
}

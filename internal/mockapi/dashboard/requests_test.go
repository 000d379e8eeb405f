package dashboard_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestRequestsPageShowsCallsAndFaults: the last calls newest first with
// method, path, API, status, latency and the fault applied; the fault
// rules in force; the dashboard's own requests left out.
func TestRequestsPageShowsCallsAndFaults(t *testing.T) {
	e := start(t, mockapi.Options{})
	if pg := e.get("/not-a-page"); pg.status != 404 {
		t.Fatalf("GET /not-a-page: %d", pg.status)
	}
	empty := e.ok("/ui/requests")
	empty.contains(t, "before any fault", "None in force")

	e.call("POST", "/_mock/faults", `{"rate":1,"statuses":[503],"path_contains":"group","seed":7,`+
		`"network":[{"mode":"reset-before","path":"contact/list","count":1}]}`)
	e.call("GET", "/api/v2.04/addressbook/group/list", "")
	e.call("GET", "/api_v1?sub_account=001_mysub1&sub_account_pass=x&action=account_info", "")
	e.ok("/ui/addressbook")
	e.get("/ui/live?view=requests")

	pg := e.ok("/ui/requests")
	pg.contains(t, "faults", "rate 1 of requests fail with 503 (seed 7)", `only paths containing "group"`,
		"network: reset-before,path=contact/list,count=1 (hit 0 times)")
	var lines []string
	for _, tr := range all(pg.doc, func(n *html.Node) bool { return n.Data == "tr" })[1:] {
		lines = append(lines, textOf(tr))
	}
	checkRows(t, "requests", lines, []string{
		"2025-12-01 01:00:00 UTC GET /api_v1?action=account_info&sub_account=001_mysub1&sub_account_pass=*** gateway api_v1 200",
		"2025-12-01 01:00:00 UTC GET /api/v2.04/addressbook/group/list REST v2.04 503",
		"2025-12-01 01:00:00 UTC POST /_mock/faults admin 200",
		"2025-12-01 01:00:00 UTC GET /not-a-page 404",
	})
	if len(lines) == 4 && !strings.HasSuffix(lines[1], "ms 503 before change") {
		t.Errorf("the faulted request does not say its fault: %q", lines[1])
	}
}

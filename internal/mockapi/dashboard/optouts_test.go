package dashboard_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/dashboard"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// optOutStore is a mock whose store has opt-outs.
type optOutStore struct {
	*mockapi.Server
	list []mockapi.OptOut
}

func (s optOutStore) OptOuts() []mockapi.OptOut { return s.list }

// TestOptOutsPage: the menu offers the page once the store has an opt-out;
// the page lists each with its destination or contact, type, scope and
// messages, escaped; without opt-outs it says so.
func TestOptOutsPage(t *testing.T) {
	e := start(t, mockapi.Options{})
	if menu := e.ok("/"); strings.Contains(menu.text(), "Opt-outs") {
		t.Error("the menu offers Opt-outs while there are none")
	}
	e.ok("/ui/optouts").contains(t, "empty opt-outs", "Opt-outs", "No opt-outs.")

	ann := e.contact(`{"FirstName":"Ann","MobilePhone":"+61421000001"}`)
	src := optOutStore{Server: e.mock.Server, list: []mockapi.OptOut{
		{ID: "o-1", DestType: "SMS", Destination: "+61421000009", StopMessage: "STOP " + hostile, Created: mocktest.T0},
		{ID: "o-2", DestType: "SMS", ContactID: ann, SubAccount: "Sales", Department: "North", Notes: "asked by phone",
			Created: mocktest.T0.Add(time.Hour)},
	}}
	ts := mocktest.Serve(t, dashboard.New(src))
	resp, err := http.Get(ts.URL + "/ui/optouts")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	doc, err := html.Parse(strings.NewReader(string(raw)))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("opt-outs page: %d %v", resp.StatusCode, err)
	}
	pg := page{status: resp.StatusCode, raw: string(raw), doc: doc}
	checkOnlyOwnMarkup(t, "/ui/optouts", pg)
	var lines []string
	for _, tr := range all(doc, func(n *html.Node) bool { return n.Data == "tr" })[1:] {
		lines = append(lines, textOf(tr))
	}
	checkRows(t, "opt-outs", lines, []string{
		"+61421000009 SMS all STOP " + `<script>alert("xss")</script>`,
		"contact Ann " + ann + " SMS Sales / North asked by phone",
	})
	if links := all(doc, withAttr("href", "/ui/optouts")); len(links) != 1 {
		t.Errorf("the menu has %d links to the opt-outs", len(links))
	}
}

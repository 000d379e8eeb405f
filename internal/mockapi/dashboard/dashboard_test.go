package dashboard_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/dashboard"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

const token = "dash-T0ken-4821"

// env is a mock with the dashboard on httptest, a clock standing at
// mocktest.T0 and a client for the REST API, the gateway and the pages.
type env struct {
	t     *testing.T
	mock  *mocktest.Server
	clock *mocktest.Clock
}

func start(t *testing.T, opts mockapi.Options) *env {
	t.Helper()
	clock := mocktest.NewClock(mocktest.T0)
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	opts.Tokens = []string{token}
	opts.Dashboard = dashboard.Handler
	return &env{t: t, mock: mocktest.Start(t, opts), clock: clock}
}

// call sends a request with the token and a JSON content type (headers,
// "Name: value", override them) and answers the status and body.
func (e *env) call(method, p, body string, headers ...string) (int, string) {
	e.t.Helper()
	resp, data := e.send(method, p, body, append([]string{"Authorization: Basic " + token, "Content-Type: application/json"}, headers...)...)
	return resp.StatusCode, data
}

// send sends a request with the headers ("Name: value") and answers the
// response and its body.
func (e *env) send(method, p, body string, headers ...string) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.mock.URL+p, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

// api sends a REST request that must succeed and returns its answer.
func (e *env) api(method, p, body string) map[string]any {
	e.t.Helper()
	status, raw := e.call(method, "/api/v2.04/"+p, body)
	var out map[string]any
	if err := json.Unmarshal([]byte(raw), &out); status != 200 || err != nil {
		e.t.Fatalf("%s %s: %d %s", method, p, status, raw)
	}
	return out
}

// contact creates a contact and returns its id.
func (e *env) contact(body string) string {
	e.t.Helper()
	c, _ := e.api("POST", "addressbook/contact", body)["Contact"].(map[string]any)
	id, _ := c["ContactID"].(string)
	return id
}

// group creates a group and returns its id.
func (e *env) group(body string) string {
	e.t.Helper()
	g, _ := e.api("POST", "addressbook/group", body)["Group"].(map[string]any)
	id, _ := g["GroupID"].(string)
	return id
}

// gateway calls api_v1 with the default credentials.
func (e *env) gateway(vals ...string) string {
	e.t.Helper()
	q := url.Values{"sub_account": {mockapi.DefaultGatewaySubAccount}, "sub_account_pass": {mockapi.DefaultGatewayPassword}}
	for i := 0; i+1 < len(vals); i += 2 {
		q.Set(vals[i], vals[i+1])
	}
	status, raw := e.call("GET", "/api_v1?"+q.Encode(), "")
	if status != 200 || strings.Contains(raw, `"error"`) {
		e.t.Fatalf("api_v1 %v: %d %s", vals, status, raw)
	}
	return raw
}

// page is a fetched dashboard page.
type page struct {
	status int
	header http.Header
	raw    string
	doc    *html.Node
}

// get fetches a page the way a browser on the same machine does: no token.
func (e *env) get(p string, headers ...string) page {
	e.t.Helper()
	resp, data := e.send("GET", p, "", headers...)
	pg := page{status: resp.StatusCode, header: resp.Header, raw: data}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		var err error
		if pg.doc, err = html.Parse(strings.NewReader(pg.raw)); err != nil {
			e.t.Fatalf("%s: %v", p, err)
		}
	}
	return pg
}

// ok fetches a page that must answer 200 with HTML.
func (e *env) ok(p string, headers ...string) page {
	e.t.Helper()
	pg := e.get(p, headers...)
	if pg.status != 200 || pg.doc == nil {
		e.t.Fatalf("GET %s: %d %s", p, pg.status, pg.raw)
	}
	return pg
}

// text is the text a person reads on the page (script and style left
// out), with white space runs folded to one space.
func (pg page) text() string { return textOf(pg.doc) }

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// all returns the elements for which match is true, in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// withAttr matches elements that have the attribute (with the value, when
// one is given).
func withAttr(key string, value ...string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		v, ok := attr(n, key)
		return ok && (len(value) == 0 || v == value[0])
	}
}

// rows returns the text of each element with the attribute, in order.
func (pg page) rows(key string) []string {
	var out []string
	for _, n := range all(pg.doc, withAttr(key)) {
		out = append(out, textOf(n))
	}
	return out
}

// contains fails the test unless the page's text has every want.
func (pg page) contains(t *testing.T, what string, want ...string) {
	t.Helper()
	text := pg.text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q; it reads:\n%s", what, w, text)
		}
	}
}

// pages are the dashboard's pages (the phone view is added by each test
// that has a message).
var pages = []string{"/", "/ui/addressbook", "/ui/inbox", "/ui/requests", "/ui/optouts"}

// hostile is a value that would run script if a page did not escape it.
const hostile = `<script>alert("xss")</script><img src=x onerror=alert(1)>"'&`

// TestEveryPageEscapesStoredValues: a value containing HTML in any field the
// pages show (names, numbers as sent, texts, references, group names,
// gateway contacts, received SMS, request paths) renders as text: the
// pages hold no element or attribute but the dashboard's own.
func TestEveryPageEscapesStoredValues(t *testing.T) {
	e := start(t, mockapi.Options{})
	c := e.contact(`{"FirstName":` + jsonString(hostile) + `,"Attention":` + jsonString(hostile) +
		`,"MobilePhone":"+61421000001","EmailAddress":` + jsonString(hostile) + `,"Position":` + jsonString(hostile) + `}`)
	g := e.group(`{"GroupName":` + jsonString("Team "+hostile) + `}`)
	e.api("POST", "addressbook/group/"+g+"/contact", `{"ContactID":"`+c+`"}`)
	e.api("POST", "send/sms", `{"MessageData":{"MessageID":"m-1","Message":`+jsonString("Hi [[First Name]] "+hostile)+
		`,"Reference":`+jsonString(hostile)+`,"FromNumber":`+jsonString(hostile)+`,"Destinations":[{"GroupID":"`+g+`"},`+
		`{"Recipient":`+jsonString("+61421000002 "+hostile)+`,"First Name":`+jsonString(hostile)+`}]}}`)
	e.gateway("action", "send_sms", "message", hostile, "recipients", "08086689567")
	e.gateway("action", "save_contacts", "contacts", `[{"phone":"08011112222","firstname":`+jsonString(hostile)+
		`,"group_name":`+jsonString(hostile)+`}]`)
	e.clock.Advance(time.Minute)
	if status, raw := e.call("POST", "/_mock/inbound", `{"from":"+61421000001","message":`+jsonString(hostile)+`}`); status != 200 {
		t.Fatalf("inbound: %d %s", status, raw)
	}
	e.call("GET", "/api/v2.04/addressbook/contact/"+url.PathEscape(hostile), "")

	job := e.mock.Messages()[0].JobNum
	batch := e.mock.GatewaySMS()[0].BatchID
	for _, p := range append(pages, "/ui/outbox/rest/"+job, "/ui/outbox/rest/"+job+"?to=00000002", "/ui/outbox/gateway/"+batch,
		"/ui/addressbook?q="+url.QueryEscape(hostile)) {
		for _, fragment := range []bool{false, true} {
			var pg page
			if fragment {
				pg = e.ok(p, "X-Dashboard-Fragment: live")
			} else {
				pg = e.ok(p)
			}
			checkOnlyOwnMarkup(t, p, pg)
			if p != "/ui/optouts" && p != "/ui/requests" && !strings.Contains(pg.text(), `<script>alert("xss")</script>`) {
				t.Errorf("%s (fragment %v) does not show the hostile value as text:\n%s", p, fragment, pg.text())
			}
		}
	}
	// The request path is shown as sent (escaped in the URI, as text).
	e.ok("/ui/requests").contains(t, "requests page", "/api/v2.04/addressbook/contact/%3Cscript%3E")
}

// checkOnlyOwnMarkup fails unless the page's elements are the dashboard's
// own: one script (its own file), no element that loads or runs anything
// (img, svg, iframe, object, embed, …), no event-handler or style
// attribute, no javascript: URL.
func checkOnlyOwnMarkup(t *testing.T, p string, pg page) {
	t.Helper()
	scripts := all(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Script })
	for _, s := range scripts {
		if src, _ := attr(s, "src"); src != "/ui/static/dashboard.js" || s.FirstChild != nil {
			t.Errorf("%s has a script that is not the dashboard's: %s", p, render(s))
		}
	}
	banned := []atom.Atom{atom.Img, atom.Svg, atom.Iframe, atom.Object, atom.Embed, atom.Frame, atom.Base, atom.Audio, atom.Video, atom.Math}
	for _, n := range all(pg.doc, func(n *html.Node) bool { return slices.Contains(banned, n.DataAtom) || n.Data == "svg" }) {
		t.Errorf("%s has an element it never renders: %s", p, render(n))
	}
	for _, n := range all(pg.doc, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" ||
				strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				t.Errorf("%s has a hostile attribute %s=%q on <%s>", p, a.Key, a.Val, n.Data)
			}
		}
	}
}

func render(n *html.Node) string {
	var b strings.Builder
	_ = html.Render(&b, n)
	return b.String()
}

func jsonString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

// TestNoSecretOnAnyPage: the REST token and the gateway password never
// show, though clients sent them in queries, paths, form bodies and legacy
// body credentials, and the pages list those requests.
func TestNoSecretOnAnyPage(t *testing.T) {
	const password = "gw-Pa55/w0rd+x"
	e := start(t, mockapi.Options{Gateway: mockapi.GatewayOptions{Password: password}})
	q := url.QueryEscape
	e.call("GET", "/api_v1?sub_account=001_mysub1&action=send_sms&message=Hi&recipients=08086689567&sub_account_pass="+q(password), "")
	e.call("GET", "/api_v1?sub_account=001_mysub1&action=account_info&sub%5Faccount%5Fpass="+q(password), "")
	e.call("POST", "/api_v1", "sub_account=001_mysub1&action=fetch_contacts&sub_account_pass="+q(password),
		"Content-Type: application/x-www-form-urlencoded")
	e.call("GET", "/api/v2.04/addressbook/contact/list?token="+token+"&apikey="+q(token), "")
	e.call("GET", "/api/v2.04/addressbook/contact/"+token, "")
	e.call("POST", "/api/v2.04/send/sms", `{"Sender":"me@example.com","APIKey":"`+token+`","MessageData":{"Message":"Hi",`+
		`"Destinations":[{"Recipient":"+61421000001"}]}}`, "Authorization: ")
	if len(e.mock.Messages()) != 1 || len(e.mock.GatewaySMS()) != 1 {
		t.Fatalf("the sends did not happen: %d REST, %d gateway", len(e.mock.Messages()), len(e.mock.GatewaySMS()))
	}
	secrets := []string{token, password, q(password), url.PathEscape(password), html.EscapeString(password), q(q(password))}
	check := func(what, body string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s shows the secret %q", what, s)
			}
		}
	}
	for _, p := range append(pages, "/ui/outbox/rest/"+e.mock.Messages()[0].JobNum, "/ui/live?view=requests") {
		check(p, e.get(p).raw)
		check(p+" (live part)", e.get(p, "X-Dashboard-Fragment: live").raw)
	}
	e.ok("/ui/requests").contains(t, "requests page", "sub_account_pass=***", "sub%5Faccount%5Fpass=***",
		"token=***&apikey=***", "/api/v2.04/addressbook/contact/***", "POST /api/v2.04/send/sms", "POST /api_v1")
}

// urlAttrs are the attributes that make a browser fetch or go somewhere.
var urlAttrs = []string{"href", "src", "action", "formaction", "data", "poster", "srcset", "cite", "background", "manifest", "ping"}

// externalURL finds an absolute or protocol-relative URL in a text.
var externalURL = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.\-\[\]:]+`)

// TestNoExternalURL: every embedded asset and every page, rendered over a
// full store, names no URL outside the mock: every URL attribute is a
// same-origin path, a fragment or data:, and no text holds http:// or
// https:// or a protocol-relative //host. The Content-Security-Policy tells
// the browser to refuse anything else.
func TestNoExternalURL(t *testing.T) {
	e := start(t, mockapi.Options{})
	c := e.contact(`{"FirstName":"Ann","MobilePhone":"+61421000001"}`)
	g := e.group(`{"GroupName":"Ops"}`)
	e.api("POST", "addressbook/group/"+g+"/contact", `{"ContactID":"`+c+`"}`)
	e.api("POST", "send/sms", `{"MessageData":{"Message":"Hi","Destinations":[{"GroupID":"`+g+`"}]}}`)
	e.gateway("action", "send_sms", "message", "Hi", "recipients", "08086689567")
	e.call("POST", "/_mock/faults", `{"network":[{"mode":"delay","delay":"1ms","path":"nothing"}]}`)

	entries, err := os.ReadDir("static")
	if err != nil || len(entries) < 2 {
		t.Fatalf("static/: %v %v", entries, err)
	}
	for _, ent := range entries {
		pg := e.get("/ui/static/" + ent.Name())
		if pg.status != 200 || len(pg.raw) < 100 {
			t.Fatalf("asset %s: %d %q", ent.Name(), pg.status, pg.raw)
		}
		if m := externalURL.FindString(pg.raw); m != "" {
			t.Errorf("asset %s names %q", ent.Name(), m)
		}
		for _, u := range regexp.MustCompile(`url\(\s*['"]?([^'")]*)`).FindAllStringSubmatch(pg.raw, -1) {
			if !sameOrigin(u[1]) {
				t.Errorf("asset %s loads %q", ent.Name(), u[1])
			}
		}
	}
	job := e.mock.Messages()[0].JobNum
	for _, p := range append(pages, "/ui/outbox/rest/"+job, "/ui/outbox/gateway/"+e.mock.GatewaySMS()[0].BatchID) {
		pg := e.ok(p)
		if m := externalURL.FindString(pg.raw); m != "" {
			t.Errorf("%s names %q", p, m)
		}
		for _, n := range all(pg.doc, func(*html.Node) bool { return true }) {
			for _, a := range n.Attr {
				if slices.Contains(urlAttrs, a.Key) && !sameOrigin(a.Val) {
					t.Errorf("%s: <%s %s=%q> leaves the mock", p, n.Data, a.Key, a.Val)
				}
			}
		}
		csp := pg.header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", p, csp, want)
			}
		}
		if strings.Contains(csp, "http") || strings.Contains(csp, "*") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: Content-Security-Policy %q allows more than the mock", p, csp)
		}
	}
}

// sameOrigin reports whether a URL attribute value stays on the mock: an
// absolute path (not //host), a query, a fragment or a data: URL.
func sameOrigin(v string) bool {
	v = strings.TrimSpace(v)
	switch {
	case strings.HasPrefix(v, "//"):
		return false
	case strings.HasPrefix(v, "/"), strings.HasPrefix(v, "?"), strings.HasPrefix(v, "#"), strings.HasPrefix(v, "data:"):
		return true
	}
	u, err := url.Parse(v)
	return err == nil && u.Scheme == "" && u.Host == "" && !strings.Contains(path.Clean(v), ":")
}

// TestPagesOnlyRead: the pages answer GET and HEAD only, no page has a
// form that posts by itself (the inbound forms have no action: the script
// sends them to the admin API as JSON), and unknown paths are 404.
func TestPagesOnlyRead(t *testing.T) {
	e := start(t, mockapi.Options{})
	for _, p := range pages {
		for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
			if status, raw := e.call(m, p, `{}`); status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d %s", m, p, status, raw)
			}
		}
		if status, _ := e.call("HEAD", p, ""); status != 200 {
			t.Errorf("HEAD %s: %d", p, status)
		}
		pg := e.ok(p)
		for _, f := range all(pg.doc, func(n *html.Node) bool { return n.DataAtom == atom.Form }) {
			method, _ := attr(f, "method")
			_, inbound := attr(f, "data-inbound")
			action, hasAction := attr(f, "action")
			switch {
			case strings.EqualFold(method, "post"):
				t.Errorf("%s has a form that posts: %s", p, render(f))
			case inbound && hasAction:
				t.Errorf("%s: the inbound form has an action %q", p, action)
			}
		}
	}
	inbox := e.ok("/ui/inbox")
	if forms := all(inbox.doc, withAttr("data-inbound")); len(forms) != 1 || !strings.Contains(textOf(forms[0]), "Changes the mock's state") {
		t.Errorf("the inbox has no inbound form marked as changing state: %s", inbox.raw)
	}
	for _, p := range []string{"/ui/nothing", "/ui/static/nothing.css", "/ui/outbox/rest/NOPE", "/ui/outbox/gateway/1_1_1", "/ui/outbox/other/x"} {
		if pg := e.get(p); pg.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, pg.status)
		}
	}
}

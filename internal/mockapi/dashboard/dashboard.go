// Package dashboard is the mock's web dashboard: server-rendered pages over
// read-only snapshots of the mock's store (package mockapi), a little
// vanilla JavaScript that keeps them live by polling, and nothing fetched
// from anywhere but the mock itself (internal/mockapi/README.md,
// Dashboard).
//
// mockapi does not import this package; a program mounts the dashboard
// with mockapi.Options{Dashboard: dashboard.Handler}, and mockapi answers
// "/" and "/ui/…" through it, behind the admin API's access rule.
//
// Every page is a GET that only reads. The one form that changes state,
// the Inbox's simulated inbound SMS, is sent by the page's script as JSON
// to the admin API (POST /_mock/inbound), so it gets the admin API's own
// protection.
package dashboard

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// Source is what the dashboard reads of the mock: snapshots, each a copy.
// *mockapi.Server is one.
type Source interface {
	Contacts() []mockapi.Contact
	Groups() []mockapi.Group
	Memberships() []mockapi.Membership
	Messages() []mockapi.Message
	ReceivedSMS() []mockapi.Received
	GatewaySMS() []mockapi.GatewaySMS
	GatewayContacts() []mockapi.GatewayContact
	GatewayAccount() mockapi.GatewayAccount
	OptOuts() []mockapi.OptOut
	Requests() []mockapi.RequestRecord
	Faults() mockapi.Faults
	// Generation grows whenever something above may have changed.
	Generation() uint64
}

// Handler is the dashboard of a mock, for mockapi.Options.Dashboard.
func Handler(s *mockapi.Server) http.Handler { return New(s) }

// Dashboard serves the pages. Create it with New.
type Dashboard struct {
	src   Source
	now   func() time.Time
	pages map[string]*template.Template
	mux   *http.ServeMux
	live  liveCache
}

// Paths of the pages and of the endpoints their script uses.
const (
	pathOutbox      = "/"
	pathMessage     = "/ui/outbox/"
	pathAddressBook = "/ui/addressbook"
	pathInbox       = "/ui/inbox"
	pathRequests    = "/ui/requests"
	pathOptOuts     = "/ui/optouts"
	pathLive        = "/ui/live"
	pathStatic      = "/ui/static/"
	// inboundEndpoint is the admin API route the Inbox form posts to.
	inboundEndpoint = "/_mock/inbound"
)

// fragmentHeader asks a page for its live part only: the script sends it
// when the generation changed, and swaps the answer in.
const fragmentHeader = "X-Dashboard-Fragment"

// generationHeader carries the live token a page or fragment was rendered
// at.
const generationHeader = "X-Dashboard-Generation"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// New returns the dashboard of src.
func New(src Source) *Dashboard {
	d := &Dashboard{src: src, now: time.Now, pages: map[string]*template.Template{}, mux: http.NewServeMux()}
	for _, name := range []string{"outbox", "message", "addressbook", "inbox", "requests", "optouts"} {
		d.pages[name] = template.Must(template.New("layout.html").Funcs(funcs).
			ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	d.mux.HandleFunc("GET /{$}", d.outbox)
	d.mux.HandleFunc("GET "+pathMessage+"{api}/{id}", d.message)
	d.mux.HandleFunc("GET "+pathAddressBook, d.addressBook)
	d.mux.HandleFunc("GET "+pathInbox, d.inbox)
	d.mux.HandleFunc("GET "+pathRequests, d.requests)
	d.mux.HandleFunc("GET "+pathOptOuts, d.optOuts)
	d.mux.HandleFunc("GET "+pathLive, d.liveToken)
	static, _ := fs.Sub(staticFS, "static")
	d.mux.Handle("GET "+pathStatic, http.StripPrefix(pathStatic, assetServer(static)))
	return d
}

// ServeHTTP answers GET and HEAD requests for the pages; anything else is
// 405, an unknown path 404.
func (d *Dashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed: the dashboard only reads", http.StatusMethodNotAllowed)
		return
	}
	d.mux.ServeHTTP(w, r)
}

// contentSecurityPolicy lets a page load only the dashboard's own script
// and style sheet and talk only to the mock: the browser itself refuses
// anything else, inline scripts included.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// page is what every page template gets.
type page struct {
	Title string
	// Nav is the current page's name, for the menu.
	Nav string
	// Live names the page to the live endpoint (liveToken).
	Live string
	// Token is the live token the page was rendered at.
	Token string
	// OptOuts is whether the store has opt-outs (the menu shows the page).
	OptOuts bool
	// Inbound is the admin route the inbound form posts to.
	Inbound string
	// PollMs is how often the script polls the live token.
	PollMs int
	// Data is the page's own view.
	Data any
}

// render writes a page, or only its live part when the script asks for it
// (fragmentHeader). The token must be taken before the snapshot the view
// was built from, so that a change during rendering shows as a newer one.
func (d *Dashboard) render(w http.ResponseWriter, r *http.Request, name string, p page) {
	var buf bytes.Buffer
	tmpl := d.pages[name]
	var err error
	if r.Header.Get(fragmentHeader) != "" {
		err = tmpl.ExecuteTemplate(&buf, "live", p)
	} else {
		p.Inbound = inboundEndpoint
		err = tmpl.Execute(&buf, p)
	}
	if err != nil {
		http.Error(w, "500 the page cannot be rendered: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set(generationHeader, p.Token)
	h.Add("Vary", fragmentHeader)
	_, _ = w.Write(buf.Bytes())
}

// newPage starts the page model of a view: its live token first.
func (d *Dashboard) newPage(title, nav, live string) page {
	return page{Title: title, Nav: nav, Live: live, Token: d.token(live), PollMs: int(pollInterval / time.Millisecond)}
}

// assetServer serves the embedded assets with a content hash as ETag, so
// that a browser revalidates them cheaply.
func assetServer(files fs.FS) http.Handler {
	var (
		once  sync.Once
		etags = map[string]string{}
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { etags = hashAssets(files) })
		name := strings.TrimPrefix(r.URL.Path, "/")
		etag, ok := etags[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		data, _ := fs.ReadFile(files, name)
		w.Header().Set("ETag", etag)
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	})
}

// Package mockapi is a fake BestSMS REST API (v2.03, v2.04 and v3.00, over
// one store) for local development, demos and tests.
//
// It is an http.Handler over an in-memory store that can be persisted to a
// JSON file. It is written from the wire notes
// (contributing/wire-protocol.md) independently of the Go client, and it
// tolerates the quirks of the vendor SDKs' traffic: case-insensitive paths,
// trailing slashes, bodies on GET and DELETE, unknown and null members.
// Every answer, errors included, is a JSON object.
//
// It covers the address book and messaging: send/sms, status, replies,
// received SMS, actions and webhooks, with a deterministic message
// lifecycle; v3.00 (v3*.go) adds the opt-out register, which blocks sends
// whatever their version. It also serves the legacy Best SMS Gateway
// api_v1 at /api_v1.
// README.md in this directory describes the behaviour in detail and says
// which file holds what.
//
// Besides the API under /api/{version}/ the server has an admin surface
// under /_mock/ (request statistics, fault injection, reset, state dump,
// the list of sent messages and simulated inbound SMS).
// Options.Dashboard mounts a web dashboard at / (package dashboard).
package mockapi

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Server.
type Options struct {
	// Tokens are the accepted auth tokens; empty means []string{"dev-token"}.
	Tokens []string
	// Latency is added before every /api/ response.
	Latency time.Duration
	// StatePath is an optional persistence file ("" = in-memory only).
	StatePath string
	// PageSize is the recordsPerPage used when a request gives none;
	// 0 means 100.
	PageSize int
	// Faults is the initial fault injection (zero = off).
	Faults Faults
	// Logger, when set, receives one record per request.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now. The message lifecycle is
	// evaluated from it; webhook retry timing uses the wall clock.
	Now func() time.Time

	// DeliveryDelay is how long a recipient stays Pending before it
	// completes; 0 completes it at once.
	DeliveryDelay time.Duration
	// StatusDelay is how long a new message stays invisible to
	// get/status/{id} and get/sms/reply/{id}, which answer 404 "Message(s)
	// NOT found" meanwhile: the real API validates submissions
	// asynchronously, so a poll right after a submit can miss the message.
	// 0 makes messages visible at once.
	StatusDelay time.Duration
	// WebhookURL is the account default webhook URL ("" = none): it gets
	// the webhooks of messages without a WebhookCallbackURL and every
	// plain inbound SMS.
	WebhookURL string
	// WebhookFormat is the format (JSON or XML) of webhooks whose message
	// names none, and of inbound-SMS webhooks; "" means JSON.
	WebhookFormat string
	// AllowHTTPWebhooks lets webhook URLs use http:// to a loopback host
	// (127.0.0.0/8, ::1, localhost); otherwise only https:// is accepted.
	AllowHTTPWebhooks bool
	// WebhookRetryInterval is the pause between attempts of a failed
	// webhook; 0 means 5 minutes, like the real API.
	WebhookRetryInterval time.Duration
	// WebhookHorizon is how long after its first attempt a failing webhook
	// is retried; 0 means 24 hours.
	WebhookHorizon time.Duration
	// WebhookClient sends webhooks; nil means a client with a 10 s timeout.
	WebhookClient *http.Client

	// Gateway configures the legacy Best SMS Gateway api_v1 at /api_v1
	// (README.md, Gateway api_v1).
	Gateway GatewayOptions

	// Dashboard, when set, builds the web dashboard the server answers at
	// "/" and under "/ui/" (README.md, Dashboard), e.g. dashboard.New;
	// nil leaves those paths 404 like any unknown path.
	Dashboard func(*Server) http.Handler
	// V3AcceptBasic lets /api/v3.00/ accept "Authorization: Basic <token>"
	// besides Bearer (contributing/wire-protocol-v3.md §2, whether v3
	// takes Basic is open).
	V3AcceptBasic bool
	// OptOutDestTypeAsSent makes v3 answer an opt-out's DestType as it was
	// sent (SMS, Voice…) instead of the normalised Text and Speech
	// (contributing/wire-protocol-v3.md §6.1).
	OptOutDestTypeAsSent bool
}

// Webhook defaults (contributing/wire-protocol.md §10).
const (
	DefaultWebhookRetryInterval = 5 * time.Minute
	DefaultWebhookHorizon       = 24 * time.Hour
)

// DefaultToken is the token accepted when Options.Tokens is empty.
const DefaultToken = "dev-token"

// defaultPageSize is the recordsPerPage default of the real API (contributing/wire-protocol.md §5.4).
const defaultPageSize = 100

// maxBodyBytes limits request bodies.
const maxBodyBytes = 8 << 20

// Server is the fake BestSMS API. Create it with New; it is safe for
// concurrent use.
type Server struct {
	tokens   []string
	latency  time.Duration
	pageSize int
	logger   *slog.Logger

	store   *store
	faults  *faultInjector
	net     netFaults
	stats   statsCounter
	gateway gatewayConfig

	// REST v3.00 (v3.go).
	v3Basic        bool
	optOutAsSent   bool
	addressBookOff atomic.Bool

	// Messaging and webhooks.
	realClock     bool
	deliveryDelay time.Duration
	statusDelay   time.Duration
	webhookURL    string
	webhookFormat string
	allowHTTP     bool
	retryInterval time.Duration
	horizon       time.Duration
	client        *http.Client
	transport     *http.Transport // ours, when Options.WebhookClient is nil
	hooks         webhookQueue
	kickCh        chan struct{}

	// The dashboard and what it shows besides the store.
	dashboard    http.Handler
	requests     requestLog
	faultChanges atomic.Uint64

	closeOnce sync.Once
	closed    chan struct{}
	cancel    context.CancelFunc
	done      chan struct{} // closed when the background loop has stopped
}

// New returns a Server. When opts.StatePath names an existing file its
// state is loaded; a corrupt file is an error.
func New(opts Options) (*Server, error) {
	if err := opts.Faults.validate(); err != nil {
		return nil, fmt.Errorf("mockapi: invalid faults: %w", err)
	}
	if opts.PageSize < 0 {
		return nil, fmt.Errorf("mockapi: invalid page size %d", opts.PageSize)
	}
	if opts.Latency < 0 {
		return nil, fmt.Errorf("mockapi: invalid latency %s", opts.Latency)
	}
	for _, d := range []struct {
		name  string
		value time.Duration
	}{
		{"delivery delay", opts.DeliveryDelay},
		{"status delay", opts.StatusDelay},
		{"webhook retry interval", opts.WebhookRetryInterval},
		{"webhook horizon", opts.WebhookHorizon},
	} {
		if d.value < 0 {
			return nil, fmt.Errorf("mockapi: invalid %s %s", d.name, d.value)
		}
	}
	gateway, err := newGatewayConfig(opts.Gateway)
	if err != nil {
		return nil, fmt.Errorf("mockapi: %w", err)
	}
	format, ok := webhookFormat(opts.WebhookFormat)
	if !ok {
		return nil, fmt.Errorf("mockapi: invalid webhook format %q (want JSON or XML)", opts.WebhookFormat)
	}
	tokens := opts.Tokens
	if len(tokens) == 0 {
		tokens = []string{DefaultToken}
	}
	pageSize := opts.PageSize
	if pageSize == 0 {
		pageSize = defaultPageSize
	}
	pageSize = min(pageSize, maxRecordsPerPage)
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	st := newState()
	if opts.StatePath != "" {
		var err error
		if st, err = loadState(opts.StatePath); err != nil {
			return nil, err
		}
	}
	s := &Server{
		tokens:        append([]string(nil), tokens...),
		latency:       opts.Latency,
		pageSize:      pageSize,
		logger:        logger,
		store:         &store{st: st, path: opts.StatePath, now: now, logger: logger},
		faults:        newFaultInjector(opts.Faults),
		stats:         statsCounter{routes: map[string]int{}},
		gateway:       gateway,
		v3Basic:       opts.V3AcceptBasic,
		optOutAsSent:  opts.OptOutDestTypeAsSent,
		realClock:     opts.Now == nil,
		deliveryDelay: opts.DeliveryDelay,
		statusDelay:   opts.StatusDelay,
		webhookFormat: format,
		allowHTTP:     opts.AllowHTTPWebhooks,
		retryInterval: cmp.Or(opts.WebhookRetryInterval, DefaultWebhookRetryInterval),
		horizon:       cmp.Or(opts.WebhookHorizon, DefaultWebhookHorizon),
		client:        opts.WebhookClient,
		kickCh:        make(chan struct{}, 1),
		closed:        make(chan struct{}),
		done:          make(chan struct{}),
	}
	if s.client == nil {
		// A transport of our own, so that Close can drop its idle
		// connections (and their goroutines).
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			s.transport = dt.Clone()
		} else {
			s.transport = &http.Transport{}
		}
		s.client = &http.Client{Timeout: defaultWebhookTimeout, Transport: s.transport}
	}
	if u := strings.TrimSpace(opts.WebhookURL); u != "" {
		if err := s.checkWebhookURL(u); err != nil {
			return nil, fmt.Errorf("mockapi: invalid webhook URL %q: %s", u, err.msg)
		}
		s.webhookURL = u
	}
	s.net.set(opts.Faults.Network)
	if opts.Dashboard != nil {
		s.dashboard = opts.Dashboard(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go s.run(ctx)
	return s, nil
}

// Close stops background work (the lifecycle and webhook loop; a webhook
// in flight is cancelled) and makes pending latency waits return. It
// returns once the loop has stopped and is safe to call more than once.
// Every acknowledged change is already on disk, so Close has nothing to
// flush; queued webhooks are dropped.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.cancel()
	})
	<-s.done
	if s.transport != nil {
		s.transport.CloseIdleConnections()
	}
	return nil
}

// SetFaults replaces the fault-injection settings and restarts the seeded
// decision sequence. Out-of-range values are clamped.
func (s *Server) SetFaults(f Faults) {
	s.faults.set(f)
	s.net.set(f.Network)
	s.faultChanges.Add(1)
}

// Reset empties the store (and the state file) — address book, messages,
// received SMS, opt-outs and the gateway's SMS, contacts and settings —,
// the webhook queue and log, the statistics, the request log and the fault
// settings, and switches the address book back on.
func (s *Server) Reset() {
	s.addressBookOff.Store(false)
	_ = s.store.update(func(st *state) error {
		*st = newState()
		return nil
	})
	s.hooks.clear()
	s.requests.clear()
	s.ResetStats()
	s.SetFaults(Faults{})
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start, arrived := time.Now(), s.store.timestamp()
	rec := &StatusWriter{ResponseWriter: w}
	path := r.URL.EscapedPath()
	lower := strings.ToLower(path)
	var fault string
	logged := true // in the request log (Requests)
	switch {
	case strings.HasPrefix(lower, "/api/"):
		fault = s.serveAPI(rec, r, path[len("/api/"):])
	case isGatewayPath(lower):
		fault = s.serveGateway(rec, r)
	case lower == "/_mock" || strings.HasPrefix(lower, "/_mock/"):
		s.serveAdmin(rec, r, strings.TrimPrefix(lower, "/_mock"))
		logged = r.Method != http.MethodGet && r.Method != http.MethodHead
	case s.dashboard != nil && isDashboardPath(lower):
		s.serveDashboard(rec, r)
		logged = false
	default:
		s.write(rec, failure(http.StatusNotFound, "Route not found"))
	}
	uri, took := s.redactURI(r), time.Since(start)
	if logged {
		s.requests.add(RequestRecord{
			Time: arrived, Method: r.Method, URI: uri, Area: requestArea(lower),
			Status: rec.Status, Duration: took, Fault: fault,
		})
	}
	attrs := []any{"method", r.Method, "path", uri, "status", rec.Status, "duration", took}
	if fault != "" {
		attrs = append(attrs, "fault", fault)
	}
	s.logger.InfoContext(r.Context(), "request", attrs...)
}

// StatusWriter is an http.ResponseWriter that remembers the status a
// handler answered: the request log uses it, and so can middleware in
// front of the mock (tests record requests with it).
type StatusWriter struct {
	http.ResponseWriter
	// Status is the first status written; 200 once a body is written
	// without one; 0 while nothing is (or when the connection was taken
	// over, as some network faults do).
	Status int
}

// WriteHeader records the first status written.
func (w *StatusWriter) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records 200 when a body is written without a status.
func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (network faults).
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveAPI handles everything under /api/; rest is the escaped path after
// "/api/". It returns a description of an injected fault, if any.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rest string) string {
	version, segs, ok := splitAPIPath(rest)
	api := apiFor(version)
	var (
		rt     *route
		params map[string]string
	)
	if ok {
		rt, params = matchRoute(api.routes, segs)
	}
	s.stats.count(r.Method, rt)

	if !s.wait(r.Context()) {
		return ""
	}
	b := &requestBody{w: w, r: r}
	if rep := api.admit(s, r, rt, b); rep != nil {
		s.write(w, rep)
		return ""
	}

	nf := s.net.take(r.Method, r.URL.Path)
	if nf != nil && nf.beforeChange() {
		return s.serveNetFault(w, r, nf, nil)
	}
	var d faultDecision
	if nf == nil {
		d = s.faults.decide(r.Method, r.URL.Path)
	}
	if d.inject && !d.after {
		s.write(w, faultReply(d))
		return fmt.Sprintf("%d before change", d.status)
	}

	rep := s.dispatch(r, rt, &apiRequest{version: version, params: params}, b, nf)
	if nf != nil {
		return s.serveNetFault(w, r, nf, rep)
	}
	if d.inject {
		s.write(w, faultReply(d))
		return fmt.Sprintf("%d after change (handler said %d)", d.status, rep.status)
	}
	s.write(w, rep)
	return ""
}

// dispatch answers a request that passed the checks and the faults: 404
// for an unknown route, 405 for a method the route lacks, 400 for a body
// that cannot be read, else the handler's answer (whose pages a network
// fault nf may rewrite).
func (s *Server) dispatch(r *http.Request, rt *route, areq *apiRequest, b *requestBody, nf *NetFault) *reply {
	if rt == nil {
		return failure(http.StatusNotFound, "Route not found")
	}
	h, allowed := rt.handler(r.Method)
	if h == nil {
		rep := failure(http.StatusMethodNotAllowed, fmt.Sprintf("Method %s not allowed on this route", r.Method))
		rep.header = http.Header{"Allow": {allowed}}
		return rep
	}
	data, fail := b.get()
	if fail != nil {
		return fail
	}
	if data == nil {
		data = body{}
	}
	areq.query, areq.body, areq.raw = parseQuery(r.URL), data, b.raw
	rep := h(s, areq)
	if nf != nil {
		rep = nf.rewritePages(rep, s.pageRerun(h, areq))
	}
	return rep
}

// requestBody reads a request's body once, when first needed: before the
// authorization check when the legacy body credentials may be needed, else
// before the handler.
type requestBody struct {
	w    http.ResponseWriter
	r    *http.Request
	read bool
	body body
	raw  []byte // the body as received (POST and PATCH)
	fail *reply
}

func (b *requestBody) get() (body, *reply) {
	if !b.read {
		b.read = true
		b.body, b.raw, b.fail = readRequestBody(b.w, b.r)
	}
	return b.body, b.fail
}

// readRequestBody parses the JSON body of a POST or PATCH and returns it
// also as received. GET and DELETE bodies (NJ24's {"HTTPMethod":…}, NET's
// XML) carry nothing the server needs and are discarded.
func readRequestBody(w http.ResponseWriter, r *http.Request) (body, []byte, *reply) {
	if !isMutating(r.Method) || r.Method == http.MethodDelete {
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBodyBytes))
		return nil, nil, nil
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return nil, nil, failure(http.StatusBadRequest, "Invalid request body: "+err.Error())
	}
	b, perr := parseBody(data)
	if perr != nil {
		return nil, nil, perr.reply()
	}
	return b, data, nil
}

// splitAPIPath splits "v2.04/addressbook/contact/list/" into the version
// and the unescaped segments. Trailing slashes are ignored; empty inner
// segments and unknown versions do not match.
func splitAPIPath(rest string) (version string, segs []string, ok bool) {
	rest = strings.TrimRight(rest, "/")
	parts := strings.Split(rest, "/")
	if len(parts) < 2 {
		return "", nil, false
	}
	switch v := strings.ToLower(parts[0]); v {
	case "v2.03", "v2.04", versionV3:
		version = v
	default:
		return "", nil, false
	}
	for _, p := range parts[1:] {
		u, err := url.PathUnescape(p)
		if err != nil || u == "" {
			return "", nil, false
		}
		segs = append(segs, u)
	}
	return version, segs, true
}

// wait applies the configured latency; it reports false when the request
// was cancelled (or the server closed) meanwhile.
func (s *Server) wait(ctx context.Context) bool {
	if s.latency <= 0 {
		return true
	}
	t := time.NewTimer(s.latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closed:
		return true
	}
}

// write sends a reply as JSON.
func (s *Server) write(w http.ResponseWriter, rep *reply) {
	rep, body := s.encode(rep)
	s.writeHeader(w, rep)
	w.WriteHeader(rep.status)
	_, _ = w.Write(body)
}

// encode returns the JSON body of rep, or a 500 reply and its body when rep
// cannot be encoded.
func (s *Server) encode(rep *reply) (*reply, []byte) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep.body); err != nil {
		s.logger.Error("cannot encode response", "err", err)
		rep = failure(http.StatusInternalServerError, "Error encoding response")
		buf.Reset()
		_ = enc.Encode(rep.body)
	}
	return rep, buf.Bytes()
}

// writeHeader sets the headers of a JSON reply.
func (s *Server) writeHeader(w http.ResponseWriter, rep *reply) {
	for k, vs := range rep.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	s.stampDate(w)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
}

// stampDate sets the Date header from the mock's clock, as the API's own
// clock dates its answers and its objects alike.
func (s *Server) stampDate(w http.ResponseWriter) {
	w.Header().Set("Date", s.store.now().UTC().Format(http.TimeFormat))
}

// The admin API under /_mock/ (never under /api/, never subject to faults
// or latency, not counted in the statistics): routing, the index
// (AdminEndpoints lists and describes every route; GET /_mock/ answers that
// list and bestsms-mock -h prints it) and every handler.
//
// Requests from a loopback address need no token; others need the same
// Authorization header as the API.

package mockapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// serveAdmin handles /_mock/…; path is the lower-cased path after "/_mock".
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request, path string) {
	if !isLoopback(r.RemoteAddr) && !s.adminAuthorized(r) {
		s.write(w, failure(http.StatusUnauthorized, "Unauthorized"))
		return
	}
	path = strings.Trim(path, "/")
	eps, ok := s.adminRoutes()[path]
	if !ok {
		s.write(w, failure(http.StatusNotFound, "Route not found"))
		return
	}
	var allowed []string
	for _, ep := range eps {
		if strings.EqualFold(ep.method, r.Method) {
			ep.handle(w, r)
			return
		}
		allowed = append(allowed, ep.method)
	}
	rep := failure(http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed on this route")
	rep.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
	s.write(w, rep)
}

// adminRoute is one method of an admin path.
type adminRoute struct {
	method string
	handle func(w http.ResponseWriter, r *http.Request)
}

// adminRoutes maps the admin paths (relative to /_mock/, lower case, "" for
// the index) to their handlers. Every route is described in AdminEndpoints.
func (s *Server) adminRoutes() map[string][]adminRoute {
	return map[string][]adminRoute{
		"": {{http.MethodGet, s.getAdminIndex}},
		"health": {{http.MethodGet, func(w http.ResponseWriter, _ *http.Request) {
			s.write(w, success(map[string]string{"status": "ok"}))
		}}},
		"stats": {{http.MethodGet, func(w http.ResponseWriter, _ *http.Request) {
			s.write(w, success(s.Stats()))
		}}},
		"stats/reset": {{http.MethodPost, func(w http.ResponseWriter, _ *http.Request) {
			s.ResetStats()
			s.write(w, success(s.Stats()))
		}}},
		"reset": {{http.MethodPost, func(w http.ResponseWriter, _ *http.Request) {
			s.Reset()
			s.write(w, success(map[string]string{"Result": resultSuccess}))
		}}},
		"faults": {
			{http.MethodGet, func(w http.ResponseWriter, _ *http.Request) {
				s.write(w, success(s.Faults()))
			}},
			{http.MethodPost, s.postFaults},
		},
		"messages":           {{http.MethodGet, s.getMessages}},
		"optouts":            {{http.MethodGet, s.getOptOuts}, {http.MethodPost, s.postOptOut}},
		"addressbook-access": {{http.MethodGet, s.addressBookAccess}, {http.MethodPost, s.addressBookAccess}},
		"gateway":            {{http.MethodGet, s.gatewayAdmin}, {http.MethodPost, s.gatewayAdmin}},
		"inbound":            {{http.MethodPost, s.postInbound}},
		"state": {{http.MethodGet, func(w http.ResponseWriter, _ *http.Request) {
			var st state
			s.store.view(func(cur *state) { st = cur.clone() })
			s.write(w, success(st))
		}}},
	}
}

// readAll reads an admin request body (at most 1 MiB).
func readAll(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
}

// postFaults replaces the fault settings with the Faults JSON in the body.
func (s *Server) postFaults(w http.ResponseWriter, r *http.Request) {
	data, err := readAll(w, r)
	if err != nil {
		s.write(w, failure(http.StatusBadRequest, "Invalid request body: "+err.Error()))
		return
	}
	var f Faults // an empty body turns injection off, like {"rate":0}
	if len(bytes.TrimSpace(data)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			s.write(w, failure(http.StatusBadRequest, "Invalid faults: "+err.Error()))
			return
		}
	}
	if err := f.validate(); err != nil {
		s.write(w, failure(http.StatusBadRequest, "Invalid faults: "+err.Error()))
		return
	}
	s.SetFaults(f)
	s.write(w, success(s.Faults()))
}

// AdminEndpoint describes one route of the admin API under /_mock/.
type AdminEndpoint struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	Description string `json:"description"`
}

// AdminEndpoints lists the whole admin API, in the order it is best read.
// GET /_mock/ answers it and bestsms-mock -h prints it; a test keeps it
// equal to the routes the server has.
func AdminEndpoints() []AdminEndpoint {
	return []AdminEndpoint{
		{http.MethodGet, "/_mock/", "this index"},
		{http.MethodGet, "/_mock/health", `{"status":"ok"} once the mock is serving`},
		{http.MethodGet, "/_mock/stats", `/api/ requests counted since the start or the last reset, in total and per route ("METHOD pattern")`},
		{http.MethodPost, "/_mock/stats/reset", "zero the request counts; answers the (empty) counts"},
		{http.MethodGet, "/_mock/faults", "the active fault injection"},
		{http.MethodPost, "/_mock/faults", `replace the fault injection, e.g. {"rate":0.3,"statuses":[500,429],"retry_after_seconds":1,"seed":7}; ` +
			`also "after_fraction" (share of injected 5xx on POST/PATCH/DELETE given after the change was made), ` +
			`"methods" and "path_contains" (restrict injection), "network" (network fault rules, see -net-fault); ` +
			`{"rate":0} or an empty body turns it off`},
		{http.MethodGet, "/_mock/state", "the whole store: contacts, groups, memberships, messages, received SMS and opt-outs"},
		{http.MethodGet, "/_mock/messages", `every submitted message as the mock sees it: {"Result","Count","Messages":[…]}`},
		{http.MethodPost, "/_mock/inbound", `simulate an SMS from a handset: {"from":"+61421000001","message":"ACK","reply_to":"<MessageID>"} ` +
			`(reply_to optional); a reply when a message was delivered to that number in the last 7 days, else plain inbound; ` +
			`a text whose first word is STOP also makes an SMS opt-out for the number`},
		{http.MethodGet, "/_mock/optouts", `the opt-out register (every entry, as v3 answers them): {"Count","OptOuts":[…]}`},
		{http.MethodPost, "/_mock/optouts", `add an opt-out as if it arose outside the API: the body of v3's POST optout, ` +
			`plus "OriginalMessage"; answers the entry`},
		{http.MethodGet, "/_mock/addressbook-access", `the API user's address-book access: {"enabled":true}`},
		{http.MethodPost, "/_mock/addressbook-access", `switch it: {"enabled":false} makes every v3 addressbook/… call a 403 ` +
			`"Unauthorized access to Addressbook API!" (reset switches it back on)`},
		{http.MethodGet, "/_mock/gateway", "the legacy gateway api_v1 sub-account: balance, disabled flag, settings and counts"},
		{http.MethodPost, "/_mock/gateway", `change it: {"balance":500,"disabled":true} (members optional; disabled gives error 5)`},
		{http.MethodPost, "/_mock/reset", "empty the store (and the state file), the webhook queue, the request counts and log, and the fault injection"},
	}
}

// adminIndex is the answer of GET /_mock/.
type adminIndex struct {
	Service   string          `json:"service"`
	API       string          `json:"api"`
	Auth      string          `json:"auth"`
	Endpoints []AdminEndpoint `json:"endpoints"`
}

// getAdminIndex answers GET /_mock/ with the admin API's endpoints.
func (s *Server) getAdminIndex(w http.ResponseWriter, _ *http.Request) {
	s.write(w, success(adminIndex{
		Service:   "bestsms-mock admin API",
		API:       "the BestSMS REST API is served under /api/v2.03/ and /api/v2.04/ (Authorization: Basic <token>) and /api/v3.00/ (Authorization: Bearer <token>), from one store",
		Auth:      "requests from a loopback address need no token; others need Authorization: Basic <token>",
		Endpoints: AdminEndpoints(),
	}))
}

// inboundBody is the answer of POST /_mock/inbound.
type inboundBody struct {
	Result     string `json:"Result"`
	ReceivedID string `json:"ReceivedID"`
	MessageID  string `json:"MessageID"`
	JobNum     string `json:"JobNum"`
	Type       string `json:"Type"`
}

// postInbound handles POST /_mock/inbound
// {"from":"+61421000001","message":"ACK","reply_to":"<MessageID>"}.
func (s *Server) postInbound(w http.ResponseWriter, r *http.Request) {
	data, err := readAll(w, r)
	if err != nil {
		s.write(w, failure(http.StatusBadRequest, "Invalid request body: "+err.Error()))
		return
	}
	b, perr := parseBody(data)
	if perr != nil {
		s.write(w, perr.reply())
		return
	}
	var from, text, replyTo string
	for _, f := range []struct {
		names []string
		field *string
	}{
		{[]string{"from", "From"}, &from},
		{[]string{"message", "MessageText", "text"}, &text},
		{[]string{"reply_to", "replyTo", "MessageID"}, &replyTo},
	} {
		v, _, err := b.str(f.names...)
		if err != nil {
			s.write(w, err.reply())
			return
		}
		*f.field = v
	}
	rec, ierr := s.Inbound(from, text, replyTo)
	if ierr != nil {
		s.write(w, withMessageID(storeFailure(ierr), strings.TrimSpace(replyTo)))
		return
	}
	s.write(w, success(inboundBody{
		Result: resultSuccess, ReceivedID: rec.ReceivedID, MessageID: rec.MessageID, JobNum: rec.JobNum, Type: rec.Type,
	}))
}

// messageListBody is the answer of GET /_mock/messages.
type messageListBody struct {
	Result   string    `json:"Result"`
	Count    int       `json:"Count"`
	Messages []Message `json:"Messages"`
}

func (s *Server) getMessages(w http.ResponseWriter, _ *http.Request) {
	ms := s.Messages()
	s.write(w, success(messageListBody{Result: resultSuccess, Count: len(ms), Messages: ms}))
}

// gatewayAdmin serves GET and POST /_mock/gateway: the account, and
// changes to it ({"balance":N,"disabled":true}; members left out keep
// their value).
func (s *Server) gatewayAdmin(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		data, err := readAll(w, r)
		if err != nil {
			s.write(w, failure(http.StatusBadRequest, "Invalid request body: "+err.Error()))
			return
		}
		var in struct {
			Balance  *int  `json:"balance"`
			Disabled *bool `json:"disabled"`
		}
		if err := json.Unmarshal(data, &in); err != nil {
			s.write(w, failure(http.StatusBadRequest, "Invalid gateway settings: "+err.Error()))
			return
		}
		if in.Balance != nil && *in.Balance < 0 {
			s.write(w, failure(http.StatusBadRequest, "Invalid gateway settings: balance must not be negative"))
			return
		}
		if in.Balance != nil {
			s.SetGatewayBalance(*in.Balance)
		}
		if in.Disabled != nil {
			s.SetGatewayDisabled(*in.Disabled)
		}
	}
	s.write(w, success(s.GatewayAccount()))
}

// optOutAdminBody is the answer of GET /_mock/optouts.
type optOutAdminBody struct {
	Result  string       `json:"Result"`
	Count   int          `json:"Count"`
	OptOuts []optOutJSON `json:"OptOuts"`
}

func (s *Server) getOptOuts(w http.ResponseWriter, _ *http.Request) {
	os := s.OptOuts()
	s.write(w, success(optOutAdminBody{Result: resultSuccess, Count: len(os), OptOuts: s.optOutsOut(os)}))
}

// postOptOut handles POST /_mock/optouts: an entry made as a STOP reply or
// the dashboard would make it, OriginalMessage included.
func (s *Server) postOptOut(w http.ResponseWriter, r *http.Request) {
	data, err := readAll(w, r)
	if err != nil {
		s.write(w, failure(http.StatusBadRequest, "Invalid request body: "+err.Error()))
		return
	}
	b, perr := parseBody(data)
	if perr != nil {
		s.write(w, perr.reply())
		return
	}
	var o OptOut
	if aerr := readOptOut(&o, b); aerr != nil {
		s.write(w, aerr.reply())
		return
	}
	original, _, aerr := b.str("OriginalMessage")
	if aerr != nil {
		s.write(w, aerr.reply())
		return
	}
	o.OriginalMessage = original
	if o.DestType == "" {
		s.write(w, badRequest("DestType is required").reply())
		return
	}
	stored, err := s.PutOptOut(o)
	if err != nil {
		s.write(w, storeFailure(err))
		return
	}
	s.write(w, success(s.optOutOut(stored)))
}

// addressBookAccess serves GET and POST /_mock/addressbook-access: the
// switch of SetAddressBookEnabled ({"enabled":false}).
func (s *Server) addressBookAccess(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		data, err := readAll(w, r)
		if err != nil {
			s.write(w, failure(http.StatusBadRequest, "Invalid request body: "+err.Error()))
			return
		}
		var in struct {
			Enabled *bool `json:"enabled"`
		}
		if err := json.Unmarshal(data, &in); err != nil || in.Enabled == nil {
			s.write(w, failure(http.StatusBadRequest, `Invalid address-book access: want {"enabled":true|false}`))
			return
		}
		s.SetAddressBookEnabled(*in.Enabled)
	}
	s.write(w, success(map[string]bool{"enabled": s.AddressBookEnabled()}))
}

package mockapi

import (
	"net/http"
	"sort"
	"strings"
)

// apiRequest is what an API handler gets: the API version, the path
// parameters, the query and (for POST/PATCH) the parsed body.
type apiRequest struct {
	version string // "v2.03", "v2.04" or "v3.00"
	params  map[string]string
	query   query
	body    body
	raw     []byte // the body as received (POST and PATCH)
}

// restAPI is one REST wire served under /api/{version}/: its routing table
// and the checks a request passes before faults and its handler (the
// token, and for v3 the media type and the address-book switch).
type restAPI struct {
	routes []*route
	admit  func(s *Server, r *http.Request, rt *route, b *requestBody) *reply
}

// apiFor returns the wire of a version: v3.00 (v3.go) or v2.0x.
func apiFor(version string) restAPI {
	if version == versionV3 {
		return restAPI{routes: v3Routes, admit: (*Server).admitV3}
	}
	return restAPI{routes: routes, admit: (*Server).authorizeAPI}
}

// handlerFunc answers one API request.
type handlerFunc func(s *Server, req *apiRequest) *reply

// route is one path pattern with its handlers per method. Patterns are
// lower case, relative to /api/{version}/, with {name} parameters; pattern
// is the statistics key (prefixed by the method): the path pattern itself
// for v2, "v3.00/" and the path pattern for v3.
type route struct {
	pattern  string
	segs     []string
	literals int
	methods  map[string]handlerFunc
	// bodyAuth: POST/PATCH may authenticate with the legacy Sender and
	// APIKey body members instead of the Authorization header (contributing/wire-protocol.md §2.4).
	bodyAuth bool
}

// handler returns the handler for a method, or nil and the Allow header.
func (rt *route) handler(method string) (handlerFunc, string) {
	if h, ok := rt.methods[strings.ToUpper(method)]; ok {
		return h, ""
	}
	allowed := make([]string, 0, len(rt.methods))
	for m := range rt.methods {
		allowed = append(allowed, m)
	}
	sort.Strings(allowed)
	return nil, strings.Join(allowed, ", ")
}

// match reports whether segs fit the pattern; literal segments compare
// case-insensitively.
func (rt *route) match(segs []string) (map[string]string, bool) {
	if len(segs) != len(rt.segs) {
		return nil, false
	}
	var params map[string]string
	for i, p := range rt.segs {
		if strings.HasPrefix(p, "{") {
			if params == nil {
				params = map[string]string{}
			}
			params[strings.Trim(p, "{}")] = segs[i]
			continue
		}
		if !strings.EqualFold(p, segs[i]) {
			return nil, false
		}
	}
	return params, true
}

// legacy adapts a messaging handler to the legacy request form: the
// MessageID comes from the body, and so may TimePeriod, DateFrom, DateTo,
// RecordsPerPage and Page (the query wins when both are given).
func legacy(h handlerFunc) handlerFunc {
	return func(s *Server, req *apiRequest) *reply {
		id, _, err := req.body.str("MessageID")
		if err != nil {
			return err.reply()
		}
		r := *req
		r.params = map[string]string{"id": strings.TrimSpace(id)}
		r.query = query{}
		for k, v := range req.query {
			r.query[k] = v
		}
		for _, name := range []string{"TimePeriod", "DateFrom", "DateTo", "RecordsPerPage", "Page"} {
			key := strings.ToLower(name)
			if _, set := r.query[key]; set {
				continue
			}
			if v, ok, err := req.body.str(name); err != nil {
				return err.reply()
			} else if ok {
				r.query[key] = v
			}
		}
		return h(s, &r)
	}
}

// routes is the routing table, built once.
var routes = buildRoutes()

func buildRoutes() []*route {
	table := []struct {
		pattern string
		methods map[string]handlerFunc
	}{
		// Messaging (contributing/wire-protocol.md §6–§8).
		{"send/sms", map[string]handlerFunc{http.MethodPost: (*Server).sendSMS}},
		{"get/status/{id}", map[string]handlerFunc{http.MethodGet: (*Server).getStatus}},
		{"get/sms/reply/{id}", map[string]handlerFunc{http.MethodGet: (*Server).getReplies}},
		{"get/sms/received", map[string]handlerFunc{
			http.MethodGet:  (*Server).listReceived,
			http.MethodPost: legacy((*Server).listReceived),
		}},
		{"set/resubmit/{id}", map[string]handlerFunc{http.MethodPatch: (*Server).resubmit}},
		{"set/reschedule/{id}", map[string]handlerFunc{http.MethodPatch: (*Server).reschedule}},
		{"set/abort/{id}", map[string]handlerFunc{http.MethodPatch: (*Server).abort}},
		// Legacy forms with the MessageID (and report options) in the body (contributing/wire-protocol.md §2.4).
		{"get/status", map[string]handlerFunc{http.MethodPost: legacy((*Server).getStatus)}},
		{"get/sms/reply", map[string]handlerFunc{http.MethodPost: legacy((*Server).getReplies)}},
		{"set/resubmit", map[string]handlerFunc{http.MethodPost: legacy((*Server).resubmit), http.MethodPatch: legacy((*Server).resubmit)}},
		{"set/reschedule", map[string]handlerFunc{http.MethodPost: legacy((*Server).reschedule), http.MethodPatch: legacy((*Server).reschedule)}},
		{"set/abort", map[string]handlerFunc{http.MethodPost: legacy((*Server).abort), http.MethodPatch: legacy((*Server).abort)}},
		// Contacts (contributing/wire-protocol.md §9.4).
		{"addressbook/contact", map[string]handlerFunc{http.MethodPost: (*Server).createContact}},
		{"addressbook/contact/list", map[string]handlerFunc{http.MethodGet: (*Server).listContacts}},
		{"addressbook/contact/search", map[string]handlerFunc{http.MethodGet: (*Server).searchContacts}},
		{"addressbook/contact/{id}", map[string]handlerFunc{
			http.MethodGet:    (*Server).getContact,
			http.MethodPatch:  (*Server).updateContact,
			http.MethodDelete: (*Server).deleteContact,
		}},
		// A contact's groups (contributing/wire-protocol.md §9.5).
		{"addressbook/contact/{id}/group", map[string]handlerFunc{http.MethodPost: (*Server).addContactGroup}},
		{"addressbook/contact/{id}/group/list", map[string]handlerFunc{http.MethodGet: (*Server).listContactGroups}},
		{"addressbook/contact/{id}/group/{group}", map[string]handlerFunc{
			http.MethodGet:    (*Server).getContactGroup,
			http.MethodDelete: (*Server).removeContactGroup,
		}},
		// Groups (contributing/wire-protocol.md §9.6).
		{"addressbook/group", map[string]handlerFunc{http.MethodPost: (*Server).createGroup}},
		{"addressbook/group/list", map[string]handlerFunc{http.MethodGet: (*Server).listGroups}},
		{"addressbook/group/{group}", map[string]handlerFunc{
			http.MethodGet:    (*Server).getGroup,
			http.MethodPatch:  (*Server).updateGroup,
			http.MethodDelete: (*Server).deleteGroup,
		}},
		// A group's contacts (contributing/wire-protocol.md §9.7).
		{"addressbook/group/{group}/contact", map[string]handlerFunc{http.MethodPost: (*Server).addGroupContact}},
		{"addressbook/group/{group}/contact/list", map[string]handlerFunc{http.MethodGet: (*Server).listGroupContacts}},
		{"addressbook/group/{group}/contact/{id}", map[string]handlerFunc{
			http.MethodGet:    (*Server).getGroupContact,
			http.MethodDelete: (*Server).removeGroupContact,
		}},
	}
	out := make([]*route, 0, len(table))
	for _, t := range table {
		rt := makeRoute(t.pattern, t.pattern, t.methods)
		rt.bodyAuth = !strings.HasPrefix(t.pattern, "addressbook/")
		out = append(out, rt)
	}
	return out
}

// makeRoute builds the route of a path pattern; key is its statistics key
// (the pattern, prefixed by the version outside v2).
func makeRoute(key, pattern string, methods map[string]handlerFunc) *route {
	rt := &route{pattern: key, segs: strings.Split(pattern, "/"), methods: methods}
	for _, s := range rt.segs {
		if !strings.HasPrefix(s, "{") {
			rt.literals++
		}
	}
	return rt
}

// matchRoute finds the route of the table for the segments; when several
// patterns fit (contact/list vs contact/{id}) the one with more literal
// segments wins.
func matchRoute(table []*route, segs []string) (*route, map[string]string) {
	var (
		best       *route
		bestParams map[string]string
	)
	for _, rt := range table {
		params, ok := rt.match(segs)
		if ok && (best == nil || rt.literals > best.literals) {
			best, bestParams = rt, params
		}
	}
	return best, bestParams
}

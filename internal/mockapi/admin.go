package mockapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
)

// Admin endpoints under /_mock/ (never under /api/, never subject to faults
// or latency, not counted in the statistics). AdminEndpoints lists and
// describes them; GET /_mock/ answers that list and bestsms-mock -h prints
// it.
//
// Requests from a loopback address need no token; others need the same
// Authorization header as the API.

// serveAdmin handles /_mock/…; path is the lower-cased path after "/_mock".
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request, path string) {
	if !isLoopback(r.RemoteAddr) && !s.authorized(r) {
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
		"messages": {{http.MethodGet, s.getMessages}},
		"gateway":  {{http.MethodGet, s.gatewayAdmin}, {http.MethodPost, s.gatewayAdmin}},
		"inbound":  {{http.MethodPost, s.postInbound}},
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

// isLoopback reports whether a RemoteAddr ("host:port") is a loopback address.
func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

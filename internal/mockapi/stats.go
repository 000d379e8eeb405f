// Request statistics (GET /_mock/stats): /api/ requests per route and
// /api_v1 requests per action.

package mockapi

import (
	"net/http"
	"strings"
	"sync"
)

// Stats counts /api/ requests: Total counts all of them, Routes those that
// matched a route, keyed "METHOD pattern" (e.g. "GET addressbook/contact/list").
type Stats struct {
	Total  int            `json:"total"`
	Routes map[string]int `json:"routes"`
}

type statsCounter struct {
	mu     sync.Mutex
	total  int
	routes map[string]int
}

func (c *statsCounter) count(method string, rt *route) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total++
	if rt != nil {
		c.routes[strings.ToUpper(method)+" "+rt.pattern]++
	}
}

// Stats returns a copy of the request statistics.
func (s *Server) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	out := Stats{Total: s.stats.total, Routes: make(map[string]int, len(s.stats.routes))}
	for k, v := range s.stats.routes {
		out.Routes[k] = v
	}
	return out
}

// ResetStats zeroes the request statistics.
func (s *Server) ResetStats() {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	s.stats.total = 0
	s.stats.routes = map[string]int{}
}

// countGateway counts an /api_v1 request under "METHOD api_v1/<action>"
// (just the total for an unknown action).
func (c *statsCounter) countGateway(method, action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total++
	if action != "" {
		c.routes[strings.ToUpper(method)+" api_v1/"+action]++
	}
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

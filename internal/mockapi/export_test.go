package mockapi

import "sort"

// What the tests (package mockapi_test, which sees the mock from outside)
// need of its insides: the documented error texts, the state file's
// document, the parsers tested on their own, and the views of the routing
// and the webhook queue the consistency tests compare with.

const (
	ErrMissingMessageData = errMissingMessageData
	ErrInvalidMessageID   = errInvalidMessageID
	ErrMissingDests       = errMissingDests
	ErrMissingMessage     = errMissingMessage
	ErrWebhookHTTPS       = errWebhookHTTPS
	ErrNoValidDests       = errNoValidDests
	ErrMessageNotFound    = errNotFound
	ResultTestMode        = resultTestMode
)

type (
	// State is the document of the state file and of GET /_mock/state.
	State = state
	// AdminIndex is the answer of GET /_mock/.
	AdminIndex = adminIndex
)

var (
	ParseOffset = parseOffset
	GwNumber    = gwNumber
	SenderE164  = senderE164
)

// RouteKeys lists every statistics key the API can produce
// ("METHOD pattern"), sorted: what the tests of the statistics expect.
func RouteKeys() []string {
	var keys []string
	for _, rt := range append(append([]*route{}, routes...), v3Routes...) {
		for m := range rt.methods {
			keys = append(keys, m+" "+rt.pattern)
		}
	}
	sort.Strings(keys)
	return keys
}

// AdminRouteKeys lists the admin routes the server serves ("METHOD
// /_mock/path").
func (s *Server) AdminRouteKeys() []string {
	var keys []string
	for path, routes := range s.adminRoutes() {
		for _, rt := range routes {
			keys = append(keys, rt.method+" /_mock/"+path)
		}
	}
	return keys
}

// NetFaultModeNames lists the network fault modes -net-fault knows.
func NetFaultModeNames() []string {
	var out []string
	for _, m := range netFaultModes {
		out = append(out, string(m.mode))
	}
	return out
}

// QueuedWebhooks is the length of the webhook queue.
func (s *Server) QueuedWebhooks() int {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	return len(s.hooks.jobs)
}

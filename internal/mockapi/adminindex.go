package mockapi

import "net/http"

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
		{http.MethodGet, "/_mock/state", "the whole store: contacts, groups, memberships, messages and received SMS"},
		{http.MethodGet, "/_mock/messages", `every submitted message as the mock sees it: {"Result","Count","Messages":[…]}`},
		{http.MethodPost, "/_mock/inbound", `simulate an SMS from a handset: {"from":"+61421000001","message":"ACK","reply_to":"<MessageID>"} ` +
			`(reply_to optional); a reply when a message was delivered to that number in the last 7 days, else plain inbound`},
		{http.MethodGet, "/_mock/gateway", "the legacy gateway api_v1 sub-account: balance, disabled flag, settings and counts"},
		{http.MethodPost, "/_mock/gateway", `change it: {"balance":500,"disabled":true} (members optional; disabled gives error 5)`},
		{http.MethodPost, "/_mock/reset", "empty the store (and the state file), the webhook queue, the request counts and the fault injection"},
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
		API:       "the BestSMS REST API is served under /api/v2.03/ and /api/v2.04/",
		Auth:      "requests from a loopback address need no token; others need Authorization: Basic <token>",
		Endpoints: AdminEndpoints(),
	}))
}

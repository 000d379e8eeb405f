// Where the dashboard (package dashboard, README.md, Dashboard) plugs in:
// the paths it answers, the access rule in front of it, and the
// generation counter its pages poll to learn that something changed.
// mockapi does not import the dashboard: Options.Dashboard builds it.

package mockapi

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// isDashboardPath reports whether a lower-cased path belongs to the
// dashboard: "/" and everything under "/ui/".
func isDashboardPath(lower string) bool {
	return lower == "/" || lower == "/ui" || strings.HasPrefix(lower, "/ui/")
}

// serveDashboard answers a dashboard request after the access rule: like
// the admin API, a request that is not from loopback needs the token
// (adminAuthorized); one without the token must name a Host that DNS
// cannot rebind (dashboardHost), so that a web page elsewhere cannot read
// the dashboard through a name it points at 127.0.0.1.
func (s *Server) serveDashboard(w http.ResponseWriter, r *http.Request) {
	authorized := s.adminAuthorized(r)
	if !authorized && !isLoopback(r.RemoteAddr) {
		w.Header().Set("WWW-Authenticate", `Basic realm="bestsms-mock", charset="UTF-8"`)
		s.write(w, failure(http.StatusUnauthorized, "Unauthorized: the dashboard needs the mock's token from a non-loopback address "+
			"(as the password of HTTP Basic authentication, any user name)"))
		return
	}
	if !authorized && !dashboardHost(r.Host) {
		s.write(w, failure(http.StatusForbidden, "Forbidden: the dashboard answers requests for localhost or an IP address only"))
		return
	}
	s.dashboard.ServeHTTP(w, r)
}

// adminAuthorized is the credential check of the admin API and the
// dashboard: the API's "Authorization: Basic <token>" or, as a browser
// sends it, HTTP Basic authentication (RFC 7617) whose password is an
// accepted token, whatever the user name.
func (s *Server) adminAuthorized(r *http.Request) bool {
	if s.authorized(r) {
		return true
	}
	_, password, ok := r.BasicAuth()
	if !ok || password == "" {
		return false
	}
	for _, t := range s.tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(password)) == 1 {
			return true
		}
	}
	return false
}

// dashboardHost reports whether a Host header names localhost (or a name
// under .localhost, which resolves to loopback by RFC 6761) or an IP
// address: names DNS rebinding cannot point elsewhere.
func dashboardHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	return net.ParseIP(host) != nil
}

// Generation is a number that grows whenever something the dashboard
// shows may have changed: the store, the request log or the fault
// settings. The dashboard's pages poll it.
func (s *Server) Generation() uint64 {
	return s.store.changes.Load() + s.requests.count() + s.faultChanges.Load()
}

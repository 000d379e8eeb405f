// Cross-site protection. The mock runs on a developer's machine with a
// well-known token (dev-token) and an admin API that needs none from
// loopback, so a web page the developer visits must not be able to use it:
//
//   - DNS rebinding: a page on attacker.example whose name is then pointed
//     at 127.0.0.1 talks to the mock as its own origin, reading
//     GET /_mock/state and the API with the known token. Every request
//     must therefore name the mock in its Host: localhost (or a name under
//     .localhost), an IP address (a page cannot rebind an address), or one
//     of Options.PublicHosts, the names the mock was told it is reachable
//     at (bestsms-mock -public-host) — unless it holds a token of the
//     operator's own (-token), which no page can know; the well-known
//     dev-token does not count.
//   - Cross-site requests: a form or a no-cors fetch from another site can
//     POST /_mock/reset (wiping the store and its state file) without
//     reading the answer. A browser names the page's origin in Origin, so a
//     request whose Origin is not the mock's own (scheme aside, host:port
//     equal to Host) is refused, on every route; and a POST to the admin
//     API must be Content-Type application/json, which no form and no
//     "simple" cross-site request can send without a CORS preflight, which
//     the mock never grants.
//
// Programs (the provider, curl, the SDKs) send no Origin and name the host
// they dialled; a same-origin page (the mock's own dashboard) sends its own
// origin. Neither notices.

package mockapi

import (
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// crossSite returns the 403 reply of a request that may come from another
// site (see above), or nil. admin is true for /_mock/ requests.
func (s *Server) crossSite(r *http.Request, admin bool) *reply {
	if !s.hostAllowed(r.Host) && !s.holdsPrivateToken(r) {
		if strings.TrimSpace(r.Header.Get("Authorization")) != "" && !s.adminAuthorized(r) {
			return failure(http.StatusUnauthorized, "Unauthorized")
		}
		return failure(http.StatusForbidden, "Host "+quoteHost(r.Host)+" is not the mock's: it answers requests for "+
			"localhost, an IP address or a name given with -public-host (a defence against DNS rebinding), and "+
			"requests for other names only with a token of your own (-token), not the well-known "+DefaultToken)
	}
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host) {
		return failure(http.StatusForbidden, "Cross-site request refused: Origin "+quoteHost(origin)+
			" is not the mock's own ("+quoteHost(r.Host)+")")
	}
	if admin && r.Method != http.MethodGet && r.Method != http.MethodHead {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			return failure(http.StatusUnsupportedMediaType, "The admin API takes Content-Type: application/json on "+
				r.Method+" (got "+quoteHost(r.Header.Get("Content-Type"))+"), so that no other site can send it a form: "+
				"curl -X POST -H 'Content-Type: application/json' …")
		}
	}
	return nil
}

// holdsPrivateToken reports whether the request holds an accepted token
// (adminAuthorized: the API's header or a browser's Basic password) that is
// not the well-known DefaultToken: a page that DNS rebinding brought to the
// mock cannot know such a token, so its holder may name the mock as they
// like (a name of the machine).
func (s *Server) holdsPrivateToken(r *http.Request) bool {
	if !s.adminAuthorized(r) {
		return false
	}
	_, password, _ := r.BasicAuth()
	_, raw, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	return password != DefaultToken && strings.TrimSpace(raw) != DefaultToken
}

// hostAllowed reports whether a Host header names the mock: localhost or a
// name under .localhost, an IP address (any: an address cannot be
// rebound), or one of the public hosts. The port is not checked.
func (s *Server) hostAllowed(hostport string) bool {
	host := hostOnly(hostport)
	switch {
	case host == "":
		return false
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true
	case net.ParseIP(host) != nil:
		return true
	}
	for _, h := range s.publicHosts {
		if host == h {
			return true
		}
	}
	return false
}

// hostOnly returns the host of a "host[:port]", lower case, without
// brackets or a trailing dot.
func hostOnly(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
}

// normalizePublicHosts checks and normalises Options.PublicHosts (names or
// addresses, without a scheme or a port).
func normalizePublicHosts(hosts []string) ([]string, bool) {
	var out []string
	for _, h := range hosts {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if strings.ContainsAny(h, "/@ ") {
			return nil, false
		}
		out = append(out, hostOnly(h))
	}
	return out, true
}

// sameOrigin reports whether an Origin header names the host:port of the
// request's Host (scheme aside: the mock serves one scheme, and default
// ports are spelled out or not alike).
func sameOrigin(origin, hostport string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // "null" (sandboxed frames, file: pages) included
	}
	return hostOnly(u.Host) == hostOnly(hostport) && portOf(u.Host, u.Scheme) == portOf(hostport, u.Scheme)
}

// portOf returns the port of a host:port, or the scheme's default.
func portOf(hostport, scheme string) string {
	if _, p, err := net.SplitHostPort(hostport); err == nil && p != "" {
		return p
	}
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// quoteHost quotes a header value for an error, bounded.
func quoteHost(v string) string {
	if len(v) > 100 {
		v = v[:100] + "…"
	}
	return `"` + strings.ToValidUTF8(v, "?") + `"`
}

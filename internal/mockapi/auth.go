// Authorization: the token in the Authorization header, the legacy body
// credentials of the messaging routes (contributing/wire-protocol.md §2.4)
// and the admin API's loopback exemption.

package mockapi

import (
	"crypto/subtle"
	"net"
	"net/http"
	"slices"
	"strings"
)

// authorized checks "Authorization: Basic <token>" (scheme case-insensitive,
// token compared exactly).
func (s *Server) authorized(r *http.Request) bool {
	return s.authorizedAs(r, "Basic")
}

// authorizedAs checks "Authorization: <scheme> <token>" for one of the
// schemes (compared case-insensitively) and an accepted token.
func (s *Server) authorizedAs(r *http.Request, schemes ...string) bool {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !slices.ContainsFunc(schemes, func(want string) bool { return strings.EqualFold(want, scheme) }) {
		return false
	}
	return s.knownToken(strings.TrimSpace(token))
}

// knownToken reports whether token is one of the accepted tokens
// (compared in constant time; never the empty string).
func (s *Server) knownToken(token string) bool {
	if token == "" {
		return false
	}
	for _, t := range s.tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			return true
		}
	}
	return false
}

// authorizeAPI returns the 401 reply of a request that is not authorized,
// or nil. A POST or PATCH of a messaging route without an Authorization
// header may authenticate with the legacy body credentials; its body is
// then read here.
func (s *Server) authorizeAPI(r *http.Request, rt *route, b *requestBody) *reply {
	if s.authorized(r) {
		return nil
	}
	msg := "Unauthorized"
	if rt != nil && rt.bodyAuth && isMutating(r.Method) && strings.TrimSpace(r.Header.Get("Authorization")) == "" {
		if data, fail := b.get(); fail == nil {
			msg = s.bodyCredentials(data)
		}
	}
	if msg == "" {
		return nil
	}
	return failure(http.StatusUnauthorized, msg)
}

// bodyCredentials checks the legacy body credentials of the messaging
// routes (contributing/wire-protocol.md §2.4): a Sender e-mail address and an APIKey that is one of the
// accepted tokens. It returns "" when they are good, else the D004 message.
// A body with neither member is simply "Unauthorized".
func (s *Server) bodyCredentials(b body) string {
	sender, hasSender, _ := b.str("Sender")
	key, hasKey, _ := b.str("APIKey")
	sender, key = strings.TrimSpace(sender), strings.TrimSpace(key)
	switch {
	case !hasSender && !hasKey:
		return "Unauthorized"
	case sender == "":
		return "Missing Sender"
	case key == "":
		return "Missing APIKey"
	case !strings.Contains(strings.Trim(sender, "@"), "@"):
		return "Invalid sender format"
	}
	if s.knownToken(key) {
		return ""
	}
	return "Unauthorized"
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

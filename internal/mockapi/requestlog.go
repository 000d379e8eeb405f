// The request log: the last requests the mock answered, newest first, for
// the dashboard's Requests page (README.md, Dashboard), with every secret
// masked out of the URI (redactURI).

package mockapi

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// RequestLogSize is how many requests the request log keeps.
const RequestLogSize = 200

// RequestRecord is one request as the request log keeps it. It holds no
// header and no body, and its URI is redacted.
type RequestRecord struct {
	// Time is when the request arrived, by the mock's clock.
	Time   time.Time
	Method string
	// URI is the path and query with every secret masked as "***": the
	// values of credential parameters (sub_account_pass, APIKey, token,
	// password, …, named in any letter case or escaping) and any path
	// segment, parameter name or value that contains an accepted token or
	// the gateway password.
	URI string
	// Area is what answered: "REST v2.04" (the version as given), "gateway
	// api_v1", "admin" or "" (no route).
	Area string
	// Status is the HTTP status answered; 0 when none was (a network fault
	// that reset the connection).
	Status int
	// Duration is how long the answer took, added latency included.
	Duration time.Duration
	// Fault describes the injected fault, if any.
	Fault string
}

// requestLog is a ring of the last RequestLogSize records.
type requestLog struct {
	mu    sync.Mutex
	ring  []RequestRecord
	next  int    // index of the slot the next record goes to, once the ring is full
	added uint64 // records added since the start (Server.Generation)
}

func (l *requestLog) add(rec RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.added++
	if len(l.ring) < RequestLogSize {
		l.ring = append(l.ring, rec)
		return
	}
	l.ring[l.next] = rec
	l.next = (l.next + 1) % RequestLogSize
}

func (l *requestLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.added++
	l.ring, l.next = nil, 0
}

func (l *requestLog) count() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.added
}

// Requests returns the request log, newest first: the last RequestLogSize
// requests to the REST API, the gateway, the admin API (except its reads)
// and unknown paths; the dashboard's own requests are not logged.
func (s *Server) Requests() []RequestRecord {
	l := &s.requests
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]RequestRecord, 0, len(l.ring))
	for i := range l.ring {
		// Oldest is at l.next once the ring is full, else at 0.
		j := (l.next + len(l.ring) - 1 - i) % len(l.ring)
		out = append(out, l.ring[j])
	}
	return out
}

// requestArea names what answers a request with the lower-cased path.
func requestArea(lower string) string {
	switch {
	case strings.HasPrefix(lower, "/api/"):
		version, _, _ := strings.Cut(strings.TrimPrefix(lower, "/api/"), "/")
		return "REST " + version
	case isGatewayPath(lower):
		return "gateway api_v1"
	case lower == "/_mock" || strings.HasPrefix(lower, "/_mock/"):
		return "admin"
	}
	return ""
}

// redacted is what a masked secret shows as.
const redacted = "***"

// secretParams are the query parameter names, folded by foldParam, whose
// values are masked whatever they hold.
var secretParams = map[string]bool{
	"subaccountpass": true, "apikey": true, "key": true, "token": true, "authtoken": true,
	"accesstoken": true, "authorization": true, "auth": true, "password": true, "pass": true,
	"passwd": true, "pwd": true, "secret": true,
}

// foldParam folds a parameter name: lower case, letters and digits only, so
// that "sub_account_pass", "Sub-Account-Pass" and "SUBACCOUNTPASS" are one.
func foldParam(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, name)
}

// redactURI is a request's URI as the request log and the -v log show it:
// requestLogURI's, then with every secret masked (RequestRecord.URI).
func (s *Server) redactURI(r *http.Request) string {
	uri := requestLogURI(r)
	path, query, hasQuery := strings.Cut(uri, "?")
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if s.holdsSecret(seg) {
			segs[i] = redacted
		}
	}
	out := strings.Join(segs, "/")
	if !hasQuery {
		return out
	}
	pairs := strings.Split(query, "&")
	for i, pair := range pairs {
		k, v, hasValue := strings.Cut(pair, "=")
		name := unescapeAll(k)
		switch {
		case s.holdsSecret(k):
			pairs[i] = redacted + "=" + redacted
		case secretParams[foldParam(name)] || s.holdsSecret(v):
			pairs[i] = k + "=" + redacted
		case !hasValue:
			pairs[i] = k
		}
	}
	return out + "?" + strings.Join(pairs, "&")
}

// holdsSecret reports whether an escaped URI component contains an
// accepted token or the gateway password, as it stands or after one or more
// rounds of unescaping (a secret escaped twice is still found).
func (s *Server) holdsSecret(component string) bool {
	for _, form := range unescapings(component) {
		for _, secret := range s.secrets() {
			if secret != "" && strings.Contains(form, secret) {
				return true
			}
		}
	}
	return false
}

// secrets are the credentials the mock accepts: its tokens and the gateway
// password.
func (s *Server) secrets() []string {
	return append(append([]string(nil), s.tokens...), s.gateway.password)
}

// unescapings returns v and what successive rounds of query unescaping (+
// for space included) make of it, until nothing changes (at most a few
// rounds).
func unescapings(v string) []string {
	out := []string{v}
	for range 4 {
		u, err := url.QueryUnescape(v)
		if err != nil || u == v {
			break
		}
		out = append(out, u)
		v = u
	}
	return out
}

// unescapeAll is v after every round of unescapings.
func unescapeAll(v string) string {
	all := unescapings(v)
	return all[len(all)-1]
}

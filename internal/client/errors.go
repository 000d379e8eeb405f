package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrNotFound is returned by look-ups the client performs itself (for
// example resolving a GroupCode by listing groups) when nothing matches.
// IsNotFound recognises it.
var ErrNotFound = errors.New("not found")

// APIError is a failed BestSMS API call: a non-2xx HTTP status, or a 2xx
// answer whose Result is not "Success".
type APIError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Result is the envelope's Result member ("Failed", "Unauthorized",
	// "RecordNotFound"…). It is empty when the body was not an API envelope
	// (an HTML error page from a proxy, an empty body…).
	Result string
	// Messages holds the API's own error messages, verbatim: ErrorMessage as
	// an array or a string, falling back to Message.
	Messages []string
	// Method and Path name the call, e.g. "GET" and "addressbook/contact/{id}".
	Method string
	Path   string
	// bare: the body was a JSON object with ErrorMessage and without
	// Result, which v3 answers for an unknown opt-out
	// (contributing/wire-protocol-v3.md §3.3).
	bare bool
}

// Error implements error.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "BestSMS API %s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Result != "" {
		fmt.Fprintf(&b, " %s", e.Result)
	}
	if len(e.Messages) > 0 {
		fmt.Fprintf(&b, ": %s", strings.Join(e.Messages, "; "))
	}
	return b.String()
}

// IsNotFound reports whether err means that the object asked for does not
// exist. It is the only place that decides this, and it is deliberately
// narrow, because a "not found" makes the provider drop an object from state:
//
//   - an HTTP 404 counts only when its body is an API envelope (a 404 HTML page
//     from a proxy or a wrong base URL is not the API saying "gone"), does
//     not complain about the route itself, and does not answer a collection
//     route (a whole collection is never "gone": see IsRouteNotFound);
//   - a Result of "RecordNotFound" (the v3 convention) counts;
//   - v3's opt-out 404, a JSON object with ErrorMessage and without Result,
//     counts on the opt-out route only (bareNotFoundRoutes,
//     contributing/wire-protocol-v3.md §3.3);
//   - a 2xx or 400 answer with Result "Failed" counts when the API's own
//     message says the record was not found (the undocumented v2 convention);
//   - ErrNotFound from the client's own look-ups counts.
//
// Every other failure (401, 5xx, timeouts, non-JSON bodies) is not "not found".
func IsNotFound(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrNotFound) {
		return true
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	if strings.EqualFold(apiErr.Result, "RecordNotFound") || apiErr.bareNotFound() {
		return true
	}
	if apiErr.Result == "" || apiErr.mentions("route") || collectionRoutes[apiErr.Path] {
		return false
	}
	switch {
	case apiErr.StatusCode == http.StatusNotFound:
		return true
	case apiErr.StatusCode < 300 || apiErr.StatusCode == http.StatusBadRequest:
		return apiErr.mentions("not found")
	}
	return false
}

// collectionRoutes are the routes that list a whole collection: they
// always exist, so a 404 on one of them can never mean "not found" (unlike
// a 404 on a group's member list, whose group may be gone).
var collectionRoutes = map[string]bool{
	"addressbook/contact/list":   true,
	"addressbook/contact/search": true,
	"addressbook/group/list":     true,
	"get/sms/received":           true,
	"sms/received":               true,
	"optout/list":                true,
}

// bareNotFoundRoutes are the routes whose 404 has no Result: v3's opt-out
// read, update and delete.
var bareNotFoundRoutes = map[string]bool{"optout/{id}": true}

// bareNotFound reports whether e is the 404 without Result of a route that
// answers one (bareNotFoundRoutes).
func (e *APIError) bareNotFound() bool {
	return e.StatusCode == http.StatusNotFound && e.bare && bareNotFoundRoutes[e.Path]
}

// IsRouteNotFound reports whether err means that whatever answers at the
// base URL does not know the route at all, which usually means a wrong
// base_url (one without /api, or with the version in it): an HTTP 404 that
// is not an API envelope, that complains about the route itself, or that
// answers a collection route (see collectionRoutes).
func IsRouteNotFound(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || apiErr.bareNotFound() {
		return false
	}
	return apiErr.Result == "" || apiErr.mentions("route") || collectionRoutes[apiErr.Path]
}

// CheckBaseURL asks for one group, from the group list: a route that always
// exists, so that a base URL that does not point at the API shows at once
// (IsRouteNotFound) instead of in every later call.
func (c *Client) CheckBaseURL(ctx context.Context) error {
	req := c.route(opGroupList)
	req.query = url.Values{"recordsPerPage": {"1"}, "page": {"1"}}
	return c.do(ctx, req, nil)
}

// IsUnauthorized reports whether err means the auth token was missing or
// rejected: HTTP 401, a Result of "Unauthorized", or a failure whose message
// is exactly "Unauthorized".
func IsUnauthorized(err error) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	if apiErr.StatusCode == http.StatusUnauthorized || strings.EqualFold(apiErr.Result, "Unauthorized") {
		return true
	}
	for _, m := range apiErr.Messages {
		if strings.EqualFold(strings.TrimSpace(m), "Unauthorized") {
			return true
		}
	}
	return false
}

// mentions reports whether any of the API's messages contains substr,
// case-insensitively.
func (e *APIError) mentions(substr string) bool {
	for _, m := range e.Messages {
		if strings.Contains(strings.ToLower(m), substr) {
			return true
		}
	}
	return false
}

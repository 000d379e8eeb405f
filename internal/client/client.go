// Package client is the BestSMS REST API client (API versions v2.03, v2.04
// and v3.00) used by the Terraform provider. It has no Terraform
// dependencies.
//
// It follows the rules of contributing/wire-protocol.md §13.1 and, for
// v3.00, contributing/wire-protocol-v3.md §9.1: the version's dialect
// (versions.go: route table, authorization, answer shape, success rule) is
// chosen once in New; errors become *APIError, responses are decoded
// tolerantly, and only idempotent requests are retried on server errors. Every request is bounded in time (Config.RequestTimeout per
// attempt, retries included in twice that) and in size
// (Config.MaxResponseBytes), never follows redirects, and reports a failure
// that may have hidden a change as an unknown outcome (IsUnknownOutcome).
//
// It must not import Terraform, internal/gateway (its sibling for api_v1)
// or any package of the provider (internal/provider, internal/framework,
// internal/area/...).
package client

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/bestsms/terraform-provider-bestsms/internal/groupcode"
	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// Supported API versions.
const (
	APIVersion203 = "v2.03"
	APIVersion204 = "v2.04"
	APIVersion300 = "v3.00"
)

const (
	contentTypeJSON = "application/json; encoding='utf-8'"
	// maxBodyLog, maxErrorBody and maxQuotedName bound what a trace log
	// and an error quote of an answer (a body, one API message, a member
	// name); maxMessages bounds how many messages an error quotes.
	maxBodyLog    = 4096
	maxErrorBody  = 200
	maxQuotedName = 40
	maxMessages   = 10
)

// Client talks to one BestSMS account. It is safe for concurrent use.
type Client struct {
	baseURL   *url.URL
	dialect   *dialect
	authToken string
	// masker hides the auth token in every text the client quotes: see
	// quote.
	masker    *redact.Masker
	userAgent string
	pageSize  int
	// bookPageSize is the recordsPerPage of the address-book listings
	// (listBook); largePagesRefused turns it down to DefaultPageSize for
	// the client's life once the API refused a larger page or answered one
	// with fewer items than it announced.
	bookPageSize      int
	largePagesRefused atomic.Bool
	http              *http.Client
	log               Logger
	maxRetries        int
	retryWaitMin      time.Duration
	retryWaitMax      time.Duration
	requestTimeout    time.Duration
	maxResponseBytes  int64
	// maxListBytes bounds one listing's answers together (paging.go).
	maxListBytes int64
	// cache is nil when bulk reads are off.
	cache *readCache
	// creates tracks the creates of this client, so that recovering an
	// unknown create never adopts an object another create may own.
	creates createLedger
	// clock is the API's clock, as read from the Date of its answers.
	clock serverClock

	// groupCodes maps GroupID → GroupCode for every group the client has
	// seen; v2.03 addresses groups by code.
	groupCodes sync.Map
}

// RequestTimeout returns the bound of one HTTP attempt.
func (c *Client) RequestTimeout() time.Duration { return c.requestTimeout }

// APIVersion returns the API version the client speaks.
func (c *Client) APIVersion() string { return c.dialect.version }

// envelope is the part of every response the client inspects before
// decoding the payload (answerOf reads it).
type envelope struct {
	Result       string
	ActionResult string
	ErrorMessage json.RawMessage
	Message      json.RawMessage
}

// request is one API call (Client.route makes it from the route table).
type request struct {
	method string
	// route is the path relative to {base}/{version}/ with a placeholder
	// ({id}, {group}) for each value of params, e.g.
	// "addressbook/contact/{id}/group/{group}"; it names the call in errors
	// and logs. requestPath builds the path from it.
	route string
	// params fill the route's placeholders, in order, unescaped.
	params []string
	// err is why the client's version cannot make the call (Client.route):
	// do returns it without sending anything.
	err error
	// pageSize is the recordsPerPage of a listing; 0 means the client's.
	pageSize int
	// largePages marks a listing of listBook: pages larger than the API's
	// default, checked for a server that cuts them (see listPages).
	largePages bool
	query      url.Values
	body       any
	// replayable marks a POST that is safe to send twice (see retry.go).
	replayable bool
	// once marks a request that must not be sent twice although its method
	// is idempotent (abort and resubmit fail or act again when repeated).
	once bool
	// writes declares what a request that is not a read changes, for the
	// client's caches (cache.go); do refuses a write that declares nothing.
	writes writes
	// maxBytes, when above 0, bounds the answer below MaxResponseBytes
	// (what a listing has left of maxListBytes).
	maxBytes int64
}

// do performs req and decodes a successful answer into out (which may be
// nil). After a write, whatever its outcome, it brings the client's caches
// up to date (afterWrite): every write goes through here, so none can
// leave a cache stale.
func (c *Client) do(ctx context.Context, req request, out any) error {
	if req.err != nil {
		return req.err
	}
	isWrite := req.method != http.MethodGet && req.method != http.MethodHead
	if isWrite && req.writes.kind == writeUndeclared {
		return fmt.Errorf("client bug: %s %s declares no cache effect (request.writes)", req.method, req.route)
	}
	err := c.masked(c.send(ctx, req, out))
	if isWrite {
		c.afterWrite(req.writes, out, err)
	}
	return err
}

// send performs req and decodes a successful answer into out.
func (c *Client) send(ctx context.Context, req request, out any) error {
	escaped, err := requestPath(req)
	if err != nil {
		return err
	}
	u := *c.baseURL
	// Join the escaped path to the escaped base path and set both forms, so
	// that url.URL does not escape it a second time.
	u.RawPath = u.EscapedPath() + "/" + c.dialect.version + "/" + escaped
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return fmt.Errorf("building %s %s request: %w", req.method, req.route, err)
	}
	u.Path = unescaped
	if len(req.query) > 0 {
		u.RawQuery = req.query.Encode()
	}

	var payload []byte
	if req.body != nil {
		var err error
		if payload, err = json.Marshal(req.body); err != nil {
			return fmt.Errorf("encoding %s %s request: %w", req.method, req.route, err)
		}
	}

	cl := &callState{
		route:      req.route,
		baseURL:    c.baseURL.Redacted(),
		replayable: !req.once && (req.replayable || idempotent(req.method)),
		change:     req.method != http.MethodGet && req.method != http.MethodHead,
		timeout:    c.requestTimeout,
		maxBytes:   c.maxResponseBytes,
		waitMin:    c.retryWaitMin,
		waitMax:    c.retryWaitMax,
		isAnswer:   c.dialect.isAnswer,
	}
	if req.maxBytes > 0 {
		cl.maxBytes = min(cl.maxBytes, req.maxBytes)
	}
	ctx = withCall(ctx, cl)
	var bodyArg any
	if payload != nil {
		bodyArg = payload
	}
	hreq, err := retryablehttp.NewRequestWithContext(ctx, req.method, u.String(), bodyArg)
	if err != nil {
		return fmt.Errorf("building %s %s request: %w", req.method, req.route, err)
	}
	hreq.Header.Set("Authorization", c.dialect.auth+" "+c.authToken)
	hreq.Header.Set("Accept", c.dialect.mediaType)
	if payload != nil {
		hreq.Header.Set("Content-Type", c.dialect.mediaType)
	}
	if c.userAgent != "" {
		hreq.Header.Set("User-Agent", c.userAgent)
	}

	fields := map[string]any{"method": req.method, "path": u.Path, "route": req.route}
	if len(req.query) > 0 {
		fields["query"] = u.RawQuery
	}
	c.log.Debug(ctx, "BestSMS API request", fields)
	if payload != nil {
		c.log.Trace(ctx, "BestSMS API request body", map[string]any{"route": req.route, "body": c.quote(string(payload), maxBodyLog)})
	}

	start := time.Now()
	rc := &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       nil, // we log ourselves, without headers
		RetryWaitMin: c.retryWaitMin,
		RetryWaitMax: c.retryWaitMax,
		RetryMax:     c.maxRetries,
		CheckRetry:   cl.checkRetry,
		Backoff:      cl.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		RequestLogHook: func(_ retryablehttp.Logger, r *http.Request, attempt int) {
			if attempt > 0 {
				c.log.Debug(r.Context(), "retrying BestSMS API request", map[string]any{
					"method": r.Method, "path": r.URL.Path, "attempt": attempt + 1,
				})
			}
		},
	}
	resp, err := rc.Do(hreq)
	if err != nil {
		return c.failed(req, transportFailure(req, err))
	}
	defer resp.Body.Close()
	c.clock.observe(resp.Header.Get("Date"))
	raw := answerBytes(resp)
	c.log.Debug(ctx, "BestSMS API response", map[string]any{
		"method": req.method, "route": req.route, "status": resp.StatusCode,
		"duration_ms": time.Since(start).Milliseconds(),
	})
	c.log.Trace(ctx, "BestSMS API response body", map[string]any{"route": req.route, "body": c.quote(string(raw), maxBodyLog)})

	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return c.failed(req, &RedirectError{
			Method: req.method, Route: req.route, StatusCode: resp.StatusCode,
			Location: c.quote(resolveLocation(resp), maxErrorBody),
		})
	}
	return c.failed(req, cl.refusedRetryAfter(c.decodeResponse(req, resp.StatusCode, raw, out)))
}

// transportFailure turns what the HTTP client returned into the error of a
// request: an *AttemptError as it is, anything else prefixed with the call.
func transportFailure(req request, err error) error {
	var ae *AttemptError
	if errors.As(err, &ae) {
		return ae
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return fmt.Errorf("BestSMS API %s %s: %w", req.method, req.route, err)
}

// resolveLocation returns the Location of a redirect as an absolute URL.
func resolveLocation(resp *http.Response) string {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return ""
	}
	if resp.Request != nil && resp.Request.URL != nil {
		if u, err := resp.Request.URL.Parse(loc); err == nil {
			return u.Redacted()
		}
	}
	return loc
}

// quote is the one way a text from the network reaches an error or a log:
// an API message, a body, a redirect's Location, a member name. It masks
// the auth token in every escaped form a server or proxy may echo it in,
// and every run of six or more of its characters (internal/redact), and
// only then cuts the text to limit bytes, so that a cut never leaves a
// part of the token behind.
func (c *Client) quote(text string, limit int) string {
	return c.masker.Quote(text, limit)
}

// masked is quote for an error built from decoded content (a decoder's
// message may quote what it could not read): its text masked, its chain
// kept.
func (c *Client) masked(err error) error {
	return c.masker.Error(err)
}

// decodeResponse applies the version's success rule (dialect.succeeded)
// and decodes raw into out: a single object (objectAnswer) from its member
// in v2, from the whole answer in v3. The API's messages are kept verbatim,
// except that the auth token is masked and each message, and their number,
// is bounded (quote).
func (c *Client) decodeResponse(req request, status int, raw []byte, out any) error {
	apiErr := &APIError{StatusCode: status, Method: req.method, Path: req.route}
	env, object := answerOf(raw)
	if !c.dialect.answered(env, object) {
		// Not an API envelope: keep a short, readable excerpt.
		text := strings.TrimSpace(c.quote(strings.TrimSpace(string(raw)), maxErrorBody))
		if text == "" {
			text = http.StatusText(status)
			if status >= 200 && status < 300 {
				text = "empty response body"
			}
		} else if status >= 200 && status < 300 {
			text = "unexpected response body: " + text
		}
		apiErr.Messages = []string{text}
		return apiErr
	}
	if status < 200 || status > 299 || !c.dialect.succeeded(env) {
		result := cmp.Or(env.Result, env.ActionResult)
		apiErr.Result = c.quote(result, maxQuotedName)
		// A failure body with messages but without Result: v3's opt-out
		// 404 (IsNotFound).
		apiErr.bare = result == "" && env.ErrorMessage != nil
		apiErr.Messages = stringOrArray(env.ErrorMessage)
		if len(apiErr.Messages) == 0 {
			apiErr.Messages = stringOrArray(env.Message)
		}
		if len(apiErr.Messages) == 0 {
			apiErr.Messages = []string{http.StatusText(status)}
		}
		apiErr.Messages = c.quoteMessages(apiErr.Messages)
		return apiErr
	}
	if out == nil {
		return nil
	}
	target := out
	if oa, ok := out.(objectAnswer); ok && c.dialect.flat {
		target = oa.object()
	}
	if err := json.Unmarshal(raw, target); err != nil {
		return &IncompleteAnswerError{Method: req.method, Route: req.route, Problem: "its body could not be decoded", Err: c.masked(err)}
	}
	return nil
}

// quoteMessages quotes at most maxMessages of the API's messages, each
// bounded, and says how many more there were.
func (c *Client) quoteMessages(messages []string) []string {
	out := make([]string, 0, min(len(messages), maxMessages+1))
	for i, m := range messages {
		if i == maxMessages {
			out = append(out, fmt.Sprintf("and %d more", len(messages)-maxMessages))
			break
		}
		out = append(out, c.quote(m, maxErrorBody))
	}
	return out
}

// stringOrArray reads a JSON string or array of strings; anything else
// yields nothing.
func stringOrArray(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		if one = strings.TrimSpace(one); one != "" {
			return []string{one}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err == nil {
		out := many[:0]
		for _, m := range many {
			if m = strings.TrimSpace(m); m != "" {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// lookup finds key in an object case-insensitively, as encoding/json does.
func lookup(obj map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	if v, ok := obj[key]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// requestPath is the one place request paths are built: each placeholder
// of the route replaced by its value, path-escaped. A value that is empty
// or a dot segment (groupcode.DotSegment: "..", "%2E%2E", "a/../b"…) is
// refused before anything is sent: a server or proxy that normalises paths
// would route DELETE …/contact/{id}/group/.. as deleting the contact.
func requestPath(req request) (string, error) {
	parts := strings.Split(req.route, "/")
	next := 0
	for i, part := range parts {
		if !strings.HasPrefix(part, "{") || !strings.HasSuffix(part, "}") {
			continue
		}
		if next >= len(req.params) {
			return "", fmt.Errorf("client bug: %s %s has no value for %s", req.method, req.route, part)
		}
		value := req.params[next]
		next++
		if value == "" || groupcode.DotSegment(value) {
			return "", &PathValueError{Method: req.method, Route: req.route, Placeholder: part, Value: value}
		}
		parts[i] = url.PathEscape(value)
	}
	if next != len(req.params) {
		return "", fmt.Errorf("client bug: %s %s has %d values for %d placeholders", req.method, req.route, len(req.params), next)
	}
	return strings.Join(parts, "/"), nil
}

// PathValueError is a request refused before it was sent because a value
// that goes into its path (an id, a group code) would not address what it
// names: it is empty, or a dot segment ("." or "..", also percent-encoded
// or between slashes), which servers and proxies resolve as another path.
type PathValueError struct {
	Method, Route string
	// Placeholder is the route's slot, e.g. "{group}"; Value what was to
	// fill it.
	Placeholder, Value string
}

func (e *PathValueError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("BestSMS API %s %s: %s is empty; the request was not sent", e.Method, e.Route, e.Placeholder)
	}
	msg := fmt.Sprintf("BestSMS API %s %s: %s %q is a dot segment (\".\" or \"..\", also percent-encoded or between "+
		"slashes), which servers and proxies resolve as another path; the request was not sent",
		e.Method, e.Route, e.Placeholder, redact.Cut(e.Value, maxQuotedName))
	if e.Placeholder == "{group}" {
		msg += ". API v2.03 addresses a group by its code: rename the group's code, or use API v2.04, which addresses " +
			"groups by their GroupID"
	}
	return msg
}

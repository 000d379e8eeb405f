// Package client is the BestSMS REST API client (API versions v2.03 and
// v2.04) used by the Terraform provider. It has no Terraform dependencies.
//
// The wire protocol, and every place where the vendor's documentation and
// SDKs disagree, is described in shared/api/bestsms-rest.md; this package
// follows its §13 advice: success is HTTP 2xx and Result "Success", errors
// become *APIError, responses are decoded tolerantly, and only idempotent
// requests are retried on server errors.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Supported API versions.
const (
	APIVersion203 = "v2.03"
	APIVersion204 = "v2.04"
)

// Defaults used by New for zero Config fields.
const (
	DefaultBaseURL      = "https://api.bestsms.com.au/api"
	DefaultAPIVersion   = APIVersion204
	DefaultPageSize     = 100
	DefaultMaxRetries   = 4
	DefaultRetryWaitMin = 500 * time.Millisecond
	DefaultRetryWaitMax = 30 * time.Second
	DefaultTimeout      = 60 * time.Second
)

const (
	contentTypeJSON = "application/json; encoding='utf-8'"
	maxBodyLog      = 4096
	maxErrorBody    = 200
)

// Config configures a Client. Zero values take the defaults above, except
// MaxRetries: 0 disables retries (use DefaultMaxRetries for the usual policy).
type Config struct {
	// BaseURL is the API root without the version, e.g.
	// "https://api.bestsms.com.au/api" or "http://127.0.0.1:8089/api".
	BaseURL string
	// APIVersion is "v2.03" or "v2.04".
	APIVersion string
	// AuthToken is sent as "Authorization: Basic <token>", as is.
	AuthToken string
	// UserAgent is sent on every request.
	UserAgent string
	// HTTPClient performs the requests; nil means a pooled client with
	// DefaultTimeout.
	HTTPClient *http.Client
	// MaxRetries is the number of retries after the first attempt; 0 disables.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// PageSize is the recordsPerPage asked for when listing.
	PageSize int
	// BulkRead serves single-object reads from whole-collection listings
	// (see readCache): one listing instead of a GET per object.
	BulkRead bool
	// RequestsPerSecond limits the request rate across all concurrent
	// calls, retries included; 0 means unlimited.
	RequestsPerSecond float64
	// Logger receives request/response logs; nil discards them.
	Logger Logger
}

// Logger is the logging interface the client writes to. The provider passes
// an adapter over tflog. Fields never contain the auth token or the
// Authorization header.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Trace(context.Context, string, map[string]any) {}

// Client talks to one BestSMS account. It is safe for concurrent use.
type Client struct {
	baseURL    *url.URL
	apiVersion string
	authToken  string
	userAgent  string
	pageSize   int
	http       *retryablehttp.Client
	log        Logger
	maxRetries int
	// cache is nil when bulk reads are off.
	cache *readCache
	// created remembers the ids of objects created through this client, so
	// that recovering an unknown create never adopts one twice.
	created sync.Map

	// groupCodes maps GroupID → GroupCode for every group the client has
	// seen; v2.03 addresses groups by code.
	groupCodes sync.Map
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	switch cfg.APIVersion {
	case "":
		cfg.APIVersion = DefaultAPIVersion
	case APIVersion203, APIVersion204:
	default:
		return nil, fmt.Errorf("API version %q is not supported (use %s or %s)", cfg.APIVersion, APIVersion203, APIVersion204)
	}
	if cfg.AuthToken == "" {
		return nil, errors.New("an auth token is required")
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be 0 or more, got %d", cfg.MaxRetries)
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		cfg.RetryWaitMax = cfg.RetryWaitMin
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: DefaultTimeout}
	}
	if cfg.Logger == nil {
		cfg.Logger = nopLogger{}
	}
	if cfg.RequestsPerSecond < 0 {
		return nil, fmt.Errorf("requests per second must be 0 (unlimited) or more, got %v", cfg.RequestsPerSecond)
	}
	if cfg.RequestsPerSecond > 0 {
		hc := *cfg.HTTPClient
		hc.Transport = newRateLimitedTransport(hc.Transport, cfg.RequestsPerSecond)
		cfg.HTTPClient = &hc
	}

	c := &Client{
		baseURL:    base,
		apiVersion: cfg.APIVersion,
		authToken:  cfg.AuthToken,
		userAgent:  cfg.UserAgent,
		pageSize:   cfg.PageSize,
		log:        cfg.Logger,
		maxRetries: cfg.MaxRetries,
	}
	if cfg.BulkRead {
		c.cache = newReadCache()
	}
	c.http = &retryablehttp.Client{
		HTTPClient:   cfg.HTTPClient,
		Logger:       nil, // we log ourselves, without headers
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			if attempt > 0 {
				c.log.Debug(req.Context(), "retrying BestSMS API request", map[string]any{
					"method": req.Method, "path": req.URL.Path, "attempt": attempt + 1,
				})
			}
		},
	}
	return c, nil
}

// APIVersion returns the API version the client speaks.
func (c *Client) APIVersion() string { return c.apiVersion }

// envelope is the part of every v2 response the client inspects before
// decoding the payload.
type envelope struct {
	Result       string          `json:"Result"`
	ErrorMessage json.RawMessage `json:"ErrorMessage"`
	Message      json.RawMessage `json:"Message"`
}

// request is one API call.
type request struct {
	method string
	// path is relative to {base}/{version}/, already escaped.
	path string
	// route is path with identifiers replaced by placeholders; used in
	// errors and logs.
	route string
	query url.Values
	body  any
	// replayable marks a POST that is safe to send twice (see retry.go).
	replayable bool
	// once marks a request that must not be sent twice although its method
	// is idempotent (abort and resubmit fail or act again when repeated).
	once bool
}

// do performs req and decodes a successful answer into out (which may be nil).
func (c *Client) do(ctx context.Context, req request, out any) error {
	u := *c.baseURL
	// req.path is already escaped: join it to the escaped base path and set
	// both forms, so that url.URL does not escape it a second time.
	u.RawPath = u.EscapedPath() + "/" + c.apiVersion + "/" + req.path
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

	ctx = withAttemptPolicy(ctx, req.method, req.replayable, req.once)
	var bodyArg any
	if payload != nil {
		bodyArg = payload
	}
	hreq, err := retryablehttp.NewRequestWithContext(ctx, req.method, u.String(), bodyArg)
	if err != nil {
		return fmt.Errorf("building %s %s request: %w", req.method, req.route, err)
	}
	hreq.Header.Set("Authorization", "Basic "+c.authToken)
	hreq.Header.Set("Accept", contentTypeJSON)
	if payload != nil {
		hreq.Header.Set("Content-Type", contentTypeJSON)
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
		c.log.Trace(ctx, "BestSMS API request body", map[string]any{"route": req.route, "body": string(truncate(payload, maxBodyLog))})
	}

	start := time.Now()
	resp, err := c.http.Do(hreq)
	if err != nil {
		return fmt.Errorf("BestSMS API %s %s: %w", req.method, req.route, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("BestSMS API %s %s: reading response: %w", req.method, req.route, err)
	}
	c.log.Debug(ctx, "BestSMS API response", map[string]any{
		"method": req.method, "route": req.route, "status": resp.StatusCode,
		"duration_ms": time.Since(start).Milliseconds(),
	})
	c.log.Trace(ctx, "BestSMS API response body", map[string]any{"route": req.route, "body": string(truncate(raw, maxBodyLog))})

	return decodeResponse(req, resp.StatusCode, raw, out)
}

// decodeResponse applies the success rule (HTTP 2xx and Result "Success",
// case-insensitively) and decodes raw into out.
func decodeResponse(req request, status int, raw []byte, out any) error {
	apiErr := &APIError{StatusCode: status, Method: req.method, Path: req.route}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Result == "" {
		// Not an API envelope: keep a short, readable excerpt.
		text := strings.TrimSpace(string(truncate(raw, maxErrorBody)))
		if text == "" {
			text = http.StatusText(status)
		}
		if status >= 200 && status < 300 {
			text = "unexpected response body: " + text
		}
		apiErr.Messages = []string{text}
		return apiErr
	}
	if status < 200 || status > 299 || !strings.EqualFold(env.Result, "Success") {
		apiErr.Result = env.Result
		apiErr.Messages = stringOrArray(env.ErrorMessage)
		if len(apiErr.Messages) == 0 {
			apiErr.Messages = stringOrArray(env.Message)
		}
		if len(apiErr.Messages) == 0 {
			apiErr.Messages = []string{http.StatusText(status)}
		}
		return apiErr
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("BestSMS API %s %s: decoding response: %w", req.method, req.route, err)
	}
	return nil
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

func truncate(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	return append(bytes.Clone(b[:n]), "…"...)
}

// pagination is the paging block of every list answer.
type pagination struct {
	TotalRecords   int `json:"TotalRecords"`
	RecordsPerPage int `json:"RecordsPerPage"`
	PageCount      int `json:"PageCount"`
	Page           int `json:"Page"`
}

// listAll fetches every page of a list endpoint and returns the items found
// under the first of keys present in each page (see listShape). It is the
// one pagination loop of the client.
func listAll[T any](ctx context.Context, c *Client, req request, keys ...string) ([]T, error) {
	return listPages(ctx, c, req, nil, listShape[T]{keys: keys})
}

// listPages is listAll with a hook that sees each page's whole body, for
// answers that carry more than the list (a message status document pages
// its Recipients), and a listShape of the caller's.
func listPages[T any](ctx context.Context, c *Client, req request, onPage func(page int, raw json.RawMessage) error, shape listShape[T]) ([]T, error) {
	var all []T
	for page := 1; ; page++ {
		q := url.Values{}
		for k, v := range req.query {
			q[k] = v
		}
		q.Set("recordsPerPage", fmt.Sprint(c.pageSize))
		q.Set("page", fmt.Sprint(page))
		r := req
		r.query = q

		var raw json.RawMessage
		if err := c.do(ctx, r, &raw); err != nil {
			return nil, err
		}
		var p pagination
		var body map[string]json.RawMessage
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, fmt.Errorf("BestSMS API %s %s: decoding paging: %w", req.method, req.route, err)
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			return nil, fmt.Errorf("BestSMS API %s %s: decoding page: %w", req.method, req.route, err)
		}
		if onPage != nil {
			if err := onPage(page, raw); err != nil {
				return nil, fmt.Errorf("BestSMS API %s %s: decoding page %d: %w", req.method, req.route, page, err)
			}
		}
		items, err := shape.items(req, body)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		// Stop on the last page, on an empty page, or when the server gives
		// no page count (an unpaged answer).
		if len(items) == 0 || p.PageCount <= page || p.PageCount == 0 {
			return all, nil
		}
	}
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

// seg escapes one path segment.
func seg(s string) string { return url.PathEscape(s) }

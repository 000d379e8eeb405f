// Package gateway is the client of the legacy Best SMS Gateway api_v1, the
// older of the two systems the provider speaks to. It is a sibling of
// internal/client (the BestSMS REST client), not a mode of it: the wire is
// different (one URL for every call, an action form field, sub_account and
// sub_account_pass on every request, loosely typed JSON answers with
// error/error_code failures), the rules are the same:
//
//   - no Terraform imports; a context on every call;
//   - one retry policy (retry.go): reads are retried on connection errors,
//     HTTP 429 and 5xx; actions that change something are retried only when
//     the request provably never reached the gateway (or on 429), and a send
//     is never repeated after an unknown outcome (api_v1 has no client
//     message id, so a repeat would text people twice);
//   - answers are read up to a bound, redirects are not followed (the
//     request carries the password), paging stops when a page adds nothing
//     new and at a hard cap;
//   - the password and the sub-account name never reach a log or an error
//     message.
package gateway

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
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/bestsms/terraform-provider-bestsms/internal/groupcode"
	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// Defaults used by New for zero Config fields.
const (
	// DefaultURL is the endpoint as the vendor documents it (plain http).
	DefaultURL              = "http://bestsmsgateway.com/api_v1"
	DefaultPageSize         = MaxPageSize
	DefaultMaxPages         = 1000
	DefaultMaxRetries       = 4
	DefaultRetryWaitMin     = 500 * time.Millisecond
	DefaultRetryWaitMax     = 30 * time.Second
	DefaultTimeout          = 60 * time.Second
	DefaultMaxResponseBytes = 16 << 20
)

// MaxPageSize is the largest perpage api_v1 accepts.
const MaxPageSize = 300

// Methods a Client can use.
const (
	MethodPOST = http.MethodPost
	MethodGET  = http.MethodGet
)

// maxGETLength bounds the URL of a GET request; longer requests need POST.
const maxGETLength = 8000

// maxLogBody and maxErrorBody bound what is logged and quoted in errors,
// maxQuotedValue a value or member name an error quotes, and maxMembers
// how many member names it lists.
const (
	maxLogBody     = 4096
	maxErrorBody   = 200
	maxQuotedValue = 40
	maxMembers     = 10
)

// Config configures a Client.
type Config struct {
	// URL is the api_v1 endpoint; empty means DefaultURL.
	URL string
	// SubAccount and Password are sent as sub_account and sub_account_pass.
	SubAccount string
	Password   string
	// Method is MethodPOST (the default: a form body) or MethodGET (a query
	// string, which proxies and server logs may record).
	Method string
	// UserAgent is sent on every request.
	UserAgent string
	// HTTPClient performs the requests; nil means a new client. Its
	// Transport is used as is; the Client sets its own redirect policy and,
	// when HTTPClient.Timeout is zero, Timeout.
	HTTPClient *http.Client
	// Timeout bounds each HTTP attempt (0 = DefaultTimeout).
	Timeout time.Duration
	// MaxRetries is the number of retries after the first attempt; 0
	// disables retries (use DefaultMaxRetries for the usual policy).
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// PageSize is the perpage of listings, 1 to MaxPageSize (0 = default).
	PageSize int
	// MaxPages caps the pages one listing reads (0 = DefaultMaxPages).
	MaxPages int
	// MaxResponseBytes bounds the answers read (0 = DefaultMaxResponseBytes).
	MaxResponseBytes int64
	// Logger receives request and response logs; nil discards them.
	Logger Logger
}

// Logger is the logging interface of the client (the provider passes an
// adapter over tflog). Fields never hold the password or the sub-account.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// maskingLogger is the client's Logger: every message and field goes
// through the client's masker (see Client.quote) on its way to the Logger
// of Config.
type maskingLogger struct {
	next   Logger
	masker *redact.Masker
}

func (l maskingLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	l.next.Debug(ctx, l.masker.Mask(msg), l.masker.Fields(fields))
}

func (l maskingLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	l.next.Trace(ctx, l.masker.Mask(msg), l.masker.Fields(fields))
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Trace(context.Context, string, map[string]any) {}

// Client talks to one api_v1 sub-account. It is safe for concurrent use.
type Client struct {
	endpoint   *url.URL
	subAccount string
	password   string
	// masker hides the password and the sub-account in every text the
	// client quotes: see quote.
	masker     *redact.Masker
	method     string
	userAgent  string
	pageSize   int
	maxPages   int
	maxBody    int64
	maxRetries int
	http       *retryablehttp.Client
	log        Logger
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	u, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	cfg.fillDefaults()
	masker := redact.New(cfg.Password, cfg.SubAccount)
	c := &Client{
		endpoint:   u,
		subAccount: cfg.SubAccount,
		password:   cfg.Password,
		masker:     masker,
		method:     cfg.Method,
		userAgent:  cfg.UserAgent,
		pageSize:   cfg.PageSize,
		maxPages:   cfg.MaxPages,
		maxBody:    cfg.MaxResponseBytes,
		maxRetries: cfg.MaxRetries,
		log:        maskingLogger{next: cfg.Logger, masker: masker},
	}
	c.http = &retryablehttp.Client{
		HTTPClient:   cfg.httpClient(),
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			if attempt > 0 {
				c.log.Debug(req.Context(), "retrying Best SMS Gateway request", map[string]any{
					"action": policyFrom(req.Context()).action, "attempt": attempt + 1,
				})
			}
		},
	}
	return c, nil
}

// validate checks the settings that have no default, normalises Method
// and returns the parsed URL (DefaultURL when URL is empty).
func (cfg *Config) validate() (*url.URL, error) {
	if cfg.URL == "" {
		cfg.URL = DefaultURL
	}
	// The URL is never quoted as given: a query (?sub_account_pass=…, as
	// the vendor documents GET URLs) or user information may hold the
	// password.
	shown := redact.New(cfg.Password, cfg.SubAccount).Mask(redact.URL(cfg.URL))
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("gateway URL %q is not an absolute http(s) URL", shown)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("gateway URL %q must not carry user information, a query or a fragment: the client "+
			"sends the sub-account and password itself (the URL shown here leaves them out)", shown)
	}
	for _, part := range strings.Split(u.EscapedPath(), "/") {
		if groupcode.DotSegment(part) {
			return nil, fmt.Errorf("gateway URL %q has a dot segment (\".\" or \"..\") in its path, which servers "+
				"resolve as another path: write the path without it", shown)
		}
	}
	if strings.TrimSpace(cfg.SubAccount) == "" {
		return nil, errors.New("a gateway sub-account is required")
	}
	if cfg.Password == "" {
		return nil, errors.New("a gateway password is required")
	}
	switch strings.ToUpper(cfg.Method) {
	case "", MethodPOST:
		cfg.Method = MethodPOST
	case MethodGET:
		cfg.Method = MethodGET
	default:
		return nil, fmt.Errorf("method %q is not supported (use GET or POST)", cfg.Method)
	}
	if cfg.PageSize < 0 || cfg.PageSize > MaxPageSize {
		return nil, fmt.Errorf("page size must be 1 to %d, got %d", MaxPageSize, cfg.PageSize)
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be 0 or more, got %d", cfg.MaxRetries)
	}
	return u, nil
}

// fillDefaults gives zero (or non-positive) settings their defaults.
func (cfg *Config) fillDefaults() {
	orDefault := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	orDefault(&cfg.PageSize, DefaultPageSize)
	orDefault(&cfg.MaxPages, DefaultMaxPages)
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&cfg.RetryWaitMin, DefaultRetryWaitMin}, {&cfg.RetryWaitMax, DefaultRetryWaitMax}, {&cfg.Timeout, DefaultTimeout}} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	cfg.RetryWaitMax = max(cfg.RetryWaitMax, cfg.RetryWaitMin)
	if cfg.Logger == nil {
		cfg.Logger = nopLogger{}
	}
}

// httpClient is a copy of cfg.HTTPClient (or a new client) that is always
// bounded in time, never follows redirects, and lets a started send finish.
func (cfg *Config) httpClient() *http.Client {
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	if hc.Timeout <= 0 {
		// Always bounded: a send that outlives a cancelled context (see
		// finishTransport) must still end.
		hc.Timeout = cfg.Timeout
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	hc.Transport = finishTransport{next: hc.Transport}
	return hc
}

// call is one api_v1 request.
type call struct {
	action string
	// fields are the action's fields, without credentials and action.
	fields url.Values
	// replayable marks an action that may be sent again after an unknown
	// outcome (it changes nothing).
	replayable bool
	// recipients and groups are what a send named, for its error.
	recipients int
	groups     []string
}

// do performs one call and returns its answer as a JSON object whose
// error member, if any, has been turned into an *APIError.
func (c *Client) do(ctx context.Context, in call) (map[string]json.RawMessage, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("api_v1 %s: not sent: %w", in.action, err)
	}
	started := time.Now()
	req, err := c.newRequest(ctx, in)
	if err != nil {
		return nil, err
	}
	var (
		raw      []byte
		bodyRead bool
	)
	req.SetResponseHandler(func(resp *http.Response) error {
		var readErr error
		bodyRead = true
		raw, readErr = c.readBody(resp.Body)
		return readErr
	})

	c.log.Debug(ctx, "Best SMS Gateway request", map[string]any{
		"action": in.action, "method": c.method, "url": c.endpoint.String(),
	})
	c.log.Trace(ctx, "Best SMS Gateway request fields", map[string]any{
		"action": in.action, "fields": c.quote(in.fields.Encode(), maxLogBody),
	})

	resp, err := c.http.Do(req)
	if err == nil && !bodyRead && resp != nil {
		// The last attempt of a retried status: its body is still unread.
		raw, err = c.readBody(resp.Body)
	}
	if resp != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		return nil, c.transportError(in, started, err)
	}
	c.log.Debug(ctx, "Best SMS Gateway response", map[string]any{
		"action": in.action, "status": resp.StatusCode, "duration_ms": time.Since(started).Milliseconds(),
	})
	c.log.Trace(ctx, "Best SMS Gateway response body", map[string]any{
		"action": in.action, "body": c.redactBody(raw),
	})
	obj, err := c.answer(in, started, resp, raw)
	return obj, c.masked(err)
}

// newRequest builds the request of a call: credentials and action added to
// its fields, sent as a query (GET) or a form body (POST).
func (c *Client) newRequest(ctx context.Context, in call) (*retryablehttp.Request, error) {
	form := url.Values{}
	for k, v := range in.fields {
		form[k] = v
	}
	form.Set("sub_account", c.subAccount)
	form.Set("sub_account_pass", c.password)
	form.Set("action", in.action)
	encoded := form.Encode()

	target := *c.endpoint
	var body any
	if c.method == MethodGET {
		if target.RawQuery = encoded; len(target.String()) > maxGETLength {
			return nil, fmt.Errorf("api_v1 %s: the request is %d bytes long, too long for GET; use POST", in.action, len(target.String()))
		}
	} else {
		body = []byte(encoded)
	}
	pctx := withPolicy(ctx, policy{action: in.action, replayable: in.replayable, parent: ctx})
	req, err := retryablehttp.NewRequestWithContext(pctx, c.method, target.String(), body)
	if err != nil {
		return nil, fmt.Errorf("api_v1 %s: building the request: %w", in.action, c.masked(err))
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	return req, nil
}

// answer reads a received answer: an HTTP failure, an undecodable body or
// an error member is an error (an unknown outcome where the call changes
// something and the gateway may have acted), anything else the object.
func (c *Client) answer(in call, started time.Time, resp *http.Response, raw []byte) (map[string]json.RawMessage, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		herr := &HTTPError{Action: in.action, StatusCode: resp.StatusCode, Body: c.excerpt(raw)}
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			herr.Body, herr.Location = "", c.quote(redactLocation(resp.Header.Get("Location")), maxErrorBody)
		}
		// A 5xx, or a redirect (a PHP page may act, then redirect), may
		// follow a change; a 4xx means the request was refused.
		if !in.replayable && (resp.StatusCode >= 500 || resp.StatusCode < 400) {
			return nil, c.unknownOutcome(in, started, herr)
		}
		return nil, herr
	}
	obj, derr := decodeObject(raw)
	if derr != nil {
		err := fmt.Errorf("api_v1 %s: the answer is not a JSON object: %s", in.action, c.excerpt(raw))
		if !in.replayable {
			return nil, c.unknownOutcome(in, started, err)
		}
		return nil, err
	}
	if apiErr := c.failure(in.action, obj); apiErr != nil {
		return nil, apiErr
	}
	return obj, nil
}

// readBody reads an answer up to the configured bound.
func (c *Client) readBody(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, c.maxBody+1))
	if err != nil {
		return nil, &answerError{err: err}
	}
	if int64(len(data)) > c.maxBody {
		return nil, &tooLargeError{limit: c.maxBody}
	}
	return data, nil
}

// tooLargeError is an answer larger than MaxResponseBytes.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %d bytes", e.limit)
}

// transportError turns a failed exchange into the error the caller sees:
// credentials removed from the text, and an *UnknownOutcomeError when an
// action that changes something may have been carried out.
func (c *Client) transportError(in call, started time.Time, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		// The URL of a GET request holds the password.
		urlErr.URL = c.endpoint.String()
	}
	wrapped := fmt.Errorf("api_v1 %s: %w", in.action, c.masked(err))
	if in.replayable || !mayHaveArrived(err) {
		return wrapped
	}
	return c.unknownOutcome(in, started, wrapped)
}

// quote is the one way a text from the network reaches an error or a log:
// an error message, a body, a redirect's Location, a member name. It masks
// the password and the sub-account in every escaped form a server or
// proxy may echo them in, and every run of six or more of their
// characters (internal/redact), and only then cuts the text to limit
// bytes, so that a cut never leaves a part of them behind.
func (c *Client) quote(text string, limit int) string {
	return c.masker.Quote(text, limit)
}

// masked is quote for an error (a transport error may hold a URL, a
// decoder's message a value): its text masked, its chain kept.
func (c *Client) masked(err error) error {
	return c.masker.Error(err)
}

// redactBody prepares an answer for the trace log: members named after
// credentials blanked (account_info echoes the sub-account), then quoted.
func (c *Client) redactBody(raw []byte) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		changed := false
		for _, k := range []string{"sub_account", "sub_account_pass"} {
			if _, ok := obj[k]; ok {
				obj[k] = json.RawMessage(`"***"`)
				changed = true
			}
		}
		if changed {
			if b, err := json.Marshal(obj); err == nil {
				raw = b
			}
		}
	}
	return c.quote(string(raw), maxLogBody)
}

// excerpt is a short, credential-free quote of an answer for errors.
func (c *Client) excerpt(raw []byte) string {
	text := strings.TrimSpace(c.quote(strings.TrimSpace(string(raw)), maxErrorBody))
	if text == "" {
		return "(empty)"
	}
	return text
}

// redactLocation keeps a redirect target's scheme, host and path: its query
// may echo the credentials.
func redactLocation(loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		return "(unreadable)"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}

// decodeObject reads an answer as a JSON object.
func decodeObject(raw []byte) (map[string]json.RawMessage, error) {
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("null")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return obj, nil
}

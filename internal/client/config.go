package client

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/groupcode"
	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// Defaults used by New for zero Config fields.
const (
	DefaultBaseURL    = "https://api.bestsms.com.au/api"
	DefaultAPIVersion = APIVersion204
	// DefaultPageSize is the API's own recordsPerPage default, and v3.00's
	// maximum: the page size of every listing but the address book's.
	DefaultPageSize = 100
	// AddressBookPageSize is the recordsPerPage of the v2 address-book
	// listings (contacts, groups, a group's members, a contact's groups),
	// which v2 does not cap in any document (the vendor's Node SDK for
	// v2.04 takes 1 to 999): a listing of 3,000 contacts is 6 requests
	// instead of 30. A server that refuses it or gives fewer items than it
	// announces is asked again with DefaultPageSize (see listPages).
	AddressBookPageSize = 500
	DefaultMaxRetries   = 4
	DefaultRetryWaitMin = 500 * time.Millisecond
	DefaultRetryWaitMax = 30 * time.Second
	// DefaultRequestTimeout bounds one HTTP attempt: connecting, sending
	// and reading the whole answer.
	DefaultRequestTimeout = 20 * time.Second
	// DefaultMaxResponseBytes is the largest answer the client reads.
	DefaultMaxResponseBytes = 32 << 20
)

// Config configures a Client. Zero values take the defaults above, except
// MaxRetries: 0 disables retries (use DefaultMaxRetries for the usual policy).
type Config struct {
	// BaseURL is the API root without the version, e.g.
	// "https://api.bestsms.com.au/api" or "http://127.0.0.1:8089/api".
	BaseURL string
	// APIVersion is "v2.03", "v2.04" or "v3.00" (SupportedVersions).
	APIVersion string
	// AuthToken is sent as is, after the version's scheme:
	// "Authorization: Basic <token>" (v2), "Bearer <token>" (v3.00).
	AuthToken string
	// UserAgent is sent on every request.
	UserAgent string
	// HTTPClient performs the requests; nil means a pooled client. The
	// client uses a copy that never follows redirects, with its own
	// transport (timeouts, bounded answers) around HTTPClient's.
	HTTPClient *http.Client
	// RequestTimeout bounds one attempt (connect, send, read the answer);
	// 0 means DefaultRequestTimeout. Retries of a request are made only
	// while their wait ends within RequestTimeout of its first attempt.
	RequestTimeout time.Duration
	// MaxResponseBytes is the largest answer read; 0 means
	// DefaultMaxResponseBytes.
	MaxResponseBytes int64
	// MaxRetries is the number of retries after the first attempt; 0 disables.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// PageSize is the recordsPerPage asked for when listing; 0 means
	// DefaultPageSize, and AddressBookPageSize for v2's address book.
	PageSize int
	// explicitPageSize is PageSize as the caller set it (setDefaults).
	explicitPageSize int
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

// maskingLogger is the client's Logger: every message and field goes
// through the client's masker (see Client.quote) on its way to the
// Logger of Config.
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

// ConfigError is a Config field New cannot accept.
type ConfigError struct {
	// Field is the Config field: "BaseURL", "APIVersion", "AuthToken",
	// "MaxRetries", "RequestTimeout" or "RequestsPerSecond".
	Field   string
	Problem string
}

func (e *ConfigError) Error() string { return e.Problem }

// New validates cfg and returns a Client. An invalid field is a
// *ConfigError.
func New(cfg Config) (*Client, error) {
	base, err := cfg.check()
	if err != nil {
		return nil, err
	}
	cfg.setDefaults()
	masker := redact.New(cfg.AuthToken)
	c := &Client{
		baseURL:          base,
		dialect:          dialects[cfg.APIVersion],
		authToken:        cfg.AuthToken,
		masker:           masker,
		userAgent:        cfg.UserAgent,
		pageSize:         cfg.PageSize,
		http:             cfg.httpClient(),
		log:              maskingLogger{next: cfg.Logger, masker: masker},
		maxRetries:       cfg.MaxRetries,
		retryWaitMin:     cfg.RetryWaitMin,
		retryWaitMax:     cfg.RetryWaitMax,
		requestTimeout:   cfg.RequestTimeout,
		maxResponseBytes: cfg.MaxResponseBytes,
		maxListBytes:     maxListBytes,
	}
	c.bookPageSize = cmp.Or(cfg.explicitPageSize, c.dialect.bookPageSize, c.pageSize)
	if limit := c.dialect.maxPageSize; limit > 0 {
		c.pageSize = min(c.pageSize, limit)
		c.bookPageSize = min(c.bookPageSize, limit)
	}
	if cfg.BulkRead {
		c.cache = newReadCache()
	}
	return c, nil
}

// check validates the fields that have no usable default, and returns the
// parsed base URL.
func (cfg *Config) check() (*url.URL, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, &ConfigError{"BaseURL", fmt.Sprintf("base URL %q is not an absolute http(s) URL",
			redact.New(cfg.AuthToken).Mask(redact.URL(cfg.BaseURL)))}
	}
	for _, part := range strings.Split(base.EscapedPath(), "/") {
		if groupcode.DotSegment(part) {
			return nil, &ConfigError{"BaseURL", fmt.Sprintf("base URL %q has a dot segment (\".\" or \"..\") in its path, "+
				"which servers resolve as another path: write the path without it", redact.New(cfg.AuthToken).Mask(redact.URL(cfg.BaseURL)))}
		}
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if _, ok := dialects[cfg.APIVersion]; !ok {
		return nil, &ConfigError{"APIVersion", fmt.Sprintf("API version %q is not supported (use %s)",
			cfg.APIVersion, strings.Join(SupportedVersions(), ", "))}
	}
	switch {
	case cfg.AuthToken == "":
		return nil, &ConfigError{"AuthToken", "an auth token is required"}
	case cfg.MaxRetries < 0:
		return nil, &ConfigError{"MaxRetries", fmt.Sprintf("max retries must be 0 or more, got %d", cfg.MaxRetries)}
	case cfg.RequestTimeout < 0:
		return nil, &ConfigError{"RequestTimeout", fmt.Sprintf("request timeout must be positive, got %s", cfg.RequestTimeout)}
	case cfg.RequestsPerSecond < 0:
		return nil, &ConfigError{"RequestsPerSecond",
			fmt.Sprintf("requests per second must be 0 (unlimited) or more, got %v", cfg.RequestsPerSecond)}
	}
	return base, nil
}

// setDefaults fills the zero fields that have defaults.
func (cfg *Config) setDefaults() {
	cfg.explicitPageSize = max(cfg.PageSize, 0)
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	cfg.RetryWaitMax = max(cfg.RetryWaitMax, cfg.RetryWaitMin)
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.Logger == nil {
		cfg.Logger = nopLogger{}
	}
}

// httpClient is our copy of cfg.HTTPClient: redirects come back as
// answers, every attempt goes through attemptTransport, and the rate
// limiter (when on) admits attempts before their time starts to run.
func (cfg *Config) httpClient() *http.Client {
	var hc http.Client
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	}
	hc.CheckRedirect = noRedirects
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = &attemptTransport{next: next}
	if cfg.RequestsPerSecond > 0 {
		hc.Transport = newRateLimitedTransport(hc.Transport, cfg.RequestsPerSecond)
	}
	return &hc
}

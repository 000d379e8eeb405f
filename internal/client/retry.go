package client

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The retry policy, the only one in the client:
//
//   - Idempotent requests (GET, PATCH, DELETE; our PATCHes set absolute
//     values; and POSTs marked replayable, such as adding a group member,
//     which the API treats as idempotent) are retried on connection errors,
//     timeouts, HTTP 429, HTTP 5xx and 2xx answers that are not an API
//     envelope (a proxy's page, a body cut short).
//   - Requests marked "once" (the abort and resubmit actions, which a
//     repeat would make fail or act twice) are treated like POST.
//   - POST (creates, sends) is retried only on HTTP 429 and on failures
//     before any of the request was written (a refused connection, DNS).
//     Everything else after the request was written leaves the outcome
//     unknown (see IsUnknownOutcome): the server may have acted, and a
//     replayed create duplicates a contact, a replayed send texts people
//     twice.
//   - Waits grow exponentially from RetryWaitMin to RetryWaitMax with full
//     jitter; a Retry-After header on 429/503 is honoured instead.
//   - Retries are bounded in time as well as in number: a retry is made
//     only if its wait ends within the request timeout of the moment the
//     first attempt started, and before the context's deadline; otherwise
//     the last answer is returned. Each attempt has the request timeout, so
//     one request, retries included, ends at most twice the request timeout
//     after its first attempt started.
//   - Nothing new starts once the context is cancelled: no retry, no wait.

type callKey struct{}

// callState is the state of one request across its attempts.
type callState struct {
	route   string
	baseURL string
	// replayable: the request may be sent again after an unknown outcome.
	replayable bool
	// change: the request changes something (anything but GET/HEAD); once
	// written it is not cancelled with its operation.
	change   bool
	timeout  time.Duration
	maxBytes int64
	waitMin  time.Duration
	waitMax  time.Duration
	// isAnswer tells an answer of the API from a proxy's page or a cut-off
	// body (the version's rule, dialect.isAnswer).
	isAnswer func(raw []byte) bool

	mu       sync.Mutex
	first    time.Time     // when the first attempt started
	attempts int           // attempts that have ended
	wait     time.Duration // the wait checkRetry chose for the next attempt
	// refused is set when the last answer's Retry-After asked for a wait
	// that does not fit in the call's time budget.
	refused *RetryAfterError
}

func withCall(ctx context.Context, c *callState) context.Context {
	return context.WithValue(ctx, callKey{}, c)
}

func callFrom(ctx context.Context) *callState {
	c, _ := ctx.Value(callKey{}).(*callState)
	return c
}

// attemptStarted notes the start of the first attempt.
func (c *callState) attemptStarted() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.first.IsZero() {
		c.first = time.Now()
	}
}

// idempotent reports whether a method may be replayed after an unknown outcome.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPatch, http.MethodDelete, http.MethodPut:
		return true
	}
	return false
}

// checkRetry is the retryablehttp.CheckRetry of one call.
func (c *callState) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c.mu.Lock()
	attempt := c.attempts
	c.attempts++
	c.mu.Unlock()
	if !c.wants(resp, err) {
		return false, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if asked, ok := retryAfter(resp); ok {
		if left := c.left(ctx); asked >= left {
			c.mu.Lock()
			c.refused = &RetryAfterError{Wait: asked, Left: max(left, 0), Timeout: c.timeout}
			c.mu.Unlock()
			return false, nil
		}
	}
	wait := backoff(c.waitMin, c.waitMax, attempt, resp)
	if !c.fits(ctx, wait) {
		return false, nil
	}
	c.mu.Lock()
	c.wait = wait
	c.mu.Unlock()
	return true, nil
}

// backoff is the retryablehttp.Backoff of one call: the wait checkRetry chose.
func (c *callState) backoff(time.Duration, time.Duration, int, *http.Response) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wait
}

// wants reports whether the policy allows another attempt after this one.
func (c *callState) wants(resp *http.Response, err error) bool {
	if err != nil {
		if isPermanentTransportError(err) || errors.Is(err, ErrResponseTooLarge) ||
			errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && !isAttemptTimeout(err) {
			return false
		}
		var ae *AttemptError
		if errors.As(err, &ae) && !ae.Sent {
			return true // nothing reached the server
		}
		if !errors.As(err, &ae) && isDialError(err) {
			return true
		}
		return c.replayable
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return c.replayable
	case resp.StatusCode >= 200 && resp.StatusCode < 300 && !c.isAnswer(answerBytes(resp)):
		return c.replayable
	}
	return false
}

// fits reports whether a retry after wait ends within the call's time
// budget and before the context's deadline.
func (c *callState) fits(ctx context.Context, wait time.Duration) bool {
	return wait < c.left(ctx)
}

// left is what remains of the call's time to start a retry in: until the
// request timeout has passed since its first attempt started, and before
// the context's deadline.
func (c *callState) left(ctx context.Context) time.Duration {
	c.mu.Lock()
	first := c.first
	c.mu.Unlock()
	left := c.timeout
	if !first.IsZero() {
		left -= time.Since(first)
	}
	if deadline, ok := ctx.Deadline(); ok {
		left = min(left, time.Until(deadline))
	}
	return left
}

// refusedRetryAfter returns the error of a call whose last answer asked
// for a wait that does not fit, wrapping err; err otherwise.
func (c *callState) refusedRetryAfter(err error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.refused == nil || err == nil {
		return err
	}
	r := *c.refused
	r.Err = err
	return &r
}

// RetryAfterError is an answer (HTTP 429 or 503) whose Retry-After asks
// for a longer wait than the request has left of its time bound (the
// request timeout from its first attempt, and the operation's deadline):
// the request fails at once instead of waiting past the bound.
type RetryAfterError struct {
	// Wait is what Retry-After asked for; Left what the request had left.
	Wait, Left time.Duration
	// Timeout is the request timeout.
	Timeout time.Duration
	// Err is the error of the answer.
	Err error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("%v (the API asked to retry after %s, more than the %s this request had left: a request gives up "+
		"within twice request_timeout (%s), so it was not retried)", e.Err, e.Wait.Round(time.Second),
		e.Left.Round(100*time.Millisecond), e.Timeout)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// isAttemptTimeout reports whether err is an attempt that ran out of the
// request timeout.
func isAttemptTimeout(err error) bool {
	var ae *AttemptError
	return errors.As(err, &ae) && ae.Timeout > 0
}

// backoff is the retryablehttp.Backoff of the client: Retry-After when the
// server sends it on 429/503, otherwise capped exponential backoff with full
// jitter in [min, min·2^attempt] (at most max).
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if wait, ok := retryAfter(resp); ok {
		return min(wait, maxWait)
	}
	ceiling := float64(minWait) * math.Pow(2, float64(attempt))
	if ceiling > float64(maxWait) || math.IsInf(ceiling, 0) {
		ceiling = float64(maxWait)
	}
	span := int64(ceiling) - int64(minWait)
	if span <= 0 {
		return minWait
	}
	return minWait + time.Duration(rand.Int64N(span+1))
}

// retryAfter reads a Retry-After header (seconds or HTTP date) on a 429 or
// 503 answer.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// isDialError reports whether err happened while connecting, before any byte
// of the request was sent: DNS failures and refused or unreachable dials.
func isDialError(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// isPermanentTransportError reports errors that no retry can fix: bad TLS
// certificates, unsupported schemes, redirect loops.
func isPermanentTransportError(err error) bool {
	var certErr x509.UnknownAuthorityError // a value, as crypto/x509 returns it
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	if errors.As(err, &certErr) || errors.As(err, &hostErr) || errors.As(err, &invalidErr) {
		return true
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		msg := urlErr.Err.Error()
		if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "stopped after") {
			return true
		}
	}
	return false
}

package gateway

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The retry policy, the only one of the package, of the same shape as the
// REST client's:
//
//   - Reads (fetch_sms, get_total_units, account_info, fetch_contacts,
//     get_contact_groups) are retried on connection errors, timeouts of an
//     attempt, unreadable answers, HTTP 429 and HTTP 5xx.
//   - Actions that change something (send_sms, save_contacts, stop_sms,
//     delete_sms, delete_contacts) are retried only on HTTP 429 and on
//     errors that prove the request never reached the gateway (dial
//     errors). After anything else the outcome is unknown, and the caller
//     gets an *UnknownOutcomeError instead of a repeat: api_v1 has no
//     client message id, so a repeated send cannot be recognised and would
//     text everybody twice.
//   - Once such a request has started, cancelling the context does not cut
//     it off: the answer (the batch_id of a send) is still read, bounded by
//     the per-attempt timeout. Nothing new starts after a cancellation.
//   - Waits grow exponentially from RetryWaitMin to RetryWaitMax with full
//     jitter; a Retry-After header on 429/503 is honoured instead.
//   - Retries are bounded in time as well as in number, as the REST
//     client's: a retry is made only if its wait ends within Timeout of
//     the moment the call started, and before the context's deadline. Each
//     attempt has Timeout, so a call, retries included, ends within twice
//     Timeout. An answer whose Retry-After asks for more than what is left
//     fails at once with a *RetryAfterError saying so.

type policyKey struct{}

// policy travels with each request's context.
type policy struct {
	action     string
	replayable bool
	// parent is the caller's context: cancelling it stops new attempts.
	parent context.Context
}

func withPolicy(ctx context.Context, p policy) context.Context {
	return context.WithValue(ctx, policyKey{}, p)
}

func policyFrom(ctx context.Context) policy {
	p, _ := ctx.Value(policyKey{}).(policy)
	return p
}

// wantsRetry is the policy: whether the answer (or error) of an attempt
// calls for another attempt, whatever the time left.
func wantsRetry(ctx context.Context, resp *http.Response, err error) bool {
	p := policyFrom(ctx)
	switch {
	case err != nil:
		switch {
		case errors.Is(err, errNotStarted), isPermanent(err):
			return false
		case p.replayable:
			return true
		default:
			return isDialError(err)
		}
	case resp.StatusCode == http.StatusTooManyRequests:
		return true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return p.replayable
	}
	return false
}

// callState is the state of one call across its attempts: its time
// budget and the wait chosen for the next attempt.
type callState struct {
	first            time.Time // when the call started
	timeout          time.Duration
	waitMin, waitMax time.Duration

	mu      sync.Mutex
	attempt int           // the attempt running or last run, from 0
	wait    time.Duration // the wait checkRetry chose
	// refused is set when an answer's Retry-After asked for more than
	// what the call had left.
	refused *RetryAfterError
}

func (s *callState) attemptStarted(attempt int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempt = attempt
}

// checkRetry is the retryablehttp.CheckRetry of a call. It never replaces
// the error of an attempt, so the caller sees what happened.
func (s *callState) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if !wantsRetry(ctx, resp, err) || ctx.Err() != nil {
		return false, nil
	}
	left := s.left(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if asked, ok := retryAfter(resp); ok && asked >= left {
		s.refused = &RetryAfterError{Wait: asked, Left: max(left, 0), Timeout: s.timeout}
		return false, nil
	}
	wait := backoff(s.waitMin, s.waitMax, s.attempt, resp)
	if wait >= left {
		return false, nil
	}
	s.wait = wait
	return true, nil
}

// backoff is the retryablehttp.Backoff of a call: the wait checkRetry
// chose.
func (s *callState) backoff(time.Duration, time.Duration, int, *http.Response) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wait
}

// left is what remains of the call's time to start a retry in: until
// Timeout has passed since the call started, and before the context's
// deadline.
func (s *callState) left(ctx context.Context) time.Duration {
	left := s.timeout - time.Since(s.first)
	if deadline, ok := ctx.Deadline(); ok {
		left = min(left, time.Until(deadline))
	}
	return left
}

// refusedRetryAfter returns the error of a call whose last answer asked
// for a wait that does not fit, wrapping err; err otherwise.
func (s *callState) refusedRetryAfter(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused == nil || err == nil {
		return err
	}
	r := *s.refused
	r.Err = err
	return &r
}

// RetryAfterError is an answer (HTTP 429 or 503) whose Retry-After asks
// for a longer wait than the call has left of its time bound (Timeout from
// its start, and the context's deadline): it fails at once instead of
// waiting past the bound.
type RetryAfterError struct {
	// Wait is what Retry-After asked for; Left what the call had left.
	Wait, Left time.Duration
	// Timeout is the per-attempt timeout.
	Timeout time.Duration
	// Err is the error of the answer.
	Err error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("%v (the gateway asked to retry after %s, more than the %s this request had left: a request "+
		"gives up within twice the request timeout (%s), so it was not retried)", e.Err, e.Wait.Round(time.Second),
		e.Left.Round(100*time.Millisecond), e.Timeout)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// backoff is the retryablehttp.Backoff of the client: Retry-After when the
// server sends it on 429/503, else a random wait between lo and
// lo·2^attempt, at most hi.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if wait, ok := retryAfter(resp); ok {
		return min(wait, hi)
	}
	ceiling := hi
	if attempt < 32 {
		if grown := lo << attempt; grown > 0 && grown < hi {
			ceiling = grown
		}
	}
	if ceiling <= lo {
		return lo
	}
	return lo + rand.N(ceiling-lo+1)
}

// retryAfter reads the Retry-After header (seconds or an HTTP date) of a
// 429 or 503 answer.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(time.Until(at), 0), true
	}
	return 0, false
}

// isDialError reports an error raised while connecting, before any byte of
// the request was sent: DNS failures, refused or unreachable dials.
func isDialError(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	return errors.As(err, &dnsErr) || (errors.As(err, &opErr) && opErr.Op == "dial")
}

// isPermanent reports errors no retry can fix: certificate problems, an
// unsupported scheme, an answer over the size bound.
func isPermanent(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var tooLarge *tooLargeError
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &tooLarge) {
		return true
	}
	var urlErr *url.Error
	return errors.As(err, &urlErr) && strings.Contains(urlErr.Err.Error(), "unsupported protocol scheme")
}

// mayHaveArrived reports whether a failed exchange may nevertheless have
// been carried out by the gateway: anything but a request that never left
// (not started after a cancellation, a dial error, a certificate or scheme
// problem) or a wait between attempts cut short, which only follows
// attempts that provably did not arrive (429, dial errors).
func mayHaveArrived(err error) bool {
	if errors.Is(err, errNotStarted) || isDialError(err) {
		return false
	}
	var tooLarge *tooLargeError
	if errors.As(err, &tooLarge) {
		return true // the gateway answered: it may have acted
	}
	if isPermanent(err) {
		return false
	}
	var urlErr *url.Error
	var readErr *answerError
	return errors.As(err, &urlErr) || errors.As(err, &readErr)
}

// errNotStarted marks a request that was not sent because the caller's
// context was already done.
var errNotStarted = errors.New("not sent")

// finishTransport lets a request that changes something finish once it has
// started, although the caller's context is cancelled meanwhile (a Ctrl-C
// in Terraform): the gateway may act on it, and only its answer tells the
// caller what was done. The http.Client timeout still bounds it. Reads keep
// the caller's context, and nothing starts once that context is done.
type finishTransport struct{ next http.RoundTripper }

func (t finishTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	p := policyFrom(req.Context())
	if p.parent != nil && p.parent.Err() != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, fmt.Errorf("%w (%w)", errNotStarted, p.parent.Err())
	}
	if p.replayable || p.parent == nil {
		return next.RoundTrip(req)
	}
	ctx := context.WithoutCancel(req.Context())
	cancel := context.CancelFunc(func() {})
	if deadline, ok := req.Context().Deadline(); ok {
		ctx, cancel = context.WithDeadline(ctx, deadline)
	}
	resp, err := next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases a detached request's context with its body.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

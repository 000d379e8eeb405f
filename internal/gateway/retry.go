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
	"strings"
	"sync"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/timebound"
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
// bound (internal/timebound, shared with the REST client) and the wait
// chosen for the next attempt.
type callState struct {
	bound            timebound.Bound
	waitMin, waitMax time.Duration

	mu      sync.Mutex
	attempt int           // the attempt running or last run, from 0
	wait    time.Duration // the wait checkRetry chose
	// refused is set when an answer's Retry-After asked for more than
	// what the call had left.
	refused *timebound.RetryAfterError
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if refusal, refused := s.bound.Refuse(ctx, resp, "the gateway", "the request timeout"); refused {
		s.refused = refusal
		return false, nil
	}
	wait := backoff(s.waitMin, s.waitMax, s.attempt, resp)
	if !s.bound.Fits(ctx, wait) {
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

// refusedRetryAfter returns the error of a call whose last answer asked
// for a wait that does not fit (a *RetryAfterError wrapping err); err
// otherwise.
func (s *callState) refusedRetryAfter(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return timebound.Wrap(s.refused, err)
}

// RetryAfterError is an answer (HTTP 429 or 503) whose Retry-After asks
// for a longer wait than the call has left of its time bound (Timeout from
// its start, and the context's deadline): it fails at once instead of
// waiting past the bound.
type RetryAfterError = timebound.RetryAfterError

// backoff is the retryablehttp.Backoff of the client: Retry-After when the
// server sends it on 429/503, else a random wait between lo and
// lo·2^attempt, at most hi.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	if wait, ok := timebound.RetryAfter(resp); ok {
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

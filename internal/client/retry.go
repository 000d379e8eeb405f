package client

import (
	"context"
	"crypto/x509"
	"errors"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The retry policy, the only one in the client:
//
//   - Idempotent requests (GET, PATCH, DELETE; our PATCHes set absolute
//     values; and POSTs marked replayable, such as adding a group member,
//     which the API treats as idempotent) are retried on connection errors,
//     HTTP 429 and HTTP 5xx.
//   - Requests marked "once" (the abort and resubmit actions, which a
//     repeat would make fail or act twice) are treated like POST.
//   - POST (creates, sends) is retried only on HTTP 429 and on errors that
//     prove the request never reached the server (dial errors). Never on 5xx
//     or timeouts: the server may have acted, and a replayed create
//     duplicates a contact, a replayed send texts people twice.
//   - Waits grow exponentially from RetryWaitMin to RetryWaitMax with full
//     jitter; a Retry-After header on 429/503 is honoured instead. A retry
//     whose wait would pass the context deadline is not attempted: the last
//     answer is returned instead.

type policyKey struct{}

type attemptPolicy struct {
	// replayable: the request may be sent again after an unknown outcome.
	replayable bool
}

func withAttemptPolicy(ctx context.Context, method string, replayable, once bool) context.Context {
	return context.WithValue(ctx, policyKey{}, attemptPolicy{replayable: !once && (replayable || idempotent(method))})
}

func policyFrom(ctx context.Context) attemptPolicy {
	p, _ := ctx.Value(policyKey{}).(attemptPolicy)
	return p
}

// idempotent reports whether a method may be replayed after an unknown outcome.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPatch, http.MethodDelete, http.MethodPut:
		return true
	}
	return false
}

// checkRetry is the retryablehttp.CheckRetry of the client.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	p := policyFrom(ctx)

	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false, err
		}
		if isPermanentTransportError(err) {
			return false, err
		}
		if p.replayable {
			return true, err
		}
		// POST: only when the request provably never left this machine.
		return isDialError(err), err
	}

	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return fitsDeadline(ctx, resp), nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return p.replayable && fitsDeadline(ctx, resp), nil
	}
	return false, nil
}

// fitsDeadline reports whether a server-requested Retry-After wait ends
// before the context deadline.
func fitsDeadline(ctx context.Context, resp *http.Response) bool {
	deadline, ok := ctx.Deadline()
	if !ok {
		return true
	}
	wait, ok := retryAfter(resp)
	if !ok {
		return true
	}
	return time.Until(deadline) > wait
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

// Package timebound is the time bound of one request, shared by both
// clients (internal/client, internal/gateway), so that the promise of the
// README holds for both: a request gives up within twice the request
// timeout after it started.
//
// Each attempt has the timeout. A retry is made only if its wait ends
// within the timeout of the moment the request's first attempt started,
// and before the context's deadline (Bound.Left). A server that asks, with
// Retry-After on a 429 or 503, for a longer wait than that gets no retry
// and no waiting: the request fails at once with a *RetryAfterError
// saying so (Bound.Refuse).
//
// It imports nothing of the project and nothing of Terraform: both clients
// use it.
package timebound

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Bound is the time of one request.
type Bound struct {
	// Start is when its first attempt started; zero until then.
	Start time.Time
	// Timeout is the timeout of one attempt, and the time from Start in
	// which retries may start.
	Timeout time.Duration
}

// Left is what remains of the bound to start a retry in: until Timeout has
// passed since Start, and before ctx's deadline.
func (b Bound) Left(ctx context.Context) time.Duration {
	left := b.Timeout
	if !b.Start.IsZero() {
		left -= time.Since(b.Start)
	}
	if deadline, ok := ctx.Deadline(); ok {
		left = min(left, time.Until(deadline))
	}
	return left
}

// Fits reports whether a retry after wait starts within the bound.
func (b Bound) Fits(ctx context.Context, wait time.Duration) bool {
	return wait < b.Left(ctx)
}

// Refuse reports whether an answer's Retry-After asks for more than the
// bound has left, and returns the refusal (without its Err) for Wrap. who
// names the server ("the API") and setting the timeout's setting
// ("request_timeout"), for the message.
func (b Bound) Refuse(ctx context.Context, resp *http.Response, who, setting string) (*RetryAfterError, bool) {
	asked, ok := RetryAfter(resp)
	if !ok {
		return nil, false
	}
	if left := b.Left(ctx); asked >= left {
		return &RetryAfterError{Who: who, Setting: setting, Wait: asked, Left: max(left, 0), Timeout: b.Timeout}, true
	}
	return nil, false
}

// RetryAfter reads the Retry-After header (seconds or an HTTP date) of a
// 429 or 503 answer.
func RetryAfter(resp *http.Response) (time.Duration, bool) {
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
	if at, err := http.ParseTime(v); err == nil {
		return max(time.Until(at), 0), true
	}
	return 0, false
}

// RetryAfterError is an answer (HTTP 429 or 503) whose Retry-After asks
// for a longer wait than the request had left of its bound: it failed at
// once instead of waiting past the bound.
type RetryAfterError struct {
	// Who names the server, Setting the timeout's setting, for the message.
	Who, Setting string
	// Wait is what Retry-After asked for; Left what the request had left;
	// Timeout the request timeout.
	Wait, Left, Timeout time.Duration
	// Err is the error of the answer.
	Err error
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("%v (%s asked to retry after %s, more than the %s this request had left: a request gives up "+
		"within twice %s (%s), so it was not retried)", e.Err, e.Who, e.Wait.Round(time.Second),
		e.Left.Round(100*time.Millisecond), e.Setting, e.Timeout)
}

func (e *RetryAfterError) Unwrap() error { return e.Err }

// Wrap returns refused with err as its Err, or err when refused is nil or
// err is nil.
func Wrap(refused *RetryAfterError, err error) error {
	if refused == nil || err == nil {
		return err
	}
	r := *refused
	r.Err = err
	return &r
}

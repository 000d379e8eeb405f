package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// One HTTP attempt, as the client makes it (attemptTransport):
//
//   - it has RequestTimeout to connect, send the request and read the whole
//     answer; running out of it is an *AttemptError with Timeout set;
//   - the answer is read completely, up to MaxResponseBytes, before the
//     retry policy or the decoder look at it: a connection that breaks
//     mid-answer, a body cut short of its Content-Length and an answer that
//     is too large are errors of the attempt, not answers;
//   - it records whether any of the request was written to the connection
//     (AttemptError.Sent): a failure before that cannot have reached the
//     API, a failure after it leaves the outcome unknown;
//   - a request that changes something is not cancelled with its operation
//     once it has been written: it runs to its answer (or its timeout), so
//     that what the API did is known and reaches Terraform's state even
//     when Terraform is interrupted. Before it is written, and for reads,
//     cancellation stops the attempt at once.
//
// Redirects are never followed (see New): the auth token goes to base_url
// and nowhere else.

// ErrResponseTooLarge is wrapped by the error of an attempt whose answer
// was larger than Config.MaxResponseBytes.
var ErrResponseTooLarge = errors.New("the answer is larger than the client accepts")

// errAttemptTimeout is the cause of an attempt context that ran out of
// RequestTimeout.
var errAttemptTimeout = errors.New("request timeout")

// AttemptError is a request that got no usable answer: the connection
// failed, the answer was cut short or too large, or nothing came back
// within the request timeout.
type AttemptError struct {
	Method string
	Route  string
	// BaseURL is the API root the request went to (without credentials).
	BaseURL string
	// Sent is true when the request was (at least partly) written to the
	// connection, so the API may have received it.
	Sent bool
	// Timeout is the request timeout when the attempt ran out of it, else 0.
	Timeout time.Duration
	// Err is the underlying error.
	Err error
}

func (e *AttemptError) Error() string {
	prefix := fmt.Sprintf("BestSMS API %s %s", e.Method, e.Route)
	switch {
	case e.Timeout > 0 && e.Sent:
		return fmt.Sprintf("%s: no answer from %s within the request timeout (%s)", prefix, e.BaseURL, e.Timeout)
	case e.Timeout > 0:
		return fmt.Sprintf("%s: could not connect to %s within the request timeout (%s)", prefix, e.BaseURL, e.Timeout)
	case errors.Is(e.Err, ErrResponseTooLarge):
		return fmt.Sprintf("%s: %v", prefix, e.Err)
	case e.Sent:
		return fmt.Sprintf("%s: the connection to %s failed after the request was sent: %v", prefix, e.BaseURL, e.Err)
	}
	return fmt.Sprintf("%s: %v", prefix, e.Err)
}

func (e *AttemptError) Unwrap() error { return e.Err }

// attemptTransport performs one attempt as described above. It sits under
// the rate limiter, so waiting for the limiter is not part of an attempt.
type attemptTransport struct {
	next http.RoundTripper
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	call := callFrom(req.Context())
	if call == nil { // not a request of ours
		return t.next.RoundTrip(req)
	}
	opCtx := req.Context()
	if err := opCtx.Err(); err != nil {
		return nil, err // start nothing once the operation is cancelled
	}
	call.attemptStarted()

	parent := opCtx
	if call.change {
		parent = context.WithoutCancel(opCtx)
	}
	ctx, cancel := context.WithTimeoutCause(parent, call.timeout, errAttemptTimeout)
	defer cancel()
	guard := &sendGuard{cancel: cancel}
	if call.change {
		// Until the request is written, the operation's cancellation
		// still stops it.
		stop := context.AfterFunc(opCtx, guard.cancelUnlessSent)
		defer stop()
	}
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: guard.markSent})

	fail := func(err error) error {
		if opErr := opCtx.Err(); opErr != nil && (!call.change || !guard.wasSent()) {
			return opErr // cancelled with its operation
		}
		ae := &AttemptError{Method: req.Method, Route: call.route, BaseURL: call.baseURL, Sent: guard.wasSent(), Err: err}
		if errors.Is(context.Cause(ctx), errAttemptTimeout) {
			ae.Timeout = call.timeout
		}
		return ae
	}

	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return nil, fail(err)
	}
	raw, err := readAnswer(resp, call.maxBytes)
	_ = resp.Body.Close()
	if err != nil {
		return nil, fail(err)
	}
	resp.Body = &answerBody{Reader: bytes.NewReader(raw), raw: raw}
	resp.ContentLength = int64(len(raw))
	return resp, nil
}

// readAnswer reads a whole answer body of at most limit bytes.
func readAnswer(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w (%d bytes announced, at most %s accepted)", ErrResponseTooLarge, resp.ContentLength, byteSize(limit))
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("the answer was cut short after %d bytes: %w", len(raw), err)
		}
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	if int64(len(raw)) > limit {
		return nil, fmt.Errorf("%w (at most %s accepted)", ErrResponseTooLarge, byteSize(limit))
	}
	return raw, nil
}

// byteSize writes n bytes as MiB or KiB when exact, else as bytes.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// answerBody is a response body that was read completely by the attempt.
type answerBody struct {
	*bytes.Reader
	raw []byte
}

func (*answerBody) Close() error { return nil }

// answerBytes returns the body an attempt read.
func answerBytes(resp *http.Response) []byte {
	if b, ok := resp.Body.(*answerBody); ok {
		return b.raw
	}
	return nil
}

// sendGuard records whether a request was written and cancels its attempt
// on request only while it was not.
type sendGuard struct {
	mu     sync.Mutex
	sent   bool
	cancel context.CancelFunc
}

func (g *sendGuard) markSent() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sent = true
}

func (g *sendGuard) wasSent() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.sent
}

func (g *sendGuard) cancelUnlessSent() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.sent {
		g.cancel()
	}
}

// RedirectError is an API answer that redirects elsewhere. The client
// never follows redirects: the auth token must not leave for another
// server or over plain HTTP, and a redirected create or send cannot be
// told apart from one the API carried out.
type RedirectError struct {
	Method     string
	Route      string
	StatusCode int
	// Location is where the answer pointed, resolved against the request
	// URL; empty when the answer named none.
	Location string
}

func (e *RedirectError) Error() string {
	where := "without a Location"
	if e.Location != "" {
		where = "to " + e.Location
	}
	return fmt.Sprintf("BestSMS API %s %s: HTTP %d redirect %s; redirects are not followed, so that the auth token "+
		"is only ever sent to base_url: set base_url to where the API answers", e.Method, e.Route, e.StatusCode, where)
}

// noRedirects is the CheckRedirect of the client's HTTP client: a 3xx
// answer is returned as it is.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

package timebound

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func answer(status int, retryAfter string) *http.Response {
	r := &http.Response{StatusCode: status, Header: http.Header{}}
	if retryAfter != "" {
		r.Header.Set("Retry-After", retryAfter)
	}
	return r
}

func TestRetryAfter(t *testing.T) {
	for _, tc := range []struct {
		resp *http.Response
		want time.Duration
		ok   bool
	}{
		{answer(429, "30"), 30 * time.Second, true},
		{answer(503, " 0 "), 0, true},
		{answer(500, "30"), 0, false}, // only 429 and 503 carry a wait
		{answer(429, ""), 0, false},
		{answer(429, "-5"), 0, false},
		{answer(429, "soon"), 0, false},
		{answer(429, time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)), 0, true},
		{nil, 0, false},
	} {
		if got, ok := RetryAfter(tc.resp); got != tc.want || ok != tc.ok {
			t.Errorf("RetryAfter(%v) = %s %v, want %s %v", tc.resp, got, ok, tc.want, tc.ok)
		}
	}
	if got, ok := RetryAfter(answer(429, time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))); !ok || got < 59*time.Minute {
		t.Errorf("an HTTP date an hour ahead: %s %v", got, ok)
	}
}

func TestBound(t *testing.T) {
	ctx := context.Background()
	b := Bound{Start: time.Now().Add(-4 * time.Second), Timeout: 10 * time.Second}
	if left := b.Left(ctx); left > 6*time.Second || left < 5*time.Second {
		t.Errorf("Left = %s, want about 6s", left)
	}
	if !b.Fits(ctx, time.Second) || b.Fits(ctx, 7*time.Second) {
		t.Error("Fits disagrees with Left")
	}
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if left := b.Left(short); left > time.Second {
		t.Errorf("Left with a 1s deadline = %s", left)
	}
	if (Bound{Timeout: time.Second}).Left(ctx) != time.Second {
		t.Error("a bound not started yet has all its time")
	}

	if _, refused := b.Refuse(ctx, answer(429, "2"), "the API", "request_timeout"); refused {
		t.Error("a wait that fits refused")
	}
	if _, refused := b.Refuse(ctx, answer(500, "60"), "the API", "request_timeout"); refused {
		t.Error("a 500 refused for its Retry-After")
	}
	r, refused := b.Refuse(ctx, answer(503, "60"), "the API", "request_timeout")
	if !refused || r.Wait != time.Minute || r.Timeout != 10*time.Second {
		t.Fatalf("Refuse = %+v", r)
	}
	err := Wrap(r, io.ErrUnexpectedEOF)
	var ra *RetryAfterError
	if !errors.As(err, &ra) || !errors.Is(err, io.ErrUnexpectedEOF) || r.Err != nil ||
		!strings.Contains(err.Error(), "unexpected EOF (the API asked to retry after 1m0s, more than the") ||
		!strings.Contains(err.Error(), "gives up within twice request_timeout (10s), so it was not retried") {
		t.Errorf("Wrap = %v", err)
	}
	if Wrap(nil, io.EOF) != io.EOF || Wrap(r, nil) != nil {
		t.Error("Wrap of nothing")
	}
}

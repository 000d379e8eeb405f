package gateway

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// countingWriter counts the bytes a handler managed to write.
type countingWriter struct {
	w http.ResponseWriter
	n *atomic.Int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// A hostile gateway answers every page of fetch_contacts with a new page
// of 12 MB (300 contacts of 40 KB, all new) and claims a million pages:
// the listing fails on its total bound, having read no more than the bound
// (plus the page it refused), with the heap under 400 MiB.
func TestEndlessLargePagesFailWithinTheListingBound(t *testing.T) {
	runtime.GC()
	var pages atomic.Int32
	var written atomic.Int64
	name := strings.Repeat("n", 40_000)
	_, endpoint := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		p := int(pages.Add(1))
		w.Header().Set("Content-Type", "application/json")
		out := bufio.NewWriterSize(countingWriter{w, &written}, 64<<10)
		fmt.Fprint(out, `{"total":"300000000","totalpages":"1000000","records":[`)
		for i := range MaxPageSize {
			if i > 0 {
				_ = out.WriteByte(',')
			}
			fmt.Fprintf(out, `{"contact_id":"%d","phone":"2348011112222","firstname":"%s"}`, p*1000+i, name)
		}
		fmt.Fprint(out, `]}`)
		_ = out.Flush()
	})
	c := newTestClient(t, endpoint, MethodPOST, func(cfg *Config) { cfg.MaxRetries = 0 })
	stop := mocktest.HeapPeak()
	start := time.Now()
	_, err := c.FetchContacts(context.Background(), ContactQuery{})
	elapsed := time.Since(start)
	peak := stop()

	if !errors.Is(err, ErrListTooLarge) || !strings.Contains(err.Error(), "would pass 64 MiB of answers") ||
		!strings.Contains(err.Error(), "narrow it with a filter") {
		t.Fatalf("error = %v, want the listing bound", err)
	}
	const page = int64(MaxPageSize * 40_060)
	if got := written.Load(); got > DefaultMaxListBytes+2*page {
		t.Errorf("the gateway wrote %d MiB, want at most the bound (%d MiB) and the page refused", got>>20, DefaultMaxListBytes>>20)
	}
	if n := pages.Load(); n < 5 || n > 6 {
		t.Errorf("%d pages asked for, want the 5 that fit in 64 MiB and the one that does not", n)
	}
	if peak > 400<<20 {
		t.Errorf("heap peaked at %d MiB, want under 400 MiB", peak>>20)
	}
	if elapsed > time.Minute { // a generous bound on the failure path: the bound is the point
		t.Errorf("the listing failed after %s, want within a minute", elapsed)
	}
	t.Logf("failed after %d pages, %d MiB written, heap peak %d MiB, %s", pages.Load(), written.Load()>>20, peak>>20, elapsed)
}

// The records bound holds too, whatever the bytes: small pages of new
// records stop at MaxListItems.
func TestListingStopsAtItsRecordBound(t *testing.T) {
	var pages atomic.Int32
	_, endpoint := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		p := int(pages.Add(1))
		answer(200, fmt.Sprintf(`{"totalpages":1000,"records":[{"contact_id":"%d"},{"contact_id":"%d"}]}`, 2*p, 2*p+1))(w, r)
	})
	c := newTestClient(t, endpoint, MethodPOST, func(cfg *Config) { cfg.PageSize, cfg.MaxListItems = 2, 7 })
	_, err := c.FetchContacts(context.Background(), ContactQuery{})
	if !errors.Is(err, ErrListTooLarge) || !strings.Contains(err.Error(), "more than 7 records; stopped after 4 page(s) (8 records") ||
		pages.Load() != 4 {
		t.Errorf("error = %v after %d pages", err, pages.Load())
	}
}

// A 429 whose Retry-After asks for more than the request has left of its
// time bound (the timeout from its start, and the caller's deadline) fails
// at once, saying so; one that fits is waited for.
func TestRetryAfterBeyondTheBoundFailsAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter string
		timeout    time.Duration
		deadline   time.Duration
		requests   int32
		want       string
	}{
		{"beyond the timeout", "30", 15 * time.Second, 0, 1, "the gateway asked to retry after 30s, more than the"},
		{"beyond the deadline", "5", time.Minute, 2 * time.Second, 1, "the gateway asked to retry after 5s, more than the"},
		{"an HTTP date beyond the timeout", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), 15 * time.Second, 0, 1,
			"the gateway asked to retry after"},
		{"within the bound", "1", 15 * time.Second, 0, 2, ""},
	} {
		var n atomic.Int32
		_, endpoint := newStub(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				w.Header().Set("Retry-After", tc.retryAfter)
				answer(429, `{}`)(w, r)
				return
			}
			okFor(w, r)
		})
		c := newTestClient(t, endpoint, MethodPOST, func(cfg *Config) { cfg.Timeout, cfg.MaxRetries, cfg.RetryWaitMax = tc.timeout, 4, time.Minute })
		cctx := context.Background()
		if tc.deadline > 0 {
			var cancel context.CancelFunc
			cctx, cancel = context.WithTimeout(cctx, tc.deadline)
			defer cancel()
		}
		_, err := c.AccountInfo(cctx)
		var ra *RetryAfterError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (!errors.As(err, &ra) || !strings.Contains(err.Error(), tc.want) ||
			!strings.Contains(err.Error(), "HTTP 429") || !strings.Contains(err.Error(), "gives up within twice the request timeout")):
			t.Errorf("%s: error = %v, want it to say that Retry-After does not fit", tc.name, err)
		}
		if got := n.Load(); got != tc.requests {
			t.Errorf("%s: %d requests, want %d", tc.name, got, tc.requests)
		}
	}
}

package client

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

// An API answering every page of the contact list with a new page of
// about 10 MB (100 contacts of 100 KB, all new) and claiming a million
// pages fails the listing on its total bound, having read no more than the
// bound, with the heap bounded.
func TestEndlessLargePagesFailWithinTheListingBound(t *testing.T) {
	runtime.GC()
	var pages atomic.Int32
	name := strings.Repeat("n", 100_000)
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		p := int(pages.Add(1))
		w.Header().Set("Content-Type", "application/json")
		out := bufio.NewWriterSize(w, 64<<10)
		fmt.Fprintf(out, `{"Result":"Success","TotalRecords":100000000,"RecordsPerPage":100,"PageCount":1000000,"Page":%d,"Contacts":[`, p)
		for i := range 100 {
			if i > 0 {
				_ = out.WriteByte(',')
			}
			fmt.Fprintf(out, `{"ContactID":"c-%d-%d","Attention":"%s"}`, p, i, name)
		}
		fmt.Fprint(out, `]}`)
		_ = out.Flush()
	})
	c := newTestClient(t, base, withRetries(0))
	c.maxListBytes = 32 << 20 // the default (128 MiB) works the same, only slower
	stop := mocktest.HeapPeak()
	start := time.Now()
	_, err := c.ListContacts(context.Background())
	elapsed := time.Since(start)
	peak := stop()

	var pe *PagingError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "would pass 32 MiB of answers, the most one listing reads") {
		t.Fatalf("error = %v, want the listing bound", err)
	}
	const page = 100*100_040 + 120
	if n, want := pages.Load(), int32(32<<20/page+1); n != want {
		t.Errorf("%d pages asked for, want the %d that fit in 32 MiB and the one that does not", n, want-1)
	}
	if peak > 400<<20 {
		t.Errorf("heap peaked at %d MiB, want under 400 MiB", peak>>20)
	}
	if elapsed > time.Minute { // a generous bound on the failure path: the bound is the point
		t.Errorf("the listing failed after %s, want within a minute", elapsed)
	}
	t.Logf("failed after %d pages, heap peak %d MiB, %s", pages.Load(), peak>>20, elapsed)
}

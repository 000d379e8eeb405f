package acctest

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// APIVersion is a REST API version an acceptance test runs on.
type APIVersion string

// The versions of the shared acceptance tests.
const (
	V204 APIVersion = client.APIVersion204
	V300 APIVersion = client.APIVersion300
)

// APIVersions is the one table of versions the shared acceptance tests run
// on (contributing/architecture.md §6, §8): the default and the current
// one. A test body written once runs on each (EachAPIVersion); what only
// one version has is tested on it alone.
var APIVersions = []APIVersion{V204, V300}

// EachAPIVersion runs test once per version of APIVersions, as a subtest
// named after it (TestAccContactResource_lifecycle/v3.00), so that -run
// selects a version too. A test body that calls resource.ParallelTest runs
// its versions in parallel.
func EachAPIVersion(t *testing.T, test func(t *testing.T, v APIVersion)) {
	t.Helper()
	for _, v := range APIVersions {
		t.Run(string(v), func(t *testing.T) { test(t, v) })
	}
}

// NewMock starts a mock (acctest.NewMock) for a test of version v: its
// ProviderConfig sets api_version = v, and the test fails when the
// provider sent a REST request to another version's path, or none to v's,
// so that a test of v cannot pass on another version.
func (v APIVersion) NewMock(t *testing.T, opts ...func(*mockapi.Options)) *Mock {
	t.Helper()
	return v.NewMockWrapped(t, nil, opts...)
}

// NewMockWrapped is NewMock with middleware in front of the mock (nil for
// none), as acctest.NewMockWrapped.
func (v APIVersion) NewMockWrapped(t *testing.T, wrap func(http.Handler) http.Handler, opts ...func(*mockapi.Options)) *Mock {
	t.Helper()
	var (
		mu          sync.Mutex
		on          int
		elsewhere   []string
		ownPrefix   = "/api/" + string(v) + "/"
		otherPrefix = "/api/v"
	)
	watch := func(next http.Handler) http.Handler {
		if wrap != nil {
			next = wrap(next)
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := strings.ToLower(r.URL.Path)
			mu.Lock()
			switch {
			case strings.HasPrefix(p, ownPrefix):
				on++
			case strings.HasPrefix(p, otherPrefix) && len(elsewhere) < 5:
				elsewhere = append(elsewhere, r.Method+" "+r.URL.Path)
			}
			mu.Unlock()
			next.ServeHTTP(w, r)
		})
	}
	m := NewMockWrapped(t, watch, opts...)
	m.APIVersion = string(v)
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if len(elsewhere) > 0 {
			t.Errorf("a test of API %s sent requests to another version: %s", v, strings.Join(elsewhere, ", "))
		}
		if on == 0 && !t.Failed() && !t.Skipped() {
			t.Errorf("a test of API %s sent no request to %s…", v, ownPrefix)
		}
	})
	return m
}

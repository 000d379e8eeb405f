package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// The v2 address-book listings ask for AddressBookPageSize records a page,
// and stay complete whatever a server does with that size: honour it, cut
// it honestly (its paging block says so), refuse it, or cut it while
// announcing the size asked for (the listing comes out short of
// TotalRecords). The last two are read again with DefaultPageSize, and so
// is every later listing of the client.

// pageSizes returns the recordsPerPage of every recorded contact listing.
func pageSizes(t *testing.T, m *mockEnv) []int {
	t.Helper()
	var sizes []int
	for _, r := range gets(m, "/addressbook/contact/list") {
		n, err := strconv.Atoi(queryOf(t, r).Get("recordsPerPage"))
		if err != nil {
			t.Fatalf("listing without a page size: %+v", r)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// capPages is a server that takes at most 100 records a page: it answers
// with the page it cut (honest: its paging block says 100), refuses larger
// pages (refuse), or cuts them while its paging block echoes the size asked
// for (lying).
func capPages(mode string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			asked, _ := strconv.Atoi(q.Get("recordsPerPage"))
			if asked <= 100 {
				next.ServeHTTP(w, r)
				return
			}
			if status, refuses := map[string]int{"refuse": http.StatusBadRequest, "refuse-413": http.StatusRequestEntityTooLarge,
				"failed-envelope": http.StatusOK}[mode]; refuses {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				fmt.Fprint(w, `{"Result":"Failed","ErrorMessage":["recordsPerPage must be between 1 and 100"]}`)
				return
			}
			q.Set("recordsPerPage", "100")
			r.URL.RawQuery = q.Encode()
			if mode == "honest" {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				panic(err)
			}
			total, _ := body["TotalRecords"].(float64)
			body["RecordsPerPage"] = asked
			switch mode {
			case "lying":
				body["PageCount"] = (int(total) + asked - 1) / asked
			case "lying-no-total":
				body["PageCount"] = (int(total) + asked - 1) / asked
				delete(body, "TotalRecords")
			case "no-page-size": // an honest page count, no RecordsPerPage
				delete(body, "RecordsPerPage")
			}
			out, _ := json.Marshal(body)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(rec.Code)
			_, _ = w.Write(out)
		})
	}
}

func TestAddressBookListingPageSizes(t *testing.T) {
	for _, tc := range []struct {
		name, mode string
		version    string
		// first and second listing's recordsPerPage, request by request
		first, second []int
	}{
		{name: "v2 server taking the size", version: APIVersion204,
			first: []int{500, 500, 500}, second: []int{500, 500, 500}},
		{name: "v2 server cutting pages, saying so", mode: "honest", version: APIVersion204,
			first: slices.Repeat([]int{500}, 12), second: slices.Repeat([]int{500}, 12)},
		{name: "v2 server refusing the size", mode: "refuse", version: APIVersion204,
			first: append([]int{500}, slices.Repeat([]int{100}, 12)...), second: slices.Repeat([]int{100}, 12)},
		{name: "v2 server cutting pages, announcing the size asked", mode: "lying", version: APIVersion204,
			first: append([]int{500}, slices.Repeat([]int{100}, 12)...), second: slices.Repeat([]int{100}, 12)},
		{name: "v2 server cutting pages, announcing the size asked, no TotalRecords", mode: "lying-no-total", version: APIVersion204,
			first: append([]int{500}, slices.Repeat([]int{100}, 12)...), second: slices.Repeat([]int{100}, 12)},
		{name: "v2 server cutting pages, echoing the size asked, counting its own pages", mode: "half-honest", version: APIVersion204,
			first: append([]int{500}, slices.Repeat([]int{100}, 12)...), second: slices.Repeat([]int{100}, 12)},
		{name: "v2 server cutting pages, its own page count, no RecordsPerPage", mode: "no-page-size", version: APIVersion204,
			first: append([]int{500}, slices.Repeat([]int{100}, 12)...), second: slices.Repeat([]int{100}, 12)},
		{name: "v2 server refusing the size with 413", mode: "refuse-413", version: APIVersion204,
			first: append([]int{500}, slices.Repeat([]int{100}, 12)...), second: slices.Repeat([]int{100}, 12)},
		{name: "v2 server refusing the size in a failed envelope", mode: "failed-envelope", version: APIVersion204,
			first: append([]int{500}, slices.Repeat([]int{100}, 12)...), second: slices.Repeat([]int{100}, 12)},
		{name: "v3.00, capped at 100 by its documents", version: APIVersion300,
			first: slices.Repeat([]int{100}, 12), second: slices.Repeat([]int{100}, 12)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var wrap []func(http.Handler) http.Handler
			if tc.mode != "" {
				wrap = append(wrap, capPages(tc.mode))
			}
			m := newMock(t, mockapi.Options{V3AcceptBasic: true}, wrap...)
			ids := seedContacts(m, 1150)
			c := m.client(t, func(cfg *Config) { cfg.APIVersion = tc.version })
			for i, want := range [][]int{tc.first, tc.second} {
				m.rec.reset()
				all, err := c.AllContacts(context.Background())
				if err != nil {
					t.Fatalf("listing %d: %v", i+1, err)
				}
				got := make([]string, len(all))
				for j, ct := range all {
					got[j] = ct.ID
				}
				if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(ids))) {
					t.Errorf("listing %d returned %d contacts, want the %d seeded", i+1, len(got), len(ids))
				}
				if sizes := pageSizes(t, m); !slices.Equal(sizes, want) {
					t.Errorf("listing %d asked for pages of %v, want %v", i+1, sizes, want)
				}
			}
		})
	}
}

// Group members and groups page the same way; a caller's PageSize wins.
func TestAddressBookListingsOtherRoutes(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	ids := seedContacts(m, 620)
	g := m.srv.PutGroup(mockapi.Group{GroupName: "All"})
	for _, id := range ids {
		if err := m.srv.AddMember(g.GroupID, id); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		mods []func(*Config)
		want string
	}{
		{nil, "recordsPerPage=500"},
		{[]func(*Config){func(cfg *Config) { cfg.PageSize = 250 }}, "recordsPerPage=250"},
	} {
		c := m.client(t, tc.mods...)
		m.rec.reset()
		members, err := c.ListGroupMembers(context.Background(), g.GroupID)
		if err != nil || len(members) != len(ids) {
			t.Fatalf("GroupMembers = %d members, %v; want %d", len(members), err, len(ids))
		}
		if _, err := c.AllGroups(context.Background()); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		for _, r := range m.rec.only(http.MethodGet) {
			fmt.Fprintf(&b, "%s?%s\n", r.Path, r.Query)
			if !strings.Contains(r.Query, tc.want) {
				t.Errorf("%s?%s: want %s", r.Path, r.Query, tc.want)
			}
		}
		if t.Failed() {
			t.Log(b.String())
		}
	}
}

// A 400 that smaller pages do not cure (a bad request for another reason),
// or a TotalRecords that no page size reaches (items deleted while the
// listing ran), costs one listing by 100 but keeps the larger pages.
func TestAddressBookListingKeepsLargePages(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answer  func(w http.ResponseWriter, r *http.Request, next http.Handler)
		wantErr bool
		first   []int
	}{
		{name: "400 at any size", wantErr: true, first: []int{500, 100}, answer: func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"Result":"Failed","ErrorMessage":["Invalid request"]}`)
		}},
		{name: "one more announced than any page size gives", first: []int{500, 100, 100}, answer: func(w http.ResponseWriter, r *http.Request, next http.Handler) {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var body map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				panic(err)
			}
			total, _ := body["TotalRecords"].(float64)
			body["TotalRecords"] = total + 1
			out, _ := json.Marshal(body)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(out)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var faulty atomic.Bool
			faulty.Store(true)
			m := newMock(t, mockapi.Options{}, func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if faulty.Load() && strings.Contains(r.URL.Path, "/contact/list") {
						tc.answer(w, r, next)
						return
					}
					next.ServeHTTP(w, r)
				})
			})
			seedContacts(m, 120)
			c := m.client(t)
			m.rec.reset()
			if _, err := c.AllContacts(context.Background()); (err != nil) != tc.wantErr {
				t.Fatalf("first listing: error %v, want an error: %t", err, tc.wantErr)
			}
			if sizes := pageSizes(t, m); !slices.Equal(sizes, tc.first) {
				t.Errorf("first listing asked for pages of %v, want %v", sizes, tc.first)
			}
			faulty.Store(false)
			m.rec.reset()
			if all, err := c.AllContacts(context.Background()); err != nil || len(all) != 120 {
				t.Fatalf("second listing: %d contacts, %v", len(all), err)
			}
			if sizes := pageSizes(t, m); !slices.Equal(sizes, []int{500}) {
				t.Errorf("second listing asked for pages of %v, want one of 500", sizes)
			}
		})
	}
}

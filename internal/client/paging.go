package client

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// maxListPages is the most pages one listing reads (100,000 objects at
// the default page size): a guard against a server that never says
// "last page".
const maxListPages = 1000

// maxListBytes bounds the answers of one listing together, whatever its
// pages claim: each page may use only what the pages before it left (and
// at most MaxResponseBytes), so an API answering endless large pages fails
// the listing instead of growing the provider without bound.
const maxListBytes = 128 << 20 // Client.maxListBytes

// listKeyer is implemented by list items with an identity; listPages uses
// it to drop an item that a later page repeats. Items without one are
// compared by their JSON.
type listKeyer interface {
	listKey() string
}

// PagingError is a listing that does not end the way the API's paging
// says it should: a page that repeats only items of earlier pages, more
// pages than TotalRecords allows, or more than the client ever reads.
type PagingError struct {
	Method string
	Route  string
	Page   int
	Reason string
}

func (e *PagingError) Error() string {
	return fmt.Sprintf("BestSMS API %s %s: listing stopped at page %d: %s", e.Method, e.Route, e.Page, e.Reason)
}

func (c *Contact) listKey() string         { return c.ID }
func (g *Group) listKey() string           { return g.ID }
func (m *ReceivedMessage) listKey() string { return m.ReceivedID }

// listKey of a recipient: its DestSeq is unique within a message.
func (r *Recipient) listKey() string { return r.DestSeq }

// pagination is the paging block of every list answer.
type pagination struct {
	TotalRecords   int `json:"TotalRecords"`
	RecordsPerPage int `json:"RecordsPerPage"`
	PageCount      int `json:"PageCount"`
	Page           int `json:"Page"`
}

// listAll fetches every page of a list endpoint and returns the items found
// under the first of keys present in each page (see listShape). It is the
// one pagination loop of the client.
func listAll[T any](ctx context.Context, c *Client, req request, keys ...string) ([]T, error) {
	return listPages(ctx, c, req, nil, listShape[T]{keys: keys})
}

// listBook is listAll for the address book's listings, with the page size
// of the API version's address book (AddressBookPageSize on v2).
func listBook[T any](ctx context.Context, c *Client, req request, keys ...string) ([]T, error) {
	req.pageSize = c.bookPageSize
	if c.largePagesRefused.Load() {
		req.pageSize = min(req.pageSize, DefaultPageSize)
	}
	req.largePages = req.pageSize > DefaultPageSize
	return listPages(ctx, c, req, nil, listShape[T]{keys: keys})
}

// listPages is listAll with a hook that sees each page's whole body, for
// answers that carry more than the list (a message status document pages
// its Recipients), and a listShape of the caller's.
//
// The loop trusts the API's paging only as far as it adds up: an item a
// later page repeats is kept once, and the listing fails (instead of going
// on forever) when a page brings no new item, when the pages go past
// ceil(TotalRecords / RecordsPerPage) + 1, or past maxListPages.
//
// A listing of listBook with pages larger than DefaultPageSize is read again
// with DefaultPageSize when the API refuses it (a 4xx other than 401, 403,
// 404, 408 and 429, or a failed envelope), when a page that is not the last
// holds fewer items than its RecordsPerPage (or, without one, than asked
// for: a server that cuts pages to a size of its own while its paging block
// says otherwise), or when the listing ends with fewer items than its
// TotalRecords announced. When the smaller pages do better (they succeed,
// or bring more items), every later listing of the client uses them: a
// short listing would read as contacts or members gone. A server that cuts
// the pages and omits TotalRecords and shows no short page (the cut last
// page of a listing of one page) cannot be told from a short address book.
func listPages[T any](ctx context.Context, c *Client, req request, onPage func(page int, raw json.RawMessage) error, shape listShape[T]) ([]T, error) {
	items, announced, err := listEveryPage(ctx, c, req, onPage, shape)
	if size := cmp.Or(req.pageSize, c.pageSize); req.largePages && size > DefaultPageSize && ctx.Err() == nil &&
		(refusesPageSize(err) || errors.Is(err, errPagesCut) || err == nil && announced > len(items)) {
		why := fmt.Sprintf("the API announced %d items and gave %d", announced, len(items))
		if err != nil {
			why = err.Error()
		}
		req.pageSize, req.largePages = DefaultPageSize, false
		got := len(items)
		clear(items) // only the pages of 100 count now: let the first attempt's go
		again, _, againErr := listEveryPage(ctx, c, req, onPage, shape)
		// Smaller pages for good only when they did better: a refusal for
		// another reason, or items deleted while the listing ran, say
		// nothing about the page size.
		if againErr == nil && (err != nil || len(again) > got) {
			c.largePagesRefused.Store(true)
			c.log.Debug(ctx, "BestSMS API listings use smaller pages from now on", map[string]any{
				"route": req.route, "records_per_page": size, "now": DefaultPageSize, "reason": why})
		}
		items, err = again, againErr
	}
	return items, c.masked(err)
}

// errPagesCut is a large-page listing whose page, not the last, held fewer
// items than its page size.
var errPagesCut = errors.New("a page that is not the last holds fewer items than its page size")

// refusesPageSize reports whether err is an answer of the API that may
// refuse a page size: a 4xx but for credentials, access, a missing object,
// a timeout and the rate, or a failed envelope with a 2xx status.
func refusesPageSize(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusRequestTimeout,
		http.StatusTooManyRequests:
		return false
	}
	return ae.StatusCode < 300 || ae.StatusCode >= 400 && ae.StatusCode < 500
}

// listEveryPage is the loop of listPages; it also returns the largest
// TotalRecords any page announced.
func listEveryPage[T any](ctx context.Context, c *Client, req request, onPage func(page int, raw json.RawMessage) error, shape listShape[T]) (_ []T, announced int, _ error) {
	var all []T
	seen := map[string]bool{}
	maxTotal := 0
	var read int64
	for page := 1; ; page++ {
		if page > maxListPages {
			return nil, 0, &PagingError{Method: req.method, Route: req.route, Page: page - 1,
				Reason: fmt.Sprintf("the API announced more pages after %d pages, the most the provider reads", maxListPages)}
		}
		left := c.maxListBytes - read
		r := req
		r.maxBytes = max(left, 1)
		p, items, n, err := fetchPage(ctx, c, r, page, onPage, shape)
		if errors.Is(err, ErrResponseTooLarge) && left < c.maxResponseBytes {
			return nil, 0, &PagingError{Method: req.method, Route: req.route, Page: page - 1,
				Reason: fmt.Sprintf("page %d would pass %s of answers, the most one listing reads (%d items read)",
					page, byteSize(c.maxListBytes), len(all))}
		}
		if err != nil {
			return nil, 0, err
		}
		read += int64(n)
		announced = max(announced, p.TotalRecords)
		fresh := 0
		for _, item := range items {
			key, err := itemKey(item)
			if err != nil {
				return nil, 0, fmt.Errorf("BestSMS API %s %s: page %d: %w", req.method, req.route, page, err)
			}
			if !seen[key] {
				seen[key] = true
				fresh++
				all = append(all, item)
			}
		}
		// Stop on the last page, on an empty page, or when the server gives
		// no page count (an unpaged answer).
		if len(items) == 0 || p.PageCount <= page || p.PageCount == 0 {
			return all, announced, nil
		}
		if size := cmp.Or(req.pageSize, c.pageSize); req.largePages && len(items) < cmp.Or(p.RecordsPerPage, size) {
			return nil, 0, fmt.Errorf("BestSMS API %s %s: page %d of %d holds %d items, its page size %d: %w",
				req.method, req.route, page, p.PageCount, len(items), cmp.Or(p.RecordsPerPage, size), errPagesCut)
		}
		if fresh == 0 {
			return nil, 0, &PagingError{Method: req.method, Route: req.route, Page: page,
				Reason: "the page repeats only items of earlier pages, so the listing does not advance"}
		}
		maxTotal = max(maxTotal, p.TotalRecords)
		if err := p.checkNotPastTotal(req, page, maxTotal, cmp.Or(req.pageSize, c.pageSize)); err != nil {
			return nil, 0, err
		}
	}
}

// fetchPage GETs one page of a listing and returns its paging block, its
// items and its size; onPage (when set) sees the whole page first.
func fetchPage[T any](ctx context.Context, c *Client, req request, page int, onPage func(int, json.RawMessage) error, shape listShape[T]) (pagination, []T, int, error) {
	q := url.Values{}
	for k, v := range req.query {
		q[k] = v
	}
	q.Set("recordsPerPage", fmt.Sprint(cmp.Or(req.pageSize, c.pageSize)))
	q.Set("page", fmt.Sprint(page))
	r := req
	r.query = q

	var raw json.RawMessage
	var p pagination
	if err := c.do(ctx, r, &raw); err != nil {
		return p, nil, 0, err
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(raw, &p); err != nil {
		return p, nil, len(raw), fmt.Errorf("BestSMS API %s %s: decoding paging: %w", req.method, req.route, err)
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return p, nil, len(raw), fmt.Errorf("BestSMS API %s %s: decoding page: %w", req.method, req.route, err)
	}
	if onPage != nil {
		if err := onPage(page, raw); err != nil {
			return p, nil, len(raw), fmt.Errorf("BestSMS API %s %s: decoding page %d: %w", req.method, req.route, page, err)
		}
	}
	items, err := shape.items(req, body, c.quote)
	return p, items, len(raw), err
}

// itemKey identifies a listed item, to keep an item a later page repeats
// once: its listKey when it has one, else its JSON.
func itemKey[T any](item T) (string, error) {
	if k, ok := any(&item).(listKeyer); ok {
		if key := k.listKey(); key != "" {
			return key, nil
		}
	}
	b, err := json.Marshal(item)
	return string(b), err
}

// checkNotPastTotal fails a listing whose page count goes past what the
// largest TotalRecords announced so far allows: ceil(total / per page) + 1.
func (p pagination) checkNotPastTotal(req request, page, maxTotal, pageSize int) error {
	perPage := p.RecordsPerPage
	if perPage <= 0 {
		perPage = pageSize
	}
	if pages := (maxTotal + perPage - 1) / perPage; maxTotal > 0 && page+1 > pages+1 {
		return &PagingError{Method: req.method, Route: req.route, Page: page,
			Reason: fmt.Sprintf("the API announced %d records (%d pages of %d) but still says page %d is not the last",
				maxTotal, pages, perPage, page)}
	}
	return nil
}

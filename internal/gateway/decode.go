package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// api_v1 answers are loosely typed: the same member arrives as "2" or 2,
// ids and times as strings, names as strings or null, lists as arrays or
// (PHP arrays with gaps) objects. These types read every such form.

// flexString reads a string, number, boolean or null as a string.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
		*s = ""
	case string:
		*s = flexString(x)
	case json.Number:
		*s = flexString(x.String())
	case bool:
		*s = ""
		if x {
			*s = "1" // as PHP prints true
		}
	default:
		return fmt.Errorf("expected a string or a number, got %s", redact.Cut(string(b), maxQuotedValue))
	}
	return nil
}

// flexInt reads a whole number given as a number or a string; "" and null
// are 0.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	text := strings.TrimSpace(string(s))
	if text == "" {
		*n = 0
		return nil
	}
	if i, err := strconv.Atoi(text); err == nil {
		*n = flexInt(i)
		return nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
		return fmt.Errorf("expected a whole number, got %q", redact.Cut(text, maxQuotedValue))
	}
	*n = flexInt(f)
	return nil
}

// epoch reads Unix seconds given as text; "", "0" and anything unreadable
// are the zero time.
func epoch(s flexString) time.Time {
	secs, err := strconv.ParseInt(strings.TrimSpace(string(s)), 10, 64)
	if err != nil || secs <= 0 {
		return time.Time{}
	}
	return time.Unix(secs, 0).UTC()
}

// decodeList reads a list given as an array, as an object of items (in the
// order of their keys, numerically when they are numbers) or as null. It
// returns the items and their JSON text.
func decodeList[T any](raw json.RawMessage) ([]T, []json.RawMessage, error) {
	trimmed := bytes.TrimSpace(raw)
	var raws []json.RawMessage
	switch {
	case len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")):
		return nil, nil, nil
	case trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &raws); err != nil {
			return nil, nil, err
		}
	case trimmed[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &obj); err != nil {
			return nil, nil, err
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			a, errA := strconv.Atoi(keys[i])
			b, errB := strconv.Atoi(keys[j])
			if errA == nil && errB == nil {
				return a < b
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			raws = append(raws, obj[k])
		}
	default:
		return nil, nil, fmt.Errorf("expected a list, got %s", redact.Cut(string(trimmed), maxQuotedValue))
	}
	items := make([]T, len(raws))
	for i, r := range raws {
		if err := json.Unmarshal(r, &items[i]); err != nil {
			return nil, nil, fmt.Errorf("item %d: %w", i+1, err)
		}
	}
	return items, raws, nil
}

// member decodes obj[key] into out when present; it reports presence.
func member(obj map[string]json.RawMessage, key string, out any) (bool, error) {
	raw, ok := obj[key]
	if !ok {
		return false, nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return true, fmt.Errorf("%s: %w", key, err)
	}
	return true, nil
}

// listAll reads every page of a listing action, the one paging loop of the
// package. The items are under the first of keys present (fetch_contacts'
// list is "records" in the reference's sample answer and "contacts" in its
// PHP sample); id names an item for de-duplication.
//
// It stops at the last page (totalpages, else total, else a short page),
// at an empty page, or at a page that adds nothing new (a gateway that
// ignores p); the latter is an error while fewer than total items were
// read. More than MaxPages pages is an error.
func listAll[T any](ctx context.Context, c *Client, action string, fields url.Values, keys []string, id func(T) string) ([]T, error) {
	items, err := listEveryPage(ctx, c, action, fields, keys, id)
	return items, c.masked(err)
}

// listEveryPage is the loop of listAll.
func listEveryPage[T any](ctx context.Context, c *Client, action string, fields url.Values, keys []string, id func(T) string) ([]T, error) {
	seen := map[string]bool{}
	all := []T{}
	for page := 1; ; page++ {
		if page > c.maxPages {
			return nil, fmt.Errorf("api_v1 %s: more than %d pages (%d records read); stopped reading", action, c.maxPages, len(all))
		}
		lp, err := c.fetchListPage(ctx, action, fields, page, keys)
		if err != nil {
			return nil, err
		}
		if lp.list == nil {
			return all, nil // no list member, and total says there is nothing
		}
		items, raws, err := decodeList[T](lp.list)
		if err != nil {
			return nil, fmt.Errorf("api_v1 %s: decoding page %d: %w", action, page, err)
		}
		added := 0
		for i, it := range items {
			key := id(it)
			if key == "" {
				key = string(raws[i])
			}
			if !seen[key] {
				seen[key] = true
				all = append(all, it)
				added++
			}
		}
		if added == 0 && len(items) > 0 && int(lp.total) > len(all) {
			return nil, fmt.Errorf("api_v1 %s: page %d repeats records already read (%d of %d read); "+
				"the gateway does not page as documented", action, page, len(all), lp.total)
		}
		if lp.last(page, len(items), added, len(all), c.pageSize) {
			return all, nil
		}
	}
}

// listPage is what one page of a listing says about itself.
type listPage struct {
	total, pages flexInt
	// list is the member holding the items; nil when the page has none of
	// the keys and total is 0.
	list json.RawMessage
}

// last reports whether page (which held n items, added of them new, read
// in all so far) ends the listing: an empty page, a page that adds
// nothing, the last of totalpages, else total reached, else a short page.
func (lp listPage) last(page, n, added, read, pageSize int) bool {
	switch {
	case n == 0, added == 0:
		return true
	case lp.pages > 0:
		return page >= int(lp.pages)
	case lp.total > 0:
		return read >= int(lp.total)
	}
	return n < pageSize
}

// fetchListPage asks for one page of a listing action and finds its paging
// members and the list under the first of keys present.
func (c *Client) fetchListPage(ctx context.Context, action string, fields url.Values, page int, keys []string) (listPage, error) {
	f := url.Values{}
	for k, v := range fields {
		f[k] = v
	}
	f.Set("p", strconv.Itoa(page))
	f.Set("perpage", strconv.Itoa(c.pageSize))
	obj, err := c.do(ctx, call{action: action, fields: f, replayable: true})
	if err != nil {
		return listPage{}, err
	}
	var lp listPage
	if _, err := member(obj, "total", &lp.total); err != nil {
		return listPage{}, fmt.Errorf("api_v1 %s: decoding page %d: %w", action, page, err)
	}
	if _, err := member(obj, "totalpages", &lp.pages); err != nil {
		return listPage{}, fmt.Errorf("api_v1 %s: decoding page %d: %w", action, page, err)
	}
	for _, k := range keys {
		if list, found := obj[k]; found {
			lp.list = list
			return lp, nil
		}
	}
	if lp.total == 0 {
		return lp, nil
	}
	return listPage{}, fmt.Errorf("api_v1 %s: page %d has none of the members %s (it has %s)",
		action, page, strings.Join(keys, ", "), c.memberList(obj))
}

// memberList names an object's members for an error: sorted, at most
// maxMembers of them, each quoted, then how many more there are.
func (c *Client) memberList(obj map[string]json.RawMessage) string {
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	if len(names) == 0 {
		return "no members"
	}
	sort.Strings(names)
	shown := make([]string, 0, maxMembers+1)
	for i, k := range names {
		if i == maxMembers {
			shown = append(shown, fmt.Sprintf("and %d more", len(names)-maxMembers))
			break
		}
		shown = append(shown, c.quote(k, maxQuotedValue))
	}
	return strings.Join(shown, ", ")
}

package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"reflect"
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

// decodeMembers reads a JSON object into the struct v points to, member by
// member (the json tags of its fields, matched case-insensitively): a
// member that does not decode leaves its field zero and is returned as a
// problem ("units: …"), so that one odd value does not cost the whole
// record. Only an answer that is not an object is an error.
func decodeMembers(b []byte, v any) ([]string, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	rv := reflect.ValueOf(v).Elem()
	rt := rv.Type()
	var problems []string
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || !rt.Field(i).IsExported() {
			continue
		}
		raw, ok := obj[name]
		if !ok {
			for k, r := range obj {
				if strings.EqualFold(k, name) {
					raw, ok = r, true
					break
				}
			}
		}
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw, rv.Field(i).Addr().Interface()); err != nil {
			rv.Field(i).SetZero()
			problems = append(problems, name+": "+err.Error())
		}
	}
	return problems, nil
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
// read. One bound holds for the whole listing, whatever the pages claim:
// at most MaxPages pages, MaxListItems records and MaxListBytes of answers
// (each page may use only what the pages before it left), past which it
// fails with ErrListTooLarge.
func listAll[T any](ctx context.Context, c *Client, action string, fields url.Values, keys []string, id func(T) string) ([]T, error) {
	items, err := listEveryPage(ctx, c, action, fields, keys, id)
	return items, c.masked(err)
}

// listEveryPage is the loop of listAll.
func listEveryPage[T any](ctx context.Context, c *Client, action string, fields url.Values, keys []string, id func(T) string) ([]T, error) {
	seen := map[string]bool{}
	all := []T{}
	var read int64
	tooLarge := func(page int, what string) error {
		return fmt.Errorf("api_v1 %s: %w: %s; stopped after %d page(s) (%d records, %s read). A listing reads at "+
			"most %d pages, %d records and %s of answers: narrow it with a filter", action, ErrListTooLarge, what, page,
			len(all), byteSize(read), c.maxPages, c.maxListItems, byteSize(c.maxListBytes))
	}
	for page := 1; ; page++ {
		if page > c.maxPages {
			return nil, tooLarge(page-1, fmt.Sprintf("it has more than %d pages", c.maxPages))
		}
		left := c.maxListBytes - read
		lp, n, err := c.fetchListPage(ctx, action, fields, page, keys, left)
		var big *tooLargeError
		if errors.As(err, &big) && big.limit < c.maxBody {
			return nil, tooLarge(page-1, fmt.Sprintf("page %d would pass %s of answers", page, byteSize(c.maxListBytes)))
		}
		if err != nil {
			return nil, err
		}
		read += int64(n)
		if lp.list == nil {
			return all, nil // no list member, and total says there is nothing
		}
		items, raws, err := decodeList[T](lp.list)
		if err != nil {
			return nil, fmt.Errorf("api_v1 %s: decoding page %d: %w", action, page, err)
		}
		lp.list = nil
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
		if len(all) > c.maxListItems {
			return nil, tooLarge(page, fmt.Sprintf("it has more than %d records", c.maxListItems))
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

// byteSize writes n bytes as MiB when exact, else as bytes.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
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

// fetchListPage asks for one page of a listing action, of at most
// maxBytes, and finds its paging members and the list under the first of
// keys present. It returns the size of the answer too.
func (c *Client) fetchListPage(ctx context.Context, action string, fields url.Values, page int, keys []string, maxBytes int64) (listPage, int, error) {
	f := url.Values{}
	for k, v := range fields {
		f[k] = v
	}
	f.Set("p", strconv.Itoa(page))
	f.Set("perpage", strconv.Itoa(c.pageSize))
	obj, n, err := c.exchange(ctx, call{action: action, fields: f, replayable: true, maxBytes: max(maxBytes, 1)})
	if err != nil {
		return listPage{}, n, err
	}
	var lp listPage
	if _, err := member(obj, "total", &lp.total); err != nil {
		return listPage{}, n, fmt.Errorf("api_v1 %s: decoding page %d: %w", action, page, err)
	}
	if _, err := member(obj, "totalpages", &lp.pages); err != nil {
		return listPage{}, n, fmt.Errorf("api_v1 %s: decoding page %d: %w", action, page, err)
	}
	for _, k := range keys {
		if list, found := obj[k]; found {
			lp.list = list
			return lp, n, nil
		}
	}
	if lp.total == 0 {
		return lp, n, nil
	}
	return listPage{}, n, fmt.Errorf("api_v1 %s: page %d has none of the members %s (it has %s)",
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

package client

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// listShape says where a list answer keeps its items.
type listShape[T any] struct {
	// keys are the members that hold the items; the first one present wins
	// (case-insensitively), and a null member is an empty list.
	keys []string
	// other, when set, reads an answer that has none of keys but a layout
	// the documentation shows (the v2.03 reference's flat received SMS, the
	// documented reply answers, a v2.03 status without recipients). ok is
	// false when it does not recognise the answer either.
	other func(body map[string]json.RawMessage) (items []T, ok bool, err error)
}

// items returns the items of one page of req's answer. An answer with none
// of the keys that other does not recognise either is an error naming the
// members it had, never an empty list: a wrong route or an unknown layout
// must not read as "there is nothing". Only an answer that says it has no
// records (TotalRecords 0) may leave the list out. quote is the client's
// (Client.quote): the error names a bounded number of members, each cut.
func (s listShape[T]) items(req request, body map[string]json.RawMessage, quote func(string, int) string) ([]T, error) {
	for _, k := range s.keys {
		raw, ok := lookup(body, k)
		if !ok {
			continue
		}
		var items []T
		if string(raw) != "null" {
			if err := json.Unmarshal(raw, &items); err != nil {
				return nil, fmt.Errorf("BestSMS API %s %s: decoding %s: %w", req.method, req.route, k, err)
			}
		}
		return items, nil
	}
	if s.other != nil {
		items, ok, err := s.other(body)
		if err != nil {
			return nil, fmt.Errorf("BestSMS API %s %s: decoding the answer: %w", req.method, req.route, err)
		}
		if ok {
			return items, nil
		}
	}
	if raw, ok := lookup(body, "TotalRecords"); ok && strings.TrimSpace(string(raw)) == "0" {
		return nil, nil
	}
	return nil, fmt.Errorf("BestSMS API %s %s: the answer has none of the members that hold the list (%s); "+
		"it has %s. Check base_url, or report the answer's layout", req.method, req.route,
		strings.Join(s.keys, ", "), memberList(body, quote))
}

// memberList names an answer's members for an error: sorted, at most
// maxMessages of them, each quoted, then how many more there are.
func memberList(body map[string]json.RawMessage, quote func(string, int) string) string {
	members := make([]string, 0, len(body))
	for k := range body {
		members = append(members, k)
	}
	slices.Sort(members)
	if len(members) == 0 {
		return "no members"
	}
	shown := make([]string, 0, maxMessages+1)
	for i, k := range members {
		if i == maxMessages {
			shown = append(shown, fmt.Sprintf("and %d more", len(members)-maxMessages))
			break
		}
		shown = append(shown, quote(k, maxQuotedName))
	}
	return strings.Join(shown, ", ")
}

// hasAny reports whether body has any of the members (case-insensitively).
func hasAny(body map[string]json.RawMessage, keys ...string) bool {
	for _, k := range keys {
		if _, ok := lookup(body, k); ok {
			return true
		}
	}
	return false
}

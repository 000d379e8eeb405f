package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/groupcode"
)

// Group is an address-book group (contributing/wire-protocol.md §9.2).
type Group struct {
	ID         string // GroupID
	Code       string // GroupCode: derived from the name when not given, never changed
	Name       string
	SubAccount string
	Department string
	ViewEditBy string
	Owner      string
	Timezone   string
	Created    time.Time
	Updated    time.Time
}

// UnmarshalJSON decodes a group tolerantly (both generations of timestamp
// names; members that are null or missing become empty).
func (g *Group) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	str := func(key string) string {
		if v, ok := lookup(raw, key); ok {
			var s string
			if json.Unmarshal(v, &s) == nil {
				return s
			}
		}
		return ""
	}
	*g = Group{
		ID:         str("GroupID"),
		Code:       str("GroupCode"),
		Name:       str("GroupName"),
		SubAccount: str("SubAccount"),
		Department: str("Department"),
		ViewEditBy: str("ViewEditBy"),
		Owner:      str("Owner"),
		Timezone:   str("Timezone"),
		Created: pickTimestamp(str("Timezone"), []string{str("CreatedTimeUTC_RFC3339"), str("CreatedTimeUTC"), str("CreatedUTC")},
			str("CreatedTimeLocal"), str("Created")),
		Updated: pickTimestamp(str("Timezone"), []string{str("UpdatedTimeUTC_RFC3339"), str("UpdatedTimeUTC"), str("UpdatedUTC")},
			str("UpdatedTimeLocal"), str("Updated")),
	}
	return nil
}

type groupEnvelope struct {
	Group Group `json:"Group"`
}

// groupKey returns what goes into a {group} path slot for the group whose
// GroupID is id: the id itself in v2.04, its GroupCode in v2.03 (found by
// listing groups when the client has not seen the group yet).
func (c *Client) groupKey(ctx context.Context, id string) (string, error) {
	if c.apiVersion != APIVersion203 {
		return id, nil
	}
	if code, ok := c.groupCodes.Load(id); ok {
		if s, ok := code.(string); ok {
			return s, nil
		}
	}
	groups, err := c.ListGroups(ctx)
	if err != nil {
		return "", err
	}
	for _, g := range groups {
		if g.ID == id || g.Code == id {
			return g.Code, nil
		}
	}
	return "", fmt.Errorf("group %q: %w", id, ErrNotFound)
}

// ListGroups returns every group of the account (all pages).
func (c *Client) ListGroups(ctx context.Context) ([]Group, error) {
	groups, err := listAll[Group](ctx, c, request{
		method: http.MethodGet, route: "addressbook/group/list",
	}, "Groups")
	if err != nil {
		return nil, err
	}
	c.remember(groups...)
	return groups, nil
}

// GetGroup returns the group whose GroupID is id.
//
// With bulk reads on, the group comes from one shared listing of all
// groups; a group missing from it is asked for with a GET. When that
// listing fails, its error is the answer.
func (c *Client) GetGroup(ctx context.Context, id string) (*Group, error) {
	g, ok, err := c.cache.group(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if ok {
		return &g, nil
	}
	return c.fetchGroup(ctx, id)
}

// fetchGroup GETs one group; an answer without the group is an error.
func (c *Client) fetchGroup(ctx context.Context, id string) (*Group, error) {
	if id == "" {
		return nil, fmt.Errorf("group id is empty: %w", ErrNotFound)
	}
	key, err := c.groupKey(ctx, id)
	if err != nil {
		return nil, err
	}
	req := request{method: http.MethodGet, route: "addressbook/group/{group}", params: []string{key}}
	var out groupEnvelope
	if err := c.do(ctx, req, &out); err != nil {
		return nil, err
	}
	if out.Group.ID == "" {
		return nil, &IncompleteAnswerError{Method: req.method, Route: req.route, Problem: "the answer has no group with a GroupID"}
	}
	c.remember(out.Group)
	return &out.Group, nil
}

// FindGroupByCode resolves a GroupCode to its group by listing the groups
// (path resolution by code is not documented for v2.04). Codes are matched
// exactly, then case-insensitively. No match is an error for which
// IsNotFound is true.
func (c *Client) FindGroupByCode(ctx context.Context, code string) (*Group, error) {
	groups, err := c.ListGroups(ctx)
	if err != nil {
		return nil, err
	}
	var folded *Group
	for i := range groups {
		switch {
		case groups[i].Code == code:
			return &groups[i], nil
		case folded == nil && strings.EqualFold(groups[i].Code, code):
			folded = &groups[i]
		}
	}
	if folded != nil {
		return folded, nil
	}
	return nil, fmt.Errorf("group with code %q: %w", code, ErrNotFound)
}

// groupBody is the request body of group create and update.
func groupBody(g Group, create bool) map[string]string {
	body := map[string]string{
		"GroupName":  g.Name,
		"SubAccount": g.SubAccount,
		"Department": g.Department,
	}
	if g.ViewEditBy != "" {
		body["ViewEditBy"] = g.ViewEditBy
	}
	if create && g.Code != "" {
		body["GroupCode"] = g.Code
	}
	if create {
		for k, v := range body {
			if v == "" {
				delete(body, k)
			}
		}
	}
	return body
}

// CreateGroup creates a group; an empty Code lets the API derive it from
// the name.
//
// After an unknown outcome the group is looked for by its code (the one
// given, or the one the API derives from the name), which the API keeps
// unique; see createRecovering.
func (c *Client) CreateGroup(ctx context.Context, in Group) (*Group, error) {
	code := in.Code
	if code == "" {
		code = groupcode.FromName(in.Name)
	}
	req := request{
		method: http.MethodPost, route: "addressbook/group", body: groupBody(in, true),
		writes: writes{kind: writesGroup},
	}
	created, err := createRecovering(ctx, c, recoverable[Group]{
		kind: "group",
		key:  strings.ToLower(code),
		create: func() (*Group, error) {
			var out groupEnvelope
			if err := c.do(ctx, req, &out); err != nil {
				return nil, err
			}
			if out.Group.ID == "" {
				return nil, incomplete(req, "the answer has no group with a GroupID")
			}
			return &out.Group, nil
		},
		find: func() ([]Group, error) {
			all, err := c.ListGroups(ctx)
			if err != nil {
				return nil, err
			}
			var matches []Group
			for _, g := range all {
				if strings.EqualFold(g.Code, code) && g.Name == in.Name {
					matches = append(matches, g)
				}
			}
			return matches, nil
		},
		id:      func(g *Group) string { return g.ID },
		created: func(g *Group) time.Time { return g.Created },
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// UpdateGroup changes name, sub-account, department and ViewEditBy (when
// set) of the group whose GroupID is id. The GroupCode never changes. An
// answer without the group is followed by a GET of it.
func (c *Client) UpdateGroup(ctx context.Context, id string, in Group) (*Group, error) {
	key, err := c.groupKey(ctx, id)
	if err != nil {
		return nil, err
	}
	var out groupEnvelope
	if err := c.do(ctx, request{
		method: http.MethodPatch, route: "addressbook/group/{group}", params: []string{key}, body: groupBody(in, false),
		writes: writes{kind: writesGroup, id: id},
	}, &out); err != nil {
		return nil, err
	}
	updated := &out.Group
	if updated.ID == "" {
		if updated, err = c.fetchGroup(ctx, id); err != nil {
			return nil, err
		}
	}
	return updated, nil
}

// DeleteGroup deletes the group whose GroupID is id.
func (c *Client) DeleteGroup(ctx context.Context, id string) error {
	key, err := c.groupKey(ctx, id)
	if err != nil {
		return err
	}
	return c.do(ctx, request{
		method: http.MethodDelete, route: "addressbook/group/{group}", params: []string{key},
		writes: writes{kind: writesGroup, id: id, remove: true},
	}, nil)
}

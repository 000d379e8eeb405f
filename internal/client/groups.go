package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/groupcode"
)

// Group is an address-book group (contributing/wire-protocol.md §9.2,
// wire-protocol-v3.md §4.3).
type Group struct {
	ID string // GroupID
	// Code is the GroupCode: derived from the name when not given, never
	// changed; v3 assigns it (a Code on create is FeatureGroupCode).
	Code       string
	Name       string
	SubAccount string
	Department string
	ViewEditBy string
	// AccessControl is Limited or Granted (FeatureGroupAccessControl).
	AccessControl string
	Owner         string
	Timezone      string
	Created       time.Time
	Updated       time.Time // v3 groups have none: zero
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
		ID:            str("GroupID"),
		Code:          str("GroupCode"),
		Name:          str("GroupName"),
		SubAccount:    str("SubAccount"),
		Department:    str("Department"),
		ViewEditBy:    str("ViewEditBy"),
		AccessControl: str("AccessControl"),
		Owner:         str("Owner"),
		Timezone:      str("Timezone"),
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

func (e *groupEnvelope) object() any      { return &e.Group }
func (e *groupEnvelope) objectID() string { return e.Group.ID }

// groupKey returns what goes into a {group} path slot for the group whose
// GroupID is id: the id itself in v2.04 and v3.00, its GroupCode in v2.03
// (found by listing groups when the client has not seen the group yet).
func (c *Client) groupKey(ctx context.Context, id string) (string, error) {
	if !c.dialect.groupByCode {
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
	groups, err := listBook[Group](ctx, c, c.route(opGroupList), "Groups")
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
	var out groupEnvelope
	if err := c.oneObject(ctx, c.route(opGroupGet, key), &out, "group with a GroupID"); err != nil {
		return nil, err
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

// groupBody is the request body of group create and update: AccessControl
// when set, the GroupCode only on create and when set.
func groupBody(g Group, create bool) map[string]string {
	body := map[string]string{
		"GroupName":  g.Name,
		"SubAccount": g.SubAccount,
		"Department": g.Department,
	}
	if g.ViewEditBy != "" {
		body["ViewEditBy"] = g.ViewEditBy
	}
	if g.AccessControl != "" {
		body["AccessControl"] = g.AccessControl
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

// matchesCreate reports whether the stored group g holds what a create
// with body sent (the members the API defaults compared only when sent).
func (g Group) matchesCreate(body map[string]string) bool {
	for _, m := range []struct{ name, value string }{
		{"GroupName", g.Name}, {"SubAccount", g.SubAccount}, {"Department", g.Department},
		{"ViewEditBy", g.ViewEditBy}, {"AccessControl", g.AccessControl},
	} {
		sent, ok := body[m.name]
		if ok && sent != m.value || !ok && m.value != "" && m.name != "ViewEditBy" && m.name != "AccessControl" {
			return false
		}
	}
	return true
}

// groupCarried returns an *UnsupportedError when g sets a member the
// client's version cannot carry (a Code counts on create only).
func (c *Client) groupCarried(g Group, create bool) error {
	switch {
	case create && g.Code != "" && !c.Supports(FeatureGroupCode):
		return c.unsupported(FeatureGroupCode)
	case g.AccessControl != "" && !c.Supports(FeatureGroupAccessControl):
		return c.unsupported(FeatureGroupAccessControl)
	}
	return nil
}

// CreateGroup creates a group; an empty Code lets the API derive it from
// the name (v3 always does: a Code is an *UnsupportedError there).
//
// After an unknown outcome the group is looked for: in v2 by its code (the
// one given, or the one the API derives from the name), which the API keeps
// unique; in v3, whose codes are the server's, by exactly the members sent.
// See createRecovering.
func (c *Client) CreateGroup(ctx context.Context, in Group) (*Group, error) {
	if err := c.groupCarried(in, true); err != nil {
		return nil, err
	}
	body := groupBody(in, true)
	code := in.Code
	if code == "" {
		code = groupcode.FromName(in.Name)
	}
	key, match := strings.ToLower(code), func(g Group) bool { return strings.EqualFold(g.Code, code) && g.Name == in.Name }
	if !c.Supports(FeatureGroupCode) {
		k, _ := json.Marshal(body) // a map of strings: sorted keys, never fails
		key, match = string(k), func(g Group) bool { return g.matchesCreate(body) }
	}
	req := c.route(opGroupCreate)
	req.body, req.writes = body, writes{kind: writesGroup}
	created, err := createRecovering(ctx, c, recoverable[Group]{
		kind: "group",
		key:  key,
		create: func() (*Group, error) {
			var out groupEnvelope
			if err := c.oneObject(ctx, req, &out, "group with a GroupID"); err != nil {
				return nil, err
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
				if match(g) {
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

// UpdateGroup changes name, sub-account, department, and ViewEditBy and
// AccessControl (when set) of the group whose GroupID is id. The GroupCode
// never changes. An answer without the group is followed by a GET of it.
func (c *Client) UpdateGroup(ctx context.Context, id string, in Group) (*Group, error) {
	if err := c.groupCarried(in, false); err != nil {
		return nil, err
	}
	key, err := c.groupKey(ctx, id)
	if err != nil {
		return nil, err
	}
	req := c.route(opGroupUpdate, key)
	req.body, req.writes = groupBody(in, false), writes{kind: writesGroup, id: id}
	var out groupEnvelope
	if err := c.do(ctx, req, &out); err != nil {
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
	req := c.route(opGroupDelete, key)
	req.writes = writes{kind: writesGroup, id: id, remove: true}
	return c.do(ctx, req, nil)
}

package client

import (
	"context"
	"maps"
	"slices"
)

// The methods of this file list whole collections for callers that want
// all of them at once (the provider's list resources, which adopt an
// existing address book). With bulk reads on they go through the read
// cache: the listing is made once per client and shared with every later
// single-object read, so listing 1,000 contacts and then reading each of
// them costs the pages of one listing. With bulk reads off they list the
// API every time. The slices returned are the caller's own copies, in no
// particular order.

// AllContacts returns every contact of the account.
func (c *Client) AllContacts(ctx context.Context) ([]Contact, error) {
	if c.cache == nil {
		return c.ListContacts(ctx)
	}
	// A read of an id no contact has loads the whole collection.
	if _, _, err := c.cache.contact(ctx, c, ""); err != nil {
		return nil, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	return slices.Collect(maps.Values(c.cache.contacts)), nil
}

// AllGroups returns every group of the account.
func (c *Client) AllGroups(ctx context.Context) ([]Group, error) {
	if c.cache == nil {
		return c.ListGroups(ctx)
	}
	if _, _, err := c.cache.group(ctx, c, ""); err != nil {
		return nil, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	return slices.Collect(maps.Values(c.cache.groups)), nil
}

// GroupMemberIDs returns the ids of every contact in the group whose
// GroupID is groupID. A missing group is an error for which IsNotFound is
// true.
func (c *Client) GroupMemberIDs(ctx context.Context, groupID string) ([]string, error) {
	if c.cache == nil {
		members, err := c.ListGroupMembers(ctx, groupID)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(members))
		for _, m := range members {
			ids = append(ids, m.ID)
		}
		return ids, nil
	}
	if _, err := c.cache.isMember(ctx, c, groupID, ""); err != nil {
		return nil, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	return slices.Collect(maps.Keys(c.cache.members[groupID])), nil
}

package client

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"
)

// readCache serves single-object reads from whole-collection listings, so
// that refreshing N contacts costs one listing (a few pages) instead of N
// GETs. It lives as long as the Client, which the provider builds once per
// Terraform command.
//
// Rules:
//   - the first read of a kind lists the whole collection; concurrent first
//     reads share that one listing (singleflight);
//   - every create, update and delete through the client updates or drops
//     what it touched, so the cache never serves our own stale writes;
//   - a miss is never an answer: callers fall back to the API (a GET), so
//     whether an object is gone is always decided by the API.
type readCache struct {
	flight singleflight.Group

	mu       sync.Mutex
	contacts map[string]Contact         // nil until listed
	groups   map[string]Group           // nil until listed
	members  map[string]map[string]bool // group id → contact ids; a group is absent until listed
}

func newReadCache() *readCache {
	return &readCache{members: map[string]map[string]bool{}}
}

// contact returns the contact from the cache, listing all contacts on
// first use. ok is false on a miss or when the listing failed.
func (rc *readCache) contact(ctx context.Context, c *Client, id string) (Contact, bool) {
	rc.mu.Lock()
	loaded := rc.contacts != nil
	rc.mu.Unlock()
	if !loaded {
		_, err, _ := rc.flight.Do("contacts", func() (any, error) {
			all, err := c.ListContacts(ctx)
			if err != nil {
				return nil, err
			}
			m := make(map[string]Contact, len(all))
			for _, ct := range all {
				m[ct.ID] = ct
			}
			rc.mu.Lock()
			rc.contacts = m
			rc.mu.Unlock()
			return nil, nil
		})
		if err != nil {
			c.log.Debug(ctx, "bulk read of contacts failed; reading one by one", map[string]any{"error": err.Error()})
			return Contact{}, false
		}
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	ct, ok := rc.contacts[id]
	return ct, ok
}

// group returns the group from the cache, listing all groups on first use.
func (rc *readCache) group(ctx context.Context, c *Client, id string) (Group, bool) {
	rc.mu.Lock()
	loaded := rc.groups != nil
	rc.mu.Unlock()
	if !loaded {
		_, err, _ := rc.flight.Do("groups", func() (any, error) {
			all, err := c.ListGroups(ctx)
			if err != nil {
				return nil, err
			}
			m := make(map[string]Group, len(all))
			for _, g := range all {
				m[g.ID] = g
			}
			rc.mu.Lock()
			rc.groups = m
			rc.mu.Unlock()
			return nil, nil
		})
		if err != nil {
			c.log.Debug(ctx, "bulk read of groups failed; reading one by one", map[string]any{"error": err.Error()})
			return Group{}, false
		}
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	g, ok := rc.groups[id]
	return g, ok
}

// isMember reports whether the cached member list of the group (listed on
// first use) holds the contact. ok is false when the list could not be read.
func (rc *readCache) isMember(ctx context.Context, c *Client, groupID, contactID string) (member, ok bool) {
	rc.mu.Lock()
	set, loaded := rc.members[groupID]
	rc.mu.Unlock()
	if !loaded {
		_, err, _ := rc.flight.Do("members/"+groupID, func() (any, error) {
			all, err := c.ListGroupMembers(ctx, groupID)
			if err != nil {
				return nil, err
			}
			s := make(map[string]bool, len(all))
			for _, ct := range all {
				s[ct.ID] = true
			}
			rc.mu.Lock()
			rc.members[groupID] = s
			rc.mu.Unlock()
			return nil, nil
		})
		if err != nil {
			return false, false
		}
		rc.mu.Lock()
		set = rc.members[groupID]
		rc.mu.Unlock()
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return set[contactID], true
}

// The write hooks below keep the cache true to what the API answered.

func (rc *readCache) putContact(ct Contact) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.contacts != nil {
		rc.contacts[ct.ID] = ct
	}
}

func (rc *readCache) dropContact(id string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	delete(rc.contacts, id)
	for _, set := range rc.members {
		delete(set, id)
	}
}

func (rc *readCache) putGroup(g Group) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.groups != nil {
		rc.groups[g.ID] = g
	}
}

func (rc *readCache) dropGroup(id string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	delete(rc.groups, id)
	delete(rc.members, id)
}

func (rc *readCache) setMember(groupID, contactID string, member bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if set, ok := rc.members[groupID]; ok {
		if member {
			set[contactID] = true
		} else {
			delete(set, contactID)
		}
	}
}

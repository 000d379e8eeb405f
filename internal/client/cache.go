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

// load makes sure a collection is listed: unless loaded() says it already
// is, list runs once for all concurrent callers (singleflight) and stores
// the result itself. It reports whether the collection is available.
func (rc *readCache) load(key string, loaded func() bool, list func() error) bool {
	rc.mu.Lock()
	ok := loaded()
	rc.mu.Unlock()
	if ok {
		return true
	}
	_, err, _ := rc.flight.Do(key, func() (any, error) { return nil, list() })
	return err == nil
}

// contact returns the contact from the cache, listing all contacts on
// first use. ok is false on a miss or when the listing failed.
func (rc *readCache) contact(ctx context.Context, c *Client, id string) (Contact, bool) {
	ok := rc.load("contacts", func() bool { return rc.contacts != nil }, func() error {
		all, err := c.ListContacts(ctx)
		if err != nil {
			c.log.Debug(ctx, "bulk read of contacts failed; reading one by one", map[string]any{"error": err.Error()})
			return err
		}
		m := make(map[string]Contact, len(all))
		for _, ct := range all {
			m[ct.ID] = ct
		}
		rc.mu.Lock()
		rc.contacts = m
		rc.mu.Unlock()
		return nil
	})
	rc.mu.Lock()
	defer rc.mu.Unlock()
	ct, found := rc.contacts[id]
	return ct, ok && found
}

// group returns the group from the cache, listing all groups on first use.
func (rc *readCache) group(ctx context.Context, c *Client, id string) (Group, bool) {
	ok := rc.load("groups", func() bool { return rc.groups != nil }, func() error {
		all, err := c.ListGroups(ctx)
		if err != nil {
			c.log.Debug(ctx, "bulk read of groups failed; reading one by one", map[string]any{"error": err.Error()})
			return err
		}
		m := make(map[string]Group, len(all))
		for _, g := range all {
			m[g.ID] = g
		}
		rc.mu.Lock()
		rc.groups = m
		rc.mu.Unlock()
		return nil
	})
	rc.mu.Lock()
	defer rc.mu.Unlock()
	g, found := rc.groups[id]
	return g, ok && found
}

// isMember reports whether the cached member list of the group (listed on
// first use) holds the contact. ok is false when the list could not be read.
func (rc *readCache) isMember(ctx context.Context, c *Client, groupID, contactID string) (member, ok bool) {
	ok = rc.load("members/"+groupID, func() bool { _, listed := rc.members[groupID]; return listed }, func() error {
		all, err := c.ListGroupMembers(ctx, groupID)
		if err != nil {
			return err
		}
		set := make(map[string]bool, len(all))
		for _, ct := range all {
			set[ct.ID] = true
		}
		rc.mu.Lock()
		rc.members[groupID] = set
		rc.mu.Unlock()
		return nil
	})
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.members[groupID][contactID], ok
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

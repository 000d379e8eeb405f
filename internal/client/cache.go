package client

import (
	"context"
	"errors"
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
//     whether an object is gone is always decided by the API;
//   - a listing that fails (after its own retries) is the answer of every
//     read that needs it for the rest of the client's life, instead of a
//     GET per object with retries of its own: a broken or hanging API then
//     fails a refresh once, within the bound of one listing, not once per
//     object. A listing cancelled with its operation is not remembered.
type readCache struct {
	flight singleflight.Group

	mu       sync.Mutex
	contacts map[string]Contact         // nil until listed
	groups   map[string]Group           // nil until listed
	members  map[string]map[string]bool // group id → contact ids; a group is absent until listed
	failed   map[string]error           // listing key → the error it failed with
}

func newReadCache() *readCache {
	return &readCache{members: map[string]map[string]bool{}, failed: map[string]error{}}
}

// load makes sure a collection is listed: unless loaded() says it already
// is, list runs once for all concurrent callers (singleflight) and stores
// the result itself. It returns the listing's error, also for callers that
// come after a failed listing.
func (rc *readCache) load(key string, loaded func() bool, list func() error) error {
	rc.mu.Lock()
	ok, failure := loaded(), rc.failed[key]
	rc.mu.Unlock()
	if ok || failure != nil {
		return failure
	}
	_, err, _ := rc.flight.Do(key, func() (any, error) {
		err := list()
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			rc.mu.Lock()
			rc.failed[key] = err
			rc.mu.Unlock()
		}
		return nil, err
	})
	return err
}

// contact returns the contact from the cache, listing all contacts on
// first use. ok is false on a miss; err is the listing's failure.
func (rc *readCache) contact(ctx context.Context, c *Client, id string) (ct Contact, ok bool, err error) {
	err = rc.load("contacts", func() bool { return rc.contacts != nil }, func() error {
		all, err := c.ListContacts(ctx)
		if err != nil {
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
	if err != nil {
		return Contact{}, false, err
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	ct, ok = rc.contacts[id]
	return ct, ok, nil
}

// group returns the group from the cache, listing all groups on first use.
func (rc *readCache) group(ctx context.Context, c *Client, id string) (g Group, ok bool, err error) {
	err = rc.load("groups", func() bool { return rc.groups != nil }, func() error {
		all, err := c.ListGroups(ctx)
		if err != nil {
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
	if err != nil {
		return Group{}, false, err
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	g, ok = rc.groups[id]
	return g, ok, nil
}

// isMember reports whether the cached member list of the group (listed on
// first use) holds the contact; err is the listing's failure.
func (rc *readCache) isMember(ctx context.Context, c *Client, groupID, contactID string) (member bool, err error) {
	err = rc.load("members/"+groupID, func() bool { _, listed := rc.members[groupID]; return listed }, func() error {
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
	if err != nil {
		return false, err
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.members[groupID][contactID], nil
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

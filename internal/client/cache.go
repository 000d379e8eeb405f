package client

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/singleflight"
)

// The client keeps two caches of the address book: readCache (bulk reads)
// and groupCodes (the GroupCode of every group seen, for v2.03 paths).
// Reads fill them; writes update them in one place, afterWrite, which do
// calls after every request that is not a read, with what the request
// declared it writes (request.writes).

// readCache serves single-object reads from whole-collection listings, so
// that refreshing N contacts costs one listing (a few pages) instead of N
// GETs. It lives as long as the Client, which the provider builds once per
// Terraform command.
//
// Rules:
//   - the first read of a kind lists the whole collection; concurrent first
//     reads share that one listing (singleflight);
//   - every create, update and delete through the client updates or drops
//     what it touched (afterWrite), so the cache never serves our own
//     stale writes;
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
// first use. ok is false on a miss (always, when bulk reads are off: a nil
// cache); err is the listing's failure.
func (rc *readCache) contact(ctx context.Context, c *Client, id string) (ct Contact, ok bool, err error) {
	if rc == nil {
		return Contact{}, false, nil
	}
	return cached(rc, "contacts", &rc.contacts, func() ([]Contact, error) { return c.ListContacts(ctx) },
		func(ct Contact) string { return ct.ID }, id)
}

// group returns the group from the cache, listing all groups on first use.
func (rc *readCache) group(ctx context.Context, c *Client, id string) (g Group, ok bool, err error) {
	if rc == nil {
		return Group{}, false, nil
	}
	return cached(rc, "groups", &rc.groups, func() ([]Group, error) { return c.ListGroups(ctx) },
		func(g Group) string { return g.ID }, id)
}

// cached returns the object with id from the collection *byID of the
// cache, which list fills on first use (load).
func cached[T any](rc *readCache, key string, byID *map[string]T, list func() ([]T, error), idOf func(T) string, id string) (T, bool, error) {
	err := rc.load(key, func() bool { return *byID != nil }, func() error {
		all, err := list()
		if err != nil {
			return err
		}
		m := make(map[string]T, len(all))
		for _, o := range all {
			m[idOf(o)] = o
		}
		rc.locked(func() { *byID = m })
		return nil
	})
	if err != nil {
		var zero T
		return zero, false, err
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	o, ok := (*byID)[id]
	return o, ok, nil
}

// isMember reports whether the cached member list of the group (listed on
// first use) holds the contact; err is the listing's failure.
func (rc *readCache) isMember(ctx context.Context, c *Client, groupID, contactID string) (member bool, err error) {
	if rc == nil {
		return false, nil
	}
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

// writes declares what one write request changes in the address book.
type writes struct {
	kind writeKind
	// id is the contact or group written; "" for a create (the answer
	// names the object).
	id string
	// groupID and contactID name the membership written.
	groupID, contactID string
	// remove marks a delete: of the object, or of the membership.
	remove bool
}

// writeKind is what a write request changes.
type writeKind int

const (
	// writeUndeclared is the zero value: do refuses such a write.
	writeUndeclared writeKind = iota
	// writesNothingCached: messages and their actions.
	writesNothingCached
	writesContact
	writesGroup
	writesMembership
)

// afterWrite brings the caches up to date after the write w, whose answer
// was decoded into out and which ended with err. It is the one place where
// writes touch the caches:
//   - a create or update that succeeded stores the object the API answered
//     (a group's code too); one whose outcome is unknown, or whose answer
//     lacks the object, forgets the object, so the next read asks the API;
//   - a delete that succeeded, or found the object gone, drops it (a
//     contact from every member list too);
//   - a membership change that succeeded, or a removal that found it gone,
//     is recorded in the group's member list.
//
// A write that failed for sure changed nothing, and changes nothing here.
func (c *Client) afterWrite(w writes, out any, err error) {
	switch {
	case w.remove && (err == nil || IsNotFound(err)):
		c.removed(w)
	case w.remove || (err != nil && !IsUnknownOutcome(err)):
		// Failed for sure: nothing changed.
	case w.kind == writesMembership:
		if err == nil {
			c.cache.setMember(w.groupID, w.contactID, true)
		}
	default:
		c.stored(w, out, err == nil)
	}
}

// removed applies a delete, or a membership removal, that happened.
func (c *Client) removed(w writes) {
	switch w.kind {
	case writesMembership:
		c.cache.setMember(w.groupID, w.contactID, false)
	case writesContact:
		c.cache.dropContact(w.id)
	case writesGroup:
		c.groupCodes.Delete(w.id)
		c.cache.dropGroup(w.id)
	}
}

// stored applies a create or update that succeeded (ok) or whose outcome
// is unknown: the object the API answered is stored, else forgotten.
func (c *Client) stored(w writes, out any, ok bool) {
	contact, isContact := out.(*contactEnvelope)
	group, isGroup := out.(*groupEnvelope)
	switch {
	case w.kind == writesContact && ok && isContact && contact.Contact.ID != "":
		c.cache.putContact(contact.Contact)
	case w.kind == writesContact:
		c.cache.forgetContact(w.id)
	case w.kind == writesGroup && ok && isGroup && group.Group.ID != "":
		c.remember(group.Group)
		c.cache.putGroup(group.Group)
	case w.kind == writesGroup:
		c.cache.forgetGroup(w.id)
	}
}

// remember records a group's code so that v2.03 calls can address it.
func (c *Client) remember(groups ...Group) {
	for _, g := range groups {
		if g.ID != "" && g.Code != "" {
			c.groupCodes.Store(g.ID, g.Code)
		}
	}
}

// The methods below apply writes to the read cache; a nil cache (bulk
// reads off) ignores them.

// locked runs f with the cache locked, unless the cache is nil.
func (rc *readCache) locked(f func()) {
	if rc == nil {
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	f()
}

func (rc *readCache) putContact(ct Contact) {
	rc.locked(func() {
		if rc.contacts != nil {
			rc.contacts[ct.ID] = ct
		}
	})
}

// forgetContact drops the cached copy of a contact whose state in the API
// is unknown, so that the next read asks the API.
func (rc *readCache) forgetContact(id string) { rc.locked(func() { delete(rc.contacts, id) }) }

// dropContact removes a deleted contact, from the member lists too.
func (rc *readCache) dropContact(id string) {
	rc.locked(func() {
		delete(rc.contacts, id)
		for _, set := range rc.members {
			delete(set, id)
		}
	})
}

func (rc *readCache) putGroup(g Group) {
	rc.locked(func() {
		if rc.groups != nil {
			rc.groups[g.ID] = g
		}
	})
}

// forgetGroup drops the cached copy of a group (see forgetContact).
func (rc *readCache) forgetGroup(id string) { rc.locked(func() { delete(rc.groups, id) }) }

// dropGroup removes a deleted group and its member list.
func (rc *readCache) dropGroup(id string) {
	rc.locked(func() {
		delete(rc.groups, id)
		delete(rc.members, id)
	})
}

func (rc *readCache) setMember(groupID, contactID string, member bool) {
	rc.locked(func() {
		if set, ok := rc.members[groupID]; ok && member {
			set[contactID] = true
		} else if ok {
			delete(set, contactID)
		}
	})
}

package mockapi

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultOwner is the Owner (user key) the mock stamps on every contact and
// group it creates.
const DefaultOwner = `COM\EXAMPLE\TEST`

// Contact is an address-book contact as the mock stores it.
type Contact struct {
	ContactID       string
	Owner           string
	ViewBy          string
	EditBy          string
	Attention       string
	Title           string
	Company         string
	RecipDepartment string
	FirstName       string
	LastName        string
	Position        string
	StreetAddress   string
	Suburb          string
	City            string
	State           string
	Country         string
	Postcode        string
	MainPhone       string
	AltPhone1       string
	AltPhone2       string
	DirectPhone     string
	MobilePhone     string
	FaxNumber       string
	EmailAddress    string
	WebAddress      string
	Custom1         string
	Custom2         string
	Custom3         string
	Custom4         string
	// The members only v3.00 reads and writes (contributing/wire-protocol-v3.md
	// §4.2); v2 leaves them as they are.
	ExType        string `json:",omitempty"`
	ExID          string `json:",omitempty"`
	AccessControl string `json:",omitempty"`
	AltPhone3     string `json:",omitempty"`
	AltPhone4     string `json:",omitempty"`
	AltPhone5     string `json:",omitempty"`
	AltPhone6     string `json:",omitempty"`
	AltPhone7     string `json:",omitempty"`
	AltPhone8     string `json:",omitempty"`
	Notes         string `json:",omitempty"`
	Created       time.Time
	Updated       time.Time
}

// Group is an address-book group as the mock stores it.
type Group struct {
	GroupID    string
	GroupCode  string
	GroupName  string
	SubAccount string
	Department string
	ViewEditBy string
	Owner      string
	// AccessControl is v3.00's (contributing/wire-protocol-v3.md §4.3).
	AccessControl string `json:",omitempty"`
	Created       time.Time
	Updated       time.Time
}

// membership links one contact to one group.
type membership struct {
	GroupID   string `json:"GroupID"`
	ContactID string `json:"ContactID"`
}

// stateVersion is the format version written to the persistence file.
const stateVersion = 1

// state is everything the mock knows, serialised as one JSON document by
// the persistence layer. Slices are kept in creation order. Messages,
// Received and Gateway were added later; files without them load as empty.
type state struct {
	Version     int              `json:"Version"`
	Contacts    []Contact        `json:"Contacts"`
	Groups      []Group          `json:"Groups"`
	Memberships []membership     `json:"Memberships"`
	Messages    []storedMessage  `json:"Messages"`
	Received    []receivedRecord `json:"Received"`
	Gateway     gatewayState     `json:"Gateway"`
	// OptOuts is the opt-out register (optouts.go), added with v3.00.
	OptOuts []OptOut `json:"OptOuts"`
}

func newState() state {
	return state{
		Version:     stateVersion,
		Contacts:    []Contact{},
		Groups:      []Group{},
		Memberships: []membership{},
		Messages:    []storedMessage{},
		Received:    []receivedRecord{},
		Gateway:     newGatewayState(),
		OptOuts:     []OptOut{},
	}
}

// contactIndex returns the index of the contact with the given id
// (compared case-insensitively), or -1.
func (st *state) contactIndex(id string) int {
	for i := range st.Contacts {
		if strings.EqualFold(st.Contacts[i].ContactID, id) {
			return i
		}
	}
	return -1
}

// groupIndex resolves a GroupID (case-insensitive) or, failing that, a
// GroupCode (exact, then case-insensitive) to an index, or -1.
func (st *state) groupIndex(idOrCode string) int {
	if idOrCode == "" {
		return -1
	}
	for i := range st.Groups {
		if strings.EqualFold(st.Groups[i].GroupID, idOrCode) {
			return i
		}
	}
	for i := range st.Groups {
		if st.Groups[i].GroupCode == idOrCode {
			return i
		}
	}
	for i := range st.Groups {
		if strings.EqualFold(st.Groups[i].GroupCode, idOrCode) {
			return i
		}
	}
	return -1
}

// codeTaken reports whether a group other than exceptID already uses code
// (compared case-insensitively).
func (st *state) codeTaken(code, exceptID string) bool {
	for _, g := range st.Groups {
		if g.GroupID != exceptID && strings.EqualFold(g.GroupCode, code) {
			return true
		}
	}
	return false
}

func (st *state) isMember(groupID, contactID string) bool {
	for _, m := range st.Memberships {
		if m.GroupID == groupID && m.ContactID == contactID {
			return true
		}
	}
	return false
}

// addMember adds a membership; it reports false when it already existed.
func (st *state) addMember(groupID, contactID string) bool {
	if st.isMember(groupID, contactID) {
		return false
	}
	st.Memberships = append(st.Memberships, membership{GroupID: groupID, ContactID: contactID})
	return true
}

// removeMembers drops every membership for which drop returns true and
// reports how many were dropped.
func (st *state) removeMembers(drop func(membership) bool) int {
	kept := st.Memberships[:0]
	n := 0
	for _, m := range st.Memberships {
		if drop(m) {
			n++
			continue
		}
		kept = append(kept, m)
	}
	st.Memberships = kept
	return n
}

// memberContacts returns the contacts of a group in the order they were added.
func (st *state) memberContacts(groupID string) []Contact {
	out := []Contact{}
	for _, m := range st.Memberships {
		if m.GroupID != groupID {
			continue
		}
		if i := st.contactIndex(m.ContactID); i >= 0 {
			out = append(out, st.Contacts[i])
		}
	}
	return out
}

// contactGroups returns the groups of a contact in the order it joined them.
func (st *state) contactGroups(contactID string) []Group {
	out := []Group{}
	for _, m := range st.Memberships {
		if m.ContactID != contactID {
			continue
		}
		if i := st.groupIndex(m.GroupID); i >= 0 {
			out = append(out, st.Groups[i])
		}
	}
	return out
}

// clone returns a deep copy of the state.
func (st *state) clone() state {
	return state{
		Version:     st.Version,
		Contacts:    append([]Contact{}, st.Contacts...),
		Groups:      append([]Group{}, st.Groups...),
		Memberships: append([]membership{}, st.Memberships...),
		Messages:    cloneMessages(st.Messages),
		Received:    append([]receivedRecord{}, st.Received...),
		Gateway:     st.Gateway.clone(),
		OptOuts:     append([]OptOut{}, st.OptOuts...),
	}
}

// store guards the state with one mutex and persists it after every change.
type store struct {
	mu     sync.Mutex
	st     state
	path   string // persistence file; "" = memory only
	now    func() time.Time
	logger *slog.Logger
	// changes counts the successful updates (Server.Generation).
	changes atomic.Uint64
}

// view runs fn with the state under the lock. fn must not keep references.
func (s *store) view(fn func(st *state)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(&s.st)
}

// errPersist marks a failure to write the state file.
var errPersist = errors.New("persisting state")

// update runs fn under the lock; when fn succeeds the state is written to
// the persistence file (if any) before update returns, so a change is on
// disk before anybody is told about it. When the file cannot be written the
// change is rolled back and an errPersist error returned. fn must validate
// before it mutates: an error from fn must leave the state unchanged.
func (s *store) update(fn func(st *state) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		err := fn(&s.st)
		if err == nil {
			s.changes.Add(1)
		}
		return err
	}
	before := s.st.clone()
	if err := fn(&s.st); err != nil {
		return err
	}
	if err := saveState(s.path, &s.st); err != nil {
		s.st = before
		s.logger.Error("cannot persist mock state", "path", s.path, "err", err)
		return fmt.Errorf("%w: %w", errPersist, err)
	}
	s.changes.Add(1)
	return nil
}

// timestamp returns the current time in UTC (without a monotonic reading).
func (s *store) timestamp() time.Time {
	return s.now().UTC()
}

// newUUID returns a random (version 4, RFC 4122 variant) UUID in lower case.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("mockapi: crypto/rand failed: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

// deriveGroupCode builds a GroupCode from a GroupName: surrounding white
// space is trimmed and every run of inner white space becomes one "_".
func deriveGroupCode(name string) string {
	return strings.Join(strings.Fields(name), "_")
}

// accessLevels are the allowed ViewBy / EditBy / ViewEditBy values, in
// their canonical spelling.
var accessLevels = []string{"Account", "SubAccount", "Department", "No"}

// canonicalAccess returns the canonical spelling of an access level, matched
// case-insensitively.
func canonicalAccess(v string) (string, bool) {
	for _, a := range accessLevels {
		if strings.EqualFold(a, strings.TrimSpace(v)) {
			return a, true
		}
	}
	return "", false
}

// accessOrDefault canonicalises v when it is a known level, defaults an
// empty value to "Account" and keeps anything else unchanged (the Go API is
// allowed to store odd values to simulate drift).
func accessOrDefault(v string) string {
	if strings.TrimSpace(v) == "" {
		return "Account"
	}
	if c, ok := canonicalAccess(v); ok {
		return c
	}
	return v
}

// ---- Go API for tests: all goroutine-safe, all return copies. ----

// Contacts returns every contact in creation order.
func (s *Server) Contacts() []Contact {
	var out []Contact
	s.store.view(func(st *state) { out = append([]Contact{}, st.Contacts...) })
	return out
}

// Contact returns the contact with the given id.
func (s *Server) Contact(id string) (Contact, bool) {
	var (
		c  Contact
		ok bool
	)
	s.store.view(func(st *state) {
		if i := st.contactIndex(id); i >= 0 {
			c, ok = st.Contacts[i], true
		}
	})
	return c, ok
}

// PutContact creates c (when c.ContactID is empty or unknown) or replaces the
// stored contact with the same id, bypassing the HTTP API (for drift tests).
// An empty ContactID gets a new UUID, an empty Owner the default owner, empty
// ViewBy/EditBy "Account", a zero Created the existing (or current) time and a
// zero Updated the current time. It returns the stored contact.
func (s *Server) PutContact(c Contact) Contact {
	_ = s.store.update(func(st *state) error {
		if c.ContactID == "" {
			c.ContactID = newUUID()
		}
		if c.Owner == "" {
			c.Owner = DefaultOwner
		}
		c.ViewBy = accessOrDefault(c.ViewBy)
		c.EditBy = accessOrDefault(c.EditBy)
		i := st.contactIndex(c.ContactID)
		var prior *time.Time
		if i >= 0 {
			c.ContactID, prior = st.Contacts[i].ContactID, &st.Contacts[i].Created
		}
		c.Created, c.Updated = putTimes(c.Created, c.Updated, prior, s.store.timestamp())
		st.Contacts = upsert(st.Contacts, i, c)
		return nil
	})
	return c
}

// DeleteContact removes a contact and its group memberships; it reports
// whether the contact existed.
func (s *Server) DeleteContact(id string) bool {
	found := false
	_ = s.store.update(func(st *state) error {
		i := st.contactIndex(id)
		if i < 0 {
			return errNoChange
		}
		found = true
		st.deleteContactAt(i)
		return nil
	})
	return found
}

// Groups returns every group in creation order.
func (s *Server) Groups() []Group {
	var out []Group
	s.store.view(func(st *state) { out = append([]Group{}, st.Groups...) })
	return out
}

// Group returns the group with the given GroupID or GroupCode.
func (s *Server) Group(idOrCode string) (Group, bool) {
	var (
		g  Group
		ok bool
	)
	s.store.view(func(st *state) {
		if i := st.groupIndex(idOrCode); i >= 0 {
			g, ok = st.Groups[i], true
		}
	})
	return g, ok
}

// PutGroup creates g (when g.GroupID is empty or unknown) or replaces the
// stored group with the same id, bypassing the HTTP API (for drift tests).
// An empty GroupID gets a new UUID and an empty GroupCode is derived from
// GroupName; unlike the HTTP API, PutGroup does not reject duplicate codes.
// Other defaults are as for PutContact. It returns the stored group.
func (s *Server) PutGroup(g Group) Group {
	_ = s.store.update(func(st *state) error {
		if g.GroupID == "" {
			g.GroupID = newUUID()
		}
		if g.GroupCode == "" {
			g.GroupCode = deriveGroupCode(g.GroupName)
		}
		if g.Owner == "" {
			g.Owner = DefaultOwner
		}
		g.ViewEditBy = accessOrDefault(g.ViewEditBy)
		i := slices.IndexFunc(st.Groups, func(o Group) bool { return strings.EqualFold(o.GroupID, g.GroupID) })
		var prior *time.Time
		if i >= 0 {
			g.GroupID, prior = st.Groups[i].GroupID, &st.Groups[i].Created
		}
		g.Created, g.Updated = putTimes(g.Created, g.Updated, prior, s.store.timestamp())
		st.Groups = upsert(st.Groups, i, g)
		return nil
	})
	return g
}

// putTimes fills the zero time stamps of an object PutContact or PutGroup
// stores: Created from the object it replaces (prior, nil for a new one)
// or now, Updated now; both in UTC.
func putTimes(created, updated time.Time, prior *time.Time, now time.Time) (time.Time, time.Time) {
	if created.IsZero() {
		created = now
		if prior != nil {
			created = *prior
		}
	}
	if updated.IsZero() {
		updated = now
	}
	return created.UTC(), updated.UTC()
}

// upsert replaces list[i] with v, or appends v when i is -1.
func upsert[T any](list []T, i int, v T) []T {
	if i < 0 {
		return append(list, v)
	}
	list[i] = v
	return list
}

// DeleteGroup removes a group (by GroupID or GroupCode) and its memberships;
// it reports whether the group existed.
func (s *Server) DeleteGroup(idOrCode string) bool {
	found := false
	_ = s.store.update(func(st *state) error {
		i := st.groupIndex(idOrCode)
		if i < 0 {
			return errNoChange
		}
		found = true
		st.deleteGroupAt(i)
		return nil
	})
	return found
}

// GroupMembers returns the contact ids of a group (by GroupID or GroupCode)
// in the order they were added; nil when the group does not exist.
func (s *Server) GroupMembers(idOrCode string) []string {
	var out []string
	s.store.view(func(st *state) {
		i := st.groupIndex(idOrCode)
		if i < 0 {
			return
		}
		out = []string{}
		for _, c := range st.memberContacts(st.Groups[i].GroupID) {
			out = append(out, c.ContactID)
		}
	})
	return out
}

// ErrNotFound is returned (wrapped) by AddMember when the group or the
// contact does not exist.
var ErrNotFound = errors.New("not found")

// AddMember adds a contact to a group (by GroupID or GroupCode). Adding an
// existing membership succeeds without a change.
func (s *Server) AddMember(groupIDOrCode, contactID string) error {
	err := s.store.update(func(st *state) error {
		gi := st.groupIndex(groupIDOrCode)
		if gi < 0 {
			return fmt.Errorf("group %q: %w", groupIDOrCode, ErrNotFound)
		}
		ci := st.contactIndex(contactID)
		if ci < 0 {
			return fmt.Errorf("contact %q: %w", contactID, ErrNotFound)
		}
		if !st.addMember(st.Groups[gi].GroupID, st.Contacts[ci].ContactID) {
			return errNoChange
		}
		return nil
	})
	if errors.Is(err, errNoChange) {
		return nil
	}
	return err
}

// RemoveMember removes a contact from a group (by GroupID or GroupCode); it
// reports whether the membership existed.
func (s *Server) RemoveMember(groupIDOrCode, contactID string) bool {
	removed := false
	_ = s.store.update(func(st *state) error {
		gi := st.groupIndex(groupIDOrCode)
		if gi < 0 {
			return errNoChange
		}
		gid := st.Groups[gi].GroupID
		n := st.removeMembers(func(m membership) bool {
			return m.GroupID == gid && strings.EqualFold(m.ContactID, contactID)
		})
		if n == 0 {
			return errNoChange
		}
		removed = true
		return nil
	})
	return removed
}

// errNoChange aborts an update that turned out to change nothing, so that
// nothing is written.
var errNoChange = errors.New("no change")

func (st *state) deleteContactAt(i int) {
	id := st.Contacts[i].ContactID
	st.Contacts = append(st.Contacts[:i], st.Contacts[i+1:]...)
	st.removeMembers(func(m membership) bool { return m.ContactID == id })
}

func (st *state) deleteGroupAt(i int) {
	id := st.Groups[i].GroupID
	st.Groups = append(st.Groups[:i], st.Groups[i+1:]...)
	st.removeMembers(func(m membership) bool { return m.GroupID == id })
}

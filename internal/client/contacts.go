package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"time"
)

// Contact is an address-book contact (contributing/wire-protocol.md §9.1,
// wire-protocol-v3.md §4.2). Empty strings are members the API holds empty.
type Contact struct {
	// ID is the ContactID (legacy answers call it "ID").
	ID    string
	Owner string

	ViewBy     string
	EditBy     string
	Attention  string
	Title      string
	Company    string
	Department string // wire RecipDepartment (CompanyDepartment in some docs)
	FirstName  string
	LastName   string
	Position   string

	StreetAddress string
	Suburb        string
	City          string
	State         string
	Country       string
	Postcode      string

	MainPhone   string
	AltPhone1   string
	AltPhone2   string
	DirectPhone string // v2 only (FeatureDirectPhone)
	MobilePhone string
	FaxNumber   string

	EmailAddress string
	WebAddress   string

	Custom1 string
	Custom2 string
	Custom3 string
	Custom4 string

	// The members only v3.00 carries (FeatureContactV3Members).
	ExType        string
	ExID          string
	AccessControl string // Limited or Granted
	AltPhone3     string
	AltPhone4     string
	AltPhone5     string
	AltPhone6     string
	AltPhone7     string
	AltPhone8     string
	Notes         string

	Timezone string
	Created  time.Time
	// Updated is zero when the API says the contact was never updated
	// (v3's 0001-01-01).
	Updated time.Time
}

// contactField is one writable member: its wire name, where it lives and
// the feature that carries it ("" for every version).
type contactField struct {
	name    string
	value   *string
	feature Feature
}

// members lists every writable member of c in wire order. It is the single
// mapping between Contact and the request body.
func (c *Contact) members() []contactField {
	v3 := FeatureContactV3Members
	return []contactField{
		{"ExType", &c.ExType, v3}, {"ExID", &c.ExID, v3},
		{"ViewBy", &c.ViewBy, ""}, {"EditBy", &c.EditBy, ""}, {"AccessControl", &c.AccessControl, v3},
		{"Attention", &c.Attention, ""}, {"Title", &c.Title, ""}, {"Company", &c.Company, ""},
		{"RecipDepartment", &c.Department, ""}, {"FirstName", &c.FirstName, ""}, {"LastName", &c.LastName, ""},
		{"Position", &c.Position, ""}, {"StreetAddress", &c.StreetAddress, ""}, {"Suburb", &c.Suburb, ""},
		{"City", &c.City, ""}, {"State", &c.State, ""}, {"Country", &c.Country, ""}, {"Postcode", &c.Postcode, ""},
		{"MainPhone", &c.MainPhone, ""}, {"AltPhone1", &c.AltPhone1, ""}, {"AltPhone2", &c.AltPhone2, ""},
		{"AltPhone3", &c.AltPhone3, v3}, {"AltPhone4", &c.AltPhone4, v3}, {"AltPhone5", &c.AltPhone5, v3},
		{"AltPhone6", &c.AltPhone6, v3}, {"AltPhone7", &c.AltPhone7, v3}, {"AltPhone8", &c.AltPhone8, v3},
		{"DirectPhone", &c.DirectPhone, FeatureDirectPhone}, {"MobilePhone", &c.MobilePhone, ""}, {"FaxNumber", &c.FaxNumber, ""},
		{"EmailAddress", &c.EmailAddress, ""}, {"WebAddress", &c.WebAddress, ""},
		{"Custom1", &c.Custom1, ""}, {"Custom2", &c.Custom2, ""}, {"Custom3", &c.Custom3, ""}, {"Custom4", &c.Custom4, ""},
		{"Notes", &c.Notes, v3},
	}
}

// writable lists the members of c the dialect carries.
func (c *Contact) writable(d *dialect) []contactField {
	var out []contactField
	for _, f := range c.members() {
		if f.feature == "" || slices.Contains(d.features, f.feature) {
			out = append(out, f)
		}
	}
	return out
}

// defaulted are the members the API gives a value of its own when a
// create leaves them out.
func defaulted(name string) bool {
	return name == "ViewBy" || name == "EditBy" || name == "AccessControl"
}

// carried returns an *UnsupportedError when c sets a member the client's
// version cannot carry, so that no value is silently dropped.
func (cl *Client) carried(c Contact) error {
	for _, f := range c.members() {
		if f.feature != "" && *f.value != "" && !cl.Supports(f.feature) {
			return cl.unsupported(f.feature)
		}
	}
	return nil
}

// createBody holds the non-empty writable members.
func (c Contact) createBody(d *dialect) map[string]string {
	body := map[string]string{}
	for _, f := range c.writable(d) {
		if *f.value != "" {
			body[f.name] = *f.value
		}
	}
	return body
}

// matchesCreate reports whether the stored contact c holds exactly what a
// create with body sent: the members sent, and no others (those the API
// defaults excepted).
func (c Contact) matchesCreate(body map[string]string, d *dialect) bool {
	for _, f := range c.writable(d) {
		sent, ok := body[f.name]
		switch {
		case ok && *f.value != sent:
			return false
		case !ok && *f.value != "" && !defaulted(f.name):
			return false
		}
	}
	return true
}

// updateBody holds every writable member we manage, empty ones included so
// that clearing a field in Terraform clears it in the API. ViewBy, EditBy
// and AccessControl only accept a fixed set of values, so they are sent
// only when set.
func (c Contact) updateBody(d *dialect) map[string]string {
	body := map[string]string{}
	for _, f := range c.writable(d) {
		if defaulted(f.name) && *f.value == "" {
			continue
		}
		body[f.name] = *f.value
	}
	return body
}

// UnmarshalJSON decodes a contact tolerantly: ContactID or ID,
// RecipDepartment or CompanyDepartment, Postcode or PostCode, and both
// generations of timestamp names.
func (c *Contact) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := lookup(raw, k); ok {
				var s string
				if json.Unmarshal(v, &s) == nil && s != "" {
					return s
				}
			}
		}
		return ""
	}
	*c = Contact{}
	for _, f := range c.members() {
		*f.value = str(f.name)
	}
	c.ID = str("ContactID", "ID")
	c.Department = str("RecipDepartment", "CompanyDepartment")
	c.Owner = str("Owner")
	c.Timezone = str("Timezone")
	c.Created = pickTimestamp(c.Timezone, []string{str("CreatedTimeUTC_RFC3339"), str("CreatedTimeUTC"), str("CreatedUTC")},
		str("CreatedTimeLocal"), str("Created"))
	c.Updated = pickTimestamp(c.Timezone, []string{str("UpdatedTimeUTC_RFC3339"), str("UpdatedTimeUTC"), str("UpdatedUTC")},
		str("UpdatedTimeLocal"), str("Updated"))
	return nil
}

type contactEnvelope struct {
	Contact Contact `json:"Contact"`
}

func (e *contactEnvelope) object() any      { return &e.Contact }
func (e *contactEnvelope) objectID() string { return e.Contact.ID }

// ListContacts returns every contact of the account (all pages).
func (c *Client) ListContacts(ctx context.Context) ([]Contact, error) {
	return listBook[Contact](ctx, c, c.route(opContactList), "Contacts")
}

// GetContact returns one contact. A missing contact is an error for which
// IsNotFound is true.
//
// With bulk reads on, the contact comes from one listing of all contacts
// shared by every read; a contact missing from it is asked for with a GET,
// so only the API decides that a contact is gone. When that listing
// fails, its error is the answer.
func (c *Client) GetContact(ctx context.Context, id string) (*Contact, error) {
	ct, ok, err := c.cache.contact(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if ok {
		return &ct, nil
	}
	return c.fetchContact(ctx, id)
}

// fetchContact GETs one contact; an answer without the contact is an error.
func (c *Client) fetchContact(ctx context.Context, id string) (*Contact, error) {
	if id == "" {
		return nil, fmt.Errorf("contact id is empty: %w", ErrNotFound)
	}
	var out contactEnvelope
	if err := c.oneObject(ctx, c.route(opContactGet, id), &out, "contact with a ContactID"); err != nil {
		return nil, err
	}
	return &out.Contact, nil
}

// CreateContact creates a contact from the non-empty writable members of in
// and returns it as the API stored it. A member the client's version
// cannot carry is an *UnsupportedError.
//
// The POST is never replayed blindly after an unknown outcome; see
// createRecovering for how such a create is resolved.
func (c *Client) CreateContact(ctx context.Context, in Contact) (*Contact, error) {
	if err := c.carried(in); err != nil {
		return nil, err
	}
	body := in.createBody(c.dialect)
	key, _ := json.Marshal(body) // a map of strings: sorted keys, never fails
	req := c.route(opContactCreate)
	req.body, req.writes = body, writes{kind: writesContact}
	created, err := createRecovering(ctx, c, recoverable[Contact]{
		kind: "contact",
		key:  string(key),
		create: func() (*Contact, error) {
			var out contactEnvelope
			if err := c.oneObject(ctx, req, &out, "contact with a ContactID"); err != nil {
				return nil, err
			}
			return &out.Contact, nil
		},
		find: func() ([]Contact, error) {
			all, err := c.ListContacts(ctx)
			if err != nil {
				return nil, err
			}
			var matches []Contact
			for _, ct := range all {
				if ct.matchesCreate(body, c.dialect) {
					matches = append(matches, ct)
				}
			}
			return matches, nil
		},
		id:      func(ct *Contact) string { return ct.ID },
		created: func(ct *Contact) time.Time { return ct.Created },
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// UpdateContact PATCHes every writable member of in (empty strings clear a
// member; empty ViewBy, EditBy and AccessControl are left alone) and
// returns the stored contact. A member the client's version cannot carry
// is an *UnsupportedError.
//
// An answer without the contact is followed by a GET of it.
func (c *Client) UpdateContact(ctx context.Context, id string, in Contact) (*Contact, error) {
	if err := c.carried(in); err != nil {
		return nil, err
	}
	req := c.route(opContactUpdate, id)
	req.body, req.writes = in.updateBody(c.dialect), writes{kind: writesContact, id: id}
	var out contactEnvelope
	if err := c.do(ctx, req, &out); err != nil {
		return nil, err
	}
	updated := &out.Contact
	if updated.ID == "" {
		var err error
		if updated, err = c.fetchContact(ctx, id); err != nil {
			return nil, err
		}
	}
	return updated, nil
}

// DeleteContact deletes a contact. Deleting a contact that is already gone
// returns an error for which IsNotFound is true; callers decide whether that
// is success.
func (c *Client) DeleteContact(ctx context.Context, id string) error {
	req := c.route(opContactDelete, id)
	req.writes = writes{kind: writesContact, id: id, remove: true}
	return c.do(ctx, req, nil)
}

// SearchContacts lists the contacts matching every non-empty filter
// (addressbook/contact/search: e-mail exact, other members partial).
func (c *Client) SearchContacts(ctx context.Context, filter map[string]string) ([]Contact, error) {
	q := url.Values{}
	for k, v := range filter {
		if v != "" {
			q.Set(k, v)
		}
	}
	req := c.route(opContactSearch)
	req.query = q
	return listBook[Contact](ctx, c, req, "Contacts")
}

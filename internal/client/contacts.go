package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Contact is an address-book contact (contributing/wire-protocol.md §9.1). Empty strings
// are members the API holds empty.
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
	DirectPhone string
	MobilePhone string
	FaxNumber   string

	EmailAddress string
	WebAddress   string

	Custom1 string
	Custom2 string
	Custom3 string
	Custom4 string

	Timezone string
	Created  time.Time
	Updated  time.Time
}

// contactField is one writable member: its wire name and where it lives.
type contactField struct {
	name  string
	value *string
}

// writable lists the writable members of c in wire order. It is the single
// mapping between Contact and the request body.
func (c *Contact) writable() []contactField {
	return []contactField{
		{"ViewBy", &c.ViewBy}, {"EditBy", &c.EditBy},
		{"Attention", &c.Attention}, {"Title", &c.Title}, {"Company", &c.Company},
		{"RecipDepartment", &c.Department}, {"FirstName", &c.FirstName}, {"LastName", &c.LastName},
		{"Position", &c.Position}, {"StreetAddress", &c.StreetAddress}, {"Suburb", &c.Suburb},
		{"City", &c.City}, {"State", &c.State}, {"Country", &c.Country}, {"Postcode", &c.Postcode},
		{"MainPhone", &c.MainPhone}, {"AltPhone1", &c.AltPhone1}, {"AltPhone2", &c.AltPhone2},
		{"DirectPhone", &c.DirectPhone}, {"MobilePhone", &c.MobilePhone}, {"FaxNumber", &c.FaxNumber},
		{"EmailAddress", &c.EmailAddress}, {"WebAddress", &c.WebAddress},
		{"Custom1", &c.Custom1}, {"Custom2", &c.Custom2}, {"Custom3", &c.Custom3}, {"Custom4", &c.Custom4},
	}
}

// createBody holds the non-empty writable members.
func (c Contact) createBody() map[string]string {
	body := map[string]string{}
	for _, f := range c.writable() {
		if *f.value != "" {
			body[f.name] = *f.value
		}
	}
	return body
}

// matchesCreate reports whether the stored contact c holds exactly what a
// create with body sent: the members sent, and no others (ViewBy and
// EditBy excepted, which the API defaults).
func (c Contact) matchesCreate(body map[string]string) bool {
	for _, f := range c.writable() {
		sent, ok := body[f.name]
		switch {
		case ok && *f.value != sent:
			return false
		case !ok && *f.value != "" && f.name != "ViewBy" && f.name != "EditBy":
			return false
		}
	}
	return true
}

// updateBody holds every writable member we manage, empty ones included so
// that clearing a field in Terraform clears it in the API. ViewBy and EditBy
// only accept a fixed set of values, so they are sent only when set.
func (c Contact) updateBody() map[string]string {
	body := map[string]string{}
	for _, f := range c.writable() {
		if (f.name == "ViewBy" || f.name == "EditBy") && *f.value == "" {
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
	for _, f := range c.writable() {
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

// ListContacts returns every contact of the account (all pages).
func (c *Client) ListContacts(ctx context.Context) ([]Contact, error) {
	return listAll[Contact](ctx, c, request{
		method: http.MethodGet, route: "addressbook/contact/list",
	}, "Contacts")
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
	req := request{method: http.MethodGet, route: "addressbook/contact/{id}", params: []string{id}}
	var out contactEnvelope
	if err := c.do(ctx, req, &out); err != nil {
		return nil, err
	}
	if out.Contact.ID == "" {
		return nil, &IncompleteAnswerError{Method: req.method, Route: req.route, Problem: "the answer has no contact with a ContactID"}
	}
	return &out.Contact, nil
}

// CreateContact creates a contact from the non-empty writable members of in
// and returns it as the API stored it.
//
// The POST is never replayed blindly after an unknown outcome; see
// createRecovering for how such a create is resolved.
func (c *Client) CreateContact(ctx context.Context, in Contact) (*Contact, error) {
	body := in.createBody()
	key, _ := json.Marshal(body) // a map of strings: sorted keys, never fails
	req := request{
		method: http.MethodPost, route: "addressbook/contact", body: body,
		writes: writes{kind: writesContact},
	}
	created, err := createRecovering(ctx, c, recoverable[Contact]{
		kind: "contact",
		key:  string(key),
		create: func() (*Contact, error) {
			var out contactEnvelope
			if err := c.do(ctx, req, &out); err != nil {
				return nil, err
			}
			if out.Contact.ID == "" {
				return nil, incomplete(req, "the answer has no contact with a ContactID")
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
				if ct.matchesCreate(body) {
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
// member; empty ViewBy/EditBy are left alone) and returns the stored contact.
//
// An answer without the contact is followed by a GET of it.
func (c *Client) UpdateContact(ctx context.Context, id string, in Contact) (*Contact, error) {
	var out contactEnvelope
	err := c.do(ctx, request{
		method: http.MethodPatch, route: "addressbook/contact/{id}", params: []string{id}, body: in.updateBody(),
		writes: writes{kind: writesContact, id: id},
	}, &out)
	if err != nil {
		return nil, err
	}
	updated := &out.Contact
	if updated.ID == "" {
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
	return c.do(ctx, request{
		method: http.MethodDelete, route: "addressbook/contact/{id}", params: []string{id},
		writes: writes{kind: writesContact, id: id, remove: true},
	}, nil)
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
	return listAll[Contact](ctx, c, request{
		method: http.MethodGet, route: "addressbook/contact/search", query: q,
	}, "Contacts")
}

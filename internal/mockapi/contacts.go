// Address-book contacts (contributing/wire-protocol.md §9.4).

package mockapi

import "strings"

type contactBody struct {
	Result  string      `json:"Result"`
	Contact contactJSON `json:"Contact"`
}

type contactListBody struct {
	Result string `json:"Result"`
	pageInfo
	Group    *groupJSON    `json:"Group,omitempty"`
	Contacts []contactJSON `json:"Contacts"`
}

// contactFields maps the writable string members of a contact (other than
// ViewBy/EditBy) to the struct; the first name is canonical, the others
// are accepted aliases. Names match case-insensitively, so PyPI's PostCode
// finds Postcode.
var contactFields = []struct {
	names []string
	field func(*Contact) *string
}{
	{[]string{"Attention"}, func(c *Contact) *string { return &c.Attention }},
	{[]string{"Title"}, func(c *Contact) *string { return &c.Title }},
	{[]string{"Company"}, func(c *Contact) *string { return &c.Company }},
	{[]string{"RecipDepartment", "CompanyDepartment"}, func(c *Contact) *string { return &c.RecipDepartment }},
	{[]string{"FirstName", "First Name"}, func(c *Contact) *string { return &c.FirstName }},
	{[]string{"LastName", "Last Name"}, func(c *Contact) *string { return &c.LastName }},
	{[]string{"Position"}, func(c *Contact) *string { return &c.Position }},
	{[]string{"StreetAddress"}, func(c *Contact) *string { return &c.StreetAddress }},
	{[]string{"Suburb"}, func(c *Contact) *string { return &c.Suburb }},
	{[]string{"City"}, func(c *Contact) *string { return &c.City }},
	{[]string{"State"}, func(c *Contact) *string { return &c.State }},
	{[]string{"Country"}, func(c *Contact) *string { return &c.Country }},
	{[]string{"Postcode"}, func(c *Contact) *string { return &c.Postcode }},
	{[]string{"MainPhone"}, func(c *Contact) *string { return &c.MainPhone }},
	{[]string{"AltPhone1"}, func(c *Contact) *string { return &c.AltPhone1 }},
	{[]string{"AltPhone2"}, func(c *Contact) *string { return &c.AltPhone2 }},
	{[]string{"DirectPhone"}, func(c *Contact) *string { return &c.DirectPhone }},
	{[]string{"MobilePhone"}, func(c *Contact) *string { return &c.MobilePhone }},
	{[]string{"FaxNumber"}, func(c *Contact) *string { return &c.FaxNumber }},
	{[]string{"EmailAddress"}, func(c *Contact) *string { return &c.EmailAddress }},
	{[]string{"WebAddress"}, func(c *Contact) *string { return &c.WebAddress }},
	{[]string{"Custom1"}, func(c *Contact) *string { return &c.Custom1 }},
	{[]string{"Custom2"}, func(c *Contact) *string { return &c.Custom2 }},
	{[]string{"Custom3"}, func(c *Contact) *string { return &c.Custom3 }},
	{[]string{"Custom4"}, func(c *Contact) *string { return &c.Custom4 }},
}

// applyContact writes the members present (and not null) in b onto c.
// Empty ViewBy/EditBy leave the current value; unknown members (HTTPMethod,
// ContactID, ID, timestamps…) are ignored.
func applyContact(c *Contact, b body) *apiError {
	for _, f := range contactFields {
		v, ok, err := b.str(f.names...)
		if err != nil {
			return err
		}
		if ok {
			*f.field(c) = v
		}
	}
	for _, a := range []struct {
		name  string
		field *string
	}{{"ViewBy", &c.ViewBy}, {"EditBy", &c.EditBy}} {
		v, err := accessMember(b, a.name)
		if err != nil {
			return err
		}
		if v != "" {
			*a.field = v
		}
	}
	return nil
}

// accessMember reads an access-level member (ViewBy, EditBy, ViewEditBy):
// "" when absent, null or empty, the canonical spelling when valid, else 400.
func accessMember(b body, name string) (string, *apiError) {
	v, ok, err := b.str(name)
	if err != nil || !ok || strings.TrimSpace(v) == "" {
		return "", err
	}
	c, valid := canonicalAccess(v)
	if !valid {
		return "", badRequest("%s must be one of %s, got %q", name, strings.Join(accessLevels, ", "), v)
	}
	return c, nil
}

func (s *Server) listContacts(req *apiRequest) *reply {
	return s.contactList(req, func(*Contact) bool { return true })
}

// searchKeys are the contact search criteria (query keys, lower case).
var searchKeys = []struct {
	key   string
	field func(*Contact) string
	phone bool
	exact bool
}{
	{"emailaddress", func(c *Contact) string { return c.EmailAddress }, false, true},
	{"mobilephone", func(c *Contact) string { return c.MobilePhone }, true, false},
	{"mainphone", func(c *Contact) string { return c.MainPhone }, true, false},
	{"attention", func(c *Contact) string { return c.Attention }, false, false},
	{"firstname", func(c *Contact) string { return c.FirstName }, false, false},
	{"lastname", func(c *Contact) string { return c.LastName }, false, false},
	{"company", func(c *Contact) string { return c.Company }, false, false},
}

// searchContacts filters by every non-empty criterion given (searchFilter).
func (s *Server) searchContacts(req *apiRequest) *reply {
	return s.contactList(req, searchFilter(req.query))
}

// searchFilter keeps the contacts matching every non-empty criterion of q:
// e-mail exact (case-insensitive), the others case-insensitive substrings;
// phone numbers are compared with spaces and punctuation removed.
func searchFilter(q query) func(*Contact) bool {
	type criterion struct {
		want  string
		field func(*Contact) string
		phone bool
		exact bool
	}
	var crit []criterion
	for _, k := range searchKeys {
		v := strings.TrimSpace(q[k.key])
		if v == "" {
			continue
		}
		if k.phone {
			v = phoneDigits(v)
		}
		crit = append(crit, criterion{strings.ToLower(v), k.field, k.phone, k.exact})
	}
	return func(c *Contact) bool {
		for _, cr := range crit {
			got := cr.field(c)
			if cr.phone {
				got = phoneDigits(got)
			}
			got = strings.ToLower(got)
			if cr.exact && got != cr.want || !cr.exact && !strings.Contains(got, cr.want) {
				return false
			}
		}
		return true
	}
}

// phoneDigits keeps the digits and a "+" of a phone number.
func phoneDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '+' {
			return r
		}
		return -1
	}, s)
}

func (s *Server) contactList(req *apiRequest, keep func(*Contact) bool) *reply {
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return perr.reply()
	}
	page, info := s.contactPage(p, keep)
	return success(contactListBody{Result: resultSuccess, pageInfo: info, Contacts: contactsOut(page)})
}

// contactPage is page p of the contacts keep accepts, in creation order.
// Only the page's contacts are copied: a listing of N contacts is N/100
// pages, and copying every match for each page made it quadratic.
func (s *Server) contactPage(p paging, keep func(*Contact) bool) ([]Contact, pageInfo) {
	var (
		page []Contact
		info pageInfo
	)
	s.store.view(func(st *state) {
		var matches []int
		for i := range st.Contacts {
			if keep(&st.Contacts[i]) {
				matches = append(matches, i)
			}
		}
		var start, end int
		start, end, info = pageRange(len(matches), p)
		for _, i := range matches[start:end] {
			page = append(page, st.Contacts[i])
		}
	})
	return page, info
}

func (s *Server) getContact(req *apiRequest) *reply {
	c, ok := s.Contact(req.params["id"])
	if !ok {
		return errContactNotFound.reply()
	}
	return success(contactBody{Result: resultSuccess, Contact: contactOut(c)})
}

func (s *Server) createContact(req *apiRequest) *reply {
	var c Contact
	if err := applyContact(&c, req.body); err != nil {
		return err.reply()
	}
	c, err := s.addContact(c)
	if err != nil {
		return storeFailure(err)
	}
	return success(contactBody{Result: resultSuccess, Contact: contactOut(c)})
}

// addContact stores c as a new contact: a new ContactID, the owner, the
// default ViewBy and EditBy, Created and Updated now.
func (s *Server) addContact(c Contact) (Contact, error) {
	err := s.store.update(func(st *state) error {
		now := s.store.timestamp()
		c.ContactID = newUUID()
		c.Owner = DefaultOwner
		c.ViewBy = accessOrDefault(c.ViewBy)
		c.EditBy = accessOrDefault(c.EditBy)
		c.Created, c.Updated = now, now
		st.Contacts = append(st.Contacts, c)
		return nil
	})
	return c, err
}

// updateContact changes only the members present in the body; null
// members leave the current value.
func (s *Server) updateContact(req *apiRequest) *reply {
	return s.onContact(req, s.contactUpdate(req.body, applyContact))
}

func (s *Server) deleteContact(req *apiRequest) *reply { return s.onContact(req, contactDelete) }

// contactUpdate is the change of an update: the members apply takes from
// b (nothing when it refuses one), and Updated now.
func (s *Server) contactUpdate(b body, apply func(*Contact, body) *apiError) func(st *state, i int) (Contact, *apiError) {
	return func(st *state, i int) (Contact, *apiError) {
		c := st.Contacts[i]
		if err := apply(&c, b); err != nil {
			return c, err
		}
		c.Updated = s.store.timestamp()
		st.Contacts[i] = c
		return c, nil
	}
}

// contactDelete is the change of a delete; it returns the deleted contact.
func contactDelete(st *state, i int) (Contact, *apiError) {
	c := st.Contacts[i]
	st.deleteContactAt(i)
	return c, nil
}

// onContact runs change on the contact the path names, in one store
// update (404 when there is none), and answers the contact it returns.
func (s *Server) onContact(req *apiRequest, change func(st *state, i int) (Contact, *apiError)) *reply {
	find := func(st *state) int { return st.contactIndex(req.params["id"]) }
	return onObject(s, errContactNotFound, find, change, func(c Contact) any {
		return contactBody{Result: resultSuccess, Contact: contactOut(c)}
	})
}

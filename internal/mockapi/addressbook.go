package mockapi

import (
	"errors"
	"strings"
)

// Response bodies of the address-book endpoints (contributing/wire-protocol.md §9.4–§9.7).

type contactBody struct {
	Result  string      `json:"Result"`
	Contact contactJSON `json:"Contact"`
}

type groupBody struct {
	Result string    `json:"Result"`
	Group  groupJSON `json:"Group"`
}

type membershipBody struct {
	Result  string      `json:"Result"`
	Group   groupJSON   `json:"Group"`
	Contact contactJSON `json:"Contact"`
}

type contactListBody struct {
	Result string `json:"Result"`
	pageInfo
	Group    *groupJSON    `json:"Group,omitempty"`
	Contacts []contactJSON `json:"Contacts"`
}

type groupListBody struct {
	Result string `json:"Result"`
	pageInfo
	Contact *contactJSON `json:"Contact,omitempty"`
	Groups  []groupJSON  `json:"Groups"`
}

const resultSuccess = "Success"

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

// ---- contacts ----

func (s *Server) listContacts(req *apiRequest) *reply {
	return s.contactList(req, func(Contact) bool { return true })
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

// searchContacts filters by every non-empty criterion given: e-mail exact
// (case-insensitive), the others case-insensitive substrings; phone numbers
// are compared with spaces and punctuation removed.
func (s *Server) searchContacts(req *apiRequest) *reply {
	type criterion struct {
		want  string
		field func(*Contact) string
		phone bool
		exact bool
	}
	var crit []criterion
	for _, k := range searchKeys {
		v := strings.TrimSpace(req.query[k.key])
		if v == "" {
			continue
		}
		if k.phone {
			v = phoneDigits(v)
		}
		crit = append(crit, criterion{strings.ToLower(v), k.field, k.phone, k.exact})
	}
	return s.contactList(req, func(c Contact) bool {
		for _, cr := range crit {
			got := cr.field(&c)
			if cr.phone {
				got = phoneDigits(got)
			}
			got = strings.ToLower(got)
			if cr.exact && got != cr.want || !cr.exact && !strings.Contains(got, cr.want) {
				return false
			}
		}
		return true
	})
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

func (s *Server) contactList(req *apiRequest, keep func(Contact) bool) *reply {
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return storeFailure(perr)
	}
	var all []Contact
	s.store.view(func(st *state) {
		for _, c := range st.Contacts {
			if keep(c) {
				all = append(all, c)
			}
		}
	})
	page, info := pageOf(all, p)
	return success(contactListBody{Result: resultSuccess, pageInfo: info, Contacts: contactsOut(page)})
}

func (s *Server) getContact(req *apiRequest) *reply {
	c, ok := s.Contact(req.params["id"])
	if !ok {
		return storeFailure(errContactNotFound)
	}
	return success(contactBody{Result: resultSuccess, Contact: contactOut(c)})
}

func (s *Server) createContact(req *apiRequest) *reply {
	var c Contact
	if err := applyContact(&c, req.body); err != nil {
		return storeFailure(err)
	}
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
	if err != nil {
		return storeFailure(err)
	}
	return success(contactBody{Result: resultSuccess, Contact: contactOut(c)})
}

// updateContact changes only the members present in the body; null
// members leave the current value.
func (s *Server) updateContact(req *apiRequest) *reply {
	var out Contact
	err := s.store.update(func(st *state) error {
		i := st.contactIndex(req.params["id"])
		if i < 0 {
			return errContactNotFound
		}
		c := st.Contacts[i]
		if err := applyContact(&c, req.body); err != nil {
			return err
		}
		c.Updated = s.store.timestamp()
		st.Contacts[i] = c
		out = c
		return nil
	})
	if err != nil {
		return storeFailure(err)
	}
	return success(contactBody{Result: resultSuccess, Contact: contactOut(out)})
}

func (s *Server) deleteContact(req *apiRequest) *reply {
	var out Contact
	err := s.store.update(func(st *state) error {
		i := st.contactIndex(req.params["id"])
		if i < 0 {
			return errContactNotFound
		}
		out = st.Contacts[i]
		st.deleteContactAt(i)
		return nil
	})
	if err != nil {
		return storeFailure(err)
	}
	return success(contactBody{Result: resultSuccess, Contact: contactOut(out)})
}

// ---- a contact's groups ----

func (s *Server) listContactGroups(req *apiRequest) *reply {
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return storeFailure(perr)
	}
	var (
		c      Contact
		groups []Group
		found  bool
	)
	s.store.view(func(st *state) {
		i := st.contactIndex(req.params["id"])
		if i < 0 {
			return
		}
		found = true
		c = st.Contacts[i]
		groups = st.contactGroups(c.ContactID)
	})
	if !found {
		return storeFailure(errContactNotFound)
	}
	page, info := pageOf(groups, p)
	co := contactOut(c)
	return success(groupListBody{Result: resultSuccess, pageInfo: info, Contact: &co, Groups: groupsOut(page)})
}

// membership looks up a contact and a group (by GroupID or GroupCode) and
// whether the contact is in the group.
func (st *state) membership(contactID, group string) (Contact, Group, bool, *apiError) {
	ci := st.contactIndex(contactID)
	if ci < 0 {
		return Contact{}, Group{}, false, errContactNotFound
	}
	gi := st.groupIndex(group)
	if gi < 0 {
		return Contact{}, Group{}, false, errGroupNotFound
	}
	c, g := st.Contacts[ci], st.Groups[gi]
	return c, g, st.isMember(g.GroupID, c.ContactID), nil
}

func (s *Server) membershipDetail(contactID, group string) *reply {
	var (
		c      Contact
		g      Group
		member bool
		err    *apiError
	)
	s.store.view(func(st *state) { c, g, member, err = st.membership(contactID, group) })
	if err != nil {
		return storeFailure(err)
	}
	if !member {
		return storeFailure(errMembershipNotFound)
	}
	return success(membershipBody{Result: resultSuccess, Group: groupOut(g), Contact: contactOut(c)})
}

// addMembership adds a contact to a group; an existing membership is
// success without a change.
func (s *Server) addMembership(contactID string, groups []string) *reply {
	var (
		c Contact
		g Group
	)
	err := s.store.update(func(st *state) error {
		var (
			member bool
			aerr   *apiError
		)
		for _, group := range groups {
			if c, g, member, aerr = st.membership(contactID, group); aerr != errGroupNotFound {
				break
			}
		}
		if aerr != nil {
			return aerr
		}
		if member {
			return errNoChange
		}
		st.addMember(g.GroupID, c.ContactID)
		return nil
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return storeFailure(err)
	}
	return success(membershipBody{Result: resultSuccess, Group: groupOut(g), Contact: contactOut(c)})
}

func (s *Server) removeMembership(contactID, group string) *reply {
	var (
		c Contact
		g Group
	)
	err := s.store.update(func(st *state) error {
		var (
			member bool
			aerr   *apiError
		)
		if c, g, member, aerr = st.membership(contactID, group); aerr != nil {
			return aerr
		}
		if !member {
			return errMembershipNotFound
		}
		st.removeMembers(func(m membership) bool { return m.GroupID == g.GroupID && m.ContactID == c.ContactID })
		return nil
	})
	if err != nil {
		return storeFailure(err)
	}
	return success(membershipBody{Result: resultSuccess, Group: groupOut(g), Contact: contactOut(c)})
}

func (s *Server) getContactGroup(req *apiRequest) *reply {
	return s.membershipDetail(req.params["id"], req.params["group"])
}

// addContactGroup takes {"GroupID": …} (v2.04) or {"GroupCode": …}
// (v2.03); either member may hold an id or a code, as NET v2.04 puts a
// GroupCode into GroupID.
func (s *Server) addContactGroup(req *apiRequest) *reply {
	var groups []string
	for _, name := range []string{"GroupID", "GroupCode"} {
		v, ok, err := req.body.str(name)
		if err != nil {
			return storeFailure(err)
		}
		if ok && strings.TrimSpace(v) != "" {
			groups = append(groups, strings.TrimSpace(v))
		}
	}
	if len(groups) == 0 {
		return storeFailure(badRequest("GroupID or GroupCode is required"))
	}
	return s.addMembership(req.params["id"], groups)
}

func (s *Server) removeContactGroup(req *apiRequest) *reply {
	return s.removeMembership(req.params["id"], req.params["group"])
}

// ---- groups ----

func (s *Server) listGroups(req *apiRequest) *reply {
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return storeFailure(perr)
	}
	groups := s.Groups()
	page, info := pageOf(groups, p)
	return success(groupListBody{Result: resultSuccess, pageInfo: info, Groups: groupsOut(page)})
}

func (s *Server) getGroup(req *apiRequest) *reply {
	g, ok := s.Group(req.params["group"])
	if !ok {
		return storeFailure(errGroupNotFound)
	}
	return success(groupBody{Result: resultSuccess, Group: groupOut(g)})
}

// applyGroup writes the writable group members present (and not null) in
// b onto g; GroupCode is not among them.
func applyGroup(g *Group, b body) *apiError {
	if v, ok, err := b.str("GroupName"); err != nil {
		return err
	} else if ok {
		if strings.TrimSpace(v) == "" {
			return badRequest("GroupName must not be empty")
		}
		g.GroupName = v
	}
	for _, f := range []struct {
		name  string
		field *string
	}{{"SubAccount", &g.SubAccount}, {"Department", &g.Department}} {
		v, ok, err := b.str(f.name)
		if err != nil {
			return err
		}
		if ok {
			*f.field = v
		}
	}
	v, err := accessMember(b, "ViewEditBy")
	if err != nil {
		return err
	}
	if v != "" {
		g.ViewEditBy = v
	}
	return nil
}

// createGroup requires a GroupName and derives the GroupCode from it when
// none is given; codes are unique (case-insensitively).
func (s *Server) createGroup(req *apiRequest) *reply {
	if name, _, err := req.body.str("GroupName"); err != nil {
		return storeFailure(err)
	} else if strings.TrimSpace(name) == "" {
		return storeFailure(badRequest("GroupName is required"))
	}
	var g Group
	if err := applyGroup(&g, req.body); err != nil {
		return storeFailure(err)
	}
	code, _, err := req.body.str("GroupCode")
	if err != nil {
		return storeFailure(err)
	}
	code = strings.TrimSpace(code)
	if code == "" {
		code = deriveGroupCode(g.GroupName)
	}
	serr := s.store.update(func(st *state) error {
		if st.codeTaken(code, "") {
			return badRequest("GroupCode already exists")
		}
		now := s.store.timestamp()
		g.GroupID = newUUID()
		g.GroupCode = code
		g.Owner = DefaultOwner
		g.ViewEditBy = accessOrDefault(g.ViewEditBy)
		g.Created, g.Updated = now, now
		st.Groups = append(st.Groups, g)
		return nil
	})
	if serr != nil {
		return storeFailure(serr)
	}
	return success(groupBody{Result: resultSuccess, Group: groupOut(g)})
}

// updateGroup changes the members present in the body; GroupCode never
// changes (a GroupCode member, as PY24 sends, is ignored).
func (s *Server) updateGroup(req *apiRequest) *reply {
	var out Group
	err := s.store.update(func(st *state) error {
		i := st.groupIndex(req.params["group"])
		if i < 0 {
			return errGroupNotFound
		}
		g := st.Groups[i]
		if err := applyGroup(&g, req.body); err != nil {
			return err
		}
		g.Updated = s.store.timestamp()
		st.Groups[i] = g
		out = g
		return nil
	})
	if err != nil {
		return storeFailure(err)
	}
	return success(groupBody{Result: resultSuccess, Group: groupOut(out)})
}

func (s *Server) deleteGroup(req *apiRequest) *reply {
	var out Group
	err := s.store.update(func(st *state) error {
		i := st.groupIndex(req.params["group"])
		if i < 0 {
			return errGroupNotFound
		}
		out = st.Groups[i]
		st.deleteGroupAt(i)
		return nil
	})
	if err != nil {
		return storeFailure(err)
	}
	return success(groupBody{Result: resultSuccess, Group: groupOut(out)})
}

// ---- a group's contacts ----

func (s *Server) listGroupContacts(req *apiRequest) *reply {
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return storeFailure(perr)
	}
	var (
		g        Group
		contacts []Contact
		found    bool
	)
	s.store.view(func(st *state) {
		i := st.groupIndex(req.params["group"])
		if i < 0 {
			return
		}
		found = true
		g = st.Groups[i]
		contacts = st.memberContacts(g.GroupID)
	})
	if !found {
		return storeFailure(errGroupNotFound)
	}
	page, info := pageOf(contacts, p)
	gj := groupOut(g)
	return success(contactListBody{Result: resultSuccess, pageInfo: info, Group: &gj, Contacts: contactsOut(page)})
}

func (s *Server) getGroupContact(req *apiRequest) *reply {
	return s.membershipDetail(req.params["id"], req.params["group"])
}

// addGroupContact takes {"ContactID": …} (NJ24 adds GroupID and HTTPMethod,
// which are ignored: the path names the group).
func (s *Server) addGroupContact(req *apiRequest) *reply {
	id, _, err := req.body.str("ContactID", "ID")
	if err != nil {
		return storeFailure(err)
	}
	if strings.TrimSpace(id) == "" {
		return storeFailure(badRequest("ContactID is required"))
	}
	return s.addMembership(strings.TrimSpace(id), []string{req.params["group"]})
}

func (s *Server) removeGroupContact(req *apiRequest) *reply {
	return s.removeMembership(req.params["id"], req.params["group"])
}

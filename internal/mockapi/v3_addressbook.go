// The v3 address book (contributing/wire-protocol-v3.md §4; README.md, REST
// v3.00): contacts, groups and memberships in v3's flat shapes, groups by
// GroupID only, server-assigned group codes, the v3-only members.

package mockapi

import (
	"errors"
	"fmt"
	"strings"
)

// ---- wire forms ----

// contactV3JSON is the v3 wire form of a contact: flat, without the v2.03
// names and DirectPhone, with the v3 members. Groups is set by a contact
// read only.
type contactV3JSON struct {
	ContactID             string    `json:"ContactID"`
	Owner                 string    `json:"Owner"`
	CreatedTimeLocal      string    `json:"CreatedTimeLocal"`
	CreatedTimeUTC        string    `json:"CreatedTimeUTC"`
	CreatedTimeUTCRFC3339 string    `json:"CreatedTimeUTC_RFC3339"`
	UpdatedTimeLocal      string    `json:"UpdatedTimeLocal"`
	UpdatedTimeUTC        string    `json:"UpdatedTimeUTC"`
	UpdatedTimeUTCRFC3339 string    `json:"UpdatedTimeUTC_RFC3339"`
	Timezone              string    `json:"Timezone"`
	ExType                string    `json:"ExType"`
	ExID                  string    `json:"ExID"`
	ViewBy                string    `json:"ViewBy"`
	EditBy                string    `json:"EditBy"`
	AccessControl         string    `json:"AccessControl"`
	Attention             string    `json:"Attention"`
	Title                 string    `json:"Title"`
	Company               string    `json:"Company"`
	RecipDepartment       string    `json:"RecipDepartment"`
	FirstName             string    `json:"FirstName"`
	LastName              string    `json:"LastName"`
	Position              string    `json:"Position"`
	StreetAddress         string    `json:"StreetAddress"`
	Suburb                string    `json:"Suburb"`
	City                  string    `json:"City"`
	State                 string    `json:"State"`
	Country               string    `json:"Country"`
	Postcode              string    `json:"Postcode"`
	MainPhone             string    `json:"MainPhone"`
	AltPhone1             string    `json:"AltPhone1"`
	AltPhone2             string    `json:"AltPhone2"`
	AltPhone3             string    `json:"AltPhone3"`
	AltPhone4             string    `json:"AltPhone4"`
	AltPhone5             string    `json:"AltPhone5"`
	AltPhone6             string    `json:"AltPhone6"`
	AltPhone7             string    `json:"AltPhone7"`
	AltPhone8             string    `json:"AltPhone8"`
	MobilePhone           string    `json:"MobilePhone"`
	FaxNumber             string    `json:"FaxNumber"`
	EmailAddress          string    `json:"EmailAddress"`
	WebAddress            string    `json:"WebAddress"`
	Custom1               string    `json:"Custom1"`
	Custom2               string    `json:"Custom2"`
	Custom3               string    `json:"Custom3"`
	Custom4               string    `json:"Custom4"`
	Notes                 string    `json:"Notes"`
	Groups                *[]string `json:"Groups,omitempty"`
}

func contactOutV3(c Contact) contactV3JSON {
	cr, up := v3StampsOf(c.Created), updatedStamps(c.Created, c.Updated)
	return contactV3JSON{
		ContactID: c.ContactID, Owner: c.Owner,
		CreatedTimeLocal: cr.local, CreatedTimeUTC: cr.utc, CreatedTimeUTCRFC3339: cr.rfc,
		UpdatedTimeLocal: up.local, UpdatedTimeUTC: up.utc, UpdatedTimeUTCRFC3339: up.rfc,
		Timezone: timezoneName, ExType: c.ExType, ExID: c.ExID,
		ViewBy: c.ViewBy, EditBy: c.EditBy, AccessControl: answeredAccessControl(c.AccessControl),
		Attention: c.Attention, Title: c.Title, Company: c.Company, RecipDepartment: c.RecipDepartment,
		FirstName: c.FirstName, LastName: c.LastName, Position: c.Position,
		StreetAddress: c.StreetAddress, Suburb: c.Suburb, City: c.City, State: c.State,
		Country: c.Country, Postcode: c.Postcode,
		MainPhone: c.MainPhone, AltPhone1: c.AltPhone1, AltPhone2: c.AltPhone2, AltPhone3: c.AltPhone3,
		AltPhone4: c.AltPhone4, AltPhone5: c.AltPhone5, AltPhone6: c.AltPhone6, AltPhone7: c.AltPhone7,
		AltPhone8: c.AltPhone8, MobilePhone: c.MobilePhone, FaxNumber: c.FaxNumber,
		EmailAddress: c.EmailAddress, WebAddress: c.WebAddress,
		Custom1: c.Custom1, Custom2: c.Custom2, Custom3: c.Custom3, Custom4: c.Custom4, Notes: c.Notes,
	}
}

func contactsOutV3(cs []Contact) []contactV3JSON {
	out := make([]contactV3JSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, contactOutV3(c))
	}
	return out
}

// groupV3JSON is the v3 wire form of a group: no Updated… members.
type groupV3JSON struct {
	GroupID               string `json:"GroupID"`
	GroupCode             string `json:"GroupCode"`
	GroupName             string `json:"GroupName"`
	SubAccount            string `json:"SubAccount"`
	Department            string `json:"Department"`
	ViewEditBy            string `json:"ViewEditBy"`
	AccessControl         string `json:"AccessControl"`
	Owner                 string `json:"Owner"`
	CreatedTimeLocal      string `json:"CreatedTimeLocal"`
	CreatedTimeUTC        string `json:"CreatedTimeUTC"`
	CreatedTimeUTCRFC3339 string `json:"CreatedTimeUTC_RFC3339"`
	Timezone              string `json:"Timezone"`
}

func groupOutV3(g Group) groupV3JSON {
	cr := v3StampsOf(g.Created)
	return groupV3JSON{
		GroupID: g.GroupID, GroupCode: g.GroupCode, GroupName: g.GroupName, SubAccount: g.SubAccount,
		Department: g.Department, ViewEditBy: g.ViewEditBy, AccessControl: answeredAccessControl(g.AccessControl),
		Owner: g.Owner, CreatedTimeLocal: cr.local, CreatedTimeUTC: cr.utc, CreatedTimeUTCRFC3339: cr.rfc,
		Timezone: timezoneName,
	}
}

func groupsOutV3(gs []Group) []groupV3JSON {
	out := make([]groupV3JSON, 0, len(gs))
	for _, g := range gs {
		out = append(out, groupOutV3(g))
	}
	return out
}

type contactListV3Body struct {
	pageInfo
	Group    *groupV3JSON    `json:"Group,omitempty"`
	Contacts []contactV3JSON `json:"Contacts"`
}

type groupListV3Body struct {
	pageInfo
	Contact *contactV3JSON `json:"Contact,omitempty"`
	Groups  []groupV3JSON  `json:"Groups"`
}

type membershipV3Body struct {
	Group   groupV3JSON   `json:"Group"`
	Contact contactV3JSON `json:"Contact"`
}

// ---- contact members ----

// v3ContactField is one writable string member of a v3 contact: its names
// (the first canonical), where it lives and its length limit.
type v3ContactField struct {
	names []string
	field func(*Contact) *string
	limit int
}

// v3ContactFields are v2's writable members without DirectPhone, plus the
// v3 ones (wire-protocol-v3.md §4.2).
var v3ContactFields = func() []v3ContactField {
	var out []v3ContactField
	for _, f := range contactFields {
		switch f.names[0] {
		case "DirectPhone":
		case "Attention":
			out = append(out, v3ContactField{f.names, f.field, 200})
		default:
			out = append(out, v3ContactField{f.names, f.field, 100})
		}
	}
	return append(out,
		v3ContactField{[]string{"ExType"}, func(c *Contact) *string { return &c.ExType }, 20},
		v3ContactField{[]string{"ExID"}, func(c *Contact) *string { return &c.ExID }, 100},
		v3ContactField{[]string{"AltPhone3"}, func(c *Contact) *string { return &c.AltPhone3 }, 100},
		v3ContactField{[]string{"AltPhone4"}, func(c *Contact) *string { return &c.AltPhone4 }, 100},
		v3ContactField{[]string{"AltPhone5"}, func(c *Contact) *string { return &c.AltPhone5 }, 100},
		v3ContactField{[]string{"AltPhone6"}, func(c *Contact) *string { return &c.AltPhone6 }, 100},
		v3ContactField{[]string{"AltPhone7"}, func(c *Contact) *string { return &c.AltPhone7 }, 100},
		v3ContactField{[]string{"AltPhone8"}, func(c *Contact) *string { return &c.AltPhone8 }, 100},
		v3ContactField{[]string{"Notes"}, func(c *Contact) *string { return &c.Notes }, 1000},
	)
}()

// applyContactV3 checks the members present (and not null) in b and writes
// them onto c; nothing is written when one is refused. Unknown members
// (DirectPhone among them) are ignored; empty ViewBy, EditBy and
// AccessControl leave the current value.
func applyContactV3(c *Contact, b body) *apiError {
	next := *c
	for _, f := range v3ContactFields {
		v, ok, err := b.str(f.names...)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := maxLen(f.names[0], v, f.limit); err != nil {
			return err
		}
		*f.field(&next) = v
	}
	for _, a := range []struct {
		name  string
		field *string
	}{{"ViewBy", &next.ViewBy}, {"EditBy", &next.EditBy}} {
		v, err := accessMember(b, a.name)
		if err != nil {
			return err
		}
		if v != "" {
			*a.field = v
		}
	}
	ac, err := accessControlMember(b)
	if err != nil {
		return err
	}
	if ac != "" {
		next.AccessControl = ac
	}
	*c = next
	return nil
}

// ---- contacts ----

func (s *Server) listContactsV3(req *apiRequest) *reply {
	return s.contactListV3(req, func(*Contact) bool { return true })
}

func (s *Server) searchContactsV3(req *apiRequest) *reply {
	return s.contactListV3(req, searchFilter(req.query))
}

func (s *Server) contactListV3(req *apiRequest, keep func(*Contact) bool) *reply {
	p, err := s.v3Paging(req.query, 1, maxV3RecordsPerPage)
	if err != nil {
		return v3Failed(err)
	}
	page, info := s.contactPage(p, keep)
	return success(contactListV3Body{pageInfo: info, Contacts: contactsOutV3(page)})
}

// getContactV3 answers the contact with the GroupIDs of its groups.
func (s *Server) getContactV3(req *apiRequest) *reply {
	id := req.params["id"]
	var (
		out   contactV3JSON
		found bool
	)
	s.store.view(func(st *state) {
		i := st.contactIndex(id)
		if i < 0 {
			return
		}
		found = true
		out = contactOutV3(st.Contacts[i])
		groups := []string{}
		for _, g := range st.contactGroups(st.Contacts[i].ContactID) {
			groups = append(groups, g.GroupID)
		}
		out.Groups = &groups
	})
	if !found {
		return v3RecordNotFound(id).reply()
	}
	return success(out)
}

func (s *Server) createContactV3(req *apiRequest) *reply {
	var c Contact
	if err := applyContactV3(&c, req.body); err != nil {
		return v3Failed(err)
	}
	c, err := s.addContact(c)
	if err != nil {
		return v3Failed(err)
	}
	return success(contactOutV3(c))
}

// updateContactV3 changes only the members present in the body.
func (s *Server) updateContactV3(req *apiRequest) *reply {
	return s.onContactV3(req, s.contactUpdate(req.body, applyContactV3))
}

func (s *Server) deleteContactV3(req *apiRequest) *reply { return s.onContactV3(req, contactDelete) }

// onContactV3 runs change on the contact the path names and answers it in
// v3's shape (onObject).
func (s *Server) onContactV3(req *apiRequest, change func(st *state, i int) (Contact, *apiError)) *reply {
	id := req.params["id"]
	find := func(st *state) int { return st.contactIndex(id) }
	rep := onObject(s, errContactNotFound, find, change, func(c Contact) any { return contactOutV3(c) })
	return v3Reply(rep, v3RecordNotFound(id))
}

// ---- groups ----

// groupByID returns the index of the group with the GroupID (ignoring
// case), or -1: v3 addresses groups by GroupID only.
func (st *state) groupByID(id string) int {
	for i := range st.Groups {
		if strings.EqualFold(st.Groups[i].GroupID, id) {
			return i
		}
	}
	return -1
}

// freeCode returns code, or when another group has it (ignoring case) the
// first of code_2, code_3… that none has.
func (st *state) freeCode(code string) string {
	if !st.codeTaken(code, "") {
		return code
	}
	for n := 2; ; n++ {
		if c := fmt.Sprintf("%s_%d", code, n); !st.codeTaken(c, "") {
			return c
		}
	}
}

// applyGroupV3 checks the writable members present in b (GroupCode is not
// one) and writes them onto g; nothing is written when one is refused.
func applyGroupV3(g *Group, b body) *apiError {
	for _, f := range []struct {
		name  string
		limit int
	}{{"GroupName", 100}, {"SubAccount", 40}, {"Department", 40}} {
		v, _, err := b.str(f.name)
		if err != nil {
			return err
		}
		if err := maxLen(f.name, v, f.limit); err != nil {
			return err
		}
	}
	ac, err := accessControlMember(b)
	if err != nil {
		return err
	}
	next := *g
	if err := applyGroup(&next, b); err != nil {
		return err
	}
	if ac != "" {
		next.AccessControl = ac
	}
	*g = next
	return nil
}

func (s *Server) listGroupsV3(req *apiRequest) *reply {
	p, err := s.v3Paging(req.query, 1, maxV3RecordsPerPage)
	if err != nil {
		return v3Failed(err)
	}
	page, info := pageOf(s.Groups(), p)
	return success(groupListV3Body{pageInfo: info, Groups: groupsOutV3(page)})
}

func (s *Server) getGroupV3(req *apiRequest) *reply {
	id := req.params["group"]
	var (
		g     Group
		found bool
	)
	s.store.view(func(st *state) {
		if i := st.groupByID(id); i >= 0 {
			g, found = st.Groups[i], true
		}
	})
	if !found {
		return v3RecordNotFound(id).reply()
	}
	return success(groupOutV3(g))
}

// createGroupV3 requires a GroupName; the GroupCode is the server's:
// derived from the name, made unique with a suffix (a given one is
// ignored).
func (s *Server) createGroupV3(req *apiRequest) *reply {
	if name, _, err := req.body.str("GroupName"); err != nil {
		return v3Failed(err)
	} else if strings.TrimSpace(name) == "" {
		return v3Failed(badRequest("GroupName is required"))
	}
	var g Group
	if err := applyGroupV3(&g, req.body); err != nil {
		return v3Failed(err)
	}
	err := s.store.update(func(st *state) error {
		now := s.store.timestamp()
		g.GroupID = newUUID()
		g.GroupCode = st.freeCode(deriveGroupCode(g.GroupName))
		g.Owner = DefaultOwner
		g.ViewEditBy = accessOrDefault(g.ViewEditBy)
		g.Created, g.Updated = now, now
		st.Groups = append(st.Groups, g)
		return nil
	})
	if err != nil {
		return v3Failed(err)
	}
	return success(groupOutV3(g))
}

func (s *Server) updateGroupV3(req *apiRequest) *reply {
	return s.onGroupV3(req, s.groupUpdate(req.body, applyGroupV3))
}

func (s *Server) deleteGroupV3(req *apiRequest) *reply { return s.onGroupV3(req, groupDelete) }

// onGroupV3 runs change on the group whose GroupID the path names and
// answers it in v3's shape.
func (s *Server) onGroupV3(req *apiRequest, change func(st *state, i int) (Group, *apiError)) *reply {
	id := req.params["group"]
	find := func(st *state) int { return st.groupByID(id) }
	rep := onObject(s, errGroupNotFound, find, change, func(g Group) any { return groupOutV3(g) })
	return v3Reply(rep, v3RecordNotFound(id))
}

// ---- memberships ----

// listRelatedV3 answers a page of the objects related to the one the path
// names (id): lookup finds it (false: 404) and them, answer renders a page.
func listRelatedV3[O, M any](s *Server, req *apiRequest, id string, lookup func(st *state) (O, []M, bool),
	answer func(owner O, page []M, info pageInfo) any,
) *reply {
	p, err := s.v3Paging(req.query, 1, maxV3RecordsPerPage)
	if err != nil {
		return v3Failed(err)
	}
	owner, page, info, found := relatedPage(s, p, lookup)
	if !found {
		return v3RecordNotFound(id).reply()
	}
	return success(answer(owner, page, info))
}

func (s *Server) listContactGroupsV3(req *apiRequest) *reply {
	id := req.params["id"]
	return listRelatedV3(s, req, id, func(st *state) (Contact, []Group, bool) {
		i := st.contactIndex(id)
		if i < 0 {
			return Contact{}, nil, false
		}
		return st.Contacts[i], st.contactGroups(st.Contacts[i].ContactID), true
	}, func(c Contact, page []Group, info pageInfo) any {
		co := contactOutV3(c)
		return groupListV3Body{pageInfo: info, Contact: &co, Groups: groupsOutV3(page)}
	})
}

func (s *Server) listGroupContactsV3(req *apiRequest) *reply {
	id := req.params["group"]
	return listRelatedV3(s, req, id, func(st *state) (Group, []Contact, bool) {
		i := st.groupByID(id)
		if i < 0 {
			return Group{}, nil, false
		}
		return st.Groups[i], st.memberContacts(st.Groups[i].GroupID), true
	}, func(g Group, page []Contact, info pageInfo) any {
		gj := groupOutV3(g)
		return contactListV3Body{pageInfo: info, Group: &gj, Contacts: contactsOutV3(page)}
	})
}

// addToGroupV3 handles PATCH addressbook/contact/{id}/group {"GroupID"}: a
// GroupID only; an existing membership is success without a change.
func (s *Server) addToGroupV3(req *apiRequest) *reply {
	gid, _, aerr := req.body.str("GroupID")
	if aerr != nil {
		return v3Failed(aerr)
	}
	if gid = strings.TrimSpace(gid); gid == "" {
		return v3Failed(badRequest("GroupID is required"))
	}
	return s.onMembershipV3(req.params["id"], gid, func(st *state, g Group, c Contact) error {
		if !st.addMember(g.GroupID, c.ContactID) {
			return errNoChange
		}
		return nil
	})
}

// removeFromGroupV3 handles DELETE addressbook/contact/{id}/group/{GroupID}.
func (s *Server) removeFromGroupV3(req *apiRequest) *reply {
	gid := req.params["group"]
	return s.onMembershipV3(req.params["id"], gid, func(st *state, g Group, c Contact) error {
		if st.removeMembers(func(m membership) bool { return m.GroupID == g.GroupID && m.ContactID == c.ContactID }) == 0 {
			return v3RecordNotFound(gid)
		}
		return nil
	})
}

// onMembershipV3 runs change on a contact and a group (by GroupID) in one
// store update (404 when either is unknown) and answers both.
func (s *Server) onMembershipV3(contactID, groupID string, change func(st *state, g Group, c Contact) error) *reply {
	var (
		c Contact
		g Group
	)
	err := s.store.update(func(st *state) error {
		ci := st.contactIndex(contactID)
		if ci < 0 {
			return v3RecordNotFound(contactID)
		}
		gi := st.groupByID(groupID)
		if gi < 0 {
			return v3RecordNotFound(groupID)
		}
		c, g = st.Contacts[ci], st.Groups[gi]
		return change(st, g, c)
	})
	if err != nil && !errors.Is(err, errNoChange) {
		return v3Failed(err)
	}
	return success(membershipV3Body{Group: groupOutV3(g), Contact: contactOutV3(c)})
}

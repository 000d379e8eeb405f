// Group memberships: a contact's groups and a group's contacts
// (contributing/wire-protocol.md §9.5, §9.7).

package mockapi

import (
	"errors"
	"strings"
)

type membershipBody struct {
	Result  string      `json:"Result"`
	Group   groupJSON   `json:"Group"`
	Contact contactJSON `json:"Contact"`
}

func (s *Server) listContactGroups(req *apiRequest) *reply {
	return listMembers(s, req, errContactNotFound, func(st *state) (Contact, []Group, bool) {
		i := st.contactIndex(req.params["id"])
		if i < 0 {
			return Contact{}, nil, false
		}
		return st.Contacts[i], st.contactGroups(st.Contacts[i].ContactID), true
	}, func(c Contact, page []Group, info pageInfo) any {
		co := contactOut(c)
		return groupListBody{Result: resultSuccess, pageInfo: info, Contact: &co, Groups: groupsOut(page)}
	})
}

// listMembers answers a paged list of the objects related to the one the
// path names: lookup finds that object (ok false: missing, 404) and the
// related objects, answer renders one page of them.
func listMembers[O, M any](s *Server, req *apiRequest, missing *apiError, lookup func(st *state) (O, []M, bool),
	answer func(owner O, page []M, info pageInfo) any,
) *reply {
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return perr.reply()
	}
	owner, page, info, found := relatedPage(s, p, lookup)
	if !found {
		return missing.reply()
	}
	return success(answer(owner, page, info))
}

// relatedPage is page p of the objects related to the one lookup finds
// (found false: there is no such object).
func relatedPage[O, M any](s *Server, p paging, lookup func(st *state) (O, []M, bool)) (owner O, page []M, info pageInfo, found bool) {
	var members []M
	s.store.view(func(st *state) { owner, members, found = lookup(st) })
	if found {
		page, info = pageOf(members, p)
	}
	return owner, page, info, found
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
		return err.reply()
	}
	if !member {
		return errMembershipNotFound.reply()
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
			return err.reply()
		}
		if ok && strings.TrimSpace(v) != "" {
			groups = append(groups, strings.TrimSpace(v))
		}
	}
	if len(groups) == 0 {
		return badRequest("GroupID or GroupCode is required").reply()
	}
	return s.addMembership(req.params["id"], groups)
}

func (s *Server) removeContactGroup(req *apiRequest) *reply {
	return s.removeMembership(req.params["id"], req.params["group"])
}

func (s *Server) listGroupContacts(req *apiRequest) *reply {
	return listMembers(s, req, errGroupNotFound, func(st *state) (Group, []Contact, bool) {
		i := st.groupIndex(req.params["group"])
		if i < 0 {
			return Group{}, nil, false
		}
		return st.Groups[i], st.memberContacts(st.Groups[i].GroupID), true
	}, func(g Group, page []Contact, info pageInfo) any {
		gj := groupOut(g)
		return contactListBody{Result: resultSuccess, pageInfo: info, Group: &gj, Contacts: contactsOut(page)}
	})
}

func (s *Server) getGroupContact(req *apiRequest) *reply {
	return s.membershipDetail(req.params["id"], req.params["group"])
}

// addGroupContact takes {"ContactID": …} (NJ24 adds GroupID and HTTPMethod,
// which are ignored: the path names the group).
func (s *Server) addGroupContact(req *apiRequest) *reply {
	id, _, err := req.body.str("ContactID", "ID")
	if err != nil {
		return err.reply()
	}
	if strings.TrimSpace(id) == "" {
		return badRequest("ContactID is required").reply()
	}
	return s.addMembership(strings.TrimSpace(id), []string{req.params["group"]})
}

func (s *Server) removeGroupContact(req *apiRequest) *reply {
	return s.removeMembership(req.params["id"], req.params["group"])
}

// Membership links one contact to one group, as Memberships reports it.
type Membership struct {
	GroupID   string
	ContactID string
}

// Memberships returns every membership in the order they were made.
func (s *Server) Memberships() []Membership {
	var out []Membership
	s.store.view(func(st *state) {
		out = make([]Membership, 0, len(st.Memberships))
		for _, m := range st.Memberships {
			out = append(out, Membership(m))
		}
	})
	return out
}

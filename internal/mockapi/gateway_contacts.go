// api_v1 contact actions: save_contacts, fetch_contacts, get_contact_groups
// and delete_contacts (README.md, Contacts and groups).

package mockapi

import (
	"strconv"
	"strings"
	"time"
)

// defaultGroup is the group of contacts saved without a group_name.
const defaultGroup = "default"

// gwContactsPerPage is fetch_contacts' perpage default.
const gwContactsPerPage = 10

// GatewayContact is an api_v1 contact as the mock stores it.
type GatewayContact struct {
	ID        int
	Phone     string
	FirstName string
	LastName  string
	GroupName string
	Time      time.Time
}

// upsertContact saves c by phone and group: a new contact, or the existing
// one with the non-empty names of c.
func (g *gatewayState) upsertContact(c GatewayContact, now time.Time) {
	for i := range g.Contacts {
		e := &g.Contacts[i]
		if e.Phone == c.Phone && e.GroupName == c.GroupName {
			if c.FirstName != "" {
				e.FirstName = c.FirstName
			}
			if c.LastName != "" {
				e.LastName = c.LastName
			}
			return
		}
	}
	c.ID, c.Time = g.NextContactID, now
	g.NextContactID++
	g.Contacts = append(g.Contacts, c)
}

func (s *Server) gwSaveContacts(req *gwRequest) (any, *gwError) {
	f := req.form
	group := f.get("group_name")
	if group == "" {
		group = defaultGroup
	}
	items, gerr := parseContactItems(f["contacts"])
	if gerr != nil {
		return nil, gerr
	}
	for _, p := range splitList(f["phone_numbers"]) {
		items = append(items, map[string]string{"phone": p})
	}
	if len(items) == 0 {
		return nil, errMissing("phone_numbers or contacts")
	}
	var contacts []GatewayContact
	seen := map[[2]string]bool{}
	for _, item := range items {
		n, ok := gwNumber(item["phone"], s.gateway.dialCode)
		if !ok {
			continue
		}
		c := GatewayContact{Phone: n, FirstName: strings.TrimSpace(item["firstname"]),
			LastName: strings.TrimSpace(item["lastname"]), GroupName: group}
		if g := strings.TrimSpace(item["group_name"]); g != "" {
			c.GroupName = g
		}
		seen[[2]string{c.Phone, c.GroupName}] = true
		contacts = append(contacts, c)
	}
	if len(contacts) == 0 {
		return nil, errIncorrect("phone_numbers", "no valid phone number")
	}
	err := s.store.update(func(st *state) error {
		for _, c := range contacts {
			st.Gateway.upsertContact(c, req.now)
		}
		return nil
	})
	if err != nil {
		return nil, gwStoreFailure(err)
	}
	return map[string]string{"total": strconv.Itoa(len(seen))}, nil
}

// gwContactFilter is the parsed filter of fetch_contacts and delete_contacts.
type gwContactFilter struct {
	group, search string
	ids           map[int]bool
}

func parseContactFilter(f gwForm) (gwContactFilter, *gwError) {
	flt := gwContactFilter{group: f.get("group_name"), search: f.get("search_term")}
	if v := f.get("contact_ids"); v != "" {
		var gerr *gwError
		if flt.ids, gerr = parseIDs("contact_ids", v); gerr != nil {
			return flt, gerr
		}
	}
	return flt, nil
}

func (flt gwContactFilter) empty() bool {
	return flt.group == "" && flt.search == "" && flt.ids == nil
}

func (flt gwContactFilter) match(c GatewayContact, dial string) bool {
	switch {
	case flt.group != "" && c.GroupName != flt.group,
		flt.ids != nil && !flt.ids[c.ID]:
		return false
	}
	return flt.search == "" || termsMatch(flt.search, dial, c.Phone, c.FirstName, c.LastName)
}

// gwContactRecord is the wire form of a contact.
type gwContactRecord struct {
	ContactID    string `json:"contact_id"`
	UserID       string `json:"user_id"`
	SubAccountID string `json:"sub_account_id"`
	Phone        string `json:"phone"`
	FirstName    string `json:"firstname"`
	LastName     string `json:"lastname"`
	GroupName    string `json:"group_name"`
	Time         string `json:"time"`
}

// gwContactPage is the fetch_contacts answer, members in the sample's order.
type gwContactPage struct {
	Filter     map[string]any    `json:"filter"`
	Total      int               `json:"total"`
	P          int               `json:"p"`
	TotalPages int               `json:"totalpages"`
	Records    []gwContactRecord `json:"records"`
}

func (s *Server) gwFetchContacts(req *gwRequest) (any, *gwError) {
	flt, gerr := parseContactFilter(req.form)
	if gerr != nil {
		return nil, gerr
	}
	page, perPage, gerr := gwPaging(req.form, gwContactsPerPage)
	if gerr != nil {
		return nil, gerr
	}
	out := gwContactPage{P: page, Records: []gwContactRecord{}}
	s.store.view(func(st *state) {
		var matched []GatewayContact
		for _, c := range st.Gateway.Contacts {
			if flt.match(c, s.gateway.dialCode) {
				matched = append(matched, c)
			}
		}
		start, end, pages := gwPage(len(matched), page, perPage)
		out.Total, out.TotalPages = len(matched), pages
		for _, c := range matched[start:end] {
			out.Records = append(out.Records, gwContactRecord{
				ContactID: strconv.Itoa(c.ID), UserID: gwUserID, SubAccountID: gwSubAccountID, Phone: c.Phone,
				FirstName: c.FirstName, LastName: c.LastName, GroupName: c.GroupName, Time: unixString(c.Time),
			})
		}
		out.Filter = map[string]any{"user_id": gwUserID, "sub_account_id": gwSubAccountID, "perpage": perPage,
			"group_name": nilIfEmpty(flt.group), "search_term": nilIfEmpty(flt.search), "offset": start}
	})
	return out, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) gwContactGroups(_ *gwRequest) (any, *gwError) {
	counts := map[string]int{}
	s.store.view(func(st *state) {
		for _, c := range st.Gateway.Contacts {
			counts[c.GroupName]++
		}
	})
	if len(counts) == 0 {
		return map[string]any{"contact_groups": []any{}}, nil
	}
	groups := make(map[string]string, len(counts))
	for name, n := range counts {
		groups[name] = strconv.Itoa(n)
	}
	return map[string]any{"contact_groups": groups}, nil
}

func (s *Server) gwDeleteContacts(req *gwRequest) (any, *gwError) {
	flt, gerr := parseContactFilter(req.form)
	if gerr != nil {
		return nil, gerr
	}
	if flt.empty() {
		return nil, gwErr(gwMissingParam, "No contact_ids supplied to be deleted")
	}
	deleted := 0
	err := s.store.update(func(st *state) error {
		kept := make([]GatewayContact, 0, len(st.Gateway.Contacts))
		for _, c := range st.Gateway.Contacts {
			if flt.match(c, s.gateway.dialCode) {
				deleted++
				continue
			}
			kept = append(kept, c)
		}
		if deleted == 0 {
			return errNoRecord
		}
		st.Gateway.Contacts = kept
		return nil
	})
	if err != nil {
		return nil, gwStoreFailure(err)
	}
	return map[string]string{"total": strconv.Itoa(deleted)}, nil
}

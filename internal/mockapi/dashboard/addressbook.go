// The Address book: REST contacts (searchable), groups with their members,
// and the gateway's contacts by group.

package dashboard

import (
	"net/http"
	"sort"
	"strings"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// Bounds of the Address book page: a search narrows what is past them.
const (
	contactsShown = 500
	membersShown  = 200
	gatewayShown  = 500
)

type contactRow struct {
	Name, Attention, Mobile, Email, Company, Position, ID string
	Groups                                                []groupRef
}

type groupRef struct{ Name, Anchor string }

type memberRow struct{ Name, Mobile, ID string }

type groupBlock struct {
	Name, Code, ID, Anchor string
	Members                []memberRow
	Count                  int // members in all
	More                   int // members not shown
}

type gatewayGroup struct {
	Name     string
	Contacts []mockapi.GatewayContact
	Count    int
}

type addressBookView struct {
	Query string
	// Contacts are those matching Query, at most contactsShown of Matched.
	Contacts        []contactRow
	ContactsMatched int
	ContactsTotal   int
	Groups          []groupBlock
	GroupsTotal     int
	Memberships     int
	Gateway         []gatewayGroup
	GatewayMatched  int
	GatewayTotal    int
	GatewayShown    int // the most shown
}

// addressBook serves GET /ui/addressbook?q=words.
func (d *Dashboard) addressBook(w http.ResponseWriter, r *http.Request) {
	p := d.newPage("Address book", "addressbook", "addressbook")
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	contacts, groups, members := d.src.Contacts(), d.src.Groups(), d.src.Memberships()
	v := addressBookView{
		Query: q, ContactsTotal: len(contacts), GroupsTotal: len(groups), Memberships: len(members), GatewayShown: gatewayShown,
	}

	book := newAddressBook(contacts, groups)
	groupsOf := map[string][]groupRef{}
	membersOf := map[string][]memberRow{}
	for _, m := range members {
		c, cok := book.contact(m.ContactID)
		g, gok := book.group(m.GroupID)
		if !cok || !gok {
			continue
		}
		key := strings.ToLower(c.ContactID)
		groupsOf[key] = append(groupsOf[key], groupRef{Name: g.GroupName, Anchor: groupAnchor(g)})
		gkey := strings.ToLower(g.GroupID)
		membersOf[gkey] = append(membersOf[gkey], memberRow{Name: contactName(c), Mobile: c.MobilePhone, ID: c.ContactID})
	}

	for _, c := range contacts {
		if !matches(q, contactFields(c)...) {
			continue
		}
		v.ContactsMatched++
		if len(v.Contacts) < contactsShown {
			v.Contacts = append(v.Contacts, contactRow{
				Name: contactName(c), Attention: c.Attention, Mobile: c.MobilePhone, Email: c.EmailAddress,
				Company: c.Company, Position: c.Position, ID: c.ContactID, Groups: groupsOf[strings.ToLower(c.ContactID)],
			})
		}
	}
	for _, g := range groups {
		ms := membersOf[strings.ToLower(g.GroupID)]
		if !matches(q, g.GroupName, g.GroupCode, g.GroupID) && !anyMember(q, ms) {
			continue
		}
		b := groupBlock{Name: g.GroupName, Code: g.GroupCode, ID: g.GroupID, Anchor: groupAnchor(g), Count: len(ms)}
		b.Members = ms[:min(len(ms), membersShown)]
		b.More = len(ms) - len(b.Members)
		v.Groups = append(v.Groups, b)
	}
	v.Gateway, v.GatewayMatched, v.GatewayTotal = gatewayGroups(d.src.GatewayContacts(), q)
	p.Data = v
	d.finish(w, r, "addressbook", p)
}

// contactFields are the fields a search looks in.
func contactFields(c mockapi.Contact) []string {
	return []string{
		c.ContactID, c.Attention, c.Title, c.Company, c.RecipDepartment, c.FirstName, c.LastName, c.Position,
		c.City, c.Country, c.MainPhone, c.AltPhone1, c.AltPhone2, c.DirectPhone, c.MobilePhone, c.FaxNumber,
		c.EmailAddress, c.Custom1, c.Custom2, c.Custom3, c.Custom4,
	}
}

func anyMember(q string, ms []memberRow) bool {
	if q == "" {
		return true
	}
	for _, m := range ms {
		if matches(q, m.Name, m.Mobile, m.ID) {
			return true
		}
	}
	return false
}

func groupAnchor(g mockapi.Group) string { return "group-" + g.GroupID }

// gatewayGroups groups the gateway contacts matching q by group name, at
// most gatewayShown of them; it also returns how many matched and exist.
func gatewayGroups(contacts []mockapi.GatewayContact, q string) (out []gatewayGroup, matched, total int) {
	index := map[string]int{}
	counts := map[string]int{}
	for _, c := range contacts {
		counts[c.GroupName]++
	}
	for _, c := range contacts {
		if !matches(q, c.Phone, c.FirstName, c.LastName, c.GroupName) {
			continue
		}
		matched++
		if matched > gatewayShown {
			continue
		}
		i, ok := index[c.GroupName]
		if !ok {
			i = len(out)
			index[c.GroupName] = i
			out = append(out, gatewayGroup{Name: c.GroupName, Count: counts[c.GroupName]})
		}
		out[i].Contacts = append(out[i].Contacts, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, matched, len(contacts)
}

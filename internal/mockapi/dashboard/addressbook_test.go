package dashboard_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestAddressBookShowsContactsGroupsAndMembers: every contact with its
// groups, every group with its members, the counts, the gateway's contacts
// by group; a search narrows all of them.
func TestAddressBookShowsContactsGroupsAndMembers(t *testing.T) {
	r := roster(t, mockapi.Options{})
	e := r.env
	empty := e.group(`{"GroupName":"Empty"}`)
	e.gateway("action", "save_contacts", "contacts", `[{"phone":"08086689567","firstname":"Ada","lastname":"Obi","group_name":"Staff"}]`)
	e.gateway("action", "save_contacts", "phone_numbers", "08031234567", "group_name", "On Call")

	pg := e.ok("/ui/addressbook")
	pg.contains(t, "address book", "3 contacts, 2 groups, 2 memberships; 2 gateway contacts")
	checkRows(t, "contacts", pg.rows("data-contact-id"), []string{
		"Ann Lee +61421000001 Ops Team " + r.ann,
		"Bob Ng +61421000002 Ops Team " + r.bob,
		"Cy +61421000003 " + r.cy,
	})
	checkRows(t, "groups", pg.rows("data-group-id"), []string{
		"Ops Team 2 members code Ops_Team · GroupID " + r.ops + " Ann Lee +61421000001 Bob Ng +61421000002",
		"Empty 0 members code Empty · GroupID " + empty + " No members.",
	})
	pg.contains(t, "gateway contacts", "On Call 1 contact 2348031234567 #2", "Staff 1 contact Ada Obi 2348086689567 #1")
	// A contact's group chips point at the group.
	chips := all(pg.doc, func(n *html.Node) bool { v, _ := attr(n, "class"); return v == "chip" })
	if href, _ := attr(chips[0], "href"); len(chips) != 2 || href != "#group-"+r.ops {
		t.Errorf("group chips: %d, the first to %q", len(chips), href)
	}

	found := e.ok("/ui/addressbook?q=" + url.QueryEscape("bob 0002"))
	checkRows(t, "search bob", found.rows("data-contact-id"), []string{"Bob Ng +61421000002"})
	checkRows(t, "groups with bob", found.rows("data-group-id"), []string{"Ops Team 2 members"})
	found.contains(t, "search bob", "1 of 3", "No gateway contact matches.")
	ada := e.ok("/ui/addressbook?q=ada")
	if len(ada.rows("data-contact-id")) != 0 || len(ada.rows("data-group-id")) != 0 {
		t.Errorf("search ada shows REST contacts or groups")
	}
	ada.contains(t, "search ada", "Staff 1 contact Ada Obi", "No contact matches.", "No group matches.")
	// The live part answers for the search in the URL, as the script asks.
	live := e.ok("/ui/addressbook?q=cy", "X-Dashboard-Fragment: live")
	if rows := live.rows("data-contact-id"); len(rows) != 1 || !strings.HasPrefix(rows[0], "Cy ") || strings.Contains(live.raw, "<html") {
		t.Errorf("live part for q=cy: %q", rows)
	}
}

// TestAddressBookBoundsLongLists: past 500 contacts the page shows the
// first 500 and says how many there are.
func TestAddressBookBoundsLongLists(t *testing.T) {
	e := start(t, mockapi.Options{})
	for i := range 502 {
		e.mock.PutContact(mockapi.Contact{FirstName: fmt.Sprintf("P%03d", i), MobilePhone: fmt.Sprintf("+614210%05d", i)})
	}
	pg := e.ok("/ui/addressbook")
	if n := len(pg.rows("data-contact-id")); n != 500 {
		t.Errorf("%d contacts shown, want 500", n)
	}
	pg.contains(t, "long list", "502 contacts", "Showing the first 500 of 502")
	if n := len(e.ok("/ui/addressbook?q=P501").rows("data-contact-id")); n != 1 {
		t.Errorf("search shows %d contacts, want 1", n)
	}
}

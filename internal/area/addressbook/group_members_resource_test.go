package addressbook_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/area/addressbook"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

func TestAccGroupMembersResource(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupMembersResource)
}

func testAccGroupMembersResource(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "bestsms_group_members.team"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(members ...string) string {
		cfg := mock.ProviderConfig() + `
resource "bestsms_group" "team" {
  name = "Roster"
}
`
		for _, n := range []string{"ann", "bob", "cat"} {
			cfg += fmt.Sprintf("resource \"bestsms_contact\" %q {\n  attention = %q\n}\n", n, n)
		}
		refs := ""
		for _, m := range members {
			refs += fmt.Sprintf("bestsms_contact.%s.id, ", m)
		}
		return cfg + fmt.Sprintf(`
resource "bestsms_group_members" "team" {
  group_id    = bestsms_group.team.id
  contact_ids = [%s]
}
`, refs)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGroups,
		Steps: []resource.TestStep{
			{
				Config: config("ann", "bob"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("contact_ids"), knownvalue.ListSizeExact(2)),
				},
				Check: acctest.CheckMock(func() error { return checkMembers(mock, "ann", "bob") }),
			},
			{ // in place: add cat, remove ann
				Config: config("bob", "cat"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check: acctest.CheckMock(func() error {
					if n := mock.Calls("DELETE addressbook/contact/{id}/group/{group}"); n != 1 {
						return fmt.Errorf("member removals = %d, want 1 (only the difference)", n)
					}
					return checkMembers(mock, "bob", "cat")
				}),
			},
			{ // a member added outside Terraform is drift, and is removed
				PreConfig: func() {
					g, err := mock.OnlyGroup()
					if err != nil {
						t.Fatal(err)
					}
					intruder := mock.PutContact(mockapi.Contact{Attention: "intruder"})
					if err := mock.AddMember(g.GroupID, intruder.ContactID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("bob", "cat"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: acctest.CheckMock(func() error {
					if err := checkMembers(mock, "bob", "cat"); err != nil {
						return err
					}
					if _, err := contactByAttention(mock, "intruder"); err != nil {
						return fmt.Errorf("removing the member must keep the contact: %w", err)
					}
					return nil
				}),
			},
			{ // contact_ids is a list taken as a set: an import reads the members in the API's order
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"contact_ids"},
				ImportStateCheck:        importedMembers(mock),
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{ // emptying the roster keeps the group
				PreConfig: func() {
					c, err := contactByAttention(mock, "intruder")
					if err == nil {
						mock.DeleteContact(c.ContactID)
					}
				},
				Config: config(),
				Check:  acctest.CheckMock(func() error { return checkMembers(mock) }),
			},
		},
	})
}

func TestAccGroupMembersResource_unknownContact(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupMembersResourceUnknownContact)
}

func testAccGroupMembersResourceUnknownContact(t *testing.T, v acctest.APIVersion) {
	var adds acctest.StatusLog
	mock := v.NewMockWrapped(t, adds.Middleware(regexp.MustCompile(`^(POST|PATCH) /api/`+regexp.QuoteMeta(string(v))+`/addressbook/contact/[^/]+/group$`)))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: mock.ProviderConfig() + `
resource "bestsms_group" "team" {
  name = "Roster"
}
resource "bestsms_contact" "ann" {
  attention = "ann"
}
resource "bestsms_group_members" "team" {
  group_id    = bestsms_group.team.id
  contact_ids = [bestsms_contact.ann.id, "00000000-0000-0000-0000-000000000000"]
}
`,
			ExpectError: regexp.MustCompile(`(?s)Unable to Create Group Members.*00000000-0000-0000-0000-000000000000.*(not found|Unable to find)`),
		}},
	})
	// The valid member was still added, the unknown one refused: one bad id
	// does not block the others.
	if got := adds.Statuses(); !slices.Equal(got, []int{200, 404}) && !slices.Equal(got, []int{404, 200}) {
		t.Errorf("member adds answered %v, want one 200 and one 404", got)
	}
}

// Contact ids in another letter case name the same contacts (the API
// matches ids in any case): they are members once, the state keeps the
// configuration's spelling so the next plan is empty, and a set that names
// one contact in two spellings is refused at plan, since removing one
// spelling would remove the member the other still names.
func TestAccGroupMembersResource_idsInAnyCase(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupMembersResourceIdsInAnyCase)
}

func testAccGroupMembersResourceIdsInAnyCase(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	ann := mock.PutContact(mockapi.Contact{Attention: "ann"})
	bob := mock.PutContact(mockapi.Contact{Attention: "bob"})
	config := func(ids ...string) string {
		return mock.ProviderConfig() + fmt.Sprintf(`
resource "bestsms_group" "team" {
  name = "Roster"
}

resource "bestsms_group_members" "team" {
  group_id    = bestsms_group.team.id
  contact_ids = %s
}
`, hclStrings(ids))
	}
	upperAnn := strings.ToUpper(ann.ContactID)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGroups,
		Steps: []resource.TestStep{
			{
				Config: config(upperAnn, bob.ContactID),
				Check:  acctest.CheckMock(func() error { return checkMembers(mock, "ann", "bob") }),
			},
			{
				Config:   config(upperAnn, bob.ContactID),
				PlanOnly: true, // the state kept the upper-case spelling: no change
			},
			{
				Config:      config(ann.ContactID, upperAnn),
				ExpectError: regexp.MustCompile(`(?s)Duplicate Id.*same id in\s+different\s+letter\s+case`),
			},
			{ // removing bob removes only bob
				Config: config(upperAnn),
				Check:  acctest.CheckMock(func() error { return checkMembers(mock, "ann") }),
			},
			{ // the same spelling change the other way is no change to the group
				Config: config(ann.ContactID),
				Check:  acctest.CheckMock(func() error { return checkMembers(mock, "ann") }),
			},
		},
	})
}

// hclStrings is a list of strings in HCL.
func hclStrings(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// membersDynamic is a bestsms_group_members value as Terraform sends it
// (id null in a configuration).
func membersDynamic(h *acctest.ActionHarness, typ tftypes.Object, id, groupID any, contactIDs []any) *tfprotov6.DynamicValue {
	ids := make([]tftypes.Value, len(contactIDs))
	for i, c := range contactIDs {
		if _, unknown := c.(acctest.Unknown); unknown {
			ids[i] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		} else {
			ids[i] = tftypes.NewValue(tftypes.String, c)
		}
	}
	v := tftypes.NewValue(typ, map[string]tftypes.Value{
		"id":          tftypes.NewValue(tftypes.String, id),
		"group_id":    tftypes.NewValue(tftypes.String, groupID),
		"contact_ids": tftypes.NewValue(typ.AttributeTypes["contact_ids"], ids),
	})
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		h.T.Fatal(err)
	}
	return &dv
}

// The plans of a roster at the protocol level (warnings and paths are
// invisible to plugin-testing): a plan that takes members out of the group
// names them, when the roster is created over a group that has members the
// configuration does not name too; ids the plan does not know yet are
// said to be unknown; ids in another order, spelling or repeated plan no
// change; a change of group_id replaces the roster.
func TestGroupMembersPlan_removals(t *testing.T) {
	mock := acctest.NewMock(t)
	g := mock.PutGroup(mockapi.Group{GroupName: "Night Shift"})
	var names []string
	var ids []any
	for i := range 4 {
		c := mock.PutContact(mockapi.Contact{Attention: fmt.Sprintf("Person %d", i), MobilePhone: fmt.Sprintf("+6142100000%d", i)})
		names, ids = append(names, c.ContactID), append(ids, c.ContactID)
	}
	for _, id := range names[:3] {
		if err := mock.AddMember(g.GroupID, id); err != nil {
			t.Fatal(err)
		}
	}
	h := acctest.NewActionHarness(t, mock, nil)
	typ, ok := h.Schemas.ResourceSchemas["bestsms_group_members"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("no bestsms_group_members schema")
	}
	plan := func(prior, proposed *tfprotov6.DynamicValue) *tfprotov6.PlanResourceChangeResponse {
		t.Helper()
		resp, err := h.Srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
			TypeName: "bestsms_group_members", PriorState: prior, ProposedNewState: proposed, Config: proposed,
		})
		if err != nil {
			t.Fatal(err)
		}
		acctest.RequireNoErrorDiags(t, "PlanResourceChange", resp.Diagnostics)
		return resp
	}
	warning := func(resp *tfprotov6.PlanResourceChangeResponse, want ...string) {
		t.Helper()
		if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != addressbook.GroupMembersRemovedSummary ||
			resp.Diagnostics[0].Attribute.String() != tftypes.NewAttributePath().WithAttributeName("contact_ids").String() {
			t.Fatalf("want one warning %q at contact_ids, got:\n%s", addressbook.GroupMembersRemovedSummary, acctest.DiagsText(resp.Diagnostics))
		}
		for _, w := range want {
			if !strings.Contains(resp.Diagnostics[0].Detail, w) {
				t.Errorf("the warning lacks %q: %s", w, resp.Diagnostics[0].Detail)
			}
		}
	}
	null := h.Dynamic(typ, nil)

	// Created over the group: members 0 and 1 are not named (their names
	// come from the plan's own listing), 3 is added.
	warning(plan(null, membersDynamic(h, typ, nil, g.GroupID, []any{ids[2], ids[3]})),
		"removes 2 members from group \"Night Shift\"", "Person 0 (+61421000000) ["+names[0]+"]", "Person 1")
	// Created naming every member: nothing to say.
	if resp := plan(null, membersDynamic(h, typ, nil, g.GroupID, ids)); len(resp.Diagnostics) != 0 {
		t.Errorf("a roster naming every member warns:\n%s", acctest.DiagsText(resp.Diagnostics))
	}

	prior := membersDynamic(h, typ, g.GroupID, g.GroupID, ids)
	// One removed, one new id not known yet.
	warning(plan(prior, membersDynamic(h, typ, nil, g.GroupID, []any{ids[0], ids[1], ids[2], acctest.Unknown{}})),
		"removes 1 member from", names[3], "1 of the configured ids are not known until apply")
	// The same ids in upper case: no change, the state's spelling is kept.
	upper := make([]any, len(names))
	for i, id := range names {
		upper[i] = strings.ToUpper(id)
	}
	resp := plan(prior, membersDynamic(h, typ, nil, g.GroupID, upper))
	if len(resp.Diagnostics) != 0 || !bytes.Equal(resp.PlannedState.MsgPack, prior.MsgPack) {
		t.Errorf("ids in other letter case plan a change (or warn):\n%s", acctest.DiagsText(resp.Diagnostics))
	}
	// Another order, with a repeat: the list is taken as a set.
	resp = plan(prior, membersDynamic(h, typ, nil, g.GroupID, []any{ids[3], ids[1], ids[0], ids[2], ids[1]}))
	if len(resp.Diagnostics) != 0 || !bytes.Equal(resp.PlannedState.MsgPack, prior.MsgPack) {
		t.Errorf("the ids in another order plan a change (or warn):\n%s", acctest.DiagsText(resp.Diagnostics))
	}
	// Another group: a replacement, not an update that removes.
	other := mock.PutGroup(mockapi.Group{GroupName: "Day Shift"})
	resp = plan(prior, membersDynamic(h, typ, nil, other.GroupID, ids))
	if len(resp.RequiresReplace) != 1 || resp.RequiresReplace[0].String() != tftypes.NewAttributePath().WithAttributeName("group_id").String() {
		t.Errorf("a new group_id requires replacing %v, want group_id", resp.RequiresReplace)
	}
}

// Validation names bad ids one by one, up to a limit, and counts the rest.
func TestGroupMembersValidate_capped(t *testing.T) {
	mock := acctest.NewMock(t)
	h := acctest.NewActionHarness(t, mock, nil)
	typ, ok := h.Schemas.ResourceSchemas["bestsms_group_members"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("no bestsms_group_members schema")
	}
	var ids []any
	for i := range 30 {
		ids = append(ids, fmt.Sprintf("contact-%02d", i))
	}
	resp, err := h.Srv.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: "bestsms_group_members", Config: membersDynamic(h, typ, nil, "Night_Shift", ids),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 22 {
		t.Fatalf("want 22 errors (group_id, 20 ids, one more), got %d:\n%s", len(resp.Diagnostics), acctest.DiagsText(resp.Diagnostics))
	}
	acctest.ExpectErrorAt(t, resp.Diagnostics, tftypes.NewAttributePath().WithAttributeName("group_id").String(), `"Night_Shift" is not a group id`)
	first := tftypes.NewAttributePath().WithAttributeName("contact_ids").WithElementKeyInt(0)
	acctest.ExpectErrorAt(t, resp.Diagnostics, first.String(), `"contact-00" is not a contact id`)
	if last := resp.Diagnostics[21]; last.Summary != "More Invalid Ids" || !strings.Contains(last.Detail, "10 more problems") {
		t.Errorf("the last error does not count the other 10: %s: %s", last.Summary, last.Detail)
	}
}

// TestAccGroupMembersResource_frameworkPath runs the roster through the
// framework's own server, which serves it with the same engine through
// the resource's methods (NewProtocol6Server serves it directly): create,
// update in place, drift, import, destroy.
func TestAccGroupMembersResource_frameworkPath(t *testing.T) {
	mock := acctest.NewMock(t)
	const addr = "bestsms_group_members.team"
	config := func(members ...string) string {
		cfg := mock.ProviderConfig() + "resource \"bestsms_group\" \"team\" {\n  name = \"Roster\"\n}\n"
		for _, n := range []string{"ann", "bob", "cat"} {
			cfg += fmt.Sprintf("resource \"bestsms_contact\" %q {\n  attention = %q\n}\n", n, n)
		}
		refs := ""
		for _, m := range members {
			refs += fmt.Sprintf("bestsms_contact.%s.id, ", m)
		}
		return cfg + fmt.Sprintf("resource \"bestsms_group_members\" \"team\" {\n  group_id    = bestsms_group.team.id\n  contact_ids = [%s]\n}\n", refs)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"bestsms": providerserver.NewProtocol6WithError(provider.New("test")()),
		},
		CheckDestroy: mock.CheckNoGroups,
		Steps: []resource.TestStep{
			{
				Config:      mock.ProviderConfig() + "resource \"bestsms_group_members\" \"x\" {\n  group_id    = \"Roster\"\n  contact_ids = []\n}\n",
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid Group ID`),
			},
			{
				Config: config("ann", "bob"),
				Check:  acctest.CheckMock(func() error { return checkMembers(mock, "ann", "bob") }),
			},
			{
				Config: config("bob", "cat"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: acctest.CheckMock(func() error { return checkMembers(mock, "bob", "cat") }),
			},
			{
				PreConfig: func() {
					g, err := mock.OnlyGroup()
					if err != nil {
						t.Fatal(err)
					}
					ann, err := contactByAttention(mock, "ann")
					if err != nil {
						t.Fatal(err)
					}
					if err := mock.AddMember(g.GroupID, ann.ContactID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("bob", "cat"),
				Check:  acctest.CheckMock(func() error { return checkMembers(mock, "bob", "cat") }),
			},
			{ // contact_ids is a list taken as a set: an import reads the members in the API's order
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"contact_ids"},
				ImportStateCheck:        importedMembers(mock),
			},
		},
	})
}

// importedMembers checks that an imported roster's contact_ids are the
// group's members, in any order.
func importedMembers(mock *acctest.Mock) resource.ImportStateCheckFunc {
	return func(states []*terraform.InstanceState) error {
		if len(states) != 1 {
			return fmt.Errorf("%d imported states, want 1", len(states))
		}
		g, err := mock.OnlyGroup()
		if err != nil {
			return err
		}
		var got []string
		for k, v := range states[0].Attributes {
			if strings.HasPrefix(k, "contact_ids.") && k != "contact_ids.#" {
				got = append(got, v)
			}
		}
		if want := acctest.SortedStrings(mock.GroupMembers(g.GroupID)); !slices.Equal(acctest.SortedStrings(got), want) {
			return fmt.Errorf("imported contact_ids %v, want the group's members %v", got, want)
		}
		return nil
	}
}

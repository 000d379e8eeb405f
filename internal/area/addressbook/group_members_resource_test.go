package addressbook_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
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
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("contact_ids"), knownvalue.SetSizeExact(2)),
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
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
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

package addressbook_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// checkMembers asserts the exact members of the mock's only group, by
// contact attention.
func checkMembers(m *acctest.Mock, want ...string) error {
	g, err := m.OnlyGroup()
	if err != nil {
		return err
	}
	var got []string
	for _, id := range m.GroupMembers(g.GroupID) {
		c, ok := m.Contact(id)
		if !ok {
			return fmt.Errorf("group holds unknown contact %s", id)
		}
		got = append(got, c.Attention)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("group members = %v, want %v", got, want)
	}
	return nil
}

func contactByAttention(m *acctest.Mock, name string) (mockapi.Contact, error) {
	for _, c := range m.Contacts() {
		if c.Attention == name {
			return c, nil
		}
	}
	return mockapi.Contact{}, fmt.Errorf("no contact %q in the mock", name)
}

func TestAccGroupMembershipResource_lifecycle(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupMembershipResourceLifecycle)
}

func testAccGroupMembershipResourceLifecycle(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "bestsms_group_membership.ann"
	config := mock.ProviderConfig() + `
resource "bestsms_group" "team" {
  name = "Team"
}
resource "bestsms_contact" "ann" {
  attention    = "Ann"
  mobile_phone = "0421 000 011"
}
resource "bestsms_group_membership" "ann" {
  group_id   = bestsms_group.team.id
  contact_id = bestsms_contact.ann.id
}
`
	importID := func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s not in state", addr)
		}
		return rs.Primary.Attributes["group_id"] + "/" + rs.Primary.Attributes["contact_id"], nil
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := mock.CheckNoGroups(s); err != nil {
				return err
			}
			return mock.CheckNoContacts(s)
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPair(addr, "group_id", "bestsms_group.team", "id"),
					resource.TestCheckResourceAttrPair(addr, "contact_id", "bestsms_contact.ann", "id"),
					func(s *terraform.State) error {
						want, _ := importID(s)
						if got := s.RootModule().Resources[addr].Primary.ID; got != want {
							return fmt.Errorf("id = %q, want %q", got, want)
						}
						return nil
					},
					acctest.CheckMock(func() error { return checkMembers(mock, "Ann") }),
				),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateIdFunc: importID,
				ImportStateVerify: true,
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importID,
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateKind:   resource.ImportBlockWithID,
				ImportStateIdFunc: importID,
				GenerateConfig:    true,
			},
			{ // non-authoritative: a member added elsewhere is left alone
				PreConfig: func() {
					g, err := mock.OnlyGroup()
					if err != nil {
						t.Fatal(err)
					}
					other := mock.PutContact(mockapi.Contact{Attention: "Bob", MobilePhone: "+61421000012"})
					if err := mock.AddMember(g.GroupID, other.ContactID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: acctest.CheckMock(func() error { return checkMembers(mock, "Ann", "Bob") }),
			},
			{ // membership removed behind Terraform's back → added again
				PreConfig: func() {
					g, _ := mock.OnlyGroup()
					ann, err := contactByAttention(mock, "Ann")
					if err != nil {
						t.Fatal(err)
					}
					mock.RemoveMember(g.GroupID, ann.ContactID)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				Check: acctest.CheckMock(func() error { return checkMembers(mock, "Ann", "Bob") }),
			},
			{ // contact deleted behind Terraform's back → contact and membership re-created
				PreConfig: func() {
					ann, err := contactByAttention(mock, "Ann")
					if err != nil {
						t.Fatal(err)
					}
					mock.DeleteContact(ann.ContactID)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("bestsms_contact.ann", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
					},
				},
				Check: acctest.CheckMock(func() error { return checkMembers(mock, "Ann", "Bob") }),
			},
			{ // remove the out-of-band contact so destroy leaves an empty mock
				PreConfig: func() {
					bob, err := contactByAttention(mock, "Bob")
					if err != nil {
						t.Fatal(err)
					}
					mock.DeleteContact(bob.ContactID)
				},
				Config: config,
				Check:  acctest.CheckMock(func() error { return checkMembers(mock, "Ann") }),
			},
		},
	})
}

func TestAccGroupMembershipResource_destroyLeavesOthers(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupMembershipResourceDestroyLeavesOthers)
}

func testAccGroupMembershipResourceDestroyLeavesOthers(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	base := mock.ProviderConfig() + `
resource "bestsms_group" "team" {
  name = "Team"
}
resource "bestsms_contact" "ann" {
  attention = "Ann"
}
resource "bestsms_contact" "bob" {
  attention = "Bob"
}
resource "bestsms_group_membership" "bob" {
  group_id   = bestsms_group.team.id
  contact_id = bestsms_contact.bob.id
}
`
	withAnn := base + `
resource "bestsms_group_membership" "ann" {
  group_id   = bestsms_group.team.id
  contact_id = bestsms_contact.ann.id
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{Config: withAnn, Check: acctest.CheckMock(func() error { return checkMembers(mock, "Ann", "Bob") })},
			{
				Config: base,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("bestsms_group_membership.ann", plancheck.ResourceActionDestroy)},
				},
				Check: acctest.CheckMock(func() error {
					if _, err := contactByAttention(mock, "Ann"); err != nil {
						return fmt.Errorf("removing the membership must keep the contact: %w", err)
					}
					return checkMembers(mock, "Bob")
				}),
			},
		},
	})
}

func TestAccGroupMembershipResource_badImportID(t *testing.T) {
	mock := acctest.NewMock(t)
	const g, c = "4000000b-f002-4007-b00a-c00000000001", "17f2b37e-4706-41c8-8dcb-de90e24c2447"
	for _, id := range []string{"only-one-part", "a/b/c", "/" + c, g + "/", "Web_On_Call/" + c, g + "/" + c + "/x"} {
		t.Run(id, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: mock.ProviderConfig() + `
resource "bestsms_group_membership" "m" {
  group_id   = "` + g + `"
  contact_id = "` + c + `"
}
`,
					ResourceName:  "bestsms_group_membership.m",
					ImportState:   true,
					ImportStateId: id,
					ExpectError:   regexp.MustCompile(`(?s)Invalid Import ID.*expected\s+<group_id>/<contact_id>`),
				}},
			})
		})
	}
}

// A membership that exists already belongs to someone else: declaring it
// fails with the import hint and leaves it alone; an import block adopts it.
func TestAccGroupMembershipResource_existingIsNotAdopted(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupMembershipResourceExistingIsNotAdopted)
}

func testAccGroupMembershipResourceExistingIsNotAdopted(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	g := mock.PutGroup(mockapi.Group{GroupName: "Web On Call", GroupCode: "Web_On_Call"})
	ann := mock.PutContact(mockapi.Contact{Attention: "Ann", MobilePhone: "+61421000021"})
	if err := mock.AddMember(g.GroupID, ann.ContactID); err != nil {
		t.Fatal(err)
	}
	id := g.GroupID + "/" + ann.ContactID
	membership := func(groupID string) string {
		return fmt.Sprintf(`
resource "bestsms_group_membership" "ann" {
  group_id   = %q
  contact_id = %q
}
`, groupID, ann.ContactID)
	}
	stillMember := func() error {
		if !slices.Contains(mock.GroupMembers(g.GroupID), ann.ContactID) {
			return fmt.Errorf("the existing membership was removed")
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{ // a group code where the id belongs fails at plan, before any request
				PreConfig:   mock.ResetStats,
				Config:      mock.ProviderConfig() + membership("Web_On_Call"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Group ID.*"Web_On_Call" is not a group id.*bestsms_group.<name>.id`),
			},
			{
				PreConfig: func() {
					if n := mock.Stats().Total; n != 0 {
						t.Errorf("a group code in group_id reached the API: %d requests", n)
					}
				},
				Config: mock.ProviderConfig() + membership(g.GroupID),
				ExpectError: regexp.MustCompile(`(?s)Group Membership Already Exists.*is already a member.*import it with the id\s+"` +
					regexp.QuoteMeta(id) + `"`),
			},
			{ // adopted with an import block; the failed apply left the membership alone
				PreConfig: func() {
					if err := stillMember(); err != nil {
						t.Fatal(err)
					}
				},
				Config: mock.ProviderConfig() + membership(g.GroupID) + fmt.Sprintf(`
import {
  to = bestsms_group_membership.ann
  id = %q
}
`, id),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("bestsms_group_membership.ann", plancheck.ResourceActionNoop)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("bestsms_group_membership.ann", "id", id),
					acctest.CheckMock(stillMember),
				),
			},
		},
		// Imported, it is ours: destroy removes it.
		CheckDestroy: func(*terraform.State) error {
			if slices.Contains(mock.GroupMembers(g.GroupID), ann.ContactID) {
				return fmt.Errorf("destroy left the adopted membership")
			}
			return nil
		},
	})
}

// An add whose outcome is unknown (HTTP 500 after the API made the
// membership) is replayed by the client and the membership adopted: it is
// this resource's own.
func TestAccGroupMembershipResource_adoptsItsOwnUnknownOutcome(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupMembershipResourceAdoptsItsOwnUnknownOutcome)
}

func testAccGroupMembershipResourceAdoptsItsOwnUnknownOutcome(t *testing.T, v acctest.APIVersion) {
	var failed atomic.Bool
	mock := v.NewMockWrapped(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			add := r.Method == http.MethodPost || r.Method == http.MethodPatch // v2 POSTs an add, v3 PATCHes it
			if add && strings.HasSuffix(r.URL.Path, "/group") && failed.CompareAndSwap(false, true) {
				next.ServeHTTP(httptest.NewRecorder(), r) // the API acts...
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(`{"Result":"Failed","ErrorMessage":["Error occurred while creating job"]}`)) // ...and answers 500
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{{
			Config: mock.ProviderConfig() + `
resource "bestsms_group" "team" {
  name = "Team"
}
resource "bestsms_contact" "ann" {
  attention = "Ann"
}
resource "bestsms_group_membership" "ann" {
  group_id   = bestsms_group.team.id
  contact_id = bestsms_contact.ann.id
}
`,
			Check: acctest.CheckMock(func() error {
				if !failed.Load() {
					return fmt.Errorf("the add was never answered 500; the test did not exercise the unknown outcome")
				}
				return checkMembers(mock, "Ann")
			}),
		}},
	})
}

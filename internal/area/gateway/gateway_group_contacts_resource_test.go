package gateway_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// groupContactsConfig is a bestsms_gateway_group_contacts "oncall" of group
// "on-call" holding phones (HCL list elements).
func groupContactsConfig(m *acctest.Mock, phones string) string {
	return m.GatewayProviderConfig() + fmt.Sprintf(`
resource "bestsms_gateway_group_contacts" "oncall" {
  group_name = "on-call"
  phones     = [%s]
}
`, phones)
}

// contactID returns the mock's contact_id of a number in a group, or 0.
func contactID(m *acctest.Mock, group, phone string) int {
	for _, c := range m.GatewayContacts() {
		if c.GroupName == group && c.Phone == phone {
			return c.ID
		}
	}
	return 0
}

func TestAccGatewayGroupContacts(t *testing.T) {
	mock := acctest.NewMock(t)
	// The same number in another group is not the roster's.
	mock.PutGatewayContact(mockapi.GatewayContact{Phone: "61421000002", FirstName: "Keep", GroupName: "office"})
	addr := "bestsms_gateway_group_contacts.oncall"
	var firstID int
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := acctest.ExpectGroup(mock, "on-call")(s); err != nil {
				return err
			}
			return acctest.ExpectGroup(mock, "office", "61421000002 Keep")(s)
		},
		Steps: []resource.TestStep{
			{
				Config: groupContactsConfig(mock, `"+61421000001", "0421 000 002"`),
				Check: resource.ComposeTestCheckFunc(
					acctest.ExpectGroup(mock, "on-call", "61421000001", "61421000002"),
					func(*terraform.State) error { firstID = contactID(mock, "on-call", "61421000001"); return nil },
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("on-call")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("phones"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("+61421000001"), knownvalue.StringExact("0421 000 002"),
					})),
				},
			},
			{
				// Respelling plans nothing.
				Config:           groupContactsConfig(mock, `"+61 421 000 001", "+61421000002"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Only the difference changes: 0001 keeps its contact_id.
				Config: groupContactsConfig(mock, `"+61421000001", "+61421000003"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					acctest.ExpectGroup(mock, "on-call", "61421000001", "61421000003"),
					func(*terraform.State) error {
						if id := contactID(mock, "on-call", "61421000001"); id != firstID {
							return fmt.Errorf("+61421000001 has contact_id %d, was %d: it was removed and added again", id, firstID)
						}
						return nil
					},
				),
			},
			{
				// A number added behind Terraform's back shows as drift…
				PreConfig: func() {
					mock.PutGatewayContact(mockapi.GatewayContact{Phone: "61421000009", GroupName: "on-call"})
				},
				Config:             groupContactsConfig(mock, `"+61421000001", "+61421000003"`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// …and is removed by the next apply.
				Config: groupContactsConfig(mock, `"+61421000001", "+61421000003"`),
				Check:  acctest.ExpectGroup(mock, "on-call", "61421000001", "61421000003"),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     "on-call",
				ImportStateVerify: true,
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}

func TestAccGatewayGroupContacts_checks(t *testing.T) {
	mock := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      groupContactsConfig(mock, `"+61421000001", "0421 000 001"`),
				ExpectError: regexp.MustCompile(`(?s)Duplicate Phone Number.*both \+61421000001`),
			},
			{
				Config:      groupContactsConfig(mock, `"0808 668 9567"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Phone Number`),
			},
			{
				Config:        groupContactsConfig(mock, `"+61421000001"`),
				ResourceName:  "bestsms_gateway_group_contacts.oncall",
				ImportState:   true,
				ImportStateId: "nobody",
				ExpectError:   regexp.MustCompile(`(?s)Gateway Group Not Found.*"nobody"`),
			},
		},
	})
	if n := mock.Stats().Routes["POST api_v1/save_contacts"]; n != 0 {
		t.Errorf("save_contacts was called %d times, want 0", n)
	}
}

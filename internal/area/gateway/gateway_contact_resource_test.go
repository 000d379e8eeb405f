package gateway_test

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// gatewayContactConfig is one bestsms_gateway_contact "ada"; body goes
// inside the resource block.
func gatewayContactConfig(m *acctest.Mock, body string) string {
	return m.GatewayProviderConfig(`default_country = "NG"`) + "resource \"bestsms_gateway_contact\" \"ada\" {\n" + body + "\n}\n"
}

// onlyGatewayContact returns the mock's single gateway contact.
func onlyGatewayContact(m *acctest.Mock) (mockapi.GatewayContact, error) {
	cs := m.GatewayContacts()
	if len(cs) != 1 {
		return mockapi.GatewayContact{}, fmt.Errorf("mock holds %d gateway contacts, want 1: %+v", len(cs), cs)
	}
	return cs[0], nil
}

// expectAda checks that the mock's single gateway contact is Ada (first
// name) with phone, last name and group, and that the state's id of
// bestsms_gateway_contact.ada is its contact_id.
func expectAda(m *acctest.Mock, phone, last, group string) resource.TestCheckFunc {
	const first = "Ada"
	return func(s *terraform.State) error {
		c, err := onlyGatewayContact(m)
		if err != nil {
			return err
		}
		if c.Phone != phone || c.FirstName != first || c.LastName != last || c.GroupName != group {
			return fmt.Errorf("mock contact = %q %q %q in %q, want %q %q %q in %q", c.Phone, c.FirstName, c.LastName,
				c.GroupName, phone, first, last, group)
		}
		if id := s.RootModule().Resources["bestsms_gateway_contact.ada"].Primary.ID; id != strconv.Itoa(c.ID) {
			return fmt.Errorf("state id %q, mock contact_id %d", id, c.ID)
		}
		return nil
	}
}

func TestAccGatewayContact_lifecycle(t *testing.T) {
	mock := acctest.NewMock(t)
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	sameID := statecheck.CompareValue(compare.ValuesSame())
	addr := "bestsms_gateway_contact.ada"
	// ada is Ada (last name optional) in group staff, default_country NG.
	ada := func(phone, lastName string) string {
		body := fmt.Sprintf("phone      = %q\nfirst_name = \"Ada\"\ngroup_name = \"staff\"", phone)
		if lastName != "" {
			body += fmt.Sprintf("\nlast_name  = %q", lastName)
		}
		return gatewayContactConfig(mock, body)
	}
	plans := func(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}}
	}
	mockContact := func(change func(c mockapi.GatewayContact)) func() {
		return func() {
			c, err := onlyGatewayContact(mock)
			if err != nil {
				t.Fatal(err)
			}
			change(c)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGatewayContacts,
		Steps: []resource.TestStep{
			{
				// A national number of default_country NG is sent in
				// international form; the state keeps the spelling.
				Config: ada("0808 668 9567", ""),
				Check:  expectAda(mock, "2348086689567", "", "staff"),
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, tfjsonpath.New("id")),
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("phone"), knownvalue.StringExact("0808 668 9567")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.Null()),
				},
			},
			{
				// Another spelling of the same number plans nothing.
				Config:            ada("+234 808 668 9567", ""),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
			},
			{
				// Any change replaces: api_v1 has no update.
				Config:           ada("+234 808 668 9567", "Obi"),
				ConfigPlanChecks: plans(plancheck.ResourceActionDestroyBeforeCreate),
				Check:            expectAda(mock, "2348086689567", "Obi", "staff"),
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("phone"), knownvalue.StringExact("+234 808 668 9567")),
				},
			},
			{
				// Another number replaces too.
				Config:            ada("08086689568", "Obi"),
				ConfigPlanChecks:  plans(plancheck.ResourceActionDestroyBeforeCreate),
				Check:             expectAda(mock, "2348086689568", "Obi", "staff"),
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(addr, tfjsonpath.New("id"))},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
				// The import reads the number as the gateway stores it.
				ImportStateVerifyIgnore: []string{"phone"},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// Drift: a name changed behind Terraform's back plans a replacement.
				PreConfig: mockContact(func(c mockapi.GatewayContact) {
					c.FirstName = "Eve"
					mock.PutGatewayContact(c)
				}),
				Config:           ada("08086689568", "Obi"),
				ConfigPlanChecks: plans(plancheck.ResourceActionDestroyBeforeCreate),
				Check:            expectAda(mock, "2348086689568", "Obi", "staff"),
			},
			{
				// Drift: deleted behind Terraform's back, created again.
				PreConfig:        mockContact(func(c mockapi.GatewayContact) { mock.DeleteGatewayContact(c.ID) }),
				Config:           ada("08086689568", "Obi"),
				ConfigPlanChecks: plans(plancheck.ResourceActionCreate),
				Check:            expectAda(mock, "2348086689568", "Obi", "staff"),
			},
		},
	})
}

func TestAccGatewayContact_refusesToGuess(t *testing.T) {
	// A contact that exists already is not taken over.
	mock := acctest.NewMock(t)
	existing := mock.PutGatewayContact(mockapi.GatewayContact{Phone: "2348086689567", FirstName: "Old", GroupName: "staff"})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: gatewayContactConfig(mock, `phone = "+2348086689567"
group_name = "staff"`),
				ExpectError: regexp.MustCompile(`(?s)Gateway Contact Already Exists.*contact_id ` + strconv.Itoa(existing.ID) + `.*import`),
			},
		},
	})
	if cs := mock.GatewayContacts(); len(cs) != 1 || cs[0].FirstName != "Old" {
		t.Errorf("the existing contact changed: %+v", cs)
	}
	if n := mock.Stats().Routes["POST api_v1/save_contacts"]; n != 0 {
		t.Errorf("save_contacts was called %d times, want 0", n)
	}
}

func TestAccGatewayContact_ambiguous(t *testing.T) {
	// A gateway that keeps duplicates: after the save, the group holds two
	// contacts of the number, so the new one cannot be told apart.
	var mock *acctest.Mock
	mock = acctest.NewMockWrapped(t, acctest.OnGatewayAction("save_contacts", func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		next.ServeHTTP(w, r)
		mock.PutGatewayContact(mockapi.GatewayContact{Phone: "2348086689567", GroupName: "staff"})
	}))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: gatewayContactConfig(mock, `phone = "+2348086689567"
group_name = "staff"`),
			ExpectError: regexp.MustCompile(`(?s)Ambiguous Gateway Contact.*2 contacts with\s+that\s+number\s+\(contact_id 1, 2\)`),
		}},
	})
}

func TestAccGatewayContact_unknownOutcomeLooksItUp(t *testing.T) {
	// The gateway saves the contact, and its answer is lost (HTTP 502): the
	// provider does not save again but finds the contact it made.
	mock := acctest.NewMockWrapped(t, acctest.OnGatewayAction("save_contacts", acctest.ActThenFail))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGatewayContacts,
		Steps: []resource.TestStep{{
			Config: gatewayContactConfig(mock, `phone = "+2348086689567"
first_name = "Ada"`),
			Check: expectAda(mock, "2348086689567", "", "default"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("bestsms_gateway_contact.ada", tfjsonpath.New("group_name"), knownvalue.StringExact("default")),
			},
		}},
	})
	if n := mock.Stats().Routes["POST api_v1/save_contacts"]; n != 1 {
		t.Errorf("save_contacts was sent %d times, want exactly 1", n)
	}
}

func TestAccGatewayContact_planTimeChecks(t *testing.T) {
	mock := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// AU is the default country: this NG national number is not valid there.
				Config:      mock.GatewayProviderConfig() + `resource "bestsms_gateway_contact" "x" { phone = "0808 668 9567" }`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Phone Number.*0808 668 9567`),
			},
			{
				Config: mock.GatewayProviderConfig() + `resource "bestsms_gateway_contact" "x" {
  phone      = "+61421000001"
  group_name = "a,b"
}`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Gateway Group Name.*comma`),
			},
			{
				Config: mock.GatewayProviderConfig() + `resource "bestsms_gateway_contact" "x" {
  phone      = "+61421000001"
  first_name = " Ada"
}`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Gateway Contact Name.*spaces around it`),
			},
			{
				Config:      mock.GatewayProviderConfig() + `resource "bestsms_gateway_contact" "x" { phone = "+61421000001" }`,
				ImportState: true, ResourceName: "bestsms_gateway_contact.x", ImportStateId: "abc",
				ExpectError: regexp.MustCompile(`(?s)Invalid Gateway Contact ID.*"abc" is not an api_v1 id`),
			},
		},
	})
	if got := slices.Collect(maps.Keys(mock.Stats().Routes)); len(got) != 0 {
		t.Errorf("plan-time checks reached the mock: %v", got)
	}
}

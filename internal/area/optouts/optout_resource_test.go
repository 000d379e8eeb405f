package optouts_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// checkNoOptOuts is a CheckDestroy asking the mock.
func checkNoOptOuts(mock *acctest.Mock) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := len(mock.OptOuts()); n != 0 {
			return fmt.Errorf("mock still holds %d opt-outs after destroy", n)
		}
		return nil
	}
}

// onlyOptOut returns the mock's single opt-out.
func onlyOptOut(mock *acctest.Mock) (mockapi.OptOut, error) {
	all := mock.OptOuts()
	if len(all) != 1 {
		return mockapi.OptOut{}, fmt.Errorf("mock holds %d opt-outs, want 1", len(all))
	}
	return all[0], nil
}

// An opt-out for a number: created (the mock answers Text for SMS and keeps
// E.164), other spellings of the type and the number plan nothing, notes
// and stop_message change in place, drift is corrected, an entry deleted
// outside Terraform is created again, a new scope replaces it, import by
// id (command and block) plans clean.
func TestAccOptOutResource_lifecycle(t *testing.T) {
	mock := acctest.V300.NewMock(t)
	const addr = "bestsms_optout.pager"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(destType, destination, extra string) string {
		return mock.ProviderConfig() + fmt.Sprintf(`
resource "bestsms_optout" "pager" {
  dest_type   = %q
  destination = %q
  %s
}
`, destType, destination, extra)
	}
	mockHas := func(check func(o mockapi.OptOut) bool, want string) resource.TestCheckFunc {
		return acctest.CheckMock(func() error {
			o, err := onlyOptOut(mock)
			if err != nil {
				return err
			}
			if !check(o) {
				return fmt.Errorf("mock opt-out = %+v; want %s", o, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoOptOuts(mock),
		Steps: []resource.TestStep{
			{
				Config: config("SMS", "0421 000 009", `notes = "asked by phone"`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(framework.UUIDPattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("dest_type"), knownvalue.StringExact("SMS")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("destination"), knownvalue.StringExact("0421 000 009")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("notes"), knownvalue.StringExact("asked by phone")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("stop_message"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("original_message"), knownvalue.Null()),
				},
				Check: mockHas(func(o mockapi.OptOut) bool {
					return o.DestType == "SMS" && o.Destination == "+61421000009" && o.Notes == "asked by phone" && o.SubAccount == ""
				}, "SMS +61421000009 with the notes, for every sub-account"),
			},
			{ // the API's other name of the type, and another spelling of the number: nothing to do
				Config:           config("Text", "+61 421 000 009", `notes = "asked by phone"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ // notes and stop_message change in place
				Config: config("SMS", "0421 000 009", "notes = \"confirmed in writing\"\nstop_message = \"STOP\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated"), knownvalue.NotNull()),
				},
				Check: mockHas(func(o mockapi.OptOut) bool {
					return o.Notes == "confirmed in writing" && o.StopMessage == "STOP" && !o.Updated.IsZero()
				}, "the new notes and stop message"),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"destination"}},
			{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			{ // drift: notes changed outside Terraform are changed back
				PreConfig: func() {
					o, err := onlyOptOut(mock)
					if err != nil {
						t.Fatal(err)
					}
					o.Notes = "edited in the dashboard"
					if _, err := mock.PutOptOut(o); err != nil {
						t.Fatal(err)
					}
				},
				Config: config("SMS", "0421 000 009", "notes = \"confirmed in writing\"\nstop_message = \"STOP\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check:             mockHas(func(o mockapi.OptOut) bool { return o.Notes == "confirmed in writing" }, "the configured notes"),
			},
			{ // deleted outside Terraform: created again
				PreConfig: func() {
					o, err := onlyOptOut(mock)
					if err != nil {
						t.Fatal(err)
					}
					mock.DeleteOptOut(o.ID)
				},
				Config: config("SMS", "0421 000 009", "notes = \"confirmed in writing\"\nstop_message = \"STOP\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				Check: mockHas(func(o mockapi.OptOut) bool { return o.Destination == "+61421000009" && o.StopMessage == "STOP" }, "the entry again"),
			},
			{ // a scope of its own replaces the entry
				Config: config("SMS", "0421 000 009", "notes = \"confirmed in writing\"\nstop_message = \"STOP\"\nsub_account = \"Sales\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: mockHas(func(o mockapi.OptOut) bool { return o.SubAccount == "Sales" }, "sub-account Sales"),
			},
			{ // another number replaces it too
				Config: config("SMS", "0421 000 010", "notes = \"confirmed in writing\"\nstop_message = \"STOP\"\nsub_account = \"Sales\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: mockHas(func(o mockapi.OptOut) bool { return o.Destination == "+61421000010" }, "+61421000010"),
			},
		},
	})
}

// An e-mail opt-out, and one for an address-book contact: each kind of
// destination reaches the API as itself; an address in another case plans
// nothing.
func TestAccOptOutResource_emailAndContact(t *testing.T) {
	mock := acctest.V300.NewMock(t)
	config := func(email string) string {
		return mock.ProviderConfig() + fmt.Sprintf(`
resource "bestsms_contact" "ann" {
  attention    = "Ann"
  mobile_phone = "0421 000 021"
}

resource "bestsms_optout" "ann_sms" {
  dest_type  = "SMS"
  contact_id = bestsms_contact.ann.id
}

resource "bestsms_optout" "newsletter" {
  dest_type   = "Email"
  destination = %q
  department  = "Marketing"
}
`, email)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoOptOuts(mock),
		Steps: []resource.TestStep{
			{
				Config: config("ann@example.com"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("bestsms_optout.ann_sms", tfjsonpath.New("contact_id"),
						"bestsms_contact.ann", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("bestsms_optout.ann_sms", tfjsonpath.New("destination"), knownvalue.Null()),
				},
				Check: acctest.CheckMock(func() error {
					var got []string
					for _, o := range mock.OptOuts() {
						got = append(got, fmt.Sprintf("%s %s %s %t", o.DestType, o.Destination, o.Department, o.ContactID != ""))
					}
					want := []string{"SMS   true", "Email ann@example.com Marketing false"}
					if fmt.Sprint(acctest.SortedStrings(got)) != fmt.Sprint(acctest.SortedStrings(want)) {
						return fmt.Errorf("mock opt-outs %q, want %q", got, want)
					}
					return nil
				}),
			},
			{
				Config:           config("ANN@Example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Bad input fails at plan on its attribute, before any request.
func TestAccOptOutResource_badInput(t *testing.T) {
	mock := acctest.NewMock(t)
	mock.APIVersion = "v3.00"
	optOut := func(body string) string {
		return mock.ProviderConfig() + "resource \"bestsms_optout\" \"bad\" {\n" + body + "\n}\n"
	}
	step := func(body string, want *regexp.Regexp) resource.TestStep {
		return resource.TestStep{Config: optOut(body), PlanOnly: true, ExpectError: want}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			step(`dest_type = "SMS"`, acctest.Wrapped("Missing Attribute Configuration", "Exactly one of these attributes must be configured: [destination,contact_id]")),
			step("dest_type = \"SMS\"\ndestination = \"+61421000009\"\ncontact_id = \"4000000b-f002-4007-b00a-c00000000001\"",
				acctest.Wrapped("Invalid Attribute Combination", "destination", "contact_id")),
			step("dest_type = \"Pager\"\ndestination = \"+61421000009\"", acctest.Wrapped("dest_type", "SMS", "Email", "Voice", "Fax", "Text", "Speech")),
			step("dest_type = \"Email\"\ndestination = \"+61421000009\"", acctest.Wrapped("Invalid Opt-Out Destination", "an Email opt-out's destination is an e-mail address")),
			step("dest_type = \"SMS\"\ndestination = \"ann@example.com\"", acctest.Wrapped("Invalid Opt-Out Destination", "an SMS opt-out's destination is a phone number")),
			step("dest_type = \"Voice\"\ndestination = \"021 555 123\"", acctest.Wrapped("Invalid Phone Number", "021 555 123")),
			step("dest_type = \"SMS\"\ncontact_id = \"Ann Lee\"", acctest.Wrapped("Invalid Contact ID", `"Ann Lee" is not a contact id`)),
		},
	})
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("bad input reached the API: %d requests", n)
	}
}

// The opt-out register is v3.00's: every opt-out kind fails at plan on
// v2.0x, naming it and api_version; the mock is untouched.
func TestAccOptOuts_refusedOnV2(t *testing.T) {
	mock := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.ProviderConfig() + "resource \"bestsms_optout\" \"x\" {\n  dest_type = \"SMS\"\n  destination = \"+61421000009\"\n}\n",
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Not Supported By API Version v2.04", `bestsms_optout cannot be used with api_version = "v2.04"`, "set the provider's api_version", "v3.00"),
			},
			{
				Config:      mock.ProviderConfig() + `data "bestsms_optouts" "all" {}`,
				ExpectError: acctest.Wrapped("Not Supported By API Version v2.04", `data.bestsms_optouts cannot be used with api_version = "v2.04"`),
			},
		},
	})
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("refused opt-out kinds reached the API: %d requests", n)
	}
}

// Import by identity (Terraform 1.12 and later).
func TestAccOptOutResource_identity(t *testing.T) {
	mock := acctest.V300.NewMock(t)
	config := mock.ProviderConfig() + `
resource "bestsms_optout" "pager" {
  dest_type    = "Voice"
  destination  = "+61390000001"
  stop_message = "no more calls"
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:             checkNoOptOuts(mock),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState("bestsms_optout.pager", tfjsonpath.New("id")),
				},
			},
			{Config: config, ResourceName: "bestsms_optout.pager", ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{
				Config: config, ResourceName: "bestsms_optout.pager", ImportState: true, ImportStateId: "+61390000001",
				ExpectError: acctest.Wrapped("Invalid Import ID", `"+61390000001" is not an opt-out id`),
			},
		},
	})
}

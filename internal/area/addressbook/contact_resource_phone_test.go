package addressbook_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestAccContactResource_phoneRules(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactResourcePhoneRules)
}

func testAccContactResourcePhoneRules(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	contact := func(body string) string {
		return mock.ProviderConfig(`default_country = "AU"`) + "resource \"bestsms_contact\" \"x\" {\n  attention = \"X\"\n" + body + "}\n"
	}
	var steps []resource.TestStep
	for _, n := range acctest.BadAUNumbers {
		if v != acctest.V204 {
			break // plan-time rules, the same on every version: checked once
		}
		steps = append(steps, resource.TestStep{
			Config:   contact(fmt.Sprintf("  mobile_phone = %q\n", n)),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)Invalid Phone Number.*mobile_phone = ` + regexp.QuoteMeta(fmt.Sprintf("%q", n)) +
				`.*not a valid.*AU`),
		})
	}
	const addr = "bestsms_contact.x"
	// The fifth number: direct_phone on v2, alt_phone3 (v3 only) on v3.
	fifth, stored := "direct_phone", func(c mockapi.Contact) string { return c.DirectPhone }
	if v == acctest.V300 {
		fifth, stored = "alt_phone3", func(c mockapi.Contact) string { return c.AltPhone3 }
	}
	steps = append(steps, resource.TestStep{
		Config: contact(`
  mobile_phone = "0421 000 001"
  main_phone   = "02 9876 5432"
  alt_phone1   = "+64 21 555 1234"
  alt_phone2   = "+1 650 253 0000"
  ` + fifth + ` = "+44 7700 900123" # a warning: not known as valid, used as written
`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("mobile_phone"), knownvalue.StringExact("0421 000 001")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New(fifth), knownvalue.StringExact("+44 7700 900123")),
		},
		Check: acctest.CheckMock(func() error {
			c, err := mock.OnlyContact()
			if err != nil {
				return err
			}
			got := [5]string{c.MobilePhone, c.MainPhone, c.AltPhone1, c.AltPhone2, stored(c)}
			want := [5]string{"+61421000001", "+61298765432", "+64215551234", "+16502530000", "+447700900123"}
			if got != want {
				return fmt.Errorf("mock numbers %v, want %v", got, want)
			}
			return nil
		}),
	})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps:                    steps,
	})
}

// A national number is read in default_country on every plan: a number the
// API holds wrongly (+6121555123, what 021 555 123 became in AU) is drift,
// and moving default_country re-reads the configured numbers.
func TestAccContactResource_nationalNumbersReadInDefaultCountry(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactResourceNationalNumbersReadInDefaultCountry)
}

func testAccContactResourceNationalNumbersReadInDefaultCountry(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "bestsms_contact.kiri"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(region string) string {
		return mock.ProviderConfig(fmt.Sprintf("default_country = %q", region)) + `
resource "bestsms_contact" "kiri" {
  attention    = "Kiri"
  mobile_phone = "021 555 123"
}
`
	}
	mobileIs := func(want string) resource.TestCheckFunc {
		return acctest.CheckMock(func() error {
			c, err := mock.OnlyContact()
			if err != nil {
				return err
			}
			if c.MobilePhone != want {
				return fmt.Errorf("mock mobile = %q, want %q", c.MobilePhone, want)
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{
				Config:            config("NZ"),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check:             mobileIs("+6421555123"),
			},
			{ // the API holds the number an AU reading made of it
				PreConfig: func() {
					c, err := mock.OnlyContact()
					if err != nil {
						t.Fatal(err)
					}
					c.MobilePhone = "+6121555123"
					mock.PutContact(c)
				},
				Config: config("NZ"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("mobile_phone"), knownvalue.StringExact("021 555 123")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("mobile_phone"), knownvalue.StringExact("021 555 123")),
				},
				Check: mobileIs("+6421555123"),
			},
			{ // converged: no changes
				Config:   config("NZ"),
				PlanOnly: true,
			},
			{ // the same configuration read in AU is no valid number
				Config:      config("AU"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Phone Number.*"021 555 123" is not a valid phone\s+number in AU`),
			},
		},
	})
}

// planResource runs PlanResourceChange for a new resource of type typ with
// config (map form, see value) and returns the diagnostics.
func planResource(h *acctest.ActionHarness, typ string, config map[string]any) []*tfprotov6.Diagnostic {
	h.T.Helper()
	s, ok := h.Schemas.ResourceSchemas[typ]
	if !ok {
		h.T.Fatalf("no resource schema %q", typ)
	}
	obj := s.ValueType()
	cfg := h.Dynamic(obj, config)
	resp, err := h.Srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName:         typ,
		PriorState:       h.Dynamic(obj, nil),
		ProposedNewState: cfg,
		Config:           cfg,
	})
	if err != nil {
		h.T.Fatal(err)
	}
	return resp.Diagnostics
}

// Terraform's test framework cannot see warnings, so the warning for a
// number libphonenumber does not know is checked at the protocol level.
func TestContactPlan_phoneWarningsAndErrors(t *testing.T) {
	h := acctest.NewActionHarness(t, acctest.NewMock(t), map[string]any{"default_country": "AU"})
	mobile := tftypes.NewAttributePath().WithAttributeName("mobile_phone").String()

	diags := planResource(h, "bestsms_contact", map[string]any{"attention": "X", "mobile_phone": "+44 7700 900123"})
	acctest.RequireNoErrorDiags(t, "plan", diags)
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning || diags[0].Attribute.String() != mobile ||
		!strings.Contains(diags[0].Detail, "+447700900123") || !strings.Contains(diags[0].Detail, "used as written") {
		t.Errorf("want one warning on mobile_phone naming +447700900123, got:\n%s", acctest.DiagsText(diags))
	}

	for _, n := range acctest.BadAUNumbers {
		diags := planResource(h, "bestsms_contact", map[string]any{"attention": "X", "mobile_phone": n})
		if len(diags) != 1 {
			t.Errorf("%q: want exactly one diagnostic, got:\n%s", n, acctest.DiagsText(diags))
		}
		acctest.ExpectErrorAt(t, diags, mobile, "not a valid")
	}
	for _, n := range []string{"0421 000 001", "02 9876 5432", "+64 21 555 1234", "+1 650 253 0000"} {
		if diags := planResource(h, "bestsms_contact", map[string]any{"attention": "X", "mobile_phone": n}); len(diags) != 0 {
			t.Errorf("%q: want no diagnostics, got:\n%s", n, acctest.DiagsText(diags))
		}
	}
}

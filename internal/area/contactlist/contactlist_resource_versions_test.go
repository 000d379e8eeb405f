package contactlist_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// An entry setting an attribute the provider's api_version cannot carry
// fails at plan on that entry's attribute, naming it and api_version; the
// mock is untouched.
func TestContactListPlan_versionOnlyAttributes(t *testing.T) {
	for version, entry := range map[string]map[string]string{
		"v2.04": {"attention": "Ann", "notes": "VIP", "alt_phone3": "0421 000 013"},
		"v3.00": {"attention": "Ann", "direct_phone": "+61290000003"},
	} {
		t.Run(version, func(t *testing.T) {
			mock := acctest.NewMock(t)
			mock.APIVersion = version
			h := acctest.NewActionHarness(t, mock, nil)
			typ, ok := h.Schemas.ResourceSchemas["bestsms_contact_list"].ValueType().(tftypes.Object)
			if !ok {
				t.Fatal("no bestsms_contact_list schema")
			}
			cfg := listDynamic(t, typ, map[string]map[string]string{"ann": entry, "bob": {"attention": "Bob"}})
			resp, err := h.Srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
				TypeName: "bestsms_contact_list", PriorState: h.Dynamic(typ, nil), ProposedNewState: cfg, Config: cfg,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Diagnostics) != len(entry)-1 {
				t.Errorf("want an error per refused attribute, got:\n%s", acctest.DiagsText(resp.Diagnostics))
			}
			for name := range entry {
				if name == "attention" {
					continue
				}
				at := tftypes.NewAttributePath().WithAttributeName("contacts").WithElementKeyString("ann").WithElementKeyString(name)
				acctest.ExpectErrorAt(t, resp.Diagnostics, at.String(), fmt.Sprintf("%s cannot be used with api_version = %q", name, version))
			}
			if n := mock.Stats().Total; n != 0 {
				t.Errorf("planning reached the API: %d requests", n)
			}
		})
	}
}

// The v3.00 members' limits hold for list entries too, checked with every
// other check of an entry: one plan names each entry and attribute.
func TestContactListPlan_v3Limits(t *testing.T) {
	mock := acctest.NewMock(t)
	mock.APIVersion = "v3.00"
	h := acctest.NewActionHarness(t, mock, nil)
	typ, ok := h.Schemas.ResourceSchemas["bestsms_contact_list"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("no bestsms_contact_list schema")
	}
	cfg := listDynamic(t, typ, map[string]map[string]string{
		"ann": {"attention": "Ann", "ex_type": strings.Repeat("t", 21)},
		"bob": {"attention": "Bob", "access_control": "Open"},
		"cat": {"attention": "Cat", "ex_id": strings.Repeat("i", 100), "notes": strings.Repeat("n", 1000)},
	})
	resp, err := h.Srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "bestsms_contact_list", PriorState: h.Dynamic(typ, nil), ProposedNewState: cfg, Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 2 {
		t.Errorf("want 2 errors (ann's ex_type, bob's access_control; cat is at the limits), got:\n%s", acctest.DiagsText(resp.Diagnostics))
	}
	at := func(key, name string) string {
		return tftypes.NewAttributePath().WithAttributeName("contacts").WithElementKeyString(key).WithElementKeyString(name).String()
	}
	acctest.ExpectErrorAt(t, resp.Diagnostics, at("ann", "ex_type"), "length must be at most 20")
	acctest.ExpectErrorAt(t, resp.Diagnostics, at("bob", "access_control"), "Limited")
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("planning reached the API: %d requests", n)
	}
}

// On v3.00 entries carry the v3 members, and access_control, which the API
// defaults, is left alone unless an entry sets it: no drift.
func TestAccContactList_v3Attributes(t *testing.T) {
	mock := acctest.V300.NewMock(t)
	config := func(notes string) string {
		return mock.ProviderConfig() + fmt.Sprintf(`
resource "bestsms_contact_list" "staff" {
  contacts = {
    ann = { attention = "Ann", notes = %q, ex_id = "CRM-1", alt_phone3 = "0421 000 013" }
    bob = { attention = "Bob", access_control = "Granted" }
  }
}
`, notes)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{
				Config: config("VIP"),
				Check: acctest.CheckMock(func() error {
					byName := map[string]mockapi.Contact{}
					for _, c := range mock.Contacts() {
						byName[c.Attention] = c
					}
					ann, bob := byName["Ann"], byName["Bob"]
					if ann.Notes != "VIP" || ann.ExID != "CRM-1" || ann.AltPhone3 != "+61421000013" || bob.AccessControl != "Granted" {
						return fmt.Errorf("mock contacts: ann %+v, bob %+v", ann, bob)
					}
					return nil
				}),
			},
			{Config: config("VIP"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{Config: config("VIP since 2024"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{expectChangedEntries{"ann"}}}},
			{
				Config:      mock.ProviderConfig() + `resource "bestsms_contact_list" "staff" { contacts = { ann = { attention = "Ann", direct_phone = "+61290000003" } } }`,
				PlanOnly:    true,
				ExpectError: acctest.Wrapped(`direct_phone cannot be used with api_version = "v3.00"`),
			},
		},
	})
}

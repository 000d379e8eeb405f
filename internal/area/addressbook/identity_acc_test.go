package addressbook_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// Import by resource identity (Terraform ≥ 1.12; skipped on older ones):
// each step imports one resource of the first step into an empty state with
// an import block naming it by the identity Terraform stored, and requires
// a plan with nothing to change after the import and the same identity.

const identityConfig = `
resource "bestsms_contact" "ana" {
  first_name   = "Ana"
  last_name    = "Lima"
  mobile_phone = "0421 000 001"
}

resource "bestsms_group" "platform" {
  name = "Platform On Call"
}

resource "bestsms_group" "security" {
  name = "Security"
  %s
}

resource "bestsms_group_membership" "ana_platform" {
  group_id   = bestsms_group.platform.id
  contact_id = bestsms_contact.ana.id
}

resource "bestsms_group_members" "security" {
  group_id    = bestsms_group.security.id
  contact_ids = [bestsms_contact.ana.id]
}
`

func TestAccResourceIdentityImport(t *testing.T) {
	acctest.EachAPIVersion(t, testAccResourceIdentityImport)
}

func testAccResourceIdentityImport(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	code := `code = "SEC_IR"` // a code of our own: v2 only, v3 assigns it
	if v == acctest.V300 {
		code = ""
	}
	config := mock.ProviderConfig() + fmt.Sprintf(identityConfig, code)
	importStep := func(address string) resource.TestStep {
		return resource.TestStep{
			Config:          config,
			ResourceName:    address,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Requires(acctest.Identity)},
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("bestsms_contact.ana", map[string]knownvalue.Check{
						"id": knownvalue.StringRegexp(framework.UUIDPattern),
					}),
					statecheck.ExpectIdentityValueMatchesState("bestsms_contact.ana", tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesState("bestsms_group.platform", tfjsonpath.New("id")),
					statecheck.ExpectIdentityValueMatchesStateAtPath("bestsms_group_members.security",
						tfjsonpath.New("group_id"), tfjsonpath.New("group_id")),
					statecheck.ExpectIdentityValueMatchesState("bestsms_group_membership.ana_platform", tfjsonpath.New("group_id")),
					statecheck.ExpectIdentityValueMatchesState("bestsms_group_membership.ana_platform", tfjsonpath.New("contact_id")),
				},
			},
			importStep("bestsms_contact.ana"),
			importStep("bestsms_group.platform"),
			importStep("bestsms_group.security"),
			importStep("bestsms_group_membership.ana_platform"),
			importStep("bestsms_group_members.security"),
		},
	})
}

// TestAccResourceIdentityImportRejectsCodes: an identity names an object
// by its ids; a group code (which an import id string accepts) is refused
// with a diagnostic that says what to write instead.
func TestAccResourceIdentityImportRejectsCodes(t *testing.T) {
	mock := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Requires(acctest.Identity)},
		Steps: []resource.TestStep{
			{
				Config: mock.ProviderConfig() + `
resource "bestsms_group" "security" {
  name = "Security"
  code = "SEC_IR"
}

import {
  to       = bestsms_group.security
  identity = { id = "SEC_IR" }
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Import Identity.*not a group id.*id = "<code>"`),
			},
			{
				Config: mock.ProviderConfig() + `
resource "bestsms_group_membership" "m" {
  group_id   = "4000000b-f002-4007-b00a-c00000000001"
  contact_id = "17f2b37e-4706-41c8-8dcb-de90e24c2447"
}

import {
  to       = bestsms_group_membership.m
  identity = { group_id = "4000000b-f002-4007-b00a-c00000000001", contact_id = "Ana Lima" }
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Import Identity.*contact_id is "Ana Lima"`),
			},
		},
	})
}

// TestAccImportMissingObject: importing an id no object has says so, on any
// Terraform with import blocks (the identity the framework wants after a
// read must not turn it into an identity error).
func TestAccImportMissingObject(t *testing.T) {
	acctest.EachAPIVersion(t, testAccImportMissingObject)
}

func testAccImportMissingObject(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const missing = "4000000b-f002-4007-b00a-c0000000dead"
	step := func(typ, attrs, id string) resource.TestStep {
		return resource.TestStep{
			Config: mock.ProviderConfig() + `
resource "` + typ + `" "x" {
` + attrs + `
}

import {
  to = ` + typ + `.x
  id = "` + id + `"
}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Cannot import non-existent remote object`),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			step("bestsms_contact", `first_name = "Nobody"`, missing),
			step("bestsms_group", `name = "Nobody"`, missing),
			step("bestsms_group_membership", `group_id = "`+missing+`"
contact_id = "`+missing+`"`, missing+"/"+missing),
			step("bestsms_group_members", `group_id = "`+missing+`"
contact_ids = []`, missing),
		},
	})
}

package addressbook_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// terraform query with the list resources, through the real CLI
// (Terraform ≥ 1.14; skipped on older ones, which know no list blocks).
// The address book is put into the mock through its Go API, as if it had
// been made in the dashboard, not by Terraform.

// byID filters query results by an identity whose one attribute is id.
func byID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
}

func TestAccContactListQuery(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactListQuery)
}

func testAccContactListQuery(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	ana, bob, cleo, platform, _ := acctest.SeedAddressBook(mock)
	resource.ParallelTest(t, acctest.QueryTestCase(t, mock, `
list "bestsms_contact" "all" {
  provider         = bestsms
  include_resource = true
}

list "bestsms_contact" "by_mobile" {
  provider = bestsms
  config {
    mobile_phone = "0421 000 001"
  }
}

list "bestsms_contact" "by_email" {
  provider = bestsms
  config {
    email_address = "ORDERS@cleo.example"
  }
}

list "bestsms_contact" "on_call_named_stone" {
  provider = bestsms
  config {
    group_id      = "`+platform.GroupID+`"
    name_contains = "stone"
  }
}
`,
		querycheck.ExpectLength("bestsms_contact.all", 3),
		querycheck.ExpectIdentity("bestsms_contact.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(cleo.ContactID)}),
		querycheck.ExpectResourceDisplayName("bestsms_contact.all", byID(ana.ContactID), knownvalue.StringExact("Ana Lima (+61421000001)")),
		querycheck.ExpectResourceDisplayName("bestsms_contact.all", byID(bob.ContactID), knownvalue.StringExact("Bob Stone (+61421000002)")),
		querycheck.ExpectResourceKnownValues("bestsms_contact.all", byID(ana.ContactID), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("first_name"), KnownValue: knownvalue.StringExact("Ana")},
			{Path: tfjsonpath.New("mobile_phone"), KnownValue: knownvalue.StringExact("+61421000001")},
			{Path: tfjsonpath.New("email_address"), KnownValue: knownvalue.StringExact("Ana.Lima@example.com")},
			{Path: tfjsonpath.New("attention"), KnownValue: knownvalue.Null()},
			{Path: tfjsonpath.New("view_by"), KnownValue: knownvalue.StringExact("Account")},
		}),
		querycheck.ExpectLength("bestsms_contact.by_mobile", 1),
		querycheck.ExpectIdentity("bestsms_contact.by_mobile", map[string]knownvalue.Check{"id": knownvalue.StringExact(ana.ContactID)}),
		querycheck.ExpectLength("bestsms_contact.by_email", 1),
		querycheck.ExpectResourceDisplayName("bestsms_contact.by_email", nil, knownvalue.StringExact("Cleo's Catering (orders@cleo.example)")),
		querycheck.ExpectLength("bestsms_contact.on_call_named_stone", 1),
		querycheck.ExpectIdentity("bestsms_contact.on_call_named_stone", map[string]knownvalue.Check{"id": knownvalue.StringExact(bob.ContactID)}),
	))
}

func TestAccGroupListQuery(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupListQuery)
}

func testAccGroupListQuery(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	_, _, _, platform, security := acctest.SeedAddressBook(mock)
	resource.ParallelTest(t, acctest.QueryTestCase(t, mock, `
list "bestsms_group" "all" {
  provider         = bestsms
  include_resource = true
}

list "bestsms_group" "on_call" {
  provider = bestsms
  config {
    name_contains = "on call"
  }
}
`,
		querycheck.ExpectLength("bestsms_group.all", 2),
		querycheck.ExpectResourceDisplayName("bestsms_group.all", byID(security.GroupID), knownvalue.StringExact("Security (SEC_IR)")),
		querycheck.ExpectResourceKnownValues("bestsms_group.all", byID(security.GroupID), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Security")},
			{Path: tfjsonpath.New("code"), KnownValue: knownvalue.StringExact("SEC_IR")},
			{Path: tfjsonpath.New("sub_account"), KnownValue: knownvalue.Null()},
		}),
		querycheck.ExpectLength("bestsms_group.on_call", 1),
		querycheck.ExpectIdentity("bestsms_group.on_call", map[string]knownvalue.Check{"id": knownvalue.StringExact(platform.GroupID)}),
		querycheck.ExpectResourceDisplayName("bestsms_group.on_call", nil, knownvalue.StringExact("Platform On Call (Platform_On_Call)")),
	))
}

func TestAccGroupMembershipListQuery(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupMembershipListQuery)
}

func testAccGroupMembershipListQuery(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	ana, bob, cleo, platform, security := acctest.SeedAddressBook(mock)
	if err := mock.AddMember(security.GroupID, cleo.ContactID); err != nil {
		t.Fatal(err)
	}
	membership := func(group, contact string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
			"group_id": knownvalue.StringExact(group), "contact_id": knownvalue.StringExact(contact),
		})
	}
	resource.ParallelTest(t, acctest.QueryTestCase(t, mock, `
list "bestsms_group_membership" "all" {
  provider         = bestsms
  include_resource = true
}

list "bestsms_group_membership" "platform" {
  provider = bestsms
  config {
    group_id = "`+platform.GroupID+`"
  }
}
`,
		querycheck.ExpectLength("bestsms_group_membership.all", 3),
		querycheck.ExpectResourceDisplayName("bestsms_group_membership.all", membership(security.GroupID, cleo.ContactID),
			knownvalue.StringExact("Cleo's Catering (orders@cleo.example) in Security (SEC_IR)")),
		querycheck.ExpectResourceKnownValues("bestsms_group_membership.all", membership(platform.GroupID, ana.ContactID), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(platform.GroupID + "/" + ana.ContactID)},
			{Path: tfjsonpath.New("group_id"), KnownValue: knownvalue.StringExact(platform.GroupID)},
			{Path: tfjsonpath.New("contact_id"), KnownValue: knownvalue.StringExact(ana.ContactID)},
		}),
		querycheck.ExpectLength("bestsms_group_membership.platform", 2),
		querycheck.ExpectResourceDisplayName("bestsms_group_membership.platform", membership(platform.GroupID, bob.ContactID),
			knownvalue.StringExact("Bob Stone (+61421000002) in Platform On Call (Platform_On_Call)")),
	))
}

// TestAccListQueryErrors: a filter naming no group fails the query with the
// provider's diagnostic, and an invalid number fails validation.
func TestAccListQueryErrors(t *testing.T) {
	acctest.EachAPIVersion(t, testAccListQueryErrors)
}

func testAccListQueryErrors(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	acctest.SeedAddressBook(mock)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Requires(acctest.ListResources)},
		Steps: []resource.TestStep{
			{Config: mock.ProviderConfig()},
			{
				Query: true,
				Config: `
list "bestsms_contact" "missing_group" {
  provider = bestsms
  config {
    group_id = "4000000b-f002-4007-b00a-c0000000dead"
  }
}
`,
				ExpectError: regexp.MustCompile(`Group Not Found`),
			},
			{
				Query: true,
				Config: `
list "bestsms_group_membership" "by_code" {
  provider = bestsms
  config {
    group_id = "Platform_On_Call"
  }
}
`,
				ExpectError: regexp.MustCompile(`Invalid Group ID`),
			},
		},
	})
}

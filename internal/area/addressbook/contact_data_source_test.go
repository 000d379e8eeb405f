package addressbook_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestAccContactDataSource(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactDataSource)
}

func testAccContactDataSource(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	ann := mock.PutContact(mockapi.Contact{Attention: "Ann Lee", FirstName: "Ann", MobilePhone: "+61421000111", EmailAddress: "ann@example.com", Company: "Example",
		DirectPhone: "+61290000003", Notes: "VIP", AccessControl: "Granted"})
	// Each version reads the members it carries: DirectPhone on v2, the v3 members on v3.
	var direct, notes, access knownvalue.Check = knownvalue.StringExact("+61290000003"), knownvalue.Null(), knownvalue.Null()
	if v == acctest.V300 {
		direct, notes, access = knownvalue.Null(), knownvalue.StringExact("VIP"), knownvalue.StringExact("Granted")
	}
	mock.PutContact(mockapi.Contact{Attention: "Twin A", MobilePhone: "0421 000 222"})
	mock.PutContact(mockapi.Contact{Attention: "Twin B", MobilePhone: "+61421000222"})
	check := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(ann.ContactID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("attention"), knownvalue.StringExact("Ann Lee")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("company"), knownvalue.StringExact("Example")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_name"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("direct_phone"), direct),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("notes"), notes),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_control"), access),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.ProviderConfig() + `data "bestsms_contact" "x" {}`,
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured:\s+\[id,mobile_phone,email_address\]`),
			},
			{
				Config:      mock.ProviderConfig() + `data "bestsms_contact" "x" { mobile_phone = "0421 000 222" }`,
				ExpectError: regexp.MustCompile(`(?s)Several Contacts Match.*2 contacts have mobile_phone\s+\+61421000222`),
			},
			{
				Config:      mock.ProviderConfig() + `data "bestsms_contact" "x" { email_address = "nobody@example.com" }`,
				ExpectError: regexp.MustCompile(`(?s)Contact Not Found`),
			},
			{
				Config:      mock.ProviderConfig() + `data "bestsms_contact" "x" { id = "00000000-0000-0000-0000-000000000000" }`,
				ExpectError: regexp.MustCompile(`(?s)Contact Not Found`),
			},
			{
				Config: mock.ProviderConfig() + `
data "bestsms_contact" "by_id" {
  id = "` + ann.ContactID + `"
}
data "bestsms_contact" "by_mobile" {
  mobile_phone = "0421 000 111" # national spelling of +61421000111
}
data "bestsms_contact" "by_email" {
  email_address = "ANN@example.com"
}
`,
				ConfigStateChecks: append(append(check("data.bestsms_contact.by_id"), check("data.bestsms_contact.by_mobile")...),
					append(check("data.bestsms_contact.by_email"),
						statecheck.ExpectKnownValue("data.bestsms_contact.by_mobile", tfjsonpath.New("mobile_phone"), knownvalue.StringExact("0421 000 111")),
						statecheck.ExpectKnownValue("data.bestsms_contact.by_id", tfjsonpath.New("mobile_phone"), knownvalue.StringExact("+61421000111")),
					)...),
			},
		},
	})
}

func TestAccContactsAndGroupsDataSources(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactsAndGroupsDataSources)
}

func testAccContactsAndGroupsDataSources(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	a := mock.PutContact(mockapi.Contact{Attention: "Alice Ops", Company: "Example"})
	b := mock.PutContact(mockapi.Contact{Attention: "Bob", LastName: "Opsworth", Company: "example "})
	c := mock.PutContact(mockapi.Contact{Attention: "Carol", Company: "Other"})
	g := mock.PutGroup(mockapi.Group{GroupName: "Zulu Team"})
	mock.PutGroup(mockapi.Group{GroupName: "Alpha Team", Department: "Ops"})
	for _, id := range []string{a.ContactID, c.ContactID} {
		if err := mock.AddMember(g.GroupID, id); err != nil {
			t.Fatal(err)
		}
	}
	sorted := func(ids ...string) knownvalue.Check {
		var checks []knownvalue.Check
		for _, id := range acctest.SortedStrings(ids) {
			checks = append(checks, knownvalue.StringExact(id))
		}
		return knownvalue.ListExact(checks)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.ProviderConfig() + `
data "bestsms_contacts" "all" {}
data "bestsms_contacts" "ops" {
  name_contains = "ops"
}
data "bestsms_contacts" "example" {
  company = "EXAMPLE"
}
data "bestsms_contacts" "zulu_example" {
  group_id = "` + g.GroupID + `"
  company  = "example"
}
data "bestsms_groups" "all" {}
data "bestsms_group" "by_code" {
  code = "Zulu_Team"
}
data "bestsms_group" "by_name" {
  name = "Alpha Team"
}
data "bestsms_group" "by_id" {
  id = "` + g.GroupID + `"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.bestsms_contacts.all", tfjsonpath.New("ids"), sorted(a.ContactID, b.ContactID, c.ContactID)),
					statecheck.ExpectKnownValue("data.bestsms_contacts.ops", tfjsonpath.New("ids"), sorted(a.ContactID, b.ContactID)),
					statecheck.ExpectKnownValue("data.bestsms_contacts.example", tfjsonpath.New("ids"), sorted(a.ContactID, b.ContactID)),
					statecheck.ExpectKnownValue("data.bestsms_contacts.zulu_example", tfjsonpath.New("ids"), sorted(a.ContactID)),
					statecheck.ExpectKnownValue("data.bestsms_contacts.zulu_example", tfjsonpath.New("contacts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(a.ContactID), "attention": knownvalue.StringExact("Alice Ops"),
						}),
					})),
					statecheck.ExpectKnownValue("data.bestsms_groups.all", tfjsonpath.New("codes"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("Alpha_Team"), knownvalue.StringExact("Zulu_Team"),
					})),
					statecheck.ExpectKnownValue("data.bestsms_groups.all", tfjsonpath.New("groups").AtSliceIndex(0).AtMapKey("department"), knownvalue.StringExact("Ops")),
					statecheck.ExpectKnownValue("data.bestsms_group.by_code", tfjsonpath.New("id"), knownvalue.StringExact(g.GroupID)),
					statecheck.ExpectKnownValue("data.bestsms_group.by_name", tfjsonpath.New("code"), knownvalue.StringExact("Alpha_Team")),
					statecheck.ExpectKnownValue("data.bestsms_group.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Zulu Team")),
				},
			},
			{
				Config:      mock.ProviderConfig() + `data "bestsms_group" "x" { code = "Nope" }`,
				ExpectError: regexp.MustCompile(`(?s)Group Not Found.*code "Nope"`),
			},
		},
	})
}

// Ids are UUIDs: a group code or a name where an id belongs fails before
// any request, with a hint to the right reference.
func TestAccDataSources_idsAreValidated(t *testing.T) {
	mock := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.ProviderConfig() + `data "bestsms_group" "x" { id = "Web_On_Call" }`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Group ID.*"Web_On_Call" is not a group id.*use code\s+instead`),
			},
			{
				Config:      mock.ProviderConfig() + `data "bestsms_contacts" "x" { group_id = "Web_On_Call" }`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Group ID.*data.bestsms_group.<name>.id`),
			},
			{
				Config: mock.ProviderConfig() + `data "bestsms_contact" "x" { id = "Ann Lee" }`,
				// …saying how a module's tests give a mock_provider's ids a UUID.
				ExpectError: regexp.MustCompile(`(?s)Invalid Contact ID.*"Ann Lee" is not a contact id.*under\s+terraform\s+test,\s+give\s+a\s+mocked\s+contact\s+one\s+with\s+mock_resource\s+"bestsms_contact"\s+\{\s+defaults\s+=\s+\{\s+id\s+=\s+"4000000b-f002-4007-b00a-c00000000001"\s+\}\s+\}`),
			},
		},
	})
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("invalid ids reached the API: %d requests", n)
	}
}

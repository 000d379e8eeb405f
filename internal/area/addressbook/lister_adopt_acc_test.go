package addressbook_test

import (
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestAccAdoptAddressBook is the adoption workflow of the guide, end to end
// through the real CLI (Terraform ≥ 1.14): an address book made through the
// mock, not Terraform, then `terraform query -generate-config-out`, and a
// plan that imports everything with nothing to add, change or destroy;
// after the apply, a plan without changes. plugin-testing has no step that
// generates configuration from a query, so the test runs the CLI itself,
// on a provider binary built from this module (dev_overrides).
func TestAccAdoptAddressBook(t *testing.T) {
	acctest.EachAPIVersion(t, testAccAdoptAddressBook)
}

func testAccAdoptAddressBook(t *testing.T, v acctest.APIVersion) {
	tf := acctest.AcceptanceCLI(t, acctest.ListResources)
	t.Parallel()
	mock := v.NewMock(t)
	ana, _, cleo, _, security := acctest.SeedAddressBook(mock)
	if err := mock.AddMember(security.GroupID, cleo.ContactID); err != nil {
		t.Fatal(err)
	}
	if err := mock.AddMember(security.GroupID, ana.ContactID); err != nil {
		t.Fatal(err)
	}
	// A contact with every field, numbers in several spellings.
	mock.PutContact(mockapi.Contact{
		Attention: "Dee Full", Title: "Dr", Company: "Full Pty Ltd", RecipDepartment: "Ops", FirstName: "Dee",
		LastName: "Full", Position: "SRE", StreetAddress: "1 Main St", Suburb: "Carlton", City: "Melbourne",
		State: "VIC", Country: "Australia", Postcode: "3053", MainPhone: "(03) 9000 0000", AltPhone1: "+61 3 9000 0001",
		AltPhone2: "0390000002", DirectPhone: "+61390000003", MobilePhone: "0421 000 009", FaxNumber: "03 9000 0004",
		EmailAddress: "dee@example.com", WebAddress: "https://full.example", Custom1: "a", Custom2: "b", Custom3: "c",
		Custom4: "d", ViewBy: "SubAccount", EditBy: "No",
		// v3.00's members, which v2 neither shows nor changes.
		Notes: "Adopted", ExType: "crm", ExID: "CRM-9", AccessControl: "Granted", AltPhone3: "03 9000 0013", AltPhone8: "+61390000018",
	})
	// 4 contacts, 2 groups, 4 memberships.
	const found = 4 + 2 + 4

	acctest.AdoptByQuery(t, tf, mock, `
list "bestsms_contact" "all" {
  provider         = bestsms
  include_resource = true
}
list "bestsms_group" "all" {
  provider         = bestsms
  include_resource = true
}
list "bestsms_group_membership" "all" {
  provider         = bestsms
  include_resource = true
}
`, found, "Dee Full (+61421000009)", "Security (SEC_IR)", "Ana Lima (+61421000001) in Security (SEC_IR)")
}

package acctest

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// OnlyContact returns the single contact in the mock, or an error.
func (m *Mock) OnlyContact() (mockapi.Contact, error) {
	cs := m.Contacts()
	if len(cs) != 1 {
		return mockapi.Contact{}, fmt.Errorf("mock holds %d contacts, want 1", len(cs))
	}
	return cs[0], nil
}

// CheckMock adapts an assertion on the mock to a TestCheckFunc.
func CheckMock(f func() error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f() }
}

// CheckNoContacts is a CheckDestroy asking the mock, not the provider.
func (m *Mock) CheckNoContacts(*terraform.State) error {
	if n := len(m.Contacts()); n != 0 {
		return fmt.Errorf("mock still holds %d contacts after destroy", n)
	}
	return nil
}

// OnlyGroup returns the single group in the mock, or an error.
func (m *Mock) OnlyGroup() (mockapi.Group, error) {
	gs := m.Groups()
	if len(gs) != 1 {
		return mockapi.Group{}, fmt.Errorf("mock holds %d groups, want 1", len(gs))
	}
	return gs[0], nil
}

func (m *Mock) CheckNoGroups(*terraform.State) error {
	if n := len(m.Groups()); n != 0 {
		return fmt.Errorf("mock still holds %d groups after destroy", n)
	}
	return nil
}

// RosterConfig declares n contacts (Roster), with providerArgs in the
// provider block (ProviderConfig).
func (m *Mock) RosterConfig(n int, providerArgs ...string) string {
	return m.ProviderConfig(providerArgs...) + Roster(n)
}

// Roster declares n contacts.
func Roster(n int) string {
	return fmt.Sprintf(`
resource "bestsms_contact" "person" {
  count         = %d
  attention     = "Person ${count.index}"
  first_name    = "Person"
  last_name     = "No ${count.index}"
  mobile_phone  = format("04210%%05d", count.index)
  email_address = "person${count.index}@example.com"
}
`, n)
}

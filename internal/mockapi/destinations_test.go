package mockapi_test

import (
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestReadDestination: a Destinations item is read by the rule that
// expands it: the first non-empty of Recipient, ContactID, GroupID and
// GroupCode decides (member names in any case, with spaces or
// underscores); the other members with a value are its personalisation.
func TestReadDestination(t *testing.T) {
	for _, tc := range []struct {
		item map[string]any
		want mockapi.Destination
	}{
		{map[string]any{"Recipient": "+61421000001", "First Name": "Ann", "Custom1": 7.0, "Company": nil},
			mockapi.Destination{Form: "number", Key: "+61421000001", Personalisation: []string{"Custom1: 7", "First Name: Ann"}}},
		{map[string]any{"recipient": " ", "contact_id": " c-1 ", "GroupID": "g-1"},
			mockapi.Destination{Form: "contact", Key: "c-1"}},
		{map[string]any{"GroupID": nil, "Group Code": "Ops"}, mockapi.Destination{Form: "group", Key: "Ops"}},
		{map[string]any{"Attention": "x"}, mockapi.Destination{Personalisation: []string{"Attention: x"}}},
	} {
		got := mockapi.ReadDestination(tc.item)
		equal(t, "ReadDestination form and key", []string{got.Form, got.Key}, []string{tc.want.Form, tc.want.Key})
		equal(t, "ReadDestination personalisation", len(got.Personalisation), len(tc.want.Personalisation))
		for i := range tc.want.Personalisation {
			equal(t, "personalisation", got.Personalisation[i], tc.want.Personalisation[i])
		}
	}
}

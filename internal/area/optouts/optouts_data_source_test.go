package optouts_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// The data source reads every page (the mock serves 5 entries a page here,
// the least the API allows) and filters by type (in either spelling), by
// contact and by age, oldest first.
func TestAccOptOutsDataSource(t *testing.T) {
	mock := acctest.V300.NewMockWrapped(t, acctest.CapPageSize(5))
	ann := mock.PutContact(mockapi.Contact{Attention: "Ann", MobilePhone: "+61421000021"})
	now := time.Now().UTC()
	var numbers []knownvalue.Check // sorted
	for i := range 11 {            // 11 SMS entries, day i old: three pages
		dest := "+614210001" + strconv.Itoa(10+i)
		put(t, mock, mockapi.OptOut{DestType: "SMS", Destination: dest, Created: now.Add(-time.Duration(i)*24*time.Hour - time.Hour)})
		numbers = append(numbers, knownvalue.StringExact(dest))
	}
	put(t, mock, mockapi.OptOut{DestType: "Speech", Destination: "+61390000001", Created: now.Add(-time.Hour)})
	put(t, mock, mockapi.OptOut{DestType: "Email", ContactID: ann.ContactID, Notes: "asked at the front desk", Created: now.Add(-time.Hour)})
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: mock.ProviderConfig() + `
data "bestsms_optouts" "all" {}

data "bestsms_optouts" "sms" {
  dest_type = "Text"
}

data "bestsms_optouts" "recent_sms" {
  dest_type           = "SMS"
  created_within_days = 3
}

data "bestsms_optouts" "ann" {
  contact_id = "` + ann.ContactID + `"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.bestsms_optouts.all", tfjsonpath.New("optouts"), knownvalue.ListSizeExact(13)),
				statecheck.ExpectKnownValue("data.bestsms_optouts.sms", tfjsonpath.New("destinations"), knownvalue.ListExact(numbers)),
				statecheck.ExpectKnownValue("data.bestsms_optouts.sms", tfjsonpath.New("optouts").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"dest_type": knownvalue.StringExact("SMS"), "destination": knownvalue.StringExact("+61421000120"),
					"contact_id": knownvalue.Null(), "sub_account": knownvalue.Null(), "updated": knownvalue.Null(), "created": knownvalue.NotNull(),
				})),
				statecheck.ExpectKnownValue("data.bestsms_optouts.recent_sms", tfjsonpath.New("optouts"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue("data.bestsms_optouts.ann", tfjsonpath.New("optouts"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"dest_type": knownvalue.StringExact("Email"), "contact_id": knownvalue.StringExact(ann.ContactID),
						"destination": knownvalue.Null(), "notes": knownvalue.StringExact("asked at the front desk"),
					}),
				})),
				statecheck.ExpectKnownValue("data.bestsms_optouts.ann", tfjsonpath.New("destinations"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// put stores an opt-out through the mock's Go API.
func put(t *testing.T, mock *acctest.Mock, o mockapi.OptOut) mockapi.OptOut {
	t.Helper()
	o, err := mock.PutOptOut(o)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

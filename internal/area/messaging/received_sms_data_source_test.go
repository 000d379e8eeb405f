package messaging_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

func TestAccReceivedSMSDataSource(t *testing.T) {
	acctest.EachAPIVersion(t, testAccReceivedSMSDataSource)
}

func testAccReceivedSMSDataSource(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMockWrapped(t, acctest.CapPageSize(2))
	const addr = "data.bestsms_received_sms.r"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.ProviderConfig() + `
data "bestsms_received_sms" "r" {
  date_from           = "2000-01-01"
  time_period_minutes = 5
}
`,
				ExpectError: regexp.MustCompile(`(?s)date_to.*must be specified|cannot be specified when`),
			},
			{
				PreConfig: func() {
					for i := 1; i <= 5; i++ {
						if _, err := mock.Inbound(fmt.Sprintf("+6142100009%d", i), fmt.Sprintf("inbound %d", i), ""); err != nil {
							t.Fatal(err)
						}
					}
					mock.ResetStats()
				},
				Config: mock.ProviderConfig() + `
data "bestsms_received_sms" "r" {
  time_period_minutes = 60
}
data "bestsms_received_sms" "newest" {
  max_records = 2
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("messages"), knownvalue.ListExact([]knownvalue.Check{
						receivedCheck("+61421000091", "inbound 1"),
						receivedCheck("+61421000092", "inbound 2"),
						receivedCheck("+61421000093", "inbound 3"),
						receivedCheck("+61421000094", "inbound 4"),
						receivedCheck("+61421000095", "inbound 5"),
					})),
					statecheck.ExpectKnownValue("data.bestsms_received_sms.newest", tfjsonpath.New("messages"), knownvalue.ListExact([]knownvalue.Check{
						receivedCheck("+61421000094", "inbound 4"),
						receivedCheck("+61421000095", "inbound 5"),
					})),
				},
				Check: acctest.CheckMock(func() error {
					// 5 messages at 2 per page: 3 pages for each of the two data
					// sources, read once by the apply.
					route := map[acctest.APIVersion]string{acctest.V204: "GET get/sms/received", acctest.V300: "GET v3.00/sms/received"}[v]
					if n := mock.Stats().Routes[route]; n != 6 {
						return fmt.Errorf("received-SMS requests = %d, want 6 (3 pages × 2 data sources)", n)
					}
					return nil
				}),
			},
			{
				Config: mock.ProviderConfig() + `
data "bestsms_received_sms" "r" {
  date_from = "2000-01-01"
  date_to   = "2000-01-02T00:00:00"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("messages"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

// v3.00 reads at most 7 days, or 1440 minutes back: more is an error at
// plan naming the attribute and api_version, before any request; v2 takes
// both.
func TestAccReceivedSMSDataSource_v3Limits(t *testing.T) {
	mock := acctest.NewMock(t)
	config := func(version, body string) string {
		mock.APIVersion = version
		return mock.ProviderConfig() + "data \"bestsms_received_sms\" \"r\" {\n" + body + "\n}\n"
	}
	const week, day = "date_from = \"2026-03-01\"\ndate_to = \"2026-03-09\"", "time_period_minutes = 1441"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config("v3.00", week),
				ExpectError: acctest.Wrapped("Not Supported By API Version v3.00", "date_to (2026-03-09)", "192h0m0s long", `api_version = "v3.00" it may be at most 168h0m0s (7 days)`),
			},
			{
				Config:      config("v3.00", day),
				ExpectError: acctest.Wrapped("Not Supported By API Version v3.00", `time_period_minutes is 1441; with api_version = "v3.00" it may be at most 1440`),
			},
			{
				PreConfig: func() {
					if n := mock.Stats().Total; n != 0 {
						t.Errorf("refused queries reached the API: %d requests", n)
					}
				},
				Config: config("v2.04", week) + "\ndata \"bestsms_received_sms\" \"d\" {\n" + day + "\n}\n",
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.bestsms_received_sms.r", tfjsonpath.New("messages"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("data.bestsms_received_sms.d", tfjsonpath.New("messages"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

func receivedCheck(from, text string) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"from":          knownvalue.StringExact(from),
		"message":       knownvalue.StringExact(text),
		"message_id":    knownvalue.StringExact(""),
		"received_time": knownvalue.NotNull(),
	})
}

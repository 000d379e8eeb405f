package gateway_test

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestAccGatewayDataSources(t *testing.T) {
	mock := acctest.NewMock(t)
	mock.SetGatewayBalance(750)
	ada := mock.PutGatewayContact(mockapi.GatewayContact{Phone: "2348086689567", FirstName: "Ada", LastName: "Obi", GroupName: "staff",
		Time: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)})
	ben := mock.PutGatewayContact(mockapi.GatewayContact{Phone: "61421000001", FirstName: "Ben", GroupName: "staff"})
	mock.PutGatewayContact(mockapi.GatewayContact{Phone: "61421000002", FirstName: "Cy", GroupName: "office"})
	// One delivered and one rejected recipient (numbers ending in 0002 are
	// "Network is forbidden" in the mock), then a flash message.
	batch := mock.GatewaySend(t, gatewayapi.SendRequest{Message: "Drill at 3pm", Recipients: []string{"2348086689567", "61421000002"}})
	flash := mock.GatewaySend(t, gatewayapi.SendRequest{Message: "Now", Recipients: []string{"61421000001"}, Flash: true, SenderID: "OnCall"})
	records := acctest.GatewayBatch(mock, batch)
	if len(records) != 2 {
		t.Fatalf("batch %s has %d records, want 2", batch, len(records))
	}

	msgs := "data.bestsms_gateway_messages.batch"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.GatewayProviderConfig() + `data "bestsms_gateway_messages" "x" {
  start_date = "2016-13-45"
}`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Date.*2016-13-45`),
			},
			{
				Config: mock.GatewayProviderConfig() + `data "bestsms_gateway_messages" "x" {
  sms_ids = ["12", "x"]
}`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Gateway ID.*"x" is not an api_v1 id`),
			},
			{
				Config: mock.GatewayProviderConfig() + `
data "bestsms_gateway_account" "this" {}
data "bestsms_gateway_contacts" "staff" {
  group_name = "staff"
}
data "bestsms_gateway_contacts" "search" {
  search_term = "Cy"
}
data "bestsms_gateway_contact_groups" "all" {}
data "bestsms_gateway_messages" "batch" {
  batch_id = "` + batch + `"
}
data "bestsms_gateway_messages" "failed" {
  stage = "failed"
}
data "bestsms_gateway_messages" "flash" {
  type      = "flash"
  recipient = "0421 000 001"
}
data "bestsms_gateway_messages" "none" {
  batch_id = "no-such-batch"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.bestsms_gateway_account.this", tfjsonpath.New("balance"), knownvalue.StringExact(
						strconv.Itoa(mock.GatewayAccount().Balance))),
					statecheck.ExpectKnownValue("data.bestsms_gateway_account.this", tfjsonpath.New("default_dial_code"), knownvalue.StringExact("234")),
					statecheck.ExpectKnownValue("data.bestsms_gateway_account.this", tfjsonpath.New("timezone_offset"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue("data.bestsms_gateway_account.this", tfjsonpath.New("sub_account"), knownvalue.StringExact("mysub1")),
					statecheck.ExpectKnownValue("data.bestsms_gateway_account.this", tfjsonpath.New("default_sender_id"), knownvalue.StringExact("BestSMS")),

					statecheck.ExpectKnownValue("data.bestsms_gateway_contacts.staff", tfjsonpath.New("phones"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("+2348086689567"), knownvalue.StringExact("+61421000001"),
					})),
					statecheck.ExpectKnownValue("data.bestsms_gateway_contacts.staff", tfjsonpath.New("contacts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(strconv.Itoa(ada.ID)), "phone": knownvalue.StringExact("+2348086689567"),
							"first_name": knownvalue.StringExact("Ada"), "last_name": knownvalue.StringExact("Obi"),
							"group_name": knownvalue.StringExact("staff"), "created_at": knownvalue.StringExact("2026-03-01T09:30:00Z"),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(strconv.Itoa(ben.ID)), "last_name": knownvalue.Null(),
						}),
					})),
					statecheck.ExpectKnownValue("data.bestsms_gateway_contacts.search", tfjsonpath.New("phones"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("+61421000002"),
					})),
					statecheck.ExpectKnownValue("data.bestsms_gateway_contact_groups.all", tfjsonpath.New("groups"), knownvalue.MapExact(map[string]knownvalue.Check{
						"staff": knownvalue.Int64Exact(2), "office": knownvalue.Int64Exact(1),
					})),
					statecheck.ExpectKnownValue("data.bestsms_gateway_contact_groups.all", tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("office"), knownvalue.StringExact("staff"),
					})),

					statecheck.ExpectKnownValue(msgs, tfjsonpath.New("status_counts"), knownvalue.MapExact(map[string]knownvalue.Check{
						"DELIVERED": knownvalue.Int64Exact(1), "REJECTED": knownvalue.Int64Exact(1),
					})),
					statecheck.ExpectKnownValue(msgs, tfjsonpath.New("messages"), knownvalue.SetPartial([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(strconv.Itoa(records[0].ID)), "batch_id": knownvalue.StringExact(batch),
							"recipient": knownvalue.StringExact("+2348086689567"), "message": knownvalue.StringExact("Drill at 3pm"),
							"status": knownvalue.Int64Exact(2), "status_name": knownvalue.StringExact("DELIVERED"),
							"type": knownvalue.StringExact("normal"), "units": knownvalue.Int64Exact(1),
							"sender": knownvalue.StringExact("BestSMS"), "first_name": knownvalue.Null(),
							"extra_data": knownvalue.Null(), "sent_at": knownvalue.NotNull(),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"recipient": knownvalue.StringExact("+61421000002"), "status": knownvalue.Int64Exact(-2),
							"status_name": knownvalue.StringExact("REJECTED"), "info": knownvalue.StringExact("Network is forbidden"),
						}),
					})),
					statecheck.ExpectKnownValue("data.bestsms_gateway_messages.failed", tfjsonpath.New("messages"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.bestsms_gateway_messages.flash", tfjsonpath.New("messages"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"batch_id": knownvalue.StringExact(flash), "type": knownvalue.StringExact("flash"),
							"sender": knownvalue.StringExact("OnCall"), "recipient": knownvalue.StringExact("+61421000001"),
						}),
					})),
					statecheck.ExpectKnownValue("data.bestsms_gateway_messages.none", tfjsonpath.New("messages"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

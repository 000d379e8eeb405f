package messaging_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
)

func TestAccSMSRepliesDataSource(t *testing.T) {
	acctest.EachAPIVersion(t, testAccSMSRepliesDataSource)
}

func testAccSMSRepliesDataSource(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "data.bestsms_sms_replies.r"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				_, err := testClient(mock, t).SendSMS(context.Background(), client.SendRequest{
					MessageID: "ack-me", Message: "Reply ACK",
					Destinations: []client.Destination{{Recipient: "+61421000101"}, {Recipient: "+61421000102"}},
				})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := mock.Inbound("+61421000102", "ACK", "ack-me"); err != nil {
					t.Fatal(err)
				}
				if _, err := mock.Inbound("+61421000102", "on my way", ""); err != nil {
					t.Fatal(err)
				}
			},
			Config: mock.ProviderConfig() + `
data "bestsms_sms_replies" "r" {
  message_id = "ack-me"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("reply_count"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("recipients"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"destination": knownvalue.StringExact("+61421000101"),
						"replies":     knownvalue.ListSizeExact(0),
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"destination": knownvalue.StringExact("+61421000102"),
						"replies": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectPartial(map[string]knownvalue.Check{
								"from": knownvalue.StringExact("+61421000102"), "message": knownvalue.StringExact("ACK"),
							}),
							knownvalue.ObjectPartial(map[string]knownvalue.Check{
								"from": knownvalue.StringExact("+61421000102"), "message": knownvalue.StringExact("on my way"),
							}),
						}),
					}),
				})),
			},
		}},
	})
}

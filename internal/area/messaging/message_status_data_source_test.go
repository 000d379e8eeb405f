package messaging_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// testClient is a client for the mock, to prepare data in PreConfig.
func testClient(m *acctest.Mock, t *testing.T) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: m.URL + "/api", AuthToken: acctest.Token, APIVersion: m.APIVersion})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAccMessageStatusDataSource(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageStatusDataSource)
}

func testAccMessageStatusDataSource(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	team := seedTeam(t, mock, "Status_Team", "+61421000081", "+61421000082", "+61421000083")
	const addr = "data.bestsms_message_status.s"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.ProviderConfig() + `
data "bestsms_message_status" "missing" {
  message_id = "never-sent"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Message Not Found.*never-sent`),
			},
			{
				PreConfig: func() {
					// +61421000009 opted out: the API blocks it (every version).
					if _, err := mock.PutOptOut(mockapi.OptOut{DestType: "SMS", Destination: "+61421000009"}); err != nil {
						t.Fatal(err)
					}
					_, err := testClient(mock, t).SendSMS(context.Background(), client.SendRequest{
						MessageID: "status-1", Message: "Status check", Reference: "ref-1",
						Destinations: []client.Destination{{GroupID: team.GroupID}, {Recipient: "+61421000000"}, {Recipient: "+61421000009"}},
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: mock.ProviderConfig() + `
data "bestsms_message_status" "s" {
  message_id = "status-1"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("reference"), knownvalue.StringExact("ref-1")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("recipient_count"), knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("success_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("failed_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("job_number"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-Z]{8}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("delayed_until"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("recipients"), knownvalue.ListExact([]knownvalue.Check{
						recipientCheck("+61421000081", "Success", "delivered"),
						recipientCheck("+61421000082", "Success", "delivered"),
						recipientCheck("+61421000083", "Success", "delivered"),
						recipientCheck("+61421000000", "Failed", "Invalid number"),
						recipientCheck("+61421000009", "Failed", "Destination is blacklisted"),
					})),
				},
			},
		},
	})
}

func recipientCheck(dest, status, result string) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"destination": knownvalue.StringExact(dest),
		"status":      knownvalue.StringExact(status),
		"result":      knownvalue.StringExact(result),
		"opted_out":   knownvalue.Bool(result == "Destination is blacklisted"),
	})
}

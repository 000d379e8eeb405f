package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
)

// testClient is a client for the mock, to prepare data in PreConfig.
func (m *testMock) testClient(t *testing.T) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: m.URL + "/api", AuthToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAccMessageStatusDataSource(t *testing.T) {
	mock := newTestMock(t)
	team := seedTeam(t, mock, "Status_Team", "+61421000081", "+61421000082", "+61421000083")
	const addr = "data.bestsms_message_status.s"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.providerConfig() + `
data "bestsms_message_status" "missing" {
  message_id = "never-sent"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Message Not Found.*never-sent`),
			},
			{
				PreConfig: func() {
					_, err := mock.testClient(t).SendSMS(context.Background(), client.SendRequest{
						MessageID: "status-1", Message: "Status check", Reference: "ref-1",
						Destinations: []client.Destination{{GroupID: team.GroupID}, {Recipient: "+61421000000"}},
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: mock.providerConfig() + `
data "bestsms_message_status" "s" {
  message_id = "status-1"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("Completed")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("reference"), knownvalue.StringExact("ref-1")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("recipient_count"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("success_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("failed_count"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("job_number"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9A-Z]{8}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("delayed_until"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("recipients"), knownvalue.ListExact([]knownvalue.Check{
						recipientCheck("+61421000081", "Success", "delivered"),
						recipientCheck("+61421000082", "Success", "delivered"),
						recipientCheck("+61421000083", "Success", "delivered"),
						recipientCheck("+61421000000", "Failed", "Invalid number"),
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
	})
}

func TestAccReceivedSMSDataSource(t *testing.T) {
	mock := newTestMockWrapped(t, capPageSize(2))
	const addr = "data.bestsms_received_sms.r"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.providerConfig() + `
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
				Config: mock.providerConfig() + `
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
				Check: checkMock(func() error {
					// 5 messages at 2 per page: 3 pages for each of the two data
					// sources, read once by the apply.
					if n := mock.Stats().Routes["GET get/sms/received"]; n != 6 {
						return fmt.Errorf("received-SMS requests = %d, want 6 (3 pages × 2 data sources)", n)
					}
					return nil
				}),
			},
			{
				Config: mock.providerConfig() + `
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

// capPageSize makes the mock behave like a server that serves at most n
// records per page whatever the client asks for.
func capPageSize(n int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			if q.Has("recordsPerPage") {
				q.Set("recordsPerPage", strconv.Itoa(n))
				r.URL.RawQuery = q.Encode()
			}
			next.ServeHTTP(w, r)
		})
	}
}

func receivedCheck(from, text string) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"from":          knownvalue.StringExact(from),
		"message":       knownvalue.StringExact(text),
		"message_id":    knownvalue.StringExact(""),
		"received_time": knownvalue.NotNull(),
	})
}

func TestAccSMSRepliesDataSource(t *testing.T) {
	mock := newTestMock(t)
	const addr = "data.bestsms_sms_replies.r"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				_, err := mock.testClient(t).SendSMS(context.Background(), client.SendRequest{
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
			Config: mock.providerConfig() + `
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

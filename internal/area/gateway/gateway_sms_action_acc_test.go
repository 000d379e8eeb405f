package gateway_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// The gateway actions through a real Terraform CLI (1.14 or later; skipped
// on older ones like the other action tests), asserted on the mock.

// gatewayActionBlock declares an action of kind; body goes inside config.
func gatewayActionBlock(kind, name, body string) string {
	return fmt.Sprintf("\naction %q %q {\n  config {\n%s\n  }\n}\n", kind, name, body)
}

// A roster change triggers a send to the group's new numbers, waiting for
// delivery; the group contacts exist before the action runs.
func TestAccGatewaySMSAction_triggered(t *testing.T) {
	mock := acctest.NewMock(t)
	config := func(phones string) string {
		return mock.GatewayProviderConfig() + `
resource "bestsms_gateway_group_contacts" "oncall" {
  group_name = "on-call"
  phones     = [` + phones + `]
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.bestsms_gateway_sms.notify]
    }
  }
}
` + gatewayActionBlock("bestsms_gateway_sms", "notify", `
    message        = "You are on call: ${join(", ", sort(bestsms_gateway_group_contacts.oncall.phones))}"
    contact_groups = [bestsms_gateway_group_contacts.oncall.group_name]
    sender_id      = "OnCall"
    wait_for       = "delivered"`)
	}
	// sent checks the recipients of each batch, in order.
	sent := func(want ...[]string) func() {
		return acctest.MockCheck(t, func() error {
			batches := acctest.GatewayBatches(mock)
			if len(batches) != len(want) {
				return fmt.Errorf("mock holds %d batches, want %d", len(batches), len(want))
			}
			for i, b := range batches {
				var got []string
				for _, s := range acctest.GatewayBatch(mock, b) {
					if s.Sender != "OnCall" || s.Status != 2 {
						return fmt.Errorf("batch %s: record %+v, want sender OnCall, DELIVERED", b, s)
					}
					got = append(got, s.Recipient)
				}
				slices.Sort(got)
				if !slices.Equal(got, want[i]) {
					return fmt.Errorf("batch %d went to %q, want %q", i+1, got, want[i])
				}
			}
			return nil
		})
	}
	resource.ParallelTest(t, acctest.ActionTestCase(t,
		resource.TestStep{
			Config:        config(`"+61421000005", "+61421000006"`),
			PostApplyFunc: sent([]string{"61421000005", "61421000006"}),
		},
		resource.TestStep{
			Config:        config(`"+61421000005", "+61421000007"`),
			PostApplyFunc: sent([]string{"61421000005", "61421000006"}, []string{"61421000005", "61421000007"}),
		},
	))
}

// A stop without a filter is rejected at plan: nothing is sent to the
// gateway. With a batch_id it stops that batch only.
func TestAccGatewaySMSStopAction_cli(t *testing.T) {
	mock := acctest.NewMock(t)
	stop := scheduledBatch(t, mock, "2348086689567")
	keep := scheduledBatch(t, mock, "2348086689568")
	config := func(body string) string {
		return mock.GatewayProviderConfig() + acctest.OnCreate("trigger", `"x"`, "action.bestsms_gateway_sms_stop.stop") +
			gatewayActionBlock("bestsms_gateway_sms_stop", "stop", body)
	}
	resource.ParallelTest(t, acctest.ActionTestCase(t,
		resource.TestStep{
			Config:      config(""),
			ExpectError: acctest.Wrapped("Gateway SMS Stop Needs A Filter", "stops every SMS of the sub-account"),
		},
		resource.TestStep{
			Config: `
variable "batch" {
  type    = string
  default = ""
}
` + config(`    batch_id = var.batch`),
			ExpectError: acctest.Wrapped("Gateway SMS Stop Needs A Filter"),
		},
		resource.TestStep{
			PreConfig: acctest.MockCheck(t, func() error {
				if n := mock.Stats().Routes["POST api_v1/stop_sms"]; n != 0 {
					return fmt.Errorf("stop_sms was sent %d times by rejected plans", n)
				}
				return nil
			}),
			Config: config(fmt.Sprintf("    batch_id = %q", stop)),
			PostApplyFunc: acctest.MockCheck(t, func() error {
				if !acctest.GatewayBatch(mock, stop)[0].Stopped || acctest.GatewayBatch(mock, keep)[0].Stopped {
					return fmt.Errorf("stopped: %v and %v, want only batch %s", acctest.GatewayBatch(mock, stop)[0].Stopped,
						acctest.GatewayBatch(mock, keep)[0].Stopped, stop)
				}
				return nil
			}),
		},
	))
}

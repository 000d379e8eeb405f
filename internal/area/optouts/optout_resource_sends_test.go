package optouts_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// Sends respect opt-outs (Terraform 1.14 and later, for actions): with an
// opt-out for +61421000009 in place, a message to that number and another
// one, waiting for delivery, is sent once; the other recipient gets it, and
// the apply fails naming the opted-out number in plain words. A second
// apply sends nothing.
func TestAccOptOutResource_blocksSends(t *testing.T) {
	mock := acctest.V300.NewMock(t, func(o *mockapi.Options) { o.DeliveryDelay = 200 * time.Millisecond })
	config := mock.ProviderConfig() + `
resource "bestsms_optout" "stop" {
  dest_type    = "SMS"
  destination  = "0421 000 009"
  stop_message = "STOP"
}
` + acctest.OnCreate("page", "bestsms_optout.stop.id", "action.bestsms_message.page") + `
action "bestsms_message" "page" {
  config {
    message           = "Incident 42: all hands"
    destinations      = [{ recipient = "0421 000 009" }, { recipient = "0421 000 008" }]
    wait_for_delivery = true
  }
}
`
	sentOnce := func() error {
		msgs := mock.Messages()
		if len(msgs) != 1 {
			return fmt.Errorf("mock received %d messages, want exactly 1", len(msgs))
		}
		var got []string
		for _, r := range msgs[0].Recipients {
			got = append(got, r.Destination+" "+r.Status+" "+r.Result)
		}
		slices.Sort(got)
		if want := []string{"+61421000008 Success delivered", "+61421000009 Failed Destination is blacklisted"}; !slices.Equal(got, want) {
			return fmt.Errorf("recipients %q, want %q", got, want)
		}
		return nil
	}
	resource.ParallelTest(t, acctest.ActionTestCase(t,
		resource.TestStep{
			Config: config,
			ExpectError: acctest.Wrapped("Message Delivery Failed", "1 of 2 recipients failed",
				"+61421000009 has opted out (Destination is blacklisted)"),
		},
		resource.TestStep{
			PreConfig:     acctest.MockCheck(t, sentOnce),
			Config:        config,
			PostApplyFunc: acctest.MockCheck(t, sentOnce),
		},
	))
}

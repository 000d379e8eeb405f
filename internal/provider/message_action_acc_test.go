package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// These tests drive the actions through a real Terraform CLI. Actions need
// Terraform 1.14 or later, so they skip on older CLIs; the protocol-level
// tests (message_action_test.go) cover the same behaviour everywhere.

func actionTestCase(t *testing.T, steps ...resource.TestStep) resource.TestCase {
	t.Helper()
	return resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                    steps,
	}
}

func TestAccMessageAction_triggeredByRosterChange(t *testing.T) {
	mock := newTestMock(t)
	config := func(version string) string {
		return mock.providerConfig() + `
resource "terraform_data" "roster" {
  input = "` + version + `"
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.bestsms_message.notify]
    }
  }
}

action "bestsms_message" "notify" {
  config {
    message      = "Roster ` + version + ` applied"
    destinations = [{ recipient = "0421 000 001" }]
    test_mode    = true
  }
}
`
	}
	expectMessages := func(want ...string) func() {
		return func() {
			msgs := mock.Messages()
			if len(msgs) != len(want) {
				t.Fatalf("mock received %d messages, want %d", len(msgs), len(want))
			}
			for i, m := range msgs {
				if m.Text != want[i] || m.Mode != "Test" || m.Recipients[0].Destination != "+61421000001" {
					t.Errorf("message %d = %q (mode %q, to %s), want %q in test mode to +61421000001",
						i, m.Text, m.Mode, m.Recipients[0].Destination, want[i])
				}
			}
		}
	}
	resource.ParallelTest(t, actionTestCase(t,
		resource.TestStep{Config: config("v1"), PostApplyFunc: expectMessages("Roster v1 applied")},
		// Every trigger sends again: an action stores nothing.
		resource.TestStep{Config: config("v2"), PostApplyFunc: expectMessages("Roster v1 applied", "Roster v2 applied")},
	))
}

func TestAccMessageAbortAction_triggered(t *testing.T) {
	mock := newTestMock(t)
	resource.ParallelTest(t, actionTestCase(t, resource.TestStep{
		Config: mock.providerConfig() + `
action "bestsms_message" "later" {
  config {
    message      = "scheduled"
    message_id   = "sched-1"
    send_time    = "2099-01-01T09:00"
    destinations = [{ recipient = "+61421000001" }]
  }
}

action "bestsms_message_abort" "cancel" {
  config {
    message_id = "sched-1"
  }
}

resource "terraform_data" "schedule" {
  input = "x"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.bestsms_message.later, action.bestsms_message_abort.cancel]
    }
  }
}
`,
		PostApplyFunc: func() {
			msg, ok := mock.Message("sched-1")
			if !ok || msg.Status == "Delayed" {
				t.Errorf("sched-1 found=%v status=%q, want aborted", ok, msg.Status)
			}
		},
	}))
}

package messaging_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// noMessages asserts that nothing reached send/sms.
func noMessages(t *testing.T, mock *acctest.Mock) func() {
	return func() {
		t.Helper()
		if n := len(mock.Messages()); n != 0 {
			t.Fatalf("the mock received %d messages; the checks must fail before anything is sent", n)
		}
	}
}

// Values from variables and locals are unknown when Terraform validates an
// action; the checks must run once they are known, before anything is sent.
func TestAccMessageAction_valuesFromVariablesAndLocals(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionValuesFromVariablesAndLocals)
}

func testAccMessageActionValuesFromVariablesAndLocals(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	hcl := func(locals, attrs string) string {
		return mock.ProviderConfig() + `
variable "reference" {
  type    = string
  default = "ok"
}
variable "wait_timeout" {
  type    = string
  default = "30s"
}
variable "message_id" {
  type    = string
  default = "ok-1"
}
locals {
  one = [{ recipient = "+61421000001" }]
` + locals + `
}
action "bestsms_message" "x" {
  config {
` + attrs + `
  }
}
resource "terraform_data" "t" {
  input = "x"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.bestsms_message.x]
    }
  }
}
`
	}
	step := func(locals, attrs string, vars config.Variables, want *regexp.Regexp) resource.TestStep {
		return resource.TestStep{
			PreConfig:       noMessages(t, mock),
			Config:          hcl(locals, attrs),
			ConfigVariables: vars,
			ExpectError:     want,
		}
	}
	resource.ParallelTest(t, acctest.ActionTestCase(t,
		step(`  dests = [for i in range(1001) : { recipient = format("+614210%05d", i + 1) }]`,
			`    message      = "hi"
    destinations = local.dests`, nil,
			acctest.ExactlyOneError("Invalid Attribute Value", `destinations list must contain at least 1 elements and at most 1000 elements, got: 1001`)),
		step(``, `    message      = "hi"
    destinations = local.one
    reference    = var.reference`, config.Variables{"reference": config.StringVariable(strings.Repeat("r", 500))},
			acctest.ExactlyOneError("Invalid Attribute Value Length", `reference string length must be at most 80`)),
		step(``, `    message           = "hi"
    destinations      = local.one
    wait_for_delivery = true
    wait_timeout      = var.wait_timeout`, config.Variables{"wait_timeout": config.StringVariable("-5s")},
			acctest.ExactlyOneError("Invalid Duration", `"-5s" must be a positive duration`)),
		step(``, `    message      = "hi"
    destinations = local.one
    message_id   = var.message_id`, config.Variables{"message_id": config.StringVariable("not valid!")},
			acctest.ExactlyOneError("Invalid Attribute Value Match", `40 letters, digits or dashes`)),
		step(`  when = "2020-01-01T09:00"`, `    message      = "hi"
    destinations = local.one
    send_time    = local.when
    timezone     = "AUS Eastern"`, nil,
			acctest.ExactlyOneError("Invalid Send Time", `"2020-01-01T09:00" is in the past`)),
		step(`  bad = [{ recipient = "0421 00" }]`, `    message      = "hi"
    destinations = local.bad`, nil,
			acctest.ExactlyOneError("Invalid Phone Number", `"0421 00" is not a valid phone number in AU`)),
		resource.TestStep{ // a literal bad recipient: one diagnostic too
			PreConfig: noMessages(t, mock),
			Config: hcl(``, `    message      = "hi"
    destinations = [{ recipient = "021 555 123" }]`),
			ExpectError: acctest.ExactlyOneError("Invalid Phone Number", `"021 555 123" is not a valid phone number in AU`),
		},
		resource.TestStep{ // and the same configuration with good values sends
			PreConfig: noMessages(t, mock),
			Config: hcl(`  dests = [for i in range(3) : { recipient = format("+614210%05d", i + 1) }]`, `    message      = "hi"
    destinations = local.dests
    reference    = var.reference
    message_id   = var.message_id
    test_mode    = true`),
			PostApplyFunc: func() {
				msg := onlyMessage(t, mock)
				if msg.MessageID != "ok-1" || msg.Reference != "ok" || len(msg.Recipients) != 3 {
					t.Errorf("message %s, reference %q, %d recipients; want ok-1, ok, 3", msg.MessageID, msg.Reference, len(msg.Recipients))
				}
			},
		},
	))
}

// A roster alert right after its submit: the mock answers "Message(s) NOT
// found" to status polls for the first seconds, as the API can while it
// validates the submission; wait_for_delivery keeps polling through it.
func TestAccMessageAction_waitSurvivesNotFoundAfterSubmit(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionWaitSurvivesNotFoundAfterSubmit)
}

func testAccMessageActionWaitSurvivesNotFoundAfterSubmit(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t, func(o *mockapi.Options) {
		o.StatusDelay = 3 * time.Second
		o.DeliveryDelay = 500 * time.Millisecond
	})
	resource.ParallelTest(t, acctest.ActionTestCase(t, resource.TestStep{
		Config: mock.ProviderConfig() + `
action "bestsms_message" "alert" {
  config {
    message           = "You are on call"
    message_id        = "alert-cli"
    destinations      = [{ recipient = "0421 000 091" }]
    wait_for_delivery = true
    wait_timeout      = "2m"
  }
}
resource "terraform_data" "roster" {
  input = "v1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.bestsms_message.alert]
    }
  }
}
`,
		PostApplyFunc: func() {
			msg := onlyMessage(t, mock)
			if msg.MessageID != "alert-cli" || msg.Status != "Completed" || msg.Recipients[0].Status != "Success" {
				t.Errorf("message %s status %s, recipient %s; want alert-cli delivered", msg.MessageID, msg.Status, msg.Recipients[0].Status)
			}
			route := map[acctest.APIVersion]string{acctest.V204: "GET get/status/{id}", acctest.V300: "GET v3.00/sms/{id}"}[v]
			if n := mock.Stats().Routes[route]; n < 2 {
				t.Errorf("status polls = %d, want at least one not found and one found", n)
			}
		},
	}))
}

package gateway_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// The texts and names of bestsms_gateway_sms are write-only: values from
// ephemeral variables are sent (the message, and a contact's own text and
// names), and neither the saved plan nor the state holds them. Through the
// CLI, so that the files themselves are read.
func TestAccGatewaySMSAction_ephemeralText(t *testing.T) {
	tf := acctest.AcceptanceCLI(t, acctest.Actions, acctest.WriteOnly)
	mock := acctest.NewMock(t)
	dir := t.TempDir()
	acctest.WriteTestFile(t, filepath.Join(dir, "main.tf"), acctest.SourceBlock+mock.GatewayProviderBlock()+`
variable "pin" {
  type      = string
  ephemeral = true
}

resource "terraform_data" "vault" {
  input = "unsealed"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.bestsms_gateway_sms.pin]
    }
  }
}

action "bestsms_gateway_sms" "pin" {
  config {
    message    = "Vault PIN ${var.pin}"
    recipients = ["+2348086689567"]
    contacts = [{
      phone            = "+2348086689568"
      first_name       = "Ngozi-${var.pin}"
      override_message = "Your vault PIN is ${var.pin}"
    }]
  }
}
`)
	const pin = "PIN-40417-Okafor"
	run := acctest.CLIRunner(t, tf, dir)
	run(0, "validate", "-no-color")
	run(0, "plan", "-no-color", "-out=tfplan", "-var", "pin="+pin)
	acctest.ExpectNotStored(t, []string{filepath.Join(dir, "tfplan")}, pin)
	run(0, "apply", "-no-color", "-var", "pin="+pin, "tfplan")

	var got []string
	for _, s := range mock.GatewaySMS() {
		first := ""
		if s.FirstName != nil {
			first = *s.FirstName
		}
		got = append(got, s.Recipient+" "+s.Message+" "+first)
	}
	slices.Sort(got)
	want := []string{"2348086689567 Vault PIN " + pin + " ", "2348086689568 Your vault PIN is " + pin + " Ngozi-" + pin}
	if !slices.Equal(got, want) {
		t.Errorf("mock holds %q, want %q", got, want)
	}
	acctest.ExpectNotStored(t, []string{filepath.Join(dir, "terraform.tfstate")}, pin)
}

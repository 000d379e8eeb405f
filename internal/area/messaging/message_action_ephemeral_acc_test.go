package messaging_test

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// The text and personalisation of bestsms_message are write-only: a
// break-glass code from an ephemeral variable validates, plans and is
// sent, and neither the saved plan nor the state holds it. Run through the
// CLI on a dev_overrides build, so that the saved plan file itself (a zip
// with the configuration, the plan and its variables) and the state file
// are read, not what plugin-testing shows of them.
func TestAccMessageAction_ephemeralText(t *testing.T) {
	tf := acctest.AcceptanceCLI(t, acctest.Actions, acctest.WriteOnly)
	mock := acctest.NewMock(t)
	dir := t.TempDir()
	acctest.WriteTestFile(t, filepath.Join(dir, "main.tf"), acctest.SourceBlock+mock.ProviderBlock()+`
variable "code" {
  type      = string
  ephemeral = true
}
variable "responder" {
  type      = string
  ephemeral = true
}

resource "terraform_data" "break_glass" {
  input = "opened"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.bestsms_message.code]
    }
  }
}

action "bestsms_message" "code" {
  config {
    message = "Break-glass code: ${var.code}, [[First Name]]"
    destinations = [{
      recipient  = "0421 000 001"
      first_name = var.responder
      custom1    = var.code
    }]
  }
}
`)
	const code, responder = "BG-771-204-9", "Ximena-Quarantine"
	vars := []string{"-var", "code=" + code, "-var", "responder=" + responder}
	run := acctest.CLIRunner(t, tf, dir)

	run(0, "validate", "-no-color")
	plan := run(0, append([]string{"plan", "-no-color", "-out=tfplan"}, vars...)...)
	if !strings.Contains(plan, "message      = (write-only attribute)") {
		t.Errorf("the plan does not show message as write-only:\n%s", plan)
	}
	acctest.ExpectNotStored(t, []string{filepath.Join(dir, "tfplan")}, code, responder)
	if n := len(mock.Messages()); n != 0 {
		t.Fatalf("plan sent %d messages", n)
	}

	// Ephemeral variables are given again when the saved plan is applied.
	run(0, append([]string{"apply", "-no-color"}, append(vars, "tfplan")...)...)
	msgs := mock.Messages()
	if len(msgs) != 1 {
		t.Fatalf("mock received %d messages, want 1", len(msgs))
	}
	if want := "Break-glass code: " + code + ", [[First Name]]"; msgs[0].Text != want {
		t.Errorf("mock received text %q, want %q", msgs[0].Text, want)
	}
	if got := recipientNumbers(msgs[0]); !slices.Equal(got, []string{"+61421000001"}) {
		t.Errorf("recipients %q, want +61421000001", got)
	}
	wantDest := []map[string]any{{"Recipient": "+61421000001", "First Name": responder, "Custom1": code}}
	if !reflect.DeepEqual(msgs[0].Destinations, wantDest) {
		t.Errorf("destinations received\n got %v\nwant %v", msgs[0].Destinations, wantDest)
	}
	acctest.ExpectNotStored(t, []string{filepath.Join(dir, "terraform.tfstate")}, code, responder)
	show := run(0, "show", "-no-color", "-json")
	if strings.Contains(show, code) || strings.Contains(show, responder) {
		t.Errorf("terraform show -json holds the ephemeral values:\n%s", show)
	}
}

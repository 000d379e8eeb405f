package messaging_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// What v3.00 cannot carry fails at plan, and again at invoke (a value from
// another resource is known only then), naming it and api_version, and
// nothing is sent: charge_code, and the resubmit action as a whole. v2.04
// carries both.
func TestMessageActions_versionOnly(t *testing.T) {
	mock := acctest.NewMock(t)
	mock.APIVersion = "v3.00"
	h := acctest.NewActionHarness(t, mock, nil)
	chargeCode := tftypes.NewAttributePath().WithAttributeName("charge_code").String()
	send := map[string]any{"message": "Hi", "destinations": []map[string]any{{"recipient": "+61421000001"}}, "charge_code": "OPS-1"}

	acctest.ExpectErrorAt(t, h.Plan("bestsms_message", send), chargeCode, `charge_code cannot be used with api_version = "v3.00"`)
	acctest.ExpectErrorAt(t, h.InvokeOnly(context.Background(), "bestsms_message", send).Diags, chargeCode, "charge_code cannot be used")

	const refused = `bestsms_message_resubmit cannot be used with api_version = "v3.00"`
	resubmit := map[string]any{"message_id": "ack-me"}
	if d := h.Plan("bestsms_message_resubmit", resubmit); !strings.Contains(acctest.DiagsText(d), refused) || !acctest.HasErrorDiag(d) {
		t.Errorf("resubmit plan on v3.00: want the version error, got:\n%s", acctest.DiagsText(d))
	}
	if d := h.InvokeOnly(context.Background(), "bestsms_message_resubmit", resubmit).Diags; !strings.Contains(acctest.DiagsText(d), refused) {
		t.Errorf("resubmit invoke on v3.00: want the version error, got:\n%s", acctest.DiagsText(d))
	}
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("refused actions reached the API: %d requests", n)
	}

	h = acctest.NewActionHarness(t, acctest.NewMock(t), nil)
	acctest.RequireNoErrorDiags(t, "plan on v2.04", h.Plan("bestsms_message", send))
	acctest.RequireNoErrorDiags(t, "resubmit plan on v2.04", h.Plan("bestsms_message_resubmit", resubmit))
}

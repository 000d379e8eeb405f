package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

// The text and personalisation of both send actions are write-only; the
// served provider validates values of them (Terraform 1.15 passes
// ephemeral ones), with every other check kept.
func TestWriteOnlyActions(t *testing.T) {
	mock := acctest.NewMock(t)
	h := acctest.NewActionHarness(t, mock, mock.GatewayArgs())
	for action, attrs := range map[string][]string{
		"bestsms_message":     {"message", "destinations.attention", "destinations.custom9"},
		"bestsms_gateway_sms": {"message", "contacts.first_name", "contacts.last_name", "contacts.override_message"},
	} {
		schema := h.Schemas.ActionSchemas[action].Schema.Block
		for _, a := range attrs {
			if !writeOnly(schema, a) {
				t.Errorf("%s: %s is not write-only", action, a)
			}
		}
	}

	message := map[string]any{
		"message":      "Break-glass code: 314159",
		"destinations": []map[string]any{{"recipient": "0421 000 001", "first_name": "Ana", "custom1": "x"}},
	}
	acctest.RequireNoErrorDiags(t, "ValidateActionConfig of bestsms_message", h.Validate("bestsms_message", message))
	acctest.RequireNoErrorDiags(t, "ValidateActionConfig of bestsms_gateway_sms", h.Validate("bestsms_gateway_sms", map[string]any{
		"message":  "Code 314159",
		"contacts": []map[string]any{{"phone": "+2348086689567", "first_name": "Ada", "override_message": "Ada: 314159"}},
	}))
	// The attributes' own checks still apply.
	acctest.ExpectErrorAt(t, h.Validate("bestsms_message", map[string]any{
		"message": "  ", "destinations": []map[string]any{{"recipient": "0421 000 001"}},
	}), `AttributeName("message")`, "other than white space")
	acctest.ExpectErrorAt(t, h.Validate("bestsms_gateway_sms", map[string]any{
		"message": "x", "contacts": []map[string]any{{"phone": "+2348086689567", "override_message": " "}},
	}), `AttributeName("contacts").ElementKeyInt(0).AttributeName("override_message")`, "other than white space")
	acctest.ExpectErrorAt(t, h.Validate("bestsms_message", map[string]any{
		"message": "x", "destinations": []map[string]any{{"group_code": "Team", "first_name": "Ana"}},
	}), `AttributeName("destinations").ElementKeyInt(0).AttributeName("first_name")`, "Personalisation Needs A Recipient")

	// What the wrapper works around: the framework's own server refuses
	// every value of a write-only action attribute. When this fails, a
	// framework release validates actions properly: remove
	// writeOnlyActionsServer (write_only_actions.go).
	bare := providerserver.NewProtocol6(provider.New("test")())()
	as, ok := bare.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("the framework's server %T serves no actions", bare)
	}
	resp, err := as.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
		ActionType: "bestsms_message",
		Config:     h.Dynamic(h.Schemas.ActionSchemas["bestsms_message"].Schema.ValueType(), message),
	})
	if err != nil {
		t.Fatal(err)
	}
	if text := acctest.DiagsText(resp.Diagnostics); !strings.Contains(text, "WriteOnly Attribute Not Allowed") {
		t.Errorf("the framework's server now accepts write-only action attributes (%q): remove writeOnlyActionsServer", text)
	}
}

// writeOnly reports whether the attribute at path ("a" or "a.b", a nested
// attribute) of block is write-only.
func writeOnly(block *tfprotov6.SchemaBlock, path string) bool {
	first, rest, nested := strings.Cut(path, ".")
	for _, a := range block.Attributes {
		if a.Name != first {
			continue
		}
		if !nested {
			return a.WriteOnly
		}
		if a.NestedType == nil {
			return false
		}
		for _, na := range a.NestedType.Attributes {
			if na.Name == rest {
				return na.WriteOnly
			}
		}
	}
	return false
}

package messaging_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// The ephemeral resource has the data source's schema: the same filters
// and result, so both read received SMS the same way.
func TestReceivedSMSEphemeralResource_schemaIsTheDataSources(t *testing.T) {
	mock := acctest.NewMock(t)
	h := acctest.NewActionHarness(t, mock, nil)
	eph, ok := h.Schemas.EphemeralResourceSchemas["bestsms_received_sms"]
	if !ok {
		t.Fatal("no ephemeral resource bestsms_received_sms")
	}
	ds := h.Schemas.DataSourceSchemas["bestsms_received_sms"]
	if !eph.ValueType().Equal(ds.ValueType()) {
		t.Errorf("types differ:\n ephemeral   %s\n data source %s", eph.ValueType(), ds.ValueType())
	}
	describe := func(s *tfprotov6.Schema) map[string]string {
		out := map[string]string{}
		for _, a := range s.Block.Attributes {
			out[a.Name] = fmt.Sprintf("required=%t optional=%t computed=%t: %s", a.Required, a.Optional, a.Computed, a.Description)
		}
		return out
	}
	if e, d := describe(eph), describe(ds); !reflect.DeepEqual(e, d) {
		t.Errorf("attributes differ:\n ephemeral   %v\n data source %v", e, d)
	}
}

// Opened through the provider server: the newest message, and the data
// source's checks.
func TestReceivedSMSEphemeralResource_open(t *testing.T) {
	mock := acctest.NewMock(t)
	h := acctest.NewActionHarness(t, mock, nil)
	for _, text := range []string{"an older text", "Your verification code is 482913"} {
		if _, err := mock.Inbound("+61421000077", text, ""); err != nil {
			t.Fatal(err)
		}
	}
	typ := h.Schemas.EphemeralResourceSchemas["bestsms_received_sms"].ValueType()
	open := func(config map[string]any) *tfprotov6.OpenEphemeralResourceResponse {
		t.Helper()
		resp, err := h.Srv.OpenEphemeralResource(context.Background(), &tfprotov6.OpenEphemeralResourceRequest{
			TypeName: "bestsms_received_sms", Config: h.Dynamic(typ, config),
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := open(map[string]any{"max_records": 1})
	acctest.RequireNoErrorDiags(t, "OpenEphemeralResource", resp.Diagnostics)
	v, err := resp.Result.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]tftypes.Value
	var msgs []tftypes.Value
	var msg map[string]tftypes.Value
	var text, from string
	if err := v.As(&obj); err != nil {
		t.Fatal(err)
	}
	if err := obj["messages"].As(&msgs); err != nil || len(msgs) != 1 {
		t.Fatalf("messages = %v (%v), want 1", obj["messages"], err)
	}
	if err := msgs[0].As(&msg); err != nil {
		t.Fatal(err)
	}
	if err := msg["message"].As(&text); err != nil || text != "Your verification code is 482913" {
		t.Errorf("message = %q (%v), want the newest text", text, err)
	}
	if err := msg["from"].As(&from); err != nil || from != "+61421000077" {
		t.Errorf("from = %q (%v)", from, err)
	}

	resp = open(map[string]any{"date_from": "2030-01-02", "date_to": "2030-01-01"})
	acctest.ExpectErrorAt(t, resp.Diagnostics, `AttributeName("date_to")`, "must be after date_from")

	vr, err := h.Srv.ValidateEphemeralResourceConfig(context.Background(), &tfprotov6.ValidateEphemeralResourceConfigRequest{
		TypeName: "bestsms_received_sms", Config: h.Dynamic(typ, map[string]any{"date_from": "2030-01-01", "time_period_minutes": 5}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(acctest.DiagsText(vr.Diagnostics), "date_to") {
		t.Errorf("date_from without date_to validated:\n%s", acctest.DiagsText(vr.Diagnostics))
	}
}

// Through the CLI (Terraform 1.10+, OpenTofu 1.11+): a verification code
// texted to the account is read by the ephemeral resource and checked by a
// postcondition (against its hash, so that the configuration does not
// hold it either), and neither the saved plan nor the state holds it.
func TestAccReceivedSMSEphemeralResource(t *testing.T) {
	tf := acctest.AcceptanceCLI(t, acctest.Ephemeral)
	mock := acctest.NewMock(t)
	const code = "Your verification code is 482913"
	sum := sha256.Sum256([]byte(code))
	dir := t.TempDir()
	acctest.WriteTestFile(t, filepath.Join(dir, "main.tf"), acctest.SourceBlock+mock.ProviderBlock()+`
ephemeral "bestsms_received_sms" "verification" {
  time_period_minutes = 10
  max_records         = 1
  lifecycle {
    postcondition {
      condition     = try(sha256(self.messages[0].message), "") == "`+hex.EncodeToString(sum[:])+`"
      error_message = "No verification code was received."
    }
  }
}

resource "terraform_data" "provisioned" {
  input = "done"
}
`)
	run := acctest.CLIRunner(t, tf, dir)

	// Nothing received yet: the postcondition fails, so it does check.
	if out := run(1, "plan", "-no-color"); !strings.Contains(out, "No verification code was received.") {
		t.Fatalf("plan without a received code:\n%s", out)
	}
	if _, err := mock.Inbound("+61421000077", code, ""); err != nil {
		t.Fatal(err)
	}
	mock.ResetStats()
	run(0, "plan", "-no-color", "-out=tfplan")
	if n := mock.Stats().Routes["GET get/sms/received"]; n != 1 {
		t.Errorf("the plan read the received SMS %d times, want once", n)
	}
	run(0, "apply", "-no-color", "tfplan")
	acctest.ExpectNotStored(t, []string{filepath.Join(dir, "tfplan"), filepath.Join(dir, "terraform.tfstate")}, "482913")
	if out := run(0, "plan", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes.") {
		t.Errorf("plan after apply is not empty:\n%s", out)
	}
}

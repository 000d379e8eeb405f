package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Actions need Terraform ≥ 1.14. Besides the tests through such a CLI
// (message_action_acc_test.go, skipped on older ones), they are tested here
// at the protocol layer (contributing/architecture.md §6), on any CLI and
// without one: the provider server is driven directly through
// ConfigureProvider, ValidateActionConfig, PlanAction and InvokeAction.

// actionServer is the provider server seen as both provider and action
// server.
type actionServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
}

// actionHarness is a configured provider server talking to a test mock.
type actionHarness struct {
	t       *testing.T
	srv     actionServer
	schemas *tfprotov6.GetProviderSchemaResponse
	mock    *testMock
}

// newActionHarness starts a provider server (polling every few
// milliseconds) and configures it against mock with the given extra
// provider arguments.
func newActionHarness(t *testing.T, mock *testMock, providerArgs map[string]any) *actionHarness {
	t.Helper()
	return newActionHarnessFor(t, NewWithTimings("test", Timings{PollInterval: 5 * time.Millisecond})(), mock, providerArgs)
}

// newActionHarnessFor is newActionHarness for a provider of the test's own.
func newActionHarnessFor(t *testing.T, p provider.Provider, mock *testMock, providerArgs map[string]any) *actionHarness {
	t.Helper()
	ctx := context.Background()
	srv := NewProtocol6Server(p)
	as, ok := srv.(actionServer)
	if !ok {
		t.Fatalf("provider server %T does not serve actions", srv)
	}
	schemas, err := as.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrorDiags(t, "GetProviderSchema", schemas.Diagnostics)
	h := &actionHarness{t: t, srv: as, schemas: schemas, mock: mock}

	args := map[string]any{"base_url": mock.URL + "/api", "auth_token": testToken}
	for k, v := range providerArgs {
		args[k] = v
	}
	cfg := h.dynamic(schemas.Provider.ValueType(), args)
	resp, err := as.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrorDiags(t, "ConfigureProvider", resp.Diagnostics)
	return h
}

// actionType returns the object type of an action's configuration.
func (h *actionHarness) actionType(name string) tftypes.Object {
	h.t.Helper()
	s, ok := h.schemas.ActionSchemas[name]
	if !ok {
		h.t.Fatalf("no action schema %q", name)
	}
	obj, ok := s.Schema.ValueType().(tftypes.Object)
	if !ok {
		h.t.Fatalf("action %q: value type is %T, want an object", name, s.Schema.ValueType())
	}
	return obj
}

// dynamic builds a DynamicValue of type typ from Go values (see value).
func (h *actionHarness) dynamic(typ tftypes.Type, v any) *tfprotov6.DynamicValue {
	h.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, value(h.t, typ, v))
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

// unknown marks a value as not known yet.
type unknown struct{}

// value converts a Go value to a tftypes.Value of typ: map[string]any for
// objects (missing attributes are null), []map[string]any or []any for
// lists, string, bool, int and unknown{}; nil is null.
func value(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	if _, ok := v.(unknown); ok {
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	}
	switch typ := typ.(type) {
	case tftypes.Object:
		in, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("object value must be map[string]any, got %T", v)
		}
		for k := range in {
			if _, ok := typ.AttributeTypes[k]; !ok {
				t.Fatalf("unknown attribute %q", k)
			}
		}
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			vals[name] = value(t, at, in[name])
		}
		return tftypes.NewValue(typ, vals)
	case tftypes.List:
		var elems []tftypes.Value
		switch in := v.(type) {
		case []map[string]any:
			for _, e := range in {
				elems = append(elems, value(t, typ.ElementType, e))
			}
		case []any:
			for _, e := range in {
				elems = append(elems, value(t, typ.ElementType, e))
			}
		default:
			t.Fatalf("list value must be a slice, got %T", v)
		}
		return tftypes.NewValue(typ, elems)
	}
	if typ.Is(tftypes.Number) {
		if n, ok := v.(int); ok {
			return tftypes.NewValue(typ, int64(n))
		}
	}
	return tftypes.NewValue(typ, v)
}

// validate runs ValidateActionConfig.
func (h *actionHarness) validate(action string, config map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.srv.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
		ActionType: action, Config: h.dynamic(h.actionType(action), config),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

// plan runs PlanAction.
func (h *actionHarness) plan(action string, config map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.srv.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{
		ActionType: action, Config: h.dynamic(h.actionType(action), config),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

// invokeResult is what an invocation streamed.
type invokeResult struct {
	progress []string
	diags    []*tfprotov6.Diagnostic
}

// invoke runs validate, plan and invoke, as Terraform does, and collects
// the events. Validation or plan errors stop before invoking.
func (h *actionHarness) invoke(ctx context.Context, action string, config map[string]any) invokeResult {
	h.t.Helper()
	if d := h.validate(action, config); hasErrorDiag(d) {
		return invokeResult{diags: d}
	}
	if d := h.plan(action, config); hasErrorDiag(d) {
		return invokeResult{diags: d}
	}
	return h.invokeOnly(ctx, action, config)
}

// invokeOnly runs InvokeAction alone, as Terraform does for a configuration
// whose values were unknown at validation and at plan (they came from
// resources applied in the same run).
func (h *actionHarness) invokeOnly(ctx context.Context, action string, config map[string]any) invokeResult {
	h.t.Helper()
	stream, err := h.srv.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{
		ActionType: action, Config: h.dynamic(h.actionType(action), config),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	var res invokeResult
	completed := 0
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			res.progress = append(res.progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			res.diags = append(res.diags, e.Diagnostics...)
		}
	}
	if completed != 1 {
		h.t.Fatalf("invocation sent %d completion events, want 1", completed)
	}
	return res
}

func hasErrorDiag(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func requireNoErrorDiags(t *testing.T, what string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	if hasErrorDiag(diags) {
		t.Fatalf("%s: unexpected error diagnostics:\n%s", what, diagsText(diags))
	}
}

// diagsText renders diagnostics with their attribute paths.
func diagsText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "[%s] %s: %s", d.Severity, d.Summary, d.Detail)
		if d.Attribute != nil {
			fmt.Fprintf(&b, " (at %s)", d.Attribute.String())
		}
		b.WriteString("\n")
	}
	return b.String()
}

// expectErrorAt asserts one error diagnostic whose attribute path renders
// as wantPath (e.g. `AttributeName("destinations").ElementKeyInt(0).AttributeName("recipient")`)
// and whose text matches wantText.
func expectErrorAt(t *testing.T, diags []*tfprotov6.Diagnostic, wantPath, wantText string) {
	t.Helper()
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityError || d.Attribute == nil {
			continue
		}
		if d.Attribute.String() == wantPath && strings.Contains(d.Summary+" "+d.Detail, wantText) {
			return
		}
	}
	t.Errorf("no error at %s containing %q; got:\n%s", wantPath, wantText, diagsText(diags))
}

package acctest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
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

// ActionHarness is a configured provider server talking to a test mock.
type ActionHarness struct {
	T       *testing.T
	Srv     actionServer
	Schemas *tfprotov6.GetProviderSchemaResponse
	mock    *Mock
}

// NewActionHarness starts a provider server (polling every few
// milliseconds) and configures it against mock with the given extra
// provider arguments.
func NewActionHarness(t *testing.T, mock *Mock, providerArgs map[string]any) *ActionHarness {
	t.Helper()
	return NewActionHarnessFor(t, provider.NewWithTimings("test", provider.Timings{PollInterval: 5 * time.Millisecond})(), mock, providerArgs)
}

// NewActionHarnessFor is NewActionHarness for a provider of the test's own.
func NewActionHarnessFor(t *testing.T, p fwprovider.Provider, mock *Mock, providerArgs map[string]any) *ActionHarness {
	t.Helper()
	ctx := context.Background()
	srv := provider.NewProtocol6Server(p)
	as, ok := srv.(actionServer)
	if !ok {
		t.Fatalf("provider server %T does not serve actions", srv)
	}
	schemas, err := as.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	RequireNoErrorDiags(t, "GetProviderSchema", schemas.Diagnostics)
	h := &ActionHarness{T: t, Srv: as, Schemas: schemas, mock: mock}

	args := map[string]any{"base_url": mock.URL + "/api", "auth_token": Token}
	if mock.APIVersion != "" {
		args["api_version"] = mock.APIVersion
	}
	for k, v := range providerArgs {
		args[k] = v
	}
	cfg := h.Dynamic(schemas.Provider.ValueType(), args)
	resp, err := as.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	RequireNoErrorDiags(t, "ConfigureProvider", resp.Diagnostics)
	return h
}

// actionType returns the object type of an action's configuration.
func (h *ActionHarness) actionType(name string) tftypes.Object {
	h.T.Helper()
	s, ok := h.Schemas.ActionSchemas[name]
	if !ok {
		h.T.Fatalf("no action schema %q", name)
	}
	obj, ok := s.Schema.ValueType().(tftypes.Object)
	if !ok {
		h.T.Fatalf("action %q: value type is %T, want an object", name, s.Schema.ValueType())
	}
	return obj
}

// Dynamic builds a DynamicValue of type typ from Go values (see value).
func (h *ActionHarness) Dynamic(typ tftypes.Type, v any) *tfprotov6.DynamicValue {
	h.T.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, value(h.T, typ, v))
	if err != nil {
		h.T.Fatal(err)
	}
	return &dv
}

// Unknown marks a value as not known yet.
type Unknown struct{}

// value converts a Go value to a tftypes.Value of typ: map[string]any for
// objects (missing attributes are null), []map[string]any or []any for
// lists, string, bool, int and unknown{}; nil is null.
func value(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	if _, ok := v.(Unknown); ok {
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

// Validate runs ValidateActionConfig.
func (h *ActionHarness) Validate(action string, config map[string]any) []*tfprotov6.Diagnostic {
	h.T.Helper()
	resp, err := h.Srv.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
		ActionType: action, Config: h.Dynamic(h.actionType(action), config),
	})
	if err != nil {
		h.T.Fatal(err)
	}
	return resp.Diagnostics
}

// Plan runs PlanAction.
func (h *ActionHarness) Plan(action string, config map[string]any) []*tfprotov6.Diagnostic {
	h.T.Helper()
	resp, err := h.Srv.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{
		ActionType: action, Config: h.Dynamic(h.actionType(action), config),
	})
	if err != nil {
		h.T.Fatal(err)
	}
	return resp.Diagnostics
}

// invokeResult is what an invocation streamed.
type invokeResult struct {
	Progress []string
	Diags    []*tfprotov6.Diagnostic
}

// Invoke runs validate, plan and invoke, as Terraform does, and collects
// the events. Validation or plan errors stop before invoking.
func (h *ActionHarness) Invoke(ctx context.Context, action string, config map[string]any) invokeResult {
	h.T.Helper()
	if d := h.Validate(action, config); HasErrorDiag(d) {
		return invokeResult{Diags: d}
	}
	if d := h.Plan(action, config); HasErrorDiag(d) {
		return invokeResult{Diags: d}
	}
	return h.InvokeOnly(ctx, action, config)
}

// InvokeOnly runs InvokeAction alone, as Terraform does for a configuration
// whose values were unknown at validation and at plan (they came from
// resources applied in the same run).
func (h *ActionHarness) InvokeOnly(ctx context.Context, action string, config map[string]any) invokeResult {
	h.T.Helper()
	stream, err := h.Srv.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{
		ActionType: action, Config: h.Dynamic(h.actionType(action), config),
	})
	if err != nil {
		h.T.Fatal(err)
	}
	var res invokeResult
	completed := 0
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			res.Progress = append(res.Progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			res.Diags = append(res.Diags, e.Diagnostics...)
		}
	}
	if completed != 1 {
		h.T.Fatalf("invocation sent %d completion events, want 1", completed)
	}
	return res
}

func HasErrorDiag(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func RequireNoErrorDiags(t *testing.T, what string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	if HasErrorDiag(diags) {
		t.Fatalf("%s: unexpected error diagnostics:\n%s", what, DiagsText(diags))
	}
}

// DiagsText renders diagnostics with their attribute paths.
func DiagsText(diags []*tfprotov6.Diagnostic) string {
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

// ExpectErrorAt asserts one error diagnostic whose attribute path renders
// as wantPath (e.g. `AttributeName("destinations").ElementKeyInt(0).AttributeName("recipient")`)
// and whose text matches wantText.
func ExpectErrorAt(t *testing.T, diags []*tfprotov6.Diagnostic, wantPath, wantText string) {
	t.Helper()
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityError || d.Attribute == nil {
			continue
		}
		if d.Attribute.String() == wantPath && strings.Contains(d.Summary+" "+d.Detail, wantText) {
			return
		}
	}
	t.Errorf("no error at %s containing %q; got:\n%s", wantPath, wantText, DiagsText(diags))
}

// PlanResource runs PlanResourceChange for a resource of type typ, as
// Terraform plans it: a new one when prior is nil, else a change of the
// object prior (its attribute values). The proposed new state is config,
// with the prior values of the computed attributes config leaves out
// (Terraform's proposal); attributes neither sets are null.
func (h *ActionHarness) PlanResource(typ string, prior, config map[string]any) *tfprotov6.PlanResourceChangeResponse {
	h.T.Helper()
	s, ok := h.Schemas.ResourceSchemas[typ]
	if !ok {
		h.T.Fatalf("no resource schema %q", typ)
	}
	obj := s.ValueType()
	proposed := map[string]any{}
	for _, a := range s.Block.Attributes {
		if v, set := config[a.Name]; set {
			proposed[a.Name] = v
		} else if v, set := prior[a.Name]; set && a.Computed {
			proposed[a.Name] = v
		}
	}
	var priorState *tfprotov6.DynamicValue
	if prior == nil {
		priorState = h.Dynamic(obj, nil)
	} else {
		priorState = h.Dynamic(obj, prior)
	}
	resp, err := h.Srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName:         typ,
		PriorState:       priorState,
		ProposedNewState: h.Dynamic(obj, proposed),
		Config:           h.Dynamic(obj, config),
	})
	if err != nil {
		h.T.Fatal(err)
	}
	return resp
}

// PlannedValues returns the attribute values of a resource plan's planned
// state, by name.
func (h *ActionHarness) PlannedValues(typ string, resp *tfprotov6.PlanResourceChangeResponse) map[string]tftypes.Value {
	h.T.Helper()
	return h.object(resp.PlannedState, h.Schemas.ResourceSchemas[typ].ValueType())
}

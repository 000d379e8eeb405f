package framework

import (
	"context"
	"strconv"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What the kinds served outside the framework's server share
// (bestsms_contact_list and bestsms_group_members, each of whose RPCs its
// area's server answers with plain Go values because the framework's walks
// over every value cost seconds per request at thousands of values; see
// contactlist_server.go and group_members_server.go): cancelling their
// operations on StopProvider, diagnostics and values for the wire, and
// the upgrade of their state.

// KindServer is what a server that answers the RPCs of one resource type
// itself, and hands every other RPC to the next server, is built on: the
// next server, the type it serves, the provider's data and the operations
// to cancel on StopProvider. Embed it, and answer the type's RPCs when
// Serves says so.
type KindServer struct {
	ProviderServer
	typeName string
	data     func() *ProviderData
	stops    *StopRegistry
}

// NewKindServer is the base of a server of typeName in front of next; data
// returns what the provider's Configure handed to every kind (nil before
// the provider is configured).
func NewKindServer(next ProviderServer, typeName string, data func() *ProviderData) KindServer {
	return KindServer{ProviderServer: next, typeName: typeName, data: data, stops: &StopRegistry{}}
}

// Serves reports whether an RPC for typeName is this server's.
func (s KindServer) Serves(typeName string) bool { return typeName == s.typeName }

// Data is the provider's data; nil before the provider is configured
// (validation can happen then).
func (s KindServer) Data() *ProviderData { return s.data() }

// ConfiguredData is the provider's data for an operation that needs the
// API; before the provider is configured (which Terraform never asks for)
// it is nil, with an error.
func (s KindServer) ConfiguredData(operation string, diags *diag.Diagnostics) *ProviderData {
	d := s.data()
	if d == nil {
		diags.AddError("Provider Not Configured", s.typeName+" was "+operation+" before the provider was configured. "+
			"This is a bug in the provider; please report it.")
	}
	return d
}

// Track returns a context that StopProvider cancels, and the function that
// releases it when the operation ends (see StopRegistry).
func (s KindServer) Track(ctx context.Context) (context.Context, func()) { return s.stops.Track(ctx) }

// StopProvider cancels the operations of this server, then passes the RPC
// on.
func (s KindServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	s.stops.StopAll()
	return s.ProviderServer.StopProvider(ctx, req)
}

// StopRegistry cancels the operations a server of its own runs when
// Terraform stops the provider (StopProvider, sent on an interrupt), as the
// framework does for the operations it runs: no new API call starts, and
// calls already sent finish, so the state records what was done. The zero
// value is ready; share it by pointer.
type StopRegistry struct {
	mu      sync.Mutex
	next    int
	cancels map[int]context.CancelFunc
}

// Track returns a context that StopAll cancels, and the function that
// releases it when the operation ends.
func (r *StopRegistry) Track(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancels == nil {
		r.cancels = map[int]context.CancelFunc{}
	}
	id := r.next
	r.next++
	r.cancels[id] = cancel
	return ctx, func() {
		r.mu.Lock()
		delete(r.cancels, id)
		r.mu.Unlock()
		cancel()
	}
}

// StopAll cancels every operation being tracked.
func (r *StopRegistry) StopAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, cancel := range r.cancels {
		cancel()
	}
}

// ProtoDiagnostics converts diagnostics for the wire, with their attribute
// paths (see ProtoPath).
func ProtoDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityWarning {
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = ProtoPath(ctx, dp.Path())
		}
		out = append(out, pd)
	}
	return out
}

// ProtoPath converts a path of root attributes, map keys, list indexes,
// set values and object attributes (what the diagnostics of those kinds
// use) for the wire.
func ProtoPath(ctx context.Context, p path.Path) *tftypes.AttributePath {
	tp := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			tp = tp.WithAttributeName(string(s))
		case path.PathStepElementKeyString:
			tp = tp.WithElementKeyString(string(s))
		case path.PathStepElementKeyInt:
			tp = tp.WithElementKeyInt(int(s))
		case path.PathStepElementKeyValue:
			if v, err := s.ToTerraformValue(ctx); err == nil {
				tp = tp.WithElementKeyValue(v)
			}
		}
	}
	return tp
}

// StringFromTerraform converts a Terraform string value (unknown, null or
// known).
func StringFromTerraform(v tftypes.Value) (types.String, error) {
	switch {
	case !v.IsKnown():
		return types.StringUnknown(), nil
	case v.IsNull():
		return types.StringNull(), nil
	}
	var s string
	if err := v.As(&s); err != nil {
		return types.String{}, err
	}
	return types.StringValue(s), nil
}

// StringToTerraform converts a string to a Terraform value.
func StringToTerraform(s types.String) tftypes.Value {
	switch {
	case s.IsUnknown():
		return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	case s.IsNull():
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, s.ValueString())
}

// EncodeDynamic encodes v, of type typ, for the wire; kind names the
// resource type in the (never expected) error.
func EncodeDynamic(typ tftypes.Type, v tftypes.Value, kind string, diags *diag.Diagnostics) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		diags.AddError("Unexpected Resource Value", "The provider could not encode a "+kind+" value: "+err.Error()+
			". This is a bug in the provider; please report it.")
		return nil
	}
	return &dv
}

// UpgradeState reads the state Terraform stored for a kind served outside
// the framework: schema version 0, the only one, read in the current
// type typ; attributes the type no longer has are dropped. kind names the
// resource type in errors.
func UpgradeState(req *tfprotov6.UpgradeResourceStateRequest, typ tftypes.Type, kind string, diags *diag.Diagnostics) *tfprotov6.DynamicValue {
	switch {
	case req.Version != 0:
		diags.AddError("Unable to Upgrade Resource State", "The state of this "+kind+" was written by a newer version of "+
			"the provider (schema version "+strconv.FormatInt(req.Version, 10)+"). Use that version or a later one.")
		return nil
	case req.RawState == nil:
		return nil
	}
	v, err := req.RawState.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		diags.AddError("Unable to Read Resource State", "The state of this "+kind+" could not be read: "+err.Error())
		return nil
	}
	return EncodeDynamic(typ, v, kind, diags)
}

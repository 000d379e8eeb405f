package contactlist

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// contactListServer serves the RPCs of bestsms_contact_list with
// contactListEngine directly, and every other RPC through the framework's
// server.
//
// Why: what terraform-plugin-framework (v1.19) does around a resource's
// methods walks every value of the resource several times per RPC
// (defaults, null collections, computed values marked unknown, conversions
// between its value types), each walk allocating per value. For a list
// that is per entry and attribute: measured in-process with 10,000 entries
// of 5 attributes, a no-change PlanResourceChange took 5.4 s of CPU
// through the framework, and terraform plan calls ReadResource,
// PlanResourceChange and more. Served here, each RPC is one conversion
// from and to the wire and one pass over the entries.
//
// The schema still comes from the framework (contactListResource), so the
// docs and GetProviderSchema are the framework's; the resource has no
// defaults, computed values or semantic equality of the framework's to
// replicate: the engine plans contact_ids, and keeps phone numbers in the
// configuration's spelling itself.
type contactListServer struct {
	framework.KindServer
}

// NewContactListServer serves bestsms_contact_list in front of next, the
// framework's server of the provider; data returns what the provider's
// Configure handed to every kind (nil before it is configured).
func NewContactListServer(next framework.ProviderServer, data func() *framework.ProviderData) framework.ProviderServer {
	return contactListServer{framework.NewKindServer(next, contactListTypeName, data)}
}

func (s contactListServer) engine() contactListEngine {
	return contactListEngine{data: s.Data()}
}

func (s contactListServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.ValidateResourceConfig(ctx, req)
	}
	var diags diag.Diagnostics
	if cfg, ok := decodeDynamic(req.Config, &diags); ok {
		diags.Append(s.engine().validate(ctx, cfg)...)
	}
	return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: framework.ProtoDiagnostics(ctx, diags)}, nil
}

func (s contactListServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	var diags diag.Diagnostics
	prior, ok1 := decodeDynamic(req.PriorState, &diags)
	proposed, ok2 := decodeDynamic(req.ProposedNewState, &diags)
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedPrivate: req.PriorPrivate}
	if ok1 && ok2 {
		planned, planDiags := s.engine().plan(ctx, prior, proposed)
		diags.Append(planDiags...)
		resp.PlannedState = encodeDynamic(planned, &diags)
	}
	resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
	return resp, nil
}

func (s contactListServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.ApplyResourceChange(ctx, req)
	}
	ctx, done := s.Track(ctx)
	defer done()
	var diags diag.Diagnostics
	prior, ok1 := decodeDynamic(req.PriorState, &diags)
	planned, ok2 := decodeDynamic(req.PlannedState, &diags)
	resp := &tfprotov6.ApplyResourceChangeResponse{Private: req.PlannedPrivate}
	if e, ok := s.configuredEngine("applied", &diags); ok && ok1 && ok2 {
		var res listResult
		switch {
		case planned.null:
			res = e.delete(ctx, prior)
		case prior.null:
			res = e.create(ctx, planned)
		default:
			res = e.update(ctx, prior, planned)
		}
		diags.Append(res.diags...)
		resp.NewState = encodeDynamic(res.value, &diags)
	}
	resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
	return resp, nil
}

// configuredEngine returns the engine of the configured provider (see
// framework.KindServer.ConfiguredData).
func (s contactListServer) configuredEngine(operation string, diags *diag.Diagnostics) (contactListEngine, bool) {
	d := s.ConfiguredData(operation, diags)
	return contactListEngine{data: d}, d != nil
}

func (s contactListServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	ctx, done := s.Track(ctx)
	defer done()
	var diags diag.Diagnostics
	resp := &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}
	state, ok := decodeDynamic(req.CurrentState, &diags)
	if !ok || state.null {
		resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
		return resp, nil
	}
	if e, ok := s.configuredEngine("read", &diags); ok {
		res := e.read(ctx, state)
		diags.Append(res.diags...)
		resp.NewState = encodeDynamic(res.value, &diags)
	}
	resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
	return resp, nil
}

func (s contactListServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.ImportResourceState(ctx, req)
	}
	ctx, done := s.Track(ctx)
	defer done()
	var diags diag.Diagnostics
	resp := &tfprotov6.ImportResourceStateResponse{}
	if e, ok := s.configuredEngine("imported", &diags); ok {
		res := e.importState(ctx, req.ID)
		diags.Append(res.diags...)
		if !res.diags.HasError() {
			resp.ImportedResources = []*tfprotov6.ImportedResource{{TypeName: req.TypeName, State: encodeDynamic(res.value, &diags)}}
		}
	}
	resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
	return resp, nil
}

// UpgradeResourceState reads the state Terraform stored (see
// framework.UpgradeState).
func (s contactListServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	var diags diag.Diagnostics
	upgraded := framework.UpgradeState(req, contactListType().object, contactListTypeName, &diags)
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: upgraded, Diagnostics: framework.ProtoDiagnostics(ctx, diags)}, nil
}

// decodeDynamic reads a list value from the wire; nil is null.
func decodeDynamic(dv *tfprotov6.DynamicValue, diags *diag.Diagnostics) (listValue, bool) {
	if dv == nil {
		return listValue{null: true}, true
	}
	v, err := dv.Unmarshal(contactListType().object)
	if err == nil {
		var lv listValue
		if lv, err = decodeList(v); err == nil {
			return lv, true
		}
	}
	addListValueError(diags, err)
	return listValue{}, false
}

func addListValueError(diags *diag.Diagnostics, err error) {
	diags.AddError("Unexpected Contact List Value", "The provider could not read a bestsms_contact_list value from "+
		"Terraform: "+err.Error()+". This is a bug in the provider; please report it.")
}

func encodeDynamic(v listValue, diags *diag.Diagnostics) *tfprotov6.DynamicValue {
	return framework.EncodeDynamic(contactListType().object, contactListType().encode(v), contactListTypeName, diags)
}

package addressbook

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// groupMembersServer serves the RPCs of bestsms_group_members with
// groupMembersEngine directly, and every other RPC through the next server.
//
// Why: terraform-plugin-framework (v1.19) handles a set attribute in time
// that grows with the square of its size. Around a resource's methods it
// checks a set value for duplicate elements (basetypes.SetType.Validate, a
// comparison of every pair), looks for semantic equality element by element
// with a search of the prior set for each (fwschemadata
// ValueSemanticEqualitySetElements), and logs every element's path, each
// formatted with the element's value. Measured in-process against the mock
// (one ReadResource and one no-change PlanResourceChange of a roster, the
// RPCs of a refreshing plan; 2 shared cores): 300 members 0.39 s and
// 0.11 s, 1,000 6.7 s and 0.47 s, 3,000 76 s and 20 s. terraform plan of
// the large-contact-lists guide's example with 3,000 staff took 41 s, 39 s
// of it in the provider for the all-staff roster. No schema option avoids
// those walks. Served here, each RPC is one conversion from and to the
// wire and one pass over the ids through maps: the same 3,000-member
// roster reads in 0.7 s (the 30 pages of 100 of its member listing; 6
// pages of 500 on v2 since) and plans in 10 ms.
//
// Terraform itself was the other half: when it applies a change to a set
// attribute, it checks every planned element against every element of the
// new state (objchange's assertSetValuesCompatible), which took 84 s
// (35 s of CPU) to remove 10 members of 3,000. contact_ids is therefore a
// list, which Terraform checks element by element (the same removal:
// 0.5 s), and the engine treats it as a set (see membersValue).
//
// The schema and the identity schema still come from the framework
// (groupMembersResource), so the docs, GetProviderSchema and
// GetResourceIdentitySchemas are the framework's; the resource has no
// defaults or semantic equality of the framework's to replicate, and its
// plan modifiers (id kept from the state, a new group_id replaces) are
// planned by the engine.
type groupMembersServer struct {
	framework.KindServer
}

// NewGroupMembersServer serves bestsms_group_members in front of next, the
// framework's server of the provider (or a server in front of it); data
// returns what the provider's Configure handed to every kind (nil before
// it is configured).
func NewGroupMembersServer(next framework.ProviderServer, data func() *framework.ProviderData) framework.ProviderServer {
	return groupMembersServer{framework.NewKindServer(next, groupMembersTypeName, data)}
}

func (s groupMembersServer) engine() groupMembersEngine { return groupMembersEngine{data: s.Data()} }

// configuredEngine returns the engine of the configured provider (see
// framework.KindServer.ConfiguredData).
func (s groupMembersServer) configuredEngine(operation string, diags *diag.Diagnostics) (groupMembersEngine, bool) {
	d := s.ConfiguredData(operation, diags)
	return groupMembersEngine{data: d}, d != nil
}

func (s groupMembersServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.ValidateResourceConfig(ctx, req)
	}
	var diags diag.Diagnostics
	if cfg, ok := decodeMembersDynamic(req.Config, &diags); ok {
		diags.Append(s.engine().validate(ctx, cfg)...)
	}
	return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: framework.ProtoDiagnostics(ctx, diags)}, nil
}

func (s groupMembersServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	var diags diag.Diagnostics
	prior, ok1 := decodeMembersDynamic(req.PriorState, &diags)
	proposed, ok2 := decodeMembersDynamic(req.ProposedNewState, &diags)
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedPrivate: req.PriorPrivate, PlannedIdentity: req.PriorIdentity}
	if ok1 && ok2 {
		planned, replace, planDiags := s.engine().plan(ctx, prior, proposed)
		diags.Append(planDiags...)
		resp.PlannedState = encodeMembersDynamic(planned, &diags)
		for _, p := range replace {
			resp.RequiresReplace = append(resp.RequiresReplace, framework.ProtoPath(ctx, p))
		}
		if !planned.null && !planned.groupID.IsUnknown() && resp.PlannedIdentity == nil {
			resp.PlannedIdentity = encodeIdentityDynamic(planned, &diags)
		}
	}
	resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
	return resp, nil
}

func (s groupMembersServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.ApplyResourceChange(ctx, req)
	}
	ctx, done := s.Track(ctx)
	defer done()
	var diags diag.Diagnostics
	prior, ok1 := decodeMembersDynamic(req.PriorState, &diags)
	planned, ok2 := decodeMembersDynamic(req.PlannedState, &diags)
	resp := &tfprotov6.ApplyResourceChangeResponse{Private: req.PlannedPrivate}
	if e, ok := s.configuredEngine("applied", &diags); ok && ok1 && ok2 {
		var res membersResult
		switch {
		case planned.null:
			res = e.delete(ctx, prior)
		case prior.null:
			res = e.create(ctx, planned)
		default:
			res = e.update(ctx, prior, planned)
		}
		diags.Append(res.diags...)
		resp.NewState = encodeMembersDynamic(res.value, &diags)
		if !res.value.null {
			resp.NewIdentity = encodeIdentityDynamic(res.value, &diags)
		}
	}
	resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
	return resp, nil
}

func (s groupMembersServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	ctx, done := s.Track(ctx)
	defer done()
	var diags diag.Diagnostics
	resp := &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private, NewIdentity: req.CurrentIdentity}
	state, ok := decodeMembersDynamic(req.CurrentState, &diags)
	if !ok || state.null {
		resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
		return resp, nil
	}
	if e, ok := s.configuredEngine("read", &diags); ok {
		res := e.read(ctx, state)
		diags.Append(res.diags...)
		resp.NewState = encodeMembersDynamic(res.value, &diags)
		// The identity comes from the state's group even when the group is
		// gone (see removeResource).
		resp.NewIdentity = encodeIdentityDynamic(state, &diags)
	}
	resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
	return resp, nil
}

// ImportResourceState takes the group's id or, in an import block
// (Terraform 1.12 and later), the identity { group_id }.
func (s groupMembersServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.ImportResourceState(ctx, req)
	}
	var diags diag.Diagnostics
	resp := &tfprotov6.ImportResourceStateResponse{}
	groupID := req.ID
	if groupID == "" && req.Identity != nil && req.Identity.IdentityData != nil {
		groupID = importIdentityGroupID(req.Identity.IdentityData, &diags)
	}
	if !diags.HasError() {
		v := importedMembers(groupID)
		resp.ImportedResources = []*tfprotov6.ImportedResource{{TypeName: req.TypeName,
			State: encodeMembersDynamic(v, &diags), Identity: encodeIdentityDynamic(v, &diags)}}
	}
	resp.Diagnostics = framework.ProtoDiagnostics(ctx, diags)
	return resp, nil
}

// importIdentityGroupID reads the group id of an import identity: a UUID
// (an identity names the object exactly; a group's code is an import id).
func importIdentityGroupID(dv *tfprotov6.DynamicValue, diags *diag.Diagnostics) string {
	v, err := dv.Unmarshal(groupMembersType().identity)
	var gid types.String
	if err == nil {
		gid, err = decodeIdentity(v)
	}
	if err != nil {
		addMembersValueError(diags, err)
		return ""
	}
	groupID := gid.ValueString()
	if !framework.UUIDPattern.MatchString(groupID) {
		diags.AddError("Invalid Import Identity", "The import identity's group_id is "+framework.Quoted(groupID)+
			", which is not a group id: group ids are UUIDs such as "+framework.ExampleUUID+", exactly as `terraform query` "+
			"reports them. To import a group by its code, use an import block with id = \"<code>\" instead of identity.")
	}
	return groupID
}

// UpgradeResourceState reads the state Terraform stored (see
// framework.UpgradeState): a roster's contact_ids, stored as a set before
// it was a list, reads as it is (both are JSON arrays).
func (s groupMembersServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if !s.Serves(req.TypeName) {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	var diags diag.Diagnostics
	upgraded := framework.UpgradeState(req, groupMembersType().object, groupMembersTypeName, &diags)
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: upgraded, Diagnostics: framework.ProtoDiagnostics(ctx, diags)}, nil
}

// decodeMembersDynamic reads a roster value from the wire; nil is null.
func decodeMembersDynamic(dv *tfprotov6.DynamicValue, diags *diag.Diagnostics) (membersValue, bool) {
	if dv == nil {
		return membersValue{null: true}, true
	}
	v, err := dv.Unmarshal(groupMembersType().object)
	if err == nil {
		var mv membersValue
		if mv, err = decodeMembers(v); err == nil {
			return mv, true
		}
	}
	addMembersValueError(diags, err)
	return membersValue{}, false
}

func addMembersValueError(diags *diag.Diagnostics, err error) {
	diags.AddError("Unexpected Group Members Value", "The provider could not read a bestsms_group_members value from "+
		"Terraform: "+err.Error()+". This is a bug in the provider; please report it.")
}

func encodeMembersDynamic(v membersValue, diags *diag.Diagnostics) *tfprotov6.DynamicValue {
	return framework.EncodeDynamic(groupMembersType().object, groupMembersType().encode(v), groupMembersTypeName, diags)
}

// encodeIdentityDynamic is the identity of the roster v for the wire.
func encodeIdentityDynamic(v membersValue, diags *diag.Diagnostics) *tfprotov6.ResourceIdentityData {
	dv := framework.EncodeDynamic(groupMembersType().identity, groupMembersType().encodeIdentity(v.groupID), groupMembersTypeName, diags)
	if dv == nil {
		return nil
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: dv}
}

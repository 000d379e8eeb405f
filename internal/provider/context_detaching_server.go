package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/area/addressbook"
	"github.com/bestsms/terraform-provider-bestsms/internal/area/contactlist"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// NewProtocol6Server returns the framework's protocol 6 server for p,
// wrapped so that it does not keep every request's context alive (and so
// that write-only action attributes take values: writeOnlyActionsServer),
// with the servers of bestsms_contact_list and bestsms_group_members in
// front of it.
//
// Why: terraform-plugin-framework (v1.19, internal/proto6server
// registerContext) derives a cancellable context from the context of every
// RPC and appends its cancel function to a slice that only StopProvider
// empties, so that StopProvider can cancel in-flight requests. Terraform
// calls StopProvider only on an interrupt, so for the life of the process
// that slice keeps every finished request's context reachable, and with it
// everything the context refers to: the loggers and logger options that
// terraform-plugin-go and terraform-plugin-log put in it (with SDK logs off
// too) and the gRPC stream it came from. In a 1000-contact apply that was
// about 36 KiB per resource: the apply's live heap grew from 12 to 48 MiB,
// and the process's peak RSS with it.
//
// The wrapper hands the framework a detachableContext instead: it forwards
// everything (values, deadline, cancellation) to the request's context
// while the RPC runs and lets go of it when the RPC returns, so what the
// framework retains per request is a few small objects.
//
// Only the RPCs that Terraform calls per resource instance, data source,
// function call or action plan are wrapped, and only unary ones: their work
// is done when they return. The once-per-process RPCs (schema, provider
// configuration) and the streaming ones (InvokeAction, ListResource,
// ReadStateBytes, WriteStateBytes, which go on producing after they return)
// pass through unchanged.
func NewProtocol6Server(p provider.Provider) tfprotov6.ProviderServer {
	srv := providerserver.NewProtocol6(p)()
	fs, ok := srv.(framework.ProviderServer)
	if !ok {
		return srv // a framework version serving fewer RPCs: unwrapped
	}
	fs = writeOnlyActionsServer{fs} // see writeOnlyActionsServer
	if bp, ok := p.(*bestsmsProvider); ok {
		// The kinds served outside the framework: see contactListServer
		// and groupMembersServer.
		fs = contactlist.NewContactListServer(fs, bp.configured.Load)
		fs = addressbook.NewGroupMembersServer(fs, bp.configured.Load)
	}
	return contextDetachingServer{fs}
}

type contextDetachingServer struct {
	framework.ProviderServer
}

// detachableContext is a context.Context that forwards to parent until
// detached, then answers as a context without values or deadline and holds
// nothing but its parent's Done channel.
//
// Because Value also forwards the context package's own lookup of the
// nearest cancellable parent, context.WithCancel of a detachableContext
// registers the child with that parent directly (no goroutine), so
// cancellation of the request reaches the child exactly as before.
type detachableContext struct {
	done   <-chan struct{} // parent.Done(), fixed: Done must always return the same channel
	parent atomic.Pointer[context.Context]
}

func newDetachableContext(parent context.Context) *detachableContext {
	c := &detachableContext{done: parent.Done()}
	c.parent.Store(&parent)
	return c
}

// detach drops the reference to the parent.
func (c *detachableContext) detach() { c.parent.Store(nil) }

func (c *detachableContext) Deadline() (time.Time, bool) {
	if p := c.parent.Load(); p != nil {
		return (*p).Deadline()
	}
	return time.Time{}, false
}

func (c *detachableContext) Done() <-chan struct{} { return c.done }

func (c *detachableContext) Err() error {
	if p := c.parent.Load(); p != nil {
		return (*p).Err()
	}
	select {
	case <-c.done: // a nil channel (parent never cancelled) never fires
		return context.Canceled
	default:
		return nil
	}
}

func (c *detachableContext) Value(key any) any {
	if p := c.parent.Load(); p != nil {
		return (*p).Value(key)
	}
	return nil
}

func (c *detachableContext) String() string { return "provider.detachableContext" }

// detached runs one unary RPC with a context that is detached from ctx
// when the RPC returns.
func detached[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	dc := newDetachableContext(ctx)
	defer dc.detach()
	return rpc(dc, req)
}

// Resources.

func (s contextDetachingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return detached(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s contextDetachingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return detached(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s contextDetachingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return detached(ctx, req, s.ProviderServer.ReadResource)
}

func (s contextDetachingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return detached(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s contextDetachingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return detached(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s contextDetachingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return detached(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s contextDetachingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return detached(ctx, req, s.ProviderServer.MoveResourceState)
}

func (s contextDetachingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return detached(ctx, req, s.ProviderServer.UpgradeResourceIdentity)
}

func (s contextDetachingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return detached(ctx, req, s.ProviderServer.GenerateResourceConfig)
}

// Data sources.

func (s contextDetachingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return detached(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s contextDetachingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return detached(ctx, req, s.ProviderServer.ReadDataSource)
}

// Functions.

func (s contextDetachingServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return detached(ctx, req, s.ProviderServer.CallFunction)
}

// Ephemeral resources (the provider has none; wrapped for completeness).

func (s contextDetachingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return detached(ctx, req, s.ProviderServer.ValidateEphemeralResourceConfig)
}

func (s contextDetachingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return detached(ctx, req, s.ProviderServer.OpenEphemeralResource)
}

func (s contextDetachingServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return detached(ctx, req, s.ProviderServer.RenewEphemeralResource)
}

func (s contextDetachingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return detached(ctx, req, s.ProviderServer.CloseEphemeralResource)
}

// Actions (InvokeAction streams its events after returning: not wrapped).

func (s contextDetachingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return detached(ctx, req, s.ProviderServer.ValidateActionConfig)
}

func (s contextDetachingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return detached(ctx, req, s.ProviderServer.PlanAction)
}

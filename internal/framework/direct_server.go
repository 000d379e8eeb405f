package framework

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What the kinds served outside the framework's server share
// (bestsms_contact_list and bestsms_group_members, each of whose RPCs its
// area's server answers with plain Go values because the framework's walks
// over every value cost seconds per request at thousands of values; see
// contactlist_server.go and group_members_server.go): cancelling their
// operations on StopProvider, and diagnostics for the wire.

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
			if v, err := s.Value.ToTerraformValue(ctx); err == nil {
				tp = tp.WithElementKeyValue(v)
			}
		}
	}
	return tp
}

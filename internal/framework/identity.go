package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// Resource identity (Terraform 1.12 and later), what the resources of every
// area share; each IdentitySchema lives with its resource, and each area
// keeps its identity models.

// SetIdentity stores v (an identity model) as the resource's identity.
// Terraform before 1.12 knows no identity: the framework then hands no
// identity to the resource, and there is nothing to set.
func SetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v any, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, v)...)
}

// RemoveResource tells Terraform that the object of a read is gone. The
// identity is set all the same, from the state's ids: the framework wants
// one after every read, and a state without one (imported by id, or written
// by a provider version without identity) would otherwise fail with
// "Missing Resource Identity After Read" instead of reporting the object
// gone (or, on import, "Cannot import non-existent remote object").
func RemoveResource(ctx context.Context, resp *resource.ReadResponse, identity any) {
	SetIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.State.RemoveResource(ctx)
}

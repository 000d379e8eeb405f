package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12 and later): each address-book resource
// is identified by the ids that `terraform import` takes, so that an import
// block can name the object with `identity = { … }` instead of an import
// id string, and so that list resources (terraform query) can report what
// they find. The identity never changes during an object's life: all of
// its attributes are ids the API assigns, and changing group_id or
// contact_id replaces the resource.

var (
	_ resource.ResourceWithIdentity = (*contactResource)(nil)
	_ resource.ResourceWithIdentity = (*groupResource)(nil)
	_ resource.ResourceWithIdentity = (*groupMembershipResource)(nil)
	_ resource.ResourceWithIdentity = (*groupMembersResource)(nil)
)

// idIdentity is the identity of a contact and of a group: its id.
type idIdentity struct {
	ID types.String `tfsdk:"id"`
}

// groupIDIdentity is the identity of bestsms_group_members: the group.
type groupIDIdentity struct {
	GroupID types.String `tfsdk:"group_id"`
}

// membershipIdentity is the identity of bestsms_group_membership.
type membershipIdentity struct {
	GroupID   types.String `tfsdk:"group_id"`
	ContactID types.String `tfsdk:"contact_id"`
}

// Identity attribute descriptions, shared by the schemas below.
const (
	identityGroupIDDescription   = "The group's id (GroupID, a UUID; not its code)."
	identityContactIDDescription = "The contact's id (ContactID, a UUID)."
)

func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: identityContactIDDescription},
	}}
}

func (r *groupResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: identityGroupIDDescription},
	}}
}

func (r *groupMembershipResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"group_id":   identityschema.StringAttribute{RequiredForImport: true, Description: identityGroupIDDescription},
		"contact_id": identityschema.StringAttribute{RequiredForImport: true, Description: identityContactIDDescription},
	}}
}

func (r *groupMembersResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"group_id": identityschema.StringAttribute{RequiredForImport: true, Description: identityGroupIDDescription},
	}}
}

// setIdentity stores v (one of the identity models above) as the
// resource's identity. Terraform before 1.12 knows no identity: the
// framework then hands no identity to the resource, and there is nothing
// to set.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v any, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, v)...)
}

// identityIDs reads the string attributes names of an import identity,
// each of which must be an id (a UUID) of the kind that kinds names at the
// same index. An identity is the object's exact name, so unlike an import
// id string it takes no group codes.
func identityIDs(ctx context.Context, identity *tfsdk.ResourceIdentity, names, kinds []string, diags *diag.Diagnostics) []string {
	ids := make([]string, len(names))
	for i, name := range names {
		var v types.String
		diags.Append(identity.GetAttribute(ctx, path.Root(name), &v)...)
		if diags.HasError() {
			return nil
		}
		ids[i] = v.ValueString()
		if !uuidPattern.MatchString(ids[i]) {
			detail := fmt.Sprintf("The import identity's %s is %s, which is not a %s id: %s ids are UUIDs such as %s, "+
				"exactly as `terraform query` reports them.", name, quoted(ids[i]), kinds[i], kinds[i], exampleUUID)
			if kinds[i] == "group" {
				detail += " To import a group by its code, use an import block with id = \"<code>\" instead of identity."
			}
			diags.AddError("Invalid Import Identity", detail)
			return nil
		}
	}
	return ids
}

// removeResource tells Terraform that the object of a read is gone. The
// identity is set all the same, from the state's ids: the framework wants
// one after every read, and a state without one (imported by id, or written
// by a provider version without identity) would otherwise fail with
// "Missing Resource Identity After Read" instead of reporting the object
// gone (or, on import, "Cannot import non-existent remote object").
func removeResource(ctx context.Context, resp *resource.ReadResponse, identity any) {
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.State.RemoveResource(ctx)
}

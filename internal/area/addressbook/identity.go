package addressbook

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// Resource identity (Terraform 1.12 and later): each address-book resource
// is identified by the ids that `terraform import` takes, so that an import
// block can name the object with `identity = { … }` instead of an import
// id string, and so that list resources (terraform query) can report what
// they find. The identity never changes during an object's life: all of
// its attributes are ids the API assigns, and changing group_id or
// contact_id replaces the resource.
//
// Each resource's IdentitySchema method is in the resource's own file; this
// file holds what they share: the identity models and reading an import
// identity (setting one, and a read that finds the object gone, are
// framework.SetIdentity and framework.RemoveResource).

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
		if !framework.UUIDPattern.MatchString(ids[i]) {
			detail := fmt.Sprintf("The import identity's %s is %s, which is not a %s id: %s ids are UUIDs such as %s, "+
				"exactly as `terraform query` reports them.", name, framework.Quoted(ids[i]), kinds[i], kinds[i], framework.ExampleUUID)
			if kinds[i] == "group" {
				detail += " To import a group by its code, use an import block with id = \"<code>\" instead of identity."
			}
			diags.AddError("Invalid Import Identity", detail)
			return nil
		}
	}
	return ids
}

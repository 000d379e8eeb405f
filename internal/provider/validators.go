package provider

import (
	"context"
	"fmt"
	"slices"

	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var _ validator.String = idValidator{}

// idValidator accepts the id of an address-book object: a GroupID or
// ContactID is a UUID. Anything else (most often a group code or a name)
// would be sent as an id and answered "not found" at apply, or, worse,
// accepted by an API that also resolves codes, leaving ids in state that
// break import and drift detection. Unknown values pass (they are checked
// again once known).
type idValidator struct {
	// kind is "group" or "contact".
	kind string
	// codeAttr names a sibling attribute that takes a group code, if any.
	codeAttr string
}

// groupIDValidator and contactIDValidator are the usual id validators.
var (
	groupIDValidator   = idValidator{kind: "group"}
	contactIDValidator = idValidator{kind: "contact"}
)

func (v idValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a %s id (a UUID such as %s)", v.kind, exampleUUID)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v idValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || uuidPattern.MatchString(req.ConfigValue.ValueString()) {
		return
	}
	hint := "Refer to the contact by its id: bestsms_contact.<name>.id for a contact managed in this configuration, " +
		"or data.bestsms_contact.<name>.id to look one up by mobile number or e-mail address."
	if v.kind == "group" {
		hint = "If this is a group code, refer to the group by its id instead: bestsms_group.<name>.id for a group " +
			"managed in this configuration, or data.bestsms_group.<name>.id to look one up by code or name."
		if v.codeAttr != "" {
			hint += " To address the group by its code, use " + v.codeAttr + " instead."
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+titleWords(v.kind)+" ID",
		fmt.Sprintf("%q is not a %s id: %s ids are UUIDs such as %s. %s",
			req.ConfigValue.ValueString(), v.kind, v.kind, exampleUUID, hint))
}

// exampleUUID is the id shown in messages (a GroupID of the wire reference).
const exampleUUID = "4000000b-f002-4007-b00a-c00000000001"

// revalidate runs the validators of an action's schema again on the
// configuration as it is now. Terraform validates an action's configuration
// while values from variables, locals and other resources are still
// unknown, and validators skip unknown values; it does not validate again
// once they are known. So the actions call revalidate when they plan and
// when they are invoked, before anything is sent, and every check the
// schema declares applies to those values too, with the attribute's path.
//
// It covers the attribute kinds the actions use: strings, bools and lists
// of nested objects (each element's attributes are walked with their
// index). Values still unknown are passed to the validators, which skip
// them as at validation time.
func revalidate(ctx context.Context, s actionschema.Schema, cfg tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	names := make([]string, 0, len(s.Attributes))
	for name := range s.Attributes {
		names = append(names, name)
	}
	slices.Sort(names) // one order for the diagnostics
	for _, name := range names {
		revalidateAttribute(ctx, s.Attributes[name], path.Root(name), cfg, &diags)
	}
	return diags
}

func revalidateAttribute(ctx context.Context, a actionschema.Attribute, p path.Path, cfg tfsdk.Config, diags *diag.Diagnostics) {
	var v attr.Value
	if d := cfg.GetAttribute(ctx, p, &v); d.HasError() {
		diags.Append(d...)
		return
	}
	switch a := a.(type) {
	case actionschema.StringAttribute:
		sv, ok := v.(basetypes.StringValuable)
		if !ok {
			return
		}
		str, d := sv.ToStringValue(ctx)
		if diags.Append(d...); d.HasError() {
			return
		}
		for _, vd := range a.Validators {
			resp := &validator.StringResponse{}
			vd.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: str}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case actionschema.BoolAttribute:
		bv, ok := v.(types.Bool)
		if !ok {
			return
		}
		for _, vd := range a.Validators {
			resp := &validator.BoolResponse{}
			vd.ValidateBool(ctx, validator.BoolRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: bv}, resp)
			diags.Append(resp.Diagnostics...)
		}
	case actionschema.ListNestedAttribute:
		lv, ok := v.(types.List)
		if !ok {
			return
		}
		listOK := true
		for _, vd := range a.Validators {
			resp := &validator.ListResponse{}
			vd.ValidateList(ctx, validator.ListRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: lv}, resp)
			diags.Append(resp.Diagnostics...)
			listOK = listOK && !resp.Diagnostics.HasError()
		}
		// The elements of a list that is wrong as a whole (too long) are not
		// walked: the list's error is the one to fix, and some element
		// validators look at the whole configuration, which would make a
		// list of 10,000 take minutes.
		if !listOK || lv.IsNull() || lv.IsUnknown() {
			return
		}
		names := make([]string, 0, len(a.NestedObject.Attributes))
		for name := range a.NestedObject.Attributes {
			names = append(names, name)
		}
		slices.Sort(names)
		for i := range lv.Elements() {
			for _, name := range names {
				revalidateAttribute(ctx, a.NestedObject.Attributes[name], p.AtListIndex(i).AtName(name), cfg, diags)
			}
		}
	}
}

// hasErrorAt reports whether diags hold an error for path p.
func hasErrorAt(diags diag.Diagnostics, p path.Path) bool {
	for _, d := range diags.Errors() {
		if wp, ok := d.(diag.DiagnosticWithPath); ok && wp.Path().Equal(p) {
			return true
		}
	}
	return false
}

package framework

import (
	"context"
	"slices"

	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// Revalidate runs the validators of an action's schema again on the
// configuration as it is now. Terraform validates an action's configuration
// while values from variables, locals and other resources are still
// unknown, and validators skip unknown values; it does not validate again
// once they are known. So the actions call Revalidate when they plan and
// when they are invoked, before anything is sent, and every check the
// schema declares applies to those values too, with the attribute's path.
//
// It covers the attribute kinds the actions use: strings, bools, lists
// (their validators see the whole list; listvalidator.ValueStringsAre
// checks each element with its index) and lists of nested objects (each
// element's attributes are walked with their index). Values still unknown
// are passed to the validators, which skip them as at validation time.
func Revalidate(ctx context.Context, s actionschema.Schema, cfg tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	names := make([]string, 0, len(s.Attributes))
	for name := range s.Attributes {
		names = append(names, name)
	}
	slices.Sort(names) // one order for the diagnostics
	for _, name := range names {
		var v attr.Value
		if d := cfg.GetAttribute(ctx, path.Root(name), &v); d.HasError() {
			diags.Append(d...)
			continue
		}
		revalidateValue(ctx, s.Attributes[name], path.Root(name), cfg, v, &diags)
	}
	return diags
}

// revalidateValue runs the validators of attribute a on v, its value at p.
// The elements of a nested list are taken from v itself, never looked up
// in cfg by path: a lookup walks the list, which would make a list of n
// elements cost n² (1,000 destinations took over a minute).
func revalidateValue(ctx context.Context, a actionschema.Attribute, p path.Path, cfg tfsdk.Config, v attr.Value, diags *diag.Diagnostics) {
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
		diags.Append(runStringValidators(ctx, a.Validators, p, cfg, str)...)
	case actionschema.BoolAttribute:
		bv, ok := v.(types.Bool)
		if !ok {
			return
		}
		diags.Append(runBoolValidators(ctx, a.Validators, p, cfg, bv)...)
	case actionschema.ListAttribute:
		if lv, ok := v.(types.List); ok {
			diags.Append(runListValidators(ctx, a.Validators, p, cfg, lv)...)
		}
	case actionschema.ListNestedAttribute:
		lv, ok := v.(types.List)
		if !ok {
			return
		}
		d := runListValidators(ctx, a.Validators, p, cfg, lv)
		diags.Append(d...)
		// The elements of a list that is wrong as a whole (too long) are not
		// walked: the list's error is the one to fix.
		if d.HasError() || lv.IsNull() || lv.IsUnknown() {
			return
		}
		names := make([]string, 0, len(a.NestedObject.Attributes))
		for name := range a.NestedObject.Attributes {
			names = append(names, name)
		}
		slices.Sort(names)
		for i, elem := range lv.Elements() {
			ov, ok := elem.(basetypes.ObjectValuable)
			if !ok {
				continue
			}
			obj, d := ov.ToObjectValue(ctx)
			if diags.Append(d...); d.HasError() {
				continue
			}
			at := p.AtListIndex(i)
			diags.Append(runObjectValidators(ctx, a.NestedObject.Validators, at, cfg, obj)...)
			if obj.IsNull() || obj.IsUnknown() {
				continue
			}
			attrs := obj.Attributes()
			for _, name := range names {
				if av, ok := attrs[name]; ok {
					revalidateValue(ctx, a.NestedObject.Attributes[name], at.AtName(name), cfg, av, diags)
				}
			}
		}
	}
}

// ValidateValue runs the validators of a provider argument on v, a value
// of its type, outside a configuration (a value from the environment).
func ValidateValue(ctx context.Context, a providerschema.Attribute, p path.Path, v attr.Value) diag.Diagnostics {
	var cfg tfsdk.Config
	switch a := a.(type) {
	case providerschema.StringAttribute:
		if s, ok := v.(types.String); ok {
			return runStringValidators(ctx, a.Validators, p, cfg, s)
		}
	case providerschema.Int64Attribute:
		if n, ok := v.(types.Int64); ok {
			return runValidators(a.Validators, func(vd validator.Int64) diag.Diagnostics {
				resp := &validator.Int64Response{}
				vd.ValidateInt64(ctx, validator.Int64Request{Path: p, PathExpression: p.Expression(), ConfigValue: n}, resp)
				return resp.Diagnostics
			})
		}
	case providerschema.Float64Attribute:
		if f, ok := v.(types.Float64); ok {
			return runValidators(a.Validators, func(vd validator.Float64) diag.Diagnostics {
				resp := &validator.Float64Response{}
				vd.ValidateFloat64(ctx, validator.Float64Request{Path: p, PathExpression: p.Expression(), ConfigValue: f}, resp)
				return resp.Diagnostics
			})
		}
	}
	return nil
}

func runStringValidators(ctx context.Context, vds []validator.String, p path.Path, cfg tfsdk.Config, v types.String) diag.Diagnostics {
	return runValidators(vds, func(vd validator.String) diag.Diagnostics {
		resp := &validator.StringResponse{}
		vd.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: v}, resp)
		return resp.Diagnostics
	})
}

func runBoolValidators(ctx context.Context, vds []validator.Bool, p path.Path, cfg tfsdk.Config, v types.Bool) diag.Diagnostics {
	return runValidators(vds, func(vd validator.Bool) diag.Diagnostics {
		resp := &validator.BoolResponse{}
		vd.ValidateBool(ctx, validator.BoolRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: v}, resp)
		return resp.Diagnostics
	})
}

func runListValidators(ctx context.Context, vds []validator.List, p path.Path, cfg tfsdk.Config, v types.List) diag.Diagnostics {
	return runValidators(vds, func(vd validator.List) diag.Diagnostics {
		resp := &validator.ListResponse{}
		vd.ValidateList(ctx, validator.ListRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: v}, resp)
		return resp.Diagnostics
	})
}

func runObjectValidators(ctx context.Context, vds []validator.Object, p path.Path, cfg tfsdk.Config, v types.Object) diag.Diagnostics {
	return runValidators(vds, func(vd validator.Object) diag.Diagnostics {
		resp := &validator.ObjectResponse{}
		vd.ValidateObject(ctx, validator.ObjectRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: v}, resp)
		return resp.Diagnostics
	})
}

// runValidators collects the diagnostics run returns for each validator.
func runValidators[V any](vds []V, run func(V) diag.Diagnostics) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, vd := range vds {
		diags.Append(run(vd)...)
	}
	return diags
}

// HasErrorAt reports whether diags hold an error for path p.
func HasErrorAt(diags diag.Diagnostics, p path.Path) bool {
	for _, d := range diags.Errors() {
		if wp, ok := d.(diag.DiagnosticWithPath); ok && wp.Path().Equal(p) {
			return true
		}
	}
	return false
}

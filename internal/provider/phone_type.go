package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

// PhoneNumberType is a string type for phone numbers whose values compare
// by the number they denote, not by spelling: "0421 000 001",
// "+61 421 000 001" and "+61421000001" are semantically equal, so the
// provider never shows a diff, and Terraform never reports an inconsistent
// result, because the API formats a number differently from the
// configuration.
type PhoneNumberType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = PhoneNumberType{}
	_ basetypes.StringValuableWithSemanticEquals = PhoneNumberValue{}
	_ xattr.ValidateableAttribute                = PhoneNumberValue{}
)

// String implements attr.Type.
func (t PhoneNumberType) String() string { return "PhoneNumberType" }

// Equal implements attr.Type.
func (t PhoneNumberType) Equal(o attr.Type) bool {
	other, ok := o.(PhoneNumberType)
	return ok && t.StringType.Equal(other.StringType)
}

// ValueType implements attr.Type.
func (t PhoneNumberType) ValueType(context.Context) attr.Value { return PhoneNumberValue{} }

// ValueFromString implements basetypes.StringTypable.
func (t PhoneNumberType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return PhoneNumberValue{StringValue: in}, nil
}

// ValueFromTerraform implements attr.Type.
func (t PhoneNumberType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return PhoneNumberValue{StringValue: s}, nil
}

// PhoneNumberValue is a value of PhoneNumberType.
type PhoneNumberValue struct {
	basetypes.StringValue
}

// Type implements attr.Value.
func (v PhoneNumberValue) Type(context.Context) attr.Type { return PhoneNumberType{} }

// Equal implements attr.Value.
func (v PhoneNumberValue) Equal(o attr.Value) bool {
	other, ok := o.(PhoneNumberValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both values denote the same number
// (see phone.Equal; no region is needed).
func (v PhoneNumberValue) StringSemanticEquals(_ context.Context, o basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := o.(PhoneNumberValue)
	if !ok {
		diags.AddError("Semantic Equality Check Error",
			fmt.Sprintf("Expected a PhoneNumberValue, got %T. This is a bug in the provider; please report it.", o))
		return false, diags
	}
	return phone.Equal(v.ValueString(), other.ValueString()), diags
}

// ValidateAttribute rejects values that cannot be a phone number whatever
// the region (letters, too few digits, bad international numbers). The
// region-aware check of national numbers happens at plan time, once the
// provider's default_country is known (see validatePhonePlan).
func (v PhoneNumberValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if err := phone.Plausible(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Phone Number", err.Error())
	}
}

// keepEquivalentPhone is a plan modifier for phone attributes: when the
// configuration spells the number in state differently ("+61 421 000 001"
// for "0421 000 001"), it plans the prior value, which tells Terraform that
// nothing changes. Semantic equality covers values coming back from the
// API; this covers edits of the configuration.
type keepEquivalentPhone struct{}

func (keepEquivalentPhone) Description(context.Context) string {
	return "a number that denotes the same phone number as the prior state keeps the prior spelling"
}

func (m keepEquivalentPhone) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (keepEquivalentPhone) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if phone.Equal(req.StateValue.ValueString(), req.PlanValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

// PhoneRulesMarkdown is how every phone attribute and argument reads numbers.
const PhoneRulesMarkdown = "International (`+61421000001`) or national format (`0421 000 001`), read in the " +
	"provider's `default_country`. A national number must be a valid number of `default_country`, and so must a " +
	"number with its country code; write numbers of other countries in international format (`+44 7700 900123`): " +
	"they must be possible numbers of their country, with a warning when libphonenumber does not know them as valid."

// PhoneNumberType is a string type for phone numbers whose values compare
// by the number they denote, not by spelling, so the provider never shows a
// diff, and Terraform never reports an inconsistent result, because the API
// formats a number differently from the configuration.
//
// Which number a national spelling ("0421 000 001") denotes depends on the
// provider's default_country, which a value type cannot know: the type's
// semantic equality only equates spellings that are equal anywhere
// ("+61 421 000 001" and "+61421000001"), and the resources read national
// numbers in default_country themselves (KeepConfiguredPhone,
// KeepEquivalentPhone), so that a changed default_country, or a number
// stored wrongly in the API, shows as an update.
type PhoneNumberType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = PhoneNumberType{}
	_ basetypes.StringValuableWithSemanticEquals = PhoneNumberValue{}
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
// whatever the region (see phone.Equal): a national and an international
// spelling are not equal here, because that depends on default_country.
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

// CheckPhone applies the phone rules of default_country (region) to a
// known, non-empty number: an error when the number is not acceptable, a
// warning when it is accepted without libphonenumber knowing it as valid.
// It reports whether the number is acceptable (true for values it cannot
// check yet).
func CheckPhone(v PhoneNumberValue, p path.Path, region string, diags *diag.Diagnostics) bool {
	if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return true
	}
	_, warning, err := phone.Check(v.ValueString(), region)
	if err != nil {
		diags.AddAttributeError(p, "Invalid Phone Number", err.Error())
		return false
	}
	if warning != "" {
		diags.AddAttributeWarning(p, "Phone Number Not Known As Valid", warning+".")
	}
	return true
}

// KeepEquivalentPhone returns the number to plan for a phone attribute:
// the prior (state) value when the planned one denotes the same number in
// region ("+61 421 000 001" planned over "0421 000 001" in AU), which tells
// Terraform that nothing changes; otherwise the planned value.
func KeepEquivalentPhone(state, plan PhoneNumberValue, region string) PhoneNumberValue {
	if state.IsNull() || state.IsUnknown() || plan.IsNull() || plan.IsUnknown() {
		return plan
	}
	if phone.EqualIn(state.ValueString(), plan.ValueString(), region) {
		return state
	}
	return plan
}

// KeepConfiguredPhone returns the value to store for a phone number the API
// answered: the prior (planned or state) spelling when it denotes the same
// number in region, else the API's value (null when empty, see
// OptionalString).
func KeepConfiguredPhone(api string, prior PhoneNumberValue, region string) PhoneNumberValue {
	if !prior.IsNull() && !prior.IsUnknown() && api != "" && phone.EqualIn(api, prior.ValueString(), region) {
		return prior
	}
	return PhoneNumberValue{StringValue: OptionalString(api, prior.StringValue)}
}

// PhoneValidator rejects values that cannot be a phone number whatever
// the region (letters, too few digits, impossible international
// numbers). The region-aware check (CheckPhone) runs at plan time, once
// the provider's default_country is known. It is a validator rather
// than a method of PhoneNumberValue so that it runs only where
// validation runs, not again each time a configuration is read into a
// model (which reported a second diagnostic, at a relative path, for
// every bad recipient).
var PhoneValidator = StringCheck{
	Summary: "Invalid Phone Number",
	Rule:    "must be a phone number in international (+61421000001) or national format",
	Check:   func(_ context.Context, v string, _ tfsdk.Config) error { return phone.Plausible(v) },
}

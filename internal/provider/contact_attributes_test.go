package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
)

// Every field of contactFields has exactly one entry in contactAttributes,
// named by its tfsdk tag, whose accessor points at that field, whose kind
// matches its type, and whose client field no other entry uses.
func TestContactAttributesCoverTheModel(t *testing.T) {
	typ := reflect.TypeOf(contactFields{})
	tags := map[string]reflect.StructField{}
	for i := range typ.NumField() {
		tags[typ.Field(i).Tag.Get("tfsdk")] = typ.Field(i)
	}
	seen := map[string]bool{}
	var c client.Contact
	for _, a := range contactAttributes {
		if seen[a.name] {
			t.Errorf("%s: two entries", a.name)
		}
		seen[a.name] = true
		sf, ok := tags[a.name]
		if !ok {
			t.Errorf("%s: no field of contactFields has this tfsdk tag", a.name)
			continue
		}
		var f contactFields
		*a.field(&f) = types.StringValue("marker")
		v := reflect.ValueOf(f).FieldByIndex(sf.Index)
		var got types.String
		switch x := v.Interface().(type) {
		case types.String:
			got = x
		case PhoneNumberValue:
			got = x.StringValue
		}
		if got.ValueString() != "marker" {
			t.Errorf("%s: the entry's field accessor does not point at the field tagged %q", a.name, a.name)
		}
		if isPhone := sf.Type == reflect.TypeOf(PhoneNumberValue{}); isPhone != (a.kind == kindPhone) {
			t.Errorf("%s: field type %s, kind %d", a.name, sf.Type, a.kind)
		}
		if a.description == "" || a.description[len(a.description)-1] != '.' {
			t.Errorf("%s: description %q does not end with a period", a.name, a.description)
		}
		if p := a.api(&c); *p != "" {
			t.Errorf("%s: client field already used by the entry for %s", a.name, *p)
		} else {
			*p = a.name
		}
	}
	for tag := range tags {
		if !seen[tag] {
			t.Errorf("contactFields.%s (tfsdk %q) has no entry in contactAttributes", tags[tag].Name, tag)
		}
	}
}

// The conversion goes through the table both ways: every attribute reaches
// its client field, and comes back.
func TestContactFieldsRoundTrip(t *testing.T) {
	var f contactFields
	for _, a := range contactAttributes {
		v := "v-" + a.name
		if a.kind == kindPhone {
			v = "+61421000001"
		}
		*a.field(&f) = types.StringValue(v)
	}
	c, err := f.toClient("AU")
	if err != nil {
		t.Fatal(err)
	}
	if c.Department != "v-company_department" || c.MobilePhone != "+61421000001" || c.ViewBy != "v-view_by" {
		t.Errorf("toClient: %+v", c)
	}
	var back contactFields
	back.fromClient(&c, "AU")
	if back != f {
		t.Errorf("fromClient(toClient(f)) = %+v, want %+v", back, f)
	}
}

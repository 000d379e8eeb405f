package addressbook

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// Every field of ContactFields has exactly one entry in ContactAttributes,
// named by its tfsdk tag, whose accessor points at that field, whose kind
// matches its type, and whose client field no other entry uses.
func TestContactAttributesCoverTheModel(t *testing.T) {
	typ := reflect.TypeOf(ContactFields{})
	tags := map[string]reflect.StructField{}
	for i := range typ.NumField() {
		tags[typ.Field(i).Tag.Get("tfsdk")] = typ.Field(i)
	}
	seen := map[string]bool{}
	var c client.Contact
	for _, a := range ContactAttributes {
		if seen[a.Name] {
			t.Errorf("%s: two entries", a.Name)
		}
		seen[a.Name] = true
		sf, ok := tags[a.Name]
		if !ok {
			t.Errorf("%s: no field of contactFields has this tfsdk tag", a.Name)
			continue
		}
		var f ContactFields
		*a.Field(&f) = types.StringValue("marker")
		v := reflect.ValueOf(f).FieldByIndex(sf.Index)
		var got types.String
		switch x := v.Interface().(type) {
		case types.String:
			got = x
		case framework.PhoneNumberValue:
			got = x.StringValue
		}
		if got.ValueString() != "marker" {
			t.Errorf("%s: the entry's field accessor does not point at the field tagged %q", a.Name, a.Name)
		}
		if isPhone := sf.Type == reflect.TypeOf(framework.PhoneNumberValue{}); isPhone != (a.Kind == KindPhone) {
			t.Errorf("%s: field type %s, kind %d", a.Name, sf.Type, a.Kind)
		}
		if a.Description == "" || a.Description[len(a.Description)-1] != '.' {
			t.Errorf("%s: description %q does not end with a period", a.Name, a.Description)
		}
		if p := a.API(&c); *p != "" {
			t.Errorf("%s: client field already used by the entry for %s", a.Name, *p)
		} else {
			*p = a.Name
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
	var f ContactFields
	for _, a := range ContactAttributes {
		v := "v-" + a.Name
		if a.Kind == KindPhone {
			v = "+61421000001"
		}
		*a.Field(&f) = types.StringValue(v)
	}
	c, err := f.ToClient("AU")
	if err != nil {
		t.Fatal(err)
	}
	if c.Department != "v-company_department" || c.MobilePhone != "+61421000001" || c.ViewBy != "v-view_by" {
		t.Errorf("toClient: %+v", c)
	}
	var back ContactFields
	back.FromClient(&c, "AU")
	if back != f {
		t.Errorf("fromClient(toClient(f)) = %+v, want %+v", back, f)
	}
}

package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A bestsms_contact_list value as plain Go data, converted straight from
// and to Terraform's wire values (tftypes). Every operation of the list
// works on it: a list converts thousands of entries per operation, and the
// framework's own handling of a map of nested objects does work per entry
// that grows with the size of the map (see contactListServer).

// listValue is a bestsms_contact_list object: null (no resource), or its
// contacts and contact_ids, either of which may be unknown in a plan.
type listValue struct {
	null            bool
	contactsUnknown bool
	contacts        map[string]listEntry
	idsUnknown      bool
	// ids holds known ids and, in a plan, unknown ones (entries to create).
	ids map[string]types.String
}

// listEntry is one entry of contacts: unknown as a whole (in a
// configuration or plan, from a value not known yet), or its fields.
type listEntry struct {
	unknown bool
	fields  contactFields
}

// knownIDs returns the known ids by key.
func (v listValue) knownIDs() map[string]string {
	out := make(map[string]string, len(v.ids))
	for k, id := range v.ids {
		if !id.IsNull() && !id.IsUnknown() {
			out[k] = id.ValueString()
		}
	}
	return out
}

// contactListTypes are the Terraform types of a bestsms_contact_list, from
// its schema.
type contactListTypes struct {
	object, contacts, entry, ids tftypes.Type
}

var contactListType = sync.OnceValue(func() contactListTypes {
	var resp resource.SchemaResponse
	(&contactListResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	obj := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	contacts := obj.AttributeTypes["contacts"].(tftypes.Map)
	return contactListTypes{object: obj, contacts: contacts, entry: contacts.ElementType, ids: obj.AttributeTypes["contact_ids"]}
})

// decodeList converts a Terraform value of the list's type.
func decodeList(v tftypes.Value) (listValue, error) {
	if v.IsNull() {
		return listValue{null: true}, nil
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return listValue{}, err
	}
	var lv listValue
	var err error
	if lv.contactsUnknown, lv.contacts, err = decodeMap(attrs["contacts"], decodeEntry); err != nil {
		return listValue{}, err
	}
	if lv.idsUnknown, lv.ids, err = decodeMap(attrs["contact_ids"], decodeString); err != nil {
		return listValue{}, err
	}
	return lv, nil
}

// decodeMap converts a map value; unknown is true for an unknown map, and
// a null map is empty.
func decodeMap[T any](v tftypes.Value, elem func(tftypes.Value) (T, error)) (unknown bool, out map[string]T, err error) {
	if !v.IsKnown() {
		return true, nil, nil
	}
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		return false, nil, err
	}
	out = make(map[string]T, len(m))
	for k, ev := range m {
		if out[k], err = elem(ev); err != nil {
			return false, nil, fmt.Errorf("%s: %w", k, err)
		}
	}
	return false, out, nil
}

func decodeEntry(v tftypes.Value) (listEntry, error) {
	if !v.IsKnown() {
		return listEntry{unknown: true}, nil
	}
	var e listEntry
	if v.IsNull() {
		return e, nil // every field null
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return e, err
	}
	for _, a := range contactAttributes {
		s, err := decodeString(attrs[a.name])
		if err != nil {
			return e, fmt.Errorf("%s: %w", a.name, err)
		}
		*a.field(&e.fields) = s
	}
	return e, nil
}

func decodeString(v tftypes.Value) (types.String, error) {
	switch {
	case !v.IsKnown():
		return types.StringUnknown(), nil
	case v.IsNull():
		return types.StringNull(), nil
	}
	var s string
	if err := v.As(&s); err != nil {
		return types.String{}, err
	}
	return types.StringValue(s), nil
}

// encode converts v into a Terraform value of the list's type.
func (t contactListTypes) encode(v listValue) tftypes.Value {
	if v.null {
		return tftypes.NewValue(t.object, nil)
	}
	contacts := tftypes.NewValue(t.contacts, tftypes.UnknownValue)
	if !v.contactsUnknown {
		elems := make(map[string]tftypes.Value, len(v.contacts))
		for k, e := range v.contacts {
			elems[k] = t.encodeEntry(e)
		}
		contacts = tftypes.NewValue(t.contacts, elems)
	}
	ids := tftypes.NewValue(t.ids, tftypes.UnknownValue)
	if !v.idsUnknown {
		elems := make(map[string]tftypes.Value, len(v.ids))
		for k, id := range v.ids {
			elems[k] = encodeString(id)
		}
		ids = tftypes.NewValue(t.ids, elems)
	}
	return tftypes.NewValue(t.object, map[string]tftypes.Value{"contacts": contacts, "contact_ids": ids})
}

func (t contactListTypes) encodeEntry(e listEntry) tftypes.Value {
	if e.unknown {
		return tftypes.NewValue(t.entry, tftypes.UnknownValue)
	}
	attrs := make(map[string]tftypes.Value, len(contactAttributes))
	for _, a := range contactAttributes {
		attrs[a.name] = encodeString(*a.field(&e.fields))
	}
	return tftypes.NewValue(t.entry, attrs)
}

func encodeString(s types.String) tftypes.Value {
	switch {
	case s.IsUnknown():
		return tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	case s.IsNull():
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, s.ValueString())
}

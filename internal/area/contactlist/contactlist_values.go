package contactlist

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/area/addressbook"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// A bestsms_contact_list value as plain Go data, converted straight from
// and to Terraform's values (tftypes), without the framework's reflection:
// a list converts thousands of entries per operation.
//
// An entry of contacts is a map of contact attribute names to strings
// (map(map(string))), holding only the attributes it sets. A nested object
// would hold every attribute of the table, null or not, and Terraform's
// own work on a resource grows with the number of values in it: a no-change
// plan of one resource holding 10,000 objects took 78 s of CPU in Terraform
// with 27 attributes each, 15 s with 5 (the attributes a list usually
// sets), before any provider work.

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

// listEntry is one entry of contacts: unknown as a whole (from a value not
// known yet), or the attributes it sets (set) with their values (fields;
// an element may be null or unknown), and names that are no contact
// attribute (foreign), which validation rejects.
type listEntry struct {
	unknown bool
	fields  addressbook.ContactFields
	set     attrSet
	foreign []string
}

// attrSet is a set of contact attributes, by their index in
// addressbook.ContactAttributes.
type attrSet uint64

func (s attrSet) has(i int) bool { return s&(1<<i) != 0 }

// contactAttributeIndex maps an attribute name to its index in
// addressbook.ContactAttributes.
var contactAttributeIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(addressbook.ContactAttributes))
	for i, a := range addressbook.ContactAttributes {
		m[a.Name] = i
	}
	if len(m) > 64 {
		panic("attrSet holds at most 64 contact attributes")
	}
	return m
})

// equal reports whether two entries hold the same attributes with the
// same values.
func (e listEntry) equal(o listEntry) bool {
	if e.unknown || o.unknown || e.set != o.set {
		return false
	}
	for i, a := range addressbook.ContactAttributes {
		if e.set.has(i) && !a.Field(&e.fields).Equal(*a.Field(&o.fields)) {
			return false
		}
	}
	return true
}

// blank reports whether s is a known value of nothing but white space: in
// an entry, it means "not set" (a CSV file's empty cell, say).
func blank(s types.String) bool {
	return !s.IsNull() && !s.IsUnknown() && strings.TrimSpace(s.ValueString()) == ""
}

// effective returns the entry's fields as they count for the contact:
// blank values as null (not set), so that they are neither checked nor
// sent (the contact's attribute is left empty, and view_by and edit_by as
// the API has them).
func (e listEntry) effective() addressbook.ContactFields {
	f := e.fields
	for _, a := range addressbook.ContactAttributes {
		if v := a.Field(&f); blank(*v) {
			*v = types.StringNull()
		}
	}
	return f
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
	// The schema is ours: an object with a map of objects under contacts.
	obj, ok1 := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	contacts, ok2 := obj.AttributeTypes["contacts"].(tftypes.Map)
	if !ok1 || !ok2 {
		panic("bestsms_contact_list: unexpected schema type")
	}
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
	if lv.idsUnknown, lv.ids, err = decodeMap(attrs["contact_ids"], framework.StringFromTerraform); err != nil {
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
	var e listEntry
	unknown, elems, err := decodeMap(v, framework.StringFromTerraform)
	if unknown || err != nil {
		return listEntry{unknown: unknown}, err
	}
	index := contactAttributeIndex()
	for name, s := range elems {
		i, ok := index[name]
		if !ok {
			e.foreign = append(e.foreign, name)
			continue
		}
		*addressbook.ContactAttributes[i].Field(&e.fields) = s
		e.set |= 1 << i
	}
	return e, nil
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
			elems[k] = framework.StringToTerraform(id)
		}
		ids = tftypes.NewValue(t.ids, elems)
	}
	return tftypes.NewValue(t.object, map[string]tftypes.Value{"contacts": contacts, "contact_ids": ids})
}

func (t contactListTypes) encodeEntry(e listEntry) tftypes.Value {
	if e.unknown {
		return tftypes.NewValue(t.entry, tftypes.UnknownValue)
	}
	elems := make(map[string]tftypes.Value, 8)
	for i, a := range addressbook.ContactAttributes {
		if e.set.has(i) {
			elems[a.Name] = framework.StringToTerraform(*a.Field(&e.fields))
		}
	}
	return tftypes.NewValue(t.entry, elems)
}

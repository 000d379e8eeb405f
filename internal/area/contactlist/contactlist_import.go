package contactlist

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/area/addressbook"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// Import of bestsms_contact_list. The import id says which contacts the
// list adopts and under which keys:
//
//	group:<group_id>              the group's members, keyed by email_address
//	group:<group_id>:<attribute>  keyed by another contact attribute
//	ids:<JSON object>             the given ContactIDs, keyed as given
//
// Nothing is created or changed; Read then refreshes the entries.

// defaultImportKey is the attribute that keys a group's members when the
// import id names none.
const defaultImportKey = "email_address"

const importIDFormats = "Use group:<group_id> to adopt the members of a group keyed by their email_address, " +
	"group:<group_id>:<attribute> to key them by another contact attribute (custom1, mobile_phone, …), or " +
	`ids:{"<key>":"<contact_id>",…} to adopt given contacts under given keys.`

// importState reads the contacts an import id names into a list value.
func (e contactListEngine) importState(ctx context.Context, id string) listResult {
	adopted, problem := e.importContacts(ctx, id)
	if problem != "" {
		var res listResult
		res.value.null = true
		res.diags.AddError("Invalid Import ID", fmt.Sprintf("Cannot import %s into bestsms_contact_list: %s", framework.Quoted(id), problem))
		return res
	}
	v := listValue{contacts: make(map[string]listEntry, len(adopted)), ids: make(map[string]types.String, len(adopted))}
	for key, c := range adopted {
		v.contacts[key], v.ids[key] = refreshEntry(listEntry{}, &c, e.data.DefaultCountry), types.StringValue(c.ID)
	}
	return listResult{value: v}
}

// importContacts reads the contacts an import id names, by key. problem
// says what is wrong and what to do ("" when nothing is).
func (e contactListEngine) importContacts(ctx context.Context, id string) (map[string]client.Contact, string) {
	kind, rest, _ := strings.Cut(id, ":")
	switch kind {
	case "group":
		groupID, keyAttr, _ := strings.Cut(rest, ":")
		return e.importGroup(ctx, groupID, keyAttr)
	case "ids":
		return e.importIDs(ctx, rest)
	}
	return nil, "it does not start with group: or ids:. " + importIDFormats
}

func (e contactListEngine) importGroup(ctx context.Context, groupID, keyAttr string) (map[string]client.Contact, string) {
	if !framework.UUIDPattern.MatchString(groupID) {
		return nil, fmt.Sprintf("%s is not a group id (a UUID such as %s). %s", framework.Quoted(groupID), framework.ExampleUUID, importIDFormats)
	}
	if keyAttr == "" {
		keyAttr = defaultImportKey
	}
	i := slices.IndexFunc(addressbook.ContactAttributes, func(a addressbook.ContactAttribute) bool {
		return a.Name == keyAttr && !a.Defaulted()
	})
	if i < 0 {
		return nil, fmt.Sprintf("%s is not a contact attribute that can key the list; use one of %s.", framework.Quoted(keyAttr), strings.Join(importKeyNames(), ", "))
	}
	members, err := e.data.Client.ListGroupMembers(ctx, groupID)
	if err != nil {
		return nil, fmt.Sprintf("listing the members of group %s failed: %v", groupID, err)
	}
	key := addressbook.ContactAttributes[i].API
	out := make(map[string]client.Contact, len(members))
	for _, c := range members {
		k := norm.NFC.String(*key(&c))
		if k == "" {
			return nil, fmt.Sprintf("contact %s has no %s, so it has no key. Key the list by another attribute "+
				"(group:%s:<attribute>), or set %s on the contact first.", c.ID, keyAttr, groupID, keyAttr)
		}
		if other, dup := out[k]; dup {
			return nil, fmt.Sprintf("contacts %s and %s have the same %s %q, and keys must be distinct. Key the list "+
				"by another attribute (group:%s:<attribute>), or make the values distinct first.", other.ID, c.ID, keyAttr, k, groupID)
		}
		out[k] = c
	}
	return out, ""
}

func (e contactListEngine) importIDs(ctx context.Context, object string) (map[string]client.Contact, string) {
	keyed, problem := parseImportIDs(object)
	if problem != "" {
		return nil, problem
	}
	keys := slices.Sorted(maps.Keys(keyed))
	ids := make([]string, 0, len(keyed))
	keyOf := make(map[string]string, len(keyed)) // canonical id → key
	for _, key := range keys {
		id := keyed[key]
		if !framework.UUIDPattern.MatchString(id) {
			return nil, fmt.Sprintf("the id of key %s, %s, is not a contact id (a UUID such as %s).", framework.Quoted(key), framework.Quoted(id), framework.ExampleUUID)
		}
		if other, dup := keyOf[framework.CanonicalID(id)]; dup {
			return nil, fmt.Sprintf("keys %s and %s both name contact %s (ids are the same in any letter case); "+
				"an entry is one contact, and two entries of one contact would delete it when one of them is removed. "+
				"Give each contact one key.", framework.Quoted(other), framework.Quoted(key), id)
		}
		keyOf[framework.CanonicalID(id)] = key
		ids = append(ids, id)
	}
	found, err := e.data.Client.ReadContacts(ctx, ids)
	if err != nil {
		return nil, fmt.Sprintf("reading the contacts failed: %v", err)
	}
	out := make(map[string]client.Contact, len(keyed))
	var missing []string
	for _, key := range keys {
		c, ok := found[keyed[key]]
		if !ok {
			missing = append(missing, fmt.Sprintf("%s (key %s)", keyed[key], framework.Quoted(key)))
			continue
		}
		out[key] = c
	}
	if len(missing) > 0 {
		return nil, fmt.Sprintf("%d of the %d contacts do not exist: %s.", len(missing), len(keys), listCapped(missing, 10))
	}
	return out, ""
}

// parseImportIDs reads the JSON object of an ids: import id. It refuses
// what json.Unmarshal would quietly resolve: a key given twice (the last
// would win) and keys that Terraform would store as one (map keys are kept
// in Unicode normalisation form C, so "é" written as one character and as
// "e" plus an accent are the same key there). Keys are returned in form C.
func parseImportIDs(object string) (map[string]string, string) {
	shape := fmt.Sprintf(`after ids: comes a JSON object of keys to contact ids, such as ids:{"E1001":"%s"} `+
		"(jsonencode makes one in HCL)", framework.ExampleUUID)
	dec := json.NewDecoder(strings.NewReader(object))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, shape + "."
	}
	keyed := map[string]string{}
	spelled := map[string]string{} // key in form C → the key as written
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Sprintf("%s: %v.", shape, err)
		}
		key, _ := tok.(string)
		var id string
		if err := dec.Decode(&id); err != nil {
			return nil, fmt.Sprintf("%s: the value of key %s is not a string.", shape, framework.Quoted(key))
		}
		nfc := norm.NFC.String(key)
		if first, dup := spelled[nfc]; dup {
			if first == key {
				return nil, fmt.Sprintf("key %s is given twice; each key is one entry.", framework.Quoted(key))
			}
			return nil, fmt.Sprintf("keys %s and %s are the same text in different Unicode forms, and Terraform "+
				"stores them as one key; give each entry a distinct key.", framework.Quoted(first), framework.Quoted(key))
		}
		spelled[nfc], keyed[nfc] = key, id
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Sprintf("%s: %v.", shape, err)
	}
	if dec.More() || dec.InputOffset() != int64(len(strings.TrimRight(object, " \t\r\n"))) {
		return nil, shape + ": there is text after the object."
	}
	return keyed, ""
}

// importKeyNames are the attributes that can key an imported group.
func importKeyNames() []string {
	var names []string
	for _, a := range addressbook.ContactAttributes {
		if !a.Defaulted() {
			names = append(names, a.Name)
		}
	}
	return names
}

// listCapped joins items for a message, at most limit of them, then "and N
// more".
func listCapped(items []string, limit int) string {
	s := strings.Join(items[:min(len(items), limit)], ", ")
	if more := len(items) - limit; more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

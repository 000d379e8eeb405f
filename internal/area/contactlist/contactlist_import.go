package contactlist

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

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
		res.diags.AddError("Invalid Import ID", fmt.Sprintf("Cannot import %q into bestsms_contact_list: %s", id, problem))
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
		return nil, fmt.Sprintf("%q is not a group id (a UUID such as %s). %s", groupID, framework.ExampleUUID, importIDFormats)
	}
	if keyAttr == "" {
		keyAttr = defaultImportKey
	}
	i := slices.IndexFunc(addressbook.ContactAttributes, func(a addressbook.ContactAttribute) bool {
		return a.Name == keyAttr && a.Kind != addressbook.KindVisibility
	})
	if i < 0 {
		return nil, fmt.Sprintf("%q is not a contact attribute that can key the list; use one of %s.", keyAttr, strings.Join(importKeyNames(), ", "))
	}
	members, err := e.data.Client.ListGroupMembers(ctx, groupID)
	if err != nil {
		return nil, fmt.Sprintf("listing the members of group %s failed: %v", groupID, err)
	}
	key := addressbook.ContactAttributes[i].API
	out := make(map[string]client.Contact, len(members))
	for _, c := range members {
		k := *key(&c)
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
	var keyed map[string]string
	if err := json.Unmarshal([]byte(object), &keyed); err != nil {
		return nil, fmt.Sprintf("after ids: comes a JSON object of keys to contact ids, such as "+
			`ids:{"E1001":"%s"} (jsonencode makes one in HCL): %v.`, framework.ExampleUUID, err)
	}
	ids := make([]string, 0, len(keyed))
	keyOf := make(map[string]string, len(keyed))
	for _, key := range slices.Sorted(maps.Keys(keyed)) {
		id := keyed[key]
		if !framework.UUIDPattern.MatchString(id) {
			return nil, fmt.Sprintf("the id of key %q, %q, is not a contact id (a UUID such as %s).", key, id, framework.ExampleUUID)
		}
		if other, dup := keyOf[id]; dup {
			return nil, fmt.Sprintf("contact %s is given for keys %q and %q; an entry is one contact.", id, other, key)
		}
		keyOf[id] = key
		ids = append(ids, id)
	}
	found, err := e.data.Client.ReadContacts(ctx, ids)
	if err != nil {
		return nil, fmt.Sprintf("reading the contacts failed: %v", err)
	}
	out := make(map[string]client.Contact, len(keyed))
	for key, id := range keyed {
		c, ok := found[id]
		if !ok {
			return nil, fmt.Sprintf("contact %s (key %q) does not exist.", id, key)
		}
		out[key] = c
	}
	return out, ""
}

// importKeyNames are the attributes that can key an imported group.
func importKeyNames() []string {
	var names []string
	for _, a := range addressbook.ContactAttributes {
		if a.Kind != addressbook.KindVisibility {
			names = append(names, a.Name)
		}
	}
	return names
}

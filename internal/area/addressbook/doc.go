// Package addressbook holds the address-book kinds of the BestSMS REST API:
//
//   - the resources bestsms_contact, bestsms_group, bestsms_group_membership
//     and bestsms_group_members, each with its identity schema, and what
//     their imports and identities share (identity.go);
//   - the data sources bestsms_contact, bestsms_contacts, bestsms_group and
//     bestsms_groups;
//   - the list resources of bestsms_contact, bestsms_group and
//     bestsms_group_membership for `terraform query`, named listers
//     (contacts_lister.go, groups_lister.go, group_memberships_lister.go,
//     and what they share in lister.go);
//   - the attribute tables, the one description of a contact's and a
//     group's attributes (contact_attributes.go, group_attributes.go;
//     contributing/architecture.md §5.5).
//
// It speaks the REST API (internal/client) through framework.ProviderData.
// It must not import internal/gateway, another area, internal/provider or
// internal/acctest. internal/area/contactlist imports it for the contact
// attribute table: the one named exception (internal/archcheck).
package addressbook

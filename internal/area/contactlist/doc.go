// Package contactlist holds bestsms_contact_list, the resource that manages
// thousands of address-book contacts as one: its schema and framework
// methods (contactlist_resource.go); the engine that validates, plans,
// applies, reads and imports on plain Go values converted straight from
// Terraform's (contactlist_engine.go, contactlist_writes.go,
// contactlist_import.go, contactlist_values.go); and contactListServer
// (contactlist_server.go), which serves the resource's RPCs with that
// engine in front of the framework's server, wired by internal/provider's
// NewProtocol6Server. In the provider's packages a name starting with
// contactList means this resource and nothing else.
//
// It speaks the REST API (internal/client). It imports
// internal/area/addressbook for the contact attribute table
// (ContactAttributes, ContactFields), so that a contact field is defined
// once for every kind that writes contacts: the only area that imports
// another (named in internal/archcheck). It must not import
// internal/gateway, any other area, internal/provider or internal/acctest.
package contactlist

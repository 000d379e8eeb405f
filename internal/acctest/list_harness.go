package acctest

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// listed is one ListResource result, decoded.
type listed struct {
	Name     string
	Identity map[string]string
	Resource map[string]tftypes.Value // nil unless the resource was asked for
	Diags    []*tfprotov6.Diagnostic
}

// List runs ListResource for the list resource typ with config (see value),
// asking for the resource objects when include is true, and returns every
// result pushed.
func (h *ActionHarness) List(typ string, config map[string]any, include bool, limit int64) []listed {
	h.T.Helper()
	s, ok := h.Schemas.ListResourceSchemas[typ]
	if !ok {
		h.T.Fatalf("no list resource schema %q", typ)
	}
	ls, ok := h.Srv.(tfprotov6.ListResourceServer)
	if !ok {
		h.T.Fatalf("provider server %T serves no list resources", h.Srv)
	}
	stream, err := ls.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typ, Config: h.Dynamic(s.ValueType(), config), IncludeResource: include, Limit: limit,
	})
	if err != nil {
		h.T.Fatal(err)
	}
	resourceType := h.Schemas.ResourceSchemas[typ].ValueType()
	var out []listed
	for r := range stream.Results {
		l := listed{Name: r.DisplayName, Diags: r.Diagnostics}
		if r.Identity != nil && r.Identity.IdentityData != nil {
			l.Identity = map[string]string{}
			for k, v := range h.object(r.Identity.IdentityData, identityType(typ)) {
				var s string
				if err := v.As(&s); err != nil {
					h.T.Fatalf("identity %s: %v", k, err)
				}
				l.Identity[k] = s
			}
		}
		if r.Resource != nil {
			l.Resource = h.object(r.Resource, resourceType)
		}
		out = append(out, l)
	}
	return out
}

// identityType is the object type of a resource's identity.
func identityType(typ string) tftypes.Object {
	attrs := map[string]tftypes.Type{"id": tftypes.String}
	switch typ {
	case "bestsms_group_membership":
		attrs = map[string]tftypes.Type{"group_id": tftypes.String, "contact_id": tftypes.String}
	case "bestsms_group_members":
		attrs = map[string]tftypes.Type{"group_id": tftypes.String}
	}
	return tftypes.Object{AttributeTypes: attrs}
}

// object decodes a DynamicValue of an object type into its attributes.
func (h *ActionHarness) object(dv *tfprotov6.DynamicValue, typ tftypes.Type) map[string]tftypes.Value {
	h.T.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		h.T.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		h.T.Fatal(err)
	}
	return attrs
}

// ListedNames returns the display names of results without diagnostics, failing
// the test on any diagnostic.
func ListedNames(t *testing.T, results []listed) []string {
	t.Helper()
	var out []string
	for _, r := range results {
		RequireNoErrorDiags(t, "ListResource", r.Diags)
		out = append(out, r.Name)
	}
	return out
}

// StringValue is a string attribute's value ("<null>" for null).
func StringValue(t *testing.T, v tftypes.Value) string {
	t.Helper()
	if v.IsNull() {
		return "<null>"
	}
	var s string
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// SeedAddressBook puts an address book into the mock through its Go API (not
// through the provider): three contacts with their numbers in different
// spellings, two groups, and Ana and Bob in Platform On Call.
func SeedAddressBook(mock *Mock) (ana, bob, cleo mockapi.Contact, platform, security mockapi.Group) {
	ana = mock.PutContact(mockapi.Contact{FirstName: "Ana", LastName: "Lima", MobilePhone: "+61421000001", EmailAddress: "Ana.Lima@example.com"})
	bob = mock.PutContact(mockapi.Contact{Attention: "Bob Stone", MobilePhone: "0421 000 002", Company: "Example Pty Ltd"})
	cleo = mock.PutContact(mockapi.Contact{Company: "Cleo's Catering", EmailAddress: "orders@cleo.example"})
	platform = mock.PutGroup(mockapi.Group{GroupName: "Platform On Call"})
	security = mock.PutGroup(mockapi.Group{GroupName: "Security", GroupCode: "SEC_IR"})
	for _, id := range []string{ana.ContactID, bob.ContactID} {
		if err := mock.AddMember(platform.GroupID, id); err != nil {
			panic(err)
		}
	}
	return ana, bob, cleo, platform, security
}

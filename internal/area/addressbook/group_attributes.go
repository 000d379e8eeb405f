package addressbook

import (
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// groupAttribute is one attribute of a group as every group schema
// (bestsms_group, and the bestsms_group and bestsms_groups data sources)
// describes it. The resource adds what is about writing it; groupModel
// holds the attributes and converts them to and from client.Group.
type groupAttribute struct {
	name        string
	description string
}

// groupAttributes is the catalogue of group attributes.
var groupAttributes = []groupAttribute{
	{"id", "The group's id (the API's `GroupID`)."},
	{"name", "The group's name."},
	{"code", "The group's code (`GroupCode`), used to address the group in messages."},
	{"sub_account", "Sub-account the group belongs to, for reporting and permissions."},
	{"department", "Department the group belongs to, for reporting and permissions."},
	{"view_edit_by", "Who can see and edit the group."},
	{"owner", "The API user that owns the group."},
	{"access_control", "Administrator access to the group (the API's `AccessControl`, v3.00 only)."},
}

// groupDescription returns the description of a group attribute.
func groupDescription(name string) string {
	for _, a := range groupAttributes {
		if a.name == name {
			return a.description
		}
	}
	panic("provider: no group attribute " + name)
}

// groupDataSourceAttributes returns every group attribute as a computed
// data source attribute.
func groupDataSourceAttributes() map[string]dsschema.Attribute {
	attrs := make(map[string]dsschema.Attribute, len(groupAttributes))
	for _, a := range groupAttributes {
		desc := a.description
		switch a.name {
		case "view_edit_by":
			desc += " " + framework.VisibilityMarkdown + "."
		case "access_control":
			desc += " " + accessControlMarkdown + "; null with API v2.03 and v2.04."
		}
		attrs[a.name] = dsschema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return attrs
}

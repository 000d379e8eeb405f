package framework

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// IDValidator accepts the id of an address-book object: a GroupID or
// ContactID is a UUID. Anything else (most often a group code or a name)
// would be sent as an id and answered "not found" at apply, or, worse,
// accepted by an API that also resolves codes, leaving ids in state that
// break import and drift detection. Unknown values pass (they are checked
// again once known).
type IDValidator struct {
	// Kind is "group" or "contact".
	Kind string
	// CodeAttr names a sibling attribute that takes a group code, if any.
	CodeAttr string
}

// GroupIDValidator and ContactIDValidator are the usual id validators.
var (
	GroupIDValidator   = IDValidator{Kind: "group"}
	ContactIDValidator = IDValidator{Kind: "contact"}
)

func (v IDValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a %s id (a UUID such as %s)", v.Kind, ExampleUUID)
}

func (v IDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v IDValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || UUIDPattern.MatchString(req.ConfigValue.ValueString()) {
		return
	}
	hint := "Refer to the contact by its id: bestsms_contact.<name>.id for a contact managed in this configuration, " +
		"or data.bestsms_contact.<name>.id to look one up by mobile number or e-mail address."
	if v.Kind == "group" {
		hint = "If this is a group code, refer to the group by its id instead: bestsms_group.<name>.id for a group " +
			"managed in this configuration, or data.bestsms_group.<name>.id to look one up by code or name."
		if v.CodeAttr != "" {
			hint += " To address the group by its code, use " + v.CodeAttr + " instead."
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+TitleWords(v.Kind)+" ID",
		fmt.Sprintf("%q is not a %s id: %s ids are UUIDs such as %s (%s). %s",
			req.ConfigValue.ValueString(), v.Kind, v.Kind, ExampleUUID, v.mockHint(), hint))
}

// mockHint says how a module's tests give mocked ids a UUID: under
// `terraform test`, a mock_provider makes up 8-character strings for ids.
func (v IDValidator) mockHint() string {
	return fmt.Sprintf(`under terraform test, give a mocked %[1]s one with mock_resource "bestsms_%[1]s" { defaults = { id = %[2]q } } in mock_provider "bestsms"`,
		v.Kind, ExampleUUID)
}

// ExampleUUID is the id shown in messages (a GroupID of the wire reference).
const ExampleUUID = "4000000b-f002-4007-b00a-c00000000001"

// UUIDPattern recognises a GroupID, to tell it from a GroupCode on import.
var UUIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

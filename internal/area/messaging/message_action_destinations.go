package messaging

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// destinationTargets are the attributes of a bestsms_message destination
// that say who receives it.
var destinationTargets = []string{"recipient", "contact_id", "group_id", "group_code"}

// oneTarget checks that exactly one of names is set in an object, reading
// the object's own attributes: stringvalidator.ExactlyOneOf with relative
// paths would search the whole configuration for each element of a list,
// which made 1,000 destinations take a minute to validate. The error is on
// the first of names, as ExactlyOneOf's was; an unknown value may still be
// the one.
type oneTarget struct{ names []string }

func (v oneTarget) Description(context.Context) string {
	return "exactly one of " + strings.Join(v.names, ", ") + " must be set"
}

func (v oneTarget) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v oneTarget) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	var set []string
	unknown := false
	for _, name := range v.names {
		switch a := attrs[name]; {
		case a == nil || a.IsNull():
		case a.IsUnknown():
			unknown = true
		default:
			set = append(set, name)
		}
	}
	at := req.Path.AtName(v.names[0])
	switch {
	case len(set) > 1:
		resp.Diagnostics.AddAttributeError(at, "Invalid Attribute Combination", fmt.Sprintf(
			"%d of %s are set; set only one of them: each destination is one number, contact or group.",
			len(set), strings.Join(v.names, ", ")))
	case len(set) == 0 && !unknown:
		resp.Diagnostics.AddAttributeError(at, "Invalid Attribute Combination", fmt.Sprintf(
			"None of %s is set; set exactly one of them: each destination is one number, contact or group.",
			strings.Join(v.names, ", ")))
	}
}

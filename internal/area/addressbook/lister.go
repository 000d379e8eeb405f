package addressbook

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

// What the list resources of the address book have in common (what list
// resources of every area share is in internal/framework/lister.go): the
// provider's data, and the display names of contacts and groups.

// lister is embedded by every list resource: the provider's data,
// set by Configure.
type lister struct {
	data *framework.ProviderData
}

func (l *lister) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

// listConfig reads the list block's config into cfg. It reports false, with
// stream set to the error, when the provider is not configured or the
// config cannot be read.
func (l *lister) listConfig(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, cfg any) bool {
	if l.data == nil {
		stream.Results = framework.ListUnconfigured()
		return false
	}
	if diags := req.Config.Get(ctx, cfg); diags.HasError() {
		stream.Results = framework.ListFailed(diags)
		return false
	}
	return true
}

// contactDisplayName names a contact the way a person would: its name (the
// attention line, else first and last name, else the company) followed by
// the first way to reach it (mobile, other phone numbers, e-mail), for
// example "Ana Lima (+61421000001)". Numbers are shown in E.164 when they
// are valid in region (the provider's default_country), so every contact
// reads alike whatever spelling the API holds. A contact with neither is
// named by its id.
func contactDisplayName(c *client.Contact, region string) string {
	name := firstNonBlank(c.Attention, strings.TrimSpace(c.FirstName)+" "+strings.TrimSpace(c.LastName), c.Company)
	reach := firstNonBlank(c.MobilePhone, c.MainPhone, c.DirectPhone, c.AltPhone1, c.AltPhone2, c.FaxNumber)
	if e164, err := phone.Normalize(reach, region); reach != "" && err == nil {
		reach = e164
	}
	reach = firstNonBlank(reach, c.EmailAddress)
	switch {
	case name != "" && reach != "":
		return name + " (" + reach + ")"
	case name != "" || reach != "":
		return name + reach
	default:
		return c.ID
	}
}

// groupDisplayName names a group by its name and code, for example
// "Platform On Call (Platform_On_Call)".
func groupDisplayName(g *client.Group) string {
	if strings.TrimSpace(g.Name) == "" {
		return g.Code
	}
	return g.Name + " (" + g.Code + ")"
}

// firstNonBlank returns the first value that is not only white space,
// trimmed, or "".
func firstNonBlank(values ...string) string {
	for _, v := range values {
		if s := strings.TrimSpace(v); s != "" {
			return s
		}
	}
	return ""
}

// containsFold reports whether s contains substr, ignoring case.
func containsFold(s, substr string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(substr))
}

package provider

import (
	"cmp"
	"context"
	"iter"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

// What the list resources (terraform query, Terraform 1.14 and later) have
// in common: each lists one collection of the address book through the
// client's bulk listings, keeps what its filters match, and reports every
// object found with a display name a person recognises, its identity, and,
// when Terraform asks for it (include_resource = true, which
// `terraform query -generate-config-out` needs), the whole resource object
// exactly as the resource's own Read would store it, so that a plan
// importing the generated configuration shows no changes.

// addressBookList is embedded by every list resource: the provider's data,
// set by Configure.
type addressBookList struct {
	data *providerData
}

func (l *addressBookList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// listConfig reads the list block's config into cfg. It reports false, with
// stream set to the error, when the provider is not configured or the
// config cannot be read.
func (l *addressBookList) listConfig(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, cfg any) bool {
	if l.data == nil {
		stream.Results = listUnconfigured()
		return false
	}
	if diags := req.Config.Get(ctx, cfg); diags.HasError() {
		stream.Results = listFailed(diags)
		return false
	}
	return true
}

// found is one object a list resource found.
type found struct {
	// name is the result's display name.
	name string
	// key orders results with the same display name (the object's ids).
	key string
	// identity is the resource's identity model.
	identity any
	// resource builds the resource's state model; called only when
	// Terraform asks for the resource object.
	resource func() any
}

// streamFound sorts the objects found by display name (ignoring case), then
// by id, so that a query lists them, and generated configuration names
// them, the same way every time, and pushes at most req.Limit of them (the
// list block's limit).
func streamFound(ctx context.Context, req list.ListRequest, all []found) iter.Seq[list.ListResult] {
	slices.SortFunc(all, func(a, b found) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)), cmp.Compare(a.name, b.name),
			cmp.Compare(a.key, b.key))
	})
	return func(push func(list.ListResult) bool) {
		for i, f := range all {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = displayText(f.name)
			result.Diagnostics.Append(result.Identity.Set(ctx, f.identity)...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, f.resource())...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listFailed is the stream of a listing that could not be made.
func listFailed(diags diag.Diagnostics) iter.Seq[list.ListResult] {
	return list.ListResultsStreamDiagnostics(diags)
}

// listAPIFailed is the stream of a listing that failed in the API.
func listAPIFailed(summary, what string, err error) iter.Seq[list.ListResult] {
	var diags diag.Diagnostics
	addAPIError(&diags, summary, what, err)
	return listFailed(diags)
}

// listUnconfigured is the stream of a list resource whose provider was not
// configured, which Terraform does before any query; it is a bug if not.
func listUnconfigured() iter.Seq[list.ListResult] {
	var diags diag.Diagnostics
	diags.AddError("Unconfigured BestSMS Provider",
		"The list resource was called before the provider was configured, so there is no API client to list with. "+
			"This is a bug in the provider or in Terraform; please report it with the Terraform version you use.")
	return listFailed(diags)
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

package framework

import (
	"cmp"
	"context"
	"iter"
	"slices"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// What the list resources (terraform query, Terraform 1.14 and later) of
// every area have in common: each lists one collection through the
// client's listings, keeps what its filters match, and reports every
// object found with a display name a person recognises, its identity, and,
// when Terraform asks for it (include_resource = true, which
// `terraform query -generate-config-out` needs), the whole resource object
// exactly as the resource's own Read would store it, so that a plan
// importing the generated configuration shows no changes.

// Found is one object a list resource found.
type Found struct {
	// Name is the result's display name.
	Name string
	// Key orders results with the same display name (the object's ids).
	Key string
	// Identity is the resource's identity model.
	Identity any
	// Resource builds the resource's state model; called only when
	// Terraform asks for the resource object.
	Resource func() any
}

// StreamFound sorts the objects found by display name (ignoring case), then
// by id, so that a query lists them, and generated configuration names
// them, the same way every time, and pushes at most req.Limit of them (the
// list block's limit).
func StreamFound(ctx context.Context, req list.ListRequest, all []Found) iter.Seq[list.ListResult] {
	slices.SortFunc(all, func(a, b Found) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Key, b.Key))
	})
	return func(push func(list.ListResult) bool) {
		for i, f := range all {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = DisplayText(f.Name)
			result.Diagnostics.Append(result.Identity.Set(ctx, f.Identity)...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, f.Resource())...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// ListFailed is the stream of a listing that could not be made.
func ListFailed(diags diag.Diagnostics) iter.Seq[list.ListResult] {
	return list.ListResultsStreamDiagnostics(diags)
}

// ListAPIFailed is the stream of a listing that failed in the API.
func ListAPIFailed(summary, what string, err error) iter.Seq[list.ListResult] {
	var diags diag.Diagnostics
	AddRESTError(&diags, summary, what, err)
	return ListFailed(diags)
}

// ListUnconfigured is the stream of a list resource whose provider was not
// configured, which Terraform does before any query; it is a bug if not.
func ListUnconfigured() iter.Seq[list.ListResult] {
	var diags diag.Diagnostics
	diags.AddError("Unconfigured BestSMS Provider",
		"The list resource was called before the provider was configured, so there is no API client to list with. "+
			"This is a bug in the provider or in Terraform; please report it with the Terraform version you use.")
	return ListFailed(diags)
}

// DisplayText makes a value from the API safe to show on one line of a
// terminal: control characters (escape sequences, carriage returns, line
// feeds, tabs) become spaces, so a stored name cannot forge or rewrite lines
// of Terraform's output.
func DisplayText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

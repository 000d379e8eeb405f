package framework

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
)

// The REST API versions differ at plan, never at apply
// (contributing/architecture.md §8): a kind or an attribute that the
// provider's api_version cannot carry is an error at plan time naming it
// and api_version, from the client's capabilities (client.Supports). The
// client refuses the same at apply, as a backstop (client.IsUnsupported).

// Supports reports whether the provider's api_version carries f.
func (d *ProviderData) Supports(f client.Feature) bool {
	return client.Supports(d.APIVersion, f)
}

// VersionsWith lists the API versions that carry f, oldest first.
func VersionsWith(f client.Feature) []string {
	var out []string
	for _, v := range client.SupportedVersions() {
		if client.Supports(v, f) {
			out = append(out, v)
		}
	}
	return out
}

// OrList writes items as "a", "a or b", "a, b or c".
func OrList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// UnsupportedDetail is the detail of a version error: what (an attribute,
// a kind) cannot be used with api_version version, which lacks f, and the
// versions that carry it.
func UnsupportedDetail(what, version string, f client.Feature) string {
	return fmt.Sprintf("%s cannot be used with api_version = %q: the BestSMS REST API %s cannot carry %s. "+
		"Remove %s, or set the provider's api_version (or %s) to %s, which carry it.",
		what, version, version, f, what, EnvAPIVersion, OrList(VersionsWith(f)))
}

// CheckSupported reports, when the provider's api_version lacks f, an
// error naming what (the attribute, or the kind) at the attribute at
// (path.Empty() for the whole configuration), and returns false.
func (d *ProviderData) CheckSupported(f client.Feature, at path.Path, what string, diags *diag.Diagnostics) bool {
	if d.Supports(f) {
		return true
	}
	summary := "Not Supported By API Version " + d.APIVersion
	if at.Equal(path.Empty()) {
		diags.AddError(summary, UnsupportedDetail(what, d.APIVersion, f))
	} else {
		diags.AddAttributeError(at, summary, UnsupportedDetail(what, d.APIVersion, f))
	}
	return false
}

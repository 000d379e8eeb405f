package acctest

import (
	"strings"
	"testing"
)

func TestParseCLIVersion(t *testing.T) {
	for name, tc := range map[string]struct {
		out  string
		want CLI
	}{
		"terraform": {"Terraform v1.15.9\non linux_amd64\n", CLI{Version: "1.15.9"}},
		"terraform outdated": {"Terraform v1.11.4\non linux_amd64\n\nYour version of Terraform is out of date! The latest version\nis 1.15.9.\n",
			CLI{Version: "1.11.4"}},
		// OpenTofu warns about a missing CLI configuration on standard output,
		// before its version line.
		"opentofu after a warning": {"\nWarning: Unable to open CLI configuration file\n\nThe CLI configuration file at \"/x\" does not exist.\n" +
			"OpenTofu v1.12.6\non linux_amd64\n", CLI{OpenTofu: true, Version: "1.12.6"}},
		"pre-release": {"OpenTofu v1.13.0-beta1\non linux_amd64\n", CLI{OpenTofu: true, Version: "1.13.0-beta1"}},
	} {
		tc.want.Path = "/bin/x"
		got, err := parseCLIVersion("/bin/x", tc.out)
		if err != nil || got != tc.want {
			t.Errorf("%s: parseCLIVersion = %+v, %v; want %+v", name, got, err, tc.want)
		}
	}
	for _, out := range []string{"", "Terraform 1.15.9\n", "terraform v1.15.9\n", "Something v1.0.0\n", "The OpenTofu v1.12.6 build\n"} {
		if got, err := parseCLIVersion("/bin/x", out); err == nil {
			t.Errorf("parseCLIVersion(%q) = %+v, want an error", out, got)
		}
	}
}

func TestFeatureLacks(t *testing.T) {
	tf := func(v string) CLI { return CLI{Version: v} }
	tofu := func(v string) CLI { return CLI{OpenTofu: true, Version: v} }
	for _, tc := range []struct {
		f    Feature
		cli  CLI
		want string // "" when the CLI has the feature, else a fragment of the reason
	}{
		{Actions, tf("1.14.0"), ""},
		{Actions, tf("1.15.9"), ""},
		{Actions, tf("1.14.0-rc1"), ""},
		{Actions, tf("1.11.4"), "Terraform CLI version 1.11.4 is below minimum version 1.14.0 for actions"},
		{Actions, tofu("1.12.6"), "OpenTofu has no actions"},
		// OpenTofu 1.12 tells providers it is Terraform 1.13.0; a later one
		// that numbered itself past 1.14 still has no actions.
		{Actions, tofu("1.14.0"), "OpenTofu has no actions"},
		{ListResources, tofu("1.12.6"), "OpenTofu has no list resources"},
		{Ephemeral, tf("1.10.0"), ""},
		{Ephemeral, tofu("1.10.9"), "OpenTofu CLI version 1.10.9 is below minimum version 1.11.0 for ephemeral resources"},
		{Ephemeral, tofu("1.11.0"), ""},
		{WriteOnly, tf("1.10.5"), "below minimum version 1.11.0 for write-only attributes"},
		{Identity, tofu("1.12.6"), ""},
		{Identity, tf("1.11.4"), "below minimum version 1.12.0"},
		{Functions, tofu("1.7.0"), ""},
		{Functions, tf("1.7.5"), "below minimum version 1.8.0"},
	} {
		got := tc.f.Lacks(tc.cli)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s on %s: Lacks = %q, want %q", tc.f.Name, tc.cli, got, tc.want)
		}
	}
}

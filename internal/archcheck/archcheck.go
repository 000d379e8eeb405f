// Package archcheck holds the rules between the repository's packages
// (contributing/architecture.md §2) as data, and the test that fails when
// the code breaks one of them: which package may import which, names that
// differ only in case or underscores, test files that follow no production
// file, package comments, and the size of production files.
//
// Run it alone with `go test ./internal/archcheck/`; `make unit` and
// `make test` run it with everything else. It must not import any package of
// the project: it reads the source files.
package archcheck

// Module is the module path every rule below is relative to.
const Module = "github.com/bestsms/terraform-provider-bestsms"

// Areas are the packages of the provider's kinds, one per product area
// (contributing/architecture.md §1). RESTAreas speak the BestSMS REST API
// (internal/client), GatewayAreas the legacy Best SMS Gateway
// (internal/gateway); functions speak to neither.
var (
	Areas = []string{
		"internal/area/addressbook",
		"internal/area/contactlist",
		"internal/area/functions",
		"internal/area/gateway",
		"internal/area/messaging",
		"internal/area/optouts",
	}
	RESTAreas    = []string{"internal/area/addressbook", "internal/area/contactlist", "internal/area/messaging", "internal/area/optouts"}
	GatewayAreas = []string{"internal/area/gateway"}
)

// AreaImports are the named exceptions to "an area imports no other
// area": importer → imported, with the reason.
var AreaImports = map[[2]string]string{
	{"internal/area/contactlist", "internal/area/addressbook"}: "bestsms_contact_list manages address-book " +
		"contacts: it reads the address book's contact attribute table (ContactAttributes, ContactFields), " +
		"so a contact field added once is in bestsms_contact, its data sources and bestsms_contact_list alike",
}

// Rule is one import rule: the packages From (a path, or a path ending in
// "/..." for it and everything below) must not import Deny (same form).
// Tests says whether the rule also holds for the package's _test.go files.
type Rule struct {
	From, Deny []string
	Tests      bool
	Why        string
}

// terraform is every Terraform library the provider uses.
var terraform = []string{
	"github.com/hashicorp/terraform-plugin-framework/...",
	"github.com/hashicorp/terraform-plugin-framework-validators/...",
	"github.com/hashicorp/terraform-plugin-go/...",
	"github.com/hashicorp/terraform-plugin-log/...",
	"github.com/hashicorp/terraform-plugin-testing/...",
	"github.com/hashicorp/terraform-plugin-sdk/...",
}

// own lists project packages (module-relative).
func own(paths ...string) []string { return paths }

// Rules are the import rules; AreaRules adds the rules between areas.
var Rules = []Rule{
	{
		From: own("internal/client/...", "internal/gateway/..."), Tests: true,
		Deny: append(own("internal/provider", "internal/framework", "internal/area/...", "internal/acctest"), terraform...),
		Why:  "the clients speak only the wire: Go types in, Go types out, no Terraform (§2.1)",
	},
	{
		From: own("internal/client/..."), Deny: own("internal/gateway/..."), Tests: true,
		Why: "the two clients are siblings, neither a mode of the other (§2.1)",
	},
	{
		From: own("internal/gateway/..."), Deny: own("internal/client/..."), Tests: true,
		Why: "the two clients are siblings, neither a mode of the other (§2.1)",
	},
	{
		From: own("internal/mockapi/...", "cmd/bestsms-mock"), Tests: true,
		Deny: append(own("internal/client/...", "internal/gateway/...", "internal/provider", "internal/framework",
			"internal/area/...", "internal/acctest"), terraform...),
		Why: "the mock is a second, independent reading of the wire (§2.3)",
	},
	{
		From: own("internal/phone", "internal/smsenc", "internal/groupcode"), Tests: true,
		Deny: append(own("internal/..."), append([]string{"net/http"}, terraform...)...),
		Why:  "domain packages know nothing of the project, Terraform or HTTP (§2.4)",
	},
	{
		From: own("internal/mockapi"), Deny: own("internal/mockapi/dashboard"), Tests: true,
		Why: "the mock never imports its dashboard: a program mounts it (mockapi.Options.Dashboard) (§2.3)",
	},
	{
		From: own("internal/redact"), Deny: append(own("internal/..."), terraform...),
		Why: "the one masker of secrets serves both clients and knows nothing of the project (§2.5)",
	},
	{
		From: own("internal/timebound"), Deny: append(own("internal/..."), terraform...),
		Why: "the one time bound of a request serves both clients and knows nothing of the project (§2.5)",
	},
	{
		From: own("internal/redact/redacttest"), Deny: own("internal/..."),
		Why: "the tests' reading of the escaped forms is written apart from the masker it checks",
	},
	{
		From: own("internal/framework"), Tests: true,
		Deny: own("internal/provider", "internal/area/...", "internal/acctest"),
		Why:  "the framework is the floor the areas stand on: it never reaches up into them (§2.6)",
	},
	{
		From: GatewayAreas, Deny: own("internal/client/..."), Tests: true,
		Why: "the gateway kinds speak only api_v1 (internal/gateway) (§2.6)",
	},
	{
		From: RESTAreas, Deny: own("internal/gateway/..."), Tests: true,
		Why: "the REST kinds speak only the REST API (internal/client) (§2.6)",
	},
	{
		From: own("internal/area/functions"), Deny: own("internal/client/...", "internal/gateway/..."), Tests: true,
		Why: "functions are computed locally and call no API (§2.6)",
	},
	{
		From: own("internal/acctest"), Deny: own("internal/area/..."),
		Why: "test support reaches the areas through the assembled provider only",
	},
	{
		From: own("..."), Deny: own("internal/acctest", "internal/mockapi/mocktest", "internal/redact/redacttest"),
		Why: "test support is imported by _test.go files only (§2.7; acctest builds on mocktest, see TestSupportImports)",
	},
}

// AreaImporters are the packages whose production code may import an area
// package: the provider's assembly, which registers the kinds. Test files
// may import the area they test (an external test package imports its own
// package) and reach the others only through internal/acctest's provider.
var AreaImporters = []string{"internal/provider"}

// TestSupportImports are the production packages allowed to import the test
// support: internal/acctest itself builds on internal/mockapi/mocktest.
var TestSupportImports = map[string][]string{
	"internal/acctest": {"internal/mockapi/mocktest"},
}

// NameChecked are the directories (and below) where no two Go files of a
// directory, and no two types of a package, may have names that are equal once
// underscores are removed and case is ignored.
var NameChecked = []string{"internal"}

// ContactListPrefix names bestsms_contact_list only: in the packages of
// ContactListChecked (the Terraform side), a declaration whose name starts
// with it (ignoring case and underscores) lives in ContactListHome. The
// list resources of the address book are listers (contactsLister).
const (
	ContactListPrefix = "contactlist"
	ContactListHome   = "internal/area/contactlist"
)

// ContactListChecked are the packages where ContactListPrefix is reserved.
var ContactListChecked = []string{"internal/provider", "internal/framework", "internal/area/...", "internal/acctest"}

// MaxProductionLines bounds a production Go file (test files are not
// bounded); AssemblyMaxLines bounds internal/provider as a whole.
const (
	MaxProductionLines = 600
	AssemblyMaxLines   = 2000
	Assembly           = "internal/provider"
)

// TestFileExceptions are test files that test no one production file:
// export_test.go hands a package's internals to its external tests.
var TestFileExceptions = []string{"export_test.go"}

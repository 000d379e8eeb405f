package addressbook_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestAccGroupResource_lifecycle(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupResourceLifecycle)
}

func testAccGroupResourceLifecycle(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "bestsms_group.oncall"
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(name, extra string) string {
		return mock.ProviderConfig() + fmt.Sprintf(`
resource "bestsms_group" "oncall" {
  name = %q
  %s
}
`, name, extra)
	}

	steps := []resource.TestStep{
		{ // code derived by the API
			Config: config("On Call Team", `department = "Ops"`),
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(addr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("code"), knownvalue.StringExact("On_Call_Team")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("view_edit_by"), knownvalue.StringExact("Account")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("department"), knownvalue.StringExact("Ops")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("sub_account"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("owner"), knownvalue.NotNull()),
			},
		},
		{ // rename in place: same id, same code
			Config: config("On-Call Rotation", `view_edit_by = "Department"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(addr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("code"), knownvalue.StringExact("On_Call_Team")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("department"), knownvalue.Null()),
			},
			Check: acctest.CheckMock(func() error {
				g, err := mock.OnlyGroup()
				if err != nil {
					return err
				}
				if g.GroupName != "On-Call Rotation" || g.GroupCode != "On_Call_Team" || g.ViewEditBy != "Department" || g.Department != "" {
					return fmt.Errorf("mock group after rename = %+v", g)
				}
				return nil
			}),
		},
		{ // import by GroupID
			ResourceName:      addr,
			ImportState:       true,
			ImportStateVerify: true,
		},
		{ // import by GroupCode
			ResourceName:      addr,
			ImportState:       true,
			ImportStateId:     "On_Call_Team",
			ImportStateVerify: true,
		},
		{ // import block
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
		},
		{ // import block generating config, which plans clean
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			GenerateConfig:  true,
		},
		{ // drift: renamed behind Terraform's back
			PreConfig: func() {
				g, err := mock.OnlyGroup()
				if err != nil {
					t.Fatal(err)
				}
				g.GroupName = "Renamed Elsewhere"
				mock.PutGroup(g)
			},
			Config: config("On-Call Rotation", `view_edit_by = "Department"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
		},
		{ // drift: deleted behind Terraform's back → re-created
			PreConfig: func() {
				g, err := mock.OnlyGroup()
				if err != nil {
					t.Fatal(err)
				}
				mock.DeleteGroup(g.GroupID)
			},
			Config: config("On-Call Rotation", `view_edit_by = "Department"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				// re-created from the new name, so the derived code follows it
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("code"), knownvalue.StringExact("On-Call_Rotation")),
			},
		},
	}
	if v == acctest.V300 {
		steps = append(steps, groupV3Steps(mock, addr, config)...)
	} else {
		steps = append(steps, resource.TestStep{ // an explicit new code replaces the group
			Config: config("On-Call Rotation", `code = "ONCALL"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("code"), knownvalue.StringExact("ONCALL")),
			},
			Check: acctest.CheckMock(func() error {
				g, err := mock.OnlyGroup()
				if err != nil {
					return err
				}
				if g.GroupCode != "ONCALL" {
					return fmt.Errorf("mock group code = %q, want ONCALL", g.GroupCode)
				}
				return nil
			}),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGroups,
		Steps:                    steps,
	})
}

// groupV3Steps end the lifecycle on v3.00, where the API assigns codes: the
// group's own code configured plans nothing (a configuration moved from
// v2), another is refused at plan; access_control, which the API defaulted,
// changes in place.
func groupV3Steps(mock *acctest.Mock, addr string, config func(name, extra string) string) []resource.TestStep {
	return []resource.TestStep{
		{
			Config:            config("On-Call Rotation", "view_edit_by = \"Department\"\ncode = \"On-Call_Rotation\""),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("access_control"), knownvalue.StringExact("Limited"))},
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			Config:      config("On-Call Rotation", `code = "ONCALL"`),
			PlanOnly:    true,
			ExpectError: acctest.Wrapped("Not Supported By API Version v3.00", `code "ONCALL" cannot be written with api_version = "v3.00"`, "assigns"),
		},
		{
			Config: config("On-Call Rotation", "view_edit_by = \"Department\"\naccess_control = \"Granted\""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
			},
			Check: acctest.CheckMock(func() error {
				g, err := mock.OnlyGroup()
				if err != nil {
					return err
				}
				if g.AccessControl != "Granted" || g.GroupCode != "On-Call_Rotation" {
					return fmt.Errorf("mock group = %+v, want AccessControl Granted and the same code", g)
				}
				return nil
			}),
		},
	}
}

func TestAccGroupResource_v203(t *testing.T) {
	mock := acctest.NewMock(t)
	const addr = "bestsms_group.legacy"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGroups,
		Steps: []resource.TestStep{
			{
				Config: mock.ProviderConfig(`api_version = "v2.03"`) + `
resource "bestsms_group" "legacy" {
  name = "Legacy Team"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("code"), knownvalue.StringExact("Legacy_Team")),
				},
			},
			{ // rename through the v2.03 path (GroupCode in the {group} slot)
				Config: mock.ProviderConfig(`api_version = "v2.03"`) + `
resource "bestsms_group" "legacy" {
  name = "Legacy Team Renamed"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: acctest.CheckMock(func() error {
					g, err := mock.OnlyGroup()
					if err != nil {
						return err
					}
					if g.GroupName != "Legacy Team Renamed" || g.GroupCode != "Legacy_Team" {
						return fmt.Errorf("mock group = %+v", g)
					}
					if n := mock.Stats().Routes["PATCH addressbook/group/{group}"]; n != 1 {
						return fmt.Errorf("group updates = %d, want 1", n)
					}
					return nil
				}),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccGroupResource_badInput(t *testing.T) {
	mock := acctest.NewMock(t)
	group := func(body string) string {
		return mock.ProviderConfig() + "resource \"bestsms_group\" \"bad\" {\n" + body + "\n}\n"
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: group(`name = ""`), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)name.*length`)},
			{Config: group(`code = "x"`), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)"name" is required`)},
			{Config: group("name = \"A\"\ncode = \"has space\""), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)code.*white space`)},
			{Config: group("name = \"A\"\nview_edit_by = \"all\""), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)view_edit_by.*Account`)},
			{ // import of a code that does not exist
				Config:        group(`name = "A"`),
				ResourceName:  "bestsms_group.bad",
				ImportState:   true,
				ImportStateId: "No_Such_Group",
				ExpectError:   regexp.MustCompile(`No group has the id or code "No_Such_Group"`),
			},
		},
	})
	if got := mock.Stats().Routes["POST addressbook/group"]; got != 0 {
		t.Errorf("bad input reached the API: %d group creates", got)
	}
}

func TestAccGroupResource_providerDefaults(t *testing.T) {
	acctest.EachAPIVersion(t, testAccGroupResourceProviderDefaults)
}

func testAccGroupResourceProviderDefaults(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "bestsms_group.team"
	group := func(extra string) string {
		return mock.ProviderConfig(`sub_account = "Platform"`, `department = "Ops"`) +
			"resource \"bestsms_group\" \"team\" {\n  name = \"Team\"\n  " + extra + "\n}\n"
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGroups,
		Steps: []resource.TestStep{
			{ // the provider's defaults apply to a group that sets neither
				Config: group(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sub_account"), knownvalue.StringExact("Platform")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("department"), knownvalue.StringExact("Ops")),
				},
				Check: acctest.CheckMock(func() error {
					g, err := mock.OnlyGroup()
					if err != nil {
						return err
					}
					if g.SubAccount != "Platform" || g.Department != "Ops" {
						return fmt.Errorf("mock group = %+v, want the provider's defaults", g)
					}
					return nil
				}),
			},
			{ // the group's own value wins, updated in place
				Config: group(`department = "Security"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sub_account"), knownvalue.StringExact("Platform")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("department"), knownvalue.StringExact("Security")),
				},
			},
		},
	})
}

// Names that are only white space, and names that derive a code another
// group has, fail at plan naming the attribute; nothing is created.
func TestAccGroupResource_codeClashAtPlan(t *testing.T) {
	mock := acctest.NewMock(t)
	existing := mock.PutGroup(mockapi.Group{GroupName: "On Call", GroupCode: "On_Call"})
	group := func(body string) string {
		return mock.ProviderConfig() + "resource \"bestsms_group\" \"new\" {\n" + body + "\n}\n"
	}
	clash := func(attr, code string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)Group Code Already In Use.*` + attr + ` = .*gives the group the code\s+"` + code +
			`".*` + existing.GroupID + `.*set code.*import`)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: group(`name = "   "`), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)name.*something other than\s+white space`)},
			{Config: group(`name = "On Call"`), PlanOnly: true, ExpectError: clash("name", "On_Call")},
			{Config: group(`name = "on  call"`), PlanOnly: true, ExpectError: clash("name", "on_call")},
			{Config: group(`name = "On\tCall"`), PlanOnly: true, ExpectError: clash("name", "On_Call")},
			{
				Config:      group("name = \"Rota\"\ncode = \"ON_CALL\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Group Code Already In Use.*code = "ON_CALL".*The code "ON_CALL", but group\s+` + existing.GroupID),
			},
			{ // the way out: a code of its own
				Config: group("name = \"On Call\"\ncode = \"On_Call_2\""),
				Check: acctest.CheckMock(func() error {
					if n := len(mock.Groups()); n != 2 {
						return fmt.Errorf("mock holds %d groups, want 2", n)
					}
					return nil
				}),
			},
			{ // renaming a group of its own never clashes with itself
				Config:   group("name = \"on call\"\ncode = \"On_Call_2\""),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
		},
	})
	if got := mock.Stats().Routes["POST addressbook/group"]; got != 1 {
		t.Errorf("group creates = %d, want exactly 1 (the one with its own code)", got)
	}
}

// On v3.00 the API picks a free code: a name whose derived code another
// group has is no error at plan (unlike v2), and the new group gets a
// suffixed code.
func TestAccGroupResource_v3CodeAssigned(t *testing.T) {
	mock := acctest.V300.NewMock(t)
	mock.PutGroup(mockapi.Group{GroupName: "On Call", GroupCode: "On_Call"})
	const addr = "bestsms_group.new"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return acctest.FirstErr(wantGroups(mock, 1)) },
		Steps: []resource.TestStep{
			{
				Config:            mock.ProviderConfig() + "resource \"bestsms_group\" \"new\" {\n  name = \"On Call\"\n}\n",
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("code"), knownvalue.StringExact("On_Call_2"))},
			},
		},
	})
}

// wantGroups checks how many groups the mock holds.
func wantGroups(mock *acctest.Mock, n int) error {
	if got := len(mock.Groups()); got != n {
		return fmt.Errorf("mock holds %d groups, want %d", got, n)
	}
	return nil
}

// What one version cannot carry fails at plan through Terraform, naming the
// attribute and api_version; the mock is untouched.
func TestAccGroupResource_versionOnlyAttributes(t *testing.T) {
	mock := acctest.NewMock(t)
	group := func(version, extra string) string {
		mock.APIVersion = version
		return mock.ProviderConfig() + "resource \"bestsms_group\" \"x\" {\n  name = \"X\"\n  " + extra + "\n}\n"
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      group("v2.04", `access_control = "Granted"`),
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Not Supported By API Version v2.04", `access_control cannot be used with api_version = "v2.04"`),
			},
			{
				Config:      group("v3.00", `code = "X_TEAM"`),
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Not Supported By API Version v3.00", `code "X_TEAM" cannot be written with api_version = "v3.00"`, `"X"`),
			},
		},
	})
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("version errors reached the API: %d requests", n)
	}
}

// A group code that is a dot segment ("..", "%2E%2E", …) would address
// another route where API v2.03 puts codes in request paths (a DELETE of
// …/contact/{id}/group/.. deletes the contact behind a proxy that
// normalises paths): a configured one fails validation, and on v2.03 so
// does a name from which the API would derive one. Nothing reaches the
// mock.
func TestAccGroupResource_dotSegmentCodes(t *testing.T) {
	mock := acctest.NewMock(t)
	config := func(version, attrs string) string {
		return mock.ProviderConfig(fmt.Sprintf("api_version = %q", version)) +
			"resource \"bestsms_group\" \"g\" {\n" + attrs + "\n}\n"
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGroups,
		Steps: []resource.TestStep{
			{
				Config:      config("v2.04", `name = "Up"`+"\n"+`code = ".."`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Group Code.*dot segment`),
			},
			{
				Config:      config("v2.04", `name = "Up"`+"\n"+`code = "%2e%2E"`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Group Code.*dot segment`),
			},
			{
				Config:      config("v2.03", `name = ".."`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Group Code.*cannot address on API\s+v2.03`),
			},
			{
				PreConfig: func() {
					if n := len(mock.Groups()); n != 0 {
						t.Errorf("the mock holds %d groups, want none", n)
					}
				},
				Config: config("v2.04", `name = "Fine"`),
			},
		},
	})
}

package addressbook_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestAccContactResource_lifecycle(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactResourceLifecycle)
}

func testAccContactResourceLifecycle(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "bestsms_contact.jane"
	sameID := statecheck.CompareValue(compare.ValuesSame())

	config := func(mobile, firstName, company string) string {
		c := mock.ProviderConfig() + fmt.Sprintf(`
resource "bestsms_contact" "jane" {
  attention    = "Jane Doe"
  first_name   = %q
  last_name    = "Doe"
  mobile_phone = %q
  email_address = "jane@example.com"
`, firstName, mobile)
		if company != "" {
			c += fmt.Sprintf("  company = %q\n", company)
		}
		return c + "}\n"
	}

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{ // create with a national-format number
				Config: config("0421 000 001", "Jane", "Example Corp"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("mobile_phone"), knownvalue.StringExact("0421 000 001")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company"), knownvalue.StringExact("Example Corp")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("view_by"), knownvalue.StringExact("Account")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("owner"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("title"), knownvalue.Null()),
				},
				Check: acctest.CheckMock(func() error {
					c, err := mock.OnlyContact()
					if err != nil {
						return err
					}
					if c.MobilePhone != "+61421000001" || c.FirstName != "Jane" || c.Company != "Example Corp" {
						return fmt.Errorf("mock contact = %+v; want E.164 mobile, Jane, Example Corp", c)
					}
					return nil
				}),
			},
			{ // another spelling of the same number is no change at all
				Config: config("+61 421 000 001", "Jane", "Example Corp"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{ // update in place: new number, new name, company removed
				Config: config("+61421000002", "Janet", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("first_name"), knownvalue.StringExact("Janet")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("company"), knownvalue.Null()),
				},
				Check: acctest.CheckMock(func() error {
					c, err := mock.OnlyContact()
					if err != nil {
						return err
					}
					if c.MobilePhone != "+61421000002" || c.FirstName != "Janet" || c.Company != "" {
						return fmt.Errorf("mock contact after update = %+v", c)
					}
					return nil
				}),
			},
			{ // terraform import
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{ // import block
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{ // import block with -generate-config-out: the generated config plans clean
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
			},
			{ // drift: changed behind Terraform's back → update planned and applied
				PreConfig: func() {
					c, err := mock.OnlyContact()
					if err != nil {
						t.Fatal(err)
					}
					c.FirstName = "Mallory"
					c.MobilePhone = "+61421999999"
					mock.PutContact(c)
				},
				Config: config("+61421000002", "Janet", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(addr, tfjsonpath.New("id"))},
				Check: acctest.CheckMock(func() error {
					c, err := mock.OnlyContact()
					if err != nil {
						return err
					}
					if c.FirstName != "Janet" || c.MobilePhone != "+61421000002" {
						return fmt.Errorf("drift not corrected: %+v", c)
					}
					return nil
				}),
			},
			{ // drift: deleted behind Terraform's back → re-created
				PreConfig: func() {
					c, err := mock.OnlyContact()
					if err != nil {
						t.Fatal(err)
					}
					mock.DeleteContact(c.ContactID)
				},
				Config: config("+61421000002", "Janet", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				Check: acctest.CheckMock(func() error {
					_, err := mock.OnlyContact()
					return err
				}),
			},
		},
	})
}

func TestAccContactResource_allFields(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactResourceAllFields)
}

func testAccContactResourceAllFields(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "bestsms_contact.full"
	fields := map[string]string{
		"attention": "Dr Ann Smith", "title": "Dr", "company": "Example Corp", "company_department": "Ops",
		"first_name": "Ann", "last_name": "Smith", "position": "SRE", "street_address": "1 Main St",
		"suburb": "Surry Hills", "city": "Sydney", "state": "NSW", "country": "Australia", "postcode": "2010",
		"email_address": "ann@example.com", "web_address": "https://example.com",
		"custom1": "c1", "custom2": "c2", "custom3": "c3", "custom4": "c4",
		"view_by": "SubAccount", "edit_by": "No",
	}
	phones := map[string]string{
		"main_phone": "02 9000 0000", "alt_phone1": "+61 2 9000 0001", "alt_phone2": "(02) 9000 0002",
		"mobile_phone": "0421 000 005", "fax_number": "02 9000 0009",
	}
	// What only one version carries: DirectPhone (v2), the v3 members.
	var directPhone string
	var v3 mockapi.Contact
	if v == acctest.V300 {
		for k, val := range map[string]string{"notes": "On call in March", "ex_type": "crm", "ex_id": "CRM-0042", "access_control": "Granted"} {
			fields[k] = val
		}
		for i := 3; i <= 8; i++ {
			phones[fmt.Sprintf("alt_phone%d", i)] = fmt.Sprintf("02 9000 001%d", i)
		}
		v3 = mockapi.Contact{Notes: "On call in March", ExType: "crm", ExID: "CRM-0042", AccessControl: "Granted",
			AltPhone3: "+61290000013", AltPhone4: "+61290000014", AltPhone5: "+61290000015", AltPhone6: "+61290000016",
			AltPhone7: "+61290000017", AltPhone8: "+61290000018"}
	} else {
		phones["direct_phone"], directPhone = "+61290000003", "+61290000003"
	}
	cfg := mock.ProviderConfig() + "resource \"bestsms_contact\" \"full\" {\n"
	var checks []statecheck.StateCheck
	for k, v := range fields {
		cfg += fmt.Sprintf("  %s = %q\n", k, v)
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(k), knownvalue.StringExact(v)))
	}
	for k, v := range phones {
		cfg += fmt.Sprintf("  %s = %q\n", k, v)
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(k), knownvalue.StringExact(v)))
	}
	cfg += "}\n"

	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: checks,
				Check: acctest.CheckMock(func() error {
					c, err := mock.OnlyContact()
					if err != nil {
						return err
					}
					want := mockapi.Contact{
						ContactID: c.ContactID, Owner: c.Owner, Created: c.Created, Updated: c.Updated,
						ViewBy: "SubAccount", EditBy: "No", Attention: "Dr Ann Smith", Title: "Dr", Company: "Example Corp",
						RecipDepartment: "Ops", FirstName: "Ann", LastName: "Smith", Position: "SRE",
						StreetAddress: "1 Main St", Suburb: "Surry Hills", City: "Sydney", State: "NSW",
						Country: "Australia", Postcode: "2010",
						MainPhone: "+61290000000", AltPhone1: "+61290000001", AltPhone2: "+61290000002",
						DirectPhone: directPhone, MobilePhone: "+61421000005", FaxNumber: "+61290000009",
						EmailAddress: "ann@example.com", WebAddress: "https://example.com",
						Custom1: "c1", Custom2: "c2", Custom3: "c3", Custom4: "c4",
						Notes: v3.Notes, ExType: v3.ExType, ExID: v3.ExID, AccessControl: v3.AccessControl,
						AltPhone3: v3.AltPhone3, AltPhone4: v3.AltPhone4, AltPhone5: v3.AltPhone5, AltPhone6: v3.AltPhone6,
						AltPhone7: v3.AltPhone7, AltPhone8: v3.AltPhone8,
					}
					if c != want {
						return fmt.Errorf("mock contact\n got %+v\nwant %+v", c, want)
					}
					return nil
				}),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
				// The API stores numbers in E.164; the state keeps the configuration's spelling.
				ImportStateVerifyIgnore: slices.Collect(maps.Keys(phones)),
			},
		},
	})
}

func TestAccContactResource_emptyStringAndNationalRegion(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactResourceEmptyStringAndNationalRegion)
}

func testAccContactResourceEmptyStringAndNationalRegion(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	const addr = "bestsms_contact.nz"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{{
			Config: mock.ProviderConfig(`default_country = "NZ"`) + `
resource "bestsms_contact" "nz" {
  attention    = "Kiri"
  title        = ""
  mobile_phone = "021 444 8899"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("title"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("mobile_phone"), knownvalue.StringExact("021 444 8899")),
			},
			Check: acctest.CheckMock(func() error {
				c, err := mock.OnlyContact()
				if err != nil {
					return err
				}
				if c.MobilePhone != "+64214448899" {
					return fmt.Errorf("mobile sent as %q, want +64214448899 (read in NZ)", c.MobilePhone)
				}
				return nil
			}),
		}},
	})
}

func TestAccContactResource_badInput(t *testing.T) {
	mock := acctest.NewMock(t)
	contact := func(body string) string {
		return mock.ProviderConfig() + "resource \"bestsms_contact\" \"bad\" {\n" + body + "\n}\n"
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{ // an empty contact would be a blank record
				Config:      contact(``),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Empty Contact.*attention, first_name, last_name, company,\s+mobile_phone`),
			},
			{ // white space is no name
				Config:      contact(`attention = "  "`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Empty Contact`),
			},
			{
				Config:      contact(`mobile_phone = "not a number"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Phone Number.*mobile_phone`),
			},
			{ // plausible digits, but not a possible number in AU: caught at plan with the region
				Config:      contact(`main_phone = "0421"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Phone Number.*main_phone`),
			},
			{
				Config:      contact(`view_by = "Everyone"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)view_by.*Account.*SubAccount.*Department.*No`),
			},
			{
				Config:      contact(`email_address = "isla.scott2.example.com"`),
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Invalid E-mail Address", `"isla.scott2.example.com" is not an e-mail address: it has no "@"`),
			},
			{ // every check in one plan: letters, a number of another country written nationally, an e-mail
				// address without a domain, in three contacts
				Config: mock.ProviderConfig(`default_country = "AU"`) + `
resource "bestsms_contact" "letters" {
  mobile_phone = "04two1 000 003"
}
resource "bestsms_contact" "foreign" {
  mobile_phone = "021 555 123"
}
resource "bestsms_contact" "email" {
  email_address = "dev@"
}
`,
				PlanOnly: true,
				ExpectError: inAnyOrder(`"04two1 000 003" is not a phone number`, `"021 555 123" is not a valid`,
					`"dev@" is not an e-mail address`),
			},
		},
	})
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("bad input reached the API: %d requests", n)
	}
}

func TestAccProvider_wrongToken(t *testing.T) {
	acctest.EachAPIVersion(t, testAccProviderWrongToken)
}

func testAccProviderWrongToken(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "bestsms" {
  base_url    = %q
  auth_token  = "wrong-token"
  api_version = %q
}
resource "bestsms_contact" "x" {
  attention = "X"
}
`, mock.URL+"/api", v),
			ExpectError: regexp.MustCompile(`(?s)Unable to Create Contact.*rejected the auth token.*Unauthorized`),
		}},
	})
	if got := mock.Stats().Total; got != 1 { // the v3 mock refuses the token before routing: count every request
		t.Errorf("create attempts with a wrong token = %d, want exactly 1 (no retry loop)", got)
	}
}

func TestAccProvider_missingToken(t *testing.T) {
	t.Setenv(framework.EnvAuthToken, "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "bestsms" {
  base_url = "http://127.0.0.1:1/api"
}
resource "bestsms_contact" "x" {
  attention = "X"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Missing BestSMS Auth Token.*BESTSMS_AUTH_TOKEN`),
		}},
	})
}

// TestAccProvider_tokenNeverLogged applies with TF_LOG=TRACE (Terraform's
// and the provider's logs in one file) and checks that the log holds the
// provider's API traffic but never the auth token.
func TestAccProvider_tokenNeverLogged(t *testing.T) {
	acctest.EachAPIVersion(t, testAccProviderTokenNeverLogged)
}

func testAccProviderTokenNeverLogged(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	// The token comes from the environment, as in real use: the test
	// harness itself logs each step's configuration text.
	t.Setenv(framework.EnvAuthToken, acctest.Token)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"bestsms\" {\n  base_url = %q\n  api_version = %q\n}\n", mock.URL+"/api", v) + `
resource "bestsms_contact" "x" {
  attention    = "Logged"
  mobile_phone = "0421 000 077"
}
`,
		}},
	})
	acctest.CheckTraceLog(t, logPath, []string{"BestSMS API request", "addressbook/contact", "BestSMS API response body"}, acctest.Token)
}

// inAnyOrder matches output that holds each fragment (wrapped as Terraform
// wraps diagnostics), in any order.
func inAnyOrder(fragments ...string) *regexp.Regexp {
	var orders []string
	var permute func(done, rest []string)
	permute = func(done, rest []string) {
		if len(rest) == 0 {
			orders = append(orders, acctest.Wrapped(done...).String()[len("(?s)"):])
			return
		}
		for i := range rest {
			others := append(append([]string{}, rest[:i]...), rest[i+1:]...)
			permute(append(append([]string{}, done...), rest[i]), others)
		}
	}
	permute(nil, fragments)
	return regexp.MustCompile(`(?s)(?:` + strings.Join(orders, "|") + `)`)
}

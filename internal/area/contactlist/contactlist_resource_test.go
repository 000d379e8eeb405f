package contactlist_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/area/contactlist"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

const listAddr = "bestsms_contact_list.staff"

// listConfig declares bestsms_contact_list.staff with the entries i in
// [from, to), keyed "p%03d", named "Person i", or "Renamed i" for i in
// renamed.
func listConfig(m *acctest.Mock, from, to int, renamed ...int) string {
	nums := make([]string, len(renamed))
	for i, n := range renamed {
		nums[i] = strconv.Itoa(n)
	}
	return m.ProviderConfig("max_requests_per_second = 0") + fmt.Sprintf(`
locals {
  renamed = [%s]
}

resource "bestsms_contact_list" "staff" {
  contacts = {
    for i in range(%d, %d) : format("p%%03d", i) => {
      attention     = contains(local.renamed, i) ? "Renamed ${i}" : "Person ${i}"
      mobile_phone  = format("04210%%05d", i)
      email_address = "person${i}@example.com"
    }
  }
}
`, strings.Join(nums, ", "), from, to)
}

// listEntryName is the attention listConfig gives key ("p017").
func listEntryName(key string, renamed ...int) string {
	i, _ := strconv.Atoi(strings.TrimPrefix(key, "p"))
	if slices.Contains(renamed, i) {
		return fmt.Sprintf("Renamed %d", i)
	}
	return fmt.Sprintf("Person %d", i)
}

// listIDs reads the contact_ids of bestsms_contact_list.staff from the
// state.
func listIDs(s *terraform.State) (map[string]string, error) {
	rs, ok := s.RootModule().Resources[listAddr]
	if !ok {
		return nil, fmt.Errorf("%s is not in the state", listAddr)
	}
	ids := map[string]string{}
	for k, v := range rs.Primary.Attributes {
		if key, ok := strings.CutPrefix(k, "contact_ids."); ok && key != "%" {
			ids[key] = v
		}
	}
	return ids, nil
}

// checkList checks that the list in the state and the mock agree exactly:
// n entries, each id a contact of the mock named as name says, and no
// other contact in the mock (no orphan, no duplicate).
func checkList(m *acctest.Mock, n int, name func(key string) string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ids, err := listIDs(s)
		if err != nil {
			return err
		}
		if len(ids) != n {
			return fmt.Errorf("contact_ids has %d entries, want %d", len(ids), n)
		}
		stored := map[string]mockapi.Contact{}
		for _, c := range m.Contacts() {
			stored[c.ContactID] = c
		}
		if len(stored) != n {
			return fmt.Errorf("the mock holds %d contacts, want exactly %d", len(stored), n)
		}
		for key, id := range ids {
			c, ok := stored[id]
			switch {
			case !ok:
				return fmt.Errorf("entry %s: contact %s is not in the mock", key, id)
			case c.Attention != name(key):
				return fmt.Errorf("entry %s: the mock's contact is %q, want %q", key, c.Attention, name(key))
			}
		}
		return nil
	}
}

// checkWrites checks the contact writes the mock counted since its last
// ResetStats.
func checkWrites(m *acctest.Mock, posts, patches, deletes int) resource.TestCheckFunc {
	return acctest.CheckMock(func() error {
		got := [3]int{m.Calls("POST addressbook/contact"), m.Calls("PATCH addressbook/contact/{id}"), m.Calls("DELETE addressbook/contact/{id}")}
		if want := [3]int{posts, patches, deletes}; got != want {
			return fmt.Errorf("contact writes (POST, PATCH, DELETE) = %v, want %v; all requests: %v", got, want, m.Stats().Routes)
		}
		return nil
	})
}

// expectChangedEntries is a plan check: the list is updated in place, and
// exactly the entries keys of contacts differ between before and after.
type expectChangedEntries []string

func (want expectChangedEntries) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != listAddr {
			continue
		}
		if !rc.Change.Actions.Update() {
			resp.Error = fmt.Errorf("%s: actions %v, want update", listAddr, rc.Change.Actions)
			return
		}
		contacts := func(v any) map[string]any {
			obj, _ := v.(map[string]any)
			c, _ := obj["contacts"].(map[string]any)
			return c
		}
		before, after := contacts(rc.Change.Before), contacts(rc.Change.After)
		var changed []string
		for key := range maps.Keys(before) {
			if !reflect.DeepEqual(before[key], after[key]) {
				changed = append(changed, key)
			}
		}
		for key := range maps.Keys(after) {
			if _, ok := before[key]; !ok {
				changed = append(changed, key)
			}
		}
		slices.Sort(changed)
		if !slices.Equal(changed, want) {
			resp.Error = fmt.Errorf("%s: the plan changes entries %v, want %v", listAddr, changed, []string(want))
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", listAddr)
}

// TestAccContactList_lifecycle: 250 entries created; 3 renamed with exactly
// 3 PATCHes and the ids kept; entries added and removed with one call each;
// contacts deleted and changed outside Terraform re-created and updated,
// with a plan that names just those entries; and import by ids.
func TestAccContactList_lifecycle(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactListLifecycle)
}

func testAccContactListLifecycle(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	sameIDs := statecheck.CompareValue(compare.ValuesSame())
	var beforeDrift map[string]string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{
				PreConfig:         mock.ResetStats,
				Config:            listConfig(mock, 0, 250),
				ConfigStateChecks: []statecheck.StateCheck{sameIDs.AddStateValue(listAddr, tfjsonpath.New("contact_ids"))},
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, 250, func(k string) string { return listEntryName(k) }),
					checkWrites(mock, 250, 0, 0),
					resource.TestCheckResourceAttr(listAddr, "contacts.p007.mobile_phone", "0421000007"),
					resource.TestCheckResourceAttr(listAddr, "contacts.p007.%", "3"), // only what the entry sets
				),
			},
			{ // a changed field of 3 entries is 3 PATCHes; the ids stay
				PreConfig: mock.ResetStats,
				Config:    listConfig(mock, 0, 250, 5, 17, 200),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectChangedEntries{"p005", "p017", "p200"},
					plancheck.ExpectKnownValue(listAddr, tfjsonpath.New("contact_ids").AtMapKey("p005"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameIDs.AddStateValue(listAddr, tfjsonpath.New("contact_ids"))},
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, 250, func(k string) string { return listEntryName(k, 5, 17, 200) }),
					checkWrites(mock, 0, 3, 0),
				),
			},
			{ // 10 entries removed, 10 added: 10 DELETEs and 10 POSTs
				PreConfig: mock.ResetStats,
				Config:    listConfig(mock, 10, 260, 17, 200),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectChangedEntries{"p000", "p001", "p002", "p003", "p004", "p005", "p006", "p007", "p008", "p009",
						"p250", "p251", "p252", "p253", "p254", "p255", "p256", "p257", "p258", "p259"},
				}},
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, 250, func(k string) string { return listEntryName(k, 17, 200) }),
					checkWrites(mock, 10, 0, 10),
					func(s *terraform.State) error {
						beforeDrift, _ = listIDs(s)
						return nil
					},
				),
			},
			{ // outside Terraform: two contacts deleted, one renamed, one given a company the list does not set
				PreConfig: func() {
					mock.DeleteContact(beforeDrift["p020"])
					mock.DeleteContact(beforeDrift["p021"])
					c, _ := mock.Contact(beforeDrift["p030"])
					c.Attention = "Changed in the dashboard"
					mock.PutContact(c)
					c, _ = mock.Contact(beforeDrift["p040"])
					c.Company = "Acme"
					mock.PutContact(c)
					mock.ResetStats()
				},
				Config: listConfig(mock, 10, 260, 17, 200),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectChangedEntries{"p020", "p021", "p030", "p040"},
				}},
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, 250, func(k string) string { return listEntryName(k, 17, 200) }),
					checkWrites(mock, 2, 2, 0),
					acctest.CheckMock(func() error {
						if c, _ := mock.Contact(beforeDrift["p040"]); c.Company != "" {
							return fmt.Errorf("p040's company is %q, want it cleared", c.Company)
						}
						return nil
					}),
					func(s *terraform.State) error {
						ids, _ := listIDs(s)
						for key, id := range ids {
							if recreated := key == "p020" || key == "p021"; recreated == (id == beforeDrift[key]) {
								return fmt.Errorf("entry %s: id %s, before %s (re-created: %v)", key, id, beforeDrift[key], recreated)
							}
						}
						return nil
					},
				),
			},
			{ // the refresh is one listing: 250 contacts, one page of 500 (v3.00: 3 of 100)
				PreConfig: mock.ResetStats,
				Config:    listConfig(mock, 10, 260, 17, 200),
				PlanOnly:  true,
			},
			{
				PreConfig: func() {
					pages := client.AddressBookPages(mock.APIVersion, 250)
					if r := mock.Stats().Routes; mock.Calls("GET addressbook/contact/list") != pages || len(r) != 1 {
						t.Errorf("the refresh of 250 entries made %v, want %d list pages and nothing else", r, pages)
					}
				},
				ResourceName:    listAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					ids, err := listIDs(s)
					if err != nil {
						return "", err
					}
					b, err := json.Marshal(ids)
					return "ids:" + string(b), err
				},
			},
		},
	})
}

// writeLog counts the mock's answers to contact writes by method and status.
type writeLog struct {
	mu     sync.Mutex
	counts map[string]int
}

func (l *writeLog) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &mockapi.StatusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if r.Method != http.MethodGet && strings.Contains(r.URL.Path, "/addressbook/contact") {
			l.mu.Lock()
			if l.counts == nil {
				l.counts = map[string]int{}
			}
			l.counts[fmt.Sprintf("%s %d", r.Method, sw.Status)]++
			l.mu.Unlock()
		}
	})
}

// take returns the counts so far and starts again.
func (l *writeLog) take() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.counts
	l.counts = nil
	return c
}

// TestAccContactList_partialFailure: creates, updates and deletes that the
// API refuses never lose or duplicate a contact. A create of the list with
// every create refused fails and stores nothing; one with some refused (and
// some answered 500 after the contact was made) succeeds with a warning and
// records what exists; the next apply creates exactly the refused entries.
// Refused updates and deletes fail the apply, keep their entries as they
// were, and the next apply retries exactly them.
func TestAccContactList_partialFailure(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactListPartialFailure)
}

func testAccContactListPartialFailure(t *testing.T, v acctest.APIVersion) {
	var writes writeLog
	mock := v.NewMockWrapped(t, writes.middleware)
	const n = 40
	person := func(k string) string { return listEntryName(k) }
	var refused, kept int
	var created map[string]string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{ // nothing could be created: an error, and no list in the state
				PreConfig: func() {
					mock.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{400}, Methods: []string{"POST"}})
				},
				Config:      listConfig(mock, 0, n),
				ExpectError: acctest.Wrapped("Unable to Create Contact List", "None of the 40 contacts", "create of 40 entries"),
			},
			{ // some refused, some stored but answered 500 (recovered)
				PreConfig: func() {
					if len(mock.Contacts()) != 0 {
						t.Fatal("the failed create left contacts behind")
					}
					writes.take()
					mock.SetFaults(mockapi.Faults{Rate: 0.4, Statuses: []int{400, 500}, AfterFraction: 1,
						Methods: []string{"POST"}, PathContains: "addressbook/contact", Seed: 5})
				},
				Config:             listConfig(mock, 0, n),
				ExpectNonEmptyPlan: true, // the refused entries are still to be added
				Check: func(s *terraform.State) error {
					w := writes.take()
					refused = w["POST 400"]
					if refused == 0 || w["POST 500"] == 0 {
						return fmt.Errorf("creates answered %v: the seed must give both refused creates and 500s (change it)", w)
					}
					var err error
					if created, err = listIDs(s); err != nil {
						return err
					}
					// Every entry in the state is a contact of the mock, and
					// the mock holds nothing else: the 500s were adopted, not
					// created twice.
					return checkList(mock, n-refused, person)(s)
				},
			},
			{ // the next apply creates exactly the refused entries
				PreConfig: func() {
					mock.SetFaults(mockapi.Faults{})
					mock.ResetStats()
				},
				Config: listConfig(mock, 0, n),
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, n, person),
					acctest.CheckMock(func() error { return checkWrites(mock, refused, 0, 0)(nil) }),
					func(s *terraform.State) error {
						ids, _ := listIDs(s)
						for key, id := range created {
							if ids[key] != id {
								return fmt.Errorf("entry %s was re-created: %s, before %s", key, ids[key], id)
							}
						}
						return nil
					},
				),
			},
			{ // updates refused: an error; the next apply retries only them
				PreConfig: func() {
					writes.take()
					mock.SetFaults(mockapi.Faults{Rate: 0.5, Statuses: []int{400}, Methods: []string{"PATCH"}, Seed: 2})
				},
				Config:      listConfig(mock, 0, n, 1, 2, 3, 4, 5, 6, 7, 8),
				ExpectError: acctest.Wrapped("Unable to Update Contact List", "of the 8 changes to the list failed", "update of"),
			},
			{
				PreConfig: func() {
					refused = writes.take()["PATCH 400"]
					mock.SetFaults(mockapi.Faults{})
					mock.ResetStats()
				},
				Config: listConfig(mock, 0, n, 1, 2, 3, 4, 5, 6, 7, 8),
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, n, func(k string) string { return listEntryName(k, 1, 2, 3, 4, 5, 6, 7, 8) }),
					acctest.CheckMock(func() error {
						if refused == 0 || refused == 8 {
							return fmt.Errorf("%d of 8 updates were refused; the seed must refuse some, not all (change it)", refused)
						}
						return checkWrites(mock, 0, refused, 0)(nil)
					}),
				),
			},
			{ // deletes refused: an error, and the state keeps just those
				PreConfig: func() {
					writes.take()
					mock.SetFaults(mockapi.Faults{Rate: 0.3, Statuses: []int{400}, Methods: []string{"DELETE"}, Seed: 4})
				},
				Config:      listConfig(mock, 0, n, 1, 2, 3, 4, 5, 6, 7, 8),
				Destroy:     true,
				ExpectError: acctest.Wrapped("Unable to Delete Contact List", "could not be deleted"),
			},
			{ // what was deleted is created again, nothing else
				PreConfig: func() {
					kept = writes.take()["DELETE 400"]
					mock.SetFaults(mockapi.Faults{})
					if got := len(mock.Contacts()); got != kept || kept == 0 {
						t.Errorf("after the failed destroy the mock holds %d contacts, %d deletes were refused (want equal, not 0)", got, kept)
					}
					mock.ResetStats()
				},
				Config: listConfig(mock, 0, n, 1, 2, 3, 4, 5, 6, 7, 8),
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, n, func(k string) string { return listEntryName(k, 1, 2, 3, 4, 5, 6, 7, 8) }),
					acctest.CheckMock(func() error { return checkWrites(mock, n-kept, 0, 0)(nil) }),
				),
			},
		},
	})
}

func TestAccContactList_phoneRules(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactListPhoneRules)
}

func testAccContactListPhoneRules(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	list := func(entries string) string {
		return mock.ProviderConfig(`default_country = "AU"`) + "resource \"bestsms_contact_list\" \"staff\" {\n  contacts = {\n" +
			entries + "  }\n}\n"
	}
	// alice in another spelling of her number, and kiri with extra lines.
	alice := "    alice = {\n      attention    = \"Alice\"\n      mobile_phone = \"+61 421 000 001\"\n    }\n"
	kiri := func(name, extra string) string {
		return fmt.Sprintf("    kiri = {\n      attention    = %q\n      mobile_phone = \"+64 21 555 123\"\n%s    }\n", name, extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{ // a New Zealand number in national format is no AU number
				Config: list(`    bob = {
      attention    = "Bob"
      mobile_phone = "0421 000 002"
    }
    alice = {
      attention    = "Alice"
      mobile_phone = "021 555 123"
    }
`),
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Invalid Phone Number", `Entry "alice", mobile_phone: "021 555 123" is not a valid`),
			},
			{
				Config: list(`    carol = {
      company = "  "
    }
`),
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Empty Contact", `Entry "carol": A contact needs at least one of attention`),
			},
			{
				Config: list(`    alice = {
      attention    = "Alice"
      mobile_phone = "0421 000 001"
    }
    kiri = {
      attention    = "Kiri"
      mobile_phone = "+64 21 555 123"
    }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("contacts").AtMapKey("alice").AtMapKey("mobile_phone"),
						knownvalue.StringExact("0421 000 001")),
				},
				Check: acctest.CheckMock(func() error {
					var got []string
					for _, c := range mock.Contacts() {
						got = append(got, c.MobilePhone)
					}
					slices.Sort(got)
					if want := []string{"+61421000001", "+6421555123"}; !slices.Equal(got, want) {
						return fmt.Errorf("mock numbers %v, want %v", got, want)
					}
					return nil
				}),
			},
			{ // another spelling of the same numbers changes nothing
				Config: list(`    alice = {
      attention    = "Alice"
      mobile_phone = "+61 421 000 001"
    }
    kiri = {
      attention    = "Kiri"
      mobile_phone = "+6421555123"
    }
`),
				PlanOnly: true,
			},
			{ // with another change, the new spelling is recorded without a call
				PreConfig: mock.ResetStats,
				Config:    list(alice + kiri("Kiri Ngata", "      view_by      = \"Department\"\n")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(listAddr, tfjsonpath.New("contacts").AtMapKey("alice").AtMapKey("mobile_phone"),
						knownvalue.StringExact("+61 421 000 001")),
				},
				Check: resource.ComposeTestCheckFunc(
					checkWrites(mock, 0, 1, 0),
					acctest.CheckMock(func() error {
						for _, c := range mock.Contacts() {
							if c.Attention == "Kiri Ngata" && c.ViewBy == "Department" && c.MobilePhone == "+6421555123" {
								return nil
							}
						}
						return fmt.Errorf("no contact Kiri Ngata, viewed by Department, in %v", mock.Contacts())
					}),
				),
			},
			{ // view_by no longer set: left as it is, without a call
				PreConfig: mock.ResetStats,
				Config:    list(alice + kiri("Kiri Ngata", "")),
				Check: resource.ComposeTestCheckFunc(
					checkWrites(mock, 0, 0, 0),
					acctest.CheckMock(func() error {
						for _, c := range mock.Contacts() {
							if c.Attention == "Kiri Ngata" && c.ViewBy != "Department" {
								return fmt.Errorf("Kiri's view_by became %q", c.ViewBy)
							}
						}
						return nil
					}),
				),
			},
		},
	})
}

// Diagnostics carry the entry's key in their path; Terraform's test
// framework cannot see paths or warnings, so they are checked at the
// protocol level.
func TestContactListPlan_diagnosticPaths(t *testing.T) {
	h := acctest.NewActionHarness(t, acctest.NewMock(t), map[string]any{"default_country": "AU"})
	typ, ok := h.Schemas.ResourceSchemas["bestsms_contact_list"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("no bestsms_contact_list schema")
	}
	config := func(contacts map[string]map[string]string) *tfprotov6.DynamicValue {
		return listDynamic(t, typ, contacts)
	}
	at := func(key, attr string) string {
		p := tftypes.NewAttributePath().WithAttributeName("contacts").WithElementKeyString(key)
		if attr != "" {
			p = p.WithElementKeyString(attr)
		}
		return p.String()
	}

	cfg := config(map[string]map[string]string{
		"alice": {"attention": "Alice", "mobile_phone": "021 555 123"},
		"bob":   {"attention": "Bob", "direct_phone": "+44 7700 900123"},
		"carol": {"attention": "Carol", "mobile_phone": "0421 000 003"},
	})
	resp, err := h.Srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "bestsms_contact_list", PriorState: h.Dynamic(typ, nil), ProposedNewState: cfg, Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 2 {
		t.Errorf("want an error for alice and a warning for bob, got:\n%s", acctest.DiagsText(resp.Diagnostics))
	}
	acctest.ExpectErrorAt(t, resp.Diagnostics, at("alice", "mobile_phone"), `Entry "alice", mobile_phone: "021 555 123" is not a valid`)
	var warned bool
	for _, d := range resp.Diagnostics {
		warned = warned || d.Severity == tfprotov6.DiagnosticSeverityWarning && d.Attribute.String() == at("bob", "direct_phone")
	}
	if !warned {
		t.Errorf("no warning at %s:\n%s", at("bob", "direct_phone"), acctest.DiagsText(resp.Diagnostics))
	}

	// Every check runs at plan, together with those that need
	// default_country: validation reports nothing of the entries.
	bad := config(map[string]map[string]string{
		"dave": {"attention": "Dave", "main_phone": "call me"},
		"erin": {"title": "Dr"},
		"fred": {"attention": "Fred"},
		"gina": {"attention": "Gina", "mobile": "0421 000 007"},
		"hana": {"attention": "Hana", "view_by": "Everyone"},
		"ivan": {"attention": "Ivan", "email_address": "ivan.example.com"},
		"jack": {"attention": "Jack", "mobile_phone": "021 555 123"},
	})
	vresp, err := h.Srv.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: "bestsms_contact_list", Config: bad,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(vresp.Diagnostics) != 0 {
		t.Errorf("validation reported, want nothing (the plan reports everything):\n%s", acctest.DiagsText(vresp.Diagnostics))
	}
	presp, err := h.Srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "bestsms_contact_list", PriorState: h.Dynamic(typ, nil), ProposedNewState: bad, Config: bad,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(presp.Diagnostics) != 6 {
		t.Errorf("want errors for dave, erin, gina, hana, ivan and jack, got:\n%s", acctest.DiagsText(presp.Diagnostics))
	}
	acctest.ExpectErrorAt(t, presp.Diagnostics, at("gina", "mobile"), `Entry "gina", mobile: "mobile" is not a contact attribute. Did you mean mobile_phone?`)
	acctest.ExpectErrorAt(t, presp.Diagnostics, at("hana", "view_by"), `Entry "hana", view_by: `)
	acctest.ExpectErrorAt(t, presp.Diagnostics, at("dave", "main_phone"), `Entry "dave", main_phone: `)
	acctest.ExpectErrorAt(t, presp.Diagnostics, at("erin", ""), `Entry "erin": A contact needs at least one of`)
	acctest.ExpectErrorAt(t, presp.Diagnostics, at("ivan", "email_address"), `Entry "ivan", email_address: "ivan.example.com" is not an e-mail address: it has no "@"`)
	acctest.ExpectErrorAt(t, presp.Diagnostics, at("jack", "mobile_phone"), `Entry "jack", mobile_phone: "021 555 123" is not a valid`)
}

// listDynamic is a bestsms_contact_list configuration of the given
// entries, without contact_ids, as Terraform sends it.
func listDynamic(t *testing.T, typ tftypes.Object, contacts map[string]map[string]string) *tfprotov6.DynamicValue {
	t.Helper()
	entries, ok := typ.AttributeTypes["contacts"].(tftypes.Map)
	if !ok {
		t.Fatalf("contacts is a %s, want a map", typ.AttributeTypes["contacts"])
	}
	elems := map[string]tftypes.Value{}
	for key, e := range contacts {
		attrs := map[string]tftypes.Value{}
		for name, v := range e {
			attrs[name] = tftypes.NewValue(tftypes.String, v)
		}
		elems[key] = tftypes.NewValue(entries.ElementType, attrs)
	}
	v := tftypes.NewValue(typ, map[string]tftypes.Value{
		"contacts":    tftypes.NewValue(entries, elems),
		"contact_ids": tftypes.NewValue(typ.AttributeTypes["contact_ids"], nil),
	})
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// An interrupted create (Terraform sends StopProvider on Ctrl-C) starts no
// new call, lets the calls already sent finish, and stores exactly the
// contacts that exist, with a warning naming what was not attempted.
func TestContactListApply_interrupted(t *testing.T) {
	mock := acctest.NewMock(t, func(o *mockapi.Options) { o.Latency = 100 * time.Millisecond })
	h := acctest.NewActionHarness(t, mock, map[string]any{"max_requests_per_second": 0})
	typ, ok := h.Schemas.ResourceSchemas["bestsms_contact_list"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("the list's schema is not an object")
	}
	const n = 200 // 2 s of creates at 10 in flight
	contacts := map[string]map[string]string{}
	for i := range n {
		contacts[fmt.Sprintf("p%03d", i)] = map[string]string{"attention": fmt.Sprintf("Person %d", i)}
	}
	cfg := listDynamic(t, typ, contacts)
	ctx := context.Background()
	plan, err := h.Srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "bestsms_contact_list", PriorState: h.Dynamic(typ, nil), ProposedNewState: cfg, Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	acctest.RequireNoErrorDiags(t, "plan", plan.Diagnostics)
	time.AfterFunc(400*time.Millisecond, func() { _, _ = h.Srv.StopProvider(ctx, &tfprotov6.StopProviderRequest{}) })
	start := time.Now()
	resp, err := h.Srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "bestsms_contact_list", PriorState: h.Dynamic(typ, nil), PlannedState: plan.PlannedState, Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 30*time.Second {
		t.Errorf("the interrupted apply took %s", elapsed)
	}
	acctest.RequireNoErrorDiags(t, "apply", resp.Diagnostics)
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Contact List Partly Created" ||
		!strings.Contains(resp.Diagnostics[0].Detail, "not attempted: Terraform was interrupted") {
		t.Errorf("want one warning naming the entries not attempted, got:\n%s", acctest.DiagsText(resp.Diagnostics))
	}
	v, err := resp.NewState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := contactlist.ContactListStateIDs(v)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, c := range mock.Contacts() {
		stored[c.ContactID] = true
	}
	if len(ids) == 0 || len(ids) == n || len(ids) != len(stored) {
		t.Errorf("the state holds %d contacts, the mock %d, of %d entries: want the same number, some but not all", len(ids), len(stored), n)
	}
	for key, id := range ids {
		if !stored[id] {
			t.Errorf("entry %s: contact %s is not in the mock", key, id)
		}
	}
}

// TestAccContactList_importGroup adopts the members of a group, keyed by
// custom1, with an import block: the plan imports without changes, and
// nothing is written. Import ids that cannot key every member fail.
func TestAccContactList_importGroup(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactListImportGroup)
}

func testAccContactListImportGroup(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	g := mock.PutGroup(mockapi.Group{GroupName: "Staff", GroupCode: "Staff"})
	people := map[string]mockapi.Contact{}
	for i, name := range []string{"Ana", "Ben", "Cai"} {
		c := mock.PutContact(mockapi.Contact{Attention: name, Company: "Acme", MobilePhone: fmt.Sprintf("+6142100000%d", i),
			Custom1: fmt.Sprintf("E%d", 100+i), EmailAddress: strings.ToLower(name) + "@example.com"})
		if err := mock.AddMember(g.GroupID, c.ContactID); err != nil {
			t.Fatal(err)
		}
		people[c.Custom1] = c
	}
	nameless := mock.PutContact(mockapi.Contact{Attention: "Outsider", Custom1: "E999"}) // not in the group
	entries := ""
	for _, key := range slices.Sorted(maps.Keys(people)) {
		c := people[key]
		entries += fmt.Sprintf("    %s = {\n      attention     = %q\n      company       = \"Acme\"\n      mobile_phone  = \"0%s\"\n"+
			"      email_address = %q\n      custom1       = %q\n    }\n", key, c.Attention, strings.TrimPrefix(c.MobilePhone, "+61"),
			c.EmailAddress, key)
	}
	list := mock.ProviderConfig() + "resource \"bestsms_contact_list\" \"staff\" {\n  contacts = {\n" + entries + "  }\n}\n"
	importBlock := func(id string) string {
		return fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", listAddr, id)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      list + importBlock("group:"+g.GroupID+":company"),
				ExpectError: acctest.Wrapped("Invalid Import ID", `have the same company "Acme"`),
			},
			{
				Config:      list + importBlock("group:"+g.GroupID+":title"),
				ExpectError: acctest.Wrapped("Invalid Import ID", "has no title, so it has no key"),
			},
			{
				Config:      list + importBlock("group:"+g.GroupID+":view_by"),
				ExpectError: acctest.Wrapped("Invalid Import ID", `"view_by" is not a contact attribute that can key the list`),
			},
			{
				Config:      list + importBlock("staff"),
				ExpectError: acctest.Wrapped("Invalid Import ID", "does not start with group: or ids:"),
			},
			{
				PreConfig: mock.ResetStats,
				Config:    list + importBlock("group:"+g.GroupID+":custom1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(listAddr, plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkWrites(mock, 0, 0, 0),
					func(s *terraform.State) error {
						ids, err := listIDs(s)
						if err != nil {
							return err
						}
						for key, c := range people {
							if ids[key] != c.ContactID {
								return fmt.Errorf("entry %s: id %s, want %s", key, ids[key], c.ContactID)
							}
						}
						if len(ids) != len(people) {
							return fmt.Errorf("contact_ids %v, want the 3 members", ids)
						}
						return nil
					},
				),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			// The list deleted its contacts, and only those.
			if cs := mock.Contacts(); len(cs) != 1 || cs[0].ContactID != nameless.ContactID {
				return fmt.Errorf("after destroy the mock holds %v, want only the outsider", cs)
			}
			return nil
		},
	})
}

// lazyVariable is a configuration variable whose value is computed when
// the step runs (after PreConfig), not when the test case is built.
type lazyVariable func() string

func (f lazyVariable) MarshalJSON() ([]byte, error) { return json.Marshal(f()) }

// TestAccContactList_moveFromForEach is the migration of the docs: contacts
// managed with for_each become one list through a removed block (destroy
// = false) and an import of their ids, without deleting or creating any
// contact.
func TestAccContactList_moveFromForEach(t *testing.T) {
	acctest.EachAPIVersion(t, testAccContactListMoveFromForEach)
}

func testAccContactListMoveFromForEach(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	people := `locals {
  people = {
    alice = { name = "Alice", mobile = "0421 000 001" }
    bob   = { name = "Bob", mobile = "0421 000 002" }
    carol = { name = "Carol", mobile = "0421 000 003" }
  }
}
`
	before := mock.ProviderConfig() + people + `
resource "bestsms_contact" "person" {
  for_each     = local.people
  attention    = each.value.name
  mobile_phone = each.value.mobile
}
`
	after := mock.ProviderConfig() + people + `
variable "contact_ids" {
  type = string
}

removed {
  from = bestsms_contact.person

  lifecycle {
    destroy = false
  }
}

import {
  to = bestsms_contact_list.staff
  id = "ids:${var.contact_ids}"
}

resource "bestsms_contact_list" "staff" {
  contacts = {
    for key, p in local.people : key => {
      attention    = p.name
      mobile_phone = p.mobile
    }
  }
}
`
	old := map[string]string{}
	resource.ParallelTest(t, resource.TestCase{
		// removed blocks need Terraform 1.7.
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{
				Config:            before,
				ConfigStateChecks: []statecheck.StateCheck{collectIDs{"bestsms_contact.person", old}},
			},
			{
				PreConfig: mock.ResetStats,
				Config:    after,
				ConfigVariables: config.Variables{"contact_ids": lazyVariable(func() string {
					b, _ := json.Marshal(old) // the ids of step 1, as `terraform output` would give them
					return string(b)
				})},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(listAddr, plancheck.ResourceActionNoop),
					expectForgotten{"bestsms_contact.person"},
				}},
				Check: resource.ComposeTestCheckFunc(
					checkWrites(mock, 0, 0, 0),
					func(s *terraform.State) error {
						ids, err := listIDs(s)
						if err != nil {
							return err
						}
						if !maps.Equal(ids, old) {
							return fmt.Errorf("the list tracks %v, want the for_each contacts %v", ids, old)
						}
						return nil
					},
					checkList(mock, 3, func(k string) string { return strings.ToUpper(k[:1]) + k[1:] }),
				),
			},
		},
	})
}

// collectIDs is a state check that records the id of every instance of a
// for_each resource by key (Terraform's test framework cannot read
// for_each instances from its older state model).
type collectIDs struct {
	addr string
	ids  map[string]string
}

func (c collectIDs) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if key, ok := r.Index.(string); ok && strings.HasPrefix(r.Address, c.addr+"[") {
			c.ids[key], _ = r.AttributeValues["id"].(string)
		}
	}
	if len(c.ids) == 0 {
		resp.Error = fmt.Errorf("no instance of %s in the state", c.addr)
	}
}

// expectForgotten is a plan check: every instance of a resource is
// forgotten (removed from the state without being destroyed).
type expectForgotten []string

func (want expectForgotten) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	seen := 0
	for _, rc := range req.Plan.ResourceChanges {
		if !slices.Contains(want, rc.Address[:max(0, strings.Index(rc.Address, "["))]) {
			continue
		}
		seen++
		if !rc.Change.Actions.Forget() {
			resp.Error = fmt.Errorf("%s: actions %v, want forget", rc.Address, rc.Change.Actions)
			return
		}
	}
	if seen == 0 {
		resp.Error = fmt.Errorf("no instance of %v in the plan", []string(want))
	}
}

// TestAccExampleContactList applies examples/contact-list as a user would
// (base_url and auth_token from the environment, the provider's Registry
// address): a CSV file into one list, an all-staff group and a group per
// department built from its contact_ids; the plan after it is empty. A
// last step with no resources destroys everything.
func TestAccExampleContactList(t *testing.T) {
	mock := acctest.NewMock(t)
	t.Setenv("BESTSMS_BASE_URL", mock.URL+"/api")
	t.Setenv("BESTSMS_AUTH_TOKEN", acctest.Token)
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "bestsms") // source = "bestsms/bestsms"
	members := func(code string) []string {
		g, ok := mock.Group(code)
		if !ok {
			return nil
		}
		var names []string
		for _, id := range mock.GroupMembers(g.GroupID) {
			c, _ := mock.Contact(id)
			names = append(names, c.Custom1)
		}
		slices.Sort(names)
		return names
	}
	// The example has its own provider block, so the providers go with each
	// step; and its for_each resources rule out Check functions (Terraform's
	// test framework cannot read for_each instances from its older state
	// model), hence the state checks.
	resource.Test(t, resource.TestCase{
		PreCheck: func() { acctest.PreCheck(t) },
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				ConfigDirectory:          config.StaticDirectory(filepath.Join(acctest.RepoRoot(t), "examples", "contact-list")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("staff_count", knownvalue.Int64Exact(9)),
					statecheck.ExpectKnownOutputValue("group_codes", knownvalue.MapExact(map[string]knownvalue.Check{
						"all": knownvalue.StringExact("All_Staff"), "Engineering": knownvalue.StringExact("Staff_Engineering"),
						"Finance": knownvalue.StringExact("Staff_Finance"), "Operations": knownvalue.StringExact("Staff_Operations"),
					})),
					mockStateCheck(func() error {
						want := map[string][]string{
							"All_Staff":         {"E1001", "E1002", "E1003", "E1004", "E1005", "E1006", "E1007", "E1008", "E1009"},
							"Staff_Engineering": {"E1003", "E1004", "E1005"},
							"Staff_Finance":     {"E1006", "E1007", "E1009"},
							"Staff_Operations":  {"E1001", "E1002", "E1008"},
						}
						for code, ids := range want {
							if got := members(code); !slices.Equal(got, ids) {
								return fmt.Errorf("group %s holds %v, want %v", code, got, ids)
							}
						}
						if n := len(mock.Contacts()); n != 9 {
							return fmt.Errorf("the mock holds %d contacts, want 9", n)
						}
						for _, c := range mock.Contacts() {
							if c.Custom1 == "E1009" && c.EmailAddress != "" {
								return fmt.Errorf("E1009's blank e-mail cell became %q", c.EmailAddress)
							}
						}
						return nil
					}),
				},
			},
			{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Config:                   "provider \"bestsms\" {}\n",
				ConfigStateChecks: []statecheck.StateCheck{mockStateCheck(func() error {
					if c, g := len(mock.Contacts()), len(mock.Groups()); c != 0 || g != 0 {
						return fmt.Errorf("after destroy the mock holds %d contacts and %d groups", c, g)
					}
					return nil
				})},
			},
		},
	})
}

// mockStateCheck adapts an assertion on the mock to a state check.
type mockStateCheck func() error

func (f mockStateCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// TestAccContactList_frameworkPath runs the list through the framework's
// own server, which serves it with the same engine through the resource's
// methods (NewProtocol6Server serves it directly): create, update in
// place, an entry deleted outside Terraform re-created, destroy; and a bad
// entry refused first.
func TestAccContactList_frameworkPath(t *testing.T) {
	mock := acctest.NewMock(t)
	var gone string
	resource.ParallelTest(t, resource.TestCase{
		PreCheck: func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"bestsms": providerserver.NewProtocol6WithError(provider.New("test")()),
		},
		CheckDestroy: mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{
				Config: mock.ProviderConfig() + `
resource "bestsms_contact_list" "staff" {
  contacts = {
    p000 = { attention = "Person 0", mobile = "0421 000 000" }
  }
}
`,
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Unknown Contact Attribute", `Entry "p000", mobile: "mobile" is not a contact attribute`),
			},
			{
				Config: listConfig(mock, 0, 5),
				Check:  resource.ComposeTestCheckFunc(checkList(mock, 5, func(k string) string { return listEntryName(k) })),
			},
			{
				PreConfig: mock.ResetStats,
				Config:    listConfig(mock, 0, 6, 2),
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, 6, func(k string) string { return listEntryName(k, 2) }),
					checkWrites(mock, 1, 1, 0),
					func(s *terraform.State) error {
						ids, _ := listIDs(s)
						gone = ids["p003"]
						return nil
					},
				),
			},
			{
				PreConfig: func() {
					mock.DeleteContact(gone)
					mock.ResetStats()
				},
				Config: listConfig(mock, 0, 6, 2),
				Check: resource.ComposeTestCheckFunc(
					checkList(mock, 6, func(k string) string { return listEntryName(k, 2) }),
					checkWrites(mock, 1, 0, 0),
				),
			},
		},
	})
}

// An import that gives one contact under two keys is refused, whatever the
// spelling of its id (the API matches ids in any letter case), naming both
// keys; so are a key given twice and two keys Terraform stores as one.
// Nothing is written, so nothing can be deleted. (Before, the import was
// accepted, and removing one key deleted the contact the other still
// managed, in a plan that said "0 to destroy".)
func TestAccContactList_importRefusesOneContactTwice(t *testing.T) {
	mock := acctest.NewMock(t)
	ana := mock.PutContact(mockapi.Contact{Attention: "Ana", MobilePhone: "+61421000001"})
	ben := mock.PutContact(mockapi.Contact{Attention: "Ben", MobilePhone: "+61421000002"})
	list := mock.ProviderConfig() + `
resource "bestsms_contact_list" "staff" {
  contacts = {
    x = { attention = "Ana", mobile_phone = "+61421000001" }
    y = { attention = "Ben", mobile_phone = "+61421000002" }
  }
}
`
	importBlock := func(object string) string {
		return fmt.Sprintf("import {\n  to = bestsms_contact_list.staff\n  id = %q\n}\n", "ids:"+object)
	}
	upper := strings.ToUpper(ana.ContactID)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      list + importBlock(fmt.Sprintf(`{"x":%q,"y":%q}`, ana.ContactID, upper)),
				ExpectError: acctest.Wrapped("Invalid Import ID", `keys "x" and "y" both name contact`),
			},
			{
				Config:      list + importBlock(fmt.Sprintf(`{"x":%q,"y":%q}`, ana.ContactID, ana.ContactID)),
				ExpectError: acctest.Wrapped("Invalid Import ID", `keys "x" and "y" both name contact`),
			},
			{
				Config:      list + importBlock(fmt.Sprintf(`{"x":%q,"x":%q}`, ana.ContactID, ben.ContactID)),
				ExpectError: acctest.Wrapped("Invalid Import ID", `key "x" is given twice`),
			},
			{ // "é" as one character and as "e" and a combining accent
				Config:      list + importBlock(fmt.Sprintf(`{"caf\u00e9":%q,"cafe\u0301":%q}`, ana.ContactID, ben.ContactID)),
				ExpectError: acctest.Wrapped("Invalid Import ID", "the same text in different Unicode forms"),
			},
			{
				Config:      list + importBlock(fmt.Sprintf(`{"x":%q} trailing`, ana.ContactID)),
				ExpectError: acctest.Wrapped("Invalid Import ID", "there is text after the object"),
			},
			{
				PreConfig: func() {
					if n := len(mock.Contacts()); n != 2 {
						t.Errorf("the mock holds %d contacts after the refused imports, want the 2 it had", n)
					}
				},
				Config: mock.ProviderConfig(),
			},
		},
	})
}

// 50 bad entries give 20 errors, sorted by key, and one more that counts
// and names the rest: not 50 errors in random order.
func TestContactListPlan_diagnosticsSortedAndCapped(t *testing.T) {
	h := acctest.NewActionHarness(t, acctest.NewMock(t), map[string]any{"default_country": "AU"})
	typ, ok := h.Schemas.ResourceSchemas["bestsms_contact_list"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("no bestsms_contact_list schema")
	}
	contacts := map[string]map[string]string{}
	for i := range 50 {
		contacts[fmt.Sprintf("e%02d", i)] = map[string]string{"attention": "A", "main_phone": "call me"}
	}
	cfg := listDynamic(t, typ, contacts)
	resp, err := h.Srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "bestsms_contact_list", PriorState: h.Dynamic(typ, nil), ProposedNewState: cfg, Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != contactlist.MaxEntryDiagnostics+1 {
		t.Fatalf("want %d diagnostics, got %d:\n%s", contactlist.MaxEntryDiagnostics+1, len(resp.Diagnostics), acctest.DiagsText(resp.Diagnostics))
	}
	for i, d := range resp.Diagnostics[:contactlist.MaxEntryDiagnostics] {
		if want := fmt.Sprintf(`Entry "e%02d", main_phone`, i); !strings.HasPrefix(d.Detail, want) {
			t.Errorf("diagnostic %d: %q, want it to start with %q (sorted by key)", i, d.Detail, want)
		}
	}
	last := resp.Diagnostics[contactlist.MaxEntryDiagnostics]
	if last.Summary != "More Invalid Entries" || !strings.Contains(last.Detail, `30 more problems`) ||
		!strings.Contains(last.Detail, `"e20", "e21"`) || !strings.Contains(last.Detail, "and 10 more") {
		t.Errorf("the last diagnostic does not sum up the other 30: %s: %s", last.Summary, last.Detail)
	}
}

package provider_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// TestAccExample_onCallRoster applies examples/on-call-roster as a user
// would, with the terraform CLI and the built provider, its settings from
// the environment as its comment says, against a mock:
//
//   - v3.00: on api_version v3.00 the roster is applied, the outputs say
//     so, a second plan is empty and destroy empties the mock; every request
//     went to v3.00;
//   - v2.04 to v3.00: applied on v2.04, then BESTSMS_API_VERSION switched to
//     v3.00: the plan has no changes, and after a refresh the state holds the
//     same objects with the same ids and codes (access_control, which only
//     v3 has, is its one new value); destroy on v3.00 empties the mock.
func TestAccExample_onCallRoster(t *testing.T) {
	tf := acctest.AcceptanceCLI(t)
	dir := t.TempDir()
	cliConfig := acctest.DevOverrideProvider(t, dir)
	t.Run("v3.00", func(t *testing.T) {
		t.Parallel()
		r := newRoster(t, tf, cliConfig)
		r.run(t, "v3.00", "apply", "-auto-approve", "-no-color")
		r.checkMock(t)
		r.checkOutputs(t, "v3.00")
		r.run(t, "v3.00", "plan", "-detailed-exitcode", "-no-color")
		r.run(t, "v3.00", "destroy", "-auto-approve", "-no-color")
		r.checkEmpty(t)
		r.checkRoutes(t, true)
	})
	t.Run("v2.04 to v3.00", func(t *testing.T) {
		t.Parallel()
		r := newRoster(t, tf, cliConfig)
		r.run(t, "v2.04", "apply", "-auto-approve", "-no-color")
		r.checkMock(t)
		r.checkRoutes(t, false)
		before := r.state(t, "v2.04")
		r.mock.ResetStats()

		out := r.run(t, "v3.00", "plan", "-detailed-exitcode", "-no-color")
		if !strings.Contains(out, "No changes.") {
			t.Errorf("switching api_version to v3.00 plans changes:\n%s", out)
		}
		r.run(t, "v3.00", "apply", "-refresh-only", "-auto-approve", "-no-color")
		after := r.state(t, "v3.00")
		for addr, was := range before {
			now, ok := after[addr]
			switch {
			case !ok:
				t.Errorf("%s is gone from the state after the switch", addr)
				continue
			case addr == "outputs":
			case strings.HasPrefix(addr, "bestsms_contact.") || strings.HasPrefix(addr, "bestsms_group.team"):
				if now["access_control"] != "Limited" {
					t.Errorf("%s: access_control = %v after the switch, want Limited (the API's default)", addr, now["access_control"])
				}
				delete(now, "access_control")
				delete(was, "access_control")
			}
			if !reflect.DeepEqual(was, now) {
				t.Errorf("%s changed with the switch:\n was %v\n now %v", addr, was, now)
			}
		}
		if len(after) != len(before) {
			t.Errorf("the state holds %d objects after the switch, %d before", len(after), len(before))
		}
		r.checkOutputs(t, "v3.00")
		r.run(t, "v3.00", "plan", "-detailed-exitcode", "-no-color")
		r.run(t, "v3.00", "destroy", "-auto-approve", "-no-color")
		r.checkEmpty(t)
		r.checkRoutes(t, true)
	})
}

// roster is a copy of examples/on-call-roster with its own mock.
type roster struct {
	mock      *acctest.Mock
	tf, work  string
	cliConfig string
}

func newRoster(t *testing.T, tf, cliConfig string) *roster {
	t.Helper()
	r := &roster{mock: acctest.NewMock(t), tf: tf, work: filepath.Join(t.TempDir(), "work"), cliConfig: cliConfig}
	example := filepath.Join(acctest.RepoRoot(t), "examples", "on-call-roster")
	for _, name := range []string{"main.tf", "outputs.tf", "roster.yaml"} {
		data, err := os.ReadFile(filepath.Join(example, name))
		if err != nil {
			t.Fatal(err)
		}
		acctest.WriteFile(t, filepath.Join(r.work, name), string(data))
	}
	return r
}

// run runs terraform with the provider's settings from the environment,
// api_version given, failing the test unless it succeeds (-detailed-exitcode
// plans succeed only when they have no changes).
func (r *roster) run(t *testing.T, apiVersion string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.tf, args...)
	cmd.Dir = r.work
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+r.cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"CHECKPOINT_DISABLE=1", "TF_LOG=", framework.EnvAuthToken+"="+acctest.Token, framework.EnvBaseURL+"="+r.mock.URL+"/api",
		framework.EnvAPIVersion+"="+apiVersion)
	out, err := cmd.CombinedOutput()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	if code != 0 {
		t.Fatalf("terraform %s on %s exited %d:\n%s", strings.Join(args, " "), apiVersion, code, out)
	}
	return string(out)
}

// checkMock checks the roster in the mock: 5 people, 3 teams, 7 memberships.
func (r *roster) checkMock(t *testing.T) {
	t.Helper()
	want := map[string][]string{
		"Platform On Call":           {"Alice Nguyen", "Bruno Costa", "Dana Kowalski"},
		"Database On Call":           {"Chen Wei", "Dana Kowalski"},
		"Security Incident Response": {"Alice Nguyen", "Emeka Obi"},
	}
	names := map[string]string{}
	for _, c := range r.mock.Contacts() {
		names[c.ContactID] = c.Attention
	}
	got := map[string][]string{}
	for _, g := range r.mock.Groups() {
		var members []string
		for _, id := range r.mock.GroupMembers(g.GroupID) {
			members = append(members, names[id])
		}
		slices.Sort(members)
		got[g.GroupName] = members
	}
	if len(names) != 5 || !reflect.DeepEqual(got, want) {
		t.Errorf("the mock holds %d contacts and the groups %v; want 5 and %v", len(names), got, want)
	}
}

// checkOutputs checks the example's outputs.
func (r *roster) checkOutputs(t *testing.T, apiVersion string) {
	t.Helper()
	var outputs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(r.run(t, apiVersion, "output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"group_codes":   map[string]any{"platform": "Platform_On_Call", "database": "Database_On_Call", "security": "Security_Incident_Response"},
		"member_counts": map[string]any{"platform": 3.0, "database": 2.0, "security": 2.0},
	}
	for name, v := range want {
		if got := outputs[name].Value; !reflect.DeepEqual(got, v) {
			t.Errorf("output %s = %#v, want %#v", name, got, v)
		}
	}
}

// checkEmpty checks that destroy left nothing in the mock.
func (r *roster) checkEmpty(t *testing.T) {
	t.Helper()
	if c, g, m := len(r.mock.Contacts()), len(r.mock.Groups()), len(r.mock.Memberships()); c+g+m != 0 {
		t.Errorf("after destroy the mock holds %d contacts, %d groups, %d memberships", c, g, m)
	}
}

// checkRoutes checks that every request since the mock's last ResetStats
// went to v3.00 (v3) or to v2 (not v3).
func (r *roster) checkRoutes(t *testing.T, v3 bool) {
	t.Helper()
	stats := r.mock.Stats()
	if stats.Total == 0 {
		t.Error("the mock received no request")
	}
	for route := range stats.Routes {
		if _, pattern, _ := strings.Cut(route, " "); strings.HasPrefix(pattern, "v3.00/") != v3 {
			t.Errorf("a request went to the wrong API version: %s (v3.00: %t)", route, v3)
		}
	}
}

// state reads the state: each object's attributes by address, and the
// outputs under "outputs".
func (r *roster) state(t *testing.T, apiVersion string) map[string]map[string]any {
	t.Helper()
	var show struct {
		Values struct {
			Outputs    map[string]any `json:"outputs"`
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(r.run(t, apiVersion, "show", "-json")), &show); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{"outputs": show.Values.Outputs}
	for _, res := range show.Values.RootModule.Resources {
		out[res.Address] = res.Values
	}
	if n := len(out) - 1; n != 5+3+7 {
		t.Errorf("the state holds %d objects, want 15: %v", n, fmt.Sprint(len(out)))
	}
	return out
}

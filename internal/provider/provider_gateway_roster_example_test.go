package provider_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
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
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestAccExample_gatewayRoster applies examples/gateway-roster as a user
// would, with the terraform CLI and the built provider, its credentials
// from the environment as its comment says and no REST token, against a
// mock's api_v1: the gateway holds the roster, the outputs say so, a second
// plan is empty, and destroy empties the gateway. (terraform-plugin-testing
// cannot read the state of its for_each resources.)
func TestAccExample_gatewayRoster(t *testing.T) {
	tf := acctest.AcceptanceCLI(t)
	t.Parallel()
	dir := t.TempDir()
	cliConfig := acctest.DevOverrideProvider(t, dir)
	mock := acctest.NewMock(t)

	example := filepath.Join(acctest.RepoRoot(t), "examples", "gateway-roster")
	work := filepath.Join(dir, "work")
	for _, name := range []string{"main.tf", "outputs.tf", "roster.yaml"} {
		data, err := os.ReadFile(filepath.Join(example, name))
		if err != nil {
			t.Fatal(err)
		}
		acctest.WriteFile(t, filepath.Join(work, name), string(data))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run := func(args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, tf, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0",
			"CHECKPOINT_DISABLE=1", "TF_LOG=", framework.EnvAuthToken+"=", framework.EnvBaseURL+"=",
			framework.EnvGatewayURL+"="+mock.URL+"/api_v1", framework.EnvGatewaySubAccount+"="+mockapi.DefaultGatewaySubAccount,
			framework.EnvGatewayPassword+"="+mockapi.DefaultGatewayPassword)
		return cmd.CombinedOutput()
	}

	if out, err := run("apply", "-auto-approve", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if err := acctest.FirstErr(
		acctest.ExpectGroup(mock, "Staff", "2348031234567 Chi Eze", "2348086689567 Ada Obi", "2348094309926 Bayo Adeyemi")(nil),
		acctest.ExpectGroup(mock, "On Call", "2348031234567", "2348086689567")(nil),
	); err != nil {
		t.Error(err)
	}

	out, err := run("output", "-json")
	if err != nil {
		t.Fatalf("output: %v\n%s", err, out)
	}
	var outputs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal(out, &outputs); err != nil {
		t.Fatalf("output -json: %v\n%s", err, out)
	}
	want := map[string]any{
		"on_call":     []any{"0803 123 4567", "0808 668 9567"},
		"group_sizes": map[string]any{"Staff": 3.0, "On Call": 2.0},
		"credit":      "1000",
	}
	for name, v := range want {
		if got := outputs[name].Value; !reflect.DeepEqual(got, v) {
			t.Errorf("output %s = %#v, want %#v", name, got, v)
		}
	}
	if ids, ok := outputs["contact_ids"].Value.(map[string]any); !ok || !slices.Equal(slices.Sorted(maps.Keys(ids)), []string{"ada", "bayo", "chi"}) {
		t.Errorf("output contact_ids = %#v, want an id per person", outputs["contact_ids"].Value)
	}

	if out, err := run("plan", "-detailed-exitcode", "-no-color"); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 {
			t.Errorf("the plan after the apply is not empty:\n%s", out)
		} else {
			t.Errorf("plan: %v\n%s", err, out)
		}
	}
	if out, err := run("destroy", "-auto-approve", "-no-color"); err != nil {
		t.Errorf("destroy: %v\n%s", err, out)
	}
	if err := mock.CheckNoGatewayContacts(nil); err != nil {
		t.Error(err)
	}
	for route := range mock.Stats().Routes {
		if !strings.Contains(route, "api_v1/") {
			t.Errorf("the example called the REST API (%s)", route)
		}
	}
}

package acctest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

// FastPollFactories serve the provider polling message status every
// 20 ms instead of every 2 s, so wait_for_delivery waits only for the mock's
// delivery delay.
var FastPollFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"bestsms": func() (tfprotov6.ProviderServer, error) {
		return provider.NewProtocol6Server(provider.NewWithTimings("test", provider.Timings{PollInterval: 20 * time.Millisecond})()), nil
	},
}

func ActionTestCase(t *testing.T, steps ...resource.TestStep) resource.TestCase {
	t.Helper()
	return resource.TestCase{
		PreCheck:                 func() { PreCheck(t) },
		ProtoV6ProviderFactories: FastPollFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{Requires(Actions)},
		Steps:                    steps,
	}
}

// OnCreate is a terraform_data whose creation invokes actions; input makes
// it depend on whatever the actions must find in place.
func OnCreate(name, input string, actions ...string) string {
	return fmt.Sprintf(`
resource "terraform_data" %q {
  input = %s
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [%s]
    }
  }
}
`, name, input, strings.Join(actions, ", "))
}

// MockCheck turns an assertion on the mock into a PreConfig/PostApplyFunc.
func MockCheck(t *testing.T, check func() error) func() {
	return func() {
		t.Helper()
		if err := check(); err != nil {
			t.Fatal(err)
		}
	}
}

// FirstErr returns the first non-nil error.
func FirstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

// tflogAdapter sends a client's logs to tflog, masking its credentials in
// every message and field whatever the context it is logged with. The
// clients leave credentials out of their logs already; this is the second
// lock.
type tflogAdapter struct {
	// component is the "component" field of every entry.
	component string
	// keys are field names whose values are always masked.
	keys []string
	// secrets are masked wherever they appear.
	secrets []string
}

// newTflogAdapter is the REST client's logger, masking the auth token.
func newTflogAdapter(token string) client.Logger {
	return tflogAdapter{component: "bestsms_api", keys: []string{"auth_token", "authorization", "Authorization"}, secrets: []string{token}}
}

// newGatewayLogger is the Best SMS Gateway client's logger, masking the
// password and the sub-account name.
func newGatewayLogger(password, subAccount string) gatewayapi.Logger {
	return tflogAdapter{component: "bestsms_gateway", keys: []string{"sub_account_pass", "password", "sub_account"},
		secrets: []string{password, subAccount}}
}

func (a tflogAdapter) mask(ctx context.Context) context.Context {
	ctx = tflog.SetField(ctx, "component", a.component)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, a.keys...)
	for _, s := range a.secrets {
		if s != "" {
			ctx = tflog.MaskAllFieldValuesStrings(ctx, s)
			ctx = tflog.MaskMessageStrings(ctx, s)
		}
	}
	return ctx
}

func (a tflogAdapter) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(a.mask(ctx), msg, fields)
}

func (a tflogAdapter) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(a.mask(ctx), msg, fields)
}

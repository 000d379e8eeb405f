package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
)

// tflogAdapter sends the client's logs to tflog, masking the auth token in
// every message and field whatever the context it is logged with.
type tflogAdapter struct {
	token string
}

func newTflogAdapter(token string) client.Logger { return tflogAdapter{token: token} }

func (a tflogAdapter) mask(ctx context.Context) context.Context {
	ctx = tflog.SetField(ctx, "component", "bestsms_api")
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "auth_token", "authorization", "Authorization")
	if a.token != "" {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, a.token)
		ctx = tflog.MaskMessageStrings(ctx, a.token)
	}
	return ctx
}

func (a tflogAdapter) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(a.mask(ctx), msg, fields)
}

func (a tflogAdapter) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(a.mask(ctx), msg, fields)
}

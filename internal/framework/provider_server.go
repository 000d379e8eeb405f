package framework

import (
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// ProviderServer is every RPC interface the framework's server implements;
// the wrapper implements them all too, so that terraform-plugin-go's type
// assertions for optional RPCs see what they would see without it.
type ProviderServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
	tfprotov6.ListResourceServer
	tfprotov6.StateStoreServer
}

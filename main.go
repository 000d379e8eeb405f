// Command terraform-provider-bestsms is the Terraform provider for the
// BestSMS messaging platform.
//
// Of the project it imports internal/provider only, the assembled provider.
package main

import (
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// pluginLogVariables are the levels of the plugin libraries' loggers and of
// the provider's own. Unset, each logs at TRACE.
var pluginLogVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"}

// quietUnlessLogging turns the plugin's logs off when Terraform collects
// none (no TF_LOG* variable is set; Terraform passes its environment to the
// provider). Unset, the plugin libraries format every request at TRACE and
// Terraform parses and drops the lines: about a third of the provider's CPU
// in a large apply (bench/README.md). With any TF_LOG* variable set,
// logging is exactly as usual.
func quietUnlessLogging() {
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_LOG") && value != "" {
			return
		}
	}
	for _, name := range pluginLogVariables {
		_ = os.Setenv(name, "OFF")
	}
}

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	quietUnlessLogging()
	// What providerserver.Serve does, with the framework's server wrapped
	// by provider.NewProtocol6Server so that it does not keep every
	// request's context alive for the life of the process.
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/bestsms/bestsms", func() tfprotov6.ProviderServer {
		return provider.NewProtocol6Server(provider.New(version)())
	}, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}

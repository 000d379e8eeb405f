// Command terraform-provider-bestsms is the Terraform provider for the
// BestSMS messaging platform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/bestsms/bestsms",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// Command schemajson writes the provider's schemas in the format of
// `terraform providers schema -json`, action schemas included.
//
// Terraform CLIs older than 1.14 know no actions, so their schema output has
// no action_schemas and tfplugindocs would render no action pages. This tool
// asks the provider server itself (GetProviderSchema, in process, no
// Terraform CLI needed) and writes the same JSON, which tfplugindocs reads
// with --providers-schema.
//
// Usage:
//
//	go run ./tools/schemajson -o schema.json [-tfplugindocs tfplugindocs-schema.json]
//
// -o writes the schemas under the provider's source address,
// registry.terraform.io/bestsms/bestsms, exactly as the CLI does.
// tfplugindocs v0.24 looks a schema file up only by the provider's short name
// or under registry.terraform.io/hashicorp/<name>, so -tfplugindocs writes the
// same document keyed by the short name "bestsms" for it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

const (
	// providerAddress is the source address main.go serves the provider at.
	providerAddress = "registry.terraform.io/bestsms/bestsms"
	// providerShortName is the key tfplugindocs looks the schema up by.
	providerShortName = "bestsms"
)

func main() {
	out := flag.String("o", "-", "file to write the schema JSON to (keyed by the provider's source address); - for stdout")
	docsOut := flag.String("tfplugindocs", "", "optional file to write the same JSON keyed by the provider's short name, for tfplugindocs --providers-schema")
	flag.Parse()
	if err := run(context.Background(), *out, *docsOut); err != nil {
		fmt.Fprintln(os.Stderr, "schemajson:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out, docsOut string) error {
	resp, err := getProviderSchema(ctx)
	if err != nil {
		return err
	}
	doc, err := convert(providerAddress, resp)
	if err != nil {
		return err
	}
	if err := write(out, doc); err != nil {
		return err
	}
	if docsOut == "" {
		return nil
	}
	docsDoc, err := convert(providerShortName, resp)
	if err != nil {
		return err
	}
	return write(docsOut, docsDoc)
}

// getProviderSchema calls GetProviderSchema on the provider server that main.go
// serves, and fails on any error diagnostic.
func getProviderSchema(ctx context.Context) (*tfprotov6.GetProviderSchemaResponse, error) {
	server, err := providerserver.NewProtocol6WithError(provider.New("dev")())()
	if err != nil {
		return nil, fmt.Errorf("creating the provider server: %w", err)
	}
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, fmt.Errorf("GetProviderSchema: %w", err)
	}
	var problems []string
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			problems = append(problems, d.Summary+": "+d.Detail)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("GetProviderSchema returned errors:\n%s", strings.Join(problems, "\n"))
	}
	return resp, nil
}

func write(path string, doc *providerSchemas) error {
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if path == "-" {
		_, err = os.Stdout.Write(b)
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

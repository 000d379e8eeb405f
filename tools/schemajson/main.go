// Command schemajson writes the provider's schemas in the format of
// `terraform providers schema -json`, ephemeral resource, action, list
// resource and resource identity schemas included.
//
// Terraform CLIs older than 1.14 know no actions and no list resources
// (those older than 1.12 no resource identity, older than 1.10 no ephemeral
// resources; OpenTofu has no actions and no list resources), so their
// schema output lacks those sections and tfplugindocs would render no
// pages for them.
// This tool asks the provider server itself (GetProviderSchema and
// GetResourceIdentitySchemas, in process, no Terraform CLI needed) and
// writes the same JSON, which tfplugindocs reads with --providers-schema.
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
//
// Of the project it imports internal/provider only, the assembled provider,
// never an area.
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
	resp, identities, err := getProviderSchema(ctx)
	if err != nil {
		return err
	}
	doc, err := convert(providerAddress, resp, identities)
	if err != nil {
		return err
	}
	if err := write(out, doc); err != nil {
		return err
	}
	if docsOut == "" {
		return nil
	}
	docsDoc, err := convert(providerShortName, resp, identities)
	if err != nil {
		return err
	}
	return write(docsOut, docsDoc)
}

// getProviderSchema calls GetProviderSchema and GetResourceIdentitySchemas
// on the provider server that main.go serves, and fails on any error
// diagnostic.
func getProviderSchema(ctx context.Context) (*tfprotov6.GetProviderSchemaResponse, map[string]*tfprotov6.ResourceIdentitySchema, error) {
	server, err := providerserver.NewProtocol6WithError(provider.New("dev")())()
	if err != nil {
		return nil, nil, fmt.Errorf("creating the provider server: %w", err)
	}
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, nil, fmt.Errorf("GetProviderSchema: %w", err)
	}
	if err := errorDiagnostics("GetProviderSchema", resp.Diagnostics); err != nil {
		return nil, nil, err
	}
	ids, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, nil, fmt.Errorf("GetResourceIdentitySchemas: %w", err)
	}
	if err := errorDiagnostics("GetResourceIdentitySchemas", ids.Diagnostics); err != nil {
		return nil, nil, err
	}
	return resp, ids.IdentitySchemas, nil
}

// errorDiagnostics is an error listing the error diagnostics of call, or nil.
func errorDiagnostics(call string, diags []*tfprotov6.Diagnostic) error {
	var problems []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			problems = append(problems, d.Summary+": "+d.Detail)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s returned errors:\n%s", call, strings.Join(problems, "\n"))
	}
	return nil
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

package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// writeOnlyActionsServer lets the write-only attributes of action schemas
// take values (the text of bestsms_message and bestsms_gateway_sms, which
// may come from an ephemeral variable).
//
// Why: terraform-plugin-framework v1.19 has WriteOnly in action schemas
// (action/schema) but validates an action's configuration with the client
// capabilities of a data source (internal/fwserver
// server_validateactionconfig.go sets WriteOnlyAttributesAllowed to false),
// so every non-null value of a write-only action attribute fails
// ValidateActionConfig with "WriteOnly Attribute Not Allowed", which is
// only true of Terraform before 1.11; actions need Terraform 1.14. The
// wrapper drops exactly that diagnostic from ValidateActionConfig; every
// other check of the attribute (its validators, ValidateConfig) still runs.
// TestWriteOnlyActionsFrameworkStillRefuses fails once a framework release
// validates actions properly, so the wrapper can go.
type writeOnlyActionsServer struct {
	framework.ProviderServer
}

// writeOnlyNotAllowed is the summary of the framework's diagnostic.
const writeOnlyNotAllowed = "WriteOnly Attribute Not Allowed"

func (s writeOnlyActionsServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateActionConfig(ctx, req)
	if err != nil || resp == nil {
		return resp, err
	}
	kept := resp.Diagnostics[:0]
	for _, d := range resp.Diagnostics {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == writeOnlyNotAllowed {
			continue
		}
		kept = append(kept, d)
	}
	resp.Diagnostics = kept
	return resp, nil
}

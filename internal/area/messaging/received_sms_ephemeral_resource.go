package messaging

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*receivedSMSEphemeralResource)(nil)

// NewReceivedSMSEphemeralResource is the constructor of the ephemeral
// resource bestsms_received_sms.
func NewReceivedSMSEphemeralResource() ephemeral.EphemeralResource {
	return &receivedSMSEphemeralResource{}
}

// receivedSMSEphemeralResource is the bestsms_received_sms data source
// read as an ephemeral resource: the same filters, validators and result,
// read by the data source's own Read, but never written to the plan or
// state (Terraform 1.10+, OpenTofu 1.11+). For a verification code texted
// to the account's number while another system is provisioned.
type receivedSMSEphemeralResource struct {
	data *framework.ProviderData
}

func (e *receivedSMSEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_received_sms"
}

// dataSourceSchema is the schema of the bestsms_received_sms data source.
func dataSourceSchema(ctx context.Context) dsschema.Schema {
	var s datasource.SchemaResponse
	(&receivedSMSDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &s)
	return s.Schema
}

func (e *receivedSMSEphemeralResource) Schema(ctx context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	attrs, err := ephemeralAttributes(dataSourceSchema(ctx).Attributes)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Ephemeral Resource Schema", "bestsms_received_sms: "+err.Error()+
			". This is a bug in the provider; please report it.")
		return
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "SMS received by the account (replies and unsolicited messages) in a period, read " +
			"without being stored: the filters and the result of the `bestsms_received_sms` data source, but as an " +
			"ephemeral resource its messages are never written to the plan or state. For a one-time code texted to " +
			"the account's number while another system is provisioned: pass it on to a write-only attribute, a " +
			"provider block or another ephemeral value. Read again on every plan and apply. Needs Terraform 1.10 " +
			"or later, or OpenTofu 1.11 or later.",
		Attributes: attrs,
	}
}

// ephemeralAttributes are the data source's attributes as an ephemeral
// resource's: the same names, types, descriptions and validators, so that
// both readings of received SMS take the same filters.
func ephemeralAttributes(in map[string]dsschema.Attribute) (map[string]schema.Attribute, error) {
	out := make(map[string]schema.Attribute, len(in))
	for name, a := range in {
		switch a := a.(type) {
		case dsschema.StringAttribute:
			out[name] = schema.StringAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.Int64Attribute:
			out[name] = schema.Int64Attribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators}
		case dsschema.ListNestedAttribute:
			nested, err := ephemeralAttributes(a.NestedObject.Attributes)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			out[name] = schema.ListNestedAttribute{MarkdownDescription: a.MarkdownDescription, Required: a.Required,
				Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive, Validators: a.Validators,
				NestedObject: schema.NestedAttributeObject{Attributes: nested}}
		default:
			return nil, fmt.Errorf("attribute %s: %T has no ephemeral counterpart here", name, a)
		}
	}
	return out, nil
}

func (e *receivedSMSEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

// Open reads the received SMS with the data source's Read, on the same
// configuration value (both schemas have one type), and hands its result
// to Terraform as the ephemeral result.
func (e *receivedSMSEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if e.data == nil {
		resp.Diagnostics.AddError("Unconfigured BestSMS Provider",
			"bestsms_received_sms was opened before the provider was configured. This is a bug in Terraform or the provider; please report it.")
		return
	}
	s := dataSourceSchema(ctx)
	read := datasource.ReadResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}}
	(&receivedSMSDataSource{data: e.data}).Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: s, Raw: req.Config.Raw}}, &read)
	resp.Diagnostics.Append(read.Diagnostics...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Result.Raw = read.State.Raw
}

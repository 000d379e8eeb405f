package addressbook

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

var (
	_ datasource.DataSourceWithConfigure        = (*contactDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*contactDataSource)(nil)
)

// NewContactDataSource is the constructor of the bestsms_contact data source.
func NewContactDataSource() datasource.DataSource { return &contactDataSource{} }

type contactDataSource struct {
	data *framework.ProviderData
}

func (d *contactDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (d *contactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := contactDataSourceAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "Look the contact up by its id (ContactID, a UUID).",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{framework.ContactIDValidator},
	}
	attrs["mobile_phone"] = schema.StringAttribute{
		MarkdownDescription: "Look the contact up by mobile number, compared as E.164, so any spelling of the number " +
			"matches. " + framework.PhoneRulesMarkdown,
		Optional:   true,
		Computed:   true,
		CustomType: framework.PhoneNumberType{},
		Validators: []validator.String{framework.PhoneValidator},
	}
	attrs["email_address"] = schema.StringAttribute{
		MarkdownDescription: "Look the contact up by e-mail address (case-insensitive, exact).",
		Optional:            true,
		Computed:            true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One contact of the address book, found by exactly one of `id`, `mobile_phone` or " +
			"`email_address`. It is an error when no contact, or more than one, matches.",
		Attributes: attrs,
	}
}

func (d *contactDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(
		path.MatchRoot("id"), path.MatchRoot("mobile_phone"), path.MatchRoot("email_address"),
	)}
}

func (d *contactDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (d *contactDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m contactModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var found *client.Contact
	switch {
	case framework.IsSet(m.ID):
		c, err := d.data.Client.GetContact(ctx, m.ID.ValueString())
		if client.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Contact Not Found",
				fmt.Sprintf("No contact has the id %q.", m.ID.ValueString()))
			return
		}
		if err != nil {
			framework.AddRESTError(&resp.Diagnostics, "Unable to Read Contact", "read contact "+m.ID.ValueString(), err)
			return
		}
		found = c
	default:
		attr, want, match, diagsOK := d.matcher(m)
		if !diagsOK {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Invalid Phone Number", want)
			return
		}
		all, err := d.data.Client.ListContacts(ctx)
		if err != nil {
			framework.AddRESTError(&resp.Diagnostics, "Unable to Read Contact", "list the contacts", err)
			return
		}
		var matches []client.Contact
		for _, c := range all {
			if match(c) {
				matches = append(matches, c)
			}
		}
		switch len(matches) {
		case 0:
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Contact Not Found",
				fmt.Sprintf("No contact has %s %s.", attr, want))
			return
		case 1:
			found = &matches[0]
		default:
			ids := make([]string, len(matches))
			for i, c := range matches {
				ids[i] = c.ID
			}
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Several Contacts Match",
				fmt.Sprintf("%d contacts have %s %s: %s. Look the contact up by id instead.", len(matches), attr, want, strings.Join(ids, ", ")))
			return
		}
	}
	lookupEmail, lookupMobile := m.EmailAddress, m.MobilePhone
	m.fromClient(found, d.data.DefaultCountry)
	// Keep the configured spelling of the key looked up by.
	if framework.IsSet(lookupEmail) {
		m.EmailAddress = lookupEmail
	}
	if framework.IsSet(lookupMobile.StringValue) {
		m.MobilePhone = lookupMobile
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// matcher returns the attribute looked up by, its value for messages, and a
// predicate; ok is false (with the error in want) for an invalid number.
func (d *contactDataSource) matcher(m contactModel) (attr, want string, match func(client.Contact) bool, ok bool) {
	if framework.IsSet(m.EmailAddress) {
		email := strings.TrimSpace(m.EmailAddress.ValueString())
		return "email_address", fmt.Sprintf("%q", email), func(c client.Contact) bool {
			return strings.EqualFold(strings.TrimSpace(c.EmailAddress), email)
		}, true
	}
	region := d.data.DefaultCountry
	e164, err := phone.Normalize(m.MobilePhone.ValueString(), region)
	if err != nil {
		return "mobile_phone", err.Error(), nil, false
	}
	return "mobile_phone", e164, func(c client.Contact) bool {
		return c.MobilePhone != "" && phone.EqualIn(c.MobilePhone, e164, region)
	}, true
}

package gateway

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

var (
	_ resource.ResourceWithConfigure   = (*gatewayContactResource)(nil)
	_ resource.ResourceWithImportState = (*gatewayContactResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*gatewayContactResource)(nil)
)

// NewGatewayContactResource is the constructor of bestsms_gateway_contact.
func NewGatewayContactResource() resource.Resource { return &gatewayContactResource{} }

type gatewayContactResource struct {
	data *framework.ProviderData
}

type gatewayContactModel struct {
	ID        types.String               `tfsdk:"id"`
	Phone     framework.PhoneNumberValue `tfsdk:"phone"`
	FirstName types.String               `tfsdk:"first_name"`
	LastName  types.String               `tfsdk:"last_name"`
	GroupName types.String               `tfsdk:"group_name"`
}

// defaultGatewayGroup is api_v1's group of contacts saved without one.
const defaultGatewayGroup = "default"

// fromGateway sets the model from a stored contact. The phone keeps the
// model's spelling when it denotes the same number in region; names the
// gateway stores empty are null unless the model holds "".
func (m *gatewayContactModel) fromGateway(c *gatewayapi.Contact, region string) {
	m.ID = types.StringValue(c.ID)
	m.Phone = framework.KeepConfiguredPhone(gatewayStoredPhone(c.Phone), m.Phone, region)
	m.FirstName = framework.OptionalString(c.FirstName, m.FirstName)
	m.LastName = framework.OptionalString(c.LastName, m.LastName)
	m.GroupName = types.StringValue(c.GroupName)
}

func (r *gatewayContactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway_contact"
}

func (r *gatewayContactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaced := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A contact of the legacy Best SMS Gateway (`api_v1`) sub-account: a phone number with " +
			"optional names, in one group. Needs the provider's `gateway` block.\n\n" +
			"**Every change replaces the contact** (it is deleted and saved again, with a new `id`): `api_v1` has no " +
			"way to update a contact. For the same reason do not give it `create_before_destroy`: the new contact would " +
			"be the same number in the same group as the old one, which the provider refuses to create twice.\n\n" +
			"`save_contacts` answers no id, so after saving, the provider looks the contact up by phone number and " +
			"group, and fails rather than guess when that does not find exactly one new contact. A number that " +
			"already has a contact in the group is not taken over: import it instead (by `contact_id`). " +
			"Do not manage the same group with `bestsms_gateway_group_contacts`, which removes every number it does " +
			"not list.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The contact's `contact_id`, a whole number.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"phone": schema.StringAttribute{
				MarkdownDescription: "The contact's phone number. " + framework.PhoneRulesMarkdown + " Sent in international form " +
					"(the gateway would give a number starting with 0 its own dial code, which may not be " +
					"`default_country`'s). Spellings of the same number are equal; another number replaces the contact.",
				Required:   true,
				CustomType: framework.PhoneNumberType{},
				Validators: []validator.String{framework.PhoneValidator},
				// Replacement is decided in ModifyPlan, once spellings of the
				// same number in default_country are known to be equal.
			},
			"first_name": schema.StringAttribute{
				MarkdownDescription: "First name (`firstname`). Changing it replaces the contact.",
				Optional:            true,
				Validators:          []validator.String{gatewayName},
				PlanModifiers:       replaced,
			},
			"last_name": schema.StringAttribute{
				MarkdownDescription: "Last name (`lastname`). Changing it replaces the contact.",
				Optional:            true,
				Validators:          []validator.String{gatewayName},
				PlanModifiers:       replaced,
			},
			"group_name": schema.StringAttribute{
				MarkdownDescription: "The group (`group_name`), default `" + defaultGatewayGroup + "`. Groups exist only as " +
					"the group names of contacts. No commas (api_v1 lists groups comma-separated). Changing it replaces " +
					"the contact.",
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString(defaultGatewayGroup),
				Validators:    []validator.String{gatewayGroupName},
				PlanModifiers: replaced,
			},
		},
	}
}

func (r *gatewayContactResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.GatewayData(req.ProviderData, "bestsms_gateway_contact", &resp.Diagnostics)
}

// ModifyPlan applies the phone rules of default_country to the number, keeps
// the state's spelling of the same number, and replaces the contact when
// the number is another one.
func (r *gatewayContactResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, state gatewayContactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	region := r.data.DefaultCountry
	if !framework.CheckPhone(plan.Phone, path.Root("phone"), region, &resp.Diagnostics) {
		return
	}
	plan.Phone = framework.KeepEquivalentPhone(state.Phone, plan.Phone, region)
	if !req.State.Raw.IsNull() && (plan.Phone.IsUnknown() || !plan.Phone.Equal(state.Phone)) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("phone"))
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// inGroup returns the contacts of group (compared exactly: the gateway's
// filter is not documented as exact) whose number is number, and every
// contact of the group. A group without contacts is empty, not an error.
func inGroup(ctx context.Context, c *gatewayapi.Client, group, number string) ([]gatewayapi.Contact, []gatewayapi.Contact, error) {
	all, err := c.FetchContacts(ctx, gatewayapi.ContactQuery{GroupName: group})
	if gatewayapi.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var members, same []gatewayapi.Contact
	for _, ct := range all {
		if ct.GroupName != group {
			continue
		}
		members = append(members, ct)
		if number != "" && sameGatewayNumber(ct.Phone, number) {
			same = append(same, ct)
		}
	}
	return same, members, nil
}

// sameGatewayNumber compares a stored number with one the provider sends
// (digits without "+").
func sameGatewayNumber(stored, sent string) bool {
	return strings.TrimPrefix(gatewayStoredPhone(stored), "+") == sent
}

func contactIDs(cs []gatewayapi.Contact) []string {
	ids := make([]string, 0, len(cs))
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func (r *gatewayContactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan gatewayContactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	region, group := r.data.DefaultCountry, plan.GroupName.ValueString()
	number, err := gatewayNumber(plan.Phone.ValueString(), region)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("phone"), "Invalid Phone Number", err.Error())
		return
	}
	gw := r.data.Gateway
	before, _, err := inGroup(ctx, gw, group, number)
	if err != nil {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Create Gateway Contact",
			fmt.Sprintf("look for contacts of +%s in group %q before saving it", number, group), err)
		return
	}
	if len(before) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("phone"), "Gateway Contact Already Exists", fmt.Sprintf(
			"Group %q already has a contact with +%s (contact_id %s). The provider does not take over a contact it did "+
				"not create: import it (terraform import <address> %s, or an import block with id = %q), or delete it first.",
			group, number, strings.Join(contactIDs(before), ", "), before[0].ID, before[0].ID))
		return
	}

	_, saveErr := gw.SaveContacts(ctx, gatewayapi.SaveContactsRequest{
		Contacts:  []gatewayapi.ContactInput{{Phone: number, FirstName: plan.FirstName.ValueString(), LastName: plan.LastName.ValueString()}},
		GroupName: group,
	})
	if saveErr != nil && !errors.Is(saveErr, gatewayapi.ErrOutcomeUnknown) {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Create Gateway Contact", fmt.Sprintf("save +%s in group %q", number, group), saveErr)
		return
	}
	// save_contacts answers no id: find the contact it made. After an
	// unknown outcome, this also tells whether the save happened.
	after, _, err := inGroup(ctx, gw, group, number)
	if err != nil {
		if saveErr != nil {
			err = fmt.Errorf("%w (and saving ended with: %v)", err, saveErr)
		}
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Create Gateway Contact",
			fmt.Sprintf("find the contact saved for +%s in group %q; it may exist now: check the group before applying again", number, group), err)
		return
	}
	switch {
	case len(after) == 0 && saveErr != nil:
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Create Gateway Contact", fmt.Sprintf(
			"save +%s in group %q. The group has no contact with that number afterwards, so nothing was saved and "+
				"applying again is safe", number, group), saveErr)
		return
	case len(after) == 0:
		resp.Diagnostics.AddError("Gateway Contact Not Found After Saving", fmt.Sprintf(
			"The gateway accepted save_contacts for +%s in group %q, but fetch_contacts lists no contact with that number "+
				"in the group afterwards. Check the sub-account's contacts; if it appears later, import it by its contact_id.",
			number, group))
		return
	case len(after) > 1:
		resp.Diagnostics.AddError("Ambiguous Gateway Contact", fmt.Sprintf(
			"After saving +%s in group %q, the group has %d contacts with that number (contact_id %s), and save_contacts "+
				"answers no id, so the provider cannot tell which one it made and does not guess. Delete the extra ones "+
				"(or import the one to keep by its contact_id).",
			number, group, len(after), strings.Join(contactIDs(after), ", ")))
		return
	}
	plan.fromGateway(&after[0], region)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// fetchContact returns the contact with id, or nil when the gateway has none.
func fetchContact(ctx context.Context, gw *gatewayapi.Client, id string) (*gatewayapi.Contact, error) {
	found, err := gw.FetchContacts(ctx, gatewayapi.ContactQuery{ContactIDs: []string{id}})
	if gatewayapi.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(found, func(c gatewayapi.Contact) bool { return c.ID == id })
	if i < 0 {
		return nil, nil
	}
	return &found[i], nil
}

func (r *gatewayContactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state gatewayContactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, err := fetchContact(ctx, r.data.Gateway, state.ID.ValueString())
	if err != nil {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Read Gateway Contact", "read gateway contact "+state.ID.ValueString(), err)
		return
	}
	if c == nil {
		resp.State.RemoveResource(ctx)
		return
	}
	state.fromGateway(c, r.data.DefaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is never called: every attribute replaces the contact.
func (r *gatewayContactResource) Update(_ context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("Gateway Contact Cannot Be Updated",
		"api_v1 has no update of a contact, so every change replaces it. This is a bug in the provider; please report it.")
}

func (r *gatewayContactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state gatewayContactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, err := r.data.Gateway.DeleteContacts(ctx, gatewayapi.ContactQuery{ContactIDs: []string{state.ID.ValueString()}})
	if err != nil && !gatewayapi.IsNotFound(err) {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Delete Gateway Contact", "delete gateway contact "+state.ID.ValueString(), err)
	}
}

func (r *gatewayContactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := checkGatewayID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid Gateway Contact ID", fmt.Sprintf(
			"%s. Import a gateway contact by its contact_id (listed by the bestsms_gateway_contacts data source).", err))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}

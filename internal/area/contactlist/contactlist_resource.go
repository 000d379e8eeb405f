package contactlist

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/area/addressbook"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var (
	_ resource.ResourceWithConfigure      = (*contactListResource)(nil)
	_ resource.ResourceWithImportState    = (*contactListResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*contactListResource)(nil)
	_ resource.ResourceWithValidateConfig = (*contactListResource)(nil)
)

// NewContactListResource is the constructor of bestsms_contact_list.
func NewContactListResource() resource.Resource { return &contactListResource{} }

// contactListResource is bestsms_contact_list (the list resource of
// bestsms_contact, for terraform query, is the address book's
// contactsLister): a list of contacts as one resource. Terraform
// diffs one object however long the list, and the provider makes the API
// calls for the entries that changed, several at once.
//
// The work is done by contactListEngine on plain Go values (listValue).
// NewProtocol6Server serves the resource's RPCs with it directly
// (contactListServer); the methods below do the same through the
// framework, for any other server.
type contactListResource struct {
	data *framework.ProviderData
}

// contactListTypeName is the resource's type name.
const contactListTypeName = "bestsms_contact_list"

// contactListPath is the path of an entry's attributes in diagnostics.
func contactListPath(key string) path.Path { return path.Root("contacts").AtMapKey(key) }

func (r *contactListResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = contactListTypeName
}

func (r *contactListResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A list of contacts in the BestSMS address book as one resource, for lists of hundreds " +
			"or thousands of people (a school's parents, a company's staff). Terraform diffs one object however long " +
			"the list is; the provider makes the API calls for the entries that changed (a changed field of 3 entries " +
			"is 3 updates), up to 10 at a time within `max_requests_per_second`, and refreshes the whole list from " +
			"the paged contact listing (500 contacts a request; 100 with API v3.00). The list manages the contacts it created or " +
			"imported, tracked by id in `contact_ids`, and no other contact of the account. Entries deleted outside " +
			"Terraform are re-created by the next apply; entries changed outside Terraform show as updates of " +
			"their key.\n\n" +
			"**When some calls fail**, the state records exactly what exists and the next apply retries only the " +
			"rest. Creating the list: when no contact could be created the apply fails and nothing is stored; " +
			"when some could, the apply succeeds with a warning naming the failed entries and the API's messages, " +
			"and the next plan shows just those as to be added. (An error would make Terraform mark the whole list " +
			"tainted, to be destroyed and created again; the warning keeps what was created.) Updating or " +
			"destroying the list: failed entries fail the apply with an error that names them; created and " +
			"deleted contacts are recorded, the others keep their previous state.\n\n" +
			"**A plan that deletes contacts** (entries removed, or keys changed) warns, counting and naming them " +
			"(`Contacts Deleted`): Terraform counts the whole list as one update.\n\n" +
			"Import with `group:<group_id>` to adopt the members of a group, keyed by their `email_address`, or " +
			"`group:<group_id>:<attribute>` keyed by another contact attribute (`custom1`, `mobile_phone`…; every " +
			"member needs a distinct, non-empty value); or with `ids:` and a JSON object of keys to ContactIDs " +
			"(`ids:{\"E1001\":\"17f2b37e-…\"}`), for example to move contacts managed with `for_each` into a list.",
		Attributes: map[string]schema.Attribute{
			"contacts": schema.MapAttribute{
				MarkdownDescription: contactListEntriesMarkdown(),
				Required:            true,
				ElementType:         types.MapType{ElemType: types.StringType},
			},
			"contact_ids": schema.MapAttribute{
				MarkdownDescription: "The id (ContactID) of each entry's contact, by the same keys as `contacts`. " +
					"Ids of existing entries are known at plan time, so a `bestsms_group_members` with " +
					"`contact_ids = values(bestsms_contact_list.<name>.contact_ids)` changes only when entries are " +
					"added or removed.",
				Computed:    true,
				ElementType: types.StringType,
			},
		},
	}
}

func (r *contactListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (r *contactListResource) engine() contactListEngine { return contactListEngine{data: r.data} }

// The methods below adapt the engine to the framework: each reads the raw
// Terraform values, and writes the engine's result back raw.

func (r *contactListResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if cfg, ok := r.decode(req.Config.Raw, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(r.engine().validate(ctx, cfg)...)
	}
}

func (r *contactListResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	prior, ok1 := r.decode(req.State.Raw, &resp.Diagnostics)
	proposed, ok2 := r.decode(req.Plan.Raw, &resp.Diagnostics)
	if !ok1 || !ok2 {
		return
	}
	planned, diags := r.engine().plan(ctx, prior, proposed)
	resp.Diagnostics.Append(diags...)
	resp.Plan.Raw = contactListType().encode(planned)
}

func (r *contactListResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if planned, ok := r.decode(req.Plan.Raw, &resp.Diagnostics); ok {
		r.respond(&resp.State, r.engine().create(ctx, planned), &resp.Diagnostics)
	}
}

func (r *contactListResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if state, ok := r.decode(req.State.Raw, &resp.Diagnostics); ok {
		r.respond(&resp.State, r.engine().read(ctx, state), &resp.Diagnostics)
	}
}

func (r *contactListResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	prior, ok1 := r.decode(req.State.Raw, &resp.Diagnostics)
	planned, ok2 := r.decode(req.Plan.Raw, &resp.Diagnostics)
	if ok1 && ok2 {
		r.respond(&resp.State, r.engine().update(ctx, prior, planned), &resp.Diagnostics)
	}
}

func (r *contactListResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if prior, ok := r.decode(req.State.Raw, &resp.Diagnostics); ok {
		r.respond(&resp.State, r.engine().delete(ctx, prior), &resp.Diagnostics)
	}
}

func (r *contactListResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	r.respond(&resp.State, r.engine().importState(ctx, req.ID), &resp.Diagnostics)
}

func (r *contactListResource) decode(v tftypes.Value, diags *diag.Diagnostics) (listValue, bool) {
	lv, err := decodeList(v)
	if err != nil {
		addListValueError(diags, err)
	}
	return lv, err == nil
}

// contactListEntriesMarkdown describes contacts, with the attributes an
// entry takes, from the contact attribute table.
func contactListEntriesMarkdown() string {
	var b strings.Builder
	b.WriteString("The contacts, keyed by a name you choose that stays the same for the same person (an employee id, " +
		"an e-mail address): a changed key is a different contact, deleted and created. Each entry is a map of the " +
		"contact's attributes, those of `bestsms_contact`, to their values; it holds only the attributes it sets " +
		"(`{ attention = \"Alice\", mobile_phone = \"0421 000 001\" }`), at least a name, a phone number or an e-mail " +
		"address. Attributes it does not set are empty in the address book, and a value set outside Terraform shows " +
		"as a change that removes it; except `view_by`, `edit_by` and `access_control`, which the API defaults and the " +
		"list leaves alone unless set. Attributes the provider's `api_version` cannot carry (`direct_phone` on v3.00; " +
		"`notes`, `ex_type`, `ex_id`, `access_control` and `alt_phone3` to `alt_phone8` on v2.03 and v2.04) are " +
		"errors. A blank value (`\"\"`, an empty CSV cell, or only spaces) means not set, for every attribute " +
		"(a blank phone number where the contact would have none is a warning: it gets no SMS). Checked by " +
		"`terraform plan`, every entry at once, once the provider's `default_country` is known (errors name the " +
		"entry and attribute, sorted by key):\n\n")
	for _, a := range addressbook.ContactAttributes {
		desc := a.Description
		switch a.Kind {
		case addressbook.KindVisibility:
			desc += " " + framework.VisibilityMarkdown + "."
		case addressbook.KindAccess:
			desc += " `Limited` or `Granted`."
		}
		fmt.Fprintf(&b, "  - `%s`: %s\n", a.Name, desc)
	}
	b.WriteString("\nPhone numbers are international (`+61421000001`) or national (`0421 000 001`, read in the provider's " +
		"`default_country`), with the rules of `bestsms_contact`, and sent in E.164. Another spelling of the same " +
		"number changes nothing: on its own it plans no change, and with other changes it is recorded without a call.")
	return b.String()
}

func (r *contactListResource) respond(state *tfsdk.State, res listResult, diags *diag.Diagnostics) {
	diags.Append(res.diags...)
	state.Raw = contactListType().encode(res.value)
}

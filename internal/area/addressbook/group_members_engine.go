package addressbook

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// groupMembersEngine does the work of bestsms_group_members on
// membersValues: validation, planning (with the warning that names the
// members a plan removes), the API calls of create, read, update and
// delete, and import. Every step is linear in the number of members (ids
// are compared through maps of their canonical spelling: the API matches
// ids in any letter case).
type groupMembersEngine struct {
	// data is nil until the provider is configured (validation can
	// happen before).
	data *framework.ProviderData
}

// membersResult is the outcome of an operation: the value to store (null
// for no resource) and the diagnostics.
type membersResult struct {
	value membersValue
	diags diag.Diagnostics
}

// maxIDDiagnostics is how many problems with ids a validation reports one
// by one; the rest are counted in one more diagnostic.
const maxIDDiagnostics = 20

// validate checks group_id and every known contact id: each a UUID, and
// each contact named in one letter case (the API takes two spellings as one
// contact, so the roster would manage it twice, and removing one spelling
// would remove the member the other still names; the same id twice is
// one member). Unknown values pass; they are checked again once known.
func (e groupMembersEngine) validate(ctx context.Context, cfg membersValue) diag.Diagnostics {
	var diags diag.Diagnostics
	if cfg.null {
		return diags
	}
	check := func(v validator.String, at path.Path, value types.String) {
		var resp validator.StringResponse
		v.ValidateString(ctx, validator.StringRequest{Path: at, PathExpression: at.Expression(), ConfigValue: value}, &resp)
		diags.Append(resp.Diagnostics...)
	}
	check(framework.GroupIDValidator, path.Root("group_id"), cfg.groupID)
	if cfg.members.unknown || cfg.members.null {
		return diags
	}
	var idDiags diag.Diagnostics
	if n := cfg.members.nullElems; n > 0 {
		diags.AddAttributeError(path.Root("contact_ids"), "Null Contact Id", fmt.Sprintf(
			"contact_ids holds %d null %s; every element must be a contact id. Leave people out of the list instead.",
			n, plural(n, "value", "values")))
	}
	seen := make(map[string]string, len(cfg.members.known))
	for i, id := range cfg.members.known {
		at := path.Root("contact_ids").AtListIndex(i)
		if cfg.members.unknownElems > 0 || cfg.members.nullElems > 0 {
			at = path.Root("contact_ids") // indexes of known ids are not the list's
		}
		var resp validator.StringResponse
		framework.ContactIDValidator.ValidateString(ctx, validator.StringRequest{Path: at, PathExpression: at.Expression(),
			ConfigValue: types.StringValue(id)}, &resp)
		idDiags.Append(resp.Diagnostics...)
		if other, dup := seen[framework.CanonicalID(id)]; dup && other != id {
			idDiags.AddAttributeError(path.Root("contact_ids"), "Duplicate Id", fmt.Sprintf(
				"%s and %s are the same id in different letter case, and the API takes them as one contact. "+
					"List each contact once.", framework.Quoted(other), framework.Quoted(id)))
		}
		seen[framework.CanonicalID(id)] = id
	}
	if len(idDiags) > maxIDDiagnostics {
		rest := len(idDiags) - maxIDDiagnostics
		idDiags = idDiags[:maxIDDiagnostics]
		idDiags.AddAttributeError(path.Root("contact_ids"), "More Invalid Ids", fmt.Sprintf(
			"%d more problems like those above in contact_ids. Fix those above and plan again to see these.", rest))
	}
	return append(diags, idDiags...)
}

// plan plans the roster from Terraform's proposed new state: the id (the
// group's, known once the roster exists), a replacement when group_id
// changes, and contact_ids as configured, or the state's when they name the
// same contacts in another order, letter case or with repeats (nothing to
// do). A plan
// that takes members out of the group says so in a warning naming them
// (Terraform counts the change as one update of the roster): removing
// members from the configuration, and creating a roster over a group that
// has members the configuration does not name.
func (e groupMembersEngine) plan(ctx context.Context, prior, proposed membersValue) (membersValue, []path.Path, diag.Diagnostics) {
	var diags diag.Diagnostics
	planned := proposed
	if planned.null {
		return planned, nil, diags
	}
	if prior.null {
		planned.id = types.StringUnknown()
		if !planned.groupID.IsUnknown() {
			planned.id = planned.groupID
		}
		if e.data != nil && !planned.groupID.IsUnknown() && !planned.members.unknown {
			e.warnRemovedOnCreate(ctx, planned, &diags)
		}
		return planned, nil, diags
	}
	var replace []path.Path
	if !planned.groupID.Equal(prior.groupID) {
		replace = append(replace, path.Root("group_id"))
	}
	planned.id = prior.id
	if planned.members.complete() && prior.members.complete() && sameIDs(planned.members.known, prior.members.known) {
		planned.members = prior.members
	}
	if replace == nil && !planned.members.unknown && !prior.members.unknown {
		if removed := removedIDs(prior.members.known, planned.members.known); len(removed) > 0 {
			e.warnRemoved(ctx, planned.groupID.ValueString(), removed, planned.members.unknownElems, &diags)
		}
	}
	return planned, replace, diags
}

// sameIDs reports whether a and b name the same contacts, in any order,
// repeats and letter case.
func sameIDs(a, b []string) bool {
	sa, sb := canonicalSet(a), canonicalSet(b)
	if len(sa) != len(sb) {
		return false
	}
	for id := range sa {
		if !sb[id] {
			return false
		}
	}
	return true
}

// removedIDs are the ids of have that want does not name, sorted, each
// once.
func removedIDs(have, want []string) []string {
	keep := canonicalSet(want)
	var out []string
	for _, id := range have {
		if !keep[framework.CanonicalID(id)] {
			keep[framework.CanonicalID(id)] = true
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// canonicalSet is the set of ids in canonical form.
func canonicalSet(ids []string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[framework.CanonicalID(id)] = true
	}
	return set
}

// GroupMembersRemovedSummary is the summary of the warning of a plan that
// takes members out of a group (what a CI check looks for).
const GroupMembersRemovedSummary = "Group Members Removed"

// maxNamedMembers is how many members a warning names; the rest are
// counted.
const maxNamedMembers = 20

// warnRemoved adds the warning naming the members a plan removes.
func (e groupMembersEngine) warnRemoved(ctx context.Context, groupID string, removed []string, unknownElems int, diags *diag.Diagnostics) {
	var b strings.Builder
	fmt.Fprintf(&b, "This plan removes %d %s from %s: %s. The contacts stay in the address book; only their membership "+
		"of the group ends. Terraform's summary counts this as one update of the bestsms_group_members (\"1 to change\"), "+
		"not as %d removals.", len(removed), plural(len(removed), "member", "members"), e.groupName(ctx, groupID),
		e.memberNames(removed), len(removed))
	if unknownElems > 0 {
		fmt.Fprintf(&b, " %d of the configured ids are not known until apply; a member stays if one of them turns out "+
			"to be its id.", unknownElems)
	}
	diags.AddAttributeWarning(path.Root("contact_ids"), GroupMembersRemovedSummary, b.String())
}

// warnRemovedOnCreate warns when the group already has members that the
// new roster does not name: creating it removes them. A failed listing
// (a group not created yet, say) warns of nothing; the apply lists again.
func (e groupMembersEngine) warnRemovedOnCreate(ctx context.Context, planned membersValue, diags *diag.Diagnostics) {
	groupID := planned.groupID.ValueString()
	if !framework.UUIDPattern.MatchString(groupID) {
		return
	}
	have, err := e.list(ctx, groupID)
	if err != nil {
		tflog.Debug(ctx, "group members: the group's members could not be listed at plan", map[string]any{"error": err.Error()})
		return
	}
	if removed := removedIDs(have, planned.members.known); len(removed) > 0 {
		e.warnRemoved(ctx, groupID, removed, planned.members.unknownElems, diags)
	}
}

// groupName names the group for a message: its name and code when the
// API says (one listing of the groups, shared by the command's reads), and
// its id.
func (e groupMembersEngine) groupName(ctx context.Context, groupID string) string {
	if e.data != nil {
		if g, err := e.data.Client.GetGroup(ctx, groupID); err == nil {
			return fmt.Sprintf("group %s (code %s, group_id %s)", framework.Quoted(framework.DisplayText(g.Name)), framework.DisplayText(g.Code), groupID)
		}
	}
	return "the group with group_id " + groupID
}

// memberNames lists ids for a message, each with the contact's name when a
// listing of this command saw it, at most maxNamedMembers.
func (e groupMembersEngine) memberNames(ids []string) string {
	var names *memberNameCache
	if e.data != nil {
		names = framework.AreaValue[memberNameCache](e.data, memberNameCacheKey{})
	}
	out := make([]string, 0, min(len(ids), maxNamedMembers))
	for _, id := range ids[:min(len(ids), maxNamedMembers)] {
		if name := names.get(id); name != "" {
			out = append(out, fmt.Sprintf("%s [%s]", framework.DisplayText(name), id))
		} else {
			out = append(out, id)
		}
	}
	s := strings.Join(out, ", ")
	if more := len(ids) - len(out); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// memberNameCache keeps the display names of the members the listings of
// one command saw, by canonical id, so that the warning of a plan can name
// the people it removes without another request (Terraform refreshes a
// roster, listing its members, before planning it).
type memberNameCache struct {
	mu    sync.Mutex
	names map[string]string
}

// memberNameCacheKey is the key of the memberNameCache of a configuration.
type memberNameCacheKey struct{}

func (c *memberNameCache) put(members []client.Contact, region string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.names == nil {
		c.names = make(map[string]string, len(members))
	}
	for i := range members {
		c.names[framework.CanonicalID(members[i].ID)] = contactDisplayName(&members[i], region)
	}
}

func (c *memberNameCache) get(id string) string {
	if c == nil {
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if name := c.names[framework.CanonicalID(id)]; name != id {
		return name
	}
	return ""
}

// list lists the group's members (all pages) and remembers their names.
func (e groupMembersEngine) list(ctx context.Context, groupID string) ([]string, error) {
	members, err := e.data.Client.ListGroupMembers(ctx, groupID)
	if err != nil {
		return nil, err
	}
	framework.AreaValue[memberNameCache](e.data, memberNameCacheKey{}).put(members, e.data.DefaultCountry)
	ids := make([]string, 0, len(members))
	for _, c := range members {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids, nil
}

// reconcile adds and removes members, several at a time, until the group
// holds exactly want, starting from have. Ids are compared in any letter
// case, so a member spelled differently is neither added nor removed.
// Every change is attempted; the error names the changes that failed, so
// one bad id does not block others.
func (e groupMembersEngine) reconcile(ctx context.Context, groupID string, have, want []string) error {
	var writes []client.MembershipWrite
	had, wanted := canonicalSet(have), canonicalSet(want)
	for _, id := range want {
		if !had[framework.CanonicalID(id)] {
			had[framework.CanonicalID(id)] = true // added once, however often want spells it
			writes = append(writes, client.MembershipWrite{ContactID: id})
		}
	}
	for _, id := range have {
		if !wanted[framework.CanonicalID(id)] {
			writes = append(writes, client.MembershipWrite{ContactID: id, Remove: true})
		}
	}
	if len(writes) == 0 {
		return nil
	}
	tflog.Debug(ctx, "group members: writing the difference", map[string]any{"group_id": groupID, "changes": len(writes)})
	return membershipErrors(writes, e.data.Client.WriteMemberships(ctx, groupID, writes))
}

// membershipErrors sums up the failed writes: the first failure's error
// (for its explanation, see framework.AddRESTError), named, with a count of
// the others and the contacts they concern.
func membershipErrors(writes []client.MembershipWrite, errs []error) error {
	var failed []string
	var first error
	for i, err := range errs {
		if err == nil {
			continue
		}
		verb := "adding"
		if writes[i].Remove {
			verb = "removing"
		}
		if first == nil {
			first = fmt.Errorf("%s contact %s: %w", verb, writes[i].ContactID, err)
			continue
		}
		failed = append(failed, verb+" "+writes[i].ContactID)
	}
	if first == nil || len(failed) == 0 {
		return first
	}
	shown := failed[:min(len(failed), maxNamedMembers)]
	more := ""
	if n := len(failed) - len(shown); n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return fmt.Errorf("%w (and %d more changes failed: %s%s)", first, len(failed), strings.Join(shown, ", "), more)
}

// membersAs returns contact_ids for the members the API lists, given the
// list that named them before (the state's or the plan's): that list
// itself when it names exactly the members (in its order, spelling and
// repeats, so that plans show no change); else its ids that are still
// members, followed by the other members, sorted.
func membersAs(members, prior []string) []string {
	if sameIDs(members, prior) {
		return prior
	}
	current := canonicalSet(members)
	out := make([]string, 0, len(members))
	named := make(map[string]bool, len(prior))
	for _, id := range prior {
		if current[framework.CanonicalID(id)] {
			out = append(out, id)
			named[framework.CanonicalID(id)] = true
		}
	}
	for _, id := range members { // sorted by list
		if !named[framework.CanonicalID(id)] {
			out = append(out, id)
		}
	}
	return out
}

// create makes the group's members exactly those planned. Without state
// when it fails: the next apply starts again from the group's members.
func (e groupMembersEngine) create(ctx context.Context, planned membersValue) membersResult {
	groupID := planned.groupID.ValueString()
	res := membersResult{value: membersValue{null: true}}
	have, err := e.list(ctx, groupID)
	if err != nil {
		framework.AddRESTError(&res.diags, "Unable to Create Group Members", "list the members of group "+groupID, err)
		return res
	}
	if err := e.reconcile(ctx, groupID, have, planned.members.known); err != nil {
		framework.AddRESTError(&res.diags, "Unable to Create Group Members", "set the members of group "+groupID, err)
		return res
	}
	res.value = membersValue{id: planned.groupID, groupID: planned.groupID, members: knownMembers(planned.members.known)}
	return res
}

// read refreshes the roster from the group's member listing; a group that
// is gone is a null value (the resource is gone).
func (e groupMembersEngine) read(ctx context.Context, state membersValue) membersResult {
	groupID := state.groupID.ValueString()
	ids, err := e.list(ctx, groupID)
	if client.IsNotFound(err) {
		return membersResult{value: membersValue{null: true}}
	}
	if err != nil {
		var res membersResult
		framework.AddRESTError(&res.diags, "Unable to Read Group Members", "list the members of group "+groupID, err)
		res.value = state
		return res
	}
	return membersResult{value: membersValue{id: types.StringValue(groupID), groupID: state.groupID,
		members: knownMembers(membersAs(ids, state.members.known))}}
}

// update adds and removes the difference between the state and the plan.
// When a change fails, the state is what the group holds after the
// attempt, so the next plan shows what is left.
func (e groupMembersEngine) update(ctx context.Context, prior, planned membersValue) membersResult {
	groupID := planned.groupID.ValueString()
	res := membersResult{value: membersValue{id: planned.groupID, groupID: planned.groupID, members: knownMembers(planned.members.known)}}
	if err := e.reconcile(ctx, groupID, prior.members.known, planned.members.known); err != nil {
		framework.AddRESTError(&res.diags, "Unable to Update Group Members", "set the members of group "+groupID, err)
		res.value = prior
		if now, lerr := e.list(ctx, groupID); lerr == nil {
			res.value.members = knownMembers(membersAs(now, planned.members.known))
		}
	}
	return res
}

// delete removes every member of the group (the group and the contacts
// stay). A group already gone has no members left to remove.
func (e groupMembersEngine) delete(ctx context.Context, prior membersValue) membersResult {
	groupID := prior.groupID.ValueString()
	res := membersResult{value: membersValue{null: true}}
	have, err := e.list(ctx, groupID)
	if client.IsNotFound(err) {
		return res
	}
	if err != nil {
		framework.AddRESTError(&res.diags, "Unable to Delete Group Members", "list the members of group "+groupID, err)
		res.value = prior
		return res
	}
	if err := e.reconcile(ctx, groupID, have, nil); err != nil {
		framework.AddRESTError(&res.diags, "Unable to Delete Group Members", "remove the members of group "+groupID, err)
		res.value = prior
	}
	return res
}

// importState starts the state of the roster of group groupID; the read
// that follows the import fills contact_ids.
func importedMembers(groupID string) membersValue {
	return membersValue{id: types.StringValue(groupID), groupID: types.StringValue(groupID), members: memberIDs{null: true}}
}

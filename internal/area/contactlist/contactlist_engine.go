package contactlist

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bestsms/terraform-provider-bestsms/internal/area/addressbook"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// contactListEngine does the work of bestsms_contact_list on listValues:
// validation, planning, the API calls of create, read, update and delete,
// and import. Every step is linear in the number of entries.
//
// The state tracks each entry's contact by id (contact_ids); the list
// manages those contacts and no others. An entry of contacts without an id
// was planned but could not be created: Read drops it, so the next plan
// shows it as to be added.
type contactListEngine struct {
	// data is nil until the provider is configured (validation can
	// happen before).
	data *framework.ProviderData
}

// listResult is the outcome of an operation: the value to store (null
// for no resource) and the diagnostics.
type listResult struct {
	value listValue
	diags diag.Diagnostics
}

// validate checks nothing of the entries: every check of an entry runs at
// plan time (see check), once the provider's default_country is known, so
// that one plan reports every bad entry. Terraform validates a resource
// before it plans it, and errors found then would stop the plan before the
// checks that need default_country ran: a mistake per run.
func (e contactListEngine) validate(context.Context, listValue) diag.Diagnostics { return nil }

// check applies every check to a known entry: that it names only contact
// attributes, and the checks of a contact (addressbook.ContactFields.Check:
// each value, phone numbers with the rules of region, the "Empty Contact"
// rule) to its values, blank values counting as not set. A phone number
// left blank where the contact would have none at all is a warning: the
// contact gets no SMS.
func (e contactListEngine) check(ctx context.Context, key string, entry listEntry, region string, diags *diag.Diagnostics) {
	slices.Sort(entry.foreign)
	for _, name := range entry.foreign {
		diags.AddAttributeError(contactListPath(key).AtMapKey(name), "Unknown Contact Attribute",
			fmt.Sprintf("%q is not a contact attribute. %s", name, contactAttributeHint(name)))
	}
	fields := entry.effective()
	fields.Check(ctx, contactListPath(key), region, diags)
	var blankPhone string
	for i, a := range addressbook.ContactAttributes {
		if a.Kind != addressbook.KindPhone {
			continue
		}
		if v := a.Field(&fields); v.IsUnknown() || !v.IsNull() {
			return // the contact has a number
		}
		if blankPhone == "" && entry.set.has(i) {
			blankPhone = a.Name
		}
	}
	if blankPhone != "" && fields.MissingIdentity() == nil {
		diags.AddAttributeWarning(contactListPath(key).AtMapKey(blankPhone), "Contact Without Phone Number",
			"blank, so the contact has no phone number and gets no SMS; a blank value means \"not set\". Fill it in, "+
				"or leave the attribute out of the entry (null) for a contact without a number.")
	}
}

// contactAttributeHint names the contact attributes, and the likely one
// when name is a prefix or a spelling of it.
func contactAttributeHint(name string) string {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "") }
	var names []string
	for _, a := range addressbook.ContactAttributes {
		if n := norm(name); n != "" && (strings.HasPrefix(norm(a.Name), n) || strings.HasPrefix(n, norm(a.Name))) {
			return fmt.Sprintf("Did you mean %s?", a.Name)
		}
		names = append(names, a.Name)
	}
	return "An entry takes these: " + strings.Join(names, ", ") + "."
}

// plan plans the list from Terraform's proposed new state (the
// configuration, for contacts): every check of every entry (see check);
// when, numbers written differently but
// denoting the same number aside, the entries are those of the state, the
// state's (nothing to do: Terraform lets a plan keep the prior value of an
// attribute the configuration spells differently, but only of the whole
// attribute); and contact_ids: the known ids of existing entries, unknown
// ones for new entries, all unknown when the list is created, so that the
// apply may record only the contacts it could create. A plan that deletes
// contacts says so in a warning naming them (see warnDeleted).
func (e contactListEngine) plan(ctx context.Context, prior, proposed listValue) (listValue, diag.Diagnostics) {
	var diags diag.Diagnostics
	planned := proposed
	if planned.null {
		return planned, diags
	}
	if planned.contactsUnknown {
		planned.idsUnknown, planned.ids = true, nil
		return planned, diags
	}
	same := !prior.null && !prior.contactsUnknown && len(prior.contacts) == len(proposed.contacts)
	region := ""
	if e.data != nil {
		region = e.data.DefaultCountry
	}
	for key, entry := range proposed.contacts {
		was, existed := prior.contacts[key]
		if !entry.unknown && e.data != nil {
			e.check(ctx, key, entry, region, &diags)
			effective := entry.effective()
			entry.fields.PlanVersion(&effective, contactListPath(key), e.data, &diags)
			entry.fields.KeepPriorPhones(&was.fields, region)
		}
		same = same && existed && entry.equal(was)
	}
	if same {
		planned.contacts = prior.contacts
	}
	priorIDs := prior.knownIDs()
	planned.idsUnknown, planned.ids = prior.null, nil
	if !prior.null {
		planned.ids = make(map[string]types.String, len(planned.contacts))
		for key := range planned.contacts {
			if id, ok := priorIDs[key]; ok {
				planned.ids[key] = types.StringValue(id)
			} else {
				planned.ids[key] = types.StringUnknown()
			}
		}
		if !planned.contactsUnknown {
			kept := func(key string) bool { _, keep := planned.contacts[key]; return keep }
			if dels := deletes(priorIDs, kept); len(dels) > 0 {
				warnDeleted(prior, planned, dels, &diags)
			}
		}
	}
	return planned, naming(diags)
}

// create creates a contact per entry. When none could be created it fails
// and stores nothing. When some could, it succeeds with a warning: an
// error from a create makes Terraform mark the resource tainted, to be
// destroyed and created again, contacts and all; instead the state records
// the contacts that exist, and keeps the other entries (as planned, the
// plan promised them) without an id, so that the next plan shows them as
// to be added.
func (e contactListEngine) create(ctx context.Context, planned listValue) listResult {
	var res listResult
	ops := make([]listWrite, 0, len(planned.contacts))
	for _, key := range slices.Sorted(maps.Keys(planned.contacts)) {
		ops = append(ops, listWrite{key: key, op: opCreate})
	}
	if !e.prepare(ops, planned.contacts, &res.diags) {
		return listResult{value: listValue{null: true}, diags: res.diags}
	}
	e.write(ctx, ops)
	state := listValue{contacts: planned.contacts, ids: map[string]types.String{}}
	for _, w := range ops {
		if w.err == nil {
			state.ids[w.key] = types.StringValue(w.id)
		}
	}
	failures := failedWrites(ops)
	switch {
	case len(failures) > 0 && len(state.ids) == 0:
		e.report(&res.diags, "Unable to Create Contact List", fmt.Sprintf("None of the %d contacts of the list "+
			"could be created, so the list was not created. Fix the cause and apply again.", len(ops)), failures, true)
		return listResult{value: listValue{null: true}, diags: res.diags}
	case len(failures) > 0:
		e.report(&res.diags, "Contact List Partly Created", fmt.Sprintf("%d of the %d contacts of the list were "+
			"created and are in the state; %d could not be created. The next plan shows those as to be added, and the "+
			"next apply creates only them. This is a warning, not an error, because an error would make Terraform "+
			"destroy and create the whole list again.", len(state.ids), len(ops), len(failures)), failures, false)
	}
	res.value = state
	return res
}

// read refreshes the list from one listing of the account's contacts.
// Entries whose contact is gone, or was never created, are dropped, to be
// created by the next apply; the others take the API's values (see
// refreshEntry).
func (e contactListEngine) read(ctx context.Context, state listValue) listResult {
	var res listResult
	ids := state.knownIDs()
	found, err := e.data.Client.ReadContacts(ctx, slices.Collect(maps.Values(ids)))
	if err != nil {
		framework.AddRESTError(&res.diags, "Unable to Read Contact List", fmt.Sprintf("read the %d contacts of the list", len(ids)), err)
		res.value = state
		return res
	}
	fresh := listValue{contacts: make(map[string]listEntry, len(ids)), ids: make(map[string]types.String, len(ids))}
	for key, id := range ids {
		c, ok := found[id]
		if !ok {
			continue
		}
		fresh.contacts[key], fresh.ids[key] = refreshEntry(state.contacts[key], &c, e.data.DefaultCountry), types.StringValue(id)
	}
	if dropped := len(state.contacts) - len(fresh.contacts); dropped > 0 {
		tflog.Debug(ctx, "contact list: entries without a contact dropped from the state, to be created again",
			map[string]any{"entries": dropped})
	}
	res.value = fresh
	return res
}

// update makes the calls the difference needs: a create per entry without
// a contact, an update per entry whose contact would change, a delete per
// entry removed. An entry that changes only in how it spells a number, or
// drops view_by or edit_by (no longer managed), is recorded without a
// call. Failures fail the apply (an error from an update does not taint);
// the state records what exists: entries whose call failed keep their
// prior state, entries not created are left out.
func (e contactListEngine) update(ctx context.Context, prior, planned listValue) listResult {
	var res listResult
	priorIDs := prior.knownIDs()
	state := listValue{contacts: make(map[string]listEntry, len(planned.contacts)), ids: make(map[string]types.String, len(planned.contacts))}
	var ops []listWrite
	for _, key := range slices.Sorted(maps.Keys(planned.contacts)) {
		id, exists := priorIDs[key]
		was, known := prior.contacts[key]
		switch {
		case !exists:
			ops = append(ops, listWrite{key: key, op: opCreate})
		case !known || e.changesContact(planned.contacts[key], was):
			ops = append(ops, listWrite{key: key, op: opUpdate, id: id})
		default:
			state.contacts[key], state.ids[key] = planned.contacts[key], types.StringValue(id)
		}
	}
	ops = append(ops, deletes(priorIDs, func(key string) bool { _, keep := planned.contacts[key]; return keep })...)
	if !e.prepare(ops, planned.contacts, &res.diags) {
		res.value = prior
		return res
	}
	e.write(ctx, ops)
	for _, w := range ops {
		switch {
		case w.err == nil && w.op != opDelete:
			state.contacts[w.key], state.ids[w.key] = w.entry, types.StringValue(w.id)
		case w.err != nil && w.op != opCreate:
			// Not updated, or not deleted: as it was.
			state.contacts[w.key], state.ids[w.key] = prior.contacts[w.key], types.StringValue(w.id)
		}
	}
	if failures := failedWrites(ops); len(failures) > 0 {
		e.report(&res.diags, "Unable to Update Contact List", fmt.Sprintf("%d of the %d changes to the list "+
			"failed. The state records what was done; the next plan shows what is left, and the next apply retries only "+
			"that.", len(failures), len(ops)), failures, true)
	}
	res.value = state
	return res
}

// deletes are the deletes of the entries of ids that are not kept, one per
// contact: a contact that a kept entry also holds (its id in any letter
// case) is not deleted, nor is a contact deleted twice. Two entries of one
// contact can come from a state written before imports refused them; the
// entry removed then only leaves the list.
func deletes(ids map[string]string, kept func(key string) bool) []listWrite {
	held := make(map[string]bool, len(ids))
	for key, id := range ids {
		if kept(key) {
			held[framework.CanonicalID(id)] = true
		}
	}
	var ops []listWrite
	for _, key := range slices.Sorted(maps.Keys(ids)) {
		if kept(key) || held[framework.CanonicalID(ids[key])] {
			continue
		}
		held[framework.CanonicalID(ids[key])] = true
		ops = append(ops, listWrite{key: key, op: opDelete, id: ids[key]})
	}
	return ops
}

// changesContact reports whether making the contact of entry was into
// entry takes an API call: whether the API's contact would differ. view_by
// and edit_by that entry does not set (or leaves blank) are left as they
// are.
func (e contactListEngine) changesContact(entry, was listEntry) bool {
	region := e.data.DefaultCountry
	toFields, fromFields := entry.effective(), was.effective()
	to, err1 := toFields.ToClient(region)
	from, err2 := fromFields.ToClient(region)
	if err1 != nil || err2 != nil {
		return true
	}
	for _, a := range addressbook.ContactAttributes {
		if a.Defaulted() && a.Field(&toFields).IsNull() {
			*a.API(&to) = *a.API(&from)
		}
	}
	return to != from
}

// refreshEntry is entry as the API holds its contact c: the attributes the
// entry sets take the API's values (an equal phone number keeps the entry's
// spelling, an empty value stays as the entry wrote it: null, "" or blank),
// and other attributes the API holds a value for are added, so that they
// show as changes to remove; view_by, edit_by and access_control only when
// the entry sets them to something other than a blank.
func refreshEntry(entry listEntry, c *client.Contact, region string) listEntry {
	written := entry.fields
	entry.fields.FromClient(c, region)
	for i, a := range addressbook.ContactAttributes {
		switch {
		case entry.set.has(i) && blank(*a.Field(&written)) && (a.Defaulted() || *a.API(c) == ""):
			*a.Field(&entry.fields) = *a.Field(&written)
		case !entry.set.has(i) && !a.Defaulted() && *a.API(c) != "":
			entry.set |= 1 << i
		}
	}
	return entry
}

// delete deletes every contact of the list. When some deletes fail, the
// state keeps just those entries, so that destroying again deletes only
// them.
func (e contactListEngine) delete(ctx context.Context, prior listValue) listResult {
	res := listResult{value: listValue{null: true}}
	ops := deletes(prior.knownIDs(), func(string) bool { return false })
	e.write(ctx, ops)
	failures := failedWrites(ops)
	if len(failures) == 0 {
		return res
	}
	res.value = listValue{contacts: make(map[string]listEntry, len(failures)), ids: make(map[string]types.String, len(failures))}
	for _, w := range failures {
		res.value.contacts[w.key], res.value.ids[w.key] = prior.contacts[w.key], types.StringValue(w.id)
	}
	e.report(&res.diags, "Unable to Delete Contact List", fmt.Sprintf("%d of the %d contacts of the list could "+
		"not be deleted; they stay in the state, and destroying again deletes only them.", len(failures), len(ops)), failures, true)
	return res
}

// naming puts the entry's key and attribute at the start of the detail of
// every diagnostic about an entry (Terraform shows such a diagnostic at the
// resource, not at the entry, and a list may have thousands), and gives it
// the path of the entry's map element (contacts["key"]["attribute"]). The
// diagnostics about entries come sorted by key, and capped (see
// capEntryDiagnostics).
func naming(diags diag.Diagnostics) diag.Diagnostics {
	var out diag.Diagnostics
	var entries []keyed
	for _, d := range diags {
		var steps path.PathSteps
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			steps = dp.Path().Steps()
		}
		key, isEntry := path.PathStep(nil), false
		if len(steps) >= 2 && steps[0].Equal(path.PathStepAttributeName("contacts")) {
			key, isEntry = steps[1], true
		}
		k, _ := key.(path.PathStepElementKeyString)
		if !isEntry {
			out = append(out, d)
			continue
		}
		at, where := contactListPath(string(k)), fmt.Sprintf("Entry %q", string(k))
		if len(steps) > 2 {
			name := fmt.Sprint(steps[2])
			if n, ok := steps[2].(path.PathStepAttributeName); ok {
				name = string(n)
			} else if n, ok := steps[2].(path.PathStepElementKeyString); ok {
				name = string(n)
			}
			at, where = at.AtMapKey(name), where+", "+name
		}
		detail := where + ": " + d.Detail()
		if d.Severity() == diag.SeverityWarning {
			entries = append(entries, keyed{string(k), diag.NewAttributeWarningDiagnostic(at, d.Summary(), detail)})
		} else {
			entries = append(entries, keyed{string(k), diag.NewAttributeErrorDiagnostic(at, d.Summary(), detail)})
		}
	}
	slices.SortStableFunc(entries, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	return append(out, capEntryDiagnostics(entries)...)
}

// keyed is a diagnostic about the entry key.
type keyed struct {
	key string
	d   diag.Diagnostic
}

// maxEntryDiagnostics is how many diagnostics about entries of each
// severity an operation reports; the rest are counted in one more, which
// names their entries (up to a limit), so that a list of 5,000 bad entries
// does not print 5,000 errors.
const maxEntryDiagnostics = 20

// capEntryDiagnostics keeps the first maxEntryDiagnostics errors and
// warnings of entries (sorted by key) and sums up the rest.
func capEntryDiagnostics(entries []keyed) diag.Diagnostics {
	var out diag.Diagnostics
	for _, sev := range []diag.Severity{diag.SeverityError, diag.SeverityWarning} {
		var rest []string
		n := 0
		for _, e := range entries {
			if e.d.Severity() != sev {
				continue
			}
			if n++; n <= maxEntryDiagnostics {
				out = append(out, e.d)
			} else if len(rest) == 0 || rest[len(rest)-1] != e.key {
				rest = append(rest, e.key)
			}
		}
		if n <= maxEntryDiagnostics {
			continue
		}
		detail := fmt.Sprintf("%d more problems like those above, in entries %s. Fix those above and plan again to see "+
			"these.", n-maxEntryDiagnostics, entryKeys(rest, 20))
		if sev == diag.SeverityError {
			out.AddAttributeError(path.Root("contacts"), "More Invalid Entries", detail)
		} else {
			out.AddAttributeWarning(path.Root("contacts"), "More Entry Warnings", detail)
		}
	}
	return out
}

// entryKeys lists keys for a message: quoted, at most limit of them.
func entryKeys(keys []string, limit int) string {
	quoted := make([]string, 0, min(len(keys), limit))
	for _, k := range keys[:min(len(keys), limit)] {
		quoted = append(quoted, fmt.Sprintf("%q", k))
	}
	s := strings.Join(quoted, ", ")
	if more := len(keys) - len(quoted); more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

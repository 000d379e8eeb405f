package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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
	data *providerData
}

// listResult is the outcome of an operation: the value to store (null
// for no resource) and the diagnostics.
type listResult struct {
	value listValue
	diags diag.Diagnostics
}

// validate checks every known entry: with schemaChecks, the validators
// the schema declares on each attribute (the framework runs them itself
// when it serves the resource); always, that the entry identifies its
// contact. Unknown values pass; plan checks them again once known.
func (e contactListEngine) validate(ctx context.Context, cfg listValue, schemaChecks bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if cfg.null || cfg.contactsUnknown {
		return diags
	}
	var validators map[string][]validator.String
	if schemaChecks {
		validators = map[string][]validator.String{}
		for name, a := range contactResourceAttributes() {
			if sa, ok := a.(schema.StringAttribute); ok {
				validators[name] = sa.Validators
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(cfg.contacts)) {
		entry := cfg.contacts[key]
		if entry.unknown {
			continue
		}
		for _, a := range contactAttributes {
			at := contactListPath(key).AtName(a.name)
			for _, v := range validators[a.name] {
				req := validator.StringRequest{Path: at, PathExpression: at.Expression(), ConfigValue: *a.field(&entry.fields)}
				var resp validator.StringResponse
				v.ValidateString(ctx, req, &resp)
				diags.Append(resp.Diagnostics...)
			}
		}
		if names := entry.fields.missingIdentity(); names != nil {
			diags.AddAttributeError(contactListPath(key), "Empty Contact", emptyContactDetail(names))
		}
	}
	return naming(diags)
}

// plan plans the list from Terraform's proposed new state: the phone rules
// of the provider's default_country on every entry, keeping the prior
// spelling of numbers that denote the same number; view_by and edit_by
// unknown for entries to create when not configured (the API defaults
// them; Terraform proposes the prior values for the others); and
// contact_ids: the known ids of existing entries, unknown ones for new
// entries, all unknown when the list is created, so that the apply may
// record only the contacts it could create.
func (e contactListEngine) plan(prior, proposed listValue) (listValue, diag.Diagnostics) {
	var diags diag.Diagnostics
	planned := proposed
	if planned.null {
		return planned, diags
	}
	if planned.contactsUnknown {
		planned.idsUnknown, planned.ids = true, nil
		return planned, diags
	}
	priorIDs := prior.knownIDs()
	planned.contacts = make(map[string]listEntry, len(proposed.contacts))
	for key, entry := range proposed.contacts {
		if !entry.unknown {
			if e.data != nil {
				was := prior.contacts[key].fields
				entry.fields.planPhones(&was, contactListPath(key), e.data.defaultCountry, &diags)
			}
			if _, exists := priorIDs[key]; !exists {
				entry.fields.unknownDefaults()
			}
		}
		planned.contacts[key] = entry
	}
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
	state := listValue{contacts: make(map[string]listEntry, len(ops)), ids: map[string]types.String{}}
	for i := range ops {
		w := &ops[i]
		if w.err == nil {
			state.ids[w.key] = types.StringValue(w.id)
		} else {
			w.fields.nullUnknowns()
		}
		state.contacts[w.key] = listEntry{fields: w.fields}
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
// created by the next apply; the others take the API's values (keeping
// the state's spelling of equal phone numbers).
func (e contactListEngine) read(ctx context.Context, state listValue) listResult {
	var res listResult
	ids := state.knownIDs()
	found, err := e.data.client.ReadContacts(ctx, slices.Collect(maps.Values(ids)))
	if err != nil {
		addAPIError(&res.diags, "Unable to Read Contact List", fmt.Sprintf("read the %d contacts of the list", len(ids)), err)
		res.value = state
		return res
	}
	fresh := listValue{contacts: make(map[string]listEntry, len(ids)), ids: make(map[string]types.String, len(ids))}
	for key, id := range ids {
		c, ok := found[id]
		if !ok {
			continue
		}
		f := state.contacts[key].fields
		f.fromClient(&c, e.data.defaultCountry)
		fresh.contacts[key], fresh.ids[key] = listEntry{fields: f}, types.StringValue(id)
	}
	if dropped := len(state.contacts) - len(fresh.contacts); dropped > 0 {
		tflog.Debug(ctx, "contact list: entries without a contact dropped from the state, to be created again",
			map[string]any{"entries": dropped})
	}
	res.value = fresh
	return res
}

// update makes the calls the difference needs: a create per entry without
// a contact, an update per entry whose fields changed, a delete per entry
// removed. Failures fail the apply (an error from an update does not
// taint); the state records what exists: entries whose call failed keep
// their prior state, entries not created are left out.
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
		case !known || planned.contacts[key].fields != was.fields:
			ops = append(ops, listWrite{key: key, op: opUpdate, id: id})
		default: // unchanged
			state.contacts[key], state.ids[key] = was, types.StringValue(id)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(priorIDs)) {
		if _, keep := planned.contacts[key]; !keep {
			ops = append(ops, listWrite{key: key, op: opDelete, id: priorIDs[key]})
		}
	}
	if !e.prepare(ops, planned.contacts, &res.diags) {
		res.value = prior
		return res
	}
	e.write(ctx, ops)
	for i := range ops {
		w := &ops[i]
		switch {
		case w.err == nil && w.op != opDelete:
			state.contacts[w.key], state.ids[w.key] = listEntry{fields: w.fields}, types.StringValue(w.id)
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

// delete deletes every contact of the list. When some deletes fail, the
// state keeps just those entries, so that destroying again deletes only
// them.
func (e contactListEngine) delete(ctx context.Context, prior listValue) listResult {
	res := listResult{value: listValue{null: true}}
	ids := prior.knownIDs()
	var ops []listWrite
	for _, key := range slices.Sorted(maps.Keys(ids)) {
		ops = append(ops, listWrite{key: key, op: opDelete, id: ids[key]})
	}
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
// every diagnostic about an entry: Terraform shows such a diagnostic at
// the resource, not at the entry, and a list may have thousands.
func naming(diags diag.Diagnostics) diag.Diagnostics {
	out := make(diag.Diagnostics, 0, len(diags))
	for _, d := range diags {
		dp, ok := d.(diag.DiagnosticWithPath)
		steps := path.Path{}.Steps()
		if ok {
			steps = dp.Path().Steps()
		}
		if len(steps) < 2 || !steps[0].Equal(path.PathStepAttributeName("contacts")) {
			out = append(out, d)
			continue
		}
		key, _ := steps[1].(path.PathStepElementKeyString)
		where := fmt.Sprintf("Entry %q", string(key))
		if len(steps) > 2 {
			if name, ok := steps[2].(path.PathStepAttributeName); ok {
				where += ", " + string(name)
			}
		}
		detail := where + ": " + d.Detail()
		if d.Severity() == diag.SeverityWarning {
			out = append(out, diag.NewAttributeWarningDiagnostic(dp.Path(), d.Summary(), detail))
		} else {
			out = append(out, diag.NewAttributeErrorDiagnostic(dp.Path(), d.Summary(), detail))
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

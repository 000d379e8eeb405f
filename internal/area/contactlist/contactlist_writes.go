package contactlist

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// The writes of bestsms_contact_list, and the entries as values: a
// addressbook.ContactFields is converted to and from an object value through the
// contact attribute table, without reflection, because a list converts
// thousands of them per operation.

// listOp is what a write does to an entry's contact.
type listOp int

const (
	opCreate listOp = iota
	opUpdate
	opDelete
)

func (o listOp) String() string { return [...]string{"create", "update", "delete"}[o] }

// listWrite is one write of a list operation: the entry's key, what to do,
// the contact's id (set by a create), the planned entry, the contact to
// send and the outcome.
type listWrite struct {
	key     string
	op      listOp
	id      string
	entry   listEntry
	contact client.Contact
	err     error
}

// prepare converts the planned entries of the creates and updates into the
// API's contacts. A number that cannot be converted (a value unknown at
// plan time that turned out invalid) is an error on the entry's path, and
// nothing is written.
func (e contactListEngine) prepare(ops []listWrite, planned map[string]listEntry, diags *diag.Diagnostics) bool {
	ok := true
	for i := range ops {
		w := &ops[i]
		if w.op == opDelete {
			continue
		}
		w.entry = planned[w.key]
		fields := w.entry.effective()
		c, err := fields.ToClient(e.data.DefaultCountry)
		if err != nil {
			diags.AddAttributeError(contactListPath(w.key), "Invalid Contact",
				fmt.Sprintf("The entry %q cannot be sent to the API: %v. Nothing was changed.", w.key, err))
			ok = false
		}
		w.contact = c
	}
	return ok
}

// write makes the writes, at most client.ContactBatchWorkers at a time, and
// records each outcome: the error, or for a create the new contact's id.
func (e contactListEngine) write(ctx context.Context, ops []listWrite) {
	counts := map[string]int{}
	writes := make([]client.ContactWrite, len(ops))
	for i := range ops {
		w := &ops[i]
		writes[i] = client.ContactWrite{ID: w.id, Contact: w.contact, Delete: w.op == opDelete}
		w.contact = client.Contact{} // let go of it: writes holds it now
		counts[w.op.String()]++
	}
	tflog.Debug(ctx, "contact list: writing the changed entries", map[string]any{
		"creates": counts["create"], "updates": counts["update"], "deletes": counts["delete"],
	})
	for i, res := range e.data.Client.WriteContacts(ctx, writes) {
		w := &ops[i]
		w.err = res.Err
		if res.Err == nil && w.op == opCreate {
			w.id = res.Contact.ID
		}
	}
}

func failedWrites(ops []listWrite) []listWrite {
	var out []listWrite
	for _, w := range ops {
		if w.err != nil {
			out = append(out, w)
		}
	}
	return out
}

// Limits of a failure report: groups of one operation and message, and
// keys named per group.
const (
	maxFailureGroups = 10
	maxFailureKeys   = 20
)

// report adds one diagnostic, an error or a warning, for failed writes:
// lead (what happened, what the state holds, what to do), the failures
// grouped by operation and message with their keys, and the explanation of
// the first failure that framework.AddRESTError gives for a single call.
func (e contactListEngine) report(diags *diag.Diagnostics, summary, lead string, failures []listWrite, isError bool) {
	type group struct {
		op, msg string
		keys    []string
	}
	var groups []*group
	byMsg := map[string]*group{}
	for _, w := range failures {
		msg := w.err.Error()
		if errors.Is(w.err, context.Canceled) || errors.Is(w.err, context.DeadlineExceeded) {
			msg = "not attempted: Terraform was interrupted or the operation timed out"
		}
		id := w.op.String() + "\x00" + msg
		g := byMsg[id]
		if g == nil {
			g = &group{op: w.op.String(), msg: msg}
			byMsg[id] = g
			groups = append(groups, g)
		}
		g.keys = append(g.keys, w.key)
	}
	var b strings.Builder
	b.WriteString(lead + "\n\nFailed entries, by error:\n")
	for i, g := range groups {
		if i == maxFailureGroups {
			fmt.Fprintf(&b, "- … and %d more kinds of error\n", len(groups)-i)
			break
		}
		slices.Sort(g.keys)
		entries := "entries"
		if len(g.keys) == 1 {
			entries = "entry"
		}
		fmt.Fprintf(&b, "- %s of %d %s (%s): %s\n", g.op, len(g.keys), entries, entryKeys(g.keys, maxFailureKeys), g.msg)
	}
	var first diag.Diagnostics
	framework.AddRESTError(&first, "", fmt.Sprintf("%s the contact of entry %q", failures[0].op, failures[0].key), failures[0].err)
	if len(first) > 0 {
		b.WriteString("\nThe first failure in detail: " + first[0].Detail())
	}
	if isError {
		diags.AddError(summary, b.String())
	} else {
		diags.AddWarning(summary, b.String())
	}
}

// contactsDeletedSummary is the summary of the warning of a plan that
// deletes contacts of a list (what a CI check looks for).
const contactsDeletedSummary = "Contacts Deleted"

// maxNamedDeletes is how many deleted entries the warning names; the rest
// are counted.
const maxNamedDeletes = 20

// warnDeleted adds the warning of a plan that deletes contacts: removed
// and re-keyed entries. Terraform's summary counts the whole list as one
// update, so without it a plan that deletes people reads "0 to destroy".
func warnDeleted(prior, planned listValue, dels []listWrite, diags *diag.Diagnostics) {
	named := make([]string, 0, min(len(dels), maxNamedDeletes))
	for _, w := range dels[:min(len(dels), maxNamedDeletes)] {
		s := fmt.Sprintf("%q", w.key)
		if name := entryName(prior.contacts[w.key]); name != "" {
			s += " (" + name + ")"
		}
		named = append(named, s)
	}
	list := strings.Join(named, ", ")
	if more := len(dels) - len(named); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	contacts := "contacts"
	if len(dels) == 1 {
		contacts = "contact"
	}
	detail := fmt.Sprintf("This plan deletes %d %s of this bestsms_contact_list from the address book, the contacts "+
		"of the entries no longer in contacts: %s. Terraform's summary counts the list as one update (\"1 to change\"), "+
		"not as %d destroyed.", len(dels), contacts, list, len(dels))
	priorIDs := prior.knownIDs()
	added := 0
	for key := range planned.contacts {
		if _, ok := priorIDs[key]; !ok {
			added++
		}
	}
	if added > 0 {
		detail += fmt.Sprintf(" The plan also adds %d entries: an entry whose key changed is a new contact to the list "+
			"(the old one is deleted, a new one created); keep keys that stay the same for the same person (an employee "+
			"id rather than a name) to update contacts in place.", added)
	}
	diags.AddAttributeWarning(path.Root("contacts"), contactsDeletedSummary, detail)
}

// entryName names an entry's person for a message: attention, else first
// and last name, else company ("" when the entry has none of them).
func entryName(e listEntry) string {
	name := strings.TrimSpace(e.fields.Attention.ValueString())
	if name == "" {
		name = strings.TrimSpace(strings.TrimSpace(e.fields.FirstName.ValueString()) + " " + strings.TrimSpace(e.fields.LastName.ValueString()))
	}
	if name == "" {
		name = strings.TrimSpace(e.fields.Company.ValueString())
	}
	if r := []rune(name); len(r) > 60 {
		name = string(r[:60]) + "…"
	}
	return strings.Map(func(r rune) rune { // one line of a terminal: no control characters
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, name)
}

// The opt-out register (contributing/wire-protocol-v3.md §6; README.md,
// Opt-outs): its entries, the checks every entry passes, the blocking of
// sends to opted-out recipients (every send, v2 and v3), the entries STOP
// replies make, and the Go API. The v3 routes that manage it are in
// v3_optouts.go.

package mockapi

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// OptOut is an entry of the opt-out register as the mock stores it.
type OptOut struct {
	ID string
	// DestType is the canonical message type: SMS, Email, Voice or Fax.
	DestType string
	// DestTypeSent is the spelling of DestType in the request that made or
	// last changed the entry (Text, sms…), answered when the mock echoes
	// it (Options.OptOutDestTypeAsSent).
	DestTypeSent    string `json:",omitempty"`
	Destination     string
	ContactID       string
	SubAccount      string
	Department      string
	StopMessage     string
	Notes           string
	OriginalMessage string
	Created         time.Time
	// Updated is zero until the entry is first updated.
	Updated time.Time
}

// The canonical dest types, and the 400 text of an unknown one (S3's).
const (
	destSMS   = "SMS"
	destEmail = "Email"
	destVoice = "Voice"
	destFax   = "Fax"

	errUnsupportedDestType = "Unsupported DestType - Supported DestType: Fax / Text / SMS / Email / Speech / Voice."

	// resultBlacklisted is the Result of a recipient an opt-out blocked.
	resultBlacklisted = "Destination is blacklisted"
)

// destTypes maps every accepted spelling (lower case) to the canonical
// type and the spelling the API is read to answer (wire-protocol-v3.md
// §6.1: Text for SMS, Speech for Voice).
var destTypes = map[string]struct{ canonical, answered, spelled string }{
	"sms":    {destSMS, "Text", "SMS"},
	"text":   {destSMS, "Text", "Text"},
	"voice":  {destVoice, "Speech", "Voice"},
	"speech": {destVoice, "Speech", "Speech"},
	"email":  {destEmail, "Email", "Email"},
	"fax":    {destFax, "Fax", "Fax"},
}

// canonicalDestType returns the canonical type of a spelling (any case)
// and the spelling itself in its usual capitals; ok is false for an
// unknown one.
func canonicalDestType(v string) (canonical, spelled string, ok bool) {
	d, ok := destTypes[strings.ToLower(strings.TrimSpace(v))]
	return d.canonical, d.spelled, ok
}

// answeredDestType is how an entry's DestType is answered: the API's
// normalised spelling, or the one sent when asSent.
func (o OptOut) answeredDestType(asSent bool) string {
	if asSent && o.DestTypeSent != "" {
		return o.DestTypeSent
	}
	return destTypes[strings.ToLower(o.DestType)].answered
}

// Limits of an entry's members (wire-protocol-v3.md §6.1).
const (
	maxOptOutDestination = 60
	maxOptOutScope       = 60
	maxOptOutText        = 1000
)

var e164Pattern = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// check validates an entry about to be stored: a known type, exactly one
// of Destination and ContactID (an existing contact, unless it is kept,
// the contact the entry had before a change), a destination of the type's
// form, and the lengths.
func (o *OptOut) check(st *state, kept string) *apiError {
	if o.DestType == "" {
		return badRequest("DestType is required")
	}
	o.Destination, o.ContactID = strings.TrimSpace(o.Destination), strings.TrimSpace(o.ContactID)
	switch {
	case o.Destination != "" && o.ContactID != "":
		return badRequest("You may use Destination or ContactID (not both)")
	case o.Destination == "" && o.ContactID == "":
		return badRequest("Destination or ContactID is required")
	case o.ContactID != "" && kept != "" && strings.EqualFold(o.ContactID, kept):
	case o.ContactID != "":
		i := st.contactIndex(o.ContactID)
		if i < 0 {
			return badRequest("Unable to find or access record with id '%s'.", o.ContactID)
		}
		o.ContactID = st.Contacts[i].ContactID
	case len(o.Destination) > maxOptOutDestination:
		return badRequest("Destination must be at most %d characters", maxOptOutDestination)
	case o.DestType == destEmail && !isEmailAddress(o.Destination):
		return badRequest("Destination must be an e-mail address for DestType Email, got %q", o.Destination)
	case o.DestType != destEmail && !e164Pattern.MatchString(o.Destination):
		return badRequest("Destination must be a phone number in E.164 format (+61421000001) for DestType %s, got %q",
			o.DestType, o.Destination)
	}
	for _, f := range []struct {
		name  string
		value string
		max   int
	}{
		{"SubAccount", o.SubAccount, maxOptOutScope}, {"Department", o.Department, maxOptOutScope},
		{"StopMessage", o.StopMessage, maxOptOutText}, {"Notes", o.Notes, maxOptOutText},
		{"OriginalMessage", o.OriginalMessage, maxOptOutText},
	} {
		if len([]rune(f.value)) > f.max {
			return badRequest("%s must be at most %d characters", f.name, f.max)
		}
	}
	return nil
}

// isEmailAddress is a loose check: one "@" with text on both sides.
func isEmailAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(domain, "@ ")
}

// optOutIndex returns the index of the entry with the id (ignoring case), or -1.
func (st *state) optOutIndex(id string) int {
	for i := range st.OptOuts {
		if strings.EqualFold(st.OptOuts[i].ID, id) {
			return i
		}
	}
	return -1
}

// inScope reports whether an entry scoped to want (empty = everything)
// covers have, ignoring case.
func inScope(want, have string) bool {
	want = strings.TrimSpace(want)
	return want == "" || strings.EqualFold(want, strings.TrimSpace(have))
}

// optedOut reports whether the register blocks an SMS to number (compared
// by digits) or to the contact, sent by a message of the sub-account and
// department (README.md, Opt-outs).
func (st *state) optedOut(number, contactID, subAccount, department string) bool {
	key := phoneKey(number)
	for _, o := range st.OptOuts {
		if o.DestType != destSMS || !inScope(o.SubAccount, subAccount) || !inScope(o.Department, department) {
			continue
		}
		if o.Destination != "" && key != "" && phoneKey(o.Destination) == key ||
			o.ContactID != "" && strings.EqualFold(o.ContactID, contactID) {
			return true
		}
	}
	return false
}

// isStop reports whether an inbound text asks to stop: its first word is
// STOP, in any case.
func isStop(text string) bool {
	words := strings.Fields(text)
	return len(words) > 0 && strings.EqualFold(strings.Trim(words[0], ".!"), "STOP")
}

// stopReply records the opt-out of an inbound STOP from a sender (E.164):
// an SMS entry for every sub-account and department, unless one exists;
// original is the text the sender was sent, for a reply.
func (st *state) stopReply(from, text, original string, now time.Time) {
	for _, o := range st.OptOuts {
		if o.DestType == destSMS && o.SubAccount == "" && o.Department == "" && phoneKey(o.Destination) == phoneKey(from) {
			return
		}
	}
	st.OptOuts = append(st.OptOuts, OptOut{
		ID: newUUID(), DestType: destSMS, Destination: from,
		StopMessage: truncateRunes(text, maxOptOutText), OriginalMessage: truncateRunes(original, maxOptOutText),
		Created: now,
	})
}

// sentText is the text recipient r of message m was sent: the message's
// text with r's personalisation.
func sentText(m *storedMessage, r storedRecipient) string {
	return personalise(m.Text, personalisation{
		Attention: r.Attention, Company: r.Company, FirstName: r.FirstName, LastName: r.LastName, Custom: r.Custom,
	})
}

func truncateRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// checkOptOuts requires every entry of a loaded state file to have a
// unique id and a known type.
func (st *state) checkOptOuts() error {
	if _, err := uniqueIDs("opt-out ID", st.OptOuts, func(o OptOut) string { return o.ID }); err != nil {
		return err
	}
	for _, o := range st.OptOuts {
		if c, _, ok := canonicalDestType(o.DestType); !ok || c != o.DestType {
			return fmt.Errorf("opt-out %s has the DestType %q (want SMS, Email, Voice or Fax)", o.ID, o.DestType)
		}
	}
	return nil
}

// ---- Go API for tests: all goroutine-safe, all return copies. ----

// OptOuts returns every entry of the opt-out register in creation order.
func (s *Server) OptOuts() []OptOut {
	var out []OptOut
	s.store.view(func(st *state) { out = append([]OptOut{}, st.OptOuts...) })
	return out
}

// OptOutEntry returns the entry with the given id.
func (s *Server) OptOutEntry(id string) (OptOut, bool) {
	var (
		o  OptOut
		ok bool
	)
	s.store.view(func(st *state) {
		if i := st.optOutIndex(id); i >= 0 {
			o, ok = st.OptOuts[i], true
		}
	})
	return o, ok
}

// PutOptOut creates o (when o.ID is empty or unknown) or replaces the
// entry with the same id, bypassing the HTTP API (drift tests, the admin
// API). It checks o as the API does (DestType in any spelling); an empty
// ID gets a new UUID, a zero Created the existing (or current) time.
// Updated is kept as given (zero = never updated).
func (s *Server) PutOptOut(o OptOut) (OptOut, error) {
	err := s.store.update(func(st *state) error {
		canonical, spelled, ok := canonicalDestType(o.DestType)
		if !ok {
			return badRequest(errUnsupportedDestType)
		}
		if o.DestTypeSent == "" {
			o.DestTypeSent = spelled
		}
		o.DestType = canonical
		kept := ""
		if i := st.optOutIndex(o.ID); i >= 0 {
			kept = st.OptOuts[i].ContactID
		}
		if err := o.check(st, kept); err != nil {
			return err
		}
		if o.ID == "" {
			o.ID = newUUID()
		}
		i := st.optOutIndex(o.ID)
		if i >= 0 {
			o.ID = st.OptOuts[i].ID
			if o.Created.IsZero() {
				o.Created = st.OptOuts[i].Created
			}
		}
		if o.Created.IsZero() {
			o.Created = s.store.timestamp()
		}
		o.Created, o.Updated = o.Created.UTC(), o.Updated.UTC()
		st.OptOuts = upsert(st.OptOuts, i, o)
		return nil
	})
	return o, err
}

// DeleteOptOut removes an entry; it reports whether it existed.
func (s *Server) DeleteOptOut(id string) bool {
	found := false
	_ = s.store.update(func(st *state) error {
		i := st.optOutIndex(id)
		if i < 0 {
			return errNoChange
		}
		found = true
		st.OptOuts = append(st.OptOuts[:i], st.OptOuts[i+1:]...)
		return nil
	})
	return found
}

package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Opt-outs (contributing/wire-protocol-v3.md §6; v3.00 only, FeatureOptOuts:
// in v2 every call is an *UnsupportedError and nothing is sent).

// The message types of an opt-out, canonical spelling.
const (
	DestTypeSMS   = "SMS"
	DestTypeEmail = "Email"
	DestTypeVoice = "Voice"
	DestTypeFax   = "Fax"
)

// destTypeAliases maps every spelling the API takes (lower case) to the
// canonical type: Text is SMS, Speech is Voice.
var destTypeAliases = map[string]string{
	"sms": DestTypeSMS, "text": DestTypeSMS,
	"voice": DestTypeVoice, "speech": DestTypeVoice,
	"email": DestTypeEmail, "fax": DestTypeFax,
}

// DestTypes returns the canonical message types of an opt-out.
func DestTypes() []string { return []string{DestTypeSMS, DestTypeEmail, DestTypeVoice, DestTypeFax} }

// CanonicalDestType returns the canonical type of a spelling the API takes
// (SMS, Text, Email, Voice, Speech, Fax, in any case); ok is false for any
// other.
func CanonicalDestType(s string) (canonical string, ok bool) {
	canonical, ok = destTypeAliases[strings.ToLower(strings.TrimSpace(s))]
	return canonical, ok
}

// SameDestType reports whether two spellings name the same message type
// (the API may answer Text for SMS and Speech for Voice).
func SameDestType(a, b string) bool {
	ca, okA := CanonicalDestType(a)
	cb, okB := CanonicalDestType(b)
	return okA && okB && ca == cb
}

// OptOut is an entry of the opt-out register. Exactly one of Destination
// and ContactID is set; an empty SubAccount or Department covers all of
// them.
type OptOut struct {
	ID string
	// DestType is as the API spells it (SameDestType compares spellings).
	DestType    string
	Destination string // E.164 for SMS, Voice and Fax; an e-mail address for Email
	ContactID   string
	SubAccount  string
	Department  string
	StopMessage string
	Notes       string
	// OriginalMessage is the message the person opted out from (entries
	// made by STOP replies); read-only.
	OriginalMessage string
	Timezone        string
	Created         time.Time
	// Updated is zero until the entry is first updated.
	Updated time.Time
}

func (o *OptOut) listKey() string { return o.ID }

// UnmarshalJSON decodes an entry tolerantly: member names in any case, ID
// or OptOutID, numbers as strings, the three time spellings.
func (o *OptOut) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := lookup(raw, k); ok {
				var s flexString
				if json.Unmarshal(v, &s) == nil && s != "" {
					return string(s)
				}
			}
		}
		return ""
	}
	zone := str("Timezone")
	*o = OptOut{
		ID: str("ID", "OptOutID"), DestType: str("DestType"), Destination: str("Destination"), ContactID: str("ContactID"),
		SubAccount: str("SubAccount"), Department: str("Department"), StopMessage: str("StopMessage"), Notes: str("Notes"),
		OriginalMessage: str("OriginalMessage"), Timezone: zone,
		Created: pickTimestamp(zone, []string{str("CreatedTimeUTC_RFC3339"), str("CreatedTimeUTC")}, str("CreatedTimeLocal")),
		Updated: pickTimestamp(zone, []string{str("UpdatedTimeUTC_RFC3339"), str("UpdatedTimeUTC")}, str("UpdatedTimeLocal")),
	}
	return nil
}

// optOutEnvelope is the answer of a call that returns one entry (flat in
// v3, the only version that has them).
type optOutEnvelope struct {
	OptOut OptOut `json:"OptOut"`
}

func (e *optOutEnvelope) object() any      { return &e.OptOut }
func (e *optOutEnvelope) objectID() string { return e.OptOut.ID }

// createBody is what a create sends: DestType, the target, and the other
// members when set.
func (o OptOut) createBody() map[string]string {
	body := map[string]string{"DestType": o.DestType}
	for k, v := range map[string]string{
		"Destination": o.Destination, "ContactID": o.ContactID, "SubAccount": o.SubAccount,
		"Department": o.Department, "StopMessage": o.StopMessage, "Notes": o.Notes,
	} {
		if v != "" {
			body[k] = v
		}
	}
	return body
}

// matchesCreate reports whether the stored entry o is what a create of in
// made: the same type (any spelling), target (a number compared by its
// digits, an e-mail address ignoring case), scope and texts.
func (o OptOut) matchesCreate(in OptOut) bool {
	sameTarget := strings.EqualFold(o.ContactID, in.ContactID) &&
		(strings.EqualFold(o.Destination, in.Destination) ||
			!strings.Contains(in.Destination, "@") && digits(o.Destination) != "" && digits(o.Destination) == digits(in.Destination))
	return SameDestType(o.DestType, in.DestType) && sameTarget && o.SubAccount == in.SubAccount &&
		o.Department == in.Department && o.StopMessage == in.StopMessage && o.Notes == in.Notes
}

// digits keeps the digits of a phone number.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// checkOptOut refuses an entry the API would: an unknown type, or not
// exactly one of Destination and ContactID.
func checkOptOut(in OptOut) error {
	if _, ok := CanonicalDestType(in.DestType); !ok {
		return errors.New("opt-out DestType must be one of SMS, Email, Voice, Fax (or Text, Speech), got " + strconv.Quote(in.DestType))
	}
	if (in.Destination == "") == (in.ContactID == "") {
		return errors.New("an opt-out needs exactly one of Destination and ContactID")
	}
	return nil
}

// OptOutFilter selects the entries ListOptOuts returns; zero members
// select everything.
type OptOutFilter struct {
	// DestType is one type, in any spelling.
	DestType  string
	ContactID string
	// CreatedWithinDays keeps the entries created in the last N days.
	CreatedWithinDays int
}

// minOptOutPageSize is the smallest recordsPerPage the opt-out list takes.
const minOptOutPageSize = 5

// ListOptOuts returns every entry matching the filter (all pages), in the
// order the API gives them.
func (c *Client) ListOptOuts(ctx context.Context, f OptOutFilter) ([]OptOut, error) {
	q := url.Values{}
	if f.DestType != "" {
		q.Set("destType", f.DestType)
	}
	if f.ContactID != "" {
		q.Set("contactID", f.ContactID)
	}
	if f.CreatedWithinDays > 0 {
		q.Set("timePeriod", strconv.Itoa(f.CreatedWithinDays))
	}
	req := c.route(opOptOutList)
	req.query, req.pageSize = q, max(c.pageSize, minOptOutPageSize)
	return listAll[OptOut](ctx, c, req, "OptOuts")
}

// GetOptOut returns one entry. A missing entry is an error for which
// IsNotFound is true (v3 answers it with a 404 without Result).
func (c *Client) GetOptOut(ctx context.Context, id string) (*OptOut, error) {
	if id == "" {
		return nil, fmt.Errorf("opt-out id is empty: %w", ErrNotFound)
	}
	var out optOutEnvelope
	if err := c.oneObject(ctx, c.route(opOptOutGet, id), &out, "opt-out with an ID"); err != nil {
		return nil, err
	}
	return &out.OptOut, nil
}

// CreateOptOut adds an entry: DestType, Destination or ContactID, and
// SubAccount, Department, StopMessage and Notes when set. It returns the
// entry as the API stored it (its DestType possibly in another spelling).
//
// The POST is never replayed blindly after an unknown outcome: the entries
// of that type (and contact) created in the last day are listed, and one
// holding exactly what was sent, created since just before the first
// attempt and not claimed by another create of this client, is adopted
// (createRecovering); identical entries may exist, since the API does not
// refuse duplicates.
func (c *Client) CreateOptOut(ctx context.Context, in OptOut) (*OptOut, error) {
	if !c.Supports(FeatureOptOuts) {
		return nil, c.unsupported(FeatureOptOuts)
	}
	if err := checkOptOut(in); err != nil {
		return nil, err
	}
	body := in.createBody()
	key, _ := json.Marshal(body) // a map of strings: sorted keys, never fails
	req := c.route(opOptOutCreate)
	req.body, req.writes = body, writes{kind: writesNothingCached}
	return createRecovering(ctx, c, recoverable[OptOut]{
		kind: "opt-out",
		key:  string(key),
		create: func() (*OptOut, error) {
			var out optOutEnvelope
			if err := c.oneObject(ctx, req, &out, "opt-out with an ID"); err != nil {
				return nil, err
			}
			return &out.OptOut, nil
		},
		find: func() ([]OptOut, error) {
			all, err := c.ListOptOuts(ctx, OptOutFilter{DestType: in.DestType, ContactID: in.ContactID, CreatedWithinDays: 1})
			if err != nil {
				return nil, err
			}
			var matches []OptOut
			for _, o := range all {
				if o.matchesCreate(in) {
					matches = append(matches, o)
				}
			}
			return matches, nil
		},
		id:      func(o *OptOut) string { return o.ID },
		created: func(o *OptOut) time.Time { return o.Created },
	})
}

// OptOutUpdate is what an update of an entry changes: the two members
// that change in place, sent always ("" clears).
type OptOutUpdate struct {
	Notes       string
	StopMessage string
}

// UpdateOptOut PATCHes Notes and StopMessage of an entry and returns it.
// An answer without the entry is followed by a GET of it.
func (c *Client) UpdateOptOut(ctx context.Context, id string, u OptOutUpdate) (*OptOut, error) {
	req := c.route(opOptOutUpdate, id)
	req.body = map[string]string{"Notes": u.Notes, "StopMessage": u.StopMessage}
	req.writes = writes{kind: writesNothingCached}
	var out optOutEnvelope
	if err := c.do(ctx, req, &out); err != nil {
		return nil, err
	}
	if out.OptOut.ID == "" {
		return c.GetOptOut(ctx, id)
	}
	return &out.OptOut, nil
}

// DeleteOptOut removes an entry. Deleting one that is already gone is an
// error for which IsNotFound is true; callers decide whether that is
// success.
func (c *Client) DeleteOptOut(ctx context.Context, id string) error {
	req := c.route(opOptOutDelete, id)
	req.writes = writes{kind: writesNothingCached}
	return c.do(ctx, req, nil)
}

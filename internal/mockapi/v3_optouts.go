// The v3 opt-out routes (contributing/wire-protocol-v3.md §6.2; README.md,
// Opt-outs) over the register of optouts.go: list, create, batch create,
// read, partial update and delete. An unknown entry is the 404 without
// Result.

package mockapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// optOutJSON is the wire form of an entry.
type optOutJSON struct {
	ID                    string `json:"ID"`
	DestType              string `json:"DestType"`
	Destination           string `json:"Destination"`
	ContactID             string `json:"ContactID"`
	SubAccount            string `json:"SubAccount"`
	Department            string `json:"Department"`
	StopMessage           string `json:"StopMessage"`
	Notes                 string `json:"Notes"`
	OriginalMessage       string `json:"OriginalMessage"`
	CreatedTimeLocal      string `json:"CreatedTimeLocal"`
	CreatedTimeUTC        string `json:"CreatedTimeUTC"`
	CreatedTimeUTCRFC3339 string `json:"CreatedTimeUTC_RFC3339"`
	UpdatedTimeLocal      string `json:"UpdatedTimeLocal"`
	UpdatedTimeUTC        string `json:"UpdatedTimeUTC"`
	UpdatedTimeUTCRFC3339 string `json:"UpdatedTimeUTC_RFC3339"`
	Timezone              string `json:"Timezone"`
}

func (s *Server) optOutOut(o OptOut) optOutJSON {
	cr, up := v3StampsOf(o.Created), v3StampsOf(o.Updated)
	return optOutJSON{
		ID: o.ID, DestType: o.answeredDestType(s.optOutAsSent), Destination: o.Destination, ContactID: o.ContactID,
		SubAccount: o.SubAccount, Department: o.Department, StopMessage: o.StopMessage, Notes: o.Notes,
		OriginalMessage:  o.OriginalMessage,
		CreatedTimeLocal: cr.local, CreatedTimeUTC: cr.utc, CreatedTimeUTCRFC3339: cr.rfc,
		UpdatedTimeLocal: up.local, UpdatedTimeUTC: up.utc, UpdatedTimeUTCRFC3339: up.rfc,
		Timezone: timezoneName,
	}
}

func (s *Server) optOutsOut(os []OptOut) []optOutJSON {
	out := make([]optOutJSON, 0, len(os))
	for _, o := range os {
		out = append(out, s.optOutOut(o))
	}
	return out
}

type optOutListBody struct {
	pageInfo
	OptOuts []optOutJSON `json:"OptOuts"`
}

// optOutBatchBody is the answer of the batch create: every entry made
// (the reading of wire-protocol-v3.md §6.2 that loses nothing).
type optOutBatchBody struct {
	Data []optOutJSON `json:"Data"`
}

// Page sizes of the opt-out list, and the longest timePeriod taken as a
// bound (a longer one lists everything).
const (
	minOptOutPerPage = 5
	maxOptOutPerPage = 1000
	maxOptOutDays    = 100 * 366
)

// listOptOutsV3 handles GET optout/list: the entries created in the last
// timePeriod days, of one destType (any spelling), of one contactID, oldest
// first, paged.
func (s *Server) listOptOutsV3(req *apiRequest) *reply {
	p, perr := s.v3Paging(req.query, minOptOutPerPage, maxOptOutPerPage)
	if perr != nil {
		return v3Failed(perr)
	}
	keep, err := optOutFilter(req.query, s.store.timestamp())
	if err != nil {
		return v3Failed(err)
	}
	var matches []OptOut
	s.store.view(func(st *state) {
		for _, o := range st.OptOuts {
			if keep(o) {
				matches = append(matches, o)
			}
		}
	})
	page, info := pageOf(matches, p)
	return success(optOutListBody{pageInfo: info, OptOuts: s.optOutsOut(page)})
}

// optOutFilter reads the filters of the opt-out list.
func optOutFilter(q query, now time.Time) (func(OptOut) bool, *apiError) {
	since := time.Time{}
	if v := strings.TrimSpace(q["timeperiod"]); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil || days < 1 {
			return nil, badRequest("timePeriod must be a positive number of days, got %q", v)
		}
		if days <= maxOptOutDays {
			since = now.AddDate(0, 0, -days)
		}
	}
	destType := ""
	if v := strings.TrimSpace(q["desttype"]); v != "" {
		c, _, ok := canonicalDestType(v)
		if !ok {
			return nil, badRequest(errUnsupportedDestType)
		}
		destType = c
	}
	contactID := strings.TrimSpace(q["contactid"])
	return func(o OptOut) bool {
		return !o.Created.Before(since) && (destType == "" || o.DestType == destType) &&
			(contactID == "" || strings.EqualFold(o.ContactID, contactID))
	}, nil
}

// readOptOut writes the members present (and not null) in b onto o:
// DestType (one type, any spelling), Destination or ContactID (giving one
// clears the other), SubAccount, Department, StopMessage and Notes.
func readOptOut(o *OptOut, b body) *apiError {
	if v, ok, err := b.str("DestType"); err != nil {
		return err
	} else if ok {
		canonical, spelled, known := canonicalDestType(v)
		if !known {
			return badRequest(errUnsupportedDestType)
		}
		o.DestType, o.DestTypeSent = canonical, spelled
	}
	dest, hasDest, err := b.str("Destination")
	if err != nil {
		return err
	}
	contact, hasContact, err := b.str("ContactID")
	if err != nil {
		return err
	}
	dest, contact = strings.TrimSpace(dest), strings.TrimSpace(contact)
	switch {
	case dest != "" && contact != "":
		return badRequest("You may use Destination or ContactID (not both)")
	case hasDest && dest != "":
		o.Destination, o.ContactID = dest, ""
	case hasContact && contact != "":
		o.Destination, o.ContactID = "", contact
	case hasDest || hasContact:
		o.Destination, o.ContactID = dest, contact
	}
	for _, f := range []struct {
		name  string
		field *string
	}{{"SubAccount", &o.SubAccount}, {"Department", &o.Department}, {"StopMessage", &o.StopMessage}, {"Notes", &o.Notes}} {
		v, ok, err := b.str(f.name)
		if err != nil {
			return err
		}
		if ok {
			*f.field = v
		}
	}
	return nil
}

// createOptOutV3 handles POST optout: one entry. Identical creates make
// identical entries.
func (s *Server) createOptOutV3(req *apiRequest) *reply {
	var o OptOut
	if err := readOptOut(&o, req.body); err != nil {
		return v3Failed(err)
	}
	err := s.store.update(func(st *state) error {
		if err := o.check(st, ""); err != nil {
			return err
		}
		o.ID, o.Created = newUUID(), s.store.timestamp()
		st.OptOuts = append(st.OptOuts, o)
		return nil
	})
	if err != nil {
		return v3Failed(err)
	}
	return success(s.optOutOut(o))
}

// batchOptOutsV3 handles POST optout/batch: one entry per type of the
// comma list in DestType and per target of Destination, Destinations[],
// ContactID and ContactIDs[]; all or none are made.
func (s *Server) batchOptOutsV3(req *apiRequest) *reply {
	types, err := batchDestTypes(req.body)
	if err != nil {
		return v3Failed(err)
	}
	var targets []OptOut
	for _, t := range []struct{ one, many string }{{"Destination", "Destinations"}, {"ContactID", "ContactIDs"}} {
		values, err := stringOrList(req.body, t.one, t.many)
		if err != nil {
			return v3Failed(err)
		}
		for _, v := range values {
			o := OptOut{}
			if t.one == "Destination" {
				o.Destination = v
			} else {
				o.ContactID = v
			}
			targets = append(targets, o)
		}
	}
	if len(targets) == 0 {
		return v3Failed(badRequest("Destination, Destinations, ContactID or ContactIDs is required"))
	}
	var scope OptOut
	for _, f := range []struct {
		name  string
		field *string
	}{{"SubAccount", &scope.SubAccount}, {"Department", &scope.Department}} {
		v, _, err := req.body.str(f.name)
		if err != nil {
			return v3Failed(err)
		}
		*f.field = v
	}
	var made []OptOut
	uerr := s.store.update(func(st *state) error {
		now := s.store.timestamp()
		made = nil
		for _, dt := range types {
			for _, t := range targets {
				o := OptOut{
					DestType: dt[0], DestTypeSent: dt[1], Destination: t.Destination, ContactID: t.ContactID,
					SubAccount: scope.SubAccount, Department: scope.Department,
				}
				if err := o.check(st, ""); err != nil {
					return err
				}
				o.ID, o.Created = newUUID(), now
				made = append(made, o)
			}
		}
		st.OptOuts = append(st.OptOuts, made...)
		return nil
	})
	if uerr != nil {
		return v3Failed(uerr)
	}
	return success(optOutBatchBody{Data: s.optOutsOut(made)})
}

// batchDestTypes reads the comma list of a batch's DestType: pairs of the
// canonical type and its spelling, each type once.
func batchDestTypes(b body) ([][2]string, *apiError) {
	v, _, err := b.str("DestType")
	if err != nil {
		return nil, err
	}
	var out [][2]string
	seen := map[string]bool{}
	for _, part := range strings.Split(v, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		c, spelled, ok := canonicalDestType(part)
		if !ok {
			return nil, badRequest(errUnsupportedDestType)
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, [2]string{c, spelled})
		}
	}
	if len(out) == 0 {
		return nil, badRequest("DestType is required")
	}
	return out, nil
}

// stringOrList reads a string member and an array-of-strings member
// together, skipping empty values.
func stringOrList(b body, one, many string) ([]string, *apiError) {
	var out []string
	v, _, err := b.str(one)
	if err != nil {
		return nil, err
	}
	if v = strings.TrimSpace(v); v != "" {
		out = append(out, v)
	}
	if raw, _, ok := b.lookup(many); ok {
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, badRequest("%s must be an array of strings", many)
		}
		for _, x := range list {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out, nil
}

func (s *Server) getOptOutV3(req *apiRequest) *reply {
	o, ok := s.OptOutEntry(req.params["id"])
	if !ok {
		return v3OptOutNotFound().reply()
	}
	return success(s.optOutOut(o))
}

// updateOptOutV3 handles PATCH optout/{id}: the members present change,
// the entry is checked again as a whole, Updated moves.
func (s *Server) updateOptOutV3(req *apiRequest) *reply {
	return s.onOptOutV3(req, func(st *state, i int) (OptOut, error) {
		o := st.OptOuts[i]
		if err := readOptOut(&o, req.body); err != nil {
			return o, err
		}
		if err := o.check(st, st.OptOuts[i].ContactID); err != nil {
			return o, err
		}
		o.Updated = s.store.timestamp()
		st.OptOuts[i] = o
		return o, nil
	})
}

func (s *Server) deleteOptOutV3(req *apiRequest) *reply {
	return s.onOptOutV3(req, func(st *state, i int) (OptOut, error) {
		o := st.OptOuts[i]
		st.OptOuts = append(st.OptOuts[:i], st.OptOuts[i+1:]...)
		return o, nil
	})
}

// onOptOutV3 runs change on the entry the path names in one store update
// (the 404 without Result when there is none) and answers what it returns.
func (s *Server) onOptOutV3(req *apiRequest, change func(st *state, i int) (OptOut, error)) *reply {
	var out OptOut
	err := s.store.update(func(st *state) error {
		i := st.optOutIndex(req.params["id"])
		if i < 0 {
			return v3OptOutNotFound()
		}
		var err error
		out, err = change(st, i)
		return err
	})
	if err != nil {
		return v3Failed(err)
	}
	return success(s.optOutOut(out))
}

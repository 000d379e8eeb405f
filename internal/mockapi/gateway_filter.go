// The filters of fetch_sms, stop_sms, delete_sms and get_total_units
// (README.md, SMS).

package mockapi

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// gwSMSFilter is the parsed filter of the SMS actions.
type gwSMSFilter struct {
	batchID    string
	ids        map[int]bool
	stage      string
	typ        int // -1: any
	recipient  string
	sender     string
	search     string
	start, end time.Time
	echo       map[string]any
}

// parseSMSFilter reads the filters; withSearch adds search_term (fetch_sms).
func (s *Server) parseSMSFilter(f gwForm, withSearch bool) (gwSMSFilter, *gwError) {
	flt := gwSMSFilter{typ: -1, batchID: f.get("batch_id"), sender: f.get("sender_id")}
	ids := strings.Trim(f.get("sms_ids")+","+f.get("sms_id"), ",")
	if ids != "" {
		var gerr *gwError
		if flt.ids, gerr = parseIDs("sms_ids", ids); gerr != nil {
			return flt, gerr
		}
	}
	switch st := strings.ToLower(f.get("stage")); st {
	case "", "pending", "sent", "failed":
		flt.stage = st
	default:
		return flt, errIncorrect("stage", "must be pending, sent or failed")
	}
	if v := f.get("type"); v != "" {
		n, gerr := parseChoice(f, "type", 1)
		if gerr != nil {
			return flt, gerr
		}
		flt.typ = n
	}
	if v := f.get("recipient"); v != "" {
		n, ok := gwNumber(v, s.gateway.dialCode)
		if !ok {
			return flt, errIncorrect("recipient", "not a phone number")
		}
		flt.recipient = n
	}
	if withSearch {
		flt.search = f.get("search_term")
	}
	for _, d := range []struct {
		name string
		into *time.Time
		end  bool
	}{{"start_date", &flt.start, false}, {"end_date", &flt.end, true}} {
		v := f.get(d.name)
		if v == "" {
			continue
		}
		t, dateOnly, ok := parseGatewayTime(v, s.gateway.offset, time.Time{}, false)
		if !ok {
			return flt, errIncorrect(d.name, fmt.Sprintf("%q is not a date such as 2016-04-22 13:45 or 28-04-2016", v))
		}
		if d.end {
			if dateOnly {
				t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
			} else {
				t = t.Add(time.Minute - time.Nanosecond)
			}
		}
		*d.into = t
	}
	flt.echo = map[string]any{"sub_account_id": gwSubAccountID}
	for _, k := range []string{"batch_id", "sms_id", "sms_ids", "type", "recipient", "search_term", "sender_id", "stage", "start_date", "end_date"} {
		flt.echo[k] = f.get(k)
	}
	return flt, nil
}

func (flt *gwSMSFilter) match(m *gwStoredSMS, now time.Time, dial string) bool {
	code, _, _ := m.statusAt(now)
	switch {
	case flt.batchID != "" && m.BatchID != flt.batchID,
		flt.ids != nil && !flt.ids[m.ID],
		flt.typ >= 0 && m.Type != flt.typ,
		flt.recipient != "" && m.Recipient != flt.recipient,
		flt.sender != "" && !strings.EqualFold(m.Sender, flt.sender),
		!flt.start.IsZero() && m.Scheduled.Before(flt.start),
		!flt.end.IsZero() && m.Scheduled.After(flt.end),
		flt.stage == "pending" && code != gwPending,
		flt.stage == "sent" && code != gwSent && code != gwDelivered,
		flt.stage == "failed" && code >= 0:
		return false
	}
	return flt.search == "" || termsMatch(flt.search, dial, m.Recipient, m.Sender, m.Message)
}

// matching returns the indexes of the records flt matches, newest first.
func (s *Server) matching(g *gatewayState, flt *gwSMSFilter, now time.Time) []int {
	var idx []int
	for i := range g.SMS {
		if flt.match(&g.SMS[i], now, s.gateway.dialCode) {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(a, b int) bool { return g.SMS[idx[a]].ID > g.SMS[idx[b]].ID })
	return idx
}

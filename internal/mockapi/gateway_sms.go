// api_v1 SMS actions: send_sms, fetch_sms, stop_sms, delete_sms and
// get_total_units (the mock behaviour is summarised in gateway.go).
//
//   - send_sms: message (7 when blank), recipients, contacts (a JSON array
//     of {phone, firstname, lastname, group_name, extra_data,
//     override_message, override_date_time}; phone required, 8 otherwise),
//     contact_groups and ignore_groups (a group in both is 9), sender_id,
//     type 0|1, unicode 0|1, route 0|1|2, default_dial_code, send_at,
//     timezone_offset, save_as. Recipients are taken from contacts, then
//     recipients, then the members of contact_groups; a number seen before
//     is dropped (the first one, with its override, wins), numbers in an
//     ignore group are dropped, unparseable entries are not counted. No
//     recipient source at all is 7 ("recipients"), none left is 8. A past
//     send_at or override_date_time sends at once. save_as saves the
//     numbers (with their names) into that group. Answer
//     {"batch_id":"1_1_<unix>","total":"<recipients>"}.
//   - Filters: batch_id, sms_ids (and sms_id), stage pending (0) | sent (1,
//     2) | failed (< 0), type 0|1, recipient (read as a number, so
//     08094309926 finds 2348094309926), sender_id (ignoring case),
//     start_date / end_date (on the time the SMS is or was to be sent, at
//     the sub-account's offset, inclusive) and, for fetch_sms only,
//     search_term (every word must occur in the recipient, sender or text).
//     A malformed filter is 8. Blank values count as absent.
//   - fetch_sms: perpage (default 100, clamped to 1..300) and p; answers
//     total, totalpages, p, perpage (numbers), timezone_offset, records
//     (newest first) and the filter echo, like the reference's sample.
//   - stop_sms: stops the matching records that are still PENDING (they
//     become FAILED "Stopped by user" and their units are refunded) and
//     answers {"total":"<stopped>"}; no matching record is 10, matching
//     records of which none is pending 11.
//   - delete_sms: deletes the matching records (refunding those still
//     pending) and answers {"total":"<deleted>"}; no match is 10.
//   - get_total_units (answer undocumented): {"total":"<units>"}, the units
//     of the matching records that were not stopped ("0" when none match).

package mockapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bestsms/terraform-provider-bestsms/internal/smsenc"
)

// SMS status codes of the reference.
const (
	gwUndeliverable = -4
	gwExpired       = -3
	gwRejected      = -2
	gwFailedStatus  = -1
	gwPending       = 0
	gwSent          = 1
	gwDelivered     = 2
)

var gwStatusNames = map[int]string{
	gwUndeliverable: "UNDELIVERABLE",
	gwExpired:       "EXPIRED",
	gwRejected:      "REJECTED",
	gwFailedStatus:  "FAILED",
	gwPending:       "PENDING",
	gwSent:          "SENT",
	gwDelivered:     "DELIVERED",
}

// gwStoredSMS is one SMS record as persisted: the facts its reported state
// is derived from.
type gwStoredSMS struct {
	ID        int
	BatchID   string
	Sender    string
	Recipient string
	Message   string
	Type      int
	Route     int
	Unicode   bool
	Units     int
	Submitted time.Time
	// Scheduled is when sending starts; Done when the outcome shows.
	Scheduled time.Time
	Done      time.Time
	Outcome   int
	Info      string
	Stopped   time.Time // zero unless stopped
	FirstName *string
	LastName  *string
	GroupName *string
	ExtraData string
}

// GatewaySMS is an api_v1 SMS record as the mock reports it now.
type GatewaySMS struct {
	ID        int
	BatchID   string
	Sender    string
	Recipient string
	Message   string
	Type      int
	Route     int
	Unicode   bool
	Units     int
	// Status is the code (-4…2), StatusMsg its name.
	Status    int
	StatusMsg string
	Info      string
	Submitted time.Time
	Scheduled time.Time
	Sent      time.Time // zero until sent
	Stopped   bool
	FirstName *string
	LastName  *string
	GroupName *string
	ExtraData string
}

// statusAt is the record's status, info and sent time at now.
func (m *gwStoredSMS) statusAt(now time.Time) (int, string, time.Time) {
	switch {
	case !m.Stopped.IsZero():
		return gwFailedStatus, "Stopped by user", time.Time{}
	case now.Before(m.Scheduled):
		return gwPending, "Message is on queue, to be sent", time.Time{}
	case m.Outcome == gwFailedStatus || m.Outcome == gwRejected:
		return m.Outcome, m.Info, m.Scheduled
	case now.Before(m.Done):
		return gwSent, "Message accepted by the network, awaiting delivery report", m.Scheduled
	}
	return m.Outcome, m.Info, m.Scheduled
}

func (m *gwStoredSMS) view(now time.Time) GatewaySMS {
	code, info, sent := m.statusAt(now)
	return GatewaySMS{
		ID: m.ID, BatchID: m.BatchID, Sender: m.Sender, Recipient: m.Recipient, Message: m.Message,
		Type: m.Type, Route: m.Route, Unicode: m.Unicode, Units: m.Units,
		Status: code, StatusMsg: gwStatusNames[code], Info: info,
		Submitted: m.Submitted, Scheduled: m.Scheduled, Sent: sent, Stopped: !m.Stopped.IsZero(),
		FirstName: m.FirstName, LastName: m.LastName, GroupName: m.GroupName, ExtraData: m.ExtraData,
	}
}

// gwOutcome is the final status of an SMS to a stored number.
func gwOutcome(number string) (int, string) {
	switch {
	case len(number) < 8 || len(number) > 15:
		return gwRejected, "Invalid number"
	case strings.HasSuffix(number, "0000"):
		return gwFailedStatus, "An issue occurred while attempting to send the SMS"
	case strings.HasSuffix(number, "0002"):
		return gwRejected, "Network is forbidden"
	case strings.HasSuffix(number, "0003"):
		return gwExpired, "Message validity period has expired"
	case strings.HasSuffix(number, "0004"):
		return gwUndeliverable, "The message is undeliverable"
	}
	return gwDelivered, "Message delivered to handset"
}

// gwUnits is the number of units (pages) a text costs: GSM-7 parts, or 72
// characters per page for unicode, as the reference says.
func gwUnits(text string, unicode bool) int {
	n := utf8.RuneCountInString(text)
	switch {
	case unicode:
		return max(1, (n+71)/72)
	case smsenc.IsGSM7(text):
		return max(1, smsenc.Count(text).Segments)
	case n <= smsenc.GSM7Single:
		return 1
	}
	return (n + smsenc.GSM7Multipart - 1) / smsenc.GSM7Multipart
}

// ---- send_sms ----

// gwTarget is one recipient of a send.
type gwTarget struct {
	number, message string
	at              time.Time
	first, last     *string
	group           *string
	extra           string
}

// parseChoice reads an optional small integer field (type, unicode, route).
func parseChoice(f gwForm, name string, maxValue int) (int, *gwError) {
	v := f.get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxValue {
		return 0, errIncorrect(name, fmt.Sprintf("must be 0 to %d, got %q", maxValue, v))
	}
	return n, nil
}

// parseContactItems reads the contacts field: a JSON array of objects (or
// one object) whose values are strings, numbers or null. A value that is
// not JSON is read as a comma-separated list of phone numbers, as the
// reference's save_contacts sample URL sends it.
func parseContactItems(v string) ([]map[string]string, *gwError) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	if v[0] != '[' && v[0] != '{' {
		var out []map[string]string
		for _, p := range splitList(v) {
			out = append(out, map[string]string{"phone": p})
		}
		return out, nil
	}
	var raw []map[string]any
	dec := json.NewDecoder(strings.NewReader(v))
	dec.UseNumber() // a phone given as a JSON number keeps its digits
	var err error
	if v[0] == '{' {
		var one map[string]any
		err = dec.Decode(&one)
		raw = []map[string]any{one}
	} else {
		err = dec.Decode(&raw)
	}
	if err == nil && dec.More() {
		err = errors.New("trailing data after the JSON value")
	}
	if err != nil {
		return nil, errIncorrect("contacts", "not a JSON array of contacts: "+err.Error())
	}
	out := make([]map[string]string, 0, len(raw))
	for i, item := range raw {
		if item == nil {
			return nil, errIncorrect("contacts", fmt.Sprintf("item %d is not an object", i+1))
		}
		m := map[string]string{}
		for k, val := range item {
			switch x := val.(type) {
			case nil:
			case string:
				m[k] = x
			case json.Number:
				m[k] = x.String()
			case bool:
				m[k] = strconv.FormatBool(x)
			default:
				return nil, errIncorrect("contacts", fmt.Sprintf("item %d: %s must be a string", i+1, k))
			}
		}
		if strings.TrimSpace(m["phone"]) == "" {
			return nil, errIncorrect("contacts", fmt.Sprintf("item %d has no phone", i+1))
		}
		out = append(out, m)
	}
	return out, nil
}

// optional returns a pointer to item[key] when the key is present.
func optional(item map[string]string, key string) *string {
	if v, ok := item[key]; ok {
		return &v
	}
	return nil
}

// gwSend is a parsed send_sms.
type gwSend struct {
	typ, route int
	unicode    bool
	sender     string
	message    string
	at         time.Time
	targets    []gwTarget // from contacts and recipients, in that order
	groups     []string
	ignore     []string
	saveAs     string
}

// parseGatewaySend checks a send_sms request and reads its own recipients.
func (s *Server) parseGatewaySend(req *gwRequest) (*gwSend, *gwError) {
	f, now := req.form, req.now
	in := &gwSend{message: f["message"], sender: s.gateway.senderID, at: now, saveAs: f.get("save_as")}
	if strings.TrimSpace(in.message) == "" {
		return nil, errMissing("message")
	}
	var gerr *gwError
	if in.typ, gerr = parseChoice(f, "type", 1); gerr != nil {
		return nil, gerr
	}
	uni, gerr := parseChoice(f, "unicode", 1)
	if gerr != nil {
		return nil, gerr
	}
	in.unicode = uni == 1
	if in.route, gerr = parseChoice(f, "route", 2); gerr != nil {
		return nil, gerr
	}
	if v := f.get("sender_id"); v != "" {
		if !validSenderID(v) {
			return nil, errIncorrect("sender_id", "must be 3 to 11 characters or 3 to 14 digits")
		}
		in.sender = v
	}
	dial := s.gateway.dialCode
	if v := f.get("default_dial_code"); v != "" {
		d, ok := parseDialCode(v)
		if !ok {
			return nil, errIncorrect("default_dial_code", "must be 1 to 4 digits")
		}
		dial = d
	}
	loc := s.gateway.offset
	if v := f.get("timezone_offset"); v != "" {
		l, _, ok := parseOffset(v)
		if !ok {
			return nil, errIncorrect("timezone_offset", "must be an offset in hours such as +1, -5 or +5.5")
		}
		loc = l
	}
	readTime := func(name, v string) (time.Time, *gwError) {
		t, _, ok := parseGatewayTime(v, loc, now, true)
		if !ok {
			return time.Time{}, errIncorrect(name, fmt.Sprintf("%q is not a date and time such as 2016-04-22 13:45", v))
		}
		if t.Before(now) {
			return now, nil // a past date sends at once
		}
		return t, nil
	}
	if v := f.get("send_at"); v != "" {
		if in.at, gerr = readTime("send_at", v); gerr != nil {
			return nil, gerr
		}
	}
	items, gerr := parseContactItems(f["contacts"])
	if gerr != nil {
		return nil, gerr
	}
	in.groups, in.ignore = splitList(f["contact_groups"]), splitList(f["ignore_groups"])
	for _, g := range in.groups {
		for _, i := range in.ignore {
			if g == i {
				return nil, gwErr(gwConfusing, "confusing request parameters: group %q is in both contact_groups and ignore_groups", g)
			}
		}
	}
	recipients := splitList(f["recipients"])
	if len(recipients) == 0 && len(items) == 0 && len(in.groups) == 0 {
		return nil, errMissing("recipients")
	}
	for _, item := range items {
		n, ok := gwNumber(item["phone"], dial)
		if !ok {
			continue
		}
		t := gwTarget{number: n, message: in.message, at: in.at, extra: item["extra_data"],
			first: optional(item, "firstname"), last: optional(item, "lastname"), group: optional(item, "group_name")}
		if om := item["override_message"]; strings.TrimSpace(om) != "" {
			t.message = om
		}
		if od := strings.TrimSpace(item["override_date_time"]); od != "" {
			if t.at, gerr = readTime("override_date_time", od); gerr != nil {
				return nil, gerr
			}
		}
		in.targets = append(in.targets, t)
	}
	for _, r := range recipients {
		if n, ok := gwNumber(r, dial); ok {
			in.targets = append(in.targets, gwTarget{number: n, message: in.message, at: in.at})
		}
	}
	return in, nil
}

// recipients adds the members of the contact groups to the request's own
// recipients, then drops repeated numbers and those of the ignore groups.
func (in *gwSend) recipients(g *gatewayState) []gwTarget {
	all := append([]gwTarget(nil), in.targets...)
	for _, name := range in.groups {
		for _, c := range g.Contacts {
			if c.GroupName == name {
				first, last, group := c.FirstName, c.LastName, c.GroupName
				all = append(all, gwTarget{number: c.Phone, message: in.message, at: in.at, first: &first, last: &last, group: &group})
			}
		}
	}
	drop := map[string]bool{}
	for _, name := range in.ignore {
		for _, c := range g.Contacts {
			if c.GroupName == name {
				drop[c.Phone] = true
			}
		}
	}
	unique := all[:0]
	for _, t := range all {
		if !drop[t.number] {
			drop[t.number] = true
			unique = append(unique, t)
		}
	}
	return unique
}

func (s *Server) gwSendSMS(req *gwRequest) (any, *gwError) {
	in, gerr := s.parseGatewaySend(req)
	if gerr != nil {
		return nil, gerr
	}
	now := req.now
	var out map[string]string
	err := s.store.update(func(st *state) error {
		g := &st.Gateway
		targets := in.recipients(g)
		if len(targets) == 0 {
			return errIncorrect("recipients", "no valid recipient phone number")
		}
		cost := 0
		for _, t := range targets {
			cost += gwUnits(t.message, in.unicode)
		}
		balance := g.balance(s.gateway)
		if cost > balance {
			return gwErr(gwNoCredit, "insufficient credit")
		}
		g.setBalance(balance - cost)
		batch := newBatchID(g, now)
		for _, t := range targets {
			outcome, info := gwOutcome(t.number)
			g.SMS = append(g.SMS, gwStoredSMS{
				ID: g.NextSMSID, BatchID: batch, Sender: in.sender, Recipient: t.number, Message: t.message,
				Type: in.typ, Route: in.route, Unicode: in.unicode, Units: gwUnits(t.message, in.unicode),
				Submitted: now, Scheduled: t.at.UTC(), Done: t.at.Add(s.deliveryDelay).UTC(), Outcome: outcome, Info: info,
				FirstName: t.first, LastName: t.last, GroupName: t.group, ExtraData: t.extra,
			})
			g.NextSMSID++
		}
		if in.saveAs != "" {
			for _, t := range targets {
				c := GatewayContact{Phone: t.number, GroupName: in.saveAs}
				if t.first != nil {
					c.FirstName = *t.first
				}
				if t.last != nil {
					c.LastName = *t.last
				}
				g.upsertContact(c, now)
			}
		}
		out = map[string]string{"batch_id": batch, "total": strconv.Itoa(len(targets))}
		return nil
	})
	if err != nil {
		return nil, gwStoreFailure(err)
	}
	return out, nil
}

// newBatchID returns "<sub_account_id>_<user_id>_<unix time>", moving the
// time on while the id is taken.
func newBatchID(g *gatewayState, now time.Time) string {
	taken := map[string]bool{}
	for _, m := range g.SMS {
		taken[m.BatchID] = true
	}
	for sec := now.Unix(); ; sec++ {
		if id := fmt.Sprintf("%s_%s_%d", gwSubAccountID, gwUserID, sec); !taken[id] {
			return id
		}
	}
}

// ---- filters ----

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

// ---- fetch_sms ----

// gwSMSRecord is the wire form of an SMS record (every member a string or
// null, as in the reference's sample).
type gwSMSRecord struct {
	SMSID          string  `json:"sms_id"`
	Sender         string  `json:"sender"`
	Recipient      string  `json:"recipient"`
	Message        string  `json:"message"`
	SubAccountID   string  `json:"sub_account_id"`
	UserID         string  `json:"user_id"`
	TimeScheduled  string  `json:"time_scheduled"`
	BatchID        string  `json:"batch_id"`
	Status         string  `json:"status"`
	Type           string  `json:"type"`
	Units          string  `json:"units"`
	Reference      string  `json:"reference"`
	TimeSubmitted  string  `json:"time_submitted"`
	TimeSent       string  `json:"time_sent"`
	UnitsConfirmed string  `json:"units_confirmed"`
	Locked         string  `json:"locked"`
	Info           string  `json:"info"`
	FirstName      *string `json:"firstname"`
	LastName       *string `json:"lastname"`
	GroupName      *string `json:"group_name"`
	StatusMsg      string  `json:"status_msg"`
	SubmittedAt    string  `json:"submitted_at"`
	ScheduledTo    string  `json:"scheduled_to"`
	SentAt         string  `json:"sent_at"`
	ExtraData      string  `json:"extra_data"`
}

func (s *Server) smsRecord(m *gwStoredSMS, now time.Time) gwSMSRecord {
	v := m.view(now)
	confirmed := "0"
	if v.Status == gwDelivered {
		confirmed = "1"
	}
	return gwSMSRecord{
		SMSID: strconv.Itoa(v.ID), Sender: v.Sender, Recipient: v.Recipient, Message: v.Message,
		SubAccountID: gwSubAccountID, UserID: gwUserID, TimeScheduled: unixString(v.Scheduled),
		BatchID: v.BatchID, Status: strconv.Itoa(v.Status), Type: strconv.Itoa(v.Type),
		Units: strconv.Itoa(v.Units), Reference: "", TimeSubmitted: unixString(v.Submitted),
		TimeSent: unixString(v.Sent), UnitsConfirmed: confirmed, Locked: "0", Info: v.Info,
		FirstName: v.FirstName, LastName: v.LastName, GroupName: v.GroupName, StatusMsg: v.StatusMsg,
		SubmittedAt: s.gateway.clockString(v.Submitted), ScheduledTo: s.gateway.clockString(v.Scheduled),
		SentAt: s.gateway.clockString(v.Sent), ExtraData: v.ExtraData,
	}
}

// gwSMSPage is the fetch_sms answer, members in the sample's order.
type gwSMSPage struct {
	Total          int            `json:"total"`
	TotalPages     int            `json:"totalpages"`
	P              int            `json:"p"`
	PerPage        int            `json:"perpage"`
	TimezoneOffset string         `json:"timezone_offset"`
	Records        []gwSMSRecord  `json:"records"`
	Filter         map[string]any `json:"filter"`
}

// gwSMSPerPage is fetch_sms's perpage default (the sample's filter echo).
const gwSMSPerPage = 100

func (s *Server) gwFetchSMS(req *gwRequest) (any, *gwError) {
	flt, gerr := s.parseSMSFilter(req.form, true)
	if gerr != nil {
		return nil, gerr
	}
	page, perPage, gerr := gwPaging(req.form, gwSMSPerPage)
	if gerr != nil {
		return nil, gerr
	}
	out := gwSMSPage{P: page, PerPage: perPage, TimezoneOffset: s.gateway.offsetText, Records: []gwSMSRecord{}}
	s.store.view(func(st *state) {
		idx := s.matching(&st.Gateway, &flt, req.now)
		start, end, pages := gwPage(len(idx), page, perPage)
		out.Total, out.TotalPages = len(idx), pages
		for _, i := range idx[start:end] {
			out.Records = append(out.Records, s.smsRecord(&st.Gateway.SMS[i], req.now))
		}
		flt.echo["p"] = req.form.get("p")
		flt.echo["perpage"] = perPage
		flt.echo["offset"] = start
		out.Filter = flt.echo
	})
	return out, nil
}

// ---- stop_sms, delete_sms, get_total_units ----

// bulkSMS runs act on the records matching the request's filter (error 10
// when none match) and answers {"total":"<n>"} with act's count.
func (s *Server) bulkSMS(req *gwRequest, act func(g *gatewayState, idx []int) (int, *gwError)) (any, *gwError) {
	flt, gerr := s.parseSMSFilter(req.form, false)
	if gerr != nil {
		return nil, gerr
	}
	n := 0
	err := s.store.update(func(st *state) error {
		idx := s.matching(&st.Gateway, &flt, req.now)
		if len(idx) == 0 {
			return errNoRecord
		}
		var aerr *gwError
		if n, aerr = act(&st.Gateway, idx); aerr != nil {
			return aerr
		}
		return nil
	})
	if err != nil {
		return nil, gwStoreFailure(err)
	}
	return map[string]string{"total": strconv.Itoa(n)}, nil
}

func (s *Server) gwStopSMS(req *gwRequest) (any, *gwError) {
	return s.bulkSMS(req, func(g *gatewayState, idx []int) (int, *gwError) {
		var pending []int
		for _, i := range idx {
			if code, _, _ := g.SMS[i].statusAt(req.now); code == gwPending {
				pending = append(pending, i)
			}
		}
		if len(pending) == 0 {
			return 0, gwErr(gwFailed, "operation failed: none of the %d matching messages is still pending", len(idx))
		}
		refund := 0
		for _, i := range pending {
			g.SMS[i].Stopped = req.now
			refund += g.SMS[i].Units
		}
		g.setBalance(g.balance(s.gateway) + refund)
		return len(pending), nil
	})
}

func (s *Server) gwDeleteSMS(req *gwRequest) (any, *gwError) {
	return s.bulkSMS(req, func(g *gatewayState, idx []int) (int, *gwError) {
		drop := map[int]bool{}
		refund := 0
		for _, i := range idx {
			drop[i] = true
			if code, _, _ := g.SMS[i].statusAt(req.now); code == gwPending {
				refund += g.SMS[i].Units
			}
		}
		kept := g.SMS[:0]
		for i, m := range g.SMS {
			if !drop[i] {
				kept = append(kept, m)
			}
		}
		g.SMS = kept
		g.setBalance(g.balance(s.gateway) + refund)
		return len(idx), nil
	})
}

func (s *Server) gwTotalUnits(req *gwRequest) (any, *gwError) {
	flt, gerr := s.parseSMSFilter(req.form, false)
	if gerr != nil {
		return nil, gerr
	}
	units := 0
	s.store.view(func(st *state) {
		for _, i := range s.matching(&st.Gateway, &flt, req.now) {
			if st.Gateway.SMS[i].Stopped.IsZero() {
				units += st.Gateway.SMS[i].Units
			}
		}
	})
	return map[string]string{"total": strconv.Itoa(units)}, nil
}

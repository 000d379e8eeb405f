// api_v1 send_sms (README.md, SMS).

package mockapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

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
	f := req.form
	in := &gwSend{message: f["message"], at: req.now, saveAs: f.get("save_as")}
	if strings.TrimSpace(in.message) == "" {
		return nil, errMissing("message")
	}
	if gerr := in.parseOptions(f, s.gateway.senderID); gerr != nil {
		return nil, gerr
	}
	dial, clock, gerr := s.gateway.sendSettings(f, req.now)
	if gerr != nil {
		return nil, gerr
	}
	if v := f.get("send_at"); v != "" {
		if in.at, gerr = clock.read("send_at", v); gerr != nil {
			return nil, gerr
		}
	}
	items, gerr := parseContactItems(f["contacts"])
	if gerr != nil {
		return nil, gerr
	}
	if gerr := in.parseGroups(f); gerr != nil {
		return nil, gerr
	}
	recipients := splitList(f["recipients"])
	if len(recipients) == 0 && len(items) == 0 && len(in.groups) == 0 {
		return nil, errMissing("recipients")
	}
	if gerr := in.addContacts(items, dial, clock); gerr != nil {
		return nil, gerr
	}
	for _, r := range recipients {
		if n, ok := gwNumber(r, dial); ok {
			in.targets = append(in.targets, gwTarget{number: n, message: in.message, at: in.at})
		}
	}
	return in, nil
}

// parseOptions reads type, unicode, route and sender_id (defaultSender
// when absent).
func (in *gwSend) parseOptions(f gwForm, defaultSender string) *gwError {
	var gerr *gwError
	if in.typ, gerr = parseChoice(f, "type", 1); gerr != nil {
		return gerr
	}
	uni, gerr := parseChoice(f, "unicode", 1)
	if gerr != nil {
		return gerr
	}
	in.unicode = uni == 1
	if in.route, gerr = parseChoice(f, "route", 2); gerr != nil {
		return gerr
	}
	in.sender = defaultSender
	if v := f.get("sender_id"); v != "" {
		if !validSenderID(v) {
			return errIncorrect("sender_id", "must be 3 to 11 characters or 3 to 14 digits")
		}
		in.sender = v
	}
	return nil
}

// sendSettings reads a send's default_dial_code and timezone_offset, the
// sub-account's when absent.
func (c gatewayConfig) sendSettings(f gwForm, now time.Time) (string, gwSendClock, *gwError) {
	dial := c.dialCode
	if v := f.get("default_dial_code"); v != "" {
		d, ok := parseDialCode(v)
		if !ok {
			return "", gwSendClock{}, errIncorrect("default_dial_code", "must be 1 to 4 digits")
		}
		dial = d
	}
	clock := gwSendClock{loc: c.offset, now: now}
	if v := f.get("timezone_offset"); v != "" {
		l, _, ok := parseOffset(v)
		if !ok {
			return "", gwSendClock{}, errIncorrect("timezone_offset", "must be an offset in hours such as +1, -5 or +5.5")
		}
		clock.loc = l
	}
	return dial, clock, nil
}

// gwSendClock reads the times of a send: wall time at loc, a past time
// meaning now.
type gwSendClock struct {
	loc *time.Location
	now time.Time
}

func (c gwSendClock) read(name, v string) (time.Time, *gwError) {
	t, _, ok := parseGatewayTime(v, c.loc, c.now, true)
	if !ok {
		return time.Time{}, errIncorrect(name, fmt.Sprintf("%q is not a date and time such as 2016-04-22 13:45", v))
	}
	if t.Before(c.now) {
		return c.now, nil // a past date sends at once
	}
	return t, nil
}

// parseGroups reads contact_groups and ignore_groups; a group in both is
// error 9.
func (in *gwSend) parseGroups(f gwForm) *gwError {
	in.groups, in.ignore = splitList(f["contact_groups"]), splitList(f["ignore_groups"])
	for _, g := range in.groups {
		for _, i := range in.ignore {
			if g == i {
				return gwErr(gwConfusing, "confusing request parameters: group %q is in both contact_groups and ignore_groups", g)
			}
		}
	}
	return nil
}

// addContacts adds the targets of the contacts field, with their
// overrides; entries whose phone is not a number are skipped.
func (in *gwSend) addContacts(items []map[string]string, dial string, clock gwSendClock) *gwError {
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
			var gerr *gwError
			if t.at, gerr = clock.read("override_date_time", od); gerr != nil {
				return gerr
			}
		}
		in.targets = append(in.targets, t)
	}
	return nil
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

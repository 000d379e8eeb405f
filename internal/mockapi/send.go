// POST send/sms (contributing/wire-protocol.md §6; README.md, Send
// validation).

package mockapi

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// sendBody is the answer to a successful send.
type sendBody struct {
	Result    string `json:"Result"`
	MessageID string `json:"MessageID"`
}

var (
	messageIDPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,40}$`)
	numberPattern    = regexp.MustCompile(`^\+?[1-9][0-9]{7,14}$`)
)

const (
	errMissingMessageData = "Missing message data"
	errMissingDests       = "Missing or empty destinations"
	errNoValidDests       = "Error - Could not find any valid destination(s)."
	errMissingMessage     = "Missing or empty message"
	errWebhookHTTPS       = "WebhookCallbackURL must start with https://"
	errInvalidMessageID   = "Invalid MessageID: must be at most 40 letters, digits or dashes"
	errNotFound           = "Message(s) NOT found"
)

// sendInput is a validated send request.
type sendInput struct {
	msg   storedMessage
	items []any
	start time.Time // zero = now
}

// parseSend validates a send body (everything except the destination
// expansion, which needs the address book). It returns the MessageID from
// the request (possibly empty) for the error envelope.
func (s *Server) parseSend(b body, now time.Time) (*sendInput, string, *apiError) {
	md, raw, id, aerr := messageData(b)
	if aerr != nil {
		return nil, id, aerr
	}
	in := &sendInput{msg: storedMessage{MessageID: id, Raw: raw}}
	if dv, _, ok := md.lookup("Destinations"); ok {
		_ = json.Unmarshal(dv, &in.items)
	}
	if len(in.items) == 0 {
		return nil, id, badRequest(errMissingDests)
	}
	if err := readMessageFields(md, &in.msg); err != nil {
		return nil, id, err
	}
	if err := s.checkMessageOptions(md, &in.msg); err != nil {
		return nil, id, err
	}
	var err *apiError
	if in.start, err = sendStart(&in.msg, now); err != nil {
		return nil, id, err
	}
	return in, id, nil
}

// messageData returns the MessageData object of a send body, as parsed
// and as received, and its MessageID (checked; trimmed, possibly empty).
func messageData(b body) (md body, raw, id string, err *apiError) {
	data, _, ok := b.lookup("MessageData")
	if !ok {
		return nil, "", "", badRequest(errMissingMessageData)
	}
	md, perr := parseBody(data)
	if perr != nil || len(md) == 0 || !strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
		return nil, "", "", badRequest(errMissingMessageData)
	}
	id, _, err = md.str("MessageID")
	if err != nil {
		return nil, "", "", err
	}
	id = strings.TrimSpace(id)
	if id != "" && !messageIDPattern.MatchString(id) {
		return nil, "", id, badRequest(errInvalidMessageID)
	}
	return md, string(data), id, nil
}

// readMessageFields copies the string members of MessageData into m.
func readMessageFields(md body, m *storedMessage) *apiError {
	fields := []struct {
		names []string
		field *string
	}{
		{[]string{"Message"}, &m.Text},
		{[]string{"Reference"}, &m.Reference},
		{[]string{"SendTime"}, &m.SendTime},
		{[]string{"TimeZone"}, &m.TimeZone},
		{[]string{"SubAccount"}, &m.SubAccount},
		{[]string{"Department"}, &m.Department},
		{[]string{"ChargeCode"}, &m.ChargeCode},
		{[]string{"FromNumber"}, &m.FromNumber},
		{[]string{"SMSEmailReply"}, &m.SMSEmailReply},
		{[]string{"ReportTo", "ErrorEmailNotify"}, &m.ReportTo},
		{[]string{"WebhookCallbackURL"}, &m.WebhookCallbackURL},
		{[]string{"WebhookCallbackFormat"}, &m.WebhookCallbackFormat},
		{[]string{"Mode"}, &m.Mode},
	}
	for _, f := range fields {
		v, _, err := md.str(f.names...)
		if err != nil {
			return err
		}
		*f.field = v
	}
	return nil
}

// checkMessageOptions checks the text, the webhook, the mode and
// CharacterConversion, in that order, canonicalising what it accepts.
func (s *Server) checkMessageOptions(md body, m *storedMessage) *apiError {
	if strings.TrimSpace(m.Text) == "" {
		return badRequest(errMissingMessage)
	}
	m.WebhookCallbackURL = strings.TrimSpace(m.WebhookCallbackURL)
	if m.WebhookCallbackURL != "" {
		if err := s.checkWebhookURL(m.WebhookCallbackURL); err != nil {
			return err
		}
	}
	if f := strings.TrimSpace(m.WebhookCallbackFormat); f != "" {
		canon, ok := webhookFormat(f)
		if !ok {
			return badRequest("WebhookCallbackFormat must be JSON or XML, got %q", f)
		}
		m.WebhookCallbackFormat = canon
	}
	if mode := strings.TrimSpace(m.Mode); mode != "" && !strings.EqualFold(mode, "Test") {
		return badRequest("Mode must be Test or empty, got %q", mode)
	}
	if v, _, ok := md.lookup("CharacterConversion"); ok {
		cc, err := parseBool(v)
		if err != nil {
			return badRequest("CharacterConversion must be a boolean")
		}
		m.CharacterConversion = cc
	}
	return nil
}

// sendStart checks TimeZone and SendTime and returns when a delayed
// message starts sending: zero (now) unless SendTime is in the future and
// the message is not in Test mode.
func sendStart(m *storedMessage, now time.Time) (time.Time, *apiError) {
	loc, err := loadZone(m.TimeZone)
	if err != nil {
		return time.Time{}, err
	}
	if strings.TrimSpace(m.SendTime) == "" {
		return time.Time{}, nil
	}
	t, err := parseTime("SendTime", m.SendTime, loc, false)
	if err != nil {
		return time.Time{}, err
	}
	if t.After(now) && !m.test() {
		return t.UTC(), nil
	}
	return time.Time{}, nil
}

func parseBool(v json.RawMessage) (bool, error) {
	var b bool
	if err := json.Unmarshal(v, &b); err == nil {
		return b, nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return false, err
	}
	return strconv.ParseBool(strings.TrimSpace(s))
}

// sendSMS handles POST send/sms (contributing/wire-protocol.md §6).
func (s *Server) sendSMS(req *apiRequest) *reply {
	now := s.store.timestamp()
	in, reqID, aerr := s.parseSend(req.body, now)
	if aerr != nil {
		return withMessageID(aerr.reply(), reqID)
	}
	id, err := s.submit(in, now, req.version)
	if err != nil {
		return withMessageID(storeFailure(err), reqID)
	}
	return success(sendBody{Result: resultSuccess, MessageID: id})
}

// submit stores a validated send as a new message, whatever the API
// version it came through, and returns its MessageID. The destinations
// are expanded in the store update (none is errNoValidDests), and every
// recipient the opt-out register blocks is marked so (README.md,
// Opt-outs). version is the API version it came through.
func (s *Server) submit(in *sendInput, now time.Time, version string) (string, error) {
	m := in.msg
	m.API = version
	if m.MessageID == "" {
		m.MessageID = newUUID()
	}
	err := s.store.update(func(st *state) error {
		recips, dests := st.expand(in.items, m.Text)
		if len(recips) == 0 {
			return badRequest(errNoValidDests)
		}
		m.Destinations = dests
		m.JobNum = st.newJobNum()
		m.Created = now
		start := now
		if !in.start.IsZero() {
			m.SendAt, start = in.start, in.start
		}
		for i := range recips {
			r := &recips[i]
			r.DestSeq = fmt.Sprintf("%08d", i+1)
			r.Start = start
			r.Blocked = st.optedOut(r.Destination, r.ContactID, m.SubAccount, m.Department)
			if m.test() {
				*r = complete(*r, now)
				if !r.Blocked {
					r.Status, r.Result, r.Price = recipSuccess, resultTestMode, 0
				}
			}
		}
		m.Recipients = recips
		st.Messages = append(st.Messages, m)
		return nil
	})
	if err != nil {
		return "", err
	}
	s.advance()
	s.kick()
	return m.MessageID, nil
}

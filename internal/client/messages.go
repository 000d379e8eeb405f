package client

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// Destination is one item of the destinations of a send
// (contributing/wire-protocol.md §6.3, wire-protocol-v3.md §5.1): exactly
// one of Recipient, ContactID, GroupID or GroupCode, plus optional
// personalisation for a Recipient.
type Destination struct {
	Recipient string // wire Recipient (v2), ToNumber (v3)
	ContactID string
	GroupID   string
	GroupCode string

	Attention string
	Company   string
	FirstName string // wire "First Name" (with a space, as documented) in v2, "FirstName" in v3
	LastName  string // wire "Last Name" in v2, "LastName" in v3
	Custom    [9]string
}

// wire is the destination as the dialect sends it: only the members that
// are set.
func (d Destination) wire(dl *dialect) map[string]string {
	number, first, last := "Recipient", "First Name", "Last Name"
	if dl.flat {
		number, first, last = "ToNumber", "FirstName", "LastName"
	}
	m := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set(number, d.Recipient)
	set("ContactID", d.ContactID)
	set("GroupID", d.GroupID)
	set("GroupCode", d.GroupCode)
	set("Attention", d.Attention)
	set("Company", d.Company)
	set(first, d.FirstName)
	set(last, d.LastName)
	for i, v := range d.Custom {
		set("Custom"+strconv.Itoa(i+1), v)
	}
	return m
}

// SendRequest is a send (contributing/wire-protocol.md §6.2, the members of
// MessageData; wire-protocol-v3.md §5.1, the flat body of v3).
type SendRequest struct {
	// MessageID identifies the message for status polls and actions. When
	// empty the client generates a UUID v4 before the first attempt.
	MessageID    string
	Message      string
	Destinations []Destination

	Reference     string
	SendTime      string // "2006-01-02T15:04", local to TimeZone or the account zone
	TimeZone      string // wire TimeZone (v2), Timezone (v3)
	SubAccount    string
	Department    string
	ChargeCode    string // v2 only (FeatureChargeCode)
	FromNumber    string
	SMSEmailReply string
	ReportTo      string

	CharacterConversion   bool
	WebhookCallbackURL    string
	WebhookCallbackFormat string // "JSON" or "XML"
	// TestMode sends Mode "Test": nothing is sent and the message is
	// immediately reported successful.
	TestMode bool
}

// body is the wire form of the send: {"MessageData":{…}} in v2, the
// members themselves in v3.
func (r SendRequest) body(d *dialect) map[string]any {
	dests := make([]map[string]string, 0, len(r.Destinations))
	for _, dst := range r.Destinations {
		dests = append(dests, dst.wire(d))
	}
	zone := "TimeZone"
	if d.flat {
		zone = "Timezone"
	}
	md := map[string]any{
		"Message":             r.Message,
		"Destinations":        dests,
		"MessageID":           r.MessageID,
		"CharacterConversion": r.CharacterConversion,
	}
	for k, v := range map[string]string{
		"Reference": r.Reference, "SendTime": r.SendTime, zone: r.TimeZone,
		"SubAccount": r.SubAccount, "Department": r.Department, "ChargeCode": r.ChargeCode,
		"FromNumber": r.FromNumber, "SMSEmailReply": r.SMSEmailReply, "ReportTo": r.ReportTo,
		"WebhookCallbackURL": r.WebhookCallbackURL, "WebhookCallbackFormat": r.WebhookCallbackFormat,
	} {
		if v != "" {
			md[k] = v
		}
	}
	if r.TestMode {
		md["Mode"] = "Test"
	}
	if d.flat {
		return md
	}
	return map[string]any{"MessageData": md}
}

type sendResponse struct {
	MessageID string `json:"MessageID"`
}

// SendSMS submits a message and returns its MessageID. Submission is not
// delivery: poll MessageStatus for that. A ChargeCode in v3, or a
// MessageID v3 cannot address (see messageAddressable), is an
// *UnsupportedError and nothing is sent.
//
// A send is never retried after an unknown outcome (a 5xx or a timeout):
// only an HTTP 429 or a request that provably never reached the API is sent
// again, so nobody is texted twice. The MessageID is fixed before the first
// attempt so that a caller can always look the message up.
func (c *Client) SendSMS(ctx context.Context, in SendRequest) (string, error) {
	if in.MessageID == "" {
		in.MessageID = newUUID()
	}
	if in.ChargeCode != "" && !c.Supports(FeatureChargeCode) {
		return in.MessageID, c.unsupported(FeatureChargeCode)
	}
	if err := c.messageAddressable(in.MessageID); err != nil {
		return in.MessageID, err
	}
	req := c.route(opSend)
	req.body, req.writes = in.body(c.dialect), writes{kind: writesNothingCached}
	var out sendResponse
	if err := c.do(ctx, req, &out); err != nil {
		return in.MessageID, err
	}
	if out.MessageID == "" {
		out.MessageID = in.MessageID
	}
	return out.MessageID, nil
}

// messageAddressable refuses a MessageID the version's routes cannot
// address: in v3.00, "received" (any case) is the path of the received-SMS
// list, not of a message (contributing/wire-protocol-v3.md §5.4).
func (c *Client) messageAddressable(id string) error {
	if c.dialect.reservedMessageID != "" && strings.EqualFold(strings.TrimSpace(id), c.dialect.reservedMessageID) {
		return &UnsupportedError{Version: c.dialect.version, What: fmt.Sprintf("the MessageID %q, the path of the received-SMS list", id),
			Versions: []string{APIVersion203, APIVersion204}}
	}
	return nil
}

// ActionResult is the answer of the reschedule, abort and resubmit actions.
type ActionResult struct {
	MessageID string `json:"MessageID"`
	// Status is the message's state as the API reports it (documented both
	// as the state before the action and as the current one).
	Status string `json:"Status"`
	JobNum string `json:"JobNum"`
	Action string `json:"Action"`
}

// messageAction PATCHes an action. Only reschedule is safe to repeat after
// an unknown outcome; abort and resubmit are sent once.
func (c *Client) messageAction(ctx context.Context, op operation, id string, body map[string]string) (*ActionResult, error) {
	if err := c.messageAddressable(id); err != nil {
		return nil, err
	}
	var out ActionResult
	if body == nil {
		body = map[string]string{}
	}
	req := c.route(op, id)
	req.body, req.once, req.writes = body, op != opReschedule, writes{kind: writesNothingCached}
	if err := c.do(ctx, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Resubmit retries a message whose status is Failed, optionally at
// sendTime ("2006-01-02T15:04"; empty = now). v3.00 has no SMS resubmit:
// there it is an *UnsupportedError (FeatureResubmit).
func (c *Client) Resubmit(ctx context.Context, messageID, sendTime string) (*ActionResult, error) {
	var body map[string]string
	if sendTime != "" {
		body = map[string]string{"SendTime": sendTime}
	}
	return c.messageAction(ctx, opResubmit, messageID, body)
}

// Reschedule moves a Delayed message to sendTime.
func (c *Client) Reschedule(ctx context.Context, messageID, sendTime string) (*ActionResult, error) {
	return c.messageAction(ctx, opReschedule, messageID, map[string]string{"SendTime": sendTime})
}

// Abort cancels a Delayed message.
func (c *Client) Abort(ctx context.Context, messageID string) (*ActionResult, error) {
	return c.messageAction(ctx, opAbort, messageID, nil)
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// flexFloat decodes a JSON number or a numeric string ("0.10", as webhooks
// send prices).
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("not a number: %s", redact.Cut(string(b), maxQuotedName))
	}
	*f = flexFloat(v)
	return nil
}

// flexInt decodes a JSON integer or a numeric string.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	var f flexFloat
	if err := f.UnmarshalJSON(b); err != nil {
		return err
	}
	*n = flexInt(f)
	return nil
}

// flexString decodes a JSON string, number or null as a string (legacy
// answers use integer ids).
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err == nil {
		*s = flexString(str)
		return nil
	}
	if string(b) == "null" {
		*s = ""
		return nil
	}
	*s = flexString(strings.Trim(string(b), `"`))
	return nil
}

package client

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// Destination is one item of MessageData.Destinations
// (contributing/wire-protocol.md §6.3): exactly one of Recipient, ContactID, GroupID or GroupCode, plus
// optional personalisation for a Recipient.
type Destination struct {
	Recipient string
	ContactID string
	GroupID   string
	GroupCode string

	Attention string
	Company   string
	FirstName string // wire "First Name" (with a space, as documented)
	LastName  string // wire "Last Name"
	Custom    [9]string
}

// MarshalJSON writes only the members that are set.
func (d Destination) MarshalJSON() ([]byte, error) {
	m := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("Recipient", d.Recipient)
	set("ContactID", d.ContactID)
	set("GroupID", d.GroupID)
	set("GroupCode", d.GroupCode)
	set("Attention", d.Attention)
	set("Company", d.Company)
	set("First Name", d.FirstName)
	set("Last Name", d.LastName)
	for i, v := range d.Custom {
		set("Custom"+strconv.Itoa(i+1), v)
	}
	return json.Marshal(m)
}

// SendRequest is the MessageData of POST send/sms (contributing/wire-protocol.md §6.2).
type SendRequest struct {
	// MessageID identifies the message for status polls and actions. When
	// empty the client generates a UUID v4 before the first attempt.
	MessageID    string
	Message      string
	Destinations []Destination

	Reference     string
	SendTime      string // "2006-01-02T15:04", local to TimeZone or the account zone
	TimeZone      string
	SubAccount    string
	Department    string
	ChargeCode    string
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

// messageData is the wire form of SendRequest.
func (r SendRequest) messageData() map[string]any {
	md := map[string]any{
		"Message":             r.Message,
		"Destinations":        r.Destinations,
		"MessageID":           r.MessageID,
		"CharacterConversion": r.CharacterConversion,
	}
	for k, v := range map[string]string{
		"Reference": r.Reference, "SendTime": r.SendTime, "TimeZone": r.TimeZone,
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
	return md
}

type sendResponse struct {
	MessageID string `json:"MessageID"`
}

// SendSMS submits a message and returns its MessageID. Submission is not
// delivery: poll MessageStatus for that.
//
// A send is never retried after an unknown outcome (a 5xx or a timeout):
// only an HTTP 429 or a request that provably never reached the API is sent
// again, so nobody is texted twice. The MessageID is fixed before the first
// attempt so that a caller can always look the message up.
func (c *Client) SendSMS(ctx context.Context, in SendRequest) (string, error) {
	if in.MessageID == "" {
		in.MessageID = newUUID()
	}
	var out sendResponse
	if err := c.do(ctx, request{
		method: http.MethodPost, route: "send/sms",
		body:   map[string]any{"MessageData": in.messageData()},
		writes: writes{kind: writesNothingCached},
	}, &out); err != nil {
		return in.MessageID, err
	}
	if out.MessageID == "" {
		out.MessageID = in.MessageID
	}
	return out.MessageID, nil
}

// ActionResult is the answer of set/resubmit, set/reschedule and set/abort.
type ActionResult struct {
	MessageID string `json:"MessageID"`
	// Status is the message's state as the API reports it (documented both
	// as the state before the action and as the current one).
	Status string `json:"Status"`
	JobNum string `json:"JobNum"`
	Action string `json:"Action"`
}

// messageAction PATCHes set/{action}/{id}. Only reschedule is safe to
// repeat after an unknown outcome; abort and resubmit are sent once.
func (c *Client) messageAction(ctx context.Context, action, id string, body map[string]string) (*ActionResult, error) {
	var out ActionResult
	if body == nil {
		body = map[string]string{}
	}
	if err := c.do(ctx, request{
		method: http.MethodPatch, route: "set/" + action + "/{id}", params: []string{id}, body: body,
		once: action != "reschedule", writes: writes{kind: writesNothingCached},
	}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Resubmit retries a message whose status is Failed, optionally at
// sendTime ("2006-01-02T15:04"; empty = now).
func (c *Client) Resubmit(ctx context.Context, messageID, sendTime string) (*ActionResult, error) {
	var body map[string]string
	if sendTime != "" {
		body = map[string]string{"SendTime": sendTime}
	}
	return c.messageAction(ctx, "resubmit", messageID, body)
}

// Reschedule moves a Delayed message to sendTime.
func (c *Client) Reschedule(ctx context.Context, messageID, sendTime string) (*ActionResult, error) {
	return c.messageAction(ctx, "reschedule", messageID, map[string]string{"SendTime": sendTime})
}

// Abort cancels a Delayed message.
func (c *Client) Abort(ctx context.Context, messageID string) (*ActionResult, error) {
	return c.messageAction(ctx, "abort", messageID, nil)
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

package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// SMS status codes (the status member of an SMS record).
const (
	StatusUndeliverable = -4
	StatusExpired       = -3
	StatusRejected      = -2
	StatusFailed        = -1
	StatusPending       = 0
	StatusSent          = 1
	StatusDelivered     = 2
)

var statusNames = map[int]string{
	StatusUndeliverable: "UNDELIVERABLE",
	StatusExpired:       "EXPIRED",
	StatusRejected:      "REJECTED",
	StatusFailed:        "FAILED",
	StatusPending:       "PENDING",
	StatusSent:          "SENT",
	StatusDelivered:     "DELIVERED",
}

// StatusName returns the name of a status code (status_msg), or "" for a
// code the reference does not list.
func StatusName(code int) string { return statusNames[code] }

// StatusFinal reports whether a status is an outcome: DELIVERED or a
// failure. PENDING and SENT (awaiting the delivery report) are not.
func StatusFinal(code int) bool {
	return code != StatusPending && code != StatusSent && StatusName(code) != ""
}

// Route is the send_sms route.
type Route int

// Routes of the reference.
const (
	RouteStandard  Route = 0
	RouteFinancial Route = 1 // no fallback: for OTP and transactional messages
	RouteCorporate Route = 2 // falls back to standard where the destination allows
)

// Stages of the SMS filters.
const (
	StagePending = "pending"
	StageSent    = "sent"
	StageFailed  = "failed"
)

// Message types of the SMS filters.
const (
	TypeNormal = "0"
	TypeFlash  = "1"
)

// SendContact is one item of send_sms's contacts: a recipient with
// personal data. Only Phone is required.
type SendContact struct {
	Phone     string
	FirstName string
	LastName  string
	GroupName string
	// ExtraData is kept on the SMS record (extra_data in fetch_sms).
	ExtraData string
	// OverrideMessage replaces the message for this contact.
	OverrideMessage string
	// OverrideDateTime sends to this contact at another time (send_at
	// layouts, at the request's timezone offset).
	OverrideDateTime string
}

// MarshalJSON writes the reference's member names, only those set.
func (s SendContact) MarshalJSON() ([]byte, error) {
	return contactJSON(s.Phone, map[string]string{
		"firstname": s.FirstName, "lastname": s.LastName, "group_name": s.GroupName, "extra_data": s.ExtraData,
		"override_message": s.OverrideMessage, "override_date_time": s.OverrideDateTime,
	})
}

// contactJSON writes a contacts item: the phone and the non-empty members.
func contactJSON(phone string, members map[string]string) ([]byte, error) {
	m := map[string]string{"phone": strings.TrimSpace(phone)}
	for k, v := range members {
		if v != "" {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// SendRequest is a send_sms.
type SendRequest struct {
	// Message is the text; required.
	Message string
	// Recipients are phone numbers. The gateway replaces a leading 0 with
	// the dial code (DefaultDialCode or the sub-account's) and drops a "+":
	// give numbers in international form to avoid surprises.
	Recipients []string
	// Contacts are recipients with personal data and overrides.
	Contacts []SendContact
	// ContactGroups adds every number of these groups; IgnoreGroups drops
	// every number found in those.
	ContactGroups []string
	IgnoreGroups  []string
	// SenderID: 3 to 11 characters, or 3 to 14 digits; empty means the
	// sub-account's default.
	SenderID string
	// Flash sends a flash message (type 1).
	Flash bool
	// Unicode keeps special characters (72 characters per page).
	Unicode bool
	Route   Route
	// DefaultDialCode replaces the leading 0 of national numbers.
	DefaultDialCode string
	// SendAt queues the message: "2006-01-02 15:04", "2006-01-02" or
	// "15:04", at TimezoneOffset (default: the sub-account's). A past time
	// sends at once.
	SendAt         string
	TimezoneOffset string
	// SaveAs saves the recipients as contacts of this group.
	SaveAs string
}

// SendResult is the answer of a send.
type SendResult struct {
	// BatchID names the batch (fetch_sms, stop_sms filters).
	BatchID string
	// Total is the number of recipient numbers the gateway parsed (after
	// removing duplicates).
	Total int
}

// SendSMS sends a message (send_sms).
//
// It is never sent twice after an unknown outcome: only an HTTP 429 or a
// request that provably never reached the gateway is sent again. Otherwise
// the error is an *UnknownOutcomeError saying what to look for before
// sending again. Once the request has started, cancelling ctx does not cut
// it off (its batch_id is still read).
func (c *Client) SendSMS(ctx context.Context, in SendRequest) (*SendResult, error) {
	fields, err := in.fields()
	if err != nil {
		return nil, fmt.Errorf("api_v1 send_sms: %w", err)
	}
	req := call{action: "send_sms", fields: fields, recipients: len(in.Recipients) + len(in.Contacts), groups: in.ContactGroups}
	started := time.Now()
	obj, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var batch flexString
	var total flexInt
	_, berr := member(obj, "batch_id", &batch)
	_, terr := member(obj, "total", &total)
	if berr != nil || terr != nil || strings.TrimSpace(string(batch)) == "" {
		// No error member, so the gateway took the send, but the answer
		// does not say which batch: the same situation as a lost answer.
		return nil, c.unknownOutcome(req, started, fmt.Errorf("api_v1 send_sms: the answer has no usable batch_id: %s",
			c.excerpt(mustJSON(obj))))
	}
	return &SendResult{BatchID: strings.TrimSpace(string(batch)), Total: int(total)}, nil
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// SMSFilter selects SMS records for stop_sms, delete_sms and
// get_total_units (and, with SMSQuery, fetch_sms).
type SMSFilter struct {
	BatchID string
	SMSIDs  []string
	// Stage is StagePending, StageSent or StageFailed.
	Stage string
	// Type is TypeNormal or TypeFlash.
	Type string
	// Recipient is a phone number (08094309926, 2348094309926 and
	// +2348094309926 name the same one).
	Recipient string
	SenderID  string
	// StartDate and EndDate bound the time sent or scheduled:
	// "2016-04-22 13:45", "2016-04-22", "28-04-2016 13:45" or "28-04-2016".
	StartDate string
	EndDate   string
	// Everything must be set, with no other field, to stop or delete every
	// SMS of the sub-account: api_v1 does that to a request without a
	// filter, so the client refuses to send one by accident.
	Everything bool
}

// Validate checks the filter's values.
func (f SMSFilter) Validate() error {
	switch strings.ToLower(strings.TrimSpace(f.Stage)) {
	case "", StagePending, StageSent, StageFailed:
	default:
		return fmt.Errorf("stage %q must be %s, %s or %s", f.Stage, StagePending, StageSent, StageFailed)
	}
	switch strings.TrimSpace(f.Type) {
	case "", TypeNormal, TypeFlash:
	default:
		return fmt.Errorf("type %q must be %s (normal) or %s (flash)", f.Type, TypeNormal, TypeFlash)
	}
	for _, id := range f.SMSIDs {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		if n, err := strconv.Atoi(id); err != nil || n < 1 {
			return fmt.Errorf("sms id %q is not a positive number", id)
		}
	}
	for _, d := range []string{f.StartDate, f.EndDate} {
		if d = strings.TrimSpace(d); d != "" {
			if err := ValidateDate(d); err != nil {
				return err
			}
		}
	}
	if f.Everything && f.Narrows() {
		return errors.New("the Everything flag is set together with a filter")
	}
	return nil
}

// Narrows reports whether the filter selects less than every record.
// Type "0" alone does not count: a PHP gateway that tests its filters with
// empty() reads "0" as absent, and would act on every record.
func (f SMSFilter) Narrows() bool {
	for _, v := range []string{f.BatchID, f.Stage, f.Recipient, f.SenderID, f.StartDate, f.EndDate} {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	for _, id := range f.SMSIDs {
		if strings.TrimSpace(id) != "" {
			return true
		}
	}
	return strings.TrimSpace(f.Type) == TypeFlash
}

func (f SMSFilter) fields() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val = strings.TrimSpace(val); val != "" {
			v.Set(k, val)
		}
	}
	set("batch_id", f.BatchID)
	var ids []string
	for _, id := range f.SMSIDs {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	set("sms_ids", strings.Join(ids, ","))
	set("stage", strings.ToLower(f.Stage))
	set("type", f.Type)
	set("recipient", f.Recipient)
	set("sender_id", f.SenderID)
	set("start_date", f.StartDate)
	set("end_date", f.EndDate)
	return v
}

// bulkFields checks a filter for stop_sms and delete_sms.
func (f SMSFilter) bulkFields(action string) (url.Values, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("api_v1 %s: %w", action, err)
	}
	if !f.Narrows() && !f.Everything {
		return nil, fmt.Errorf("api_v1 %s: %w: api_v1 applies %s without a filter to every SMS of the sub-account; "+
			"give a batch id, SMS ids, a stage, a flash type, a recipient, a sender id or a date", action, ErrNoFilter, action)
	}
	return f.fields(), nil
}

// SMSQuery is the filter of fetch_sms.
type SMSQuery struct {
	SMSFilter
	// SearchTerm roughly matches the recipient, sender id or text.
	SearchTerm string
}

// SMS is one SMS record of fetch_sms.
type SMS struct {
	ID           string
	BatchID      string
	Sender       string
	Recipient    string
	Message      string
	SubAccountID string
	UserID       string
	// Status is the code (StatusDelivered…), StatusMsg its name as sent.
	Status         int
	StatusMsg      string
	Type           int
	Units          int
	UnitsConfirmed int
	Reference      string
	Info           string
	Locked         bool
	FirstName      string
	LastName       string
	GroupName      string
	ExtraData      string
	// Times as Unix seconds (zero when not yet), and as the gateway formats
	// them ("2015-11-22 20:35", at the sub-account's offset).
	Scheduled   time.Time
	Submitted   time.Time
	Sent        time.Time
	SubmittedAt string
	ScheduledTo string
	SentAt      string
}

// smsRecord is the wire form of SMS.
type smsRecord struct {
	SMSID          flexString `json:"sms_id"`
	Sender         flexString `json:"sender"`
	Recipient      flexString `json:"recipient"`
	Message        flexString `json:"message"`
	SubAccountID   flexString `json:"sub_account_id"`
	UserID         flexString `json:"user_id"`
	TimeScheduled  flexString `json:"time_scheduled"`
	BatchID        flexString `json:"batch_id"`
	Status         flexString `json:"status"`
	Type           flexInt    `json:"type"`
	Units          flexInt    `json:"units"`
	Reference      flexString `json:"reference"`
	TimeSubmitted  flexString `json:"time_submitted"`
	TimeSent       flexString `json:"time_sent"`
	UnitsConfirmed flexInt    `json:"units_confirmed"`
	Locked         flexString `json:"locked"`
	Info           flexString `json:"info"`
	FirstName      flexString `json:"firstname"`
	LastName       flexString `json:"lastname"`
	GroupName      flexString `json:"group_name"`
	StatusMsg      flexString `json:"status_msg"`
	SubmittedAt    flexString `json:"submitted_at"`
	ScheduledTo    flexString `json:"scheduled_to"`
	SentAt         flexString `json:"sent_at"`
	ExtraData      flexString `json:"extra_data"`
}

// sms converts a record; the status comes from status, else from the name
// in status_msg.
func (r smsRecord) sms() (SMS, error) {
	s := SMS{
		ID: string(r.SMSID), BatchID: string(r.BatchID), Sender: string(r.Sender), Recipient: string(r.Recipient),
		Message: string(r.Message), SubAccountID: string(r.SubAccountID), UserID: string(r.UserID),
		StatusMsg: string(r.StatusMsg), Type: int(r.Type), Units: int(r.Units), UnitsConfirmed: int(r.UnitsConfirmed),
		Reference: string(r.Reference), Info: string(r.Info), Locked: string(r.Locked) == "1",
		FirstName: string(r.FirstName), LastName: string(r.LastName), GroupName: string(r.GroupName),
		ExtraData: string(r.ExtraData), Scheduled: epoch(r.TimeScheduled), Submitted: epoch(r.TimeSubmitted),
		Sent: epoch(r.TimeSent), SubmittedAt: string(r.SubmittedAt), ScheduledTo: string(r.ScheduledTo), SentAt: string(r.SentAt),
	}
	if n, err := strconv.Atoi(strings.TrimSpace(string(r.Status))); err == nil {
		s.Status = n
		return s, nil
	}
	for code, name := range statusNames {
		if strings.EqualFold(strings.TrimSpace(string(r.StatusMsg)), name) {
			s.Status = code
			return s, nil
		}
	}
	return s, fmt.Errorf("SMS %q has no readable status (status %q, status_msg %q)", redact.Cut(s.ID, maxQuotedValue),
		redact.Cut(string(r.Status), maxQuotedValue), redact.Cut(string(r.StatusMsg), maxQuotedValue))
}

// FetchSMS returns every SMS record matching q (fetch_sms, all pages), in
// the gateway's order (newest first). An empty query returns every record.
func (c *Client) FetchSMS(ctx context.Context, q SMSQuery) ([]SMS, error) {
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("api_v1 fetch_sms: %w", err)
	}
	fields := q.fields()
	if s := strings.TrimSpace(q.SearchTerm); s != "" {
		fields.Set("search_term", s)
	}
	records, err := listAll(ctx, c, "fetch_sms", fields, []string{"records"}, func(r smsRecord) string { return string(r.SMSID) })
	if err != nil {
		return nil, err
	}
	out := make([]SMS, 0, len(records))
	for _, r := range records {
		s, err := r.sms()
		if err != nil {
			return nil, c.masked(fmt.Errorf("api_v1 fetch_sms: %w", err))
		}
		out = append(out, s)
	}
	return out, nil
}

// total reads the total member of a bulk action's answer.
func (c *Client) total(action string, obj map[string]json.RawMessage) (int, error) {
	var n flexInt
	present, err := member(obj, "total", &n)
	if err != nil || !present {
		return 0, fmt.Errorf("api_v1 %s: the answer has no readable total: %s", action, c.excerpt(mustJSON(obj)))
	}
	return int(n), nil
}

// StopSMS stops the matching SMS that are still queued (stop_sms) and
// returns how many were stopped. A filter that narrows nothing is refused
// with ErrNoFilter unless f.Everything is set. It is not repeated after an
// unknown outcome (running it again is safe).
func (c *Client) StopSMS(ctx context.Context, f SMSFilter) (int, error) {
	return c.bulkSMS(ctx, "stop_sms", f)
}

// DeleteSMS deletes the matching SMS records (delete_sms) and returns how
// many; the filter rules are those of StopSMS.
func (c *Client) DeleteSMS(ctx context.Context, f SMSFilter) (int, error) {
	return c.bulkSMS(ctx, "delete_sms", f)
}

func (c *Client) bulkSMS(ctx context.Context, action string, f SMSFilter) (int, error) {
	fields, err := f.bulkFields(action)
	if err != nil {
		return 0, err
	}
	obj, err := c.do(ctx, call{action: action, fields: fields})
	if err != nil {
		return 0, err
	}
	return c.total(action, obj)
}

// TotalUnits returns the units of the matching SMS (get_total_units; an
// empty filter means every SMS). The reference does not document the
// answer; the client reads its total member.
func (c *Client) TotalUnits(ctx context.Context, f SMSFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, fmt.Errorf("api_v1 get_total_units: %w", err)
	}
	obj, err := c.do(ctx, call{action: "get_total_units", fields: f.fields(), replayable: true})
	if err != nil {
		return 0, err
	}
	return c.total("get_total_units", obj)
}

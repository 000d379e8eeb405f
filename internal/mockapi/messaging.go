// Messaging: POST send/sms, the message lifecycle, replies and inbound SMS
// (contributing/wire-protocol.md §5–§8, §10, §13.2 M3, M6, M8–M11). The report
// and action handlers are in reports.go, webhook delivery in webhooks.go.
//
// The lifecycle is deterministic and evaluated lazily from the server clock
// (Options.Now), so a test advances a fake clock instead of sleeping. A
// background loop (and every read) "materialises" due transitions — fixes
// the recipients' outcome and sent time in the store — and queues their
// webhooks.
//
// # Mock behaviour
//
//   - Send validation (400, envelope {"Result":"Failed","ErrorMessage":[…],
//     "MessageID":"<id from the request or empty>"}), checked in this order:
//     `Missing message data` (MessageData absent, null, not an object or
//     {}); `Invalid MessageID: must be at most 40 letters, digits or
//     dashes`; `Missing or empty destinations` (Destinations absent, null,
//     not an array or []); `Missing or empty message` (Message absent or
//     blank); `WebhookCallbackURL must start with https://`;
//     `WebhookCallbackFormat must be JSON or XML`; `Mode must be Test or
//     empty`; an unknown TimeZone; an unparseable SendTime; and last `Error -
//     Could not find any valid destination(s).` when the destinations expand
//     to no number at all.
//   - Destinations: {"Recipient": number, personalisation…} (keys Attention,
//     Company, First Name/FirstName, Last Name/LastName, Custom1…Custom9,
//     matched ignoring case, spaces and underscores), {"ContactID"},
//     {"GroupID"} and {"GroupCode"} (a GroupID slot also takes a code). The
//     first non-empty of Recipient, ContactID, GroupID, GroupCode decides the
//     form, so PY24's all-null members are harmless. A contact contributes
//     its MobilePhone (with its Attention, Company, names and Custom1–4,
//     overridden by non-empty item keys); a contact without a mobile, an
//     unknown ContactID/GroupID/GroupCode and an empty Recipient contribute
//     nothing; a group contributes its members with a mobile, in the order
//     they joined. Recipients are NOT de-duplicated: every expanded
//     destination is one recipient with its own DestSeq (00000001, …).
//   - Outcome: a recipient fails (Status Failed, Result "Invalid number",
//     Price 0) when its number with white space removed does not match
//     ^\+?[1-9]\d{7,14}$ or ends in 0000; otherwise it succeeds (Status
//     Success, Result "delivered"). National numbers such as 0421000001 fail.
//   - Price: 0.10 per SMS part for a successful recipient, 0 for failed,
//     aborted and Test-mode recipients; the job Price is the sum. Parts are
//     the GSM-7/UCS-2 segments of the personalised text ([[Attention]],
//     [[Company]], [[First Name]], [[Last Name]], [[Custom1]]…[[Custom9]] are
//     substituted; other tokens stay), at least 1.
//   - Timing: `Mode: "Test"` is Completed at once (every recipient Success,
//     Result "Test mode - not sent", Price 0; SendTime is validated but
//     ignored). A SendTime in the future makes the job Delayed until then;
//     a SendTime now or in the past sends at once. Sending starts the job
//     Pending; each recipient completes Options.DeliveryDelay after its
//     delivery started (0 = at once; the command's -delivery-delay defaults
//     to 2s). A Delayed job becomes Pending at its SendTime and completes
//     DeliveryDelay later. Job status: Deleted when aborted, Completed when
//     every recipient has an outcome, Delayed while its recipients wait for a
//     future start, else Pending.
//   - Time zones: SendTime layouts 2006-01-02T15:04, 2006-01-02 15:04 (each
//     with or without :05 seconds and fractions) are wall time in TimeZone,
//     RFC 3339 with an offset is absolute. TimeZone takes the Windows names
//     AUS Eastern (Australia/Sydney), New Zealand (Pacific/Auckland), E.
//     Australia (Australia/Brisbane), W. Australia (Australia/Perth), Cen.
//     Australia (Australia/Adelaide), Central Pacific (Pacific/Guadalcanal),
//     optionally followed by " Standard Time", or IANA names; empty means the
//     account zone, AUS Eastern. Every "local" time the mock reports is in
//     the account zone (Timezone "AUS Eastern").
//   - Reused MessageIDs: status, replies, actions and reply_to act on the
//     most recent message with that id (compared ignoring case).
//   - Actions (PATCH set/{action}/{id}; bodies {}, {"HTTPMethod":"PATCH"} or
//     none; answer Status is the status BEFORE the action): reschedule and
//     abort apply only to a Delayed job (else 400 `Message is not Delayed
//     (status: X)`); reschedule requires a SendTime, parsed in the message's
//     TimeZone (a past time sends at once); abort makes the job Deleted and
//     its waiting recipients Failed with Result "Aborted" (Price 0, no
//     webhook). Resubmit applies to a job that is no longer Pending or
//     Delayed and has a Failed recipient (including aborted ones); it
//     re-queues the Failed recipients as Pending, now or at the optional
//     future SendTime. The outcome rule still applies, so an invalid number
//     fails again. Unknown id: 404 `Message(s) NOT found`.
//   - Inbound senders are stored and reported in E.164, as the API reports
//     them: separators are dropped, "+CC…" and "00CC…" (and AU's "0011CC…")
//     are international, a leading 0 is an AU national number ("0421 000
//     001" → +61421000001), and bare digits already carry their country
//     code ("61421000001" → +61421000001). Anything that is not then
//     +[1-9] and 8 to 15 digits is a 400 `from must be a phone number`.
//   - Replies: an inbound SMS (POST /_mock/inbound or Server.Inbound) is a
//     reply when a message was delivered (Success, Test mode included) to
//     that number, compared by digits, within the last 7 days: to reply_to
//     when given (400 when reply_to is unknown or was never delivered to that
//     number; delivered more than 7 days ago makes it a plain inbound SMS),
//     else to the most recently delivered such message. Otherwise it is a
//     plain inbound SMS with an empty MessageID. Both are listed by
//     get/sms/received; replies also appear in the recipient's SMSReplies.
//   - Received window: dateFrom/dateTo (layouts as SendTime plus a bare date,
//     account zone, both ends inclusive; a bare dateTo means the end of that
//     day) win over timePeriod when both are given; either bound may be
//     omitted; with neither, timePeriod (minutes, default 1440) ends now.
//     Oldest first, paged.
//   - Webhooks: per message WebhookCallbackURL, else the account default
//     (Options.WebhookURL, -webhook-url). One delivery-result webhook per
//     recipient when it completes (Test mode: at once), one SMSReply webhook
//     per reply (Status/Result RECEIVED); plain inbound SMS go to the account
//     default only (Type SMSInbound). Format WebhookCallbackFormat, else
//     Options.WebhookFormat, else JSON. A transport error or non-2xx answer
//     is retried every Options.WebhookRetryInterval (default 5m) until
//     Options.WebhookHorizon (default 24h) has passed since the first
//     attempt. Retry timing uses the wall clock, not Options.Now, and the
//     queue is not persisted. http:// URLs are refused (also at send time)
//     unless Options.AllowHTTPWebhooks is set and the host is loopback.
//   - Asynchronous validation: with Options.StatusDelay (-status-delay), a
//     new message is invisible to get/status/{id} and get/sms/reply/{id}
//     for that long after its submission (404 `Message(s) NOT found`), as
//     the real API can be right after a submit.
//   - Reports: get/status/{id} and get/sms/reply/{id} page the Recipients
//     (recordsPerPage/page, default 100; NJ24's "{id}/?…" works) and carry
//     both generations of time names; Account is "100001", recipient Type
//     "Text", RemoteID "", SMSParts the part count; the reply document adds
//     SMSReplies (possibly []) to every recipient. get/sms/received lists
//     Messages with a numeric ID (1, 2, … in arrival order) besides the
//     ReceivedID.
//   - Webhook bodies: Sender "bestsms-mock@example.com", APIKey "", Type
//     SMS/SMSReply/SMSInbound, SentTime "2006-01-02 15:04:05" account-zone
//     time (completion, or reception for replies), Status upper case, Price
//     a string "0.10", Detail "SMSParts:N" (empty Price/Detail for inbound),
//     URL the target, RESPONSEMODE the format. JSON is sent as
//     application/json, XML as text/xml with <?xml …?><root>…</root>.
//   - Legacy forms (contributing/wire-protocol.md §2.4): POST get/status, POST get/sms/reply, POST
//     get/sms/received and POST or PATCH set/{resubmit|reschedule|abort}
//     take MessageID (and TimePeriod, DateFrom, DateTo, RecordsPerPage,
//     Page, SendTime) from the body. Messaging POST/PATCH requests without
//     an Authorization header may authenticate with body members Sender (an
//     e-mail address) and APIKey (an accepted token); failures are 401
//     `Missing Sender`, `Missing APIKey`, `Invalid sender format` or
//     `Unauthorized`.
//   - Persistence: messages and received SMS are part of the state file;
//     POST /_mock/reset clears them and the webhook queue and log. GET
//     /_mock/messages lists every submission as the mock sees it.
//
// (This block is a file comment, not package documentation: the blank line
// below keeps it out of the package doc in server.go.)

package mockapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/smsenc"
)

// Message is an SMS submission as the mock reports it, evaluated at the
// server clock when it is read.
type Message struct {
	MessageID string
	JobNum    string
	// Status is the job state the API reports now: Delayed, Pending,
	// Completed or Deleted (aborted).
	Status string
	// Text is MessageData.Message.
	Text                  string
	Reference             string
	SendTime              string // as given (reschedule replaces it)
	TimeZone              string
	SubAccount            string
	Department            string
	ChargeCode            string
	FromNumber            string
	SMSEmailReply         string
	ReportTo              string
	WebhookCallbackURL    string
	WebhookCallbackFormat string
	Mode                  string
	CharacterConversion   bool
	// Destinations are the Destinations items exactly as received.
	Destinations []map[string]any
	// Recipients are the expanded destinations.
	Recipients []Recipient
	Created    time.Time
	// SendAt is when a delayed job starts sending; zero unless delayed.
	SendAt time.Time
	// Raw is the MessageData object as received.
	Raw json.RawMessage
}

// Recipient is one expanded destination of a message.
type Recipient struct {
	DestSeq     string
	Destination string
	ContactID   string
	GroupID     string
	Attention   string
	Company     string
	FirstName   string
	LastName    string
	Custom      [9]string
	// Status is Success, Failed or Pending; Result delivered, Invalid
	// number, Aborted, Pending or the Test-mode text.
	Status   string
	Result   string
	Price    float64
	Parts    int
	SentTime time.Time // zero until completed
	Replies  []Received
}

// Received is an inbound SMS: a reply (MessageID set) or a plain inbound
// message (MessageID empty).
type Received struct {
	ReceivedID  string
	From        string
	MessageText string
	MessageID   string
	JobNum      string
	ContactID   string
	Type        string // SMSReply or SMSInbound
	Received    time.Time
}

// Job states and recipient outcomes.
const (
	statusPending   = "Pending"
	statusDelayed   = "Delayed"
	statusCompleted = "Completed"
	statusDeleted   = "Deleted"

	recipSuccess = "Success"
	recipFailed  = "Failed"

	resultDelivered = "delivered"
	resultInvalid   = "Invalid number"
	resultAborted   = "Aborted"
	resultPending   = "Pending"
	resultTestMode  = "Test mode - not sent"

	typeReply   = "SMSReply"
	typeInbound = "SMSInbound"
)

// pricePerPart is what a successful SMS part costs.
const pricePerPart = 0.10

// replyWindow is how long after delivery an SMS counts as a reply (D001).
const replyWindow = 7 * 24 * time.Hour

// accountNumber is the Account the mock reports.
const accountNumber = "100001"

// ---- stored form ----

// storedMessage is a message as persisted: the facts from which the
// reported state is derived.
type storedMessage struct {
	MessageID             string
	JobNum                string
	Text                  string
	Reference             string
	SendTime              string
	TimeZone              string
	SubAccount            string
	Department            string
	ChargeCode            string
	FromNumber            string
	SMSEmailReply         string
	ReportTo              string
	WebhookCallbackURL    string
	WebhookCallbackFormat string
	Mode                  string
	CharacterConversion   bool
	Destinations          []map[string]any
	// Raw is the MessageData object as received, kept as a string so that
	// it survives the state file byte for byte.
	Raw        string
	Created    time.Time
	SendAt     time.Time // zero unless delayed
	Aborted    time.Time // zero unless aborted
	Recipients []storedRecipient
}

// storedRecipient is a recipient as persisted. Until Final is set its
// outcome is derived from Valid, Start and the delivery delay.
type storedRecipient struct {
	DestSeq     string
	Destination string
	ContactID   string
	GroupID     string
	Attention   string
	Company     string
	FirstName   string
	LastName    string
	Custom      [9]string
	Parts       int
	Valid       bool      // the number passes the mock's rule
	Start       time.Time // when delivery starts
	Final       bool      // outcome fixed (materialised)
	Status      string
	Result      string
	Price       float64
	SentTime    time.Time
	Notified    bool // its delivery webhook was queued (or not needed)
}

// receivedRecord is an inbound SMS as persisted; replies link to their
// message by JobNum and DestSeq.
type receivedRecord struct {
	Seq         int
	ReceivedID  string
	From        string
	MessageText string
	MessageID   string
	JobNum      string
	DestSeq     string
	ContactID   string
	Received    time.Time
}

func (m *storedMessage) test() bool { return strings.EqualFold(m.Mode, "Test") }

// recipientAt returns r as it is at now.
func recipientAt(r storedRecipient, now time.Time, delay time.Duration) storedRecipient {
	if r.Final {
		return r
	}
	due := r.Start.Add(delay)
	if now.Before(due) {
		r.Status, r.Result, r.Price = statusPending, resultPending, 0
		return r
	}
	return complete(r, due)
}

// complete fixes r's outcome at the given time.
func complete(r storedRecipient, at time.Time) storedRecipient {
	r.Final, r.SentTime = true, at
	if r.Valid {
		r.Status, r.Result, r.Price = recipSuccess, resultDelivered, money(float64(r.Parts)*pricePerPart)
	} else {
		r.Status, r.Result, r.Price = recipFailed, resultInvalid, 0
	}
	return r
}

// statusAt is the job state at now.
func (m *storedMessage) statusAt(now time.Time, delay time.Duration) string {
	if !m.Aborted.IsZero() {
		return statusDeleted
	}
	open, started := false, false
	for _, r := range m.Recipients {
		if recipientAt(r, now, delay).Final {
			continue
		}
		open = true
		if !now.Before(r.Start) {
			started = true
		}
	}
	switch {
	case !open:
		return statusCompleted
	case started:
		return statusPending
	}
	return statusDelayed
}

func money(v float64) float64 { return math.Round(v*100) / 100 }

// ---- state helpers ----

// messageIndex returns the index of the most recent message with the id
// (compared ignoring case), or -1.
func (st *state) messageIndex(id string) int {
	id = strings.TrimSpace(id)
	if id == "" {
		return -1
	}
	for i := len(st.Messages) - 1; i >= 0; i-- {
		if strings.EqualFold(st.Messages[i].MessageID, id) {
			return i
		}
	}
	return -1
}

func (st *state) jobNumTaken(job string) bool {
	for i := range st.Messages {
		if st.Messages[i].JobNum == job {
			return true
		}
	}
	return false
}

// newJobNum returns a fresh 8-character job number.
func (st *state) newJobNum() string {
	for {
		j := strings.ToUpper(strings.ReplaceAll(newUUID(), "-", "")[:8])
		if !st.jobNumTaken(j) {
			return j
		}
	}
}

func (st *state) nextReceivedSeq() int {
	n := 0
	for _, r := range st.Received {
		n = max(n, r.Seq)
	}
	return n + 1
}

// messageView evaluates message i at now.
func (st *state) messageView(i int, now time.Time, delay time.Duration) Message {
	m := &st.Messages[i]
	out := Message{
		MessageID: m.MessageID, JobNum: m.JobNum, Status: m.statusAt(now, delay), Text: m.Text,
		Reference: m.Reference, SendTime: m.SendTime, TimeZone: m.TimeZone,
		SubAccount: m.SubAccount, Department: m.Department, ChargeCode: m.ChargeCode,
		FromNumber: m.FromNumber, SMSEmailReply: m.SMSEmailReply, ReportTo: m.ReportTo,
		WebhookCallbackURL: m.WebhookCallbackURL, WebhookCallbackFormat: m.WebhookCallbackFormat,
		Mode: m.Mode, CharacterConversion: m.CharacterConversion,
		Destinations: cloneDestinations(m.Destinations),
		Recipients:   make([]Recipient, 0, len(m.Recipients)),
		Created:      m.Created, SendAt: m.SendAt,
	}
	if m.Raw != "" {
		out.Raw = json.RawMessage(m.Raw)
	}
	for _, sr := range m.Recipients {
		r := recipientAt(sr, now, delay)
		out.Recipients = append(out.Recipients, Recipient{
			DestSeq: r.DestSeq, Destination: r.Destination, ContactID: r.ContactID, GroupID: r.GroupID,
			Attention: r.Attention, Company: r.Company, FirstName: r.FirstName, LastName: r.LastName,
			Custom: r.Custom, Status: r.Status, Result: r.Result, Price: r.Price, Parts: r.Parts,
			SentTime: r.SentTime, Replies: st.repliesTo(m.JobNum, r.DestSeq),
		})
	}
	return out
}

// repliesTo returns the replies to one recipient, oldest first.
func (st *state) repliesTo(jobNum, destSeq string) []Received {
	out := []Received{}
	for _, rec := range st.Received {
		if rec.JobNum == jobNum && rec.DestSeq == destSeq && rec.MessageID != "" {
			out = append(out, rec.view())
		}
	}
	return out
}

func (rec receivedRecord) view() Received {
	t := typeInbound
	if rec.MessageID != "" {
		t = typeReply
	}
	return Received{
		ReceivedID: rec.ReceivedID, From: rec.From, MessageText: rec.MessageText,
		MessageID: rec.MessageID, JobNum: rec.JobNum, ContactID: rec.ContactID,
		Type: t, Received: rec.Received,
	}
}

func cloneDestinations(ds []map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(ds))
	for _, d := range ds {
		c := make(map[string]any, len(d))
		for k, v := range d {
			c[k] = v
		}
		out = append(out, c)
	}
	return out
}

func cloneMessages(ms []storedMessage) []storedMessage {
	out := make([]storedMessage, len(ms))
	for i, m := range ms {
		m.Recipients = append([]storedRecipient{}, m.Recipients...)
		out[i] = m
	}
	return out
}

// ---- send ----

// sendBody is the answer to a successful send.
type sendBody struct {
	Result    string `json:"Result"`
	MessageID string `json:"MessageID"`
}

// msgFailure is a failure envelope naming the message id.
func msgFailure(err error, id string) *reply {
	rep := storeFailure(err)
	if eb, ok := rep.body.(errorBody); ok {
		eb.MessageID = id
		rep.body = eb
	}
	return rep
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
	raw, _, ok := b.lookup("MessageData")
	if !ok {
		return nil, "", badRequest(errMissingMessageData)
	}
	md, perr := parseBody(raw)
	if perr != nil || len(md) == 0 || !strings.HasPrefix(strings.TrimSpace(string(raw)), "{") {
		return nil, "", badRequest(errMissingMessageData)
	}
	id, _, aerr := md.str("MessageID")
	if aerr != nil {
		return nil, "", aerr
	}
	id = strings.TrimSpace(id)
	if id != "" && !messageIDPattern.MatchString(id) {
		return nil, id, badRequest(errInvalidMessageID)
	}

	in := &sendInput{}
	m := &in.msg
	m.MessageID = id
	if dv, _, ok := md.lookup("Destinations"); ok {
		_ = json.Unmarshal(dv, &in.items)
	}
	if len(in.items) == 0 {
		return nil, id, badRequest(errMissingDests)
	}
	strs := []struct {
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
	for _, f := range strs {
		v, _, err := md.str(f.names...)
		if err != nil {
			return nil, id, err
		}
		*f.field = v
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, id, badRequest(errMissingMessage)
	}
	m.WebhookCallbackURL = strings.TrimSpace(m.WebhookCallbackURL)
	if m.WebhookCallbackURL != "" {
		if err := s.checkWebhookURL(m.WebhookCallbackURL); err != nil {
			return nil, id, err
		}
	}
	if f := strings.TrimSpace(m.WebhookCallbackFormat); f != "" {
		canon, ok := webhookFormat(f)
		if !ok {
			return nil, id, badRequest("WebhookCallbackFormat must be JSON or XML, got %q", f)
		}
		m.WebhookCallbackFormat = canon
	}
	if mode := strings.TrimSpace(m.Mode); mode != "" && !strings.EqualFold(mode, "Test") {
		return nil, id, badRequest("Mode must be Test or empty, got %q", mode)
	}
	if v, _, ok := md.lookup("CharacterConversion"); ok {
		cc, err := parseBool(v)
		if err != nil {
			return nil, id, badRequest("CharacterConversion must be a boolean")
		}
		m.CharacterConversion = cc
	}
	loc, zerr := loadZone(m.TimeZone)
	if zerr != nil {
		return nil, id, zerr
	}
	if strings.TrimSpace(m.SendTime) != "" {
		t, err := parseTime("SendTime", m.SendTime, loc, false)
		if err != nil {
			return nil, id, err
		}
		if t.After(now) && !m.test() {
			in.start = t.UTC()
		}
	}
	m.Raw = string(raw)
	return in, id, nil
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
		return msgFailure(aerr, reqID)
	}
	m := in.msg
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
			if m.test() {
				r.Final, r.Status, r.Result, r.Price, r.SentTime = true, recipSuccess, resultTestMode, 0, now
			}
		}
		m.Recipients = recips
		st.Messages = append(st.Messages, m)
		return nil
	})
	if err != nil {
		return msgFailure(err, reqID)
	}
	s.advance()
	s.kick()
	return success(sendBody{Result: resultSuccess, MessageID: m.MessageID})
}

// ---- destinations ----

// normKey folds a member or token name: lower case without spaces and
// underscores, so "First Name", "FirstName" and "first_name" are equal.
func normKey(k string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' {
			return -1
		}
		return r
	}, strings.ToLower(k))
}

// scalar renders a decoded JSON scalar as a string ("" for null, objects
// and arrays).
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// personalisation is the personalisation of one recipient.
type personalisation struct {
	Attention, Company, FirstName, LastName string
	Custom                                  [9]string
}

// overlay copies the non-empty personalisation keys of a destination item.
func (p *personalisation) overlay(item map[string]string) {
	for k, f := range map[string]*string{
		"attention": &p.Attention, "company": &p.Company, "firstname": &p.FirstName, "lastname": &p.LastName,
	} {
		if v := item[k]; v != "" {
			*f = v
		}
	}
	for i := range p.Custom {
		if v := item["custom"+strconv.Itoa(i+1)]; v != "" {
			p.Custom[i] = v
		}
	}
}

func contactPersonalisation(c Contact) personalisation {
	return personalisation{
		Attention: c.Attention, Company: c.Company, FirstName: c.FirstName, LastName: c.LastName,
		Custom: [9]string{c.Custom1, c.Custom2, c.Custom3, c.Custom4},
	}
}

// expand turns Destinations items into recipients (without DestSeq and
// Start) and returns the items that were objects, as received.
func (st *state) expand(items []any, text string) ([]storedRecipient, []map[string]any) {
	var (
		out   []storedRecipient
		dests = []map[string]any{}
	)
	add := func(number, contactID, groupID string, p personalisation) {
		number = strings.Join(strings.Fields(number), "")
		if number == "" {
			return
		}
		r := storedRecipient{
			Destination: number, ContactID: contactID, GroupID: groupID,
			Attention: p.Attention, Company: p.Company, FirstName: p.FirstName, LastName: p.LastName,
			Custom: p.Custom, Valid: validNumber(number),
		}
		r.Parts = max(1, smsenc.Count(personalise(text, p)).Segments)
		out = append(out, r)
	}
	for _, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			continue
		}
		dests = append(dests, obj)
		item := map[string]string{}
		for k, v := range obj {
			if s := scalar(v); s != "" {
				item[normKey(k)] = s
			}
		}
		trimmed := func(k string) string { return strings.TrimSpace(item[k]) }
		switch {
		case trimmed("recipient") != "":
			var p personalisation
			p.overlay(item)
			add(item["recipient"], "", "", p)
		case trimmed("contactid") != "":
			if i := st.contactIndex(trimmed("contactid")); i >= 0 {
				c := st.Contacts[i]
				p := contactPersonalisation(c)
				p.overlay(item)
				add(c.MobilePhone, c.ContactID, "", p)
			}
		case trimmed("groupid") != "" || trimmed("groupcode") != "":
			g := trimmed("groupid")
			if g == "" {
				g = trimmed("groupcode")
			}
			if gi := st.groupIndex(g); gi >= 0 {
				gid := st.Groups[gi].GroupID
				for _, c := range st.memberContacts(gid) {
					p := contactPersonalisation(c)
					p.overlay(item)
					add(c.MobilePhone, c.ContactID, gid, p)
				}
			}
		}
	}
	return out, dests
}

// validNumber is the mock's delivery rule: E.164-like and not ending in 0000.
func validNumber(n string) bool {
	return numberPattern.MatchString(n) && !strings.HasSuffix(n, "0000")
}

var tokenPattern = regexp.MustCompile(`\[\[([^\[\]]+)\]\]`)

// personalise substitutes the personalisation tokens of text.
func personalise(text string, p personalisation) string {
	return tokenPattern.ReplaceAllStringFunc(text, func(tok string) string {
		switch k := normKey(tok[2 : len(tok)-2]); k {
		case "attention":
			return p.Attention
		case "company":
			return p.Company
		case "firstname":
			return p.FirstName
		case "lastname":
			return p.LastName
		default:
			if n, ok := strings.CutPrefix(k, "custom"); ok {
				if i, err := strconv.Atoi(n); err == nil && i >= 1 && i <= 9 {
					return p.Custom[i-1]
				}
			}
		}
		return tok
	})
}

func (r Recipient) personalisation() personalisation {
	return personalisation{Attention: r.Attention, Company: r.Company, FirstName: r.FirstName, LastName: r.LastName, Custom: r.Custom}
}

// phoneKey is the digits of a phone number, for comparisons.
func phoneKey(n string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, n)
}

// ---- time zones and time parsing ----

// windowsZones maps the Windows zone names of contributing/wire-protocol.md §5.2 (lower case) to IANA.
var windowsZones = map[string]string{
	"aus eastern":     "Australia/Sydney",
	"new zealand":     "Pacific/Auckland",
	"e. australia":    "Australia/Brisbane",
	"w. australia":    "Australia/Perth",
	"cen. australia":  "Australia/Adelaide",
	"central pacific": "Pacific/Guadalcanal",
}

// loadZone resolves a TimeZone: empty is the account zone; Windows names
// (optionally with " Standard Time") and IANA names are accepted.
func loadZone(name string) (*time.Location, *apiError) {
	n := strings.TrimSpace(name)
	if n == "" {
		return accountZone, nil
	}
	key := strings.TrimSuffix(strings.ToLower(n), " standard time")
	if iana, ok := windowsZones[key]; ok {
		if loc, err := time.LoadLocation(iana); err == nil {
			return loc, nil
		}
	}
	if !strings.EqualFold(n, "Local") {
		if loc, err := time.LoadLocation(n); err == nil {
			return loc, nil
		}
	}
	return nil, badRequest(`Unknown TimeZone %q: use a Windows name such as "AUS Eastern" or "New Zealand", or an IANA name such as "Australia/Sydney"`, n)
}

var (
	wallLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"}
	zoneLayouts = []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00"}
)

// parseTime parses a SendTime or dateFrom/dateTo value: wall time in loc,
// or RFC 3339 with an offset; dateOnly also allows a bare date.
func parseTime(name, v string, loc *time.Location, dateOnly bool) (time.Time, *apiError) {
	v = strings.TrimSpace(v)
	for _, l := range zoneLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, nil
		}
	}
	for _, l := range wallLayouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			return t, nil
		}
	}
	if dateOnly {
		if t, err := time.ParseInLocation(time.DateOnly, v, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badRequest("Invalid %s %q: use YYYY-MM-DDTHH:MM[:SS], YYYY-MM-DD HH:MM[:SS] or RFC 3339 with an offset", name, v)
}

// ---- webhook URL checks ----

// checkWebhookURL applies the send rule: https://, or http:// to a loopback
// host when Options.AllowHTTPWebhooks is set.
func (s *Server) checkWebhookURL(raw string) *apiError {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		if strings.HasPrefix(strings.ToLower(raw), "https://") {
			return badRequest("Invalid WebhookCallbackURL %q", raw)
		}
		return badRequest(errWebhookHTTPS)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if s.allowHTTP && loopbackHost(u.Hostname()) {
			return nil
		}
	}
	return badRequest(errWebhookHTTPS)
}

// loopbackHost reports whether host is localhost or a loopback IP.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// webhookFormat canonicalises JSON/XML.
func webhookFormat(f string) (string, bool) {
	switch strings.ToUpper(strings.TrimSpace(f)) {
	case "", "JSON":
		return "JSON", true
	case "XML":
		return "XML", true
	}
	return "", false
}

// ---- inbound SMS ----

// inboundBody is the answer of POST /_mock/inbound.
type inboundBody struct {
	Result     string `json:"Result"`
	ReceivedID string `json:"ReceivedID"`
	MessageID  string `json:"MessageID"`
	JobNum     string `json:"JobNum"`
	Type       string `json:"Type"`
}

// Inbound records an SMS from a handset, as if it had arrived now. It is a
// reply when a message was delivered to that number (compared by digits)
// within the last 7 days: to replyTo when given, else to the most recently
// delivered one; otherwise a plain inbound SMS. An unknown replyTo, or one
// never delivered to from, is an error. Webhooks are queued as for the API.
func (s *Server) Inbound(from, text, replyTo string) (Received, error) {
	replyTo = strings.TrimSpace(replyTo)
	sender, ok := senderE164(from)
	if !ok {
		return Received{}, badRequest("from must be a phone number, got %q", from)
	}
	from = sender
	now := s.advance()
	var (
		rec  receivedRecord
		jobs []*hookJob
	)
	err := s.store.update(func(st *state) error {
		mi, ri, aerr := st.matchReply(from, replyTo, now, s.deliveryDelay)
		if aerr != nil {
			return aerr
		}
		rec = receivedRecord{
			Seq: st.nextReceivedSeq(), ReceivedID: newUUID(), From: from, MessageText: text, Received: now,
		}
		if mi >= 0 {
			m := &st.Messages[mi]
			r := recipientAt(m.Recipients[ri], now, s.deliveryDelay)
			rec.MessageID, rec.JobNum, rec.DestSeq, rec.ContactID = m.MessageID, m.JobNum, r.DestSeq, r.ContactID
			if j := s.replyHook(m, r, rec); j != nil {
				jobs = append(jobs, j)
			}
		}
		if rec.ContactID == "" {
			rec.ContactID = st.contactByMobile(from)
		}
		if mi < 0 {
			if j := s.inboundHook(rec); j != nil {
				jobs = append(jobs, j)
			}
		}
		st.Received = append(st.Received, rec)
		return nil
	})
	if err != nil {
		return Received{}, err
	}
	s.enqueue(jobs...)
	s.kick()
	return rec.view(), nil
}

// senderE164 normalises the number an inbound SMS comes from to E.164 (see
// the file comment); ok is false when it is no phone number.
func senderE164(from string) (string, bool) {
	n := strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t\u00a0()-./", r) {
			return -1
		}
		return r
	}, strings.TrimSpace(from))
	switch {
	case strings.HasPrefix(n, "+"):
		n = n[1:]
	case strings.HasPrefix(n, "0011"): // AU's international call prefix
		n = n[4:]
	case strings.HasPrefix(n, "00"):
		n = n[2:]
	case strings.HasPrefix(n, "0"): // an AU national number: the account is in AU
		n = "61" + n[1:]
	}
	if !senderDigits.MatchString(n) {
		return "", false
	}
	return "+" + n, true
}

// senderDigits is an E.164 number without its "+".
var senderDigits = regexp.MustCompile(`^[1-9][0-9]{7,14}$`)

// contactByMobile returns the first contact whose MobilePhone has the
// digits of number, or "".
func (st *state) contactByMobile(number string) string {
	key := phoneKey(number)
	for _, c := range st.Contacts {
		if c.MobilePhone != "" && phoneKey(c.MobilePhone) == key {
			return c.ContactID
		}
	}
	return ""
}

// matchReply finds the message and recipient an SMS from key replies to;
// mi is -1 for a plain inbound SMS.
func (st *state) matchReply(from, replyTo string, now time.Time, delay time.Duration) (mi, ri int, err *apiError) {
	key := phoneKey(from)
	// sentAt is when r was delivered to key; ok is false when it was not.
	sentAt := func(r storedRecipient) (time.Time, bool) {
		v := recipientAt(r, now, delay)
		if !v.Final || v.Status != recipSuccess || phoneKey(v.Destination) != key {
			return time.Time{}, false
		}
		return v.SentTime, true
	}
	recent := func(t time.Time) bool { return !t.After(now) && now.Sub(t) <= replyWindow }
	first, last := 0, len(st.Messages)-1
	if replyTo != "" {
		i := st.messageIndex(replyTo)
		if i < 0 {
			return -1, -1, badRequest("reply_to %q: %s", replyTo, errNotFound)
		}
		seen := false
		for _, r := range st.Messages[i].Recipients {
			if _, ok := sentAt(r); ok {
				seen = true
			}
		}
		if !seen {
			return -1, -1, badRequest("reply_to %q was not delivered to %s", replyTo, from)
		}
		first, last = i, i
	}
	// The most recently delivered recipient wins; on a tie the later
	// message, then the lower DestSeq.
	mi, ri = -1, -1
	var bestAt time.Time
	for i := first; i <= last; i++ {
		for j, r := range st.Messages[i].Recipients {
			t, ok := sentAt(r)
			if !ok || !recent(t) {
				continue
			}
			if mi < 0 || t.After(bestAt) || t.Equal(bestAt) && i > mi {
				mi, ri, bestAt = i, j, t
			}
		}
	}
	return mi, ri, nil
}

// ---- Go API ----

// Messages returns every submission in order, evaluated at the server clock.
func (s *Server) Messages() []Message {
	now := s.advance()
	var out []Message
	s.store.view(func(st *state) {
		out = make([]Message, 0, len(st.Messages))
		for i := range st.Messages {
			out = append(out, st.messageView(i, now, s.deliveryDelay))
		}
	})
	return out
}

// Message returns the most recent message with the id.
func (s *Server) Message(id string) (Message, bool) {
	now := s.advance()
	var (
		m  Message
		ok bool
	)
	s.store.view(func(st *state) {
		if i := st.messageIndex(id); i >= 0 {
			m, ok = st.messageView(i, now, s.deliveryDelay), true
		}
	})
	return m, ok
}

// ReceivedSMS returns every inbound SMS (replies and plain inbound), oldest
// first.
func (s *Server) ReceivedSMS() []Received {
	var out []Received
	s.store.view(func(st *state) {
		out = make([]Received, 0, len(st.Received))
		for _, r := range sortedReceived(st.Received) {
			out = append(out, r.view())
		}
	})
	return out
}

// ---- lifecycle materialisation ----

// advance fixes the outcome of every recipient that is due at the server
// clock and queues the webhooks of newly completed ones. It returns the
// clock reading it used.
func (s *Server) advance() time.Time {
	now, _ := s.sweep()
	return now
}

// sweep is advance that also says how long the background loop may sleep
// before the next lifecycle transition is due.
func (s *Server) sweep() (time.Time, time.Duration) {
	now := s.store.timestamp()
	due, next, open := false, time.Time{}, false
	s.store.view(func(st *state) {
		for i := range st.Messages {
			for _, r := range st.Messages[i].Recipients {
				if r.Final {
					due = due || !r.Notified
					continue
				}
				at := r.Start.Add(s.deliveryDelay)
				if !now.Before(at) {
					due = true
					continue
				}
				if !open || at.Before(next) {
					next = at
				}
				open = true
			}
		}
	})
	wait := idleWait
	if open {
		wait = fakeClockPoll
		if s.realClock {
			wait = min(max(next.Sub(now), minWait), maxRealWait)
		}
	}
	if !due {
		return now, wait
	}
	var jobs []*hookJob
	err := s.store.update(func(st *state) error {
		jobs = jobs[:0]
		changed := false
		for i := range st.Messages {
			m := &st.Messages[i]
			for j := range m.Recipients {
				r := &m.Recipients[j]
				if !r.Final {
					v := recipientAt(*r, now, s.deliveryDelay)
					if !v.Final {
						continue
					}
					*r, changed = v, true
				}
				if !r.Notified {
					r.Notified, changed = true, true
					if job := s.deliveryHook(m, *r); job != nil {
						jobs = append(jobs, job)
					}
				}
			}
		}
		if !changed {
			return errNoChange
		}
		return nil
	})
	switch {
	case err == nil:
		s.enqueue(jobs...)
	case !errors.Is(err, errNoChange):
		s.logger.Error("cannot record message progress", "err", err)
		wait = time.Second
	}
	return now, wait
}

// Background-loop sleeps.
const (
	idleWait      = time.Hour
	fakeClockPoll = 50 * time.Millisecond
	minWait       = 5 * time.Millisecond
	maxRealWait   = time.Minute
)

// Messages: what the mock stores of an SMS submission, what it reports of it
// when read, and the Go API that reads it (README.md, Messaging).

package mockapi

import (
	"encoding/json"
	"strings"
	"time"
)

// Message is an SMS submission as the mock reports it, evaluated at the
// server clock when it is read.
type Message struct {
	MessageID string
	JobNum    string
	// API is the API version the message was sent through (v2.03,
	// v2.04); empty for messages of state files written before it was
	// recorded.
	API string
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
	// Text is the message text personalised for this recipient.
	Text string
	// Status is Success, Failed or Pending; Result delivered, Invalid
	// number, Aborted, Pending or the Test-mode text.
	Status   string
	Result   string
	Price    float64
	Parts    int
	SentTime time.Time // zero until completed
	Replies  []Received
	// Blocked: an opt-out blocked the recipient (README.md, Opt-outs).
	Blocked bool
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

// storedMessage is a message as persisted: the facts from which the
// reported state is derived.
type storedMessage struct {
	MessageID             string
	JobNum                string
	API                   string `json:",omitempty"` // the version it was sent through
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
	Valid       bool // the number passes the mock's rule
	// Blocked: the opt-out register blocked the recipient at submission
	// (optouts.go); it fails with resultBlacklisted.
	Blocked  bool      `json:",omitempty"`
	Start    time.Time // when delivery starts
	Final    bool      // outcome fixed (materialised)
	Status   string
	Result   string
	Price    float64
	SentTime time.Time
	Notified bool // its delivery webhook was queued (or not needed)
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
		MessageID: m.MessageID, JobNum: m.JobNum, API: m.API, Status: m.statusAt(now, delay), Text: m.Text,
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
		rec := Recipient{
			DestSeq: r.DestSeq, Destination: r.Destination, ContactID: r.ContactID, GroupID: r.GroupID,
			Attention: r.Attention, Company: r.Company, FirstName: r.FirstName, LastName: r.LastName,
			Custom: r.Custom, Status: r.Status, Result: r.Result, Price: r.Price, Parts: r.Parts,
			SentTime: r.SentTime, Replies: st.repliesTo(m.JobNum, r.DestSeq), Blocked: r.Blocked,
		}
		rec.Text = personalise(m.Text, rec.personalisation())
		out.Recipients = append(out.Recipients, rec)
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

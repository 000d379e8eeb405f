package client

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MessageStatus is the status document of GET get/status/{id}
// (contributing/wire-protocol.md §7.1) or GET sms/{id} (v3.00,
// wire-protocol-v3.md §5.2), with the recipients of every page.
type MessageStatus struct {
	MessageID  string
	Status     string // job state (v3's JobStatus): Pending, Delayed, Completed, CreditHold…
	JobNum     string
	Account    string
	SubAccount string
	Department string
	Reference  string
	Timezone   string
	Created    time.Time
	Delayed    time.Time
	Count      int
	Complete   int
	Success    int
	Failed     int
	Price      float64
	Recipients []Recipient
}

// Recipient is one destination of a message.
type Recipient struct {
	Type        string
	DestSeq     string
	Destination string
	ContactID   string
	GroupID     string
	MessageText string
	Status      string // Success, Failed, Pending
	Result      string // delivery detail, e.g. "delivered" or "Destination is blacklisted"
	SentTime    time.Time
	Attention   string
	Company     string
	Price       float64
	// Replies are filled by SMSReplies.
	Replies []Reply

	// sentLocal is the local sent time when the answer gave no UTC one,
	// read in the account's zone once the document's Timezone is known
	// (inZone).
	sentLocal string
}

// resultBlacklisted is the Result of a recipient the opt-out register
// blocked (contributing/wire-protocol-v3.md §6.3).
const resultBlacklisted = "Destination is blacklisted"

// OptedOut reports whether the recipient failed because it opted out: its
// Status is Failed and its Result "Destination is blacklisted" (any case).
func (r Recipient) OptedOut() bool {
	return strings.EqualFold(r.Status, "Failed") && strings.EqualFold(strings.TrimSpace(r.Result), resultBlacklisted)
}

// Reply is one SMS received in answer to a message.
type Reply struct {
	ReceivedID  string
	From        string
	MessageText string
	Received    time.Time

	// receivedLocal is the local reception time when the answer gave no
	// UTC one, and zone the reply's own Timezone: kept to read it in the
	// document's zone (Recipient.inZone).
	receivedLocal, zone string
}

// ReceivedMessage is one inbound SMS of GET get/sms/received (contributing/wire-protocol.md §7.2).
type ReceivedMessage struct {
	ReceivedID  string
	MessageID   string // the outbound message it answers; empty for unsolicited SMS
	ContactID   string
	JobNum      string
	SubAccount  string
	Department  string
	From        string
	MessageText string
	Timezone    string
	Received    time.Time
}

// wireStatus is the tolerant decoding of the status document's top level
// (both generations of time names, numbers as numbers or strings).
type wireStatus struct {
	MessageID              string    `json:"MessageID"`
	JobStatus              string    `json:"JobStatus"`
	Status                 string    `json:"Status"`
	JobNum                 string    `json:"JobNum"`
	Account                string    `json:"Account"`
	SubAccount             string    `json:"SubAccount"`
	Department             string    `json:"Department"`
	Reference              string    `json:"Reference"`
	Timezone               string    `json:"Timezone"`
	CreatedTimeUTCRFC3339  string    `json:"CreatedTimeUTC_RFC3339"`
	CreatedTimeUTC         string    `json:"CreatedTimeUTC"`
	CreatedUTC             string    `json:"CreatedUTC"`
	DelayedTimeUTCRFC3339  string    `json:"DelayedTimeUTC_RFC3339"`
	DelayedTimeUTC         string    `json:"DelayedTimeUTC"`
	DelayedUTC             string    `json:"DelayedUTC"`
	Count                  flexInt   `json:"Count"`
	Complete               flexInt   `json:"Complete"`
	Success                flexInt   `json:"Success"`
	Failed                 flexInt   `json:"Failed"`
	Price                  flexFloat `json:"Price"`
	CreatedTimeLocal       string    `json:"CreatedTimeLocal"`
	CreatedTimeLocalLegacy string    `json:"Created"`
	DelayedTimeLocal       string    `json:"DelayedTimeLocal"`
	DelayedTimeLocalLegacy string    `json:"Delayed"`
}

// UnmarshalJSON decodes a recipient tolerantly. A sent time given only in
// local time is read in DefaultAccountZone until inZone knows better.
func (r *Recipient) UnmarshalJSON(b []byte) error {
	var w struct {
		Type                string      `json:"Type"`
		DestSeq             flexString  `json:"DestSeq"`
		Destination         string      `json:"Destination"`
		ContactID           string      `json:"ContactID"`
		GroupID             string      `json:"GroupID"`
		MessageText         string      `json:"MessageText"`
		Status              string      `json:"Status"`
		Result              string      `json:"Result"`
		SentTimeUTCRFC3339  string      `json:"SentTimeUTC_RFC3339"`
		SentTimeUTC         string      `json:"SentTimeUTC"`
		SentDateUTC         string      `json:"SentDateUTC"`
		SentTimeLocal       string      `json:"SentTimeLocal"`
		Attention           string      `json:"Attention"`
		Company             string      `json:"Company"`
		Price               flexFloat   `json:"Price"`
		SMSReplies          []wireReply `json:"SMSReplies"`
		SentTimeLocalLegacy string      `json:"SentDate"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = Recipient{
		Type: w.Type, DestSeq: string(w.DestSeq), Destination: w.Destination, ContactID: w.ContactID,
		GroupID: w.GroupID, MessageText: w.MessageText, Status: w.Status, Result: w.Result,
		SentTime:  firstTimestamp(w.SentTimeUTCRFC3339, w.SentTimeUTC, w.SentDateUTC),
		Attention: w.Attention, Company: w.Company, Price: float64(w.Price),
	}
	if r.SentTime.IsZero() {
		r.sentLocal = firstParseable(w.SentTimeLocal, w.SentTimeLocalLegacy)
	}
	for _, rep := range w.SMSReplies {
		r.Replies = append(r.Replies, rep.reply())
	}
	r.inZone("")
	return nil
}

// inZone reads the local times of the recipient and its replies in the
// account's zone: the reply's own Timezone, else zone (the document's),
// else DefaultAccountZone.
func (r *Recipient) inZone(zone string) {
	if r.sentLocal != "" {
		r.SentTime = parseTimestampIn(r.sentLocal, AccountZone(zone)).UTC()
	}
	for i := range r.Replies {
		rep := &r.Replies[i]
		if rep.receivedLocal != "" {
			z := rep.zone
			if z == "" {
				z = zone
			}
			rep.Received = parseTimestampIn(rep.receivedLocal, AccountZone(z)).UTC()
		}
	}
}

// firstParseable returns the first of candidates that parses as a time.
func firstParseable(candidates ...string) string {
	for _, c := range candidates {
		if !parseTimestamp(c).IsZero() {
			return c
		}
	}
	return ""
}

type wireReply struct {
	ReceivedID             flexString `json:"ReceivedID"`
	From                   string     `json:"From"`
	MessageText            string     `json:"MessageText"`
	ReceivedTimeUTCRFC3339 string     `json:"ReceivedTimeUTC_RFC3339"`
	ReceivedTimeUTC        string     `json:"ReceivedTimeUTC"`
	DateUTC                string     `json:"DateUTC"`
	ReceivedTimeLocal      string     `json:"ReceivedTimeLocal"`
	Date                   string     `json:"Date"`
	Timezone               string     `json:"Timezone"`
}

// reply converts the wire form; a reception time given only in local time
// is read in the reply's Timezone (else DefaultAccountZone, until
// Recipient.inZone knows the document's).
func (w wireReply) reply() Reply {
	rep := Reply{
		ReceivedID: string(w.ReceivedID), From: w.From, MessageText: w.MessageText,
		Received: firstTimestamp(w.ReceivedTimeUTCRFC3339, w.ReceivedTimeUTC, w.DateUTC),
		zone:     w.Timezone,
	}
	if rep.Received.IsZero() {
		rep.receivedLocal = firstParseable(w.ReceivedTimeLocal, w.Date)
		rep.Received = parseTimestampIn(rep.receivedLocal, AccountZone(w.Timezone)).UTC()
	}
	return rep
}

// UnmarshalJSON decodes a received message tolerantly (ReceivedID or the
// legacy ID, both generations of time names; a time given only in local
// time is read in the message's Timezone, else DefaultAccountZone).
func (m *ReceivedMessage) UnmarshalJSON(b []byte) error {
	var w struct {
		wireReply
		ID         flexString `json:"ID"`
		MessageID  string     `json:"MessageID"`
		ContactID  string     `json:"ContactID"`
		JobNum     string     `json:"JobNum"`
		SubAccount string     `json:"SubAccount"`
		Department string     `json:"Department"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	rep := w.reply()
	if rep.ReceivedID == "" {
		rep.ReceivedID = string(w.ID)
	}
	*m = ReceivedMessage{
		ReceivedID: rep.ReceivedID, MessageID: w.MessageID, ContactID: w.ContactID, JobNum: w.JobNum,
		SubAccount: w.SubAccount, Department: w.Department, From: rep.From, MessageText: rep.MessageText,
		Timezone: w.Timezone, Received: rep.Received,
	}
	return nil
}

// statusDocument fetches every page of a status-shaped answer (the request
// of op for the message id); other reads the documented layouts that carry
// no Recipients (see listShape).
func (c *Client) statusDocument(ctx context.Context, op operation, id string,
	other func(body map[string]json.RawMessage) ([]Recipient, bool, error),
) (*MessageStatus, error) {
	if err := c.messageAddressable(id); err != nil {
		return nil, err
	}
	var top wireStatus
	recipients, err := listPages(ctx, c, c.route(op, id),
		func(page int, raw json.RawMessage) error {
			if page == 1 {
				return json.Unmarshal(raw, &top)
			}
			return nil
		}, listShape[Recipient]{keys: []string{"Recipients"}, other: other})
	if err != nil {
		return nil, err
	}
	for i := range recipients {
		recipients[i].inZone(top.Timezone)
	}
	return &MessageStatus{
		MessageID: top.MessageID, Status: cmp.Or(top.JobStatus, top.Status), JobNum: top.JobNum, Account: top.Account,
		SubAccount: top.SubAccount, Department: top.Department, Reference: top.Reference, Timezone: top.Timezone,
		Created: pickTimestamp(top.Timezone, []string{top.CreatedTimeUTCRFC3339, top.CreatedTimeUTC, top.CreatedUTC},
			top.CreatedTimeLocal, top.CreatedTimeLocalLegacy),
		Delayed: pickTimestamp(top.Timezone, []string{top.DelayedTimeUTCRFC3339, top.DelayedTimeUTC, top.DelayedUTC},
			top.DelayedTimeLocal, top.DelayedTimeLocalLegacy),
		Count:    int(top.Count),
		Complete: int(top.Complete), Success: int(top.Success), Failed: int(top.Failed),
		Price: float64(top.Price), Recipients: recipients,
	}, nil
}

// MessageStatus returns the status of the most recent message with the
// given MessageID, with every recipient. An unknown id is an error for
// which IsNotFound is true. A status without Recipients (the v2.03
// reference documents only the counts) has none.
func (c *Client) MessageStatus(ctx context.Context, messageID string) (*MessageStatus, error) {
	return c.statusDocument(ctx, opStatus, messageID,
		func(body map[string]json.RawMessage) ([]Recipient, bool, error) {
			return nil, hasAny(body, "Status", "Count"), nil
		})
}

// SMSReplies returns the status document of a message with the replies
// each recipient sent (Recipient.Replies); in v3.00 it is the status
// itself, whose recipients carry their replies. Besides the SDKs' layout (the
// status document with SMSReplies per recipient) it reads the two the
// documentation shows: MessageSent and MessageReceived (v2.03 reference),
// SentMessage and ReceivedMessages (v2.04 guide), as one recipient.
func (c *Client) SMSReplies(ctx context.Context, messageID string) (*MessageStatus, error) {
	return c.statusDocument(ctx, opReplies, messageID, documentedReplies)
}

// documentedReplies reads the reply answers of the vendor's documentation:
// {"MessageSent": {Date, Destination, MessageText}, "MessageReceived":
// {Date, From, MessageText}} and {"SentMessage": {…}, "ReceivedMessages":
// [{…}]}, as one recipient (the sent message) with its replies. Either
// received member may be one object or a list.
func documentedReplies(body map[string]json.RawMessage) ([]Recipient, bool, error) {
	sentRaw, hasSent := lookupFirst(body, "SentMessage", "MessageSent")
	recvRaw, hasRecv := lookupFirst(body, "ReceivedMessages", "MessageReceived")
	if !hasSent && !hasRecv {
		return nil, false, nil
	}
	var zone string
	if raw, ok := lookup(body, "Timezone"); ok {
		_ = json.Unmarshal(raw, &zone)
	}
	var r Recipient
	if hasSent && string(sentRaw) != "null" {
		var sent struct {
			Date        string `json:"Date"`
			DateUTC     string `json:"DateUTC"`
			Destination string `json:"Destination"`
			MessageText string `json:"MessageText"`
		}
		if err := json.Unmarshal(sentRaw, &sent); err != nil {
			return nil, false, fmt.Errorf("sent message: %w", err)
		}
		r = Recipient{Destination: sent.Destination, MessageText: sent.MessageText, SentTime: firstTimestamp(sent.DateUTC)}
		if r.SentTime.IsZero() {
			r.sentLocal = sent.Date
		}
	}
	if hasRecv && string(recvRaw) != "null" {
		var replies []wireReply
		if strings.HasPrefix(strings.TrimSpace(string(recvRaw)), "{") {
			replies = make([]wireReply, 1)
			if err := json.Unmarshal(recvRaw, &replies[0]); err != nil {
				return nil, false, fmt.Errorf("received message: %w", err)
			}
		} else if err := json.Unmarshal(recvRaw, &replies); err != nil {
			return nil, false, fmt.Errorf("received messages: %w", err)
		}
		for _, w := range replies {
			r.Replies = append(r.Replies, w.reply())
		}
	}
	r.inZone(zone)
	return []Recipient{r}, true, nil
}

// lookupFirst returns the first of keys present in body.
func lookupFirst(body map[string]json.RawMessage, keys ...string) (json.RawMessage, bool) {
	for _, k := range keys {
		if raw, ok := lookup(body, k); ok {
			return raw, true
		}
	}
	return nil, false
}

// ReceivedQuery selects received SMS: the last TimePeriod minutes, or the
// window DateFrom–DateTo (both set; local times of the account). v3.00
// limits both (ReceivedLimits).
type ReceivedQuery struct {
	TimePeriod int
	DateFrom   time.Time
	DateTo     time.Time
}

// receivedLayout is how dateFrom/dateTo are written (contributing/wire-protocol.md §5.1).
const receivedLayout = "2006-01-02T15:04:05"

// ReceivedSMS returns the inbound SMS of a period (all pages), in the
// order the API gives them. A window or a TimePeriod beyond the version's
// limits is an *UnsupportedError and nothing is sent.
func (c *Client) ReceivedSMS(ctx context.Context, q ReceivedQuery) ([]ReceivedMessage, error) {
	query := url.Values{}
	if !q.DateFrom.IsZero() && !q.DateTo.IsZero() {
		if limit := c.dialect.maxReceivedWindow; limit > 0 && q.DateTo.Sub(q.DateFrom) > limit {
			return nil, &UnsupportedError{Version: c.dialect.version,
				What: fmt.Sprintf("a received-SMS window of %s (at most %s)", q.DateTo.Sub(q.DateFrom), limit)}
		}
		query.Set("dateFrom", q.DateFrom.Format(receivedLayout))
		query.Set("dateTo", q.DateTo.Format(receivedLayout))
	} else {
		period := q.TimePeriod
		if period <= 0 {
			period = 1440
		}
		if limit := c.dialect.maxTimePeriod; limit > 0 && period > limit {
			return nil, &UnsupportedError{Version: c.dialect.version,
				What: fmt.Sprintf("a received-SMS time period of %d minutes (at most %d)", period, limit)}
		}
		query.Set("timePeriod", strconv.Itoa(period))
	}
	req := c.route(opReceived)
	req.query = query
	return listPages(ctx, c, req, nil, listShape[ReceivedMessage]{keys: []string{"Messages", "ReceivedMessages"}, other: flatReceived})
}

// flatReceived reads the v2.03 reference's received answer, one message
// flat in the envelope: {"Result", "Date", "From", "MessageText"}.
func flatReceived(body map[string]json.RawMessage) ([]ReceivedMessage, bool, error) {
	if !hasAny(body, "From", "MessageText") {
		return nil, false, nil
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, false, err
	}
	var m ReceivedMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, false, err
	}
	return []ReceivedMessage{m}, true, nil
}

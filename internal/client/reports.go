package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// MessageStatus is the status document of GET get/status/{id} (wire
// reference §7.1), with the recipients of every page.
type MessageStatus struct {
	MessageID  string
	Status     string // job state: Pending, Delayed, Completed, CreditHold…
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
	Result      string // delivery detail, e.g. "delivered"
	SentTime    time.Time
	Attention   string
	Company     string
	Price       float64
	// Replies are filled by SMSReplies.
	Replies []Reply
}

// Reply is one SMS received in answer to a message.
type Reply struct {
	ReceivedID  string
	From        string
	MessageText string
	Received    time.Time
}

// ReceivedMessage is one inbound SMS of GET get/sms/received (§7.2).
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
	CreatedTimeLocalLegacy string    `json:"Created"`
}

// UnmarshalJSON decodes a recipient tolerantly.
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
		SentTime:  firstTimestamp(w.SentTimeUTCRFC3339, w.SentTimeUTC, w.SentDateUTC, w.SentTimeLocalLegacy),
		Attention: w.Attention, Company: w.Company, Price: float64(w.Price),
	}
	for _, rep := range w.SMSReplies {
		r.Replies = append(r.Replies, rep.reply())
	}
	return nil
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
}

func (w wireReply) reply() Reply {
	return Reply{
		ReceivedID: string(w.ReceivedID), From: w.From, MessageText: w.MessageText,
		Received: firstTimestamp(w.ReceivedTimeUTCRFC3339, w.ReceivedTimeUTC, w.DateUTC, w.ReceivedTimeLocal, w.Date),
	}
}

// UnmarshalJSON decodes a received message tolerantly (ReceivedID or the
// legacy ID, both generations of time names).
func (m *ReceivedMessage) UnmarshalJSON(b []byte) error {
	var w struct {
		wireReply
		ID         flexString `json:"ID"`
		MessageID  string     `json:"MessageID"`
		ContactID  string     `json:"ContactID"`
		JobNum     string     `json:"JobNum"`
		SubAccount string     `json:"SubAccount"`
		Department string     `json:"Department"`
		Timezone   string     `json:"Timezone"`
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

// statusDocument fetches every page of a status-shaped answer.
func (c *Client) statusDocument(ctx context.Context, path, route string) (*MessageStatus, error) {
	var top wireStatus
	recipients, err := listPages[Recipient](ctx, c, request{method: http.MethodGet, path: path, route: route},
		func(page int, raw json.RawMessage) error {
			if page == 1 {
				return json.Unmarshal(raw, &top)
			}
			return nil
		}, "Recipients")
	if err != nil {
		return nil, err
	}
	return &MessageStatus{
		MessageID: top.MessageID, Status: top.Status, JobNum: top.JobNum, Account: top.Account,
		SubAccount: top.SubAccount, Department: top.Department, Reference: top.Reference, Timezone: top.Timezone,
		Created:  firstTimestamp(top.CreatedTimeUTCRFC3339, top.CreatedTimeUTC, top.CreatedUTC, top.CreatedTimeLocalLegacy),
		Delayed:  firstTimestamp(top.DelayedTimeUTCRFC3339, top.DelayedTimeUTC, top.DelayedUTC),
		Count:    int(top.Count),
		Complete: int(top.Complete), Success: int(top.Success), Failed: int(top.Failed),
		Price: float64(top.Price), Recipients: recipients,
	}, nil
}

// MessageStatus returns the status of the most recent message with the
// given MessageID, with every recipient. An unknown id is an error for
// which IsNotFound is true.
func (c *Client) MessageStatus(ctx context.Context, messageID string) (*MessageStatus, error) {
	return c.statusDocument(ctx, "get/status/"+seg(messageID), "get/status/{id}")
}

// SMSReplies returns the status document of a message with the replies
// each recipient sent (Recipient.Replies).
func (c *Client) SMSReplies(ctx context.Context, messageID string) (*MessageStatus, error) {
	return c.statusDocument(ctx, "get/sms/reply/"+seg(messageID), "get/sms/reply/{id}")
}

// ReceivedQuery selects received SMS: the last TimePeriod minutes, or the
// window DateFrom–DateTo (both set; local times of the account).
type ReceivedQuery struct {
	TimePeriod int
	DateFrom   time.Time
	DateTo     time.Time
}

// receivedLayout is how dateFrom/dateTo are written (§5.1).
const receivedLayout = "2006-01-02T15:04:05"

// ReceivedSMS returns the inbound SMS of a period (all pages), in the
// order the API gives them.
func (c *Client) ReceivedSMS(ctx context.Context, q ReceivedQuery) ([]ReceivedMessage, error) {
	query := url.Values{}
	if !q.DateFrom.IsZero() && !q.DateTo.IsZero() {
		query.Set("dateFrom", q.DateFrom.Format(receivedLayout))
		query.Set("dateTo", q.DateTo.Format(receivedLayout))
	} else {
		period := q.TimePeriod
		if period <= 0 {
			period = 1440
		}
		query.Set("timePeriod", strconv.Itoa(period))
	}
	return listAll[ReceivedMessage](ctx, c, request{
		method: http.MethodGet, path: "get/sms/received", route: "get/sms/received", query: query,
	}, "Messages", "ReceivedMessages")
}

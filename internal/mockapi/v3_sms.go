// v3 SMS (contributing/wire-protocol-v3.md §5; README.md, REST v3.00): POST
// sms, GET sms/{id} (the status with the replies), GET sms/received and the
// reschedule and abort actions. Messages are the same messages as v2's:
// validation, submission, lifecycle and actions are shared.

package mockapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ---- send ----

// sendV3Body is the answer to a v3 send: the MessageID only.
type sendV3Body struct {
	MessageID string `json:"MessageID"`
}

// v3Enums are the members of a v3 send whose values are checked (any case)
// and otherwise only kept in the raw body.
var v3Enums = []struct {
	name   string
	values []string
}{
	{"NotificationType", []string{"None", "Webhook", "Email"}},
	{"FallbackMode", []string{"None", "Voice", "WhatsApp", "WAPP", "RCS"}},
}

// sendV3 handles POST sms.
func (s *Server) sendV3(req *apiRequest) *reply {
	now := s.store.timestamp()
	in, aerr := s.parseSendV3(req.body, req.raw, now)
	if aerr != nil {
		return v3Failed(aerr)
	}
	id, err := s.submit(in, now, req.version)
	if err != nil {
		return v3Failed(err)
	}
	return success(sendV3Body{MessageID: id})
}

// parseSendV3 validates a flat v3 send body with v2's checks and texts
// where they apply (README.md, Send validation), in the same order.
func (s *Server) parseSendV3(b body, raw []byte, now time.Time) (*sendInput, *apiError) {
	id, _, err := b.str("MessageID")
	if err != nil {
		return nil, err
	}
	id = strings.TrimSpace(id)
	if id != "" && !messageIDPattern.MatchString(id) {
		return nil, badRequest(errInvalidMessageID)
	}
	in := &sendInput{msg: storedMessage{MessageID: id, Raw: string(raw)}}
	if in.items, err = v3Destinations(b); err != nil {
		return nil, err
	}
	if len(in.items) == 0 {
		return nil, badRequest(errMissingDests)
	}
	if err := readMessageFields(b, &in.msg); err != nil {
		return nil, err
	}
	in.msg.ChargeCode = "" // gone in v3
	if template, _, _ := b.str("TemplateID"); strings.TrimSpace(in.msg.Text) == "" && strings.TrimSpace(template) != "" {
		return nil, badRequest("TemplateID %q: this mock has no message templates, send a Message", template)
	}
	for _, e := range v3Enums {
		v, ok, err := b.str(e.name)
		if err != nil {
			return nil, err
		}
		if v = strings.TrimSpace(v); ok && v != "" && !containsFold(e.values, v) {
			return nil, badRequest("%s must be one of %s, got %q", e.name, strings.Join(e.values, ", "), v)
		}
	}
	if err := s.checkMessageOptions(b, &in.msg); err != nil {
		return nil, err
	}
	if in.start, err = sendStart(&in.msg, now); err != nil {
		return nil, err
	}
	return in, nil
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// v3Destinations turns the targets of a v3 send into v2 destination items
// (destinations.go), in this order: Destination, ToNumber, ContactID,
// GroupID, then Destinations[] (whose ToNumber is v2's Recipient).
func v3Destinations(b body) ([]any, *apiError) {
	var items []any
	for _, t := range []struct{ name, as string }{
		{"Destination", "Recipient"}, {"ToNumber", "Recipient"}, {"ContactID", "ContactID"}, {"GroupID", "GroupID"},
	} {
		v, ok, err := b.str(t.name)
		if err != nil {
			return nil, err
		}
		if ok && strings.TrimSpace(v) != "" {
			items = append(items, map[string]any{t.as: v})
		}
	}
	if raw, _, ok := b.lookup("Destinations"); ok {
		var list []any
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, badRequest("Destinations must be an array of objects")
		}
		for _, it := range list {
			obj, ok := it.(map[string]any)
			if !ok {
				continue
			}
			item := make(map[string]any, len(obj)+1)
			var toNumber any
			for k, v := range obj {
				item[k] = v
				if normKey(k) == "tonumber" {
					toNumber = v
				}
			}
			if toNumber != nil {
				item["Recipient"] = toNumber
			}
			items = append(items, item)
		}
	}
	return items, nil
}

// ---- status ----

// statusV3Doc is the answer of GET sms/{id} (wire-protocol-v3.md §5.2).
type statusV3Doc struct {
	MessageID             string  `json:"MessageID"`
	JobStatus             string  `json:"JobStatus"`
	JobNum                string  `json:"JobNum"`
	Account               string  `json:"Account"`
	SubAccount            string  `json:"SubAccount"`
	Department            string  `json:"Department"`
	Reference             string  `json:"Reference"`
	CreatedTimeLocal      string  `json:"CreatedTimeLocal"`
	CreatedTimeUTC        string  `json:"CreatedTimeUTC"`
	CreatedTimeUTCRFC3339 string  `json:"CreatedTimeUTC_RFC3339"`
	DelayedTimeLocal      string  `json:"DelayedTimeLocal"`
	DelayedTimeUTC        string  `json:"DelayedTimeUTC"`
	DelayedTimeUTCRFC3339 string  `json:"DelayedTimeUTC_RFC3339"`
	Timezone              string  `json:"Timezone"`
	Count                 int     `json:"Count"`
	Complete              int     `json:"Complete"`
	Success               int     `json:"Success"`
	Failed                int     `json:"Failed"`
	Price                 *string `json:"Price"`
	pageInfo
	Recipients []recipientV3JSON `json:"Recipients"`
}

// recipientV3JSON is one Recipients item: no GroupID; MessageText absent
// for a recipient an opt-out blocked.
type recipientV3JSON struct {
	Type               string        `json:"Type"`
	DestSeq            string        `json:"DestSeq"`
	Destination        string        `json:"Destination"`
	ContactID          string        `json:"ContactID"`
	Status             string        `json:"Status"`
	Result             string        `json:"Result"`
	MessageText        *string       `json:"MessageText,omitempty"`
	SentTimeLocal      string        `json:"SentTimeLocal"`
	SentTimeUTC        string        `json:"SentTimeUTC"`
	SentTimeUTCRFC3339 string        `json:"SentTimeUTC_RFC3339"`
	Attention          string        `json:"Attention"`
	Company            string        `json:"Company"`
	Custom1            string        `json:"Custom1"`
	Custom2            string        `json:"Custom2"`
	Custom3            string        `json:"Custom3"`
	Custom4            string        `json:"Custom4"`
	Custom5            string        `json:"Custom5"`
	Custom6            string        `json:"Custom6"`
	Custom7            string        `json:"Custom7"`
	Custom8            string        `json:"Custom8"`
	Custom9            string        `json:"Custom9"`
	RemoteID           string        `json:"RemoteID"`
	Price              *string       `json:"Price"`
	SMSReplies         []replyV3JSON `json:"SMSReplies"`
}

// replyV3JSON is one SMSReplies item.
type replyV3JSON struct {
	ReceivedID             string `json:"ReceivedID"`
	ReceivedTimeLocal      string `json:"ReceivedTimeLocal"`
	ReceivedTimeUTC        string `json:"ReceivedTimeUTC"`
	ReceivedTimeUTCRFC3339 string `json:"ReceivedTimeUTC_RFC3339"`
	Timezone               string `json:"Timezone"`
	From                   string `json:"From"`
	MessageText            string `json:"MessageText"`
}

// statusV3 handles GET sms/{id}: the status document with one page of
// recipients, each with its replies.
func (s *Server) statusV3(req *apiRequest) *reply {
	id := req.params["id"]
	p, perr := s.v3Paging(req.query, 1, maxV3RecordsPerPage)
	if perr != nil {
		return v3Failed(perr)
	}
	m, ok := s.visibleMessage(id)
	if !ok {
		return v3MessageNotFound(id).reply()
	}
	cr, dl := v3StampsOf(m.Created), v3StampsOf(m.Created)
	if !m.SendAt.IsZero() {
		dl = v3StampsOf(m.SendAt)
	}
	t := tallyOf(m)
	doc := statusV3Doc{
		MessageID: m.MessageID, JobStatus: m.Status, JobNum: m.JobNum, Account: accountNumber,
		SubAccount: m.SubAccount, Department: m.Department, Reference: m.Reference,
		CreatedTimeLocal: cr.local, CreatedTimeUTC: cr.utc, CreatedTimeUTCRFC3339: cr.rfc,
		DelayedTimeLocal: dl.local, DelayedTimeUTC: dl.utc, DelayedTimeUTCRFC3339: dl.rfc,
		Timezone: timezoneName, Count: len(m.Recipients),
		Complete: t.complete, Success: t.success, Failed: t.failed, Price: v3Price(t.price),
	}
	page, info := pageOf(m.Recipients, p)
	doc.pageInfo = info
	doc.Recipients = make([]recipientV3JSON, 0, len(page))
	for _, r := range page {
		doc.Recipients = append(doc.Recipients, recipientOutV3(m, r))
	}
	return success(doc)
}

func recipientOutV3(m Message, r Recipient) recipientV3JSON {
	sent := v3StampsOf(r.SentTime)
	out := recipientV3JSON{
		Type: "SMS", DestSeq: r.DestSeq, Destination: r.Destination, ContactID: r.ContactID,
		Status: r.Status, Result: r.Result,
		SentTimeLocal: sent.local, SentTimeUTC: sent.utc, SentTimeUTCRFC3339: sent.rfc,
		Attention: r.Attention, Company: r.Company,
		Custom1: r.Custom[0], Custom2: r.Custom[1], Custom3: r.Custom[2], Custom4: r.Custom[3], Custom5: r.Custom[4],
		Custom6: r.Custom[5], Custom7: r.Custom[6], Custom8: r.Custom[7], Custom9: r.Custom[8],
		Price: v3Price(r.Price), SMSReplies: make([]replyV3JSON, 0, len(r.Replies)),
	}
	if !r.Blocked {
		text := personalise(m.Text, r.personalisation())
		out.MessageText = &text
	}
	for _, rep := range r.Replies {
		st := v3StampsOf(rep.Received)
		out.SMSReplies = append(out.SMSReplies, replyV3JSON{
			ReceivedID: rep.ReceivedID, ReceivedTimeLocal: st.local, ReceivedTimeUTC: st.utc, ReceivedTimeUTCRFC3339: st.rfc,
			Timezone: timezoneName, From: rep.From, MessageText: rep.MessageText,
		})
	}
	return out
}

// ---- received ----

// receivedV3JSON is one Messages item of GET sms/received.
type receivedV3JSON struct {
	ReceivedID             string `json:"ReceivedID"`
	MessageID              string `json:"MessageID"`
	JobNum                 string `json:"JobNum"`
	SubAccount             string `json:"SubAccount"`
	Department             string `json:"Department"`
	ReceivedTimeLocal      string `json:"ReceivedTimeLocal"`
	ReceivedTimeUTC        string `json:"ReceivedTimeUTC"`
	ReceivedTimeUTCRFC3339 string `json:"ReceivedTimeUTC_RFC3339"`
	From                   string `json:"From"`
	ContactID              string `json:"ContactID"`
	MessageText            string `json:"MessageText"`
	Timezone               string `json:"Timezone"`
	Version                string `json:"Version"`
}

type receivedListV3Body struct {
	pageInfo
	Messages []receivedV3JSON `json:"Messages"`
}

// Limits of GET sms/received (wire-protocol-v3.md §5.3).
const (
	maxV3TimePeriod = 1440
	maxV3Window     = 7 * 24 * time.Hour
)

// receivedWindowV3 is v2's window (receivedWindow) within v3's limits:
// timePeriod 1 to 1440 minutes; dateFrom and dateTo at most 7 days apart,
// a missing dateTo being now and a missing dateFrom 7 days before dateTo.
func receivedWindowV3(q query, now time.Time) (time.Time, time.Time, *apiError) {
	df, dt := strings.TrimSpace(q["datefrom"]), strings.TrimSpace(q["dateto"])
	if df == "" && dt == "" {
		if v := strings.TrimSpace(q["timeperiod"]); v != "" {
			if n, err := strconv.Atoi(v); err != nil || n < 1 || n > maxV3TimePeriod {
				return now, now, badRequest("timePeriod must be between 1 and %d minutes, got %q", maxV3TimePeriod, v)
			}
		}
		return receivedWindow(q, now)
	}
	from, to, err := receivedWindow(q, now)
	if err != nil {
		return from, to, err
	}
	if dt == "" {
		to = now
	}
	if df == "" {
		from = to.Add(-maxV3Window)
	}
	if to.Sub(from) > maxV3Window {
		return from, to, badRequest("dateFrom and dateTo must be at most 7 days apart")
	}
	return from, to, nil
}

// listReceivedV3 handles GET sms/received.
func (s *Server) listReceivedV3(req *apiRequest) *reply {
	p, perr := s.v3Paging(req.query, 1, maxV3RecordsPerPage)
	if perr != nil {
		return v3Failed(perr)
	}
	from, to, werr := receivedWindowV3(req.query, s.store.timestamp())
	if werr != nil {
		return v3Failed(werr)
	}
	items := []receivedV3JSON{}
	for _, r := range s.receivedIn(from, to) {
		st := v3StampsOf(r.Received)
		items = append(items, receivedV3JSON{
			ReceivedID: r.ReceivedID, MessageID: r.MessageID, JobNum: r.JobNum,
			SubAccount: r.subAccount, Department: r.department,
			ReceivedTimeLocal: st.local, ReceivedTimeUTC: st.utc, ReceivedTimeUTCRFC3339: st.rfc,
			From: r.From, ContactID: r.ContactID, MessageText: r.MessageText, Timezone: timezoneName, Version: versionV3,
		})
	}
	page, info := pageOf(items, p)
	return success(receivedListV3Body{pageInfo: info, Messages: page})
}

// ---- actions ----

// actionV3Body is the answer to a v3 action: ActionResult in place of Result.
type actionV3Body struct {
	ActionResult string `json:"ActionResult"`
	MessageID    string `json:"MessageID"`
	JobNum       string `json:"JobNum"`
	Status       string `json:"Status"`
	Action       string `json:"Action"`
}

func (s *Server) rescheduleV3(req *apiRequest) *reply { return actionV3(req, s.reschedule(req)) }

func (s *Server) abortV3(req *apiRequest) *reply { return actionV3(req, s.abort(req)) }

// actionV3 answers a v3 action with what the shared action (actions.go)
// answered, in v3's shape.
func actionV3(req *apiRequest, rep *reply) *reply {
	if ab, ok := rep.body.(actionBody); ok && rep.status == http.StatusOK {
		return success(actionV3Body{ActionResult: resultSuccess, MessageID: ab.MessageID, JobNum: ab.JobNum, Status: ab.Status, Action: ab.Action})
	}
	return v3Reply(rep, v3MessageNotFound(req.params["id"]))
}

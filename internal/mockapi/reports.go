package mockapi

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Reports: get/status, get/sms/reply and get/sms/received
// (contributing/wire-protocol.md §7; README.md, Reports). The status and
// reply documents carry both generations of time-stamp names (§13.2 M10).

// statusDoc is the v2.04 status document of contributing/wire-protocol.md §7.1 (and, with SMSReplies on
// every recipient, the reply document of §7.3).
type statusDoc struct {
	Result                string  `json:"Result"`
	MessageID             string  `json:"MessageID"`
	Status                string  `json:"Status"`
	JobNum                string  `json:"JobNum"`
	Account               string  `json:"Account"`
	SubAccount            string  `json:"SubAccount"`
	Department            string  `json:"Department"`
	Reference             string  `json:"Reference"`
	Created               string  `json:"Created"`
	CreatedUTC            string  `json:"CreatedUTC"`
	Delayed               string  `json:"Delayed"`
	DelayedUTC            string  `json:"DelayedUTC"`
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
	Price                 float64 `json:"Price"`
	pageInfo
	Recipients []recipientJSON `json:"Recipients"`
}

// recipientJSON is one Recipients item.
type recipientJSON struct {
	Type               string       `json:"Type"`
	DestSeq            string       `json:"DestSeq"`
	Destination        string       `json:"Destination"`
	ContactID          string       `json:"ContactID"`
	GroupID            string       `json:"GroupID"`
	MessageText        string       `json:"MessageText"`
	Status             string       `json:"Status"`
	Result             string       `json:"Result"`
	SentDate           string       `json:"SentDate"`
	SentDateUTC        string       `json:"SentDateUTC"`
	SentTimeLocal      string       `json:"SentTimeLocal"`
	SentTimeUTC        string       `json:"SentTimeUTC"`
	SentTimeUTCRFC3339 string       `json:"SentTimeUTC_RFC3339"`
	Attention          string       `json:"Attention"`
	Company            string       `json:"Company"`
	Custom1            string       `json:"Custom1"`
	Custom2            string       `json:"Custom2"`
	Custom3            string       `json:"Custom3"`
	Custom4            string       `json:"Custom4"`
	Custom5            string       `json:"Custom5"`
	Custom6            string       `json:"Custom6"`
	Custom7            string       `json:"Custom7"`
	Custom8            string       `json:"Custom8"`
	Custom9            string       `json:"Custom9"`
	RemoteID           string       `json:"RemoteID"`
	Price              float64      `json:"Price"`
	SMSParts           int          `json:"SMSParts"`
	SMSReplies         *[]replyJSON `json:"SMSReplies,omitempty"`
}

// replyJSON is one SMSReplies item, with every SDK line's names.
type replyJSON struct {
	ReceivedID             string `json:"ReceivedID"`
	ReceivedTimeLocal      string `json:"ReceivedTimeLocal"`
	ReceivedTimeUTC        string `json:"ReceivedTimeUTC"`
	ReceivedTimeUTCRFC3339 string `json:"ReceivedTimeUTC_RFC3339"`
	Date                   string `json:"Date"`
	DateUTC                string `json:"DateUTC"`
	Timezone               string `json:"Timezone"`
	From                   string `json:"From"`
	MessageText            string `json:"MessageText"`
}

// receivedJSON is one Messages item of get/sms/received.
type receivedJSON struct {
	ReceivedID             string `json:"ReceivedID"`
	ID                     int    `json:"ID"`
	MessageID              string `json:"MessageID"`
	ContactID              string `json:"ContactID"`
	JobNum                 string `json:"JobNum"`
	Account                string `json:"Account"`
	SubAccount             string `json:"SubAccount"`
	Department             string `json:"Department"`
	ReceivedTimeLocal      string `json:"ReceivedTimeLocal"`
	ReceivedTimeUTC        string `json:"ReceivedTimeUTC"`
	ReceivedTimeUTCRFC3339 string `json:"ReceivedTimeUTC_RFC3339"`
	Date                   string `json:"Date"`
	DateUTC                string `json:"DateUTC"`
	From                   string `json:"From"`
	MessageText            string `json:"MessageText"`
	Timezone               string `json:"Timezone"`
}

type receivedListBody struct {
	Result string `json:"Result"`
	pageInfo
	Messages []receivedJSON `json:"Messages"`
}

// stampsOrEmpty is stampsOf, with every spelling empty for the zero time.
func stampsOrEmpty(t time.Time) stamps {
	if t.IsZero() {
		return stamps{}
	}
	return stampsOf(t)
}

func replyOut(r Received) replyJSON {
	st := stampsOf(r.Received)
	return replyJSON{
		ReceivedID: r.ReceivedID, ReceivedTimeLocal: st.local, ReceivedTimeUTC: st.utc, ReceivedTimeUTCRFC3339: st.rfc,
		Date: st.local, DateUTC: st.utc, Timezone: timezoneName, From: r.From, MessageText: r.MessageText,
	}
}

// statusOut renders a message as the status (or, with replies, the reply)
// document, with one page of recipients.
func statusOut(m Message, p paging, replies bool) statusDoc {
	cr := stampsOf(m.Created)
	dl := cr
	if !m.SendAt.IsZero() {
		dl = stampsOf(m.SendAt)
	}
	doc := statusDoc{
		Result: resultSuccess, MessageID: m.MessageID, Status: m.Status, JobNum: m.JobNum,
		Account: accountNumber, SubAccount: m.SubAccount, Department: m.Department, Reference: m.Reference,
		Created: cr.iso, CreatedUTC: cr.isoUTC, Delayed: dl.iso, DelayedUTC: dl.isoUTC,
		CreatedTimeLocal: cr.local, CreatedTimeUTC: cr.utc, CreatedTimeUTCRFC3339: cr.rfc,
		DelayedTimeLocal: dl.local, DelayedTimeUTC: dl.utc, DelayedTimeUTCRFC3339: dl.rfc,
		Timezone: timezoneName, Count: len(m.Recipients),
	}
	t := tallyOf(m)
	doc.Success, doc.Failed, doc.Complete, doc.Price = t.success, t.failed, t.complete, t.price
	page, info := pageOf(m.Recipients, p)
	doc.pageInfo = info
	doc.Recipients = make([]recipientJSON, 0, len(page))
	for _, r := range page {
		st := stampsOrEmpty(r.SentTime)
		rj := recipientJSON{
			Type: "Text", DestSeq: r.DestSeq, Destination: r.Destination, ContactID: r.ContactID, GroupID: r.GroupID,
			MessageText: personalise(m.Text, r.personalisation()), Status: r.Status, Result: r.Result,
			SentDate: st.iso, SentDateUTC: st.isoUTC, SentTimeLocal: st.local, SentTimeUTC: st.utc, SentTimeUTCRFC3339: st.rfc,
			Attention: r.Attention, Company: r.Company,
			Custom1: r.Custom[0], Custom2: r.Custom[1], Custom3: r.Custom[2], Custom4: r.Custom[3], Custom5: r.Custom[4],
			Custom6: r.Custom[5], Custom7: r.Custom[6], Custom8: r.Custom[7], Custom9: r.Custom[8],
			Price: r.Price, SMSParts: r.Parts,
		}
		if replies {
			rs := make([]replyJSON, 0, len(r.Replies))
			for _, rep := range r.Replies {
				rs = append(rs, replyOut(rep))
			}
			rj.SMSReplies = &rs
		}
		doc.Recipients = append(doc.Recipients, rj)
	}
	return doc
}

// tally is the count of a message's recipients by outcome and its price.
type tally struct {
	success, failed, complete int
	price                     float64
}

func tallyOf(m Message) tally {
	var t tally
	for _, r := range m.Recipients {
		switch r.Status {
		case recipSuccess:
			t.success++
			t.complete++
		case recipFailed:
			t.failed++
			t.complete++
		}
		t.price += r.Price
	}
	t.price = money(t.price)
	return t
}

func (s *Server) getStatus(req *apiRequest) *reply { return s.statusReport(req, false) }

func (s *Server) getReplies(req *apiRequest) *reply { return s.statusReport(req, true) }

// statusReport answers get/status/{id} and get/sms/reply/{id}.
func (s *Server) statusReport(req *apiRequest, replies bool) *reply {
	id := req.params["id"]
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return withMessageID(perr.reply(), id)
	}
	m, ok := s.visibleMessage(id)
	if !ok {
		return withMessageID(notFound(errNotFound).reply(), id)
	}
	return success(statusOut(m, p, replies))
}

// visibleMessage is the most recent message with the id, unless there is
// none or it is still hidden by Options.StatusDelay.
func (s *Server) visibleMessage(id string) (Message, bool) {
	m, ok := s.Message(id)
	if !ok || s.store.timestamp().Sub(m.Created) < s.statusDelay {
		return Message{}, false
	}
	return m, true
}

// sortedReceived returns the received SMS oldest first.
func sortedReceived(rs []receivedRecord) []receivedRecord {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b receivedRecord) int {
		if c := a.Received.Compare(b.Received); c != 0 {
			return c
		}
		return a.Seq - b.Seq
	})
	return out
}

// receivedWindow resolves the window of get/sms/received: dateFrom/dateTo
// (account zone, inclusive, either may be omitted; a bare dateTo date means
// the end of that day) win over timePeriod (minutes up to now, default 1440).
func receivedWindow(q query, now time.Time) (time.Time, time.Time, *apiError) {
	df, dt := strings.TrimSpace(q["datefrom"]), strings.TrimSpace(q["dateto"])
	if df != "" || dt != "" {
		from, to := time.Time{}, time.Unix(1<<40, 0)
		var err *apiError
		if df != "" {
			if from, err = parseTime("dateFrom", df, accountZone, true); err != nil {
				return from, to, err
			}
		}
		if dt != "" {
			if to, err = parseTime("dateTo", dt, accountZone, true); err != nil {
				return from, to, err
			}
			if _, derr := time.Parse(time.DateOnly, dt); derr == nil {
				to = to.AddDate(0, 0, 1).Add(-time.Nanosecond)
			}
		}
		if to.Before(from) {
			return from, to, badRequest("dateTo must not be before dateFrom")
		}
		return from, to, nil
	}
	minutes := 1440
	if v := strings.TrimSpace(q["timeperiod"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return now, now, badRequest("timePeriod must be a positive number of minutes, got %q", v)
		}
		minutes = n
	}
	return now.Add(-time.Duration(minutes) * time.Minute), now, nil
}

// listReceived answers get/sms/received.
func (s *Server) listReceived(req *apiRequest) *reply {
	p, perr := req.query.paging(s.pageSize)
	if perr != nil {
		return perr.reply()
	}
	from, to, werr := receivedWindow(req.query, s.store.timestamp())
	if werr != nil {
		return werr.reply()
	}
	items := []receivedJSON{}
	for _, r := range s.receivedIn(from, to) {
		it := receivedJSON{
			ReceivedID: r.ReceivedID, ID: r.Seq, MessageID: r.MessageID, ContactID: r.ContactID,
			JobNum: r.JobNum, Account: accountNumber, SubAccount: r.subAccount, Department: r.department,
			From: r.From, MessageText: r.MessageText, Timezone: timezoneName,
		}
		stm := stampsOf(r.Received)
		it.ReceivedTimeLocal, it.ReceivedTimeUTC, it.ReceivedTimeUTCRFC3339 = stm.local, stm.utc, stm.rfc
		it.Date, it.DateUTC = stm.local, stm.utc
		items = append(items, it)
	}
	page, info := pageOf(items, p)
	return success(receivedListBody{Result: resultSuccess, pageInfo: info, Messages: page})
}

// receivedItem is a received SMS with the sub-account and department of
// the message it replies to.
type receivedItem struct {
	receivedRecord
	subAccount, department string
}

// receivedIn returns the received SMS of the window [from, to], oldest
// first.
func (s *Server) receivedIn(from, to time.Time) []receivedItem {
	var items []receivedItem
	s.store.view(func(st *state) {
		for _, r := range sortedReceived(st.Received) {
			if r.Received.Before(from) || r.Received.After(to) {
				continue
			}
			it := receivedItem{receivedRecord: r}
			if r.JobNum != "" {
				for i := range st.Messages {
					if st.Messages[i].JobNum == r.JobNum {
						it.subAccount, it.department = st.Messages[i].SubAccount, st.Messages[i].Department
						break
					}
				}
			}
			items = append(items, it)
		}
	})
	return items
}

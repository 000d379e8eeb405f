// api_v1 SMS records: their lifecycle and outcome, fetch_sms, stop_sms,
// delete_sms and get_total_units (README.md, SMS).

package mockapi

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bestsms/terraform-provider-bestsms/internal/smsenc"
)

// SMS status codes of the reference.
const (
	gwUndeliverable = -4
	gwExpired       = -3
	gwRejected      = -2
	gwFailedStatus  = -1
	gwPending       = 0
	gwSent          = 1
	gwDelivered     = 2
)

var gwStatusNames = map[int]string{
	gwUndeliverable: "UNDELIVERABLE",
	gwExpired:       "EXPIRED",
	gwRejected:      "REJECTED",
	gwFailedStatus:  "FAILED",
	gwPending:       "PENDING",
	gwSent:          "SENT",
	gwDelivered:     "DELIVERED",
}

// gwStoredSMS is one SMS record as persisted: the facts its reported state
// is derived from.
type gwStoredSMS struct {
	ID        int
	BatchID   string
	Sender    string
	Recipient string
	Message   string
	Type      int
	Route     int
	Unicode   bool
	Units     int
	Submitted time.Time
	// Scheduled is when sending starts; Done when the outcome shows.
	Scheduled time.Time
	Done      time.Time
	Outcome   int
	Info      string
	Stopped   time.Time // zero unless stopped
	FirstName *string
	LastName  *string
	GroupName *string
	ExtraData string
}

// GatewaySMS is an api_v1 SMS record as the mock reports it now.
type GatewaySMS struct {
	ID        int
	BatchID   string
	Sender    string
	Recipient string
	Message   string
	Type      int
	Route     int
	Unicode   bool
	Units     int
	// Status is the code (-4…2), StatusMsg its name.
	Status    int
	StatusMsg string
	Info      string
	Submitted time.Time
	Scheduled time.Time
	Sent      time.Time // zero until sent
	Stopped   bool
	FirstName *string
	LastName  *string
	GroupName *string
	ExtraData string
}

// statusAt is the record's status, info and sent time at now.
func (m *gwStoredSMS) statusAt(now time.Time) (int, string, time.Time) {
	switch {
	case !m.Stopped.IsZero():
		return gwFailedStatus, "Stopped by user", time.Time{}
	case now.Before(m.Scheduled):
		return gwPending, "Message is on queue, to be sent", time.Time{}
	case m.Outcome == gwFailedStatus || m.Outcome == gwRejected:
		return m.Outcome, m.Info, m.Scheduled
	case now.Before(m.Done):
		return gwSent, "Message accepted by the network, awaiting delivery report", m.Scheduled
	}
	return m.Outcome, m.Info, m.Scheduled
}

func (m *gwStoredSMS) view(now time.Time) GatewaySMS {
	code, info, sent := m.statusAt(now)
	return GatewaySMS{
		ID: m.ID, BatchID: m.BatchID, Sender: m.Sender, Recipient: m.Recipient, Message: m.Message,
		Type: m.Type, Route: m.Route, Unicode: m.Unicode, Units: m.Units,
		Status: code, StatusMsg: gwStatusNames[code], Info: info,
		Submitted: m.Submitted, Scheduled: m.Scheduled, Sent: sent, Stopped: !m.Stopped.IsZero(),
		FirstName: m.FirstName, LastName: m.LastName, GroupName: m.GroupName, ExtraData: m.ExtraData,
	}
}

// gwOutcome is the final status of an SMS to a stored number.
func gwOutcome(number string) (int, string) {
	switch {
	case len(number) < 8 || len(number) > 15:
		return gwRejected, "Invalid number"
	case strings.HasSuffix(number, "0000"):
		return gwFailedStatus, "An issue occurred while attempting to send the SMS"
	case strings.HasSuffix(number, "0002"):
		return gwRejected, "Network is forbidden"
	case strings.HasSuffix(number, "0003"):
		return gwExpired, "Message validity period has expired"
	case strings.HasSuffix(number, "0004"):
		return gwUndeliverable, "The message is undeliverable"
	}
	return gwDelivered, "Message delivered to handset"
}

// gwUnits is the number of units (pages) a text costs: GSM-7 parts, or 72
// characters per page for unicode, as the reference says.
func gwUnits(text string, unicode bool) int {
	n := utf8.RuneCountInString(text)
	switch {
	case unicode:
		return max(1, (n+71)/72)
	case smsenc.IsGSM7(text):
		return max(1, smsenc.Count(text).Segments)
	case n <= smsenc.GSM7Single:
		return 1
	}
	return (n + smsenc.GSM7Multipart - 1) / smsenc.GSM7Multipart
}

// gwSMSRecord is the wire form of an SMS record (every member a string or
// null, as in the reference's sample).
type gwSMSRecord struct {
	SMSID          string  `json:"sms_id"`
	Sender         string  `json:"sender"`
	Recipient      string  `json:"recipient"`
	Message        string  `json:"message"`
	SubAccountID   string  `json:"sub_account_id"`
	UserID         string  `json:"user_id"`
	TimeScheduled  string  `json:"time_scheduled"`
	BatchID        string  `json:"batch_id"`
	Status         string  `json:"status"`
	Type           string  `json:"type"`
	Units          string  `json:"units"`
	Reference      string  `json:"reference"`
	TimeSubmitted  string  `json:"time_submitted"`
	TimeSent       string  `json:"time_sent"`
	UnitsConfirmed string  `json:"units_confirmed"`
	Locked         string  `json:"locked"`
	Info           string  `json:"info"`
	FirstName      *string `json:"firstname"`
	LastName       *string `json:"lastname"`
	GroupName      *string `json:"group_name"`
	StatusMsg      string  `json:"status_msg"`
	SubmittedAt    string  `json:"submitted_at"`
	ScheduledTo    string  `json:"scheduled_to"`
	SentAt         string  `json:"sent_at"`
	ExtraData      string  `json:"extra_data"`
}

func (s *Server) smsRecord(m *gwStoredSMS, now time.Time) gwSMSRecord {
	v := m.view(now)
	confirmed := "0"
	if v.Status == gwDelivered {
		confirmed = "1"
	}
	return gwSMSRecord{
		SMSID: strconv.Itoa(v.ID), Sender: v.Sender, Recipient: v.Recipient, Message: v.Message,
		SubAccountID: gwSubAccountID, UserID: gwUserID, TimeScheduled: unixString(v.Scheduled),
		BatchID: v.BatchID, Status: strconv.Itoa(v.Status), Type: strconv.Itoa(v.Type),
		Units: strconv.Itoa(v.Units), Reference: "", TimeSubmitted: unixString(v.Submitted),
		TimeSent: unixString(v.Sent), UnitsConfirmed: confirmed, Locked: "0", Info: v.Info,
		FirstName: v.FirstName, LastName: v.LastName, GroupName: v.GroupName, StatusMsg: v.StatusMsg,
		SubmittedAt: s.gateway.clockString(v.Submitted), ScheduledTo: s.gateway.clockString(v.Scheduled),
		SentAt: s.gateway.clockString(v.Sent), ExtraData: v.ExtraData,
	}
}

// gwSMSPage is the fetch_sms answer, members in the sample's order.
type gwSMSPage struct {
	Total          int            `json:"total"`
	TotalPages     int            `json:"totalpages"`
	P              int            `json:"p"`
	PerPage        int            `json:"perpage"`
	TimezoneOffset string         `json:"timezone_offset"`
	Records        []gwSMSRecord  `json:"records"`
	Filter         map[string]any `json:"filter"`
}

// gwSMSPerPage is fetch_sms's perpage default (the sample's filter echo).
const gwSMSPerPage = 100

func (s *Server) gwFetchSMS(req *gwRequest) (any, *gwError) {
	flt, gerr := s.parseSMSFilter(req.form, true)
	if gerr != nil {
		return nil, gerr
	}
	page, perPage, gerr := gwPaging(req.form, gwSMSPerPage)
	if gerr != nil {
		return nil, gerr
	}
	out := gwSMSPage{P: page, PerPage: perPage, TimezoneOffset: s.gateway.offsetText, Records: []gwSMSRecord{}}
	s.store.view(func(st *state) {
		idx := s.matching(&st.Gateway, &flt, req.now)
		start, end, pages := gwPage(len(idx), page, perPage)
		out.Total, out.TotalPages = len(idx), pages
		for _, i := range idx[start:end] {
			out.Records = append(out.Records, s.smsRecord(&st.Gateway.SMS[i], req.now))
		}
		flt.echo["p"] = req.form.get("p")
		flt.echo["perpage"] = perPage
		flt.echo["offset"] = start
		out.Filter = flt.echo
	})
	return out, nil
}

// bulkSMS runs act on the records matching the request's filter (error 10
// when none match) and answers {"total":"<n>"} with act's count.
func (s *Server) bulkSMS(req *gwRequest, act func(g *gatewayState, idx []int) (int, *gwError)) (any, *gwError) {
	flt, gerr := s.parseSMSFilter(req.form, false)
	if gerr != nil {
		return nil, gerr
	}
	n := 0
	err := s.store.update(func(st *state) error {
		idx := s.matching(&st.Gateway, &flt, req.now)
		if len(idx) == 0 {
			return errNoRecord
		}
		var aerr *gwError
		if n, aerr = act(&st.Gateway, idx); aerr != nil {
			return aerr
		}
		return nil
	})
	if err != nil {
		return nil, gwStoreFailure(err)
	}
	return map[string]string{"total": strconv.Itoa(n)}, nil
}

func (s *Server) gwStopSMS(req *gwRequest) (any, *gwError) {
	return s.bulkSMS(req, func(g *gatewayState, idx []int) (int, *gwError) {
		var pending []int
		for _, i := range idx {
			if code, _, _ := g.SMS[i].statusAt(req.now); code == gwPending {
				pending = append(pending, i)
			}
		}
		if len(pending) == 0 {
			return 0, gwErr(gwFailed, "operation failed: none of the %d matching messages is still pending", len(idx))
		}
		refund := 0
		for _, i := range pending {
			g.SMS[i].Stopped = req.now
			refund += g.SMS[i].Units
		}
		g.setBalance(g.balance(s.gateway) + refund)
		return len(pending), nil
	})
}

func (s *Server) gwDeleteSMS(req *gwRequest) (any, *gwError) {
	return s.bulkSMS(req, func(g *gatewayState, idx []int) (int, *gwError) {
		drop := map[int]bool{}
		refund := 0
		for _, i := range idx {
			drop[i] = true
			if code, _, _ := g.SMS[i].statusAt(req.now); code == gwPending {
				refund += g.SMS[i].Units
			}
		}
		kept := g.SMS[:0]
		for i, m := range g.SMS {
			if !drop[i] {
				kept = append(kept, m)
			}
		}
		g.SMS = kept
		g.setBalance(g.balance(s.gateway) + refund)
		return len(idx), nil
	})
}

func (s *Server) gwTotalUnits(req *gwRequest) (any, *gwError) {
	flt, gerr := s.parseSMSFilter(req.form, false)
	if gerr != nil {
		return nil, gerr
	}
	units := 0
	s.store.view(func(st *state) {
		for _, i := range s.matching(&st.Gateway, &flt, req.now) {
			if st.Gateway.SMS[i].Stopped.IsZero() {
				units += st.Gateway.SMS[i].Units
			}
		}
	})
	return map[string]string{"total": strconv.Itoa(units)}, nil
}

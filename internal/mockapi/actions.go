// The message actions: set/abort, set/reschedule and set/resubmit
// (contributing/wire-protocol.md §8; README.md, Actions).

package mockapi

import (
	"strings"
	"time"
)

// actionBody is the answer to a successful action (contributing/wire-protocol.md §8).
type actionBody struct {
	Result    string `json:"Result"`
	MessageID string `json:"MessageID"`
	Status    string `json:"Status"`
	JobNum    string `json:"JobNum"`
	Action    string `json:"Action"`
}

const (
	actionResubmit   = "Resubmit"
	actionReschedule = "Reschedule"
	actionAbort      = "Abort"
)

func (s *Server) resubmit(req *apiRequest) *reply { return s.act(req, actionResubmit) }

func (s *Server) reschedule(req *apiRequest) *reply { return s.act(req, actionReschedule) }

func (s *Server) abort(req *apiRequest) *reply { return s.act(req, actionAbort) }

// startAt parses an action's SendTime in the message's zone; a time that
// is not in the future means now.
func startAt(m *storedMessage, sendTime string, now time.Time) (time.Time, *apiError) {
	loc, err := loadZone(m.TimeZone)
	if err != nil {
		loc = accountZone
	}
	t, err := parseTime("SendTime", sendTime, loc, false)
	if err != nil {
		return now, err
	}
	if !t.After(now) {
		return now, nil
	}
	return t.UTC(), nil
}

// act applies an action to the most recent message with the path id.
func (s *Server) act(req *apiRequest, action string) *reply {
	id := req.params["id"]
	sendTime, _, aerr := req.body.str("SendTime")
	if aerr != nil {
		return msgFailure(aerr, id)
	}
	sendTime = strings.TrimSpace(sendTime)
	now := s.advance()
	var out actionBody
	err := s.store.update(func(st *state) error {
		i := st.messageIndex(id)
		if i < 0 {
			return notFound(errNotFound)
		}
		m := &st.Messages[i]
		before := m.statusAt(now, s.deliveryDelay)
		start := now
		switch action {
		case actionAbort, actionReschedule:
			if before != statusDelayed {
				return badRequest("Message is not Delayed (status: %s)", before)
			}
			if action == actionReschedule {
				if sendTime == "" {
					return badRequest("Missing SendTime: Reschedule needs the new send time")
				}
				var err *apiError
				if start, err = startAt(m, sendTime, now); err != nil {
					return err
				}
			}
		case actionResubmit:
			if before == statusPending || before == statusDelayed {
				return badRequest("Message has not completed yet (status: %s)", before)
			}
			failed := 0
			for _, r := range m.Recipients {
				if v := recipientAt(r, now, s.deliveryDelay); v.Final && v.Status == recipFailed {
					failed++
				}
			}
			if failed == 0 {
				return badRequest("Message has no Failed recipients to resubmit (status: %s)", before)
			}
			if sendTime != "" {
				var err *apiError
				if start, err = startAt(m, sendTime, now); err != nil {
					return err
				}
			}
		}
		// Validated: materialise, then apply.
		for j := range m.Recipients {
			m.Recipients[j] = recipientAt(m.Recipients[j], now, s.deliveryDelay)
			if !m.Recipients[j].Final {
				m.Recipients[j].Status, m.Recipients[j].Result = "", ""
			}
		}
		switch action {
		case actionAbort:
			m.Aborted = now
			for j := range m.Recipients {
				if r := &m.Recipients[j]; !r.Final {
					r.Final, r.Status, r.Result, r.Price, r.SentTime, r.Notified = true, recipFailed, resultAborted, 0, time.Time{}, true
				}
			}
		case actionReschedule:
			m.SendAt, m.SendTime = start, sendTime
			for j := range m.Recipients {
				if r := &m.Recipients[j]; !r.Final {
					r.Start = start
				}
			}
		case actionResubmit:
			m.Aborted = time.Time{}
			switch {
			case start.After(now):
				m.SendAt = start
			case m.SendAt.After(now):
				m.SendAt = time.Time{}
			}
			for j := range m.Recipients {
				if r := &m.Recipients[j]; r.Final && r.Status == recipFailed {
					*r = storedRecipient{
						DestSeq: r.DestSeq, Destination: r.Destination, ContactID: r.ContactID, GroupID: r.GroupID,
						Attention: r.Attention, Company: r.Company, FirstName: r.FirstName, LastName: r.LastName,
						Custom: r.Custom, Parts: r.Parts, Valid: r.Valid, Start: start,
					}
				}
			}
		}
		out = actionBody{Result: resultSuccess, MessageID: m.MessageID, Status: before, JobNum: m.JobNum, Action: action}
		return nil
	})
	if err != nil {
		return msgFailure(err, id)
	}
	s.advance()
	s.kick()
	return success(out)
}

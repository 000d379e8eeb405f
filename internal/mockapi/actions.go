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

// The three actions share onMessage, which loads the message and answers;
// each checks what it needs before it changes anything.

func (s *Server) abort(req *apiRequest) *reply {
	return s.onMessage(req, actionAbort, func(m *storedMessage, in actionInput) *apiError {
		if in.before != statusDelayed {
			return errNotDelayed(in.before)
		}
		m.materialise(in.now, s.deliveryDelay)
		m.Aborted = in.now
		for j := range m.Recipients {
			if r := &m.Recipients[j]; !r.Final {
				r.Final, r.Status, r.Result, r.Price, r.SentTime, r.Notified = true, recipFailed, resultAborted, 0, time.Time{}, true
			}
		}
		return nil
	})
}

func (s *Server) reschedule(req *apiRequest) *reply {
	return s.onMessage(req, actionReschedule, func(m *storedMessage, in actionInput) *apiError {
		if in.before != statusDelayed {
			return errNotDelayed(in.before)
		}
		if in.sendTime == "" {
			return badRequest("Missing SendTime: Reschedule needs the new send time")
		}
		start, err := startAt(m, in.sendTime, in.now)
		if err != nil {
			return err
		}
		m.materialise(in.now, s.deliveryDelay)
		m.SendAt, m.SendTime = start, in.sendTime
		for j := range m.Recipients {
			if r := &m.Recipients[j]; !r.Final {
				r.Start = start
			}
		}
		return nil
	})
}

func (s *Server) resubmit(req *apiRequest) *reply {
	return s.onMessage(req, actionResubmit, func(m *storedMessage, in actionInput) *apiError {
		if in.before == statusPending || in.before == statusDelayed {
			return badRequest("Message has not completed yet (status: %s)", in.before)
		}
		if !m.hasFailed(in.now, s.deliveryDelay) {
			return badRequest("Message has no Failed recipients to resubmit (status: %s)", in.before)
		}
		start := in.now
		if in.sendTime != "" {
			var err *apiError
			if start, err = startAt(m, in.sendTime, in.now); err != nil {
				return err
			}
		}
		m.materialise(in.now, s.deliveryDelay)
		m.Aborted = time.Time{}
		switch {
		case start.After(in.now):
			m.SendAt = start
		case m.SendAt.After(in.now):
			m.SendAt = time.Time{}
		}
		for j := range m.Recipients {
			if r := &m.Recipients[j]; r.Final && r.Status == recipFailed {
				*r = storedRecipient{
					DestSeq: r.DestSeq, Destination: r.Destination, ContactID: r.ContactID, GroupID: r.GroupID,
					Attention: r.Attention, Company: r.Company, FirstName: r.FirstName, LastName: r.LastName,
					Custom: r.Custom, Parts: r.Parts, Valid: r.Valid, Blocked: r.Blocked, Start: start,
				}
			}
		}
		return nil
	})
}

// actionInput is what an action sees of its request and message.
type actionInput struct {
	before   string    // the job status before the action
	sendTime string    // the request's SendTime, trimmed ("" when absent)
	now      time.Time // the server clock
}

// onMessage runs an action on the most recent message with the path id, in
// one store update: the message is loaded (404 when unknown) and its status
// evaluated, then act checks and changes it. The answer's Status is the
// status before the action.
func (s *Server) onMessage(req *apiRequest, action string, act func(m *storedMessage, in actionInput) *apiError) *reply {
	id := req.params["id"]
	sendTime, _, aerr := req.body.str("SendTime")
	if aerr != nil {
		return withMessageID(aerr.reply(), id)
	}
	in := actionInput{sendTime: strings.TrimSpace(sendTime), now: s.advance()}
	var out actionBody
	err := s.store.update(func(st *state) error {
		i := st.messageIndex(id)
		if i < 0 {
			return notFound(errNotFound)
		}
		m := &st.Messages[i]
		in.before = m.statusAt(in.now, s.deliveryDelay)
		if err := act(m, in); err != nil {
			return err
		}
		out = actionBody{Result: resultSuccess, MessageID: m.MessageID, Status: in.before, JobNum: m.JobNum, Action: action}
		return nil
	})
	if err != nil {
		return withMessageID(storeFailure(err), id)
	}
	s.advance()
	s.kick()
	return success(out)
}

func errNotDelayed(status string) *apiError {
	return badRequest("Message is not Delayed (status: %s)", status)
}

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

// hasFailed reports whether a recipient of m has failed by now.
func (m *storedMessage) hasFailed(now time.Time, delay time.Duration) bool {
	for _, r := range m.Recipients {
		if v := recipientAt(r, now, delay); v.Final && v.Status == recipFailed {
			return true
		}
	}
	return false
}

// materialise fixes the outcome of m's recipients that are due at now, and
// clears the derived Pending status of the others, before an action
// changes them.
func (m *storedMessage) materialise(now time.Time, delay time.Duration) {
	for j := range m.Recipients {
		m.Recipients[j] = recipientAt(m.Recipients[j], now, delay)
		if !m.Recipients[j].Final {
			m.Recipients[j].Status, m.Recipients[j].Result = "", ""
		}
	}
}

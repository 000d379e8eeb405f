// The message lifecycle (README.md, Timing): deterministic and evaluated
// lazily from the server clock (Options.Now), so a test advances a fake
// clock instead of sleeping. A background loop (and every read)
// "materialises" due transitions — fixes the recipients' outcome and sent
// time in the store — and queues their webhooks.

package mockapi

import (
	"errors"
	"math"
	"time"
)

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
	switch {
	case r.Blocked:
		r.Status, r.Result, r.Price = recipFailed, resultBlacklisted, 0
	case r.Valid:
		r.Status, r.Result, r.Price = recipSuccess, resultDelivered, money(float64(r.Parts)*pricePerPart)
	default:
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
	due, next, open := s.scan(now)
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
		var changed bool
		jobs, changed = s.fixDue(st, now)
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

// scan looks at every recipient without changing anything: due says
// whether one has an outcome to fix or a webhook to queue at now, next is
// the earliest completion still to come, open whether there is one.
func (s *Server) scan(now time.Time) (due bool, next time.Time, open bool) {
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
	return due, next, open
}

// fixDue fixes the outcome of the recipients that are due at now and
// returns the webhooks of those not yet notified, and whether st changed.
func (s *Server) fixDue(st *state, now time.Time) (jobs []*hookJob, changed bool) {
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
	return jobs, changed
}

// Background-loop sleeps.
const (
	idleWait      = time.Hour
	fakeClockPoll = 50 * time.Millisecond
	minWait       = 5 * time.Millisecond
	maxRealWait   = time.Minute
)

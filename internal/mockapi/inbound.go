// Inbound SMS and replies (README.md, Inbound SMS and replies).

package mockapi

import (
	"regexp"
	"strings"
	"time"
)

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
		if isStop(text) {
			original := ""
			if mi >= 0 {
				original = sentText(&st.Messages[mi], st.Messages[mi].Recipients[ri])
			}
			st.stopReply(from, text, original, now)
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

// senderE164 normalises the number an inbound SMS comes from to E.164
// (README.md, Inbound SMS and replies); ok is false when it is no phone
// number.
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

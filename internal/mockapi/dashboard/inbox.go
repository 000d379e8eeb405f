// The Inbox: received SMS and replies, newest first, and the form that
// simulates one (it posts to the admin API, POST /_mock/inbound).

package dashboard

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// receivedPerPage is how many received SMS an Inbox page shows.
const receivedPerPage = 100

// replyTargets is how many recent messages the form offers to reply to.
const replyTargets = 20

type receivedRow struct {
	Time       time.Time
	From       string
	Name       string // the contact with that number, if any
	Text       string
	Reply      bool
	MessageID  string
	MessageURL string
}

// replyTarget is a recent message the form offers to reply to.
type replyTarget struct {
	MessageID string
	Label     string
	Numbers   []string // delivered recipients: who can reply
}

type inboxView struct {
	Received []receivedRow
	Pager    pager
	Targets  []replyTarget
}

// inbox serves GET /ui/inbox.
func (d *Dashboard) inbox(w http.ResponseWriter, r *http.Request) {
	p := d.newPage("Inbox", "inbox", "inbox")
	book := newAddressBook(d.src.Contacts(), d.src.Groups())
	messages := d.src.Messages()
	byJob := map[string]string{}
	for _, m := range messages {
		byJob[m.JobNum] = messageURL(apiREST, m.JobNum)
	}
	received := d.src.ReceivedSMS()
	slices.Reverse(received)
	from, to, pg := paginate(r.URL.Query(), pathInbox, len(received), receivedPerPage)
	v := inboxView{Pager: pg}
	for _, rec := range received[from:to] {
		row := receivedRow{
			Time: rec.Received, From: rec.From, Text: rec.MessageText,
			Reply: rec.Type == "SMSReply", MessageID: rec.MessageID, MessageURL: byJob[rec.JobNum],
		}
		if c, ok := book.contact(rec.ContactID); ok && rec.ContactID != "" {
			row.Name = contactName(c)
		}
		v.Received = append(v.Received, row)
	}
	v.Targets = replyTargetsOf(messages)
	p.Data = v
	d.finish(w, r, "inbox", p)
}

// replyTargetsOf lists the most recent messages with a delivered recipient.
func replyTargetsOf(messages []mockapi.Message) []replyTarget {
	var out []replyTarget
	for i := len(messages) - 1; i >= 0 && len(out) < replyTargets; i-- {
		m := messages[i]
		t := replyTarget{MessageID: m.MessageID, Label: m.MessageID}
		if m.Reference != "" {
			t.Label += " (" + m.Reference + ")"
		}
		for _, r := range m.Recipients {
			if strings.EqualFold(r.Status, "Success") && !slices.Contains(t.Numbers, r.Destination) {
				t.Numbers = append(t.Numbers, r.Destination)
			}
		}
		if len(t.Numbers) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// The Outbox: every message sent through the REST API or the gateway,
// newest first, and the phone-style view of one message.

package dashboard

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/smsenc"
)

// messagesPerPage is how many messages an Outbox page shows.
const messagesPerPage = 50

// API keys in message URLs.
const (
	apiREST    = "rest"
	apiGateway = "gateway"
)

// outboxMessage is one message as the Outbox shows it.
type outboxMessage struct {
	URL       string
	Time      time.Time
	API       string // "REST v2.04", "gateway api_v1"
	ID        string // MessageID or batch id
	JobNum    string
	Reference string
	From      string
	Text      string // as submitted, before personalisation
	Status    status
	Test      bool
	SendAt    time.Time
	// Destinations are the destinations as sent (REST only: the gateway
	// keeps only the resolved recipients).
	Destinations []destination
	Recipients   []outboxRecipient
	Summary      []string // "2 delivered", "1 failed"
}

// destination is one Destinations item as sent.
type destination struct {
	Kind  string // number, contact, group
	Value string // the number, or the name of the contact or group
	ID    string // the id or code as sent
	Extra string // personalisation keys given with it
}

// outboxRecipient is one resolved recipient.
type outboxRecipient struct {
	Seq      string // DestSeq or the gateway record id
	Number   string
	Name     string
	Via      string // the group it came through
	Text     string // personalised
	Encoding string
	Chars    int
	Parts    int
	Status   status
	Replies  []mockapi.Received
	URL      string // its phone view
}

// outboxView is the Outbox page.
type outboxView struct {
	Messages []outboxMessage
	Pager    pager
}

// outbox serves the Outbox (GET /).
func (d *Dashboard) outbox(w http.ResponseWriter, r *http.Request) {
	p := d.newPage("Outbox", "outbox", "outbox")
	all := d.outboxMessages()
	from, to, pg := paginate(r.URL.Query(), pathOutbox, len(all), messagesPerPage)
	p.Data = outboxView{Messages: all[from:to], Pager: pg}
	d.finish(w, r, "outbox", p)
}

// finish fills in what the menu needs and renders the page.
func (d *Dashboard) finish(w http.ResponseWriter, r *http.Request, name string, p page) {
	p.OptOuts = len(d.src.OptOuts()) > 0
	d.render(w, r, name, p)
}

// outboxMessages returns every message, newest first.
func (d *Dashboard) outboxMessages() []outboxMessage {
	book := newAddressBook(d.src.Contacts(), d.src.Groups())
	var out []outboxMessage
	for _, m := range d.src.Messages() {
		out = append(out, restMessage(m, book))
	}
	out = append(out, gatewayMessages(d.src.GatewaySMS())...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out
}

// restMessage is a REST message as the Outbox shows it.
func restMessage(m mockapi.Message, book addressBook) outboxMessage {
	api := "REST"
	if m.API != "" {
		api += " " + m.API
	}
	om := outboxMessage{
		URL: messageURL(apiREST, m.JobNum), Time: m.Created, API: api, ID: m.MessageID, JobNum: m.JobNum,
		Reference: m.Reference, From: m.FromNumber, Text: m.Text, Status: jobStatus(m.Status),
		Test: strings.EqualFold(m.Mode, "Test"), SendAt: m.SendAt,
	}
	for _, item := range m.Destinations {
		om.Destinations = append(om.Destinations, describeDestination(item, book))
	}
	counts := map[string]int{}
	for _, r := range m.Recipients {
		st := restRecipientStatus(m, r)
		counts[st.Word]++
		rec := outboxRecipient{
			Seq: r.DestSeq, Number: r.Destination, Name: recipientName(r, book), Text: r.Text,
			Parts: r.Parts, Status: st, Replies: r.Replies, URL: om.URL + "?to=" + r.DestSeq,
		}
		if g, ok := book.group(r.GroupID); ok && r.GroupID != "" {
			rec.Via = g.GroupName
		}
		seg := smsenc.Count(r.Text)
		rec.Encoding, rec.Chars = string(seg.Encoding), seg.Characters
		om.Recipients = append(om.Recipients, rec)
	}
	om.Summary = summary(counts)
	return om
}

// recipientName names a recipient: its contact, else the names sent with
// the number.
func recipientName(r mockapi.Recipient, book addressBook) string {
	if c, ok := book.contact(r.ContactID); ok && r.ContactID != "" {
		return contactName(c)
	}
	if n := strings.TrimSpace(r.FirstName + " " + r.LastName); n != "" {
		return n
	}
	return strings.TrimSpace(r.Attention)
}

// describeDestination names a Destinations item as the mock reads it.
func describeDestination(item map[string]any, book addressBook) destination {
	read := mockapi.ReadDestination(item)
	d := destination{Kind: read.Form, Extra: strings.Join(read.Personalisation, ", ")}
	switch read.Form {
	case mockapi.DestinationNumber:
		d.Value = read.Key
	case mockapi.DestinationContact:
		d.ID, d.Value = read.Key, "(unknown contact)"
		if c, ok := book.contact(d.ID); ok {
			d.Value = contactName(c)
		}
	case mockapi.DestinationGroup:
		d.ID, d.Value = read.Key, "(unknown group)"
		if g, ok := book.group(d.ID); ok {
			d.Value = g.GroupName
		}
	default:
		d.Kind, d.Value = "nothing", "(no destination)"
	}
	return d
}

// gatewayMessages groups the api_v1 SMS records into their batches.
func gatewayMessages(records []mockapi.GatewaySMS) []outboxMessage {
	var (
		out    []outboxMessage
		index  = map[string]int{}
		counts []map[string]int
	)
	for _, m := range records {
		i, ok := index[m.BatchID]
		if !ok {
			i = len(out)
			index[m.BatchID] = i
			out = append(out, outboxMessage{
				URL: messageURL(apiGateway, m.BatchID), Time: m.Submitted, API: "gateway api_v1", ID: m.BatchID,
				From: m.Sender, Text: m.Message,
			})
			if m.Scheduled.After(m.Submitted) {
				out[i].SendAt = m.Scheduled
			}
			counts = append(counts, map[string]int{})
		}
		st := gatewayStatus(m)
		counts[i][st.Word]++
		encoding := string(smsenc.GSM7)
		if m.Unicode {
			encoding = "Unicode"
		}
		rec := outboxRecipient{
			Seq: strconv.Itoa(m.ID), Number: m.Recipient, Text: m.Message, Encoding: encoding,
			Chars: len([]rune(m.Message)), Parts: m.Units, Status: st,
			URL: out[i].URL + "?to=" + strconv.Itoa(m.ID),
		}
		if m.FirstName != nil || m.LastName != nil {
			rec.Name = strings.TrimSpace(deref(m.FirstName) + " " + deref(m.LastName))
		}
		if m.GroupName != nil {
			rec.Via = *m.GroupName
		}
		out[i].Recipients = append(out[i].Recipients, rec)
	}
	for i := range out {
		out[i].Summary = summary(counts[i])
		out[i].Status = batchStatus(counts[i])
	}
	return out
}

// batchStatus is a gateway batch's state: pending while a record waits,
// else completed.
func batchStatus(counts map[string]int) status {
	switch {
	case counts["scheduled"] > 0 && counts["pending"]+counts["sent"] == 0:
		return status{"scheduled", "wait", ""}
	case counts["pending"]+counts["sent"]+counts["scheduled"] > 0:
		return status{"pending", "wait", ""}
	}
	return status{"completed", "ok", ""}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// summaryOrder is the order outcomes are counted in.
var summaryOrder = []string{"delivered", "sent", "pending", "scheduled", "test mode", "failed", "opted out", "aborted", "stopped"}

// summary words the counts of outcomes, known ones first.
func summary(counts map[string]int) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range summaryOrder {
		if n := counts[w]; n > 0 {
			out = append(out, countWord(n, w))
		}
		seen[w] = true
	}
	var rest []string
	for w, n := range counts {
		if !seen[w] && n > 0 {
			rest = append(rest, countWord(n, w))
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// messageView is the phone-style view of one message to one recipient.
type messageView struct {
	Message   outboxMessage
	Recipient outboxRecipient
	// ReplyTo is the MessageID a reply from this recipient would answer
	// ("" when the mock cannot take one: gateway messages, undelivered).
	ReplyTo string
}

// message serves the phone view (GET /ui/outbox/{api}/{id}?to=seq).
func (d *Dashboard) message(w http.ResponseWriter, r *http.Request) {
	p := d.newPage("Message", "outbox", "message")
	api, id := r.PathValue("api"), r.PathValue("id")
	var found *outboxMessage
	for _, m := range d.outboxMessages() {
		if m.URL == messageURL(api, id) {
			found = &m
			break
		}
	}
	if found == nil || len(found.Recipients) == 0 {
		http.Error(w, "404 no such message: it may have been deleted, or the mock reset", http.StatusNotFound)
		return
	}
	v := messageView{Message: *found, Recipient: found.Recipients[0]}
	if to := r.URL.Query().Get("to"); to != "" {
		for _, rec := range found.Recipients {
			if rec.Seq == to {
				v.Recipient = rec
			}
		}
	}
	if word := v.Recipient.Status.Word; api == apiREST && (word == "delivered" || word == "test mode") {
		v.ReplyTo = found.ID
	}
	p.Title = "Message " + found.ID
	p.Data = v
	d.finish(w, r, "message", p)
}

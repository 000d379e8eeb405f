package mockapi

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Webhooks (contributing/wire-protocol.md §10): the mock POSTs delivery results, replies
// and inbound SMS to the configured URLs from one background goroutine,
// started by New and stopped by Close. Deliveries are sequential, in the
// order they were queued; a failed one (transport error or non-2xx) is
// retried every WebhookRetryInterval until WebhookHorizon has passed since
// its first attempt. Retry timing uses the wall clock; the queue lives in
// memory only.

// WebhookAttempt is one webhook delivery attempt, successful or not.
type WebhookAttempt struct {
	URL         string
	Format      string // JSON or XML
	Type        string // SMS, SMSReply or SMSInbound
	MessageID   string
	Destination string
	Attempt     int // 1 for the first attempt of this webhook
	Body        []byte
	StatusCode  int    // 0 on a transport error
	Err         string // "" on success
	At          time.Time
}

// WebhookSender is the Sender member of every webhook.
const WebhookSender = "bestsms-mock@example.com"

// defaultWebhookTimeout is the timeout of the default webhook client.
const defaultWebhookTimeout = 10 * time.Second

// maxAttemptLog bounds the attempt log (the oldest entries are dropped).
const maxAttemptLog = 10000

// webhookPayload is a webhook body; the member order is that of contributing/wire-protocol.md §10.1.
type webhookPayload struct {
	XMLName      xml.Name `json:"-" xml:"root"`
	Sender       string   `json:"Sender" xml:"Sender"`
	APIKey       string   `json:"APIKey" xml:"APIKey"`
	Type         string   `json:"Type" xml:"Type"`
	Destination  string   `json:"Destination" xml:"Destination"`
	MessageID    string   `json:"MessageID" xml:"MessageID"`
	SubAccount   string   `json:"SubAccount" xml:"SubAccount"`
	Department   string   `json:"Department" xml:"Department"`
	JobNumber    string   `json:"JobNumber" xml:"JobNumber"`
	SentTime     string   `json:"SentTime" xml:"SentTime"`
	Status       string   `json:"Status" xml:"Status"`
	Result       string   `json:"Result" xml:"Result"`
	Message      string   `json:"Message" xml:"Message"`
	Price        string   `json:"Price" xml:"Price"`
	Detail       string   `json:"Detail" xml:"Detail"`
	URL          string   `json:"URL" xml:"URL"`
	RESPONSEMODE string   `json:"RESPONSEMODE" xml:"RESPONSEMODE"`
}

// hookJob is one queued webhook.
type hookJob struct {
	seq         int
	url         string
	format      string
	typ         string
	messageID   string
	destination string
	body        []byte
	attempts    int
	first       time.Time // wall clock of the first attempt
	next        time.Time // wall clock of the next attempt
}

// webhookQueue holds the pending webhooks and the attempt log.
type webhookQueue struct {
	mu   sync.Mutex
	seq  int
	jobs []*hookJob
	log  []WebhookAttempt
}

// newHookJob renders a payload for url in format (JSON or XML).
func newHookJob(url, format string, p webhookPayload) *hookJob {
	p.Sender, p.URL, p.RESPONSEMODE = WebhookSender, url, format
	var body []byte
	if format == "XML" {
		data, err := xml.Marshal(p)
		if err != nil {
			return nil
		}
		body = append([]byte(`<?xml version="1.0" encoding="utf-8"?>`), data...)
	} else {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(p); err != nil {
			return nil
		}
		body = bytes.TrimRight(buf.Bytes(), "\n")
	}
	return &hookJob{url: url, format: format, typ: p.Type, messageID: p.MessageID, destination: p.Destination, body: body}
}

// target returns the URL and format of a message's webhooks ("" = none).
func (s *Server) target(m *storedMessage) (string, string) {
	url := m.WebhookCallbackURL
	if url == "" {
		url = s.webhookURL
	}
	format := m.WebhookCallbackFormat
	if format == "" {
		format = s.webhookFormat
	}
	return url, format
}

// localTime renders a webhook SentTime: account-zone wall time.
func localTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(accountZone).Format(layoutSpaced)
}

// deliveryHook builds the delivery-result webhook of a completed recipient.
func (s *Server) deliveryHook(m *storedMessage, r storedRecipient) *hookJob {
	url, format := s.target(m)
	if url == "" {
		return nil
	}
	return newHookJob(url, format, webhookPayload{
		Type: "SMS", Destination: r.Destination, MessageID: m.MessageID,
		SubAccount: m.SubAccount, Department: m.Department, JobNumber: m.JobNum,
		SentTime: localTime(r.SentTime), Status: strings.ToUpper(r.Status), Result: r.Result,
		Price: fmt.Sprintf("%.2f", r.Price), Detail: fmt.Sprintf("SMSParts:%d", r.Parts),
	})
}

// replyHook builds the SMSReply webhook of a reply to recipient r of m.
func (s *Server) replyHook(m *storedMessage, r storedRecipient, rec receivedRecord) *hookJob {
	url, format := s.target(m)
	if url == "" {
		return nil
	}
	return newHookJob(url, format, webhookPayload{
		Type: typeReply, Destination: rec.From, MessageID: m.MessageID,
		SubAccount: m.SubAccount, Department: m.Department, JobNumber: m.JobNum,
		SentTime: localTime(rec.Received), Status: "RECEIVED", Result: "RECEIVED", Message: rec.MessageText,
		Price: fmt.Sprintf("%.2f", r.Price), Detail: fmt.Sprintf("SMSParts:%d", r.Parts),
	})
}

// inboundHook builds the SMSInbound webhook of a plain inbound SMS; it goes
// to the account default URL only.
func (s *Server) inboundHook(rec receivedRecord) *hookJob {
	if s.webhookURL == "" {
		return nil
	}
	return newHookJob(s.webhookURL, s.webhookFormat, webhookPayload{
		Type: typeInbound, Destination: rec.From, SentTime: localTime(rec.Received),
		Status: "RECEIVED", Result: "RECEIVED", Message: rec.MessageText,
	})
}

// enqueue queues webhooks for immediate delivery and wakes the loop.
func (s *Server) enqueue(jobs ...*hookJob) {
	if len(jobs) == 0 {
		return
	}
	q := &s.hooks
	q.mu.Lock()
	now := time.Now()
	for _, j := range jobs {
		if j == nil {
			continue
		}
		q.seq++
		j.seq, j.next = q.seq, now
		q.jobs = append(q.jobs, j)
	}
	q.mu.Unlock()
	s.kick()
}

// kick wakes the background loop.
func (s *Server) kick() {
	select {
	case s.kickCh <- struct{}{}:
	default:
	}
}

// run is the background loop: it materialises due lifecycle transitions
// and delivers due webhooks until ctx is cancelled.
func (s *Server) run(ctx context.Context) {
	defer close(s.done)
	timer := time.NewTimer(idleWait)
	defer timer.Stop()
	for {
		_, wait := s.sweep()
		s.deliverDue(ctx)
		if ctx.Err() != nil {
			return
		}
		timer.Reset(min(wait, s.hooks.nextWait()))
		select {
		case <-ctx.Done():
			return
		case <-s.kickCh:
		case <-timer.C:
		}
	}
}

// deliverDue attempts every webhook that is due, one at a time.
func (s *Server) deliverDue(ctx context.Context) {
	for ctx.Err() == nil {
		j := s.hooks.due()
		if j == nil {
			return
		}
		at := s.store.now()
		code, err := s.post(ctx, j)
		if err != nil && ctx.Err() != nil {
			return // closing
		}
		a := WebhookAttempt{
			URL: j.url, Format: j.format, Type: j.typ, MessageID: j.messageID, Destination: j.destination,
			Body: j.body, StatusCode: code, At: at,
		}
		if err != nil {
			a.Err = err.Error()
		}
		s.hooks.finish(j, a, s.retryInterval, s.horizon)
	}
}

// post sends one webhook; a non-2xx answer is an error.
func (s *Server) post(ctx context.Context, j *hookJob) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.url, bytes.NewReader(j.body))
	if err != nil {
		return 0, err
	}
	if j.format == "XML" {
		req.Header.Set("Content-Type", "text/xml")
	} else {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "bestsms-mock")
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("webhook receiver answered HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}

// due returns the webhook to attempt next (earliest next attempt, then
// queue order), or nil when none is due.
func (q *webhookQueue) due() *hookJob {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := time.Now()
	var best *hookJob
	for _, j := range q.jobs {
		if j.next.After(now) {
			continue
		}
		if best == nil || j.next.Before(best.next) || j.next.Equal(best.next) && j.seq < best.seq {
			best = j
		}
	}
	if best != nil && best.first.IsZero() {
		best.first = now
	}
	return best
}

// finish records an attempt and removes or reschedules the webhook.
func (q *webhookQueue) finish(j *hookJob, a WebhookAttempt, interval, horizon time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	i := slices.Index(q.jobs, j)
	if i < 0 {
		return // dropped by Reset meanwhile
	}
	j.attempts++
	a.Attempt = j.attempts
	q.log = append(q.log, a)
	if len(q.log) > maxAttemptLog {
		q.log = append([]WebhookAttempt(nil), q.log[len(q.log)-maxAttemptLog:]...)
	}
	next := time.Now().Add(interval)
	if a.Err == "" || next.Sub(j.first) > horizon {
		q.jobs = slices.Delete(q.jobs, i, i+1)
		return
	}
	j.next = next
}

// nextWait is how long until the next webhook attempt is due.
func (q *webhookQueue) nextWait() time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	wait := idleWait
	now := time.Now()
	for _, j := range q.jobs {
		wait = min(wait, max(j.next.Sub(now), 0))
	}
	return wait
}

// clear drops the queue and the log.
func (q *webhookQueue) clear() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs, q.log = nil, nil
}

// WebhookAttempts returns the log of webhook attempts, oldest first. It
// first brings the message lifecycle up to the server clock (so a test that
// advanced a fake clock can poll it) and wakes the delivery loop.
func (s *Server) WebhookAttempts() []WebhookAttempt {
	s.advance()
	s.kick()
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	out := make([]WebhookAttempt, len(s.hooks.log))
	for i, a := range s.hooks.log {
		a.Body = append([]byte(nil), a.Body...)
		out[i] = a
	}
	return out
}

// checkWebhookURL applies the send rule: https://, or http:// to a loopback
// host when Options.AllowHTTPWebhooks is set.
func (s *Server) checkWebhookURL(raw string) *apiError {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		if strings.HasPrefix(strings.ToLower(raw), "https://") {
			return badRequest("Invalid WebhookCallbackURL %q", raw)
		}
		return badRequest(errWebhookHTTPS)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if s.allowHTTP && loopbackHost(u.Hostname()) {
			return nil
		}
	}
	return badRequest(errWebhookHTTPS)
}

// loopbackHost reports whether host is localhost or a loopback IP.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// webhookFormat canonicalises JSON/XML.
func webhookFormat(f string) (string, bool) {
	switch strings.ToUpper(strings.TrimSpace(f)) {
	case "", "JSON":
		return "JSON", true
	case "XML":
		return "XML", true
	}
	return "", false
}

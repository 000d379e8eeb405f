package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Network faults: what a proxy, a load balancer or a broken connection can
// do to an exchange, beyond the error statuses of Faults.Rate. They are set
// with the "network" member of POST /_mock/faults (or -net-fault on the
// command line), as a list of rules:
//
//	{"network": [
//	  {"mode": "delay", "method": "POST", "path": "addressbook/contact", "count": 1, "delay": "70s"},
//	  {"mode": "html-502", "method": "POST", "path": "addressbook/contact", "count": 1}
//	]}
//
// A request is matched against the rules in order; the first rule whose
// method and path match and whose count is not used up applies to it (and
// status faults are then not drawn for it). "used" in GET /_mock/faults
// says how many requests each rule has hit.

// NetFaultMode names what a network fault does.
type NetFaultMode string

// Network fault modes. "Applying" means the API carries out the request
// (the contact is created, the message accepted) before the fault.
const (
	// NetDelay applies the request, then answers Delay late.
	NetDelay NetFaultMode = "delay"
	// NetResetBefore resets the connection without applying the request.
	NetResetBefore NetFaultMode = "reset-before"
	// NetResetAfter applies the request, then resets the connection.
	NetResetAfter NetFaultMode = "reset-after"
	// NetTruncate applies the request and sends the first half of the
	// answer, with the Content-Length of all of it, then closes.
	NetTruncate NetFaultMode = "truncate"
	// NetEmpty applies the request and answers 200 with an empty body.
	NetEmpty NetFaultMode = "empty"
	// NetHTML502 answers a proxy's HTML "502 Bad Gateway" page, without
	// applying the request (with After: after applying it).
	NetHTML502 NetFaultMode = "html-502"
	// NetNoObject applies the request and answers {"Result":"Success"}
	// without the object (no Contact, Group, MessageID…).
	NetNoObject NetFaultMode = "no-object"
	// NetRedirect answers Status (default 307) with Location, without
	// applying the request.
	NetRedirect NetFaultMode = "redirect"
	// NetEndlessPages makes list answers claim PageCount = Page + 1;
	// pages past the real last page repeat it.
	NetEndlessPages NetFaultMode = "endless-pages"
	// NetRepeatItems makes every list page after the first also carry the
	// last item of the page before it (TotalRecords unchanged).
	NetRepeatItems NetFaultMode = "repeat-items"
	// NetOversized applies the request and answers with its body padded to
	// Size bytes (default 40 MiB), streamed without a Content-Length.
	NetOversized NetFaultMode = "oversized"
)

// netFaultModes describes every mode, in the order of the help text.
var netFaultModes = []struct {
	mode NetFaultMode
	help string
}{
	{NetDelay, "apply, then answer late by delay=DURATION"},
	{NetResetBefore, "reset the connection without applying"},
	{NetResetAfter, "apply, then reset the connection"},
	{NetTruncate, "apply, then send half of the answer and close"},
	{NetEmpty, "apply, then answer 200 with an empty body"},
	{NetHTML502, "answer a proxy's HTML 502 page without applying (with after: after applying)"},
	{NetNoObject, `apply, then answer {"Result":"Success"} without the object`},
	{NetRedirect, "answer status=3xx (default 307) with Location location=URL, without applying"},
	{NetEndlessPages, "list answers never reach their last page (PageCount = Page + 1)"},
	{NetRepeatItems, "list pages after the first repeat the last item of the page before"},
	{NetOversized, "apply, then answer with the body padded to size=BYTES (default 40 MiB)"},
}

// NetFaultHelp is the list of modes and rule options, for help texts.
func NetFaultHelp() string {
	var b strings.Builder
	for _, m := range netFaultModes {
		fmt.Fprintf(&b, "  %-14s %s\n", m.mode, m.help)
	}
	b.WriteString("options: method=M (any), path=SUBSTRING (any), count=N (0 = every matching request), " +
		"delay=DURATION, location=URL, status=3xx, size=BYTES, after")
	return b.String()
}

const defaultOversize = 40 << 20

// Duration is a time.Duration written in JSON as a Go duration string
// ("70s"); a JSON number is read as seconds.
type Duration time.Duration

func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		*d = Duration(v)
		return nil
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil {
		return fmt.Errorf("a duration must be a string such as \"70s\" or a number of seconds, got %s", b)
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}

// NetFault is one network fault rule.
type NetFault struct {
	Mode NetFaultMode `json:"mode"`
	// Method restricts the rule to one HTTP method ("" = any).
	Method string `json:"method,omitempty"`
	// Path restricts the rule to requests whose path contains it
	// (compared lower-cased; "" = any).
	Path string `json:"path,omitempty"`
	// Count is how many matching requests the rule hits; 0 = all of them.
	Count int `json:"count,omitempty"`
	// Delay is how late NetDelay answers.
	Delay Duration `json:"delay,omitempty"`
	// Location and Status are NetRedirect's target and status.
	Location string `json:"location,omitempty"`
	Status   int    `json:"status,omitempty"`
	// Size is NetOversized's body size in bytes.
	Size int64 `json:"size,omitempty"`
	// After makes NetHTML502 apply the request first.
	After bool `json:"after,omitempty"`
	// Used is how many requests the rule has hit (reported, not read).
	Used int `json:"used"`
}

// validate reports the first problem with a rule.
func (f NetFault) validate() error {
	known := false
	for _, m := range netFaultModes {
		known = known || m.mode == f.Mode
	}
	switch {
	case !known:
		return fmt.Errorf("unknown network fault mode %q", f.Mode)
	case f.Count < 0:
		return fmt.Errorf("%s: count must not be negative, got %d", f.Mode, f.Count)
	case f.Mode == NetDelay && f.Delay <= 0:
		return fmt.Errorf("%s: delay must be positive", f.Mode)
	case f.Mode == NetRedirect && f.Status != 0 && (f.Status < 300 || f.Status > 399):
		return fmt.Errorf("%s: status must be a 3xx code, got %d", f.Mode, f.Status)
	case f.Mode == NetOversized && f.Size < 0:
		return fmt.Errorf("%s: size must not be negative, got %d", f.Mode, f.Size)
	}
	if f.Mode == NetRedirect {
		if u, err := url.Parse(f.Location); err != nil || !u.IsAbs() {
			return fmt.Errorf("%s: location must be an absolute URL, got %q", f.Mode, f.Location)
		}
	}
	return nil
}

func validateNetFaults(rules []NetFault) error {
	for i, f := range rules {
		if err := f.validate(); err != nil {
			return fmt.Errorf("network[%d]: %w", i, err)
		}
	}
	return nil
}

// ParseNetFault reads a rule written as
// MODE[,method=M][,path=P][,count=N][,delay=D][,location=URL][,status=N][,size=BYTES][,after].
func ParseNetFault(s string) (NetFault, error) {
	parts := strings.Split(s, ",")
	f := NetFault{Mode: NetFaultMode(strings.TrimSpace(parts[0]))}
	for _, p := range parts[1:] {
		key, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		var err error
		switch key {
		case "method":
			f.Method = value
		case "path":
			f.Path = value
		case "count":
			f.Count, err = strconv.Atoi(value)
		case "delay":
			var d time.Duration
			d, err = time.ParseDuration(value)
			f.Delay = Duration(d)
		case "location":
			f.Location = value
		case "status":
			f.Status, err = strconv.Atoi(value)
		case "size":
			f.Size, err = strconv.ParseInt(value, 10, 64)
		case "after":
			f.After = true
		default:
			err = errors.New("unknown option")
		}
		if err != nil {
			return NetFault{}, fmt.Errorf("network fault %q: %s: %w", s, key, err)
		}
	}
	if err := f.validate(); err != nil {
		return NetFault{}, fmt.Errorf("network fault %q: %w", s, err)
	}
	return f, nil
}

// netFaults holds the active rules and their use counts.
type netFaults struct {
	mu    sync.Mutex
	rules []NetFault
}

func (n *netFaults) set(rules []NetFault) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.rules = append([]NetFault(nil), rules...)
	for i := range n.rules {
		n.rules[i].Used = 0
	}
}

func (n *netFaults) snapshot() []NetFault {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]NetFault(nil), n.rules...)
}

// take returns the rule that applies to a request (counting the use), or
// nil.
func (n *netFaults) take(method, path string) *NetFault {
	n.mu.Lock()
	defer n.mu.Unlock()
	path = strings.ToLower(path)
	for i := range n.rules {
		f := &n.rules[i]
		if (f.Method != "" && !strings.EqualFold(f.Method, method)) ||
			(f.Path != "" && !strings.Contains(path, strings.ToLower(f.Path))) ||
			(f.Count > 0 && f.Used >= f.Count) {
			continue
		}
		f.Used++
		taken := *f
		return &taken
	}
	return nil
}

// beforeChange reports whether the fault answers without applying the
// request.
func (f *NetFault) beforeChange() bool {
	switch f.Mode {
	case NetResetBefore, NetRedirect:
		return true
	case NetHTML502:
		return !f.After
	}
	return false
}

// Faults returns the active fault settings, network rules with their use
// counts included.
func (s *Server) Faults() Faults {
	f := s.faults.get()
	f.Network = s.net.snapshot()
	return f
}

// serveNetFault answers a request hit by a network fault. rep is the
// answer of the applied request (nil for faults before the change). It
// returns a description for the request log.
func (s *Server) serveNetFault(w http.ResponseWriter, r *http.Request, f *NetFault, rep *reply) string {
	desc := "network " + string(f.Mode)
	switch f.Mode {
	case NetResetBefore, NetResetAfter:
		resetConnection(w)
	case NetHTML502:
		s.stampDate(w)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"+
			"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
	case NetRedirect:
		status := f.Status
		if status == 0 {
			status = http.StatusTemporaryRedirect
		}
		s.stampDate(w)
		w.Header().Set("Location", f.Location)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "<a href=\"%s\">%s</a>.\n", f.Location, http.StatusText(status))
	case NetDelay:
		t := time.NewTimer(time.Duration(f.Delay))
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return desc + " (client gave up)"
		case <-s.closed:
		}
		s.write(w, rep)
	case NetTruncate:
		// Less than the declared Content-Length: the server closes the
		// connection after the handler returns.
		rep, body := s.encode(rep)
		s.writeHeader(w, rep)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rep.status)
		_, _ = w.Write(body[:len(body)/2])
	case NetEmpty:
		s.stampDate(w)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
	case NetNoObject:
		s.write(w, success(map[string]string{"Result": resultSuccess}))
	case NetOversized:
		size := f.Size
		if size == 0 {
			size = defaultOversize
		}
		s.writeOversized(w, rep, size)
	default: // the paging modes changed rep already
		s.write(w, rep)
	}
	return desc
}

// writeOversized streams rep's JSON object with a "Padding" member that
// makes it size bytes long (at least the object itself).
func (s *Server) writeOversized(w http.ResponseWriter, rep *reply, size int64) {
	rep, body := s.encode(rep)
	body = bytes.TrimSpace(body)
	s.writeHeader(w, rep)
	w.WriteHeader(rep.status)
	head := []byte(`{"Padding":"`)
	rest := append([]byte(`",`), body[1:]...) // body is a JSON object: drop its "{"
	pad := size - int64(len(head)+len(rest))
	if _, err := w.Write(head); err != nil {
		return
	}
	chunk := bytes.Repeat([]byte("x"), 64<<10)
	for pad > 0 {
		n := min(pad, int64(len(chunk)))
		if _, err := w.Write(chunk[:n]); err != nil {
			return // the client stopped reading
		}
		pad -= n
	}
	_, _ = w.Write(rest)
}

// resetConnection drops the client's connection with a TCP reset, or
// aborts the response when the connection cannot be taken over.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// rewritePages applies the paging modes to a list answer; rerun answers
// the same request for another page. Answers without paging are returned
// as they are.
func (f *NetFault) rewritePages(rep *reply, rerun func(page int) *reply) *reply {
	if f.Mode != NetEndlessPages && f.Mode != NetRepeatItems {
		return rep
	}
	page, pageCount, listKey, m, ok := listAnswer(rep)
	if !ok {
		return rep
	}
	switch f.Mode {
	case NetEndlessPages:
		if pageCount > 0 && page > pageCount {
			if _, _, _, last, ok := listAnswer(rerun(pageCount)); ok {
				m[listKey] = last[listKey]
			}
		}
		m["PageCount"] = json.RawMessage(strconv.Itoa(page + 1))
	case NetRepeatItems:
		if page > 1 {
			if _, _, _, prev, ok := listAnswer(rerun(page - 1)); ok {
				var before, items []json.RawMessage
				_ = json.Unmarshal(prev[listKey], &before)
				_ = json.Unmarshal(m[listKey], &items)
				if len(before) > 0 {
					items = append([]json.RawMessage{before[len(before)-1]}, items...)
					m[listKey], _ = json.Marshal(items)
				}
			}
		}
	}
	return &reply{status: rep.status, body: m, header: rep.header}
}

// listAnswer decodes a successful list answer: its page, page count, the
// name of its list member and all its members.
func listAnswer(rep *reply) (page, pageCount int, listKey string, m map[string]json.RawMessage, ok bool) {
	if rep == nil || rep.status != http.StatusOK {
		return 0, 0, "", nil, false
	}
	raw, err := json.Marshal(rep.body)
	if err != nil || json.Unmarshal(raw, &m) != nil {
		return 0, 0, "", nil, false
	}
	if json.Unmarshal(m["Page"], &page) != nil || json.Unmarshal(m["PageCount"], &pageCount) != nil {
		return 0, 0, "", nil, false
	}
	for k, v := range m {
		if v = bytes.TrimSpace(v); len(v) > 0 && v[0] == '[' && k != "ErrorMessage" {
			listKey = k
		}
	}
	return page, pageCount, listKey, m, listKey != ""
}

// pageRerun returns a function that answers req again for another page.
func (s *Server) pageRerun(h handlerFunc, req *apiRequest) func(page int) *reply {
	return func(page int) *reply {
		r := *req
		r.query = query{}
		for k, v := range req.query {
			r.query[k] = v
		}
		r.query["page"] = strconv.Itoa(page)
		return h(s, &r)
	}
}

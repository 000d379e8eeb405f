// The legacy Best SMS Gateway api_v1, served at /api_v1 beside the REST API
// (request plumbing, credentials, errors, state and the Go and admin API;
// SMS actions in gateway_sms.go, contact actions in gateway_contacts.go).
// It is written from the vendor's api_v1 reference, independently of the
// Go client in internal/gateway.
//
// # Mock behaviour
//
//   - One URL, /api_v1 (a trailing slash and any letter case are accepted),
//     GET with a query string or POST with a form (urlencoded or multipart);
//     query fields also count on a POST. The same field given twice with
//     different values (query and body, or twice in one) is error 9. Field
//     names are exact (sub_account, not Sub_Account). Other methods get HTTP
//     405. Every other answer is HTTP 200 with a JSON object; a failure is
//     {"error":"<text>","error_code":"<n>"} (the code as a string).
//   - Checks in order: sub_account (1), sub_account_pass (2), action (3)
//     present; the credentials (4, GatewayOptions.SubAccount and Password);
//     the sub-account enabled (5, /_mock/gateway); a known action (6,
//     compared ignoring case). Then the action's own checks: a missing
//     parameter is 7, a malformed one 8, contradictory ones 9, no matching
//     record 10, an action that could do nothing 11 (stop_sms when no
//     matching message is still pending; a failed state-file write).
//     "insufficient credit" is error_code "1", as the reference's own sample
//     shows, although its code table calls 1 "sub_account not supplied".
//   - Numbers: spaces, dashes, dots and parentheses are dropped, then one
//     leading "+"; what is left must be digits (else the entry is not parsed
//     and not counted). A leading 0 is replaced by the dial code (the
//     request's default_dial_code or the sub-account's), so 08086689567 is
//     stored as 2348086689567 and +2348094309926 as 2348094309926.
//   - Time: send_at, override_date_time, start_date and end_date take
//     "2006-01-02 15:04", "2006-01-02" and "02-01-2006" with or without
//     " 15:04" (send_at also a bare "15:04", today); they are wall time at
//     timezone_offset (send_at only; "+1", "-5", "5.5", "+05:30") or the
//     sub-account's offset. A bare end_date means the end of that day.
//     Answers show times at the sub-account's offset ("YYYY-MM-DD HH:MM")
//     and as Unix seconds in strings.
//   - Account: sub_account_id and user_id "1"; account_info reports the
//     sub_account name without a leading "<digits>_" prefix (001_mysub1 →
//     mysub1, as in the reference), the balance in units, the dial code,
//     the offset ("1") and the default sender id.
//   - SMS lifecycle (like the REST side, evaluated from the server clock,
//     with Options.DeliveryDelay): a record is PENDING (0) until its send
//     time, then SENT (1) for the delivery delay, then DELIVERED (2) or its
//     failure; FAILED (-1) and REJECTED (-2) happen at the send time.
//     Outcome by the stored number: fewer than 8 or more than 15 digits →
//     -2 "Invalid number"; ending in 0000 → -1 (as numbers ending in 0000
//     fail on the REST side), 0002 → -2 "Network is forbidden", 0003 → -3
//     EXPIRED, 0004 → -4 UNDELIVERABLE; else 2. A stopped record is -1
//     "Stopped by user". Units: GSM-7 parts (160, then 153 per part) or, with
//     unicode=1, 72 characters per page as the reference says; the balance
//     is charged at send time (all or nothing) and refunded for stopped or
//     deleted records that were still pending.
//   - Records are listed newest first; batch ids are
//     "<sub_account_id>_<user_id>_<unix time>", the number moved on by one
//     while it is taken, so that every batch id is unique.
//   - Filters of fetch_sms, stop_sms, delete_sms and get_total_units are
//     described in gateway_sms.go. WITHOUT ANY FILTER, stop_sms, delete_sms
//     and get_total_units act on every SMS of the sub-account, as the
//     reference warns; search_term, which the reference does not list for
//     them, is ignored by them.
//   - Contacts and groups are described in gateway_contacts.go.
//   - Admin: GET /_mock/state shows the gateway under "Gateway", POST
//     /_mock/reset empties it, faults apply to /api_v1 as to /api/
//     (path_contains "api_v1" selects it), /_mock/stats counts
//     "METHOD api_v1/<action>", and GET/POST /_mock/gateway shows and sets
//     the balance and the disabled flag. Request logs hide sub_account_pass.
//
// (This block is a file comment, not package documentation.)

package mockapi

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// GatewayOptions configures the api_v1 emulation. Zero fields take the
// Default* values below.
type GatewayOptions struct {
	// SubAccount and Password are the accepted sub_account and
	// sub_account_pass.
	SubAccount string
	Password   string
	// DialCode replaces the leading 0 of national numbers ("234").
	DialCode string
	// TimezoneOffset is the sub-account's offset from UTC in hours ("+1").
	TimezoneOffset string
	// SenderID is the default sender_id.
	SenderID string
	// Balance is the credit in units at start and after a reset.
	Balance int
}

// Gateway defaults: the reference's own example values, so that its sample
// URLs work against the mock as written.
const (
	DefaultGatewaySubAccount     = "001_mysub1"
	DefaultGatewayPassword       = "pa55w0Rd"
	DefaultGatewayDialCode       = "234"
	DefaultGatewayTimezoneOffset = "+1"
	DefaultGatewaySenderID       = "BestSMS"
	DefaultGatewayBalance        = 1000
)

// gatewayConfig is GatewayOptions resolved.
type gatewayConfig struct {
	subAccount, password string
	dialCode             string
	offset               *time.Location
	offsetText           string // as account_info shows it: "1", "-5", "5.5"
	senderID             string
	balance              int
}

func newGatewayConfig(o GatewayOptions) (gatewayConfig, error) {
	c := gatewayConfig{
		subAccount: defaultString(o.SubAccount, DefaultGatewaySubAccount),
		password:   defaultString(o.Password, DefaultGatewayPassword),
		senderID:   defaultString(o.SenderID, DefaultGatewaySenderID),
		balance:    o.Balance,
	}
	if c.balance == 0 {
		c.balance = DefaultGatewayBalance
	}
	if c.balance < 0 {
		return c, fmt.Errorf("gateway balance must not be negative, got %d", o.Balance)
	}
	dial, ok := parseDialCode(defaultString(o.DialCode, DefaultGatewayDialCode))
	if !ok {
		return c, fmt.Errorf("gateway dial code %q is not 1 to 4 digits", o.DialCode)
	}
	c.dialCode = dial
	loc, text, ok := parseOffset(defaultString(o.TimezoneOffset, DefaultGatewayTimezoneOffset))
	if !ok {
		return c, fmt.Errorf("gateway timezone offset %q is not an offset in hours such as +1, -5 or +5.5", o.TimezoneOffset)
	}
	c.offset, c.offsetText = loc, text
	if !validSenderID(c.senderID) {
		return c, fmt.Errorf("gateway sender id %q is not 3 to 11 characters or 3 to 14 digits", c.senderID)
	}
	return c, nil
}

func defaultString(v, def string) string {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	return v
}

// The sub-account's fixed ids.
const (
	gwSubAccountID = "1"
	gwUserID       = "1"
)

// ---- errors ----

// gwError is an api_v1 failure.
type gwError struct {
	code int
	msg  string
}

func (e *gwError) Error() string { return e.msg }

func gwErr(code int, format string, args ...any) *gwError {
	return &gwError{code: code, msg: fmt.Sprintf(format, args...)}
}

// The error codes of the reference.
const (
	gwNoSubAccount   = 1
	gwNoPassword     = 2
	gwNoAction       = 3
	gwBadCredentials = 4
	gwDisabled       = 5
	gwInvalidAction  = 6
	gwMissingParam   = 7
	gwBadParam       = 8
	gwConfusing      = 9
	gwNoRecord       = 10
	gwFailed         = 11
	// gwNoCredit is the code of the reference's "insufficient credit" sample.
	gwNoCredit = 1
)

func errMissing(name string) *gwError {
	return gwErr(gwMissingParam, "missing request parameter: %s", name)
}

func errIncorrect(name, why string) *gwError {
	return gwErr(gwBadParam, "incorrect request parameter %s: %s", name, why)
}

var errNoRecord = gwErr(gwNoRecord, "no record found.")

// gwStoreFailure turns an error from a store update into a gateway error.
func gwStoreFailure(err error) *gwError {
	var ge *gwError
	if errors.As(err, &ge) {
		return ge
	}
	return gwErr(gwFailed, "operation failed: the change could not be saved")
}

// gwFailure is the wire form of a failure.
type gwFailure struct {
	Error     string `json:"error"`
	ErrorCode string `json:"error_code"`
}

// ---- requests ----

// gwForm holds a request's fields, query and body merged.
type gwForm map[string]string

// get returns a field with surrounding white space removed.
func (f gwForm) get(name string) string { return strings.TrimSpace(f[name]) }

// gwRequest is what an action handler gets.
type gwRequest struct {
	form gwForm
	now  time.Time
}

// gwHandler answers one action with a JSON-able object or a failure.
type gwHandler func(s *Server, req *gwRequest) (any, *gwError)

// gwActions maps the actions to their handlers.
var gwActions = map[string]gwHandler{
	"send_sms":           (*Server).gwSendSMS,
	"fetch_sms":          (*Server).gwFetchSMS,
	"stop_sms":           (*Server).gwStopSMS,
	"delete_sms":         (*Server).gwDeleteSMS,
	"get_total_units":    (*Server).gwTotalUnits,
	"account_info":       (*Server).gwAccountInfo,
	"save_contacts":      (*Server).gwSaveContacts,
	"fetch_contacts":     (*Server).gwFetchContacts,
	"get_contact_groups": (*Server).gwContactGroups,
	"delete_contacts":    (*Server).gwDeleteContacts,
}

// isGatewayPath reports whether a lower-cased path is the api_v1 endpoint.
func isGatewayPath(lower string) bool { return lower == "/api_v1" || lower == "/api_v1/" }

// serveGateway answers one /api_v1 request. It returns a description of an
// injected fault, if any.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) string {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		s.stats.countGateway(r.Method, "")
		rep := success(map[string]string{"error": "Method " + r.Method + " not allowed; use GET or POST"})
		rep.status = http.StatusMethodNotAllowed
		rep.header = http.Header{"Allow": {"GET, POST"}}
		s.write(w, rep)
		return ""
	}
	form, ferr := readGatewayForm(w, r)
	action := strings.ToLower(form.get("action"))
	if _, known := gwActions[action]; known {
		s.stats.countGateway(r.Method, action)
	} else {
		s.stats.countGateway(r.Method, "")
	}
	if !s.wait(r.Context()) {
		return ""
	}
	if ferr == nil {
		ferr = s.gwAuthorize(form)
	}
	if ferr != nil {
		s.write(w, success(gwFailure{Error: ferr.msg, ErrorCode: strconv.Itoa(ferr.code)}))
		return ""
	}

	d := s.faults.decide(r.Method, r.URL.Path)
	if d.inject && !d.after {
		s.write(w, faultReply(d))
		return fmt.Sprintf("%d before change", d.status)
	}
	out, gerr := gwActions[action](s, &gwRequest{form: form, now: s.store.timestamp()})
	if d.inject {
		s.write(w, faultReply(d))
		return fmt.Sprintf("%d after change", d.status)
	}
	if gerr != nil {
		s.write(w, success(gwFailure{Error: gerr.msg, ErrorCode: strconv.Itoa(gerr.code)}))
		return ""
	}
	s.write(w, success(out))
	return ""
}

// gwAuthorize applies the checks every request goes through (codes 1–6).
func (s *Server) gwAuthorize(form gwForm) *gwError {
	sub, pass, action := form.get("sub_account"), form["sub_account_pass"], form.get("action")
	switch {
	case sub == "":
		return gwErr(gwNoSubAccount, "sub_account not supplied")
	case pass == "":
		return gwErr(gwNoPassword, "sub_account_pass not supplied")
	case action == "":
		return gwErr(gwNoAction, "action not supplied")
	}
	subOK := subtle.ConstantTimeCompare([]byte(sub), []byte(s.gateway.subAccount)) == 1
	passOK := subtle.ConstantTimeCompare([]byte(pass), []byte(s.gateway.password)) == 1
	if !subOK || !passOK {
		return gwErr(gwBadCredentials, "Incorrect sub_account name or password")
	}
	disabled := false
	s.store.view(func(st *state) { disabled = st.Gateway.Disabled })
	if disabled {
		return gwErr(gwDisabled, "The sub-account is currently disabled")
	}
	if _, ok := gwActions[strings.ToLower(action)]; !ok {
		return gwErr(gwInvalidAction, "Invalid action")
	}
	return nil
}

// maxGatewayMemory is the part of a multipart body kept in memory.
const maxGatewayMemory = 1 << 20

// readGatewayForm merges the query and (for POST) the urlencoded or
// multipart body into one form. A field given twice with different values
// is error 9; an unreadable body error 8.
func readGatewayForm(w http.ResponseWriter, r *http.Request) (gwForm, *gwError) {
	form := gwForm{}
	var conflict string
	add := func(vals url.Values) {
		for k, vs := range vals {
			for _, v := range vs {
				if old, seen := form[k]; seen && old != v && conflict == "" {
					conflict = k
				}
				if _, seen := form[k]; !seen {
					form[k] = v
				}
			}
		}
	}
	add(r.URL.Query())
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch mt {
		case "multipart/form-data":
			if err := r.ParseMultipartForm(maxGatewayMemory); err != nil {
				return form, gwErr(gwBadParam, "incorrect request parameters: the multipart body cannot be read: %v", err)
			}
			defer func() { _ = r.MultipartForm.RemoveAll() }()
			add(r.MultipartForm.Value)
		case "application/x-www-form-urlencoded":
			data, err := io.ReadAll(r.Body)
			if err != nil {
				return form, gwErr(gwBadParam, "incorrect request parameters: the body cannot be read: %v", err)
			}
			vals, err := url.ParseQuery(string(data))
			if err != nil {
				return form, gwErr(gwBadParam, "incorrect request parameters: the body is not a form: %v", err)
			}
			add(vals)
		default:
			// Like PHP, a body of any other type carries no fields.
			_, _ = io.Copy(io.Discard, r.Body)
		}
	}
	if conflict != "" {
		return form, gwErr(gwConfusing, "confusing request parameters: %s is given twice with different values", conflict)
	}
	return form, nil
}

// countGateway counts an /api_v1 request under "METHOD api_v1/<action>"
// (just the total for an unknown action).
func (c *statsCounter) countGateway(method, action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total++
	if action != "" {
		c.routes[strings.ToUpper(method)+" api_v1/"+action]++
	}
}

// requestLogURI is the request URI for the request log, with the value of
// sub_account_pass hidden.
func requestLogURI(r *http.Request) string {
	if !strings.Contains(r.URL.RawQuery, "sub_account_pass") {
		return r.URL.RequestURI()
	}
	q := r.URL.Query()
	q.Set("sub_account_pass", "***")
	u := *r.URL
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// ---- numbers, times, values ----

// parseDialCode accepts 1 to 4 digits with an optional leading "+".
func parseDialCode(v string) (string, bool) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "+")
	if len(v) < 1 || len(v) > 4 || !allDigits(v) {
		return "", false
	}
	return v, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// gwNumber reads one phone number: separators dropped, one leading "+"
// dropped, a leading 0 replaced by the dial code. It reports false when
// what is left is not 1 to 20 digits.
func gwNumber(raw, dial string) (string, bool) {
	n := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '.', '(', ')':
			return -1
		}
		return r
	}, raw)
	n = strings.TrimPrefix(n, "+")
	if !allDigits(n) || len(n) > 20 {
		return "", false
	}
	if n[0] == '0' {
		n = dial + n[1:]
	}
	return n, true
}

// splitList splits a comma-separated field, dropping blank entries.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var offsetPattern = regexp.MustCompile(`^([+-]?)(\d{1,2})(?:([.:])(\d{1,2}))?$`)

// parseOffset reads a timezone offset in hours: "+1", "1", "-5", "5.5",
// "+05:30". It returns the zone and the offset as account_info shows it.
func parseOffset(v string) (*time.Location, string, bool) {
	m := offsetPattern.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return nil, "", false
	}
	hours, _ := strconv.Atoi(m[2])
	minutes := 0
	if m[4] != "" {
		frac, _ := strconv.Atoi(m[4])
		if m[3] == ":" {
			minutes = frac
		} else {
			f, _ := strconv.ParseFloat("0."+m[4], 64)
			minutes = int(f*60 + 0.5)
		}
	}
	if minutes >= 60 {
		return nil, "", false
	}
	total := hours*60 + minutes
	if m[1] == "-" {
		total = -total
	}
	if total < -12*60 || total > 14*60 {
		return nil, "", false
	}
	text := strconv.FormatFloat(float64(total)/60, 'f', -1, 64)
	name := "UTC+" + text
	if total < 0 {
		name = "UTC" + text
	}
	return time.FixedZone(name, total*60), text, true
}

// Date layouts of send_at, override_date_time, start_date and end_date.
var (
	gwDateTimeLayouts = []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "02-01-2006 15:04", "02-01-2006 15:04:05"}
	gwDateLayouts     = []string{"2006-01-02", "02-01-2006"}
)

// parseGatewayTime reads a date and time (or a bare date, at its start) at
// loc; withClock also accepts a bare "15:04" (today at loc). dateOnly
// reports a bare date.
func parseGatewayTime(v string, loc *time.Location, now time.Time, withClock bool) (t time.Time, dateOnly, ok bool) {
	v = strings.Join(strings.Fields(v), " ")
	for _, l := range gwDateTimeLayouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			return t, false, true
		}
	}
	for _, l := range gwDateLayouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			return t, true, true
		}
	}
	if withClock {
		if c, err := time.Parse("15:04", v); err == nil {
			d := now.In(loc)
			return time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), 0, 0, loc), false, true
		}
	}
	return time.Time{}, false, false
}

// validSenderID: 3 to 11 characters, or 3 to 14 digits when numeric.
func validSenderID(v string) bool {
	n := len([]rune(v))
	if allDigits(v) {
		return n >= 3 && n <= 14
	}
	return n >= 3 && n <= 11
}

// unixString is a time as Unix seconds in a string ("0" for the zero time).
func unixString(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.Unix(), 10)
}

// clockString is a time at the sub-account's offset, "YYYY-MM-DD HH:MM".
func (c gatewayConfig) clockString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(c.offset).Format("2006-01-02 15:04")
}

// gwPaging reads perpage (clamped to 1..300) and p (at least 1).
func gwPaging(f gwForm, defaultPerPage int) (page, perPage int, err *gwError) {
	page, perPage = 1, defaultPerPage
	if v := f.get("perpage"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil {
			return 0, 0, errIncorrect("perpage", "not a number")
		}
		perPage = min(max(n, 1), gwMaxPerPage)
	}
	if v := f.get("p"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil {
			return 0, 0, errIncorrect("p", "not a number")
		}
		page = max(n, 1)
	}
	return page, perPage, nil
}

// gwMaxPerPage is the reference's perpage maximum.
const gwMaxPerPage = 300

// gwPage cuts page p out of n items: the bounds and the page count.
func gwPage(n, page, perPage int) (start, end, pages int) {
	pages = (n + perPage - 1) / perPage
	start = min((page-1)*perPage, n)
	return start, min(start+perPage, n), pages
}

// parseIDs reads "5,7" into integers; blank entries are dropped, and a
// list of blanks is nil (no filter).
func parseIDs(name, v string) (map[int]bool, *gwError) {
	var ids map[int]bool
	for _, p := range splitList(v) {
		if ids == nil {
			ids = map[int]bool{}
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return nil, errIncorrect(name, fmt.Sprintf("%q is not an id", p))
		}
		ids[n] = true
	}
	return ids, nil
}

// termsMatch reports whether every white-space separated term of search
// occurs (ignoring case) in one of fields; a term that reads as a phone
// number also matches in its stored form.
func termsMatch(search, dial string, fields ...string) bool {
	for _, term := range strings.Fields(strings.ToLower(search)) {
		alt, isNumber := gwNumber(term, dial)
		found := false
		for _, f := range fields {
			f = strings.ToLower(f)
			if strings.Contains(f, term) || (isNumber && strings.Contains(f, alt)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// ---- state ----

// gatewayState is the api_v1 part of the state document.
type gatewayState struct {
	// Balance is the credit in units; nil means the configured start value.
	Balance       *int             `json:"Balance,omitempty"`
	Disabled      bool             `json:"Disabled"`
	NextSMSID     int              `json:"NextSMSID"`
	NextContactID int              `json:"NextContactID"`
	SMS           []gwStoredSMS    `json:"SMS"`
	Contacts      []GatewayContact `json:"Contacts"`
}

func (g *gatewayState) clone() gatewayState {
	out := *g
	if g.Balance != nil {
		b := *g.Balance
		out.Balance = &b
	}
	out.SMS = append([]gwStoredSMS{}, g.SMS...)
	out.Contacts = append([]GatewayContact{}, g.Contacts...)
	return out
}

// normalise checks a loaded gateway state, fills in empty slices and makes
// the id counters pass every stored id (files from before the gateway have
// none of it).
func (g *gatewayState) normalise() error {
	if g.SMS == nil {
		g.SMS = []gwStoredSMS{}
	}
	if g.Contacts == nil {
		g.Contacts = []GatewayContact{}
	}
	if g.Balance != nil && *g.Balance < 0 {
		return fmt.Errorf("gateway balance %d is negative", *g.Balance)
	}
	seen := map[int]bool{}
	g.NextSMSID = max(g.NextSMSID, 1)
	for _, m := range g.SMS {
		if m.ID < 1 || seen[m.ID] {
			return fmt.Errorf("gateway SMS id %d is invalid or repeated", m.ID)
		}
		seen[m.ID] = true
		g.NextSMSID = max(g.NextSMSID, m.ID+1)
	}
	seen = map[int]bool{}
	g.NextContactID = max(g.NextContactID, 1)
	for _, c := range g.Contacts {
		if c.ID < 1 || seen[c.ID] {
			return fmt.Errorf("gateway contact id %d is invalid or repeated", c.ID)
		}
		seen[c.ID] = true
		g.NextContactID = max(g.NextContactID, c.ID+1)
	}
	return nil
}

func newGatewayState() gatewayState {
	return gatewayState{NextSMSID: 1, NextContactID: 1, SMS: []gwStoredSMS{}, Contacts: []GatewayContact{}}
}

// balance is the current credit.
func (g *gatewayState) balance(c gatewayConfig) int {
	if g.Balance != nil {
		return *g.Balance
	}
	return c.balance
}

func (g *gatewayState) setBalance(n int) { g.Balance = &n }

// ---- account_info ----

var subAccountPrefix = regexp.MustCompile(`^\d+_`)

func (s *Server) gwAccountInfo(_ *gwRequest) (any, *gwError) {
	balance := 0
	s.store.view(func(st *state) { balance = st.Gateway.balance(s.gateway) })
	name := s.gateway.subAccount
	if short := subAccountPrefix.ReplaceAllString(name, ""); short != "" {
		name = short
	}
	return map[string]string{
		"sub_account_id":     gwSubAccountID,
		"sub_account":        name,
		"user_id":            gwUserID,
		"balance":            strconv.Itoa(balance),
		"notification_email": "gateway@example.com",
		"default_dial_code":  s.gateway.dialCode,
		"timezone_offset":    s.gateway.offsetText,
		"default_sender_id":  s.gateway.senderID,
	}, nil
}

// ---- Go API for tests: goroutine-safe, all return copies ----

// GatewayAccount is the sub-account as the admin API shows it.
type GatewayAccount struct {
	SubAccount     string `json:"sub_account"`
	Balance        int    `json:"balance"`
	Disabled       bool   `json:"disabled"`
	DialCode       string `json:"default_dial_code"`
	TimezoneOffset string `json:"timezone_offset"`
	SenderID       string `json:"default_sender_id"`
	SMS            int    `json:"sms"`
	Contacts       int    `json:"contacts"`
}

// GatewayAccount returns the sub-account's settings and counts.
func (s *Server) GatewayAccount() GatewayAccount {
	a := GatewayAccount{SubAccount: s.gateway.subAccount, DialCode: s.gateway.dialCode,
		TimezoneOffset: s.gateway.offsetText, SenderID: s.gateway.senderID}
	s.store.view(func(st *state) {
		a.Balance, a.Disabled = st.Gateway.balance(s.gateway), st.Gateway.Disabled
		a.SMS, a.Contacts = len(st.Gateway.SMS), len(st.Gateway.Contacts)
	})
	return a
}

// SetGatewayBalance sets the credit in units.
func (s *Server) SetGatewayBalance(units int) {
	_ = s.store.update(func(st *state) error {
		st.Gateway.setBalance(units)
		return nil
	})
}

// SetGatewayDisabled disables (error 5) or enables the sub-account.
func (s *Server) SetGatewayDisabled(disabled bool) {
	_ = s.store.update(func(st *state) error {
		st.Gateway.Disabled = disabled
		return nil
	})
}

// GatewayContacts returns every gateway contact in creation order.
func (s *Server) GatewayContacts() []GatewayContact {
	var out []GatewayContact
	s.store.view(func(st *state) { out = append([]GatewayContact{}, st.Gateway.Contacts...) })
	return out
}

// PutGatewayContact creates c (when c.ID is 0 or unknown: a new id) or
// replaces the contact with its id, bypassing the API (for drift tests).
// The phone is stored as given; an empty GroupName is "default" and a zero
// Time the current time. It returns the stored contact.
func (s *Server) PutGatewayContact(c GatewayContact) GatewayContact {
	_ = s.store.update(func(st *state) error {
		if c.GroupName == "" {
			c.GroupName = defaultGroup
		}
		if c.Time.IsZero() {
			c.Time = s.store.timestamp()
		}
		for i := range st.Gateway.Contacts {
			if st.Gateway.Contacts[i].ID == c.ID {
				st.Gateway.Contacts[i] = c
				return nil
			}
		}
		c.ID = st.Gateway.NextContactID
		st.Gateway.NextContactID++
		st.Gateway.Contacts = append(st.Gateway.Contacts, c)
		return nil
	})
	return c
}

// DeleteGatewayContact removes a contact; it reports whether it existed.
func (s *Server) DeleteGatewayContact(id int) bool {
	found := false
	_ = s.store.update(func(st *state) error {
		for i := range st.Gateway.Contacts {
			if st.Gateway.Contacts[i].ID == id {
				st.Gateway.Contacts = append(st.Gateway.Contacts[:i], st.Gateway.Contacts[i+1:]...)
				found = true
				return nil
			}
		}
		return errNoChange
	})
	return found
}

// GatewaySMS returns every gateway SMS record as it is now, oldest first.
func (s *Server) GatewaySMS() []GatewaySMS {
	now := s.store.timestamp()
	var out []GatewaySMS
	s.store.view(func(st *state) {
		out = make([]GatewaySMS, 0, len(st.Gateway.SMS))
		for _, m := range st.Gateway.SMS {
			out = append(out, m.view(now))
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ---- admin ----

// gatewayAdmin serves GET and POST /_mock/gateway: the account, and
// changes to it ({"balance":N,"disabled":true}; members left out keep
// their value).
func (s *Server) gatewayAdmin(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		data, err := readAll(w, r)
		if err != nil {
			s.write(w, failure(http.StatusBadRequest, "Invalid request body: "+err.Error()))
			return
		}
		var in struct {
			Balance  *int  `json:"balance"`
			Disabled *bool `json:"disabled"`
		}
		if err := json.Unmarshal(data, &in); err != nil {
			s.write(w, failure(http.StatusBadRequest, "Invalid gateway settings: "+err.Error()))
			return
		}
		if in.Balance != nil && *in.Balance < 0 {
			s.write(w, failure(http.StatusBadRequest, "Invalid gateway settings: balance must not be negative"))
			return
		}
		if in.Balance != nil {
			s.SetGatewayBalance(*in.Balance)
		}
		if in.Disabled != nil {
			s.SetGatewayDisabled(*in.Disabled)
		}
	}
	s.write(w, success(s.GatewayAccount()))
}

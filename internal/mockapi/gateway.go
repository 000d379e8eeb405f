// The legacy Best SMS Gateway api_v1, served at /api_v1 beside the REST API
// (README.md, Gateway api_v1): the request plumbing — the form, the checks
// every request goes through, errors and dispatch to the actions. It is
// written from the vendor's api_v1 reference, independently of the Go
// client in internal/gateway.

package mockapi

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

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

// requestLogURI is the request URI for the request log, with the value of
// sub_account_pass hidden; redactURI (requestlog.go) then masks every
// spelling of every credential (sub%5Faccount%5Fpass included).
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

// REST v3.00 under /api/v3.00/ (contributing/wire-protocol-v3.md; README.md,
// REST v3.00): the routing table, the checks every v3 request passes (the
// Bearer token, the media types, the address-book switch), the failure
// bodies, paging and time stamps. The handlers are in v3_addressbook.go,
// v3_sms.go and v3_optouts.go; they share the store, and much of the
// checking, with v2.

package mockapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// versionV3 is the path segment of the v3 API.
const versionV3 = "v3.00"

// v3Routes is the v3 routing table, built once: exactly the routes of
// wire-protocol-v3.md §4.1, §5 and §6.2.
var v3Routes = buildV3Routes()

func buildV3Routes() []*route {
	table := []struct {
		pattern string
		methods map[string]handlerFunc
	}{
		// Address book (wire-protocol-v3.md §4).
		{"addressbook/contact", map[string]handlerFunc{http.MethodPost: (*Server).createContactV3}},
		{"addressbook/contact/list", map[string]handlerFunc{http.MethodGet: (*Server).listContactsV3}},
		{"addressbook/contact/search", map[string]handlerFunc{http.MethodGet: (*Server).searchContactsV3}},
		{"addressbook/contact/{id}", map[string]handlerFunc{
			http.MethodGet:    (*Server).getContactV3,
			http.MethodPatch:  (*Server).updateContactV3,
			http.MethodDelete: (*Server).deleteContactV3,
		}},
		{"addressbook/contact/{id}/group", map[string]handlerFunc{http.MethodPatch: (*Server).addToGroupV3}},
		{"addressbook/contact/{id}/group/list", map[string]handlerFunc{http.MethodGet: (*Server).listContactGroupsV3}},
		{"addressbook/contact/{id}/group/{group}", map[string]handlerFunc{http.MethodDelete: (*Server).removeFromGroupV3}},
		{"addressbook/group", map[string]handlerFunc{http.MethodPost: (*Server).createGroupV3}},
		{"addressbook/group/list", map[string]handlerFunc{http.MethodGet: (*Server).listGroupsV3}},
		{"addressbook/group/{group}", map[string]handlerFunc{
			http.MethodGet:    (*Server).getGroupV3,
			http.MethodPatch:  (*Server).updateGroupV3,
			http.MethodDelete: (*Server).deleteGroupV3,
		}},
		{"addressbook/group/{group}/contact/list", map[string]handlerFunc{http.MethodGet: (*Server).listGroupContactsV3}},
		// SMS (wire-protocol-v3.md §5).
		{"sms", map[string]handlerFunc{http.MethodPost: (*Server).sendV3}},
		{"sms/received", map[string]handlerFunc{http.MethodGet: (*Server).listReceivedV3}},
		{"sms/{id}", map[string]handlerFunc{http.MethodGet: (*Server).statusV3}},
		{"sms/{id}/reschedule", map[string]handlerFunc{http.MethodPatch: (*Server).rescheduleV3}},
		{"sms/{id}/abort", map[string]handlerFunc{http.MethodPatch: (*Server).abortV3}},
		// Opt-outs (wire-protocol-v3.md §6).
		{"optout", map[string]handlerFunc{http.MethodPost: (*Server).createOptOutV3}},
		{"optout/list", map[string]handlerFunc{http.MethodGet: (*Server).listOptOutsV3}},
		{"optout/batch", map[string]handlerFunc{http.MethodPost: (*Server).batchOptOutsV3}},
		{"optout/{id}", map[string]handlerFunc{
			http.MethodGet:    (*Server).getOptOutV3,
			http.MethodPatch:  (*Server).updateOptOutV3,
			http.MethodDelete: (*Server).deleteOptOutV3,
		}},
	}
	out := make([]*route, 0, len(table))
	for _, t := range table {
		out = append(out, makeRoute(versionV3+"/"+t.pattern, t.pattern, t.methods))
	}
	return out
}

// ---- the checks before the handler ----

// admitV3 checks a v3 request before faults and its handler, in this
// order: the token (401), the media types (415), the address-book switch
// (403). It returns the failure, or nil.
func (s *Server) admitV3(r *http.Request, rt *route, _ *requestBody) *reply {
	schemes := []string{"Bearer"}
	if s.v3Basic {
		schemes = append(schemes, "Basic")
	}
	if !s.authorizedAs(r, schemes...) {
		return (&v3Error{status: http.StatusUnauthorized, result: "Unauthorized",
			msg: "Access denied: Auth Token or credentials are incorrect or have expired."}).reply()
	}
	if detail := unsupportedMedia(r); detail != "" {
		return &reply{status: http.StatusUnsupportedMediaType, body: v3MediaBody{
			Status: http.StatusUnsupportedMediaType, Extend1: "Unsupported Media Type", Extend2: detail,
		}}
	}
	if rt != nil && strings.HasPrefix(rt.pattern, versionV3+"/addressbook/") && s.addressBookOff.Load() {
		return (&v3Error{status: http.StatusForbidden, result: "Failed", msg: "Unauthorized access to Addressbook API!"}).reply()
	}
	return nil
}

// v3MediaBody is the 415 answer, in S3's shape.
type v3MediaBody struct {
	Status  int    `json:"status"`
	Extend1 string `json:"extend1"`
	Extend2 string `json:"extend2"`
}

// unsupportedMedia says what is wrong with a request's media types, or "":
// a POST or PATCH with a body must be application/json (parameters
// ignored), and so must any Content-Type given; an Accept must allow JSON.
func unsupportedMedia(r *http.Request) string {
	ct := strings.TrimSpace(r.Header.Get("Content-Type"))
	hasBody := r.ContentLength != 0 && (r.Method == http.MethodPost || r.Method == http.MethodPatch)
	switch {
	case ct != "" && mediaType(ct) != "application/json":
		return fmt.Sprintf("Content-Type %q is not application/json", ct)
	case ct == "" && hasBody:
		return "a request body needs Content-Type application/json"
	}
	if accept := strings.TrimSpace(r.Header.Get("Accept")); accept != "" {
		for _, part := range strings.Split(accept, ",") {
			switch mediaType(part) {
			case "application/json", "application/*", "*/*":
				return ""
			}
		}
		return fmt.Sprintf("Accept %q does not allow application/json", accept)
	}
	return ""
}

// mediaType is the media type of a header value, without parameters, in
// lower case.
func mediaType(v string) string {
	t, _, _ := strings.Cut(v, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// SetAddressBookEnabled switches the API user's address-book access: while
// it is off, every v3 addressbook/… request answers 403
// (contributing/wire-protocol-v3.md §2). Reset switches it back on.
func (s *Server) SetAddressBookEnabled(on bool) { s.addressBookOff.Store(!on) }

// AddressBookEnabled reports the address-book switch.
func (s *Server) AddressBookEnabled() bool { return !s.addressBookOff.Load() }

// ---- failures ----

// v3ErrorBody is a v3 failure body (wire-protocol-v3.md §3.2): Result is
// left out for the opt-out 404, MessageID is there for message 404s only.
type v3ErrorBody struct {
	Result       string   `json:"Result,omitempty"`
	MessageID    *string  `json:"MessageID,omitempty"`
	ErrorMessage []string `json:"ErrorMessage"`
}

// v3Error is a failure of the v3 wire.
type v3Error struct {
	status    int
	result    string // "" leaves Result out
	msg       string
	messageID *string
}

func (e *v3Error) Error() string { return e.msg }

func (e *v3Error) reply() *reply {
	return &reply{status: e.status, body: v3ErrorBody{Result: e.result, MessageID: e.messageID, ErrorMessage: []string{e.msg}}}
}

// v3RecordNotFound is the 404 of an unknown contact or group.
func v3RecordNotFound(id string) *v3Error {
	return &v3Error{status: http.StatusNotFound, result: "RecordNotFound",
		msg: fmt.Sprintf("Unable to find or access record with id '%s'.", id)}
}

// v3MessageNotFound is the 404 of an unknown message.
func v3MessageNotFound(id string) *v3Error {
	return &v3Error{status: http.StatusNotFound, result: "RecordNotFound", msg: "Unable to find entry.", messageID: &id}
}

// v3OptOutNotFound is the 404 of an unknown opt-out: no Result.
func v3OptOutNotFound() *v3Error {
	return &v3Error{status: http.StatusNotFound, msg: "Unable to find or access the data you're looking for."}
}

// errV3Internal is the text of a v3 500.
const errV3Internal = "An unexpected error occurred while processing."

// v3Failed is the reply of an error met by a v3 handler: a *v3Error as it
// is, an *apiError (the checks shared with v2) as a Failed with its status
// and text, anything else (the state file could not be written) a 500.
func v3Failed(err error) *reply {
	var (
		ve *v3Error
		ae *apiError
	)
	switch {
	case errors.As(err, &ve):
		return ve.reply()
	case errors.As(err, &ae):
		return (&v3Error{status: ae.status, result: "Failed", msg: ae.msg}).reply()
	}
	return (&v3Error{status: http.StatusInternalServerError, result: "Failed", msg: errV3Internal}).reply()
}

// v3Reply turns a reply of a handler shared with v2 into v3's shape: a
// success as it is, a 404 as notFound, any other v2 failure as a v3 one
// (a 500 with v3's text).
func v3Reply(rep *reply, notFound *v3Error) *reply {
	eb, ok := rep.body.(errorBody)
	switch {
	case !ok:
		return rep
	case rep.status == http.StatusNotFound:
		return notFound.reply()
	case rep.status >= http.StatusInternalServerError:
		return v3Failed(errors.New(strings.Join(eb.ErrorMessage, "; ")))
	}
	return (&v3Error{status: rep.status, result: "Failed", msg: strings.Join(eb.ErrorMessage, "; ")}).reply()
}

// ---- paging ----

// maxV3RecordsPerPage is S3's cap on recordsPerPage (opt-outs: their own).
const maxV3RecordsPerPage = 100

// v3Paging resolves a v3 page request: the shared rules, the default
// clamped into [lo, hi] as well as the size asked for.
func (s *Server) v3Paging(q query, lo, hi int) (paging, *apiError) {
	p, err := q.paging(min(max(s.pageSize, lo), hi))
	p.perPage = min(max(p.perPage, lo), hi)
	return p, err
}

// ---- time stamps ----

// v3Stamps are one instant's three spellings in a v3 answer. The zero time
// (something that never happened: a record never updated, a recipient not
// sent yet) is 0001-01-01 (wire-protocol-v3.md §3.5).
type v3Stamps struct{ local, utc, rfc string }

func v3StampsOf(t time.Time) v3Stamps {
	if t.IsZero() {
		return v3Stamps{local: "0001-01-01 00:00:00", utc: "0001-01-01 00:00:00", rfc: "0001-01-01T00:00:00.000Z"}
	}
	st := stampsOf(t)
	return v3Stamps{local: st.local, utc: st.utc, rfc: st.rfc}
}

// updatedStamps are the Updated… spellings of a record: zero (never
// updated) while its Updated does not lie after its Created.
func updatedStamps(created, updated time.Time) v3Stamps {
	if !updated.After(created) {
		return v3StampsOf(time.Time{})
	}
	return v3StampsOf(updated)
}

// v3Price is a price as v3 writes it: a string with two decimals, or null
// when there is no cost.
func v3Price(v float64) *string {
	if v == 0 {
		return nil
	}
	p := fmt.Sprintf("%.2f", v)
	return &p
}

// ---- member checks ----

// maxLen refuses a member longer than max characters.
func maxLen(name, v string, limit int) *apiError {
	if len([]rune(v)) > limit {
		return badRequest("%s must be at most %d characters", name, limit)
	}
	return nil
}

// accessControls are the values of AccessControl (wire-protocol-v3.md §4.2).
var accessControls = []string{"Limited", "Granted"}

// defaultAccessControl is what v3 answers for a record whose AccessControl
// was never set (an open question of wire-protocol-v3.md §4.2; the mock
// answers a server default so that clients must cope with one).
const defaultAccessControl = "Limited"

// accessControlMember reads AccessControl: "" when absent, null or empty,
// the canonical spelling when valid (any case), else 400.
func accessControlMember(b body) (string, *apiError) {
	v, ok, err := b.str("AccessControl")
	if err != nil || !ok || strings.TrimSpace(v) == "" {
		return "", err
	}
	for _, a := range accessControls {
		if strings.EqualFold(a, strings.TrimSpace(v)) {
			return a, nil
		}
	}
	return "", badRequest("AccessControl must be one of %s, got %q", strings.Join(accessControls, ", "), v)
}

// answeredAccessControl is how a stored AccessControl is answered.
func answeredAccessControl(v string) string {
	if v == "" {
		return defaultAccessControl
	}
	return v
}

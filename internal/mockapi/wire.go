package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "time/tzdata" // the account time zone must work without system tzdata
)

// ---- replies ----

// reply is what an API handler answers: a status, a JSON body and optional
// extra headers. The server writes it (or discards it, for after-change
// faults).
type reply struct {
	status int
	body   any
	header http.Header
}

// errorBody is the v2 failure envelope (contributing/wire-protocol.md §4, §13.2 M3, M8, M9).
type errorBody struct {
	Result       string   `json:"Result"`
	ErrorMessage []string `json:"ErrorMessage"`
	MessageID    string   `json:"MessageID"`
}

// failure returns a failure reply with one error message.
func failure(status int, msg string) *reply {
	return &reply{status: status, body: errorBody{Result: "Failed", ErrorMessage: []string{msg}, MessageID: ""}}
}

// resultSuccess is the Result of every successful answer
// (contributing/wire-protocol.md §13.2 M8).
const resultSuccess = "Success"

// success returns a 200 reply.
func success(body any) *reply { return &reply{status: http.StatusOK, body: body} }

// withMessageID names the message id in a failure envelope
// (contributing/wire-protocol.md §13.2 M9).
func withMessageID(rep *reply, id string) *reply {
	if eb, ok := rep.body.(errorBody); ok {
		eb.MessageID = id
		rep.body = eb
	}
	return rep
}

// apiError is a failure raised inside store updates and request parsing.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// reply is the failure reply of a request the mock refuses: e's status
// and message.
func (e *apiError) reply() *reply { return failure(e.status, e.msg) }

// storeFailure turns the error of a store update into a reply: an
// *apiError (the update refused the change) as its status and message,
// anything else (the state file could not be written) as a 500.
func storeFailure(err error) *reply {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.reply()
	}
	return failure(http.StatusInternalServerError, "Error occurred while saving data")
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

func notFound(msg string) *apiError { return &apiError{status: http.StatusNotFound, msg: msg} }

var (
	errContactNotFound    = notFound("Contact not found")
	errGroupNotFound      = notFound("Group not found")
	errMembershipNotFound = notFound("Group membership not found")
)

// ---- time stamps ----

const (
	timezoneName = "AUS Eastern"
	// layoutISO is the legacy Created/CreatedUTC form (D003, PY24).
	layoutISO = "2006-01-02T15:04:05"
	// layoutSpaced is the *TimeLocal / *TimeUTC form (NJ24, V3).
	layoutSpaced = "2006-01-02 15:04:05"
	// layoutRFC3339Milli is the *_RFC3339 form, always UTC.
	layoutRFC3339Milli = "2006-01-02T15:04:05.000Z"
)

// accountZone is the zone of the "local" time stamps: Australia/Sydney,
// which Windows calls "AUS Eastern".
var accountZone = func() *time.Location {
	if loc, err := time.LoadLocation("Australia/Sydney"); err == nil {
		return loc
	}
	return time.FixedZone("AEST", 10*60*60)
}()

// stamps holds one instant in every response spelling.
type stamps struct {
	iso, isoUTC, local, utc, rfc string
}

func stampsOf(t time.Time) stamps {
	u := t.UTC()
	l := t.In(accountZone)
	return stamps{
		iso:    l.Format(layoutISO),
		isoUTC: u.Format(layoutISO),
		local:  l.Format(layoutSpaced),
		utc:    u.Format(layoutSpaced),
		rfc:    u.Format(layoutRFC3339Milli),
	}
}

// ---- response objects ----

// contactJSON is the wire form of a contact. It carries both generations of
// names (contributing/wire-protocol.md §13.2 M10): ContactID and ID, Created/CreatedUTC
// and CreatedTime{Local,UTC,UTC_RFC3339}, likewise for Updated.
type contactJSON struct {
	ContactID             string `json:"ContactID"`
	ID                    string `json:"ID"`
	Owner                 string `json:"Owner"`
	Created               string `json:"Created"`
	CreatedUTC            string `json:"CreatedUTC"`
	Updated               string `json:"Updated"`
	UpdatedUTC            string `json:"UpdatedUTC"`
	CreatedTimeLocal      string `json:"CreatedTimeLocal"`
	CreatedTimeUTC        string `json:"CreatedTimeUTC"`
	CreatedTimeUTCRFC3339 string `json:"CreatedTimeUTC_RFC3339"`
	UpdatedTimeLocal      string `json:"UpdatedTimeLocal"`
	UpdatedTimeUTC        string `json:"UpdatedTimeUTC"`
	UpdatedTimeUTCRFC3339 string `json:"UpdatedTimeUTC_RFC3339"`
	Timezone              string `json:"Timezone"`
	ViewBy                string `json:"ViewBy"`
	EditBy                string `json:"EditBy"`
	Attention             string `json:"Attention"`
	Title                 string `json:"Title"`
	Company               string `json:"Company"`
	RecipDepartment       string `json:"RecipDepartment"`
	FirstName             string `json:"FirstName"`
	LastName              string `json:"LastName"`
	Position              string `json:"Position"`
	StreetAddress         string `json:"StreetAddress"`
	Suburb                string `json:"Suburb"`
	City                  string `json:"City"`
	State                 string `json:"State"`
	Country               string `json:"Country"`
	Postcode              string `json:"Postcode"`
	MainPhone             string `json:"MainPhone"`
	AltPhone1             string `json:"AltPhone1"`
	AltPhone2             string `json:"AltPhone2"`
	DirectPhone           string `json:"DirectPhone"`
	MobilePhone           string `json:"MobilePhone"`
	FaxNumber             string `json:"FaxNumber"`
	EmailAddress          string `json:"EmailAddress"`
	WebAddress            string `json:"WebAddress"`
	Custom1               string `json:"Custom1"`
	Custom2               string `json:"Custom2"`
	Custom3               string `json:"Custom3"`
	Custom4               string `json:"Custom4"`
}

func contactOut(c Contact) contactJSON {
	cr, up := stampsOf(c.Created), stampsOf(c.Updated)
	return contactJSON{
		ContactID: c.ContactID, ID: c.ContactID, Owner: c.Owner,
		Created: cr.iso, CreatedUTC: cr.isoUTC, Updated: up.iso, UpdatedUTC: up.isoUTC,
		CreatedTimeLocal: cr.local, CreatedTimeUTC: cr.utc, CreatedTimeUTCRFC3339: cr.rfc,
		UpdatedTimeLocal: up.local, UpdatedTimeUTC: up.utc, UpdatedTimeUTCRFC3339: up.rfc,
		Timezone: timezoneName,
		ViewBy:   c.ViewBy, EditBy: c.EditBy,
		Attention: c.Attention, Title: c.Title, Company: c.Company, RecipDepartment: c.RecipDepartment,
		FirstName: c.FirstName, LastName: c.LastName, Position: c.Position,
		StreetAddress: c.StreetAddress, Suburb: c.Suburb, City: c.City, State: c.State,
		Country: c.Country, Postcode: c.Postcode,
		MainPhone: c.MainPhone, AltPhone1: c.AltPhone1, AltPhone2: c.AltPhone2,
		DirectPhone: c.DirectPhone, MobilePhone: c.MobilePhone, FaxNumber: c.FaxNumber,
		EmailAddress: c.EmailAddress, WebAddress: c.WebAddress,
		Custom1: c.Custom1, Custom2: c.Custom2, Custom3: c.Custom3, Custom4: c.Custom4,
	}
}

func contactsOut(cs []Contact) []contactJSON {
	out := make([]contactJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, contactOut(c))
	}
	return out
}

// groupJSON is the wire form of a group, with both generations of time
// stamp names like contacts.
type groupJSON struct {
	GroupID               string `json:"GroupID"`
	GroupCode             string `json:"GroupCode"`
	GroupName             string `json:"GroupName"`
	SubAccount            string `json:"SubAccount"`
	Department            string `json:"Department"`
	ViewEditBy            string `json:"ViewEditBy"`
	Owner                 string `json:"Owner"`
	Created               string `json:"Created"`
	CreatedUTC            string `json:"CreatedUTC"`
	Updated               string `json:"Updated"`
	UpdatedUTC            string `json:"UpdatedUTC"`
	CreatedTimeLocal      string `json:"CreatedTimeLocal"`
	CreatedTimeUTC        string `json:"CreatedTimeUTC"`
	CreatedTimeUTCRFC3339 string `json:"CreatedTimeUTC_RFC3339"`
	UpdatedTimeLocal      string `json:"UpdatedTimeLocal"`
	UpdatedTimeUTC        string `json:"UpdatedTimeUTC"`
	UpdatedTimeUTCRFC3339 string `json:"UpdatedTimeUTC_RFC3339"`
	Timezone              string `json:"Timezone"`
}

func groupOut(g Group) groupJSON {
	cr, up := stampsOf(g.Created), stampsOf(g.Updated)
	return groupJSON{
		GroupID: g.GroupID, GroupCode: g.GroupCode, GroupName: g.GroupName,
		SubAccount: g.SubAccount, Department: g.Department, ViewEditBy: g.ViewEditBy, Owner: g.Owner,
		Created: cr.iso, CreatedUTC: cr.isoUTC, Updated: up.iso, UpdatedUTC: up.isoUTC,
		CreatedTimeLocal: cr.local, CreatedTimeUTC: cr.utc, CreatedTimeUTCRFC3339: cr.rfc,
		UpdatedTimeLocal: up.local, UpdatedTimeUTC: up.utc, UpdatedTimeUTCRFC3339: up.rfc,
		Timezone: timezoneName,
	}
}

func groupsOut(gs []Group) []groupJSON {
	out := make([]groupJSON, 0, len(gs))
	for _, g := range gs {
		out = append(out, groupOut(g))
	}
	return out
}

// ---- request bodies ----

// body is a parsed JSON request object. Member names are matched
// case-insensitively (like encoding/json), so PostCode finds Postcode.
type body map[string]json.RawMessage

// parseBody parses a request body as a JSON object. An empty body (or
// `null`) is an empty object.
func parseBody(data []byte) (body, *apiError) {
	trimmed := bytes.TrimSpace(data)
	b := body{}
	if len(trimmed) == 0 {
		return b, nil
	}
	if trimmed[0] == '<' {
		return nil, badRequest("Invalid request body: XML is not supported by this server, send JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, badRequest("Invalid request body: expected a JSON object")
		}
		return nil, badRequest("Invalid request body: %v", err)
	}
	if dec.More() {
		return nil, badRequest("Invalid request body: trailing data after the JSON object")
	}
	for k, v := range raw {
		b[strings.ToLower(k)] = v
	}
	return b, nil
}

// lookup returns the raw value of the first of names that is present and
// not null.
func (b body) lookup(names ...string) (json.RawMessage, string, bool) {
	for _, n := range names {
		v, ok := b[strings.ToLower(n)]
		if !ok || isNull(v) {
			continue
		}
		return v, n, true
	}
	return nil, "", false
}

// str returns the string member named by the first present, non-null name.
// Numbers and booleans are accepted as their JSON text; objects and arrays
// are a 400.
func (b body) str(names ...string) (string, bool, *apiError) {
	v, name, ok := b.lookup(names...)
	if !ok {
		return "", false, nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, true, nil
	}
	trimmed := bytes.TrimSpace(v)
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return "", false, badRequest("%s must be a string", name)
	}
	return string(trimmed), true, nil
}

func isNull(v json.RawMessage) bool {
	return bytes.Equal(bytes.TrimSpace(v), []byte("null"))
}

// ---- queries and paging ----

// query is a request's query string with lower-cased keys (first value of
// each key wins), so page/Page and recordsPerPage/RecordsPerPage both work.
type query map[string]string

func parseQuery(u *url.URL) query {
	q := query{}
	for k, vs := range u.Query() {
		lk := strings.ToLower(k)
		if _, seen := q[lk]; seen || len(vs) == 0 {
			continue
		}
		q[lk] = vs[0]
	}
	return q
}

// maxRecordsPerPage caps recordsPerPage.
const maxRecordsPerPage = 1000

// paging is a resolved page request.
type paging struct {
	page, perPage int
}

func (q query) paging(defaultPerPage int) (paging, *apiError) {
	p := paging{page: 1, perPage: defaultPerPage}
	if v := strings.TrimSpace(q["page"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, badRequest("page must be a positive integer, got %q", v)
		}
		p.page = n
	}
	if v := strings.TrimSpace(q["recordsperpage"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, badRequest("recordsPerPage must be a positive integer, got %q", v)
		}
		p.perPage = n
	}
	p.perPage = min(p.perPage, maxRecordsPerPage)
	return p, nil
}

// pageInfo is the paging block of every list response.
type pageInfo struct {
	TotalRecords   int `json:"TotalRecords"`
	RecordsPerPage int `json:"RecordsPerPage"`
	PageCount      int `json:"PageCount"`
	Page           int `json:"Page"`
}

// pageOf cuts one page out of items. A page past the end is empty.
func pageOf[T any](items []T, p paging) ([]T, pageInfo) {
	start, end, info := pageRange(len(items), p)
	return items[start:end], info
}

// pageRange is the page p of total items: the index range of its items
// (empty past the last page) and its paging block.
func pageRange(total int, p paging) (start, end int, info pageInfo) {
	info = pageInfo{
		TotalRecords:   total,
		RecordsPerPage: p.perPage,
		PageCount:      int(math.Ceil(float64(total) / float64(p.perPage))),
		Page:           p.page,
	}
	if p.page > info.PageCount {
		return 0, 0, info
	}
	start = (p.page - 1) * p.perPage
	return start, min(start+p.perPage, total), info
}

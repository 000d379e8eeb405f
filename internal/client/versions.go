package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The API versions as the client speaks them: one dialect per version —
// authorization scheme, media type, route table, answer shape and success
// rule, features — chosen once, in New (contributing/wire-protocol-v3.md
// §7, §8). Callers above the client are version-blind except for the
// features (Supports, ReceivedLimits) and the *UnsupportedError of a call
// or a value their version cannot carry.

// operation is one call of the client, as its route tables name it.
type operation string

const (
	opContactList   operation = "contact list"
	opContactSearch operation = "contact search"
	opContactGet    operation = "contact read"
	opContactCreate operation = "contact create"
	opContactUpdate operation = "contact update"
	opContactDelete operation = "contact delete"
	opContactGroups operation = "contact's groups"
	opMemberAdd     operation = "add to group"
	opMemberRemove  operation = "remove from group"
	opGroupList     operation = "group list"
	opGroupGet      operation = "group read"
	opGroupCreate   operation = "group create"
	opGroupUpdate   operation = "group update"
	opGroupDelete   operation = "group delete"
	opGroupMembers  operation = "group's contacts"
	opSend          operation = "send"
	opStatus        operation = "status"
	opReplies       operation = "replies"
	opReceived      operation = "received SMS"
	opReschedule    operation = "reschedule"
	opAbort         operation = "abort"
	opResubmit      operation = "resubmit"
	opOptOutList    operation = "opt-out list"
	opOptOutCreate  operation = "opt-out create"
	opOptOutGet     operation = "opt-out read"
	opOptOutUpdate  operation = "opt-out update"
	opOptOutDelete  operation = "opt-out delete"
)

// endpoint is how an operation travels in one version: its method and its
// route, the path relative to {base}/{version}/ with a placeholder ({id},
// {group}) for each value.
type endpoint struct {
	method string
	route  string
}

// routesV2 is the route table of v2.03 and v2.04 (contributing/wire-protocol.md
// §6–§9; {group} is the GroupCode in v2.03, the GroupID in v2.04).
var routesV2 = map[operation]endpoint{
	opContactList:   {http.MethodGet, "addressbook/contact/list"},
	opContactSearch: {http.MethodGet, "addressbook/contact/search"},
	opContactGet:    {http.MethodGet, "addressbook/contact/{id}"},
	opContactCreate: {http.MethodPost, "addressbook/contact"},
	opContactUpdate: {http.MethodPatch, "addressbook/contact/{id}"},
	opContactDelete: {http.MethodDelete, "addressbook/contact/{id}"},
	opContactGroups: {http.MethodGet, "addressbook/contact/{id}/group/list"},
	opMemberAdd:     {http.MethodPost, "addressbook/contact/{id}/group"},
	opMemberRemove:  {http.MethodDelete, "addressbook/contact/{id}/group/{group}"},
	opGroupList:     {http.MethodGet, "addressbook/group/list"},
	opGroupGet:      {http.MethodGet, "addressbook/group/{group}"},
	opGroupCreate:   {http.MethodPost, "addressbook/group"},
	opGroupUpdate:   {http.MethodPatch, "addressbook/group/{group}"},
	opGroupDelete:   {http.MethodDelete, "addressbook/group/{group}"},
	opGroupMembers:  {http.MethodGet, "addressbook/group/{group}/contact/list"},
	opSend:          {http.MethodPost, "send/sms"},
	opStatus:        {http.MethodGet, "get/status/{id}"},
	opReplies:       {http.MethodGet, "get/sms/reply/{id}"},
	opReceived:      {http.MethodGet, "get/sms/received"},
	opReschedule:    {http.MethodPatch, "set/reschedule/{id}"},
	opAbort:         {http.MethodPatch, "set/abort/{id}"},
	opResubmit:      {http.MethodPatch, "set/resubmit/{id}"},
}

// routesV3 is the route table of v3.00 (contributing/wire-protocol-v3.md §8):
// {group} is always the GroupID; no resubmit; opt-outs.
var routesV3 = map[operation]endpoint{
	opContactList:   {http.MethodGet, "addressbook/contact/list"},
	opContactSearch: {http.MethodGet, "addressbook/contact/search"},
	opContactGet:    {http.MethodGet, "addressbook/contact/{id}"},
	opContactCreate: {http.MethodPost, "addressbook/contact"},
	opContactUpdate: {http.MethodPatch, "addressbook/contact/{id}"},
	opContactDelete: {http.MethodDelete, "addressbook/contact/{id}"},
	opContactGroups: {http.MethodGet, "addressbook/contact/{id}/group/list"},
	opMemberAdd:     {http.MethodPatch, "addressbook/contact/{id}/group"},
	opMemberRemove:  {http.MethodDelete, "addressbook/contact/{id}/group/{group}"},
	opGroupList:     {http.MethodGet, "addressbook/group/list"},
	opGroupGet:      {http.MethodGet, "addressbook/group/{group}"},
	opGroupCreate:   {http.MethodPost, "addressbook/group"},
	opGroupUpdate:   {http.MethodPatch, "addressbook/group/{group}"},
	opGroupDelete:   {http.MethodDelete, "addressbook/group/{group}"},
	opGroupMembers:  {http.MethodGet, "addressbook/group/{group}/contact/list"},
	opSend:          {http.MethodPost, "sms"},
	opStatus:        {http.MethodGet, "sms/{id}"},
	opReplies:       {http.MethodGet, "sms/{id}"},
	opReceived:      {http.MethodGet, "sms/received"},
	opReschedule:    {http.MethodPatch, "sms/{id}/reschedule"},
	opAbort:         {http.MethodPatch, "sms/{id}/abort"},
	opOptOutList:    {http.MethodGet, "optout/list"},
	opOptOutCreate:  {http.MethodPost, "optout"},
	opOptOutGet:     {http.MethodGet, "optout/{id}"},
	opOptOutUpdate:  {http.MethodPatch, "optout/{id}"},
	opOptOutDelete:  {http.MethodDelete, "optout/{id}"},
}

// Feature is something only some API versions carry. The provider asks
// Supports at plan time, so that a configuration its api_version cannot
// carry fails naming the attribute; the client refuses the same with an
// *UnsupportedError before anything is sent.
type Feature string

const (
	// FeatureResubmit: resubmitting a failed SMS (v2 only).
	FeatureResubmit Feature = "SMS resubmit"
	// FeatureGroupCode: writing a group's GroupCode on create (v2 only;
	// v3 assigns it).
	FeatureGroupCode Feature = "a GroupCode written on group create"
	// FeatureChargeCode: ChargeCode on sends (v2 only).
	FeatureChargeCode Feature = "ChargeCode on sends"
	// FeatureDirectPhone: the contact member DirectPhone (v2 only).
	FeatureDirectPhone Feature = "the contact member DirectPhone"
	// FeatureContactV3Members: the contact members Notes, ExType, ExID,
	// AccessControl and AltPhone3–AltPhone8 (v3 only).
	FeatureContactV3Members Feature = "the contact members Notes, ExType, ExID, AccessControl and AltPhone3-AltPhone8"
	// FeatureGroupAccessControl: the group member AccessControl (v3 only).
	FeatureGroupAccessControl Feature = "the group member AccessControl"
	// FeatureOptOuts: the opt-out register (v3 only).
	FeatureOptOuts Feature = "opt-outs"
)

// opFeatures are the operations that only some versions have.
var opFeatures = map[operation]Feature{
	opResubmit:     FeatureResubmit,
	opOptOutList:   FeatureOptOuts,
	opOptOutCreate: FeatureOptOuts,
	opOptOutGet:    FeatureOptOuts,
	opOptOutUpdate: FeatureOptOuts,
	opOptOutDelete: FeatureOptOuts,
}

var (
	featuresV2 = []Feature{FeatureResubmit, FeatureGroupCode, FeatureChargeCode, FeatureDirectPhone}
	featuresV3 = []Feature{FeatureContactV3Members, FeatureGroupAccessControl, FeatureOptOuts}
)

// dialect is one API version on the wire.
type dialect struct {
	version string
	// auth is the Authorization scheme; mediaType the Accept and
	// Content-Type.
	auth, mediaType string
	routes          map[operation]endpoint
	// flat: single objects are the answer itself (v3), not a member of it
	// (v2's {"Contact":{…}}); success then allows an absent Result.
	flat bool
	// groupByCode: {group} slots and add bodies take the GroupCode (v2.03).
	groupByCode bool
	features    []Feature
	// The limits of received-SMS queries (0: none).
	maxReceivedWindow time.Duration
	maxTimePeriod     int
	// reservedMessageID is a MessageID the routes cannot address ("" for
	// none): v3's sms/received is not the message "received".
	reservedMessageID string
	// maxPageSize caps recordsPerPage (0: no cap).
	maxPageSize int
	// bookPageSize is the recordsPerPage of the address-book listings (0:
	// the client's page size).
	bookPageSize int
}

// dialects are the versions the client speaks.
var dialects = map[string]*dialect{
	APIVersion203: {version: APIVersion203, auth: "Basic", mediaType: contentTypeJSON, routes: routesV2,
		groupByCode: true, features: featuresV2, bookPageSize: AddressBookPageSize},
	APIVersion204: {version: APIVersion204, auth: "Basic", mediaType: contentTypeJSON, routes: routesV2,
		features: featuresV2, bookPageSize: AddressBookPageSize},
	APIVersion300: {version: APIVersion300, auth: "Bearer", mediaType: "application/json", routes: routesV3,
		flat: true, features: featuresV3, maxReceivedWindow: 7 * 24 * time.Hour, maxTimePeriod: 1440,
		reservedMessageID: "received", maxPageSize: 100},
}

// AddressBookPages is the number of pages in which a client of API version
// (DefaultAPIVersion for "") with the default page size lists n contacts,
// groups or members.
func AddressBookPages(version string, n int) int {
	d := dialects[cmp.Or(version, DefaultAPIVersion)]
	if d == nil {
		return 0
	}
	size := cmp.Or(d.bookPageSize, DefaultPageSize)
	if d.maxPageSize > 0 {
		size = min(size, d.maxPageSize)
	}
	return (n + size - 1) / size
}

// SupportedVersions lists the API versions the client speaks, oldest first.
func SupportedVersions() []string { return []string{APIVersion203, APIVersion204, APIVersion300} }

// Supports reports whether API version (one of SupportedVersions) carries
// the feature; false for an unknown version.
func Supports(version string, f Feature) bool {
	d, ok := dialects[version]
	return ok && slices.Contains(d.features, f)
}

// Supports reports whether the client's API version carries the feature.
func (c *Client) Supports(f Feature) bool { return slices.Contains(c.dialect.features, f) }

// ReceivedLimits returns the longest window (DateFrom to DateTo) and the
// largest TimePeriod (minutes) a received-SMS query may have in API
// version; zero means no limit (v2), v3.00 allows 7 days and 1440 minutes.
func ReceivedLimits(version string) (maxWindow time.Duration, maxTimePeriod int) {
	if d, ok := dialects[version]; ok {
		return d.maxReceivedWindow, d.maxTimePeriod
	}
	return 0, 0
}

// UnsupportedError is a call, or a value in a call, that the client's API
// version cannot carry. Nothing was sent: a value is never silently
// dropped.
type UnsupportedError struct {
	// Version is the client's API version.
	Version string
	// What names the call or the value ("SMS resubmit", "the contact
	// member DirectPhone", "a received window of 10 days").
	What string
	// Versions are the API versions that do carry it (none for a limit).
	Versions []string
}

func (e *UnsupportedError) Error() string {
	msg := fmt.Sprintf("BestSMS API %s cannot carry %s; nothing was sent", e.Version, e.What)
	if len(e.Versions) > 0 {
		msg += fmt.Sprintf(" (API versions that can: %s)", strings.Join(e.Versions, ", "))
	}
	return msg
}

// IsUnsupported reports whether err is an *UnsupportedError.
func IsUnsupported(err error) bool {
	var ue *UnsupportedError
	return errors.As(err, &ue)
}

// unsupported is the error of a feature the client's version lacks.
func (c *Client) unsupported(f Feature) error {
	var versions []string
	for _, v := range SupportedVersions() {
		if Supports(v, f) {
			versions = append(versions, v)
		}
	}
	return &UnsupportedError{Version: c.dialect.version, What: string(f), Versions: versions}
}

// route returns the request of op in the client's version with its
// placeholders' values. When the version has no such call, the request
// carries an *UnsupportedError, which do returns without sending anything.
func (c *Client) route(op operation, params ...string) request {
	ep, ok := c.dialect.routes[op]
	if !ok {
		if f, known := opFeatures[op]; known {
			return request{route: string(op), err: c.unsupported(f)}
		}
		return request{route: string(op), err: fmt.Errorf("client bug: API %s has no route for the %s", c.dialect.version, op)}
	}
	return request{method: ep.method, route: ep.route, params: params}
}

// ---- answers ----

// answerOf reads the members of an answer the client inspects before
// decoding the payload; object is false when raw is not a JSON object.
// Member names match in any case, and the rest of the answer is skipped,
// not copied.
func answerOf(raw []byte) (env envelope, object bool) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return envelope{}, false
	}
	var w struct {
		Result, ActionResult, ErrorMessage, Message json.RawMessage
	}
	if json.Unmarshal(trimmed, &w) != nil {
		return envelope{}, false
	}
	_ = json.Unmarshal(w.Result, &env.Result) // not a string: no Result
	_ = json.Unmarshal(w.ActionResult, &env.ActionResult)
	env.ErrorMessage, env.Message = w.ErrorMessage, w.Message
	return env, true
}

// isAnswer reports whether raw is an answer of the API rather than a
// proxy's page or a cut-off body (answered).
func (d *dialect) isAnswer(raw []byte) bool { return d.answered(answerOf(raw)) }

// answered is the rule of isAnswer: in v2 a JSON object with a Result, in
// v3 any JSON object.
func (d *dialect) answered(env envelope, object bool) bool {
	return object && (d.flat || env.Result != "")
}

// succeeded is the success rule of a 2xx answer (contributing/wire-protocol.md
// §13.1 C2, wire-protocol-v3.md §9.1 V-C2): v2, Result "Success"; v3, Result
// and ActionResult absent or "Success" (any case).
func (d *dialect) succeeded(env envelope) bool {
	if !d.flat {
		return strings.EqualFold(env.Result, "Success")
	}
	return (env.Result == "" || strings.EqualFold(env.Result, "Success")) &&
		(env.ActionResult == "" || strings.EqualFold(env.ActionResult, "Success"))
}

// objectAnswer is the answer of a call that returns one object: a member
// of the answer in v2 ({"Contact":{…}}), the answer itself in v3.
type objectAnswer interface {
	// object is where the object is decoded to.
	object() any
	// objectID is the decoded object's id ("" when the answer had none).
	objectID() string
}

// oneObject does req, whose answer is one object, decoding it into out;
// what names the object ("contact with a ContactID"). An answer without
// the object's id is an *IncompleteAnswerError, and for a create an
// unknown outcome (incomplete): the API may have made it.
func (c *Client) oneObject(ctx context.Context, req request, out objectAnswer, what string) error {
	if err := c.do(ctx, req, out); err != nil {
		return err
	}
	if out.objectID() != "" {
		return nil
	}
	problem := "the answer has no " + what
	if req.method == http.MethodPost {
		return incomplete(req, problem)
	}
	return &IncompleteAnswerError{Method: req.method, Route: req.route, Problem: problem}
}

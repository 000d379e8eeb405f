package gateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The kinds of failure callers act on; test with errors.Is.
var (
	// ErrUnauthorized: wrong sub-account or password (error_code 4) or a
	// disabled sub-account (5).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrNotFound: no record matched (error_code 10).
	ErrNotFound = errors.New("no record found")
	// ErrBadRequest: a missing, malformed or contradictory parameter
	// (error_code 7, 8, 9).
	ErrBadRequest = errors.New("bad request")
	// ErrOutcomeUnknown: the gateway may or may not have carried out an
	// action that changes something; see *UnknownOutcomeError.
	ErrOutcomeUnknown = errors.New("outcome unknown")
	// ErrNoFilter: a bulk action without a filter, which api_v1 applies to
	// every record of the sub-account; the client does not send it.
	ErrNoFilter = errors.New("no filter")
)

// codeTexts are the reference's descriptions of the error codes.
var codeTexts = map[int]string{
	1:  "sub_account not supplied",
	2:  "sub_account_pass not supplied",
	3:  "action not supplied",
	4:  "Incorrect sub_account name or password",
	5:  "The sub-account is currently disabled",
	6:  "Invalid action",
	7:  "missing request parameter",
	8:  "incorrect request parameter",
	9:  "confusing request parameters",
	10: "no record found",
	11: "operation failed",
}

// CodeText returns the reference's description of an error code, or "".
// Code 1 is also what the reference's own sample uses for "insufficient
// credit": the message, not the code, says what happened.
func CodeText(code int) string { return codeTexts[code] }

// APIError is an answer whose error member is set: the gateway says the
// action was not carried out.
type APIError struct {
	// Action is the api_v1 action, e.g. "send_sms".
	Action string
	// Code is error_code as a number (0 when absent or not a number);
	// RawCode is it as sent.
	Code    int
	RawCode string
	// Message is the error text as the gateway sent it (without
	// credentials), or the code's description when the text is empty.
	Message string
}

// Error implements error.
func (e *APIError) Error() string {
	if e.RawCode == "" {
		return fmt.Sprintf("api_v1 %s: %s", e.Action, e.Message)
	}
	return fmt.Sprintf("api_v1 %s: %s (error_code %s)", e.Action, e.Message, e.RawCode)
}

// Is maps the error codes to ErrUnauthorized, ErrNotFound and ErrBadRequest.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Code == 4 || e.Code == 5
	case ErrNotFound:
		return e.Code == 10
	case ErrBadRequest:
		return e.Code >= 7 && e.Code <= 9
	}
	return false
}

// IsUnauthorized, IsNotFound and IsBadRequest are errors.Is shorthands.
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }
func IsNotFound(err error) bool     { return errors.Is(err, ErrNotFound) }
func IsBadRequest(err error) bool   { return errors.Is(err, ErrBadRequest) }

// failure returns the *APIError of an answer, or nil when it succeeded.
// The reference's rule is "error present = failure"; its PHP samples test
// !empty($json['error']), so an empty text, false, null or "0" is no
// failure. An answer with only a non-zero error_code is one.
func (c *Client) failure(action string, obj map[string]json.RawMessage) *APIError {
	rawMsg, hasMsg := obj["error"]
	var code flexString
	if rc, ok := obj["error_code"]; ok {
		_ = code.UnmarshalJSON(rc) // anything unreadable counts as no code
	}
	msg, failed := phpNonEmpty(rawMsg)
	codeText := strings.TrimSpace(string(code))
	if !hasMsg || !failed {
		if codeText == "" || codeText == "0" {
			return nil
		}
		msg = ""
	}
	e := &APIError{Action: action, RawCode: codeText, Message: c.quote(strings.TrimSpace(msg), maxErrorBody)}
	if n, err := strconv.Atoi(codeText); err == nil {
		e.Code = n
	}
	if e.Message == "" {
		e.Message = CodeText(e.Code)
	}
	if e.Message == "" {
		e.Message = "the gateway reported an error without a description"
	}
	return e
}

// phpNonEmpty reads a JSON value the way PHP's !empty() judges it, and
// returns its text.
func phpNonEmpty(raw json.RawMessage) (string, bool) {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	switch x := v.(type) {
	case nil:
		return "", false
	case bool:
		return "error", x
	case string:
		return x, x != "" && x != "0"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), x != 0
	case []any:
		return string(raw), len(x) > 0
	case map[string]any:
		return string(raw), len(x) > 0
	}
	return "", false
}

// HTTPError is an answer with an HTTP status other than 2xx. The
// reference's samples treat any status but 200 as a transport failure.
type HTTPError struct {
	Action     string
	StatusCode int
	// Body is a short excerpt of the answer.
	Body string
	// Location is where a redirect pointed (without its query), which the
	// client does not follow because the request carries the password.
	Location string
}

// Error implements error.
func (e *HTTPError) Error() string {
	if e.StatusCode >= 300 && e.StatusCode < 400 {
		return fmt.Sprintf("api_v1 %s: HTTP %d redirect to %q not followed, because the request carries the "+
			"sub-account password: set the gateway URL to the final address", e.Action, e.StatusCode, e.Location)
	}
	return fmt.Sprintf("api_v1 %s: HTTP %d: %s", e.Action, e.StatusCode, e.Body)
}

// UnknownOutcomeError reports an action that changes something whose
// outcome is unknown: the request may have reached the gateway (a timeout,
// a dropped connection, an HTTP 5xx, an unreadable answer) and was not
// repeated. errors.Is(err, ErrOutcomeUnknown) holds.
type UnknownOutcomeError struct {
	Action string
	// Err is what went wrong.
	Err error
	// Started and Ended bound when the gateway may have acted.
	Started, Ended time.Time
	// Recipients is the number of numbers and contacts a send named, and
	// Groups its contact groups (empty for other actions).
	Recipients int
	Groups     []string
}

// Error implements error; for a send it says what to check before sending
// again.
func (e *UnknownOutcomeError) Error() string {
	if e.Action != "send_sms" {
		return fmt.Sprintf("%v (outcome unknown: the gateway may have carried out %s; the request was not repeated, "+
			"check the sub-account before trying again)", e.Err, e.Action)
	}
	from, to := e.Started.UTC().Truncate(time.Second), e.Ended.UTC().Add(time.Second).Truncate(time.Second)
	named := fmt.Sprintf("%d number(s) or contact(s)", e.Recipients)
	if len(e.Groups) > 0 {
		named += fmt.Sprintf(" and the group(s) %s", strings.Join(e.Groups, ", "))
	}
	return fmt.Sprintf("%v (outcome unknown: the SMS may have been sent. api_v1 has no client message id, so the client "+
		"cannot look the batch up and did not send it again. Before sending again, look for a batch submitted between "+
		"%s and %s UTC (Unix %d to %d; batch ids end in the Unix time of submission; fetch_sms dates are at the "+
		"sub-account's timezone offset) to the %s the send named)",
		e.Err, from.Format("2006-01-02 15:04:05"), to.Format("2006-01-02 15:04:05"), from.Unix(), to.Unix(), named)
}

// Unwrap returns the underlying error.
func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrOutcomeUnknown) hold.
func (e *UnknownOutcomeError) Is(target error) bool { return target == ErrOutcomeUnknown }

func (c *Client) unknownOutcome(in call, started time.Time, err error) error {
	return &UnknownOutcomeError{Action: in.action, Err: err, Started: started, Ended: time.Now(), Recipients: in.recipients, Groups: in.groups}
}

// answerError is a failure to read an answer that had begun.
type answerError struct{ err error }

func (e *answerError) Error() string { return "reading the answer: " + e.err.Error() }
func (e *answerError) Unwrap() error { return e.err }

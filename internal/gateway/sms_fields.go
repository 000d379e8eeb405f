package gateway

// The fields of a send_sms: checked before anything is sent, so a send
// never fails on the gateway for a mistake the client can see.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	senderIDPattern = regexp.MustCompile(`^\d{3,14}$`)
	dialCodePattern = regexp.MustCompile(`^\+?\d{1,4}$`)
	offsetPattern   = regexp.MustCompile(`^[+-]?(\d{1,2})(?:\.(\d{1,2})|:([0-5]\d))?$`)
)

// ValidateSenderID checks a sender_id: 3 to 11 characters, or 3 to 14
// digits when numeric.
func ValidateSenderID(v string) error {
	n := len([]rune(v))
	if senderIDPattern.MatchString(v) || (n >= 3 && n <= 11 && strings.TrimSpace(v) == v) {
		return nil
	}
	return fmt.Errorf("sender id %q must be 3 to 11 characters, or 3 to 14 digits", v)
}

// ValidateSendAt checks a send_at or override_date_time: "2016-04-22
// 13:45", "2016-04-22" or "13:45".
func ValidateSendAt(v string) error {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02", "15:04"} {
		if _, err := time.Parse(layout, v); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%q is not a send time such as 2016-04-22 13:45, 2016-04-22 or 13:45", v)
}

// ValidateDate checks a start_date or end_date: "2016-04-22 13:45",
// "2016-04-22", "28-04-2016 13:45" or "28-04-2016".
func ValidateDate(v string) error {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02", "02-01-2006 15:04", "02-01-2006"} {
		if _, err := time.Parse(layout, v); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%q is not a date such as 2016-04-22 13:45, 2016-04-22, 28-04-2016 13:45 or 28-04-2016", v)
}

// ValidateTimezoneOffset checks an offset in hours from UTC: "+1", "-5",
// "5.5", "+05:30"; from -12 to +14.
func ValidateTimezoneOffset(v string) error {
	m := offsetPattern.FindStringSubmatch(v)
	if m != nil {
		h, _ := strconv.Atoi(m[1])
		minutes := 0
		if m[2] != "" {
			f, _ := strconv.ParseFloat("0."+m[2], 64)
			minutes = int(f * 60)
		}
		if m[3] != "" {
			minutes, _ = strconv.Atoi(m[3])
		}
		total := h*60 + minutes
		if strings.HasPrefix(v, "-") {
			total = -total
		}
		if total >= -12*60 && total <= 14*60 {
			return nil
		}
	}
	return fmt.Errorf("timezone offset %q must be hours from UTC between -12 and +14, such as +1, -5 or +5.5", v)
}

// listField joins names for a comma-separated field; an empty name or one
// holding a comma cannot be expressed and is an error.
func listField(what string, values []string) (string, error) {
	out := make([]string, 0, len(values))
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" || strings.Contains(v, ",") {
			return "", fmt.Errorf("%s %q must not be empty or contain a comma", what, v)
		}
		out = append(out, v)
	}
	return strings.Join(out, ","), nil
}

// fields checks r and returns its form fields.
func (r SendRequest) fields() (url.Values, error) {
	f := url.Values{}
	if strings.TrimSpace(r.Message) == "" {
		return nil, errors.New("the message is empty")
	}
	f.Set("message", r.Message)
	for _, add := range []func(url.Values) error{r.destinationFields, r.contactFields, r.optionFields, r.scheduleFields} {
		if err := add(f); err != nil {
			return nil, err
		}
	}
	if s := strings.TrimSpace(r.SaveAs); s != "" {
		f.Set("save_as", s)
	}
	return f, nil
}

// destinationFields sets recipients, contact_groups and ignore_groups.
func (r SendRequest) destinationFields(f url.Values) error {
	if len(r.Recipients) == 0 && len(r.Contacts) == 0 && len(r.ContactGroups) == 0 {
		return errors.New("no recipients, contacts or contact groups")
	}
	lists := []struct {
		field, what string
		values      []string
	}{
		{"recipients", "recipient", r.Recipients},
		{"contact_groups", "contact group", r.ContactGroups},
		{"ignore_groups", "ignored group", r.IgnoreGroups},
	}
	for _, l := range lists {
		if len(l.values) == 0 {
			continue
		}
		v, err := listField(l.what, l.values)
		if err != nil {
			return err
		}
		f.Set(l.field, v)
	}
	for _, g := range r.ContactGroups {
		if slices.ContainsFunc(r.IgnoreGroups, func(i string) bool { return strings.TrimSpace(g) == strings.TrimSpace(i) }) {
			return fmt.Errorf("group %q is both a contact group and an ignored group", g)
		}
	}
	return nil
}

// contactFields sets contacts, the JSON list of per-contact sends.
func (r SendRequest) contactFields(f url.Values) error {
	if len(r.Contacts) == 0 {
		return nil
	}
	for i, c := range r.Contacts {
		if strings.TrimSpace(c.Phone) == "" {
			return fmt.Errorf("contact %d has no phone", i+1)
		}
		if c.OverrideDateTime == "" {
			continue
		}
		if err := ValidateSendAt(c.OverrideDateTime); err != nil {
			return fmt.Errorf("contact %d: override date and time: %w", i+1, err)
		}
	}
	data, err := json.Marshal(r.Contacts)
	if err != nil {
		return err
	}
	f.Set("contacts", string(data))
	return nil
}

// optionFields sets sender_id, type, unicode, route and default_dial_code.
func (r SendRequest) optionFields(f url.Values) error {
	if r.SenderID != "" {
		if err := ValidateSenderID(r.SenderID); err != nil {
			return err
		}
		f.Set("sender_id", r.SenderID)
	}
	if r.Flash {
		f.Set("type", TypeFlash)
	}
	if r.Unicode {
		f.Set("unicode", "1")
	}
	switch r.Route {
	case RouteStandard:
	case RouteFinancial, RouteCorporate:
		f.Set("route", strconv.Itoa(int(r.Route)))
	default:
		return fmt.Errorf("route %d is not 0 (standard), 1 (financial) or 2 (corporate)", r.Route)
	}
	if r.DefaultDialCode != "" {
		if !dialCodePattern.MatchString(r.DefaultDialCode) {
			return fmt.Errorf("default dial code %q must be 1 to 4 digits", r.DefaultDialCode)
		}
		f.Set("default_dial_code", r.DefaultDialCode)
	}
	return nil
}

// scheduleFields sets send_at and timezone_offset.
func (r SendRequest) scheduleFields(f url.Values) error {
	if r.SendAt != "" {
		if err := ValidateSendAt(r.SendAt); err != nil {
			return err
		}
		f.Set("send_at", r.SendAt)
	}
	if r.TimezoneOffset != "" {
		if err := ValidateTimezoneOffset(r.TimezoneOffset); err != nil {
			return err
		}
		f.Set("timezone_offset", r.TimezoneOffset)
	}
	return nil
}

// How api_v1 reads and writes numbers, offsets, dates, lists and pages
// (README.md, Numbers, times, account).

package mockapi

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

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

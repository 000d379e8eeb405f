// TimeZone names and the layouts of SendTime, dateFrom and dateTo
// (contributing/wire-protocol.md §5.2; README.md, Time zones).

package mockapi

import (
	"strings"
	"time"
)

// windowsZones maps the Windows zone names of contributing/wire-protocol.md §5.2 (lower case) to IANA.
var windowsZones = map[string]string{
	"aus eastern":     "Australia/Sydney",
	"new zealand":     "Pacific/Auckland",
	"e. australia":    "Australia/Brisbane",
	"w. australia":    "Australia/Perth",
	"cen. australia":  "Australia/Adelaide",
	"central pacific": "Pacific/Guadalcanal",
}

// loadZone resolves a TimeZone: empty is the account zone; Windows names
// (optionally with " Standard Time") and IANA names are accepted.
func loadZone(name string) (*time.Location, *apiError) {
	n := strings.TrimSpace(name)
	if n == "" {
		return accountZone, nil
	}
	key := strings.TrimSuffix(strings.ToLower(n), " standard time")
	if iana, ok := windowsZones[key]; ok {
		if loc, err := time.LoadLocation(iana); err == nil {
			return loc, nil
		}
	}
	if !strings.EqualFold(n, "Local") {
		if loc, err := time.LoadLocation(n); err == nil {
			return loc, nil
		}
	}
	return nil, badRequest(`Unknown TimeZone %q: use a Windows name such as "AUS Eastern" or "New Zealand", or an IANA name such as "Australia/Sydney"`, n)
}

var (
	wallLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"}
	zoneLayouts = []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00"}
)

// parseTime parses a SendTime or dateFrom/dateTo value: wall time in loc,
// or RFC 3339 with an offset; dateOnly also allows a bare date.
func parseTime(name, v string, loc *time.Location, dateOnly bool) (time.Time, *apiError) {
	v = strings.TrimSpace(v)
	for _, l := range zoneLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, nil
		}
	}
	for _, l := range wallLayouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			return t, nil
		}
	}
	if dateOnly {
		if t, err := time.ParseInLocation(time.DateOnly, v, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badRequest("Invalid %s %q: use YYYY-MM-DDTHH:MM[:SS], YYYY-MM-DD HH:MM[:SS] or RFC 3339 with an offset", name, v)
}

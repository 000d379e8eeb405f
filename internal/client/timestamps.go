package client

import (
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve on machines without system tzdata (Windows)
)

// timestampLayouts are the layouts the API's documentation and SDKs show
// (contributing/wire-protocol.md §5.1). Strings without a zone are read in
// the location the caller gives: UTC for the …UTC fields, the account's
// zone for local ones.
var timestampLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.000Z",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"02/01/2006 15:04:05",
	"02/01/2006 15:04",
}

// parseTimestamp parses s with the documented layouts, reading a time
// without a zone as UTC; unparseable or empty strings give the zero time.
func parseTimestamp(s string) time.Time {
	return parseTimestampIn(s, time.UTC)
}

// parseTimestampIn is parseTimestamp reading a time without a zone in loc.
// A time in the year 1 is unset: the zero time.
func parseTimestampIn(s string, loc *time.Location) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range timestampLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if t.Year() <= 1 {
				// v3's 0001-01-01: something that never happened
				// (contributing/wire-protocol-v3.md §3.5).
				return time.Time{}
			}
			return t
		}
	}
	return time.Time{}
}

// firstTimestamp returns the first of candidates that parses, reading them
// as UTC. Callers order them from most to least precise: *_RFC3339, *UTC,
// then legacy names.
func firstTimestamp(candidates ...string) time.Time {
	for _, c := range candidates {
		if t := parseTimestamp(c); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// pickTimestamp returns the first of the UTC candidates that parses (…UTC,
// …_RFC3339: preferred whenever the API sends them), else the first local
// candidate that parses, read in the account's zone named by zone (the
// answer's Timezone member; see AccountZone).
func pickTimestamp(zone string, utc []string, local ...string) time.Time {
	if t := firstTimestamp(utc...); !t.IsZero() {
		return t
	}
	loc := AccountZone(zone)
	for _, c := range local {
		if t := parseTimestampIn(c, loc); !t.IsZero() {
			return t.UTC()
		}
	}
	return time.Time{}
}

// timeZones maps the Windows time-zone names the API documents
// (contributing/wire-protocol.md §5.2: AUS Eastern and New Zealand, and the four more of v3) to
// IANA zones. The request member TimeZone takes these names; the Timezone
// member of answers names the zone of their local times.
var timeZones = map[string]string{
	"AUS Eastern":     "Australia/Sydney",
	"New Zealand":     "Pacific/Auckland",
	"E. Australia":    "Australia/Brisbane",
	"W. Australia":    "Australia/Perth",
	"Cen. Australia":  "Australia/Adelaide",
	"Central Pacific": "Pacific/Guadalcanal",
}

// DefaultAccountZone is the zone assumed for local times when an answer
// names none: BestSMS accounts are Australian, and AUS Eastern is the
// zone of every example in the documentation.
const DefaultAccountZone = "AUS Eastern"

// TimeZoneNames returns the Windows time-zone names the API documents, in
// a stable order.
func TimeZoneNames() []string {
	names := make([]string, 0, len(timeZones))
	for n := range timeZones {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// LoadTimeZone resolves a documented Windows time-zone name, compared
// ignoring case and surrounding space and optionally followed by
// " Standard Time" ("AUS Eastern Standard Time"). ok is false for any other
// name.
func LoadTimeZone(name string) (loc *time.Location, ok bool) {
	key := strings.TrimSpace(name)
	if len(key) > len(" standard time") && strings.EqualFold(key[len(key)-len(" standard time"):], " standard time") {
		key = key[:len(key)-len(" standard time")]
	}
	for n, iana := range timeZones {
		if strings.EqualFold(n, key) {
			l, err := time.LoadLocation(iana)
			return l, err == nil
		}
	}
	return nil, false
}

// AccountZone returns the location of an answer's Timezone member: a
// documented Windows name, or an IANA name; anything else (or nothing)
// is DefaultAccountZone.
func AccountZone(zone string) *time.Location {
	if loc, ok := LoadTimeZone(zone); ok {
		return loc
	}
	if z := strings.TrimSpace(zone); z != "" && !strings.EqualFold(z, "Local") {
		if loc, err := time.LoadLocation(z); err == nil {
			return loc
		}
	}
	loc, _ := LoadTimeZone(DefaultAccountZone)
	return loc
}

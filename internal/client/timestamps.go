package client

import (
	"strings"
	"time"
)

// timestampLayouts are the layouts the API's documentation and SDKs show
// (wire reference §5.1). Strings without a zone are read as UTC.
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

// parseTimestamp parses s with the documented layouts; unparseable or empty
// strings give the zero time.
func parseTimestamp(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// firstTimestamp returns the first of candidates that parses. Callers order
// them from most to least precise: *_RFC3339, *UTC, then legacy names.
func firstTimestamp(candidates ...string) time.Time {
	for _, c := range candidates {
		if t := parseTimestamp(c); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// Package groupcode derives a BestSMS GroupCode from a group name the way
// the API documents it: "If GroupCode is not specified, BestSMS API will
// take group name and replace white space into underscore" (contributing/wire-protocol.md
// §9.3). The documentation is silent on leading/trailing and repeated white
// space; this package trims the name and turns each run of white space into
// one underscore, which is what the mock does too.
package groupcode

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// FromName returns the code the API derives from name.
func FromName(name string) string {
	return strings.Join(strings.FieldsFunc(name, unicode.IsSpace), "_")
}

// DotSegment reports whether s, put in a URL path as one segment, may be
// read as "." or ".." by a server or proxy that normalises paths (nginx,
// IIS, ASP.NET): s is a run of dots (trailing spaces aside), or is one once
// percent-decoded (%2E, %2e, also encoded twice), or holds such a part
// between slashes or backslashes, which a server that decodes %2F or reads
// \ as / splits on. A request to …/group/.. reaches the parent path:
// DELETE …/contact/{id}/group/.. deletes the contact
// (contributing/wire-protocol.md §13.1, C1).
func DotSegment(s string) bool {
	for range 3 {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '\\' }) {
			if onlyDots(strings.TrimRight(part, " ")) {
				return true
			}
		}
		decoded, err := url.PathUnescape(s)
		if err != nil || decoded == s {
			break
		}
		s = decoded
	}
	return false
}

func onlyDots(s string) bool {
	return s != "" && strings.Trim(s, ".") == ""
}

// Check returns why code cannot be a GroupCode the provider addresses, or
// nil. v2.03 puts the code in request paths (wire-protocol.md §9.8), so a
// code that is a dot segment (see DotSegment) would address another route.
func Check(code string) error {
	if DotSegment(code) {
		return fmt.Errorf("the group code %q is a dot segment (\".\" or \"..\", also percent-encoded or between "+
			"slashes), which servers resolve as the current or parent path: use letters, digits, \"_\" or \"-\"", code)
	}
	return nil
}

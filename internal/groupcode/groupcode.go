// Package groupcode derives a BestSMS GroupCode from a group name the way
// the API documents it: "If GroupCode is not specified, BestSMS API will
// take group name and replace white space into underscore" (contributing/wire-protocol.md
// §9.3). The documentation is silent on leading/trailing and repeated white
// space; this package trims the name and turns each run of white space into
// one underscore, which is what the mock does too.
//
// It imports nothing of the project, and knows nothing of Terraform or HTTP.
package groupcode

import (
	"strings"
	"unicode"
)

// FromName returns the code the API derives from name.
func FromName(name string) string {
	return strings.Join(strings.FieldsFunc(name, unicode.IsSpace), "_")
}

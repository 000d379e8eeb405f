package phone

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name   string
		number string
		region string
		want   string
	}{
		{"AU mobile national", "0421000001", "AU", "+61421000001"},
		{"AU mobile national with spaces", "0421 000 001", "AU", "+61421000001"},
		{"AU mobile national with separators", "(0421) 000-001", "AU", "+61421000001"},
		{"AU mobile with dots and slash", "0421.000/001", "AU", "+61421000001"},
		{"AU mobile international", "+61421000001", "AU", "+61421000001"},
		{"AU mobile international with spaces", "+61 421 000 001", "AU", "+61421000001"},
		{"surrounding whitespace", "  +61 421 000 001\t", "AU", "+61421000001"},
		{"lower-case region", "0421 000 001", "au", "+61421000001"},
		{"international ignores region", "+61 421 000 001", "NZ", "+61421000001"},
		{"international with unknown region", "+61 421 000 001", "XX", "+61421000001"},
		{"international with empty region", "+61 421 000 001", "", "+61421000001"},
		{"NZ national", "021 444 889", "NZ", "+6421444889"},
		{"NZ international", "+64 21 444 889", "AU", "+6421444889"},
		{"UK national in GB", "020 7946 0958", "GB", "+442079460958"},
		{"UK international", "+44 20 7946 0958", "GB", "+442079460958"},
		{"00 prefix", "0061 421 000 001", "AU", "+61421000001"},
		{"00 prefix without spaces", "0061421000001", "AU", "+61421000001"},
		{"00 prefix NZ read in AU", "0064 21 444 889", "AU", "+6421444889"},
		{"00 prefix is the IDD of GB", "0044 20 7946 0958", "GB", "+442079460958"},
		{"AU international call prefix 0011", "0011 61 421 000 001", "AU", "+61421000001"},
		{"AU 0011 to the US", "0011 1 212 555 0100", "AU", "+12125550100"},
		{"US", "(212) 555-0100", "US", "+12125550100"},
		{"non-geographic +800", "+800 1234 5678", "AU", "+80012345678"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.number, tt.region)
			if err != nil {
				t.Fatalf("Normalize(%q, %q) error: %v", tt.number, tt.region, err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q, %q) = %q, want %q", tt.number, tt.region, got, tt.want)
			}
			if err := Validate(tt.number, tt.region); err != nil {
				t.Errorf("Validate(%q, %q) = %v, want nil", tt.number, tt.region, err)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		name    string
		number  string
		region  string
		reason  Reason
		message string // exact error message, if not empty
		substr  string // part of the error message, if not empty
	}{
		{
			name: "letters", number: "not a number", region: "AU", reason: ReasonNotANumber,
			message: `"not a number" is not a phone number: write it in international format (+61421000001) ` +
				`or in the national format of the provider's default_country (AU), using only digits, spaces and ( ) - . /`,
		},
		{name: "letters among digits (vanity)", number: "0421 ABC 001", region: "AU", reason: ReasonNotANumber},
		{name: "extension", number: "+61 421 000 001 ext 5", region: "AU", reason: ReasonNotANumber},
		{name: "plus in the middle", number: "61+421000001", region: "AU", reason: ReasonNotANumber},
		{name: "double plus", number: "++61421000001", region: "AU", reason: ReasonNotANumber},
		{name: "hash", number: "#61421000001", region: "AU", reason: ReasonNotANumber},
		{name: "separators only", number: "( ) - ", region: "AU", reason: ReasonNotANumber},
		{name: "plus only", number: "+", region: "AU", reason: ReasonNotANumber},
		{
			name: "empty", number: "", region: "AU", reason: ReasonEmpty,
			substr: "phone number is empty: write it in international format (+61421000001)",
		},
		{name: "blank", number: "   ", region: "AU", reason: ReasonEmpty},
		{
			name: "too short international", number: "+61 42", region: "AU", reason: ReasonTooShort,
			message: `"+61 42" is too short to be a phone number in AU`,
		},
		{
			name: "too short national", number: "042", region: "AU", reason: ReasonTooShort,
			message: `"042" is too short to be a phone number in AU`,
		},
		{name: "single digit", number: "4", region: "AU", reason: ReasonTooShort},
		{name: "country code only", number: "+1", region: "AU", reason: ReasonTooShort},
		{name: "too short 00", number: "0061 42", region: "AU", reason: ReasonTooShort},
		{
			name: "too long international", number: "+61 4210000011234567", region: "AU", reason: ReasonTooLong,
			message: `"+61 4210000011234567" is too long to be a phone number in AU`,
		},
		{
			name: "too long national", number: "0421 000 001 123 456 789", region: "AU", reason: ReasonTooLong,
			substr: "is too long to be a phone number in AU",
		},
		{
			name: "too short non-geographic", number: "+800 1234", region: "AU", reason: ReasonTooShort,
			message: `"+800 1234" is too short to be a phone number with country code +800`,
		},
		{
			name: "invalid country code", number: "+999 1234 5678", region: "AU", reason: ReasonInvalidCountryCode,
			substr: `"+999 1234 5678" does not start with a valid country calling code`,
		},
		{name: "invalid country code with 00", number: "00999 1234 5678", region: "AU", reason: ReasonInvalidCountryCode},
		{
			name: "national without region", number: "0421 000 001", region: "", reason: ReasonUnknownRegion,
			substr: "no default_country is set",
		},
		{
			name: "national in unknown region", number: "0421 000 001", region: "xx", reason: ReasonUnknownRegion,
			substr: `"XX" is not a known country`,
		},
		{name: "national in ZZ", number: "0421 000 001", region: "ZZ", reason: ReasonUnknownRegion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.number, tt.region)
			if err == nil {
				t.Fatalf("Normalize(%q, %q) = %q, want error", tt.number, tt.region, got)
			}
			if got != "" {
				t.Errorf("Normalize(%q, %q) returned %q with its error, want \"\"", tt.number, tt.region, got)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			if pe.Reason != tt.reason {
				t.Errorf("reason = %v, want %v (message %q)", pe.Reason, tt.reason, err)
			}
			if pe.Number != tt.number {
				t.Errorf("Error.Number = %q, want %q", pe.Number, tt.number)
			}
			if tt.message != "" && err.Error() != tt.message {
				t.Errorf("message = %q\nwant      %q", err, tt.message)
			}
			if tt.substr != "" && !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("message = %q, want it to contain %q", err, tt.substr)
			}
			if verr := Validate(tt.number, tt.region); verr == nil || verr.Error() != err.Error() {
				t.Errorf("Validate(%q, %q) = %v, want %v", tt.number, tt.region, verr, err)
			}
		})
	}
}

func TestErrorMessagesNameWhatIsAllowed(t *testing.T) {
	for _, reason := range []Reason{
		ReasonEmpty, ReasonNotANumber, ReasonInvalidCountryCode, ReasonUnknownRegion,
	} {
		msg := (&Error{Number: "x", Region: "AU", Reason: reason}).Error()
		if !strings.Contains(msg, "international format") || !strings.Contains(msg, "(+61421000001)") {
			t.Errorf("%v: message %q does not show the international format", reason, msg)
		}
		if !strings.Contains(msg, "default_country") {
			t.Errorf("%v: message %q does not mention default_country", reason, msg)
		}
	}
}

func TestReasonString(t *testing.T) {
	tests := map[Reason]string{
		ReasonEmpty:              "empty",
		ReasonNotANumber:         "not a number",
		ReasonTooShort:           "too short",
		ReasonTooLong:            "too long",
		ReasonInvalidLength:      "invalid length",
		ReasonInvalidCountryCode: "invalid country code",
		ReasonUnknownRegion:      "unknown region",
		ReasonNotValid:           "not valid",
		Reason(0):                "Reason(0)",
	}
	for r, want := range tests {
		if got := r.String(); got != want {
			t.Errorf("Reason(%d).String() = %q, want %q", int(r), got, want)
		}
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		// identical strings
		{"+61421000001", "+61421000001", true},
		{"0421 000 001", "0421 000 001", true},
		{"not a number", "not a number", true},
		{"", "", true},
		// mixed national / international: which number a national one is
		// depends on the region (EqualIn)
		{"0421 000 001", "+61 421 000 001", false},
		{"0421 000 001", "+61421000001", false},
		{"+61 421 000 001", "+61421000001", true},
		{"0061 421 000 001", "+61421000001", true},
		{"(0421) 000-001", "+61421000001", false},
		{"0061 421 000 001", "0421 000 001", false},
		{"020 7946 0958", "+44 20 7946 0958", false},
		{"+64 21 444 889", "021 444 889", false},
		{"+61421000002", "+61421000001", false},
		// different countries
		{"+64 21 444 889", "0421 000 001", false},
		{"0421 000 001", "+64 21 444 889", false},
		{"+61421000001", "+64421000001", false},
		{"+64 21 444 889", "+61 421 000 001", false},
		// both national: digits compared
		{"0421 000 001", "0421000001", true},
		{"0421-000-001", "(0421) 000.001", true},
		{"021 444 889", "021444889", true},
		{"0421 000 001", "0421 000 002", false},
		{"0421 000 001", "421 000 001", false},
		// unparseable
		{"not a number", "not a  number", false},
		{"abc", "0421 000 001", false},
		{"+61 abc", "+61421000001", false},
		{"+61421000001", "+61 abc", false},
		{"+999 1234 5678", "+99912345678", false},
		{"+61 42", "042", false},
		{"+61421000001", "", false},
		{"", " ", false},
		{"0421 000 001", "0421 000 001 ext 5", false},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := Equal(tt.b, tt.a); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v, want %v (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestValidRegion(t *testing.T) {
	tests := []struct {
		region string
		want   bool
	}{
		{"AU", true},
		{"au", true},
		{"Nz", true},
		{"GB", true},
		{"US", true},
		{"XX", false},
		{"ZZ", false},
		{"001", false},
		{"", false},
		{"AUS", false},
		{"UK", false},
	}
	for _, tt := range tests {
		if got := ValidRegion(tt.region); got != tt.want {
			t.Errorf("ValidRegion(%q) = %v, want %v", tt.region, got, tt.want)
		}
	}
}

func TestPlausible(t *testing.T) {
	tests := []struct {
		number string
		reason Reason // 0: plausible
	}{
		{"+61421000001", 0},
		{"+61 421 000 001", 0},
		{"0061 421 000 001", 0},
		{"+64 21 444 889", 0},
		{"+44 20 7946 0958", 0},
		{"0421 000 001", 0},
		{"(0421) 000-001", 0},
		{"0421.000/001", 0},
		{"123", 0},
		{"12", ReasonTooShort},
		{"1-2", ReasonTooShort},
		{"", ReasonEmpty},
		{"  ", ReasonEmpty},
		{"abc", ReasonNotANumber},
		{"0421 ABC 001", ReasonNotANumber},
		{"0421 000 001 ext 5", ReasonNotANumber},
		{"0421_000_001", ReasonNotANumber},
		{"+61 42", ReasonTooShort},
		{"+61 4210000011234567", ReasonTooLong},
		{"+999 1234 5678", ReasonInvalidCountryCode},
		{"+61 abc", ReasonNotANumber},
	}
	for _, tt := range tests {
		err := Plausible(tt.number)
		if tt.reason == 0 {
			if err != nil {
				t.Errorf("Plausible(%q) = %v, want nil", tt.number, err)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Plausible(%q) = %v (%T), want *Error", tt.number, err, err)
			continue
		}
		if pe.Reason != tt.reason {
			t.Errorf("Plausible(%q) reason = %v, want %v (%v)", tt.number, pe.Reason, tt.reason, err)
		}
	}
}

func TestPlausibleMessages(t *testing.T) {
	tests := map[string]string{
		"12":     `"12" is too short to be a phone number`,
		"+61 42": `"+61 42" is too short to be a phone number in AU`,
		"abc": `"abc" is not a phone number: write it in international format (+61421000001) ` +
			`or in the national format of the provider's default_country, using only digits, spaces and ( ) - . /`,
	}
	for number, want := range tests {
		if err := Plausible(number); err == nil || err.Error() != want {
			t.Errorf("Plausible(%q) = %v, want %q", number, err, want)
		}
	}
}

// A number that normalizes in a region is EqualIn that region to its
// normalized form.
func TestNormalizedIsEqualIn(t *testing.T) {
	for _, number := range []string{"0421 000 001", "+61 421 000 001", "0061421000001", "(0421) 000-001"} {
		e164, err := Normalize(number, "AU")
		if err != nil {
			t.Fatalf("Normalize(%q): %v", number, err)
		}
		if !EqualIn(number, e164, "AU") {
			t.Errorf("EqualIn(%q, %q, AU) = false, want true", number, e164)
		}
	}
}

func TestEqualIn(t *testing.T) {
	tests := []struct {
		a, b, region string
		want         bool
	}{
		{"0421 000 001", "+61421000001", "AU", true},
		{"0421 000 001", "+61421000001", "au", true},
		{"0421 000 001", "0421000001", "AU", true},
		{"0421 000 001", "421 000 001", "AU", true}, // the trunk prefix is optional in AU
		{"+61 421 000 001", "+61421000001", "NZ", true},
		{"0421 000 001", "+61421000001", "NZ", false},
		// The numbers of the issue: read in NZ, 021 555 123 is not +6121555123.
		{"021 555 123", "+6121555123", "NZ", false},
		{"021 555 123", "+6421555123", "NZ", true},
		// ... but it is in AU: comparing does not ask for valid numbers.
		{"021 555 123", "+6121555123", "AU", true},
		{"020 7946 0958", "+44 20 7946 0958", "GB", true},
		{"0421 000 001", "+61421000001", "", false}, // no region to read the national number in
		{"not a number", "not a number", "AU", true},
		{"abc", "+61421000001", "AU", false},
		{"", "+61421000001", "AU", false},
	}
	for _, tt := range tests {
		if got := EqualIn(tt.a, tt.b, tt.region); got != tt.want {
			t.Errorf("EqualIn(%q, %q, %q) = %v, want %v", tt.a, tt.b, tt.region, got, tt.want)
		}
		if got := EqualIn(tt.b, tt.a, tt.region); got != tt.want {
			t.Errorf("EqualIn(%q, %q, %q) = %v, want %v (symmetry)", tt.b, tt.a, tt.region, got, tt.want)
		}
	}
}

// The rules of the package documentation, with the numbers of the issue
// that found the hole: with default_country AU, numbers of other countries
// written in their national format must not become wrong AU numbers.
func TestCheckValidity(t *testing.T) {
	tests := []struct {
		number, region string
		want           string // E.164 when accepted
		warn           bool   // accepted with a warning
		reason         Reason // 0: accepted
	}{
		// accepted without a word
		{"0421 000 001", "AU", "+61421000001", false, 0},
		{"02 9876 5432", "AU", "+61298765432", false, 0},
		{"+64 21 555 1234", "AU", "+64215551234", false, 0},
		{"+1 650 253 0000", "AU", "+16502530000", false, 0},
		{"021 555 123", "NZ", "+6421555123", false, 0},
		{"0011 61 421 000 001", "AU", "+61421000001", false, 0},
		{"+800 1234 5678", "AU", "+80012345678", false, 0},
		// another country's code, possible but not known as valid: warning
		{"+44 7700 900123", "AU", "+447700900123", true, 0},
		{"0044 7700 900123", "AU", "+447700900123", true, 0},
		// national numbers that are not valid in the region: errors
		{"07700 900123", "AU", "", false, ReasonNotValid},   // UK
		{"021 555 123", "AU", "", false, ReasonNotValid},    // NZ
		{"(415) 555-0123", "AU", "", false, ReasonNotValid}, // US
		{"12345", "AU", "", false, ReasonNotValid},
		{"98765432", "AU", "", false, ReasonNotValid},
		{"0421 00", "AU", "", false, ReasonNotValid},
		// the region's own country code: must be valid too
		{"+61 421 000 001 2", "AU", "", false, ReasonNotValid},
		{"+6121555123", "AU", "", false, ReasonNotValid},
		{"0061 421 000 001 2", "AU", "", false, ReasonNotValid},
		// ... but only there: in NZ, +61 is a foreign code
		{"+61 421 000 001 2", "NZ", "+614210000012", true, 0},
		// not possible at all
		{"+61 42", "AU", "", false, ReasonTooShort},
		{"+999 1234 5678", "AU", "", false, ReasonInvalidCountryCode},
	}
	for _, tt := range tests {
		e164, warning, err := Check(tt.number, tt.region)
		if tt.reason != 0 {
			var pe *Error
			if !errors.As(err, &pe) || pe.Reason != tt.reason {
				t.Errorf("Check(%q, %q) = %q, %q, %v; want reason %v", tt.number, tt.region, e164, warning, err, tt.reason)
			}
			if e164 != "" || warning != "" {
				t.Errorf("Check(%q, %q) returned %q / %q with its error", tt.number, tt.region, e164, warning)
			}
			if verr := Validate(tt.number, tt.region); verr == nil || verr.Error() != err.Error() {
				t.Errorf("Validate(%q, %q) = %v, want %v", tt.number, tt.region, verr, err)
			}
			continue
		}
		if err != nil || e164 != tt.want || (warning != "") != tt.warn {
			t.Errorf("Check(%q, %q) = %q, warning %q, %v; want %q (warning: %v)", tt.number, tt.region, e164, warning, err, tt.want, tt.warn)
		}
		if n, err := Normalize(tt.number, tt.region); err != nil || n != tt.want {
			t.Errorf("Normalize(%q, %q) = %q, %v", tt.number, tt.region, n, err)
		}
	}
}

func TestNotValidMessages(t *testing.T) {
	_, _, err := Check("021 555 123", "AU")
	want := `"021 555 123" is not a valid phone number in AU, the provider's default_country, where national numbers are read ` +
		`(it would be +6121555123, which is not in use there): write numbers of other countries in international format, ` +
		`with + and the country code (+44 7700 900123 for a UK number, +64 21 555 1234 for a New Zealand one)`
	if err == nil || err.Error() != want {
		t.Errorf("national message =\n%v\nwant\n%s", err, want)
	}
	_, _, err = Check("+61 421 000 001 2", "au")
	want = `"+61 421 000 001 2" is not a valid AU phone number (+614210000012 is not in use in AU's numbering plan): ` +
		`check the digits. Numbers with the country code of the provider's default_country must be valid numbers of AU`
	if err == nil || err.Error() != want {
		t.Errorf("international message =\n%v\nwant\n%s", err, want)
	}
	_, warning, _ := Check("+44 7700 900123", "AU")
	for _, part := range []string{`"+44 7700 900123" (+447700900123)`, "for GB", "not know it as a valid number", "used as written"} {
		if !strings.Contains(warning, part) {
			t.Errorf("warning %q lacks %q", warning, part)
		}
	}
	_, warning, _ = Check("+882 1234 5678", "AU")
	if !strings.Contains(warning, "non-geographic country code +882") {
		t.Errorf("warning %q does not name the non-geographic code", warning)
	}
}

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
		// mixed national / international
		{"0421 000 001", "+61 421 000 001", true},
		{"0421 000 001", "+61421000001", true},
		{"+61 421 000 001", "+61421000001", true},
		{"+61421000001", "0421000001", true},
		{"(0421) 000-001", "+61421000001", true},
		{"0061 421 000 001", "0421 000 001", true},
		{"0061 421 000 001", "+61421000001", true},
		{"020 7946 0958", "+44 20 7946 0958", true},
		{"+64 21 444 889", "021 444 889", true},
		{"0421 000 002", "+61421000001", false},
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

// A number that is plausible and normalizes in a region is Equal to its
// normalized form.
func TestNormalizedIsEqual(t *testing.T) {
	for _, number := range []string{"0421 000 001", "+61 421 000 001", "0061421000001", "(0421) 000-001"} {
		e164, err := Normalize(number, "AU")
		if err != nil {
			t.Fatalf("Normalize(%q): %v", number, err)
		}
		if !Equal(number, e164) {
			t.Errorf("Equal(%q, %q) = false, want true", number, e164)
		}
	}
}

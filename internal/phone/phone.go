// Package phone parses, validates, normalizes and compares the phone numbers
// that the provider sends SMS messages to.
//
// Numbers are accepted in two shapes:
//
//   - international format: a leading "+" (or the common "00" international
//     call prefix) followed by the country calling code and the national
//     number, e.g. "+61 421 000 001" or "0061 421 000 001";
//   - national format, read in a region (an ISO 3166-1 alpha-2 code such as
//     "AU", normally the provider's default_country), e.g. "0421 000 001".
//
// Besides the digits 0-9 and the leading "+", only whitespace and the
// separators ( ) - . / are allowed. Letters are rejected: vanity numbers such
// as "1-800-FLOWERS" and extensions such as "ext. 12" cannot receive SMS.
//
// Which numbers are accepted (Check, Normalize, Validate):
//
//   - a national number must be a valid number of the region it is read in:
//     "021 555 123" read in AU would be +6121555123, which no AU number is,
//     so it is rejected instead of becoming a wrong Australian number;
//   - an international number with the region's own country code (+61 for
//     AU) must be valid too: it is a number of the same country, written
//     differently;
//   - any other international number must be possible (a country code that
//     exists, a length that its country uses); when libphonenumber does not
//     know it as valid, it is accepted with a warning, because its metadata
//     lags new number ranges and an explicit +CC is the writer's decision.
//
// Normalized numbers are in E.164 format ("+61421000001"). Parsing and the
// length and validity rules come from libphonenumber
// (github.com/nyaruka/phonenumbers).
package phone

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Example is the international-format number used in error messages.
const Example = "+61421000001"

// foreignExamples shows numbers of other countries in international format.
const foreignExamples = "+44 7700 900123 for a UK number, +64 21 555 1234 for a New Zealand one"

// unknownRegion is libphonenumber's region code for "no region": numbers
// parsed in it must be in international format.
const unknownRegion = "ZZ"

// nonGeoRegion is the region libphonenumber reports for country calling
// codes that belong to no country (e.g. +800 international freephone).
const nonGeoRegion = "001"

// Reason classifies why a phone number was rejected.
type Reason int

// Reasons for rejecting a phone number.
const (
	// ReasonEmpty: the number is empty or only whitespace.
	ReasonEmpty Reason = iota + 1
	// ReasonNotANumber: the number contains characters other than digits,
	// a leading "+", whitespace and ( ) - . /, or no digits at all.
	ReasonNotANumber
	// ReasonTooShort: the number has too few digits.
	ReasonTooShort
	// ReasonTooLong: the number has too many digits.
	ReasonTooLong
	// ReasonInvalidLength: the number is neither too short nor too long,
	// but no number in its region has that many digits.
	ReasonInvalidLength
	// ReasonInvalidCountryCode: an international number starts with a
	// country calling code that does not exist (e.g. "+999").
	ReasonInvalidCountryCode
	// ReasonUnknownRegion: a national number was given, but the region to
	// read it in is empty or unknown.
	ReasonUnknownRegion
	// ReasonNotValid: the number is possible, but not a valid number of
	// the region it must belong to: a national number, or an
	// international one with the region's own country code.
	ReasonNotValid
)

// String returns a short lower-case name for the reason.
func (r Reason) String() string {
	switch r {
	case ReasonEmpty:
		return "empty"
	case ReasonNotANumber:
		return "not a number"
	case ReasonTooShort:
		return "too short"
	case ReasonTooLong:
		return "too long"
	case ReasonInvalidLength:
		return "invalid length"
	case ReasonInvalidCountryCode:
		return "invalid country code"
	case ReasonUnknownRegion:
		return "unknown region"
	case ReasonNotValid:
		return "not valid"
	default:
		return fmt.Sprintf("Reason(%d)", int(r))
	}
}

// Error is the error returned for a number that cannot be used. Its message
// is written for the end user: it quotes the number and says what is allowed.
type Error struct {
	// Number is the input exactly as given.
	Number string
	// Region is the region the number was read in: the caller's region
	// (upper-cased) for national numbers, the region of the country calling
	// code for international ones ("001" for non-geographic codes such as
	// +800), or "" when unknown.
	Region string
	// CountryCode is the country calling code the number was read with, or
	// 0 when unknown.
	CountryCode int
	// Reason says why the number was rejected.
	Reason Reason
	// E164 is what the number would be in E.164 when it could be read
	// (ReasonNotValid), else "".
	E164 string
	// International reports whether the number was written with a country
	// code (a leading "+" or international call prefix).
	International bool
}

// Error implements the error interface.
func (e *Error) Error() string {
	q := quote(e.Number)
	switch e.Reason {
	case ReasonEmpty:
		return "phone number is empty: " + e.howTo()
	case ReasonTooShort:
		return q + " is too short to be a phone number" + e.where()
	case ReasonTooLong:
		return q + " is too long to be a phone number" + e.where()
	case ReasonInvalidLength:
		return q + " does not have the right number of digits for a phone number" + e.where()
	case ReasonInvalidCountryCode:
		return q + " does not start with a valid country calling code: write it in international format " +
			"with the country code after the + (" + Example + ") or in the national format of the provider's default_country"
	case ReasonUnknownRegion:
		if e.Region == "" {
			return q + " is not in international format and no default_country is set to read it in: " +
				"write it in international format (" + Example + ") or set the provider's default_country " +
				"to an ISO 3166-1 alpha-2 country code such as AU, NZ or GB"
		}
		return fmt.Sprintf("%s is not in international format and %q is not a known country to read it in: "+
			"write it in international format (%s) or set the provider's default_country "+
			"to an ISO 3166-1 alpha-2 country code such as AU, NZ or GB", q, e.Region, Example)
	case ReasonNotValid:
		if e.International {
			return fmt.Sprintf("%s is not a valid %s phone number (%s is not in use in %s's numbering plan): check the digits. "+
				"Numbers with the country code of the provider's default_country must be valid numbers of %s", q, e.Region, e.E164, e.Region, e.Region)
		}
		return fmt.Sprintf("%s is not a valid phone number in %s, the provider's default_country, where national numbers are read "+
			"(it would be %s, which is not in use there): write numbers of other countries in international format, "+
			"with + and the country code (%s)", q, e.Region, e.E164, foreignExamples)
	default: // ReasonNotANumber
		return q + " is not a phone number: " + e.howTo()
	}
}

// howTo explains which formats are accepted.
func (e *Error) howTo() string {
	national := "in the national format of the provider's default_country"
	if e.Region != "" && e.Region != nonGeoRegion && ValidRegion(e.Region) {
		national += " (" + e.Region + ")"
	}
	return "write it in international format (" + Example + ") or " + national +
		", using only digits, spaces and ( ) - . /"
}

// where names the region (or country calling code) the number was read in.
func (e *Error) where() string {
	switch {
	case e.Region != "" && e.Region != nonGeoRegion && e.Region != unknownRegion:
		return " in " + e.Region
	case e.CountryCode != 0:
		return fmt.Sprintf(" with country code +%d", e.CountryCode)
	default:
		return ""
	}
}

// Check reads number by the rules of the package documentation and returns
// it in E.164 format ("+61421000001").
//
// An international number (leading "+" or "00") is read on its own; a
// national number is read in region, an ISO 3166-1 alpha-2 code such as "AU"
// (case-insensitive). A leading "00" is taken as the international call
// prefix, unless region's own international prefix explains it (for example
// "0011 61 421 000 001" in AU).
//
// warning is not empty when the number is accepted although libphonenumber
// does not know it as valid (an international number of another country).
// The error is an *Error when the number cannot be parsed, is not possible,
// or is not valid where it must be.
func Check(number, region string) (e164, warning string, err error) {
	region = strings.ToUpper(strings.TrimSpace(region))
	n, err := parse(number, region)
	if err != nil {
		return "", "", err
	}
	e164 = phonenumbers.Format(n, phonenumbers.E164)
	if phonenumbers.IsValidNumber(n) {
		return e164, "", nil
	}
	intl := isInternational(number)
	home := ValidRegion(region) && int(n.GetCountryCode()) == phonenumbers.GetCountryCodeForRegion(region)
	if !intl || home {
		return "", "", &Error{
			Number: number, Region: region, CountryCode: int(n.GetCountryCode()), Reason: ReasonNotValid,
			E164: e164, International: intl,
		}
	}
	where := regionOf(n)
	switch where {
	case unknownRegion, "":
		where = fmt.Sprintf("country code +%d", n.GetCountryCode())
	case nonGeoRegion:
		where = fmt.Sprintf("the non-geographic country code +%d", n.GetCountryCode())
	}
	return e164, fmt.Sprintf("%s (%s) has a possible length for %s, but libphonenumber does not know it as a valid number "+
		"there; it is used as written. Check the digits; a number from a range newer than libphonenumber's data is fine",
		quote(number), e164, where), nil
}

// Normalize is Check without the warning.
func Normalize(number, region string) (string, error) {
	e164, _, err := Check(number, region)
	return e164, err
}

// Validate reports whether Check would accept number in region: it returns
// nil or the *Error that Check would return.
func Validate(number, region string) error {
	_, _, err := Check(number, region)
	return err
}

// Equal reports whether a and b denote the same phone number as far as can
// be told without a region:
//
//   - identical strings are equal;
//   - two international numbers are equal when their E.164 forms are;
//   - two national numbers are equal when their digits are, ignoring
//     whitespace and ( ) - . /;
//   - a national and an international number are not equal: which number
//     the national one is depends on the region it is read in (EqualIn);
//   - a number that cannot be parsed equals only an identical string.
//
// So "+61 421 000 001" and "+61421000001" are equal, and "0421 000 001" and
// "0421000001" are, but "0421 000 001" and "+61421000001" are only equal in
// AU (EqualIn). Two national numbers written with and without the national
// trunk prefix ("0421 000 001" and "421 000 001") are not equal.
func Equal(a, b string) bool {
	if a == b {
		return true
	}
	switch ia, ib := isInternational(a), isInternational(b); {
	case ia && ib:
		return EqualIn(a, b, unknownRegion)
	case ia || ib:
		return false
	default:
		da, okA := nationalDigits(a)
		db, okB := nationalDigits(b)
		return okA && okB && da == db
	}
}

// EqualIn reports whether a and b denote the same phone number when
// national numbers are read in region: identical strings are equal, and
// otherwise both must be possible numbers with the same E.164 form. Unlike
// Check it does not ask for valid numbers, so that a number stored before
// the rules were tightened can still be compared.
func EqualIn(a, b, region string) bool {
	if a == b {
		return true
	}
	region = strings.ToUpper(strings.TrimSpace(region))
	na, err := parse(a, region)
	if err != nil {
		return false
	}
	nb, err := parse(b, region)
	if err != nil {
		return false
	}
	return phonenumbers.Format(na, phonenumbers.E164) == phonenumbers.Format(nb, phonenumbers.E164)
}

// ValidRegion reports whether region (case-insensitive) is an ISO 3166-1
// alpha-2 code that libphonenumber has numbering rules for, e.g. "AU" or
// "au". It is meant for validating the provider's default_country.
func ValidRegion(region string) bool {
	return phonenumbers.GetSupportedRegions()[strings.ToUpper(region)]
}

// Plausible checks number without knowing the region it will be read in, so
// it can run at validation time before the provider's default_country is
// known. International numbers (leading "+" or "00") must be possible
// numbers; national numbers must consist of digits, whitespace and
// ( ) - . / only and contain at least 3 digits. Whether the number is valid
// is left to Check, which knows the region. The error is an *Error.
func Plausible(number string) error {
	if isInternational(number) {
		_, err := parse(number, unknownRegion)
		return err
	}
	if err := checkChars(number, ""); err != nil {
		return err
	}
	if digits, _ := nationalDigits(number); len(digits) < 3 {
		return &Error{Number: number, Reason: ReasonTooShort}
	}
	return nil
}

// parse reads number in region and checks that the result is a possible
// number. All errors are *Error.
func parse(number, region string) (*phonenumbers.PhoneNumber, error) {
	region = strings.ToUpper(strings.TrimSpace(region))
	if err := checkChars(number, region); err != nil {
		return nil, err
	}
	trimmed := strings.TrimSpace(number)
	if !strings.HasPrefix(trimmed, "00") {
		return parseAs(number, trimmed, region)
	}
	// "00" is the international call prefix in most of the world, but not
	// everywhere (AU uses 0011, US 011). Let libphonenumber apply region's
	// own international prefix first, and only trust it if it really found
	// one: otherwise a national reading such as "+61 0061 421 000 001" may
	// pass the loose length checks. Failing that, read "00" as "+".
	if region != unknownRegion && ValidRegion(region) {
		n, err := phonenumbers.ParseAndKeepRawInput(trimmed, region)
		if err == nil && n.GetCountryCodeSource() == phonenumbers.PhoneNumber_FROM_NUMBER_WITH_IDD &&
			phonenumbers.IsPossibleNumber(n) {
			return n, nil
		}
	}
	return parseAs(number, "+"+trimmed[2:], region)
}

// parseAs parses text (number, possibly rewritten) in region, reporting
// errors against the original number.
func parseAs(number, text, region string) (*phonenumbers.PhoneNumber, error) {
	fail := func(reason Reason) error {
		return &Error{Number: number, Region: region, Reason: reason}
	}
	n, err := phonenumbers.Parse(text, region)
	switch {
	case err == nil:
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		if strings.HasPrefix(text, "+") {
			return nil, fail(ReasonInvalidCountryCode)
		}
		return nil, fail(ReasonUnknownRegion)
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return nil, fail(ReasonTooLong)
	default:
		// ErrTooShortNSN, ErrTooShortAfterIDD, and ErrNotANumber, which
		// libphonenumber also returns for a single digit: checkChars has
		// already ruled out anything that is not a number at all.
		if strings.HasPrefix(text, "+") {
			// The country code is unknown, so is the region.
			region = ""
		}
		return nil, &Error{Number: number, Region: region, Reason: ReasonTooShort}
	}

	e := &Error{Number: number, Region: regionOf(n), CountryCode: int(n.GetCountryCode())}
	switch phonenumbers.IsPossibleNumberWithReason(n) {
	case phonenumbers.IS_POSSIBLE, phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
		return n, nil
	case phonenumbers.INVALID_COUNTRY_CODE:
		e.Reason = ReasonInvalidCountryCode
	case phonenumbers.TOO_SHORT:
		e.Reason = ReasonTooShort
	case phonenumbers.TOO_LONG:
		e.Reason = ReasonTooLong
	default:
		e.Reason = ReasonInvalidLength
	}
	return nil, e
}

// checkChars rejects numbers that are empty, contain no digits, or contain
// characters other than digits 0-9, whitespace, ( ) - . / and one leading
// "+". region is only used for the error message.
func checkChars(number, region string) error {
	trimmed := strings.TrimSpace(number)
	if trimmed == "" {
		return &Error{Number: number, Region: region, Reason: ReasonEmpty}
	}
	digits := 0
	for i, r := range trimmed {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, isSeparator(r):
		default:
			return &Error{Number: number, Region: region, Reason: ReasonNotANumber}
		}
	}
	if digits == 0 {
		return &Error{Number: number, Region: region, Reason: ReasonNotANumber}
	}
	return nil
}

// isSeparator reports whether r may appear between the digits of a number.
func isSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '\u00a0', '(', ')', '-', '.', '/':
		return true
	}
	return false
}

// isInternational reports whether number is written in international format:
// it starts with "+" or the international call prefix "00".
func isInternational(number string) bool {
	s := strings.TrimSpace(number)
	return strings.HasPrefix(s, "+") || strings.HasPrefix(s, "00")
}

// nationalDigits returns the digits of a national number and whether it is a
// well-formed one (only digits and separators, at least one digit).
func nationalDigits(number string) (string, bool) {
	if isInternational(number) || checkChars(number, "") != nil {
		return "", false
	}
	var b strings.Builder
	for _, r := range number {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String(), true
}

// regionOf returns the region of n: the specific region for a valid number,
// otherwise the main region of its country calling code ("001" for
// non-geographic codes, "ZZ" for unknown ones).
func regionOf(n *phonenumbers.PhoneNumber) string {
	if r := phonenumbers.GetRegionCodeForNumber(n); r != "" {
		return r
	}
	return phonenumbers.GetRegionCodeForCountryCode(int(n.GetCountryCode()))
}

// quoteMax is how many characters of a number an error quotes: enough for
// any phone number, while a value of megabytes is not repeated whole.
const quoteMax = 40

// quote quotes a number for an error message, cut to quoteMax characters.
func quote(number string) string {
	if r := []rune(number); len(r) > quoteMax {
		return fmt.Sprintf("%q… (%d characters)", string(r[:quoteMax]), len(r))
	}
	return fmt.Sprintf("%q", number)
}

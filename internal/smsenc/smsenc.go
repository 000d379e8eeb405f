// Package smsenc works out how an SMS text is encoded and how many message
// segments it is sent as, following 3GPP TS 23.038 (the GSM 7-bit default
// alphabet and its extension table) and TS 23.040 (concatenated messages).
//
// A text is sent in the GSM 7-bit default alphabet (GSM-7) when every
// character is in the alphabet's basic table or its extension table; any other
// character makes the whole text UCS-2 (UTF-16).
//
// A single message holds 140 octets: 160 GSM-7 septets or 70 UCS-2 code
// units. Longer texts are split into concatenated segments, each of which
// loses 6 octets to the user data header, leaving 153 septets or 67 code
// units. A character is never split across two segments: neither the escape
// septet from the character that follows it, nor the two halves of a UTF-16
// surrogate pair. Segments are therefore counted by packing the characters
// greedily, not by dividing the length.
//
// It imports nothing of the project, and knows nothing of Terraform or HTTP.
package smsenc

import "unicode/utf8"

// Encoding is the character encoding an SMS text is sent in.
type Encoding string

// Encodings.
const (
	// GSM7 is the GSM 7-bit default alphabet with its extension table
	// (3GPP TS 23.038 section 6.2.1).
	GSM7 Encoding = "GSM-7"
	// UCS2 is 16-bit UCS-2, in practice UTF-16 (3GPP TS 23.038 section 5).
	UCS2 Encoding = "UCS-2"
)

// Message capacities, in septets (GSM-7) or UTF-16 code units (UCS-2).
const (
	// GSM7Single is the capacity of a single, unsegmented GSM-7 message.
	GSM7Single = 160
	// GSM7Multipart is the capacity of one segment of a concatenated
	// GSM-7 message.
	GSM7Multipart = 153
	// UCS2Single is the capacity of a single, unsegmented UCS-2 message.
	UCS2Single = 70
	// UCS2Multipart is the capacity of one segment of a concatenated UCS-2
	// message.
	UCS2Multipart = 67
)

// Segments describes how a text is sent.
type Segments struct {
	// Encoding is GSM7 if every character is in the GSM 7-bit default
	// alphabet or its extension table, otherwise UCS2.
	Encoding Encoding
	// Characters is the number of Unicode code points (runes) in the text.
	// Each byte of invalid UTF-8 counts as one U+FFFD replacement character.
	Characters int
	// Units is the encoded length: septets for GSM-7, where an
	// extension-table character takes two (escape + character), or UTF-16
	// code units for UCS-2, where a character outside the Basic Multilingual
	// Plane (such as most emoji) takes two (a surrogate pair).
	Units int
	// Segments is the number of messages the text is sent as. The empty
	// text is 0 segments: there is nothing to send.
	Segments int
	// UnitsPerSegment is the capacity that applies: 160 (GSM-7) or 70
	// (UCS-2) when the text fits a single message, including the empty text,
	// and 153 (GSM-7) or 67 (UCS-2) when it is split into several segments.
	UnitsPerSegment int
}

// Count works out the encoding and segments of text.
func Count(text string) Segments {
	s := Segments{Encoding: UCS2, Characters: utf8.RuneCountInString(text)}
	if IsGSM7(text) {
		s.Encoding = GSM7
	}

	single, multipart := UCS2Single, UCS2Multipart
	width := utf16Len
	if s.Encoding == GSM7 {
		single, multipart = GSM7Single, GSM7Multipart
		width = septets
	}

	for _, r := range text {
		s.Units += width(r)
	}
	switch {
	case s.Units == 0:
		s.Segments, s.UnitsPerSegment = 0, single
	case s.Units <= single:
		s.Segments, s.UnitsPerSegment = 1, single
	default:
		s.Segments, s.UnitsPerSegment = pack(text, width, multipart), multipart
	}
	return s
}

// pack returns the number of segments of capacity units that text fills
// when its characters, each width(r) units wide, are packed greedily and no
// character is split across two segments.
func pack(text string, width func(rune) int, capacity int) int {
	segments, used := 1, 0
	for _, r := range text {
		w := width(r)
		if used+w > capacity {
			segments++
			used = 0
		}
		used += w
	}
	return segments
}

// IsGSM7 reports whether every character of text is in the GSM 7-bit
// default alphabet (3GPP TS 23.038 section 6.2.1) or its extension table
// (section 6.2.1.1), so that text can be sent as GSM-7. The empty text is
// GSM-7.
func IsGSM7(text string) bool {
	for _, r := range text {
		if septets(r) == 0 {
			return false
		}
	}
	return true
}

// septets returns the number of GSM-7 septets r encodes to: 1 for the basic
// table, 2 (escape + character) for the extension table, 0 if r cannot be
// encoded in GSM-7.
func septets(r rune) int {
	switch {
	case r < utf8.RuneSelf && gsmASCII[r]:
		return 1
	case r >= utf8.RuneSelf && gsmBasicNonASCII[r]:
		return 1
	case gsmExtension[r]:
		return 2
	default:
		return 0
	}
}

// utf16Len returns the number of UTF-16 code units r encodes to.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// gsmBasic is the basic table of the GSM 7-bit default alphabet, 3GPP TS
// 23.038 section 6.2.1, indexed by septet value. Septet 0x1B is the escape to
// the extension table and encodes no character itself; it is marked with
// the replacement character, which is not otherwise in the alphabet.
var gsmBasic = [128]rune{
	// 0x00
	'@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
	// 0x10
	'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', '\uFFFD', 'Æ', 'æ', 'ß', 'É',
	// 0x20
	' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	// 0x30
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	// 0x40
	'¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	// 0x50
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
	// 0x60
	'¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	// 0x70
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
}

// gsmExtension is the extension table of the GSM 7-bit default alphabet,
// 3GPP TS 23.038 section 6.2.1.1: the characters reached by the escape
// septet 0x1B followed by the given septet.
var gsmExtension = map[rune]bool{
	'\f': true, // 0x0A form feed (page break)
	'^':  true, // 0x14
	'{':  true, // 0x28
	'}':  true, // 0x29
	'\\': true, // 0x2F
	'[':  true, // 0x3C
	'~':  true, // 0x3D
	']':  true, // 0x3E
	'|':  true, // 0x40
	'€':  true, // 0x65
}

// gsmASCII and gsmBasicNonASCII index the basic table by character.
var (
	gsmASCII         [utf8.RuneSelf]bool
	gsmBasicNonASCII = map[rune]bool{}
)

func init() {
	for septet, r := range gsmBasic {
		switch {
		case septet == 0x1B: // escape, not a character
		case r < utf8.RuneSelf:
			gsmASCII[r] = true
		default:
			gsmBasicNonASCII[r] = true
		}
	}
}

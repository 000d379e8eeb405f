package smsenc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// basicTable is every character of the GSM 7-bit default alphabet's basic
// table (3GPP TS 23.038 section 6.2.1) in septet order, without the escape
// septet 0x1B.
const basicTable = "@£$¥èéùìòÇ\nØø\rÅå" +
	"Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
	" !\"#¤%&'()*+,-./" +
	"0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNO" +
	"PQRSTUVWXYZÄÖÑÜ§" +
	"¿abcdefghijklmno" +
	"pqrstuvwxyzäöñüà"

// extensionTable is every character of the extension table (section
// 6.2.1.1).
const extensionTable = "\f^{}\\[~]|€"

func TestCount(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	zh := func(n int) string { return strings.Repeat("ж", n) }
	tests := []struct {
		name string
		text string
		want Segments
	}{
		{"empty", "", Segments{GSM7, 0, 0, 0, 160}},
		{"hello", "hello", Segments{GSM7, 5, 5, 1, 160}},
		{"160 GSM chars", a(160), Segments{GSM7, 160, 160, 1, 160}},
		{"161 GSM chars", a(161), Segments{GSM7, 161, 161, 2, 153}},
		{"306 GSM chars", a(306), Segments{GSM7, 306, 306, 2, 153}},
		{"307 GSM chars", a(307), Segments{GSM7, 307, 307, 3, 153}},
		{"459 GSM chars", a(459), Segments{GSM7, 459, 459, 3, 153}},
		{"460 GSM chars", a(460), Segments{GSM7, 460, 460, 4, 153}},

		// Extension characters take two septets.
		{"euro", "€", Segments{GSM7, 1, 2, 1, 160}},
		{"price", "Price: 10€", Segments{GSM7, 10, 11, 1, 160}},
		{"whole extension table", extensionTable, Segments{GSM7, 10, 20, 1, 160}},
		{"80 euros fill one message", strings.Repeat("€", 80), Segments{GSM7, 80, 160, 1, 160}},
		// 76 euros (152 septets) per segment: the 77th would straddle.
		{"81 euros", strings.Repeat("€", 81), Segments{GSM7, 81, 162, 2, 153}},
		{"153 euros", strings.Repeat("€", 153), Segments{GSM7, 153, 306, 3, 153}},
		{"159 a + euro", a(159) + "€", Segments{GSM7, 160, 161, 2, 153}},
		// The escape sequence fits exactly at the end of segment 1.
		{"151 a + euro + 153 a", a(151) + "€" + a(153), Segments{GSM7, 305, 306, 2, 153}},
		// The escape sequence would straddle the 153 boundary.
		{"152 a + euro + 10 a", a(152) + "€" + a(10), Segments{GSM7, 163, 164, 2, 153}},
		{"152 a + euro + 152 a", a(152) + "€" + a(152), Segments{GSM7, 305, 306, 3, 153}},
		{"152 a + bracket + 152 a", a(152) + "[" + a(152), Segments{GSM7, 305, 306, 3, 153}},
		{"152 a + euro + 151 a", a(152) + "€" + a(151), Segments{GSM7, 304, 305, 2, 153}},

		// Line breaks are in the basic table.
		{"LF", "line 1\nline 2", Segments{GSM7, 13, 13, 1, 160}},
		{"CRLF", "line 1\r\nline 2", Segments{GSM7, 14, 14, 1, 160}},
		{"form feed is an extension", "page 1\fpage 2", Segments{GSM7, 13, 14, 1, 160}},

		// Greek capitals of the basic table.
		{"Greek capitals in the basic table", "ΔΦΓΛΩΠΨΣΘΞ", Segments{GSM7, 10, 10, 1, 160}},
		{"Greek capital delta", "Δ = 5", Segments{GSM7, 5, 5, 1, 160}},
		{"Greek capital alpha is not Latin A", "Α", Segments{UCS2, 1, 1, 1, 70}},
		{"lowercase Greek", "αβγ", Segments{UCS2, 3, 3, 1, 70}},
		{"Cyrillic", "привет", Segments{UCS2, 6, 6, 1, 70}},
		{"Cyrillic in GSM text", "hello привет", Segments{UCS2, 12, 12, 1, 70}},

		// Cedilla: only the capital is in the basic table.
		{"capital C cedilla", "Ça va", Segments{GSM7, 5, 5, 1, 160}},
		{"small c cedilla", "garçon", Segments{UCS2, 6, 6, 1, 70}},

		// Other look-alikes that are not GSM-7.
		{"curly apostrophe", "it’s", Segments{UCS2, 4, 4, 1, 70}},
		{"tab", "a\tb", Segments{UCS2, 3, 3, 1, 70}},
		{"escape character", "a\x1bb", Segments{UCS2, 3, 3, 1, 70}},
		{"invalid UTF-8", "a\xffb", Segments{UCS2, 3, 3, 1, 70}},
		// In UCS-2 the euro sign is one code unit.
		{"euro in UCS-2", "€ж", Segments{UCS2, 2, 2, 1, 70}},

		// UCS-2 boundaries.
		{"70 UCS-2 chars", zh(70), Segments{UCS2, 70, 70, 1, 70}},
		{"71 UCS-2 chars", zh(71), Segments{UCS2, 71, 71, 2, 67}},
		{"134 UCS-2 chars", zh(134), Segments{UCS2, 134, 134, 2, 67}},
		{"135 UCS-2 chars", zh(135), Segments{UCS2, 135, 135, 3, 67}},

		// Emoji outside the BMP are surrogate pairs: two code units.
		{"emoji", "😀", Segments{UCS2, 1, 2, 1, 70}},
		{"hi emoji", "hi 😀", Segments{UCS2, 4, 5, 1, 70}},
		{"euro and emoji", "€😀", Segments{UCS2, 2, 3, 1, 70}},
		{"35 emoji", strings.Repeat("😀", 35), Segments{UCS2, 35, 70, 1, 70}},
		{"36 emoji", strings.Repeat("😀", 36), Segments{UCS2, 36, 72, 2, 67}},
		{"68 a + emoji (70 units)", a(68) + "😀", Segments{UCS2, 69, 70, 1, 70}},
		{"69 a + emoji (71 units)", a(69) + "😀", Segments{UCS2, 70, 71, 2, 67}},
		// 33 emoji (66 units) per segment: the 34th would straddle.
		{"67 emoji", strings.Repeat("😀", 67), Segments{UCS2, 67, 134, 3, 67}},
		// The surrogate pair fits exactly at the end of segment 1.
		{"65 a + emoji + 67 a", a(65) + "😀" + a(67), Segments{UCS2, 133, 134, 2, 67}},
		// The surrogate pair would straddle the 67 boundary.
		{"66 a + emoji + 10 a", a(66) + "😀" + a(10), Segments{UCS2, 77, 78, 2, 67}},
		{"66 a + emoji + 66 a", a(66) + "😀" + a(66), Segments{UCS2, 133, 134, 3, 67}},
		{"66 a + emoji + 65 a", a(66) + "😀" + a(65), Segments{UCS2, 132, 133, 2, 67}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Count(tt.text); got != tt.want {
				t.Errorf("Count(%q) =\n %+v, want\n %+v", tt.text, got, tt.want)
			}
			if got, want := IsGSM7(tt.text), tt.want.Encoding == GSM7; got != want {
				t.Errorf("IsGSM7(%q) = %v, want %v", tt.text, got, want)
			}
		})
	}
}

func TestBasicTable(t *testing.T) {
	if n := utf8.RuneCountInString(basicTable); n != 127 {
		t.Fatalf("test table has %d characters, want 127 (128 septets minus escape)", n)
	}
	seen := map[rune]bool{}
	i := 0
	for _, r := range basicTable {
		septet := i
		if septet >= 0x1B {
			septet++ // skip the escape septet
		}
		i++
		if seen[r] {
			t.Errorf("%q listed twice", r)
		}
		seen[r] = true
		if gsmBasic[septet] != r {
			t.Errorf("gsmBasic[%#02x] = %q, want %q", septet, gsmBasic[septet], r)
		}
		if got := septets(r); got != 1 {
			t.Errorf("septets(%q) = %d, want 1", r, got)
		}
	}
	got := Count(basicTable)
	want := Segments{GSM7, 127, 127, 1, 160}
	if got != want {
		t.Errorf("Count(basic table) = %+v, want %+v", got, want)
	}
}

func TestExtensionTable(t *testing.T) {
	for _, r := range extensionTable {
		if got := septets(r); got != 2 {
			t.Errorf("septets(%q) = %d, want 2", r, got)
		}
		if strings.ContainsRune(basicTable, r) {
			t.Errorf("%q is in both tables", r)
		}
	}
	if len(gsmExtension) != utf8.RuneCountInString(extensionTable) {
		t.Errorf("gsmExtension has %d characters, want %d", len(gsmExtension), utf8.RuneCountInString(extensionTable))
	}
}

func TestNotGSM7(t *testing.T) {
	// Characters often mistaken for GSM-7: accented letters outside the
	// table, typographic punctuation, Greek capitals that look Latin, and
	// ASCII characters the alphabet lacks (` and control characters).
	for _, r := range "çáíóúâêôãõÀÈÌÒÙÁÍÓÚëïÿœŒ’‘“”…–—•`\t\x00\x1b\u00a0ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαδωж中😀\uFFFD" {
		if septets(r) != 0 {
			t.Errorf("septets(%q) = %d, want 0", r, septets(r))
		}
		if IsGSM7(string(r)) {
			t.Errorf("IsGSM7(%q) = true, want false", r)
		}
	}
	// Every ASCII character but ` and the control characters other than
	// LF, FF and CR is GSM-7.
	for r := rune(0); r < utf8.RuneSelf; r++ {
		want := r == '\n' || r == '\f' || r == '\r' || (r >= ' ' && r != '`' && r != 0x7F)
		if got := IsGSM7(string(r)); got != want {
			t.Errorf("IsGSM7(%q) = %v, want %v", r, got, want)
		}
	}
}

func TestIsGSM7Empty(t *testing.T) {
	if !IsGSM7("") {
		t.Error(`IsGSM7("") = false, want true`)
	}
}

func FuzzCount(f *testing.F) {
	for _, seed := range []string{
		"", "hello", "Price: 10€", extensionTable, basicTable, "garçon", "😀", "a\xffb",
		strings.Repeat("a", 152) + "€" + strings.Repeat("a", 152),
		strings.Repeat("a", 66) + "😀" + strings.Repeat("a", 66),
		strings.Repeat("€", 81), strings.Repeat("ж", 71),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := Count(text)
		if again := Count(text); again != s {
			t.Fatalf("Count(%q) not deterministic: %+v then %+v", text, s, again)
		}
		if s.Characters != utf8.RuneCountInString(text) {
			t.Fatalf("Characters = %d, want %d", s.Characters, utf8.RuneCountInString(text))
		}
		if (s.Encoding == GSM7) != IsGSM7(text) {
			t.Fatalf("Encoding = %s but IsGSM7 = %v", s.Encoding, IsGSM7(text))
		}
		if s.Units < s.Characters || s.Units > 2*s.Characters {
			t.Fatalf("Units = %d, Characters = %d: want Characters <= Units <= 2*Characters", s.Units, s.Characters)
		}
		if s.Encoding == GSM7 && s.Units == s.Characters {
			for _, r := range text {
				if septets(r) != 1 {
					t.Fatalf("Units == Characters but %q is an extension character", r)
				}
			}
		}
		if s.Segments*s.UnitsPerSegment < s.Units {
			t.Fatalf("%d segments of %d units cannot hold %d units", s.Segments, s.UnitsPerSegment, s.Units)
		}
		single, multipart := GSM7Single, GSM7Multipart
		if s.Encoding == UCS2 {
			single, multipart = UCS2Single, UCS2Multipart
		}
		switch {
		case text == "":
			if s.Segments != 0 || s.Units != 0 || s.UnitsPerSegment != single {
				t.Fatalf("empty text: %+v", s)
			}
		case s.Units <= single:
			if s.Segments != 1 || s.UnitsPerSegment != single {
				t.Fatalf("%d units fit one message: %+v", s.Units, s)
			}
		default:
			if s.UnitsPerSegment != multipart {
				t.Fatalf("multipart with UnitsPerSegment %d: %+v", s.UnitsPerSegment, s)
			}
			// At most one unit is wasted per segment boundary.
			lo := (s.Units + multipart - 1) / multipart
			hi := (s.Units + multipart - 2) / (multipart - 1)
			if s.Segments < lo || s.Segments > hi {
				t.Fatalf("%d units in %d segments, want %d..%d", s.Units, s.Segments, lo, hi)
			}
		}
	})
}

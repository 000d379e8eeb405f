// Destinations expanded into recipients, personalisation and the delivery
// rule (README.md, Destinations; Outcome and price).

package mockapi

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/bestsms/terraform-provider-bestsms/internal/smsenc"
)

// normKey folds a member or token name: lower case without spaces and
// underscores, so "First Name", "FirstName" and "first_name" are equal.
func normKey(k string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' {
			return -1
		}
		return r
	}, strings.ToLower(k))
}

// scalar renders a decoded JSON scalar as a string ("" for null, objects
// and arrays).
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// personalisation is the personalisation of one recipient.
type personalisation struct {
	Attention, Company, FirstName, LastName string
	Custom                                  [9]string
}

// overlay copies the non-empty personalisation keys of a destination item.
func (p *personalisation) overlay(item map[string]string) {
	for k, f := range map[string]*string{
		"attention": &p.Attention, "company": &p.Company, "firstname": &p.FirstName, "lastname": &p.LastName,
	} {
		if v := item[k]; v != "" {
			*f = v
		}
	}
	for i := range p.Custom {
		if v := item["custom"+strconv.Itoa(i+1)]; v != "" {
			p.Custom[i] = v
		}
	}
}

func contactPersonalisation(c Contact) personalisation {
	return personalisation{
		Attention: c.Attention, Company: c.Company, FirstName: c.FirstName, LastName: c.LastName,
		Custom: [9]string{c.Custom1, c.Custom2, c.Custom3, c.Custom4},
	}
}

// expand turns Destinations items into recipients (without DestSeq and
// Start) and returns the items that were objects, as received.
func (st *state) expand(items []any, text string) ([]storedRecipient, []map[string]any) {
	var (
		out   []storedRecipient
		dests = []map[string]any{}
	)
	add := func(number, contactID, groupID string, p personalisation) {
		number = strings.Join(strings.Fields(number), "")
		if number == "" {
			return
		}
		r := storedRecipient{
			Destination: number, ContactID: contactID, GroupID: groupID,
			Attention: p.Attention, Company: p.Company, FirstName: p.FirstName, LastName: p.LastName,
			Custom: p.Custom, Valid: validNumber(number),
		}
		r.Parts = max(1, smsenc.Count(personalise(text, p)).Segments)
		out = append(out, r)
	}
	for _, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			continue
		}
		dests = append(dests, obj)
		item := map[string]string{}
		for k, v := range obj {
			if s := scalar(v); s != "" {
				item[normKey(k)] = s
			}
		}
		trimmed := func(k string) string { return strings.TrimSpace(item[k]) }
		switch {
		case trimmed("recipient") != "":
			var p personalisation
			p.overlay(item)
			add(item["recipient"], "", "", p)
		case trimmed("contactid") != "":
			if i := st.contactIndex(trimmed("contactid")); i >= 0 {
				c := st.Contacts[i]
				p := contactPersonalisation(c)
				p.overlay(item)
				add(c.MobilePhone, c.ContactID, "", p)
			}
		case trimmed("groupid") != "" || trimmed("groupcode") != "":
			g := trimmed("groupid")
			if g == "" {
				g = trimmed("groupcode")
			}
			if gi := st.groupIndex(g); gi >= 0 {
				gid := st.Groups[gi].GroupID
				for _, c := range st.memberContacts(gid) {
					p := contactPersonalisation(c)
					p.overlay(item)
					add(c.MobilePhone, c.ContactID, gid, p)
				}
			}
		}
	}
	return out, dests
}

// validNumber is the mock's delivery rule: E.164-like and not ending in 0000.
func validNumber(n string) bool {
	return numberPattern.MatchString(n) && !strings.HasSuffix(n, "0000")
}

var tokenPattern = regexp.MustCompile(`\[\[([^\[\]]+)\]\]`)

// personalise substitutes the personalisation tokens of text.
func personalise(text string, p personalisation) string {
	return tokenPattern.ReplaceAllStringFunc(text, func(tok string) string {
		switch k := normKey(tok[2 : len(tok)-2]); k {
		case "attention":
			return p.Attention
		case "company":
			return p.Company
		case "firstname":
			return p.FirstName
		case "lastname":
			return p.LastName
		default:
			if n, ok := strings.CutPrefix(k, "custom"); ok {
				if i, err := strconv.Atoi(n); err == nil && i >= 1 && i <= 9 {
					return p.Custom[i-1]
				}
			}
		}
		return tok
	})
}

func (r Recipient) personalisation() personalisation {
	return personalisation{Attention: r.Attention, Company: r.Company, FirstName: r.FirstName, LastName: r.LastName, Custom: r.Custom}
}

// phoneKey is the digits of a phone number, for comparisons.
func phoneKey(n string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, n)
}

// Destinations expanded into recipients, personalisation and the delivery
// rule (README.md, Destinations; Outcome and price).

package mockapi

import (
	"regexp"
	"slices"
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
		item := foldItem(obj)
		switch form, key := destinationForm(item); form {
		case DestinationNumber:
			var p personalisation
			p.overlay(item)
			add(key, "", "", p)
		case DestinationContact:
			if i := st.contactIndex(key); i >= 0 {
				c := st.Contacts[i]
				p := contactPersonalisation(c)
				p.overlay(item)
				add(c.MobilePhone, c.ContactID, "", p)
			}
		case DestinationGroup:
			if gi := st.groupIndex(key); gi >= 0 {
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

// The forms of a Destinations item (README.md, Destinations).
const (
	DestinationNumber  = "number"
	DestinationContact = "contact"
	DestinationGroup   = "group"
)

// foldItem returns the members of a Destinations item that have a scalar
// value, keyed by normKey.
func foldItem(obj map[string]any) map[string]string {
	item := map[string]string{}
	for k, v := range obj {
		if s := scalar(v); s != "" {
			item[normKey(k)] = s
		}
	}
	return item
}

// destinationForm reads a folded Destinations item: the first non-empty of
// Recipient, ContactID, GroupID and GroupCode decides its form, and key is
// that member's value (trimmed; a number as given). The form is "" when
// the item names none.
func destinationForm(item map[string]string) (form, key string) {
	for _, f := range []struct{ member, form string }{
		{"recipient", DestinationNumber}, {"contactid", DestinationContact},
		{"groupid", DestinationGroup}, {"groupcode", DestinationGroup},
	} {
		if v := strings.TrimSpace(item[f.member]); v != "" {
			if f.form == DestinationNumber {
				v = item[f.member]
			}
			return f.form, v
		}
	}
	return "", ""
}

// Destination is a Destinations item as the mock reads it.
type Destination struct {
	// Form is DestinationNumber, DestinationContact, DestinationGroup, or
	// "" when the item names no destination.
	Form string
	// Key is the number, the ContactID, or the GroupID or GroupCode as sent.
	Key string
	// Personalisation lists the item's other members that have a value,
	// as "Name: value" with the name as sent, sorted.
	Personalisation []string
}

// ReadDestination reads a Destinations item (Message.Destinations) by the
// rule that expands it into recipients.
func ReadDestination(obj map[string]any) Destination {
	form, key := destinationForm(foldItem(obj))
	d := Destination{Form: form, Key: key}
	for k, v := range obj {
		switch normKey(k) {
		case "recipient", "contactid", "groupid", "groupcode":
			continue
		}
		if s := scalar(v); s != "" {
			d.Personalisation = append(d.Personalisation, k+": "+s)
		}
	}
	slices.Sort(d.Personalisation)
	return d
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

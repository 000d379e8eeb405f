// What the page templates share: their functions, names of contacts and
// groups, statuses as words and CSS classes, and paging.

package dashboard

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// funcs are the template functions.
var funcs = template.FuncMap{
	"when":     when,
	"datetime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"ms": func(d time.Duration) string {
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}

// when formats a time for a person, in the mock's local zone; "—" for none.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04:05 MST")
}

// hashAssets returns a quoted content hash (an ETag) of every file.
func hashAssets(files fs.FS) map[string]string {
	out := map[string]string{}
	_ = fs.WalkDir(files, ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[name] = `"` + hex.EncodeToString(sum[:8]) + `"`
		return nil
	})
	return out
}

// addressBook indexes contacts and groups by id for naming them.
type addressBook struct {
	contacts map[string]mockapi.Contact
	groups   map[string]mockapi.Group
	byCode   map[string]mockapi.Group
}

func newAddressBook(contacts []mockapi.Contact, groups []mockapi.Group) addressBook {
	b := addressBook{contacts: map[string]mockapi.Contact{}, groups: map[string]mockapi.Group{}, byCode: map[string]mockapi.Group{}}
	for _, c := range contacts {
		b.contacts[strings.ToLower(c.ContactID)] = c
	}
	for _, g := range groups {
		b.groups[strings.ToLower(g.GroupID)] = g
		b.byCode[strings.ToLower(g.GroupCode)] = g
	}
	return b
}

func (b addressBook) contact(id string) (mockapi.Contact, bool) {
	c, ok := b.contacts[strings.ToLower(strings.TrimSpace(id))]
	return c, ok
}

// group finds a group by GroupID, else by GroupCode (as the mock does).
func (b addressBook) group(idOrCode string) (mockapi.Group, bool) {
	k := strings.ToLower(strings.TrimSpace(idOrCode))
	if g, ok := b.groups[k]; ok {
		return g, true
	}
	g, ok := b.byCode[k]
	return g, ok
}

// contactName is what a person calls a contact: first and last name, else
// Attention, else the mobile, else the id.
func contactName(c mockapi.Contact) string {
	for _, n := range []string{strings.TrimSpace(c.FirstName + " " + c.LastName), c.Attention, c.MobilePhone} {
		if strings.TrimSpace(n) != "" {
			return strings.TrimSpace(n)
		}
	}
	return c.ContactID
}

// status is a status as a word, the CSS class that colours it, and what
// more there is to say.
type status struct {
	Word   string
	Class  string // ok, bad, wait, off
	Detail string
}

// restRecipientStatus words a REST recipient's outcome.
func restRecipientStatus(m mockapi.Message, r mockapi.Recipient) status {
	result := strings.TrimSpace(r.Result)
	switch {
	case strings.EqualFold(result, "Aborted"):
		return status{"aborted", "off", ""}
	case strings.HasPrefix(strings.ToLower(result), "test mode"):
		return status{"test mode", "off", "not sent"}
	case strings.EqualFold(r.Status, "Success"):
		return status{"delivered", "ok", when(r.SentTime)}
	case strings.EqualFold(r.Status, "Failed") && strings.Contains(strings.ToLower(result), "blacklist"):
		return status{"opted out", "bad", result}
	case strings.EqualFold(r.Status, "Failed"):
		return status{"failed", "bad", result}
	case strings.EqualFold(m.Status, "Delayed"):
		return status{"scheduled", "wait", "for " + when(m.SendAt)}
	}
	return status{"pending", "wait", ""}
}

// jobStatus words a REST job state.
func jobStatus(s string) status {
	switch strings.ToLower(s) {
	case "completed":
		return status{"completed", "ok", ""}
	case "deleted":
		return status{"aborted", "off", ""}
	case "delayed":
		return status{"scheduled", "wait", ""}
	}
	return status{strings.ToLower(s), "wait", ""}
}

// gatewayStatus words an api_v1 SMS status.
func gatewayStatus(m mockapi.GatewaySMS) status {
	switch {
	case m.Stopped:
		return status{"stopped", "off", m.Info}
	case m.Status == 2:
		return status{"delivered", "ok", when(m.Sent)}
	case m.Status == 1:
		return status{"sent", "wait", m.Info}
	case m.Status == 0 && m.Scheduled.After(m.Submitted):
		return status{"scheduled", "wait", "for " + when(m.Scheduled)}
	case m.Status == 0:
		return status{"pending", "wait", m.Info}
	}
	return status{strings.ToLower(m.StatusMsg), "bad", m.Info}
}

// pager is a page of a list.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string // URLs, "" at the ends
}

// paginate cuts n items into pages of size and says which items page
// (from the query, 1-based) shows.
func paginate(q url.Values, path string, n, size int) (from, to int, p pager) {
	p.Total = n
	p.Pages = max(1, (n+size-1)/size)
	p.Page, _ = strconv.Atoi(q.Get("page"))
	p.Page = min(max(p.Page, 1), p.Pages)
	link := func(pg int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(pg))
		return path + "?" + v.Encode()
	}
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = link(p.Page + 1)
	}
	from = (p.Page - 1) * size
	return from, min(from+size, n), p
}

// matches reports whether every word of query occurs in one of fields,
// ignoring case.
func matches(query string, fields ...string) bool {
	hay := strings.ToLower(strings.Join(fields, "\x00"))
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// messageURL is the phone view of a message.
func messageURL(api, id string) string {
	return pathMessage + url.PathEscape(api) + "/" + url.PathEscape(id)
}

// countWord is "3 delivered" style text.
func countWord(n int, word string) string { return fmt.Sprintf("%d %s", n, word) }

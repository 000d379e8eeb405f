package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// normalising is a proxy in front of the mock that resolves dot segments
// the way nginx or IIS do: it decodes the path (%2E and %2F included, and
// \ as /) and cleans it before routing.
func normalising(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		for range 2 {
			if d, err := url.PathUnescape(p); err == nil {
				p = d
			}
		}
		r.URL.Path = path.Clean(strings.ReplaceAll(p, `\`, "/"))
		r.URL.RawPath = ""
		next.ServeHTTP(w, r)
	})
}

// A group whose code is ".." (any group merely named ".." gets it) is not
// put into a v2.03 path: behind a proxy that normalises paths, DELETE
// …/contact/{id}/group/.. is DELETE …/contact/{id}, and the contact would
// be gone. No request of the client carries a dot segment: it refuses the
// value before sending.
func TestDotSegmentsNeverSent(t *testing.T) {
	ctx := context.Background()
	for _, code := range []string{"..", ".", "%2E%2E", "%2e.", "a/../..", `..\..`, "..."} {
		m := newMock(t, mockapi.Options{}, normalising)
		contact := m.srv.PutContact(mockapi.Contact{Attention: "Ana", MobilePhone: "+61421000001"})
		group := m.srv.PutGroup(mockapi.Group{GroupName: code, GroupCode: code})
		if err := m.srv.AddMember(group.GroupID, contact.ContactID); err != nil {
			t.Fatal(err)
		}
		c := m.client(t, withVersion(APIVersion203))
		m.rec.reset()

		err := c.RemoveContactFromGroup(ctx, group.GroupID, contact.ContactID)
		var pe *PathValueError
		if !errors.As(err, &pe) || pe.Placeholder != "{group}" || !strings.Contains(err.Error(), "dot segment") ||
			!strings.Contains(err.Error(), "v2.04") {
			t.Fatalf("code %q: RemoveContactFromGroup = %v, want a PathValueError for {group}", code, err)
		}
		for _, r := range m.rec.all() {
			if r.Method != http.MethodGet {
				t.Errorf("code %q: %s %s sent", code, r.Method, r.Path)
			}
		}
		if _, ok := m.srv.Contact(contact.ContactID); !ok {
			t.Fatalf("code %q: the contact was deleted", code)
		}
		if _, err := c.GetGroup(ctx, group.GroupID); !errors.As(err, &pe) {
			t.Errorf("code %q: GetGroup = %v, want a PathValueError", code, err)
		}
		if err := c.DeleteGroup(ctx, group.GroupID); !errors.As(err, &pe) {
			t.Errorf("code %q: DeleteGroup = %v, want a PathValueError", code, err)
		}
		if len(m.srv.Groups()) != 1 || len(m.srv.Contacts()) != 1 {
			t.Errorf("code %q: groups %d, contacts %d, want both kept", code, len(m.srv.Groups()), len(m.srv.Contacts()))
		}
	}
}

// The same for every value that goes into a path: ids of contacts and
// messages, in either version.
func TestDotSegmentIDsRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	m := newMock(t, mockapi.Options{}, normalising)
	contact := m.srv.PutContact(mockapi.Contact{Attention: "Ana", MobilePhone: "+61421000001"})
	c := m.client(t)
	calls := map[string]func(id string) error{
		"GetContact":    func(id string) error { _, err := c.GetContact(ctx, id); return err },
		"UpdateContact": func(id string) error { _, err := c.UpdateContact(ctx, id, Contact{Attention: "X"}); return err },
		"DeleteContact": func(id string) error { return c.DeleteContact(ctx, id) },
		"ContactGroups": func(id string) error { _, err := c.ListContactGroups(ctx, id); return err },
		"MessageStatus": func(id string) error { _, err := c.MessageStatus(ctx, id); return err },
		"SMSReplies":    func(id string) error { _, err := c.SMSReplies(ctx, id); return err },
		"Abort":         func(id string) error { _, err := c.Abort(ctx, id); return err },
	}
	for name, call := range calls {
		for _, id := range []string{"..", contact.ContactID + "/..", "%2e%2E", "."} {
			m.rec.reset()
			var pe *PathValueError
			if err := call(id); !errors.As(err, &pe) || pe.Value != id {
				t.Errorf("%s(%q) = %v, want a PathValueError", name, id, err)
			}
			if n := len(m.rec.all()); n != 0 {
				t.Errorf("%s(%q): %d requests sent", name, id, n)
			}
		}
	}
	if _, ok := m.srv.Contact(contact.ContactID); !ok {
		t.Fatal("the contact was deleted")
	}
}

func TestBaseURLWithDotSegmentsRefused(t *testing.T) {
	for _, base := range []string{"https://api.example/x/../api", "https://api.example/api/.", "https://api.example/%2E%2E/api"} {
		var ce *ConfigError
		if _, err := New(Config{BaseURL: base, AuthToken: "t"}); !errors.As(err, &ce) || ce.Field != "BaseURL" ||
			!strings.Contains(err.Error(), "dot segment") {
			t.Errorf("New(%q) = %v, want a BaseURL error", base, err)
		}
	}
}

package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// Errors produced by the real mock.
func TestMockErrors(t *testing.T) {
	ctx := context.Background()

	t.Run("401 is unauthorized, not not-found, and not retried", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		c := newTestClient(t, m.baseURL(), func(cfg *Config) { cfg.AuthToken = "wrong-token" })
		_, err := c.GetContact(ctx, "00000000-0000-0000-0000-000000000000")
		if !IsUnauthorized(err) || IsNotFound(err) {
			t.Fatalf("IsUnauthorized=%v IsNotFound=%v for %v", IsUnauthorized(err), IsNotFound(err), err)
		}
		ae := apiErr(t, err)
		if ae.StatusCode != 401 || ae.Result != "Failed" || !reflect.DeepEqual(ae.Messages, []string{"Unauthorized"}) {
			t.Errorf("APIError = %+v", ae)
		}
		if n := m.srv.Stats().Total; n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})

	t.Run("unknown contact id is not found", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		_, err := m.client(t).GetContact(ctx, "00000000-0000-0000-0000-000000000000")
		if !IsNotFound(err) || IsUnauthorized(err) {
			t.Fatalf("IsNotFound=%v IsUnauthorized=%v for %v", IsNotFound(err), IsUnauthorized(err), err)
		}
		ae := apiErr(t, err)
		want := &APIError{StatusCode: 404, Result: "Failed", Messages: []string{"Contact not found"}, Method: "GET", Path: "addressbook/contact/{id}"}
		if !reflect.DeepEqual(ae, want) {
			t.Errorf("APIError = %+v, want %+v", ae, want)
		}
		if err.Error() != "BestSMS API GET addressbook/contact/{id}: HTTP 404 Failed: Contact not found" {
			t.Errorf("Error() = %q", err.Error())
		}
	})

	t.Run("unknown group id is not found", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		_, err := m.client(t).GetGroup(ctx, "00000000-0000-0000-0000-000000000000")
		if !IsNotFound(err) {
			t.Fatalf("error = %v, want not found", err)
		}
	})

	t.Run("a wrong base URL gives Route not found, which is not not-found", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		c := newTestClient(t, m.ts.URL+"/wrong")
		_, err := c.GetContact(ctx, "00000000-0000-0000-0000-000000000000")
		ae := apiErr(t, err)
		if ae.StatusCode != 404 || !reflect.DeepEqual(ae.Messages, []string{"Route not found"}) {
			t.Fatalf("APIError = %+v", ae)
		}
		if IsNotFound(err) {
			t.Errorf("IsNotFound(%v) = true, want false", err)
		}
	})
}

// Error bodies the mock does not produce, from stubs.
func TestErrorClassification(t *testing.T) {
	for _, tc := range []struct {
		name         string
		status       int
		body         string
		wantResult   string
		wantMessages []string
		notFound     bool
		unauthorized bool
	}{
		{"404 HTML page", 404, "<html><body><h1>404 Not Found</h1></body></html>",
			"", []string{"<html><body><h1>404 Not Found</h1></body></html>"}, false, false},
		{"404 empty body", 404, "", "", []string{"Not Found"}, false, false},
		{"404 Route not found envelope", 404, `{"Result":"Failed","ErrorMessage":["Route not found"]}`,
			"Failed", []string{"Route not found"}, false, false},
		{"404 envelope", 404, `{"Result":"Failed","ErrorMessage":["Contact not found"]}`,
			"Failed", []string{"Contact not found"}, true, false},
		{"404 RecordNotFound", 404, `{"Result":"RecordNotFound","ErrorMessage":"Record does not exist"}`,
			"RecordNotFound", []string{"Record does not exist"}, true, false},
		{"200 RecordNotFound", 200, `{"Result":"RecordNotFound"}`,
			"RecordNotFound", []string{"OK"}, true, false},
		{"200 Failed Contact not found", 200, `{"Result":"Failed","ErrorMessage":["Contact not found"]}`,
			"Failed", []string{"Contact not found"}, true, false},
		{"200 Failed other message", 200, `{"Result":"Failed","ErrorMessage":["Missing or empty destinations"]}`,
			"Failed", []string{"Missing or empty destinations"}, false, false},
		{"400 Failed Group not found", 400, `{"Result":"Failed","ErrorMessage":["Group not found"]}`,
			"Failed", []string{"Group not found"}, true, false},
		{"500 envelope", 500, `{"Result":"Failed","ErrorMessage":["Error occurred while creating job"]}`,
			"Failed", []string{"Error occurred while creating job"}, false, false},
		{"500 mentioning not found", 500, `{"Result":"Failed","ErrorMessage":["Upstream not found"]}`,
			"Failed", []string{"Upstream not found"}, false, false},
		{"502 non-JSON", 502, "Bad Gateway: upstream closed\n",
			"", []string{"Bad Gateway: upstream closed"}, false, false},
		{"401 envelope", 401, `{"Result":"Failed","ErrorMessage":["Invalid Auth Token"]}`,
			"Failed", []string{"Invalid Auth Token"}, false, true},
		{"200 Result Unauthorized", 200, `{"Result":"Unauthorized","ErrorMessage":[]}`,
			"Unauthorized", []string{"OK"}, false, true},
		{"400 message Unauthorized", 400, `{"Result":"Failed","ErrorMessage":[" Unauthorized "]}`,
			"Failed", []string{"Unauthorized"}, false, true},
		{"ErrorMessage as string", 400, `{"Result":"Failed","ErrorMessage":"Missing Sender"}`,
			"Failed", []string{"Missing Sender"}, false, false},
		{"ErrorMessage array, blanks dropped", 400, `{"Result":"Failed","ErrorMessage":["first", "", "  second "]}`,
			"Failed", []string{"first", "second"}, false, false},
		{"Message fallback", 200, `{"Result":"Failed","MessageID":"m1","Message":"Message not found"}`,
			"Failed", []string{"Message not found"}, true, false},
		{"empty ErrorMessage falls back to Message", 400, `{"Result":"Failed","ErrorMessage":[],"Message":"Invalid variables"}`,
			"Failed", []string{"Invalid variables"}, false, false},
		{"no message at all", 400, `{"Result":"Failed"}`,
			"Failed", []string{"Bad Request"}, false, false},
		{"200 without envelope", 200, `{"Contact":{}}`,
			"", []string{`unexpected response body: {"Contact":{}}`}, false, false},
		{"long non-JSON body truncated", 503, strings.Repeat("x", 300),
			"", []string{strings.Repeat("x", 200) + "…"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := stub(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			c := newTestClient(t, base, withRetries(0))
			_, err := c.GetContact(context.Background(), "c1")
			ae := apiErr(t, err)
			want := &APIError{StatusCode: tc.status, Result: tc.wantResult, Messages: tc.wantMessages, Method: "GET", Path: "addressbook/contact/{id}"}
			if !reflect.DeepEqual(ae, want) {
				t.Errorf("APIError =\n %#v\nwant\n %#v", ae, want)
			}
			if got := IsNotFound(err); got != tc.notFound {
				t.Errorf("IsNotFound = %v, want %v", got, tc.notFound)
			}
			if got := IsUnauthorized(err); got != tc.unauthorized {
				t.Errorf("IsUnauthorized = %v, want %v", got, tc.unauthorized)
			}
		})
	}
}

func TestSuccessResultIsCaseInsensitive(t *testing.T) {
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		writeBody(w, 200, `{"Result":"success","Contact":{"ID":"c1","FirstName":"Jane"}}`)
	})
	got, err := newTestClient(t, base).GetContact(context.Background(), "c1")
	if err != nil {
		t.Fatalf("GetContact: %v", err)
	}
	if got.ID != "c1" || got.FirstName != "Jane" {
		t.Errorf("contact = %+v", got)
	}
}

func TestAPIErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  *APIError
		want string
	}{
		{&APIError{StatusCode: 400, Result: "Failed", Messages: []string{"a", "b"}, Method: "POST", Path: "addressbook/contact"},
			"BestSMS API POST addressbook/contact: HTTP 400 Failed: a; b"},
		{&APIError{StatusCode: 502, Messages: []string{"Bad Gateway"}, Method: "GET", Path: "addressbook/group/{group}"},
			"BestSMS API GET addressbook/group/{group}: HTTP 502: Bad Gateway"},
		{&APIError{StatusCode: 500, Result: "Failed", Method: "DELETE", Path: "addressbook/contact/{id}"},
			"BestSMS API DELETE addressbook/contact/{id}: HTTP 500 Failed"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestWrappedErrorsRecognised(t *testing.T) {
	notFound := &APIError{StatusCode: 404, Result: "Failed", Messages: []string{"Contact not found"}}
	unauth := &APIError{StatusCode: 401, Result: "Failed", Messages: []string{"Unauthorized"}}
	for _, tc := range []struct {
		name                   string
		err                    error
		notFound, unauthorized bool
	}{
		{"nil", nil, false, false},
		{"plain error saying not found", errors.New("contact not found"), false, false},
		{"APIError 404", notFound, true, false},
		{"wrapped once", fmt.Errorf("reading contact: %w", notFound), true, false},
		{"wrapped twice", fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", notFound)), true, false},
		{"joined", errors.Join(errors.New("x"), notFound), true, false},
		{"wrapped 401", fmt.Errorf("configure: %w", unauth), false, true},
		{"ErrNotFound", ErrNotFound, true, false},
		{"wrapped ErrNotFound", fmt.Errorf("group %q: %w", "x", ErrNotFound), true, false},
		{"%v loses the chain", fmt.Errorf("reading contact: %v", notFound), false, false},
		{"context error", context.DeadlineExceeded, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsNotFound(tc.err); got != tc.notFound {
				t.Errorf("IsNotFound = %v, want %v", got, tc.notFound)
			}
			if got := IsUnauthorized(tc.err); got != tc.unauthorized {
				t.Errorf("IsUnauthorized = %v, want %v", got, tc.unauthorized)
			}
		})
	}

	// A real client error, wrapped by a caller.
	m := newMock(t, mockapi.Options{})
	_, err := m.client(t).GetContact(context.Background(), "00000000-0000-0000-0000-000000000000")
	wrapped := fmt.Errorf("refreshing bestsms_contact: %w", err)
	if !IsNotFound(wrapped) {
		t.Errorf("IsNotFound(%v) = false", wrapped)
	}
	var ae *APIError
	if !errors.As(wrapped, &ae) || ae.StatusCode != 404 {
		t.Errorf("errors.As on wrapped error: %v", ae)
	}
}

func TestIsRouteNotFound(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"404 HTML page", &APIError{StatusCode: 404, Path: "addressbook/contact/{id}", Messages: []string{"<html>Not Found</html>"}}, true},
		{"404 route not found", &APIError{StatusCode: 404, Result: "Failed", Path: "addressbook/contact/{id}", Messages: []string{"Route not found"}}, true},
		{"404 on the contact list", &APIError{StatusCode: 404, Result: "Failed", Path: "addressbook/contact/list", Messages: []string{"Not found"}}, true},
		{"404 on received SMS", &APIError{StatusCode: 404, Result: "Failed", Path: "get/sms/received", Messages: []string{"x"}}, true},
		{"404 for a missing contact", &APIError{StatusCode: 404, Result: "Failed", Path: "addressbook/contact/{id}", Messages: []string{"Contact not found"}}, false},
		{"404 for a missing group's members", &APIError{StatusCode: 404, Result: "Failed", Path: "addressbook/group/{group}/contact/list", Messages: []string{"Group not found"}}, false},
		{"400 on a list", &APIError{StatusCode: 400, Result: "Failed", Path: "addressbook/group/list", Messages: []string{"bad page"}}, false},
		{"wrapped", fmt.Errorf("listing: %w", &APIError{StatusCode: 404, Path: "addressbook/group/list"}), true},
		{"not an API error", errors.New("dial tcp: connection refused"), false},
		{"nil", nil, false},
	} {
		if got := IsRouteNotFound(tc.err); got != tc.want {
			t.Errorf("%s: IsRouteNotFound = %v, want %v", tc.name, got, tc.want)
		}
		if tc.want && IsNotFound(tc.err) {
			t.Errorf("%s: a missing route is IsNotFound: an object would be dropped from state", tc.name)
		}
	}

	// Against the mock: a base URL without /api.
	m := newMock(t, mockapi.Options{})
	err := newTestClient(t, strings.TrimSuffix(m.baseURL(), "/api")).CheckBaseURL(context.Background())
	if !IsRouteNotFound(err) || IsNotFound(err) {
		t.Errorf("CheckBaseURL without /api: %v (IsRouteNotFound %v, IsNotFound %v)", err, IsRouteNotFound(err), IsNotFound(err))
	}
	if err := m.client(t).CheckBaseURL(context.Background()); err != nil {
		t.Errorf("CheckBaseURL with the right base URL: %v", err)
	}
}

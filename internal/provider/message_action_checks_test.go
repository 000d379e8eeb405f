package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
)

// expectOneErrorAt asserts that diags are exactly one error, at wantPath,
// containing wantText: one diagnostic per problem, on the right attribute.
func expectOneErrorAt(t *testing.T, what string, diags []*tfprotov6.Diagnostic, wantPath, wantText string) {
	t.Helper()
	if len(diags) != 1 {
		t.Errorf("%s: want exactly one diagnostic, got %d:\n%s", what, len(diags), diagsText(diags))
		return
	}
	expectErrorAt(t, diags, wantPath, wantText)
}

// manyRecipients is n number destinations.
func manyRecipients(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"recipient": fmt.Sprintf("+614210%05d", i+1)}
	}
	return out
}

// Values from variables and locals are unknown when Terraform validates an
// action, so validation cannot see them. Every check must run again once
// they are known: at plan (variables, locals), and at invoke (values of
// resources applied in the same run), before anything is sent.
func TestMessageAction_valuesKnownLateAreChecked(t *testing.T) {
	mock := newTestMock(t)
	h := newActionHarness(t, mock, nil)
	dest0 := `AttributeName("destinations").ElementKeyInt(0)`
	pastUTC := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
	for _, tc := range []struct {
		name, attr, path, text string
		value                  any
	}{
		{"1001 destinations", "destinations", `AttributeName("destinations")`, "at most 1000", manyRecipients(1001)},
		{"10000 destinations", "destinations", `AttributeName("destinations")`, "at most 1000", manyRecipients(10000)},
		{"500-character reference", "reference", `AttributeName("reference")`, "80", strings.Repeat("r", 500)},
		{"negative wait_timeout", "wait_timeout", `AttributeName("wait_timeout")`, "positive duration", "-5s"},
		{"wait_timeout not a duration", "wait_timeout", `AttributeName("wait_timeout")`, "positive duration", "abc"},
		{"invalid message_id", "message_id", `AttributeName("message_id")`, "40 letters", "not valid!"},
		{"blank message", "message", `AttributeName("message")`, "other than white space", "   "},
		{"send_time in the past", "send_time", `AttributeName("send_time")`, "in the past", pastUTC},
		{"send_time in year 1", "send_time", `AttributeName("send_time")`, "in the past", "0001-01-01T00:00"},
		{"bad recipient", "destinations", dest0 + `.AttributeName("recipient")`, "not a valid phone number in AU",
			[]map[string]any{{"recipient": "0421 00"}}},
		{"recipient from another country", "destinations", dest0 + `.AttributeName("recipient")`, "not a valid phone number in AU",
			[]map[string]any{{"recipient": "021 555 123"}}},
		{"letters in recipient", "destinations", dest0 + `.AttributeName("recipient")`, "is not a phone number",
			[]map[string]any{{"recipient": "call me"}}},
		{"group code as group_id", "destinations", dest0 + `.AttributeName("group_id")`, "use group_code instead",
			[]map[string]any{{"group_id": "Web_On_Call"}}},
		{"two targets", "destinations", dest0 + `.AttributeName("recipient")`, "only one",
			[]map[string]any{{"recipient": "+61421000001", "group_code": "X"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := map[string]any{"message": "hi", "destinations": []map[string]any{{"recipient": "+61421000001"}}}
			if tc.attr == "wait_timeout" {
				cfg["wait_for_delivery"] = true
			}
			cfg[tc.attr] = unknown{}
			requireNoErrorDiags(t, "validate with the value unknown", h.validate("bestsms_message", cfg))
			cfg[tc.attr] = tc.value
			expectOneErrorAt(t, "plan", h.plan("bestsms_message", cfg), tc.path, tc.text)
			res := h.invokeOnly(context.Background(), "bestsms_message", cfg)
			expectOneErrorAt(t, "invoke", res.diags, tc.path, tc.text)
			if len(res.progress) != 0 {
				t.Errorf("invoke reported progress %q", res.progress)
			}
		})
	}
	t.Run("unknown time zone", func(t *testing.T) {
		cfg := map[string]any{"message": "hi", "destinations": []map[string]any{{"recipient": "+61421000001"}},
			"send_time": "2099-01-01T09:00", "timezone": unknown{}}
		requireNoErrorDiags(t, "validate", h.validate("bestsms_message", cfg))
		cfg["timezone"] = "Mars/Olympus"
		expectOneErrorAt(t, "plan", h.plan("bestsms_message", cfg), `AttributeName("timezone")`, "AUS Eastern")
	})
	if n := len(mock.Messages()); n != 0 {
		t.Errorf("the mock received %d messages; checks must fail before anything is sent", n)
	}
}

// An invalid recipient is one diagnostic on destinations[0].recipient, at
// validation as at plan: reading the configuration into a model must not
// report it a second time at a relative path (shown at the config block).
func TestMessageAction_badRecipientIsOneDiagnostic(t *testing.T) {
	h := newActionHarness(t, newTestMock(t), nil)
	at := `AttributeName("destinations").ElementKeyInt(0).AttributeName("recipient")`
	cfg := map[string]any{"message": "hi", "destinations": []map[string]any{{"recipient": "call me"}}}
	expectOneErrorAt(t, "validate", h.validate("bestsms_message", cfg), at, "is not a phone number")
	cfg["destinations"] = []map[string]any{{"recipient": "0421 00"}}
	requireNoErrorDiags(t, "validate", h.validate("bestsms_message", cfg)) // plausible without a region
	expectOneErrorAt(t, "plan", h.plan("bestsms_message", cfg), at, "not a valid phone number in AU")
}

func TestMessageAction_phoneRulesForRecipients(t *testing.T) {
	mock := newTestMock(t)
	h := newActionHarness(t, mock, nil)
	at := `AttributeName("destinations").ElementKeyInt(0).AttributeName("recipient")`
	for _, n := range badAUNumbers {
		cfg := map[string]any{"message": "hi", "destinations": []map[string]any{{"recipient": n}}}
		expectOneErrorAt(t, n, h.plan("bestsms_message", cfg), at, "not a valid")
	}
	good := []string{"0421 000 001", "02 9876 5432", "+64 21 555 1234", "+1 650 253 0000", "+44 7700 900123"}
	var dests []map[string]any
	for _, n := range good {
		dests = append(dests, map[string]any{"recipient": n})
	}
	cfg := map[string]any{"message": "hi", "destinations": dests, "test_mode": true}
	diags := h.plan("bestsms_message", cfg)
	requireNoErrorDiags(t, "plan", diags)
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		diags[0].Attribute.String() != `AttributeName("destinations").ElementKeyInt(4).AttributeName("recipient")` {
		t.Errorf("want one warning, on the +44 number, got:\n%s", diagsText(diags))
	}
	res := h.invoke(context.Background(), "bestsms_message", cfg)
	requireNoErrorDiags(t, "invoke", res.diags)
	var got []string
	for _, r := range onlyMessage(t, mock).Recipients {
		got = append(got, r.Destination)
	}
	want := "+61421000001 +61298765432 +64215551234 +16502530000 +447700900123"
	if strings.Join(got, " ") != want {
		t.Errorf("recipients %v, want %s", got, want)
	}
}

func TestMessageAction_sendTimeRules(t *testing.T) {
	mock := newTestMock(t)
	h := newActionHarness(t, mock, nil)
	now := time.Now()
	send := func(extra map[string]any) map[string]any {
		cfg := map[string]any{"message": "later", "destinations": []map[string]any{{"recipient": "+61421000001"}}}
		for k, v := range extra {
			cfg[k] = v
		}
		return cfg
	}
	sendTime := `AttributeName("send_time")`

	t.Run("seconds are kept to the minute, with a warning at plan", func(t *testing.T) {
		cfg := send(map[string]any{"send_time": "2099-12-24T09:00:30+11:00", "message_id": "secs"})
		diags := h.plan("bestsms_message", cfg)
		if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning || diags[0].Attribute.String() != sendTime ||
			!strings.Contains(diags[0].Detail, "2099-12-23T22:00 UTC") {
			t.Errorf("want one warning on send_time naming 2099-12-23T22:00 UTC, got:\n%s", diagsText(diags))
		}
		res := h.invoke(context.Background(), "bestsms_message", cfg)
		requireNoErrorDiags(t, "invoke", res.diags)
		msg, _ := mock.Message("secs")
		if msg.SendTime != "2099-12-23T22:00" || msg.TimeZone != "UTC" {
			t.Errorf("SendTime/TimeZone = %q/%q, want 2099-12-23T22:00/UTC", msg.SendTime, msg.TimeZone)
		}
		want := "submitted message secs to 1 recipient for 2099-12-23T22:00 UTC (seconds dropped: the API schedules to the minute)"
		if len(res.progress) != 1 || res.progress[0] != want {
			t.Errorf("progress = %q, want %q", res.progress, want)
		}
	})

	t.Run("a moment ago is within the tolerance and sends now", func(t *testing.T) {
		cfg := send(map[string]any{"send_time": now.Add(-2 * time.Minute).UTC().Format(time.RFC3339), "message_id": "moment"})
		requireNoErrorDiags(t, "invoke", h.invoke(context.Background(), "bestsms_message", cfg).diags)
		if msg, _ := mock.Message("moment"); msg.Status == "Delayed" {
			t.Errorf("status %q, want sent now", msg.Status)
		}
	})

	for _, tc := range []struct {
		name  string
		extra map[string]any
	}{
		{"beyond the tolerance", map[string]any{"send_time": now.Add(-10 * time.Minute).UTC().Format(time.RFC3339)}},
		{"past in the named zone", map[string]any{
			"send_time": now.In(mustZone(t, "New Zealand")).Add(-time.Hour).Format("2006-01-02T15:04"), "timezone": "New Zealand"}},
		{"past in every zone the API supports (read in W. Australia, the westernmost)", map[string]any{
			"send_time": now.In(mustZone(t, "W. Australia")).Add(-time.Hour).Format("2006-01-02T15:04")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectOneErrorAt(t, "validate", h.validate("bestsms_message", send(tc.extra)), sendTime, "in the past")
		})
	}
	// Without a time zone, a wall time that is past in Sydney but still to
	// come in Perth could be the account's future: not an error.
	cfg := send(map[string]any{"send_time": now.In(mustZone(t, "W. Australia")).Add(time.Hour).Format("2006-01-02T15:04")})
	requireNoErrorDiags(t, "validate", h.validate("bestsms_message", cfg))
	requireNoErrorDiags(t, "plan", h.plan("bestsms_message", cfg))
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, ok := clientTimeZone(name)
	if !ok {
		t.Fatalf("no time zone %q", name)
	}
	return loc
}

func TestMessageControlActions_valuesKnownLateAreChecked(t *testing.T) {
	mock := newTestMock(t)
	h := newActionHarness(t, mock, nil)
	past := time.Now().In(mustZone(t, "W. Australia")).Add(-time.Hour).Format("2006-01-02T15:04")
	for _, tc := range []struct {
		name, action, attr, path, text string
		value                          string
	}{
		{"invalid message_id", "bestsms_message_abort", "message_id", `AttributeName("message_id")`, "40 letters", "bad id!"},
		{"reschedule into the past", "bestsms_message_reschedule", "send_time", `AttributeName("send_time")`, "in the past", past},
		{"resubmit at a malformed time", "bestsms_message_resubmit", "send_time", `AttributeName("send_time")`, "YYYY-MM-DDTHH:MM", "tomorrow"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := map[string]any{"message_id": "m-1"}
			if tc.action == "bestsms_message_reschedule" {
				cfg["send_time"] = "2099-01-01T09:00"
			}
			cfg[tc.attr] = unknown{}
			requireNoErrorDiags(t, "validate", h.validate(tc.action, cfg))
			cfg[tc.attr] = tc.value
			expectOneErrorAt(t, "plan", h.plan(tc.action, cfg), tc.path, tc.text)
			expectOneErrorAt(t, "invoke", h.invokeOnly(context.Background(), tc.action, cfg).diags, tc.path, tc.text)
		})
	}
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("checks reached the API: %d requests", n)
	}
}

// clientTimeZone resolves a Windows zone name as the provider does.
func clientTimeZone(name string) (*time.Location, bool) { return client.LoadTimeZone(name) }

// Each destination names exactly one of recipient, contact_id, group_id and
// group_code: a destination with none, or two, is one error on its
// recipient, at validation and again at plan; 1,000 good destinations (the
// most a message takes) pass.
func TestMessageAction_oneTargetPerDestination(t *testing.T) {
	h := newActionHarness(t, newTestMock(t), nil)
	at := `AttributeName("destinations").ElementKeyInt(1).AttributeName("recipient")`
	for name, tc := range map[string]struct {
		dest map[string]any
		text string
	}{
		"none": {map[string]any{}, "None of recipient, contact_id, group_id, group_code is set"},
		"two":  {map[string]any{"contact_id": exampleUUID, "group_code": "X"}, "2 of recipient, contact_id, group_id, group_code are set"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := map[string]any{"message": "hi", "destinations": []map[string]any{{"recipient": "+61421000001"}, tc.dest}}
			expectOneErrorAt(t, "validate", h.validate("bestsms_message", cfg), at, tc.text)
			expectOneErrorAt(t, "plan", h.plan("bestsms_message", cfg), at, tc.text)
		})
	}
	cfg := map[string]any{"message": "hi", "destinations": manyRecipients(1000)}
	requireNoErrorDiags(t, "validate 1,000 destinations", h.validate("bestsms_message", cfg))
	requireNoErrorDiags(t, "plan 1,000 destinations", h.plan("bestsms_message", cfg))
}

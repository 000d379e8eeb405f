package gateway_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// The gateway actions at the protocol layer (any CLI): validate, plan and
// invoke through the provider server, asserted on the mock's api_v1.

// newGatewayHarness is an action harness whose provider has the mock's
// gateway credentials.
func newGatewayHarness(t *testing.T, mock *acctest.Mock, args map[string]any) *acctest.ActionHarness {
	t.Helper()
	all := mock.GatewayArgs()
	for k, v := range args {
		all[k] = v
	}
	return acctest.NewActionHarness(t, mock, all)
}

// gatewayRecord describes a mock record for comparisons.
func gatewayRecord(s mockapi.GatewaySMS) string {
	text := fmt.Sprintf("%s %q %s type=%d route=%d unicode=%v", s.Recipient, s.Message, s.Sender, s.Type, s.Route, s.Unicode)
	if s.FirstName != nil && *s.FirstName != "" {
		text += " first=" + *s.FirstName
	}
	if s.ExtraData != "" {
		text += " extra=" + s.ExtraData
	}
	return text
}

func TestGatewaySMSAction_everyOption(t *testing.T) {
	mock := acctest.NewMock(t)
	mock.PutGatewayContact(mockapi.GatewayContact{Phone: "2348086689569", GroupName: "staff"})
	mock.PutGatewayContact(mockapi.GatewayContact{Phone: "61421000001", GroupName: "office"})
	h := newGatewayHarness(t, mock, nil)

	res := h.Invoke(context.Background(), "bestsms_gateway_sms", map[string]any{
		"message":    "Drill at 3pm",
		"recipients": []any{"+2348086689567", "0421 000 001"},
		"contacts": []map[string]any{
			{"phone": "+234 808 668 9568", "first_name": "Ada", "last_name": "Obi", "extra_data": "shift-7", "override_message": "Hi Ada, drill at 3pm"},
		},
		"contact_groups": []any{"staff"},
		"ignore_groups":  []any{"office"},
		"sender_id":      "OnCall",
		"flash":          true,
		"unicode":        true,
		"route":          "financial",
		"save_as":        "notified",
	})
	acctest.RequireNoErrorDiags(t, "invoke", res.Diags)

	batches := acctest.GatewayBatches(mock)
	if len(batches) != 1 {
		t.Fatalf("mock holds batches %q, want exactly 1", batches)
	}
	var got []string
	for _, s := range acctest.GatewayBatch(mock, batches[0]) {
		got = append(got, gatewayRecord(s))
	}
	slices.Sort(got)
	want := []string{
		`2348086689567 "Drill at 3pm" OnCall type=1 route=1 unicode=true`,
		`2348086689568 "Hi Ada, drill at 3pm" OnCall type=1 route=1 unicode=true first=Ada extra=shift-7`,
		`2348086689569 "Drill at 3pm" OnCall type=1 route=1 unicode=true`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("records (0421 000 001 is in the ignored group office)\n got %q\nwant %q", got, want)
	}
	if want := []string{fmt.Sprintf("submitted gateway batch %s: 3 recipient numbers", batches[0])}; !slices.Equal(res.Progress, want) {
		t.Errorf("progress = %q, want %q", res.Progress, want)
	}
	if got := acctest.GatewayGroup(mock, "notified"); len(got) != 3 {
		t.Errorf("save_as saved %q, want the 3 numbers", got)
	}
}

func TestGatewaySMSAction_waitFor(t *testing.T) {
	mock := acctest.NewMock(t, func(o *mockapi.Options) { o.DeliveryDelay = 150 * time.Millisecond })
	h := newGatewayHarness(t, mock, nil)

	// sent: over as soon as nothing is queued.
	res := h.Invoke(context.Background(), "bestsms_gateway_sms", map[string]any{
		"message": "One", "recipients": []any{"+2348086689567"}, "wait_for": "sent",
	})
	acctest.RequireNoErrorDiags(t, "wait_for = sent", res.Diags)
	if last := res.Progress[len(res.Progress)-1]; !strings.HasSuffix(last, ": 0 pending, 1 sent, 0 delivered, 0 failed of 1 recipient") {
		t.Errorf("last progress %q, want the record SENT", last)
	}

	// delivered: until every record is final; a failure fails the action,
	// naming the recipient (numbers ending in 0002 are rejected by the mock).
	res = h.Invoke(context.Background(), "bestsms_gateway_sms", map[string]any{
		"message": "Two", "recipients": []any{"+2348086689567", "+2348086680002"}, "wait_for": "delivered", "wait_timeout": "30s",
	})
	if want := ": 0 pending, 0 sent, 1 delivered, 1 failed of 2 recipients"; !strings.HasSuffix(res.Progress[len(res.Progress)-1], want) {
		t.Errorf("progress %q, want it to end with %q", res.Progress, want)
	}
	text := acctest.DiagsText(res.Diags)
	if !strings.Contains(text, "Gateway SMS Failed") || !strings.Contains(text, "+2348086680002: REJECTED (Network is forbidden)") {
		t.Errorf("diagnostics:\n%s\nwant Gateway SMS Failed naming +2348086680002", text)
	}
	if strings.Contains(text, "+2348086689567") {
		t.Errorf("the delivered recipient is listed as failed:\n%s", text)
	}
}

func TestGatewaySMSAction_checks(t *testing.T) {
	mock := acctest.NewMock(t)
	h := newGatewayHarness(t, mock, nil)
	past := time.Now().AddDate(0, 0, -3).Format("2006-01-02 15:04")
	for _, tc := range []struct {
		name     string
		config   map[string]any
		at, text string
	}{
		{"nobody", map[string]any{"message": "x"}, `AttributeName("recipients")`, "At least one attribute"},
		{"empty lists", map[string]any{"message": "x", "recipients": []any{}, "contact_groups": []any{}},
			`AttributeName("recipients")`, "No Gateway SMS Recipients"},
		{"national number of another country", map[string]any{"message": "x", "recipients": []any{"0808 668 9567"}},
			`AttributeName("recipients").ElementKeyInt(0)`, "Invalid Phone Number"},
		{"group sent to and ignored", map[string]any{"message": "x", "contact_groups": []any{"a", "b"}, "ignore_groups": []any{"b"}},
			`AttributeName("ignore_groups").ElementKeyInt(0)`, "Group Both Sent To And Ignored"},
		{"comma in a group", map[string]any{"message": "x", "contact_groups": []any{"a,b"}},
			`AttributeName("contact_groups").ElementKeyInt(0)`, "comma"},
		{"past send time", map[string]any{"message": "x", "recipients": []any{"+61421000001"}, "send_at": past},
			`AttributeName("send_at")`, "in the past at every timezone offset"},
		{"wait for a scheduled send", map[string]any{"message": "x", "recipients": []any{"+61421000001"}, "send_at": "2099-01-01", "wait_for": "sent"},
			`AttributeName("wait_for")`, "Cannot Wait For A Scheduled Gateway SMS"},
		{"wait for a contact's later send", map[string]any{"message": "x", "wait_for": "delivered",
			"contacts": []map[string]any{{"phone": "+61421000001", "override_date_time": "2099-01-01 10:00"}}},
			`AttributeName("contacts").ElementKeyInt(0).AttributeName("override_date_time")`, "Cannot Wait For A Scheduled Gateway SMS"},
		{"sender id", map[string]any{"message": "x", "recipients": []any{"+61421000001"}, "sender_id": "ab"},
			`AttributeName("sender_id")`, "3 to 11 characters"},
		{"route", map[string]any{"message": "x", "recipients": []any{"+61421000001"}, "route": "fast"},
			`AttributeName("route")`, "value must be one of"},
		{"offset", map[string]any{"message": "x", "recipients": []any{"+61421000001"}, "timezone_offset": "+15"},
			`AttributeName("timezone_offset")`, "between -12 and +14"},
		{"blank message", map[string]any{"message": " ", "recipients": []any{"+61421000001"}},
			`AttributeName("message")`, "white space"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := h.Invoke(context.Background(), "bestsms_gateway_sms", tc.config)
			acctest.ExpectErrorAt(t, res.Diags, tc.at, tc.text)
		})
	}
	if n := len(mock.GatewaySMS()); n != 0 {
		t.Errorf("checks that failed sent %d SMS", n)
	}
}

// Values unknown at validation (from other resources) are checked at plan
// once known, and again when invoked.
func TestGatewaySMSAction_unknownValuesCheckedLater(t *testing.T) {
	mock := acctest.NewMock(t)
	h := newGatewayHarness(t, mock, nil)
	cfg := func(recipients any, sender any) map[string]any {
		return map[string]any{"message": "x", "recipients": recipients, "sender_id": sender}
	}
	acctest.RequireNoErrorDiags(t, "validate with unknowns", h.Validate("bestsms_gateway_sms", cfg(acctest.Unknown{}, acctest.Unknown{})))
	acctest.ExpectErrorAt(t, h.Plan("bestsms_gateway_sms", cfg([]any{"+61421000001"}, "x")), `AttributeName("sender_id")`, "3 to 11 characters")
	res := h.InvokeOnly(context.Background(), "bestsms_gateway_sms", cfg([]any{"0808 668 9567"}, "OnCall"))
	acctest.ExpectErrorAt(t, res.Diags, `AttributeName("recipients").ElementKeyInt(0)`, "Invalid Phone Number")
	res = h.InvokeOnly(context.Background(), "bestsms_gateway_sms", cfg([]any{}, "OnCall"))
	acctest.ExpectErrorAt(t, res.Diags, `AttributeName("recipients")`, "No Gateway SMS Recipients")
	if n := len(mock.GatewaySMS()); n != 0 {
		t.Errorf("checks that failed sent %d SMS", n)
	}
}

// A send whose answer is lost is not repeated, and the error says so.
func TestGatewaySMSAction_unknownOutcome(t *testing.T) {
	mock := acctest.NewMockWrapped(t, acctest.OnGatewayAction("send_sms", acctest.ActThenFail))
	h := newGatewayHarness(t, mock, map[string]any{"max_retries": 4})
	res := h.Invoke(context.Background(), "bestsms_gateway_sms", map[string]any{"message": "Once", "recipients": []any{"+61421000001"}})
	text := acctest.DiagsText(res.Diags)
	for _, want := range []string{"Gateway SMS Outcome Unknown", "did not send it again", "look for a batch submitted between"} {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, text)
		}
	}
	if n := mock.Stats().Routes["POST api_v1/send_sms"]; n != 1 {
		t.Errorf("send_sms was sent %d times, want exactly 1", n)
	}
	if n := len(mock.GatewaySMS()); n != 1 {
		t.Errorf("mock holds %d SMS, want the 1 the lost answer was about", n)
	}
}

func TestGatewaySMSAction_missingGatewayCredentials(t *testing.T) {
	acctest.SetGatewayEnv(t, nil)
	mock := acctest.NewMock(t)
	h := acctest.NewActionHarness(t, mock, nil) // REST credentials only
	res := h.Invoke(context.Background(), "bestsms_gateway_sms", map[string]any{"message": "x", "recipients": []any{"+61421000001"}})
	text := acctest.DiagsText(res.Diags)
	if !strings.Contains(text, "Missing Best SMS Gateway Credentials") || !strings.Contains(text, "bestsms_gateway_sms uses the legacy") {
		t.Errorf("diagnostics:\n%s\nwant Missing Best SMS Gateway Credentials naming bestsms_gateway_sms", text)
	}
}

// Without a gateway block, both environment variables configure the gateway.
func TestGatewaySMSAction_credentialsFromEnvironment(t *testing.T) {
	mock := acctest.NewMock(t)
	acctest.SetGatewayEnv(t, mock)
	h := acctest.NewActionHarness(t, mock, nil) // no gateway block
	res := h.Invoke(context.Background(), "bestsms_gateway_sms", map[string]any{"message": "Env", "recipients": []any{"+61421000001"}})
	acctest.RequireNoErrorDiags(t, "invoke", res.Diags)
	if batches := acctest.GatewayBatches(mock); len(batches) != 1 {
		t.Errorf("mock holds batches %q, want 1", batches)
	}
}

// scheduledBatch sends a message for tomorrow to numbers, through api_v1.
func scheduledBatch(t *testing.T, mock *acctest.Mock, numbers ...string) string {
	t.Helper()
	return mock.GatewaySend(t, gatewayapi.SendRequest{Message: "Later", Recipients: numbers,
		SendAt: time.Now().AddDate(0, 0, 1).Format("2006-01-02") + " 10:00"})
}

func TestGatewaySMSStopAction(t *testing.T) {
	mock := acctest.NewMock(t)
	h := newGatewayHarness(t, mock, nil)
	stop := scheduledBatch(t, mock, "2348086689567", "2348086689568")
	keep := scheduledBatch(t, mock, "2348086689569")
	sent := mock.GatewaySend(t, gatewayapi.SendRequest{Message: "Now", Recipients: []string{"2348086689560"}})

	res := h.Invoke(context.Background(), "bestsms_gateway_sms_stop", map[string]any{"batch_id": stop})
	acctest.RequireNoErrorDiags(t, "stop", res.Diags)
	if want := []string{"stopped 2 queued SMS records"}; !slices.Equal(res.Progress, want) {
		t.Errorf("progress = %q, want %q", res.Progress, want)
	}
	for _, s := range mock.GatewaySMS() {
		if want := s.BatchID == stop; s.Stopped != want {
			t.Errorf("record %d of batch %s: stopped = %v, want %v", s.ID, s.BatchID, s.Stopped, want)
		}
	}

	// A recipient filter reads the number in default_country, like every phone.
	res = h.Invoke(context.Background(), "bestsms_gateway_sms_stop", map[string]any{"recipient": "+234 808 668 9569", "stage": "pending"})
	acctest.RequireNoErrorDiags(t, "stop by recipient", res.Diags)
	if recs := acctest.GatewayBatch(mock, keep); !recs[0].Stopped {
		t.Errorf("the recipient filter did not stop batch %s", keep)
	}

	res = h.Invoke(context.Background(), "bestsms_gateway_sms_stop", map[string]any{"batch_id": sent})
	expectError(t, res.Diags, "No Queued Gateway SMS Matched")
	res = h.Invoke(context.Background(), "bestsms_gateway_sms_stop", map[string]any{"batch_id": "9_9_9"})
	expectError(t, res.Diags, "No Gateway SMS Matched")
}

// expectError asserts an error diagnostic, with or without a path, whose
// summary or detail contains text.
func expectError(t *testing.T, diags []*tfprotov6.Diagnostic, text string) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError && strings.Contains(d.Summary+" "+d.Detail, text) {
			return
		}
	}
	t.Errorf("no error containing %q; got:\n%s", text, acctest.DiagsText(diags))
}

// stop_sms without a filter stops every SMS of the sub-account: the action
// refuses it at validation, at plan once values are known, and when
// invoked.
func TestGatewaySMSStopAction_requiresAFilter(t *testing.T) {
	mock := acctest.NewMock(t)
	pending := scheduledBatch(t, mock, "2348086689567")
	h := newGatewayHarness(t, mock, nil)
	const want = "Gateway SMS Stop Needs A Filter"
	for name, cfg := range map[string]map[string]any{
		"nothing":          {},
		"empty values":     {"batch_id": "", "sms_ids": []any{}},
		"type normal only": {"type": "normal"},
	} {
		t.Run(name, func(t *testing.T) {
			expectError(t, h.Validate("bestsms_gateway_sms_stop", cfg), want)
		})
	}
	// Unknown at validation counts as a filter; known and empty at plan does not.
	acctest.RequireNoErrorDiags(t, "validate with an unknown batch_id", h.Validate("bestsms_gateway_sms_stop", map[string]any{"batch_id": acctest.Unknown{}}))
	expectError(t, h.Plan("bestsms_gateway_sms_stop", map[string]any{"batch_id": "  "}), want)
	expectError(t, h.InvokeOnly(context.Background(), "bestsms_gateway_sms_stop", map[string]any{"batch_id": ""}).Diags, want)
	acctest.RequireNoErrorDiags(t, "validate type = flash", h.Validate("bestsms_gateway_sms_stop", map[string]any{"type": "flash"}))

	if n := mock.Stats().Routes["POST api_v1/stop_sms"]; n != 0 {
		t.Errorf("stop_sms was sent %d times, want 0", n)
	}
	if recs := acctest.GatewayBatch(mock, pending); recs[0].Stopped {
		t.Error("the pending SMS was stopped")
	}
}

// Text plain SMS cannot carry is a warning at plan unless unicode is set.
func TestGatewaySMSAction_unicodeWarning(t *testing.T) {
	mock := acctest.NewMock(t)
	h := newGatewayHarness(t, mock, nil)
	cfg := map[string]any{"message": "Drill ✓", "recipients": []any{"+61421000001"},
		"contacts": []map[string]any{{"phone": "+61421000005", "override_message": "Plain"}, {"phone": "+61421000006", "override_message": "Café ☕"}}}
	diags := h.Plan("bestsms_gateway_sms", cfg)
	var at []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning && d.Summary == "Characters Outside GSM-7" {
			at = append(at, d.Attribute.String())
		}
	}
	want := []string{`AttributeName("message")`, `AttributeName("contacts").ElementKeyInt(1).AttributeName("override_message")`}
	if !slices.Equal(at, want) {
		t.Errorf("warnings at %q, want %q:\n%s", at, want, acctest.DiagsText(diags))
	}
	cfg["unicode"] = true
	if diags := h.Plan("bestsms_gateway_sms", cfg); len(diags) != 0 {
		t.Errorf("with unicode = true: %s", acctest.DiagsText(diags))
	}
}

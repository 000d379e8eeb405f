package messaging_test

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// These tests drive the actions through a real Terraform CLI (action blocks
// and action_trigger need Terraform 1.14 or later, so they skip on older
// CLIs; `make testacc` counts them and .ci/run runs them on a new CLI) and
// assert what the mock received. The protocol-level tests
// (message_action_test.go) cover the same behaviour on any CLI.

// Message ids the tests choose (the action generates a UUID when none is
// given; these are UUIDs too).
const (
	scheduledID = "0b9f3c1e-5a47-4d2e-9c61-7e2a8d4f1a01"
	secondID    = "0b9f3c1e-5a47-4d2e-9c61-7e2a8d4f1a02"
	failedID    = "0b9f3c1e-5a47-4d2e-9c61-7e2a8d4f1a03"
)

// messageActionBlock declares a bestsms_message action; body goes inside config.
func messageActionBlock(name, body string) string {
	return fmt.Sprintf("\naction \"bestsms_message\" %q {\n  config {\n%s\n  }\n}\n", name, body)
}

// controlAction declares a resubmit/reschedule/abort action on messageID.
func controlAction(kind, name, messageID, sendTime string) string {
	body := fmt.Sprintf("    message_id = %q\n", messageID)
	if sendTime != "" {
		body += fmt.Sprintf("    send_time  = %q\n", sendTime)
	}
	return fmt.Sprintf("\naction \"bestsms_message_%s\" %q {\n  config {\n%s  }\n}\n", kind, name, body)
}

// expectTexts checks that the mock received exactly these message texts,
// in order.
func expectTexts(mock *acctest.Mock, want ...string) error {
	var got []string
	for _, m := range mock.Messages() {
		got = append(got, m.Text)
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("mock received messages %q, want %q", got, want)
	}
	return nil
}

// recipientNumbers lists a message's expanded recipients, sorted.
func recipientNumbers(m mockapi.Message) []string {
	var out []string
	for _, r := range m.Recipients {
		out = append(out, r.Destination)
	}
	slices.Sort(out)
	return out
}

// recipientOutcomes lists "number status result" per recipient, sorted.
func recipientOutcomes(m mockapi.Message) []string {
	var out []string
	for _, r := range m.Recipients {
		out = append(out, r.Destination+" "+r.Status+" "+r.Result)
	}
	slices.Sort(out)
	return out
}

// messageState checks one message's job status, send time and recipient
// outcomes ("number status result", sorted).
func messageState(mock *acctest.Mock, id, status, sendTime string, outcomes ...string) error {
	m, ok := mock.Message(id)
	if !ok {
		return fmt.Errorf("mock has no message %s", id)
	}
	if m.Status != status || m.SendTime != sendTime {
		return fmt.Errorf("message %s: status %q, send time %q; want %q, %q", id, m.Status, m.SendTime, status, sendTime)
	}
	if got := recipientOutcomes(m); !slices.Equal(got, outcomes) {
		return fmt.Errorf("message %s recipients %q, want %q", id, got, outcomes)
	}
	return nil
}

// phrase matches words separated by any white space (Terraform wraps
// diagnostics).
func phrase(words string) string {
	return strings.Join(strings.Fields(regexp.QuoteMeta(words)), `\s+`)
}

// errorMatching matches a diagnostic with this summary whose text contains
// every phrase.
func errorMatching(summary string, phrases ...string) *regexp.Regexp {
	re := phrase(summary)
	for _, p := range phrases {
		re += `[\s\S]*` + phrase(p)
	}
	return regexp.MustCompile(re)
}

// An action_trigger on a terraform_data fires on create and on every
// update, in test mode; an unchanged re-apply sends nothing.
func TestAccMessageAction_triggeredByRosterChange(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionTriggeredByRosterChange)
}

func testAccMessageActionTriggeredByRosterChange(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	config := func(version string) string {
		return mock.ProviderConfig() + `
resource "terraform_data" "roster" {
  input = "` + version + `"
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.bestsms_message.notify]
    }
  }
}
` + messageActionBlock("notify", `
    message      = "Roster ${terraform_data.roster.input} applied"
    destinations = [{ recipient = "0421 000 001" }]
    test_mode    = true`)
	}
	testMode := func() error {
		for _, m := range mock.Messages() {
			if m.Mode != "Test" || m.Status != "Completed" || !slices.Equal(recipientOutcomes(m), []string{"+61421000001 Success Test mode - not sent"}) {
				return fmt.Errorf("message %q: mode %q, status %q, recipients %q; want a Test-mode message to +61421000001, completed",
					m.Text, m.Mode, m.Status, recipientOutcomes(m))
			}
		}
		return nil
	}
	resource.ParallelTest(t, acctest.ActionTestCase(t,
		resource.TestStep{
			Config: config("v1"),
			PostApplyFunc: acctest.MockCheck(t, func() error {
				return acctest.FirstErr(expectTexts(mock, "Roster v1 applied"), testMode())
			}),
		},
		// Every trigger sends again: an action stores nothing.
		resource.TestStep{
			Config: config("v2"),
			PostApplyFunc: acctest.MockCheck(t, func() error {
				return acctest.FirstErr(expectTexts(mock, "Roster v1 applied", "Roster v2 applied"), testMode())
			}),
		},
		// Nothing changed, nothing triggered, nothing sent.
		resource.TestStep{
			Config:        config("v2"),
			PostApplyFunc: acctest.MockCheck(t, func() error { return expectTexts(mock, "Roster v1 applied", "Roster v2 applied") }),
		},
	))
}

// An action_trigger on bestsms_group_members fires after the members are in
// place: the group expands to the new roster. The group id is unknown until
// the apply creates the group.
func TestAccMessageAction_triggeredByGroupMembers(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionTriggeredByGroupMembers)
}

func testAccMessageActionTriggeredByGroupMembers(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	config := func(members ...string) string {
		cfg := mock.ProviderConfig() + `
resource "bestsms_group" "team" {
  name = "Night Shift"
}
`
		for i, n := range []string{"ann", "bob", "cat"} {
			cfg += fmt.Sprintf("resource \"bestsms_contact\" %q {\n  attention    = %q\n  mobile_phone = \"+6142100010%d\"\n}\n", n, n, i+1)
		}
		var refs []string
		for _, m := range members {
			refs = append(refs, "bestsms_contact."+m+".id")
		}
		return cfg + fmt.Sprintf(`
resource "bestsms_group_members" "team" {
  group_id    = bestsms_group.team.id
  contact_ids = [%s]
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.bestsms_message.roster_changed]
    }
  }
}
`, strings.Join(refs, ", ")) + messageActionBlock("roster_changed", `
    message      = "You are on the Night Shift roster"
    destinations = [{ group_id = bestsms_group.team.id }]`)
	}
	// sent checks the group destination and the numbers it expanded to, per
	// message.
	sent := func(rosters ...[]string) func() {
		return acctest.MockCheck(t, func() error {
			msgs := mock.Messages()
			if len(msgs) != len(rosters) {
				return fmt.Errorf("mock received %d messages, want %d", len(msgs), len(rosters))
			}
			g, err := mock.OnlyGroup()
			if err != nil {
				return err
			}
			for i, m := range msgs {
				if want := []map[string]any{{"GroupID": g.GroupID}}; !reflect.DeepEqual(m.Destinations, want) {
					return fmt.Errorf("message %d destinations %v, want %v", i+1, m.Destinations, want)
				}
				if got := recipientNumbers(m); !slices.Equal(got, rosters[i]) {
					return fmt.Errorf("message %d went to %q, want %q", i+1, got, rosters[i])
				}
			}
			return nil
		})
	}
	annBob := []string{"+61421000101", "+61421000102"}
	all := []string{"+61421000101", "+61421000102", "+61421000103"}
	resource.ParallelTest(t, acctest.ActionTestCase(t,
		resource.TestStep{Config: config("ann", "bob"), PostApplyFunc: sent(annBob)},
		resource.TestStep{Config: config("ann", "bob", "cat"), PostApplyFunc: sent(annBob, all)},
		resource.TestStep{Config: config("ann", "bob", "cat"), PostApplyFunc: sent(annBob, all)},
	))
}

// Each kind of destination reaches the API as its own item: a number (in
// national format, personalised), a contact, a group by id and a group by
// code, all created in the same apply.
func TestAccMessageAction_destinationKinds(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionDestinationKinds)
}

func testAccMessageActionDestinationKinds(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	config := mock.ProviderConfig() + `
resource "bestsms_contact" "ann" {
  attention    = "Ann"
  mobile_phone = "+61421000201"
}

resource "bestsms_contact" "bob" {
  attention    = "Bob"
  mobile_phone = "+61421000202"
}

resource "bestsms_contact" "cat" {
  attention    = "Cat"
  mobile_phone = "0421 000 203"
}

resource "bestsms_group" "ops" {
  name = "Ops"
}

resource "bestsms_group" "dev" {
  name = "Dev Team"
}

resource "bestsms_group_members" "ops" {
  group_id    = bestsms_group.ops.id
  contact_ids = [bestsms_contact.bob.id]
}

resource "bestsms_group_members" "dev" {
  group_id    = bestsms_group.dev.id
  contact_ids = [bestsms_contact.cat.id]
}
` + acctest.OnCreate("send", "[bestsms_group_members.ops.id, bestsms_group_members.dev.id]", "action.bestsms_message.everyone") +
		messageActionBlock("everyone", `
    message = "Hello [[First Name]]"
    destinations = [
      { recipient = "0421 000 200", first_name = "Zoe" },
      { contact_id = bestsms_contact.ann.id },
      { group_id = bestsms_group.ops.id },
      { group_code = bestsms_group.dev.code },
    ]`)
	resource.ParallelTest(t, acctest.ActionTestCase(t, resource.TestStep{
		Config: config,
		PostApplyFunc: acctest.MockCheck(t, func() error {
			m := onlyMessage(t, mock)
			var ann mockapi.Contact
			var ops, dev mockapi.Group
			for _, c := range mock.Contacts() {
				if c.Attention == "Ann" {
					ann = c
				}
			}
			for _, g := range mock.Groups() {
				switch g.GroupName {
				case "Ops":
					ops = g
				case "Dev Team":
					dev = g
				}
			}
			zoe := map[string]any{"Recipient": "+61421000200", "First Name": "Zoe"} // v2's names
			if v == acctest.V300 {
				zoe = map[string]any{"Recipient": "+61421000200", "ToNumber": "+61421000200", "FirstName": "Zoe"} // v3's (the mock adds Recipient)
			}
			want := []map[string]any{
				zoe,
				{"ContactID": ann.ContactID},
				{"GroupID": ops.GroupID},
				{"GroupCode": dev.GroupCode},
			}
			if ann.ContactID == "" || ops.GroupID == "" || dev.GroupCode == "" || !reflect.DeepEqual(m.Destinations, want) {
				return fmt.Errorf("destinations received\n got %v\nwant %v", m.Destinations, want)
			}
			if got, want := recipientNumbers(m), []string{"+61421000200", "+61421000201", "+61421000202", "+61421000203"}; !slices.Equal(got, want) {
				return fmt.Errorf("recipients %q, want %q", got, want)
			}
			if m.Mode != "" || m.Recipients[0].FirstName != "Zoe" {
				return fmt.Errorf("mode %q, first recipient's first name %q; want a live send personalised for Zoe", m.Mode, m.Recipients[0].FirstName)
			}
			return nil
		}),
	}))
}

// send_time schedules: RFC 3339 goes to the API in UTC, the local form with
// the timezone given.
func TestAccMessageAction_sendTime(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionSendTime)
}

func testAccMessageActionSendTime(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	config := mock.ProviderConfig() +
		acctest.OnCreate("schedule", `"x"`, "action.bestsms_message.offset", "action.bestsms_message.local") +
		messageActionBlock("offset", fmt.Sprintf(`
    message      = "Christmas shift, Sydney"
    message_id   = %q
    send_time    = "2099-12-24T09:00:00+11:00"
    destinations = [{ recipient = "+61421000301" }]`, scheduledID)) +
		messageActionBlock("local", fmt.Sprintf(`
    message      = "Christmas shift, Auckland"
    message_id   = %q
    send_time    = "2099-12-24T09:00"
    timezone     = "New Zealand"
    destinations = [{ recipient = "+64211234567" }]`, secondID))
	resource.ParallelTest(t, acctest.ActionTestCase(t, resource.TestStep{
		Config: config,
		PostApplyFunc: acctest.MockCheck(t, func() error {
			for _, want := range []struct {
				id, sendTime, zone string
				sendAt             time.Time
			}{
				{scheduledID, "2099-12-23T22:00", "UTC", time.Date(2099, 12, 23, 22, 0, 0, 0, time.UTC)},
				{secondID, "2099-12-24T09:00", "New Zealand", time.Date(2099, 12, 23, 20, 0, 0, 0, time.UTC)},
			} {
				m, ok := mock.Message(want.id)
				if !ok {
					return fmt.Errorf("mock has no message %s", want.id)
				}
				if m.SendTime != want.sendTime || m.TimeZone != want.zone || !m.SendAt.Equal(want.sendAt) || m.Status != "Delayed" {
					return fmt.Errorf("message %s: send time %q in %q, sends at %s, status %s; want %q in %q, at %s, Delayed",
						want.id, m.SendTime, m.TimeZone, m.SendAt, m.Status, want.sendTime, want.zone, want.sendAt)
				}
			}
			return expectTexts(mock, "Christmas shift, Sydney", "Christmas shift, Auckland")
		}),
	}))
}

// pollClock records when the mock last answered a status poll.
type pollClock struct {
	mu   sync.Mutex
	last time.Time
}

func (p *pollClock) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		// A status poll: v2's get/status/{id}, v3's sms/{id}.
		if r.Method == http.MethodGet && (strings.Contains(r.URL.Path, "/get/status/") ||
			strings.Contains(r.URL.Path, "/sms/") && !strings.HasSuffix(r.URL.Path, "/received")) {
			p.mu.Lock()
			p.last = time.Now()
			p.mu.Unlock()
		}
	})
}

func (p *pollClock) lastPoll() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// wait_for_delivery keeps polling until every recipient is delivered: the
// last status answer comes after the last delivery.
func TestAccMessageAction_waitForDelivery(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionWaitForDelivery)
}

func testAccMessageActionWaitForDelivery(t *testing.T, v acctest.APIVersion) {
	var polls pollClock
	mock := v.NewMockWrapped(t, polls.middleware, func(o *mockapi.Options) { o.DeliveryDelay = 500 * time.Millisecond })
	config := mock.ProviderConfig() + acctest.OnCreate("deploy", `"x"`, "action.bestsms_message.deployed") +
		messageActionBlock("deployed", `
    message           = "Deploy finished"
    destinations      = [{ recipient = "+61421000311" }, { recipient = "+61421000312" }]
    wait_for_delivery = true
    wait_timeout      = "2m"`)
	resource.ParallelTest(t, acctest.ActionTestCase(t, resource.TestStep{
		Config: config,
		PostApplyFunc: acctest.MockCheck(t, func() error {
			m := onlyMessage(t, mock)
			want := []string{"+61421000311 Success delivered", "+61421000312 Success delivered"}
			if got := recipientOutcomes(m); m.Status != "Completed" || !slices.Equal(got, want) {
				return fmt.Errorf("message status %q, recipients %q; want Completed, %q", m.Status, got, want)
			}
			for _, r := range m.Recipients {
				if polls.lastPoll().Before(r.SentTime) {
					return fmt.Errorf("last status poll at %s, before %s was delivered at %s: the action did not wait",
						polls.lastPoll(), r.Destination, r.SentTime)
				}
			}
			return nil
		}),
	}))
}

// wait_for_delivery fails the apply naming the recipient that failed (the
// mock fails numbers ending in 0000); a re-apply does not send again.
func TestAccMessageAction_waitForDeliveryFailedRecipient(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionWaitForDeliveryFailedRecipient)
}

func testAccMessageActionWaitForDeliveryFailedRecipient(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t, func(o *mockapi.Options) { o.DeliveryDelay = 200 * time.Millisecond })
	config := mock.ProviderConfig() + acctest.OnCreate("deploy", `"x"`, "action.bestsms_message.deployed") +
		messageActionBlock("deployed", `
    message           = "Deploy finished"
    destinations      = [{ recipient = "+61421000321" }, { recipient = "+61421000000" }]
    wait_for_delivery = true`)
	outcome := []string{"+61421000000 Failed Invalid number", "+61421000321 Success delivered"}
	resource.ParallelTest(t, acctest.ActionTestCase(t,
		resource.TestStep{
			Config:      config,
			ExpectError: errorMatching("Message Delivery Failed", "1 of 2 recipients failed", "+61421000000: Invalid number"),
		},
		resource.TestStep{
			PreConfig: acctest.MockCheck(t, func() error {
				if got := recipientOutcomes(onlyMessage(t, mock)); !slices.Equal(got, outcome) {
					return fmt.Errorf("recipients %q, want %q", got, outcome)
				}
				return nil
			}),
			Config:        config,
			PostApplyFunc: acctest.MockCheck(t, func() error { return expectTexts(mock, "Deploy finished") }),
		},
	))
}

// wait_timeout bounds the wait and says where delivery stood.
func TestAccMessageAction_waitTimeout(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageActionWaitTimeout)
}

func testAccMessageActionWaitTimeout(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t, func(o *mockapi.Options) { o.DeliveryDelay = time.Hour })
	config := mock.ProviderConfig() + acctest.OnCreate("deploy", `"x"`, "action.bestsms_message.deployed") +
		messageActionBlock("deployed", fmt.Sprintf(`
    message           = "Deploy finished"
    message_id        = %q
    destinations      = [{ recipient = "+61421000331" }]
    wait_for_delivery = true
    wait_timeout      = "2s"`, scheduledID))
	resource.ParallelTest(t, acctest.ActionTestCase(t,
		resource.TestStep{
			Config: config,
			ExpectError: errorMatching("Message Delivery Not Confirmed", scheduledID, "within wait_timeout (2s)",
				"last status: 0/1 delivered, 0 failed"),
		},
		resource.TestStep{
			PreConfig: acctest.MockCheck(t, func() error {
				return acctest.FirstErr(expectTexts(mock, "Deploy finished"),
					messageState(mock, scheduledID, "Pending", "", "+61421000331 Pending Pending"))
			}),
			Config: config,
		},
	))
}

// Reschedule and abort act on a scheduled message; on v2 resubmit refuses
// it until it is no longer scheduled, then sends an aborted message's
// recipients again; on v3.00, which has no resubmit, it fails at plan.
func TestAccMessageControlActions_scheduledMessage(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageControlActionsScheduledMessage)
}

func testAccMessageControlActionsScheduledMessage(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	send := acctest.OnCreate("send", `"x"`, "action.bestsms_message.later") + messageActionBlock("later", fmt.Sprintf(`
    message      = "Maintenance tonight"
    message_id   = %q
    send_time    = "2099-01-01T09:00"
    destinations = [{ recipient = "+61421000401" }]`, scheduledID))
	base := mock.ProviderConfig() + send
	step := func(trigger, kind, sendTime string) string {
		return base + acctest.OnCreate(trigger, `"x"`, "action.bestsms_message_"+kind+"."+trigger) +
			controlAction(kind, trigger, scheduledID, sendTime)
	}
	state := func(status, sendTime string, outcomes ...string) func() {
		return acctest.MockCheck(t, func() error {
			return acctest.FirstErr(expectTexts(mock, "Maintenance tonight"), messageState(mock, scheduledID, status, sendTime, outcomes...))
		})
	}
	const waiting = "+61421000401 Pending Pending"
	steps := []resource.TestStep{
		{Config: base, PostApplyFunc: state("Delayed", "2099-01-01T09:00", waiting)},
		{
			Config: step("move", "reschedule", "2099-06-01T10:00"),
			PostApplyFunc: acctest.MockCheck(t, func() error {
				m, _ := mock.Message(scheduledID)
				if want := time.Date(2099, 6, 1, 0, 0, 0, 0, time.UTC); !m.SendAt.Equal(want) {
					return fmt.Errorf("rescheduled message sends at %s, want %s (10:00 in the account's zone)", m.SendAt, want)
				}
				return acctest.FirstErr(expectTexts(mock, "Maintenance tonight"), messageState(mock, scheduledID, "Delayed", "2099-06-01T10:00", waiting))
			}),
		},
	}
	abort := resource.TestStep{
		PreConfig:     state("Delayed", "2099-06-01T10:00", waiting),
		Config:        step("cancel", "abort", ""),
		PostApplyFunc: state("Deleted", "2099-06-01T10:00", "+61421000401 Failed Aborted"),
	}
	if v == acctest.V300 { // v3.00 has no SMS resubmit: refused at plan, nothing sent
		steps = append(steps, abort, resource.TestStep{
			Config: step("again", "resubmit", ""),
			ExpectError: errorMatching("Not Supported By API Version v3.00",
				`bestsms_message_resubmit cannot be used with api_version = "v3.00"`, "v2.03 or v2.04"),
		})
	} else {
		steps = append(steps,
			resource.TestStep{
				Config: step("retry", "resubmit", ""),
				ExpectError: errorMatching("Unable to Run Message Resubmit", "resubmit message "+scheduledID,
					"Message has not completed yet (status: Delayed)"),
			},
			abort,
			resource.TestStep{
				Config:        step("again", "resubmit", ""),
				PostApplyFunc: state("Completed", "2099-06-01T10:00", "+61421000401 Success delivered"),
			})
	}
	resource.ParallelTest(t, acctest.ActionTestCase(t, steps...))
}

// Abort and reschedule refuse a message that has been sent (and failed);
// on v2 resubmit schedules its failed recipient again, which abort then
// cancels.
func TestAccMessageControlActions_failedMessage(t *testing.T) {
	acctest.EachAPIVersion(t, testAccMessageControlActionsFailedMessage)
}

func testAccMessageControlActionsFailedMessage(t *testing.T, v acctest.APIVersion) {
	mock := v.NewMock(t)
	send := acctest.OnCreate("send", `"x"`, "action.bestsms_message.ping") + messageActionBlock("ping", fmt.Sprintf(`
    message      = "Pager test"
    message_id   = %q
    destinations = [{ recipient = "+61421000000" }]`, failedID))
	base := mock.ProviderConfig() + send
	step := func(trigger, kind, sendTime string) string {
		return base + acctest.OnCreate(trigger, `"x"`, "action.bestsms_message_"+kind+"."+trigger) +
			controlAction(kind, trigger, failedID, sendTime)
	}
	stateErr := func(status string, outcomes ...string) error {
		return acctest.FirstErr(expectTexts(mock, "Pager test"), messageState(mock, failedID, status, "", outcomes...))
	}
	state := func(status string, outcomes ...string) func() {
		return acctest.MockCheck(t, func() error { return stateErr(status, outcomes...) })
	}
	const failed = "+61421000000 Failed Invalid number"
	steps := []resource.TestStep{
		{Config: base, PostApplyFunc: state("Completed", failed)},
		{
			Config: step("cancel", "abort", ""),
			ExpectError: errorMatching("Unable to Run Message Abort", "abort message "+failedID,
				"Message is not Delayed (status: Completed)"),
		},
		{
			PreConfig: state("Completed", failed),
			Config:    step("move", "reschedule", "2099-06-01T10:00"),
			ExpectError: errorMatching("Unable to Run Message Reschedule", "reschedule message "+failedID,
				"Message is not Delayed (status: Completed)"),
		},
	}
	if v == acctest.V300 { // no resubmit on v3.00
		resource.ParallelTest(t, acctest.ActionTestCase(t, steps...))
		return
	}
	steps = append(steps,
		resource.TestStep{
			PreConfig: state("Completed", failed),
			Config:    step("retry", "resubmit", "2099-01-01T09:00"),
			PostApplyFunc: acctest.MockCheck(t, func() error {
				m, _ := mock.Message(failedID)
				if want := time.Date(2098, 12, 31, 22, 0, 0, 0, time.UTC); !m.SendAt.Equal(want) {
					return fmt.Errorf("resubmitted message sends at %s, want %s (09:00 in the account's zone)", m.SendAt, want)
				}
				return stateErr("Delayed", "+61421000000 Pending Pending")
			}),
		},
		resource.TestStep{
			Config:        step("cancel_retry", "abort", ""),
			PostApplyFunc: state("Deleted", "+61421000000 Failed Aborted"),
		})
	resource.ParallelTest(t, acctest.ActionTestCase(t, steps...))
}

package messaging

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// send_time: the scheduling argument of bestsms_message and the control
// actions, read and checked the same way by both.

// sendTimeLocalLayout is the API's SendTime form (contributing/wire-protocol.md §5.1).
const sendTimeLocalLayout = "2006-01-02T15:04"

// scheduledTime is a parsed send_time.
type scheduledTime struct {
	// wire is the SendTime sent: YYYY-MM-DDTHH:MM.
	wire string
	// zone is the TimeZone sent with it: "UTC" for an RFC 3339 time, else
	// "" (the timezone attribute, or the account's zone).
	zone string
	// latest is the latest instant the time can denote: the instant itself
	// when its zone is known, else its reading in the westernmost zone the
	// API supports.
	latest time.Time
	// droppedSeconds reports an RFC 3339 time whose seconds (or fractions)
	// were dropped: the API schedules to the minute.
	droppedSeconds bool
}

// parseSendTime reads a send_time: RFC 3339 with an offset, when rfc3339 is
// set, kept to the minute (scheduledTime.droppedSeconds); or
// YYYY-MM-DDTHH:MM in loc (nil: the account's zone, which the provider
// does not know).
func parseSendTime(s string, loc *time.Location, rfc3339 bool) (scheduledTime, error) {
	if rfc3339 {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			at := t.UTC().Truncate(time.Minute)
			return scheduledTime{wire: at.Format(sendTimeLocalLayout), zone: "UTC", latest: at, droppedSeconds: !at.Equal(t)}, nil
		}
	}
	if _, err := time.Parse(sendTimeLocalLayout, s); err != nil {
		if rfc3339 {
			return scheduledTime{}, fmt.Errorf("%q is neither RFC 3339 (2026-12-24T09:00:00+11:00) nor YYYY-MM-DDTHH:MM (2026-12-24T09:00)", s)
		}
		return scheduledTime{}, fmt.Errorf("%q is not YYYY-MM-DDTHH:MM (for example 2026-12-24T09:00)", s)
	}
	st := scheduledTime{wire: s}
	zones := []*time.Location{loc}
	if loc == nil { // the account's zone: any zone the API supports
		zones = zones[:0]
		for _, name := range client.TimeZoneNames() {
			if z, ok := client.LoadTimeZone(name); ok {
				zones = append(zones, z)
			}
		}
	}
	for _, z := range zones {
		if t, err := time.ParseInLocation(sendTimeLocalLayout, s, z); err == nil && t.After(st.latest) {
			st.latest = t
		}
	}
	return st, nil
}

// checkPast reports a send time that lies in the past beyond the tolerance.
func (st scheduledTime) checkPast(s string, now time.Time) error {
	if !st.latest.Before(now.Add(-framework.SendTimeTolerance)) {
		return nil
	}
	return fmt.Errorf("%q is in the past (%s before now): the API would send the message at once. Use a future time, "+
		"or leave send_time out to send now; a time at most %s in the past sends at once",
		s, now.Sub(st.latest).Round(time.Minute), framework.SendTimeTolerance)
}

// timezoneValidator accepts the Windows time-zone names the API documents.
var timezoneValidator = framework.StringCheck{
	Summary: "Unknown Time Zone",
	Rule:    "must be one of " + strings.Join(client.TimeZoneNames(), ", "),
	Check: func(_ context.Context, v string, _ tfsdk.Config) error {
		if _, ok := client.LoadTimeZone(v); ok {
			return nil
		}
		return fmt.Errorf("%q is not a time zone the BestSMS API knows. Use one of the Windows zone names it "+
			"documents: %s (optionally followed by \" Standard Time\"), or write send_time in RFC 3339 with its offset",
			v, strings.Join(client.TimeZoneNames(), ", "))
	},
}

// sendTimeValidator accepts a send time in the future (or at most
// framework.SendTimeTolerance in the past): YYYY-MM-DDTHH:MM, in the zone named by
// the zoneAttr attribute when set (else the account's zone), or, with
// rfc3339, RFC 3339 with an offset.
func sendTimeValidator(rfc3339 bool, zoneAttr string) framework.StringCheck {
	description := "must be YYYY-MM-DDTHH:MM (2026-12-24T09:00), not in the past"
	if rfc3339 {
		description = "must be RFC 3339 (2026-12-24T09:00:00+11:00) or YYYY-MM-DDTHH:MM (2026-12-24T09:00), not in the past"
	}
	return framework.StringCheck{Summary: "Invalid Send Time", Rule: description,
		Check: func(ctx context.Context, v string, cfg tfsdk.Config) error {
			var loc *time.Location
			if zoneAttr != "" {
				var zone types.String
				if d := cfg.GetAttribute(ctx, path.Root(zoneAttr), &zone); d.HasError() {
					return fmt.Errorf("reading %s: %s", zoneAttr, d.Errors()[0].Detail())
				}
				if zone.IsUnknown() {
					return nil // checked again once known
				}
				loc, _ = client.LoadTimeZone(zone.ValueString()) // an unknown zone is timezoneValidator's error
			}
			st, err := parseSendTime(v, loc, rfc3339)
			if err == nil {
				err = st.checkPast(v, time.Now())
			}
			return err
		}}
}

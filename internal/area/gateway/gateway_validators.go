package gateway

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

// The plan-time checks of api_v1 values: stringChecks from functions that
// say what is wrong with a value (framework.ErrorCheck). Unknown and null values pass
// (the actions check again once they are known).

var (
	gatewayGroupName = framework.ErrorCheck(
		"Invalid Gateway Group Name",
		"must be a group name without commas or surrounding spaces",
		checkGatewayGroupName,
	)
	// gatewayName: first and last names, which the gateway trims.
	gatewayName = framework.ValueCheck("Invalid Gateway Contact Name",
		"must not have spaces around it (the gateway drops them)",
		func(v string) bool { return strings.TrimSpace(v) == v })
	gatewaySenderID = framework.ErrorCheck(
		"Invalid Sender ID",
		"must be 3 to 11 characters, or 3 to 14 digits",
		gatewayapi.ValidateSenderID,
	)
	gatewayTimezoneOffset = framework.ErrorCheck(
		"Invalid Timezone Offset",
		"must be hours from UTC between -12 and +14, such as +1, -5 or +5.5",
		gatewayapi.ValidateTimezoneOffset,
	)
	gatewayDate = framework.ErrorCheck(
		"Invalid Date",
		"must be a date such as 2016-04-22 13:45, 2016-04-22, 28-04-2016 13:45 or 28-04-2016",
		gatewayapi.ValidateDate,
	)
	// gatewaySendAt: a send time, not past in every timezone offset.
	gatewaySendAt = framework.ErrorCheck(
		"Invalid Send Time",
		"must be a send time such as 2016-04-22 13:45, 2016-04-22 or 13:45, not in the past",
		func(v string) error { return checkGatewaySendAt(v, time.Now()) },
	)
	gatewayDialCode = framework.ValueCheck("Invalid Dial Code", "must be 1 to 4 digits, such as 234 or 61", dialCodeDigits.MatchString)
	gatewayID       = framework.ErrorCheck(
		"Invalid Gateway ID",
		"must be a positive whole number",
		checkGatewayID,
	)
)

var dialCodeDigits = regexp.MustCompile(`^\d{1,4}$`)

// checkGatewayGroupName accepts a group name api_v1 can carry: it lists
// groups comma-separated (contact_groups, ignore_groups), trims names, and
// has no empty group.
func checkGatewayGroupName(v string) error {
	switch {
	case strings.TrimSpace(v) == "":
		return errors.New("a group name must not be empty")
	case strings.TrimSpace(v) != v:
		return fmt.Errorf("%q has spaces around it, which the gateway drops: remove them", v)
	case strings.Contains(v, ","):
		return fmt.Errorf("%q contains a comma: api_v1 separates group names with commas, so this group could "+
			"not be named in a send", v)
	}
	return nil
}

// checkGatewayID accepts an api_v1 id (contact_id, sms_id).
func checkGatewayID(v string) error {
	if n, err := strconv.Atoi(v); err != nil || n < 1 || strconv.Itoa(n) != v {
		return fmt.Errorf("%q is not an api_v1 id: ids are positive whole numbers such as 572", v)
	}
	return nil
}

// checkGatewaySendAt accepts a send_at or override_date_time layout that is
// not in the past: the gateway sends a past time at once, which is not what
// a written time means. The time is read at the request's timezone offset,
// which the provider may not know (the sub-account's default), so a time is
// only past when it is past at every offset (-12 to +14), with the
// tolerance of the REST actions; a bare "13:45" (today) is never past.
func checkGatewaySendAt(v string, now time.Time) error {
	if err := gatewayapi.ValidateSendAt(v); err != nil {
		return err
	}
	latest, ok := time.Time{}, false
	if t, err := time.Parse("2006-01-02 15:04", v); err == nil {
		latest, ok = t, true
	} else if t, err := time.Parse("2006-01-02", v); err == nil {
		latest, ok = t.Add(24*time.Hour-time.Minute), true // the day's last minute
	}
	if !ok {
		return nil
	}
	// Wall time at UTC-12 is the latest instant the text can denote.
	latest = latest.Add(12 * time.Hour)
	if latest.Before(now.Add(-framework.SendTimeTolerance)) {
		return fmt.Errorf("%q is in the past at every timezone offset: the gateway would send at once. Use a future "+
			"time, or leave it out to send now", v)
	}
	return nil
}

// The api_v1 sub-account's settings: GatewayOptions and their defaults.

package mockapi

import (
	"fmt"
	"strings"
	"time"
)

// GatewayOptions configures the api_v1 emulation. Zero fields take the
// Default* values below.
type GatewayOptions struct {
	// SubAccount and Password are the accepted sub_account and
	// sub_account_pass.
	SubAccount string
	Password   string
	// DialCode replaces the leading 0 of national numbers ("234").
	DialCode string
	// TimezoneOffset is the sub-account's offset from UTC in hours ("+1").
	TimezoneOffset string
	// SenderID is the default sender_id.
	SenderID string
	// Balance is the credit in units at start and after a reset.
	Balance int
}

// Gateway defaults: the reference's own example values, so that its sample
// URLs work against the mock as written.
const (
	DefaultGatewaySubAccount     = "001_mysub1"
	DefaultGatewayPassword       = "pa55w0Rd"
	DefaultGatewayDialCode       = "234"
	DefaultGatewayTimezoneOffset = "+1"
	DefaultGatewaySenderID       = "BestSMS"
	DefaultGatewayBalance        = 1000
)

// gatewayConfig is GatewayOptions resolved.
type gatewayConfig struct {
	subAccount, password string
	dialCode             string
	offset               *time.Location
	offsetText           string // as account_info shows it: "1", "-5", "5.5"
	senderID             string
	balance              int
}

func newGatewayConfig(o GatewayOptions) (gatewayConfig, error) {
	c := gatewayConfig{
		subAccount: defaultString(o.SubAccount, DefaultGatewaySubAccount),
		password:   defaultString(o.Password, DefaultGatewayPassword),
		senderID:   defaultString(o.SenderID, DefaultGatewaySenderID),
		balance:    o.Balance,
	}
	if c.balance == 0 {
		c.balance = DefaultGatewayBalance
	}
	if c.balance < 0 {
		return c, fmt.Errorf("gateway balance must not be negative, got %d", o.Balance)
	}
	dial, ok := parseDialCode(defaultString(o.DialCode, DefaultGatewayDialCode))
	if !ok {
		return c, fmt.Errorf("gateway dial code %q is not 1 to 4 digits", o.DialCode)
	}
	c.dialCode = dial
	loc, text, ok := parseOffset(defaultString(o.TimezoneOffset, DefaultGatewayTimezoneOffset))
	if !ok {
		return c, fmt.Errorf("gateway timezone offset %q is not an offset in hours such as +1, -5 or +5.5", o.TimezoneOffset)
	}
	c.offset, c.offsetText = loc, text
	if !validSenderID(c.senderID) {
		return c, fmt.Errorf("gateway sender id %q is not 3 to 11 characters or 3 to 14 digits", c.senderID)
	}
	return c, nil
}

func defaultString(v, def string) string {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	return v
}

// The sub-account's fixed ids.
const (
	gwSubAccountID = "1"
	gwUserID       = "1"
)

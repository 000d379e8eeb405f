package gateway

import (
	"strings"

	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

// gatewayNumber turns a configured phone number into the form sent to
// api_v1: its E.164 digits without "+" (national numbers read in region,
// the provider's default_country). The gateway gives numbers starting with
// 0 the sub-account's dial code, which may not be default_country's, so
// the provider never sends a national number.
func gatewayNumber(number, region string) (string, error) {
	e164, err := phone.Normalize(number, region)
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(e164, "+"), nil
}

// gatewayStoredPhone turns a number as api_v1 stores it, international
// digits without "+" ("2348086689567"), into E.164 ("+2348086689567").
// Anything else (a national number, letters) is returned as it is.
func gatewayStoredPhone(stored string) string {
	stored = strings.TrimSpace(stored)
	if stored == "" || stored[0] < '1' || stored[0] > '9' {
		return stored
	}
	for _, r := range stored {
		if r < '0' || r > '9' {
			return stored
		}
	}
	return "+" + stored
}

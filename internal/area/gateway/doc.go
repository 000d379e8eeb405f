// Package gateway holds the bestsms_gateway_* kinds, which speak the legacy
// Best SMS Gateway api_v1: the resources bestsms_gateway_contact and
// bestsms_gateway_group_contacts; the data sources bestsms_gateway_account,
// bestsms_gateway_contacts, bestsms_gateway_contact_groups and
// bestsms_gateway_messages; the actions bestsms_gateway_sms and
// bestsms_gateway_sms_stop; the plan-time checks of api_v1 values
// (gateway_validators.go) and phone numbers in the gateway's form
// (gateway_numbers.go). Its kinds configure with framework.GatewayData and
// report errors with framework.AddGatewayError.
//
// The api_v1 client, internal/gateway, shares this package's name and is
// imported as gatewayapi. This package must not import internal/client (the
// REST API), another area, internal/provider or internal/acctest.
package gateway

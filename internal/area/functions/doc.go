// Package functions holds the provider functions normalize_phone,
// sms_segments and group_code: Terraform faces of the domain packages that
// hold their logic (internal/phone, internal/smsenc, internal/groupcode).
//
// Functions are computed locally: the package must not import
// internal/client, internal/gateway, another area, internal/provider or
// internal/acctest.
package functions

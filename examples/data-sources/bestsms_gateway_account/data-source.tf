# The gateway sub-account: credit, default sender, dial code, timezone offset.
data "bestsms_gateway_account" "this" {}

output "gateway_credit" {
  value = tonumber(data.bestsms_gateway_account.this.balance)
}

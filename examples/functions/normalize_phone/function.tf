terraform {
  required_providers {
    bestsms = {
      source = "bestsms/bestsms"
    }
  }
}

# "+61421000001": national numbers are read in the given region.
output "alice_mobile" {
  value = provider::bestsms::normalize_phone("0421 000 001", "AU")
}

# International numbers ignore the region: "+6421555123".
output "nz_mobile" {
  value = provider::bestsms::normalize_phone("+64 21 555 123", "AU")
}

# Compare numbers however they were written.
locals {
  on_call = ["0421 000 001", "+61 421 000 002"]
  caller  = "+61421000001"
}

output "caller_is_on_call" {
  value = contains([for n in local.on_call : provider::bestsms::normalize_phone(n, "AU")], local.caller)
}

# What to adopt. terraform query reads the *.tfquery.hcl files of the
# directory; the provider block of main.tf configures the provider.
# include_resource = true makes each result carry the whole resource, which
# -generate-config-out writes as a resource block; limit (100 unless set)
# caps the results of each list block.

list "bestsms_contact" "all" {
  provider         = bestsms
  include_resource = true
  limit            = 1000
}

list "bestsms_group" "all" {
  provider         = bestsms
  include_resource = true
  limit            = 1000
}

list "bestsms_group_membership" "all" {
  provider         = bestsms
  include_resource = true
  limit            = 1000
}

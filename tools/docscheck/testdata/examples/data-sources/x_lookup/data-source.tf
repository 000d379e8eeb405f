data "x_lookup" "a" { name = "a" }

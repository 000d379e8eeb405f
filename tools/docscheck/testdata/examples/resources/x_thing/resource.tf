resource "x_thing" "a" {}

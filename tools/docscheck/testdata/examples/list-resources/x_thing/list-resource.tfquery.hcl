list "x_thing" "all" {
  provider = x
}

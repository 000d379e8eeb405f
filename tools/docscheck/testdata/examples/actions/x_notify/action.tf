action "x_notify" "a" {}

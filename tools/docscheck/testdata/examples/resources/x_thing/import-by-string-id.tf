import {
  to = x_thing.a
  id = "1"
}

import {
  to       = x_thing.example
  identity = { id = "thing-1" }
}

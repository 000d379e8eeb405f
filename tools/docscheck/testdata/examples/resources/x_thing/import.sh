terraform import x_thing.a 1

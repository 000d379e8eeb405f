output "a" { value = provider::x::shout("a") }

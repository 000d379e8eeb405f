# Every SMS opt-out of the register (Text ones included), to adopt them with
# terraform query -generate-config-out=optouts.tf.
list "bestsms_optout" "sms" {
  provider         = bestsms
  include_resource = true
  config {
    dest_type = "SMS"
  }
}

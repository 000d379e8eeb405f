package framework

import (
	"time"
)

// WaitTimeoutValidator accepts a positive Go duration of at most 24 hours.
var WaitTimeoutValidator = ValueCheck("Invalid Duration", "must be a positive duration such as 90s or 10m, at most 24h",
	func(s string) bool { d, err := time.ParseDuration(s); return err == nil && d > 0 && d <= 24*time.Hour })

const DefaultWaitTimeout = 5 * time.Minute

// DefaultStatusGrace is how long after a submission a "not found" from
// the status poll means "not visible yet" rather than an error: the API
// validates submissions asynchronously, so a message it has just accepted
// can be unknown to get/status for a moment ("Message(s) NOT found").
const DefaultStatusGrace = 30 * time.Second

// SendTimeTolerance is how far in the past a send_time may lie. The API
// sends a message whose SendTime has passed at once, which is not what a
// user who wrote a time meant, so an older time is an error; a time within
// the tolerance (the current minute, or written a moment ago) sends at once.
const SendTimeTolerance = 5 * time.Minute

// Opt-outs: the numbers and contacts that asked not to be messaged
// (REST v3.00 optout/…), as the dashboard's Opt-outs page reads them.

package mockapi

import "time"

// OptOut is one opt-out: a Destination or a ContactID that must not get
// messages of DestType from SubAccount and Department (empty = all).
type OptOut struct {
	OptOutID        string
	DestType        string
	Destination     string
	ContactID       string
	SubAccount      string
	Department      string
	StopMessage     string
	Notes           string
	OriginalMessage string
	Created         time.Time
	Updated         time.Time
}

// OptOuts returns every opt-out, oldest first. The REST v2.0x and gateway
// wires the mock serves have no opt-outs, so the list is empty until the
// store keeps them (REST v3.00).
func (s *Server) OptOuts() []OptOut {
	return []OptOut{}
}

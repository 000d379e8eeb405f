// The api_v1 part of the state, account_info and the gateway's Go API
// (goroutine-safe, all returning copies).

package mockapi

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
)

// gatewayState is the api_v1 part of the state document.
type gatewayState struct {
	// Balance is the credit in units; nil means the configured start value.
	Balance       *int             `json:"Balance,omitempty"`
	Disabled      bool             `json:"Disabled"`
	NextSMSID     int              `json:"NextSMSID"`
	NextContactID int              `json:"NextContactID"`
	SMS           []gwStoredSMS    `json:"SMS"`
	Contacts      []GatewayContact `json:"Contacts"`
}

func (g *gatewayState) clone() gatewayState {
	out := *g
	if g.Balance != nil {
		b := *g.Balance
		out.Balance = &b
	}
	out.SMS = append([]gwStoredSMS{}, g.SMS...)
	out.Contacts = append([]GatewayContact{}, g.Contacts...)
	return out
}

// normalise checks a loaded gateway state, fills in empty slices and makes
// the id counters pass every stored id (files from before the gateway have
// none of it).
func (g *gatewayState) normalise() error {
	if g.SMS == nil {
		g.SMS = []gwStoredSMS{}
	}
	if g.Contacts == nil {
		g.Contacts = []GatewayContact{}
	}
	if g.Balance != nil && *g.Balance < 0 {
		return fmt.Errorf("gateway balance %d is negative", *g.Balance)
	}
	var err error
	if g.NextSMSID, err = nextFreeID("SMS", g.SMS, func(m gwStoredSMS) int { return m.ID }, g.NextSMSID); err != nil {
		return err
	}
	g.NextContactID, err = nextFreeID("contact", g.Contacts, func(c GatewayContact) int { return c.ID }, g.NextContactID)
	if err != nil {
		return err
	}
	return nil
}

// nextFreeID checks that the ids of items are positive and unique and
// moves next (at least 1) past every one of them.
func nextFreeID[T any](what string, items []T, id func(T) int, next int) (int, error) {
	seen := map[int]bool{}
	next = max(next, 1)
	for _, it := range items {
		n := id(it)
		if n < 1 || seen[n] {
			return 0, fmt.Errorf("gateway %s id %d is invalid or repeated", what, n)
		}
		seen[n] = true
		next = max(next, n+1)
	}
	return next, nil
}

func newGatewayState() gatewayState {
	return gatewayState{NextSMSID: 1, NextContactID: 1, SMS: []gwStoredSMS{}, Contacts: []GatewayContact{}}
}

// balance is the current credit.
func (g *gatewayState) balance(c gatewayConfig) int {
	if g.Balance != nil {
		return *g.Balance
	}
	return c.balance
}

func (g *gatewayState) setBalance(n int) { g.Balance = &n }

var subAccountPrefix = regexp.MustCompile(`^\d+_`)

func (s *Server) gwAccountInfo(_ *gwRequest) (any, *gwError) {
	balance := 0
	s.store.view(func(st *state) { balance = st.Gateway.balance(s.gateway) })
	name := s.gateway.subAccount
	if short := subAccountPrefix.ReplaceAllString(name, ""); short != "" {
		name = short
	}
	return map[string]string{
		"sub_account_id":     gwSubAccountID,
		"sub_account":        name,
		"user_id":            gwUserID,
		"balance":            strconv.Itoa(balance),
		"notification_email": "gateway@example.com",
		"default_dial_code":  s.gateway.dialCode,
		"timezone_offset":    s.gateway.offsetText,
		"default_sender_id":  s.gateway.senderID,
	}, nil
}

// GatewayAccount is the sub-account as the admin API shows it.
type GatewayAccount struct {
	SubAccount     string `json:"sub_account"`
	Balance        int    `json:"balance"`
	Disabled       bool   `json:"disabled"`
	DialCode       string `json:"default_dial_code"`
	TimezoneOffset string `json:"timezone_offset"`
	SenderID       string `json:"default_sender_id"`
	SMS            int    `json:"sms"`
	Contacts       int    `json:"contacts"`
}

// GatewayAccount returns the sub-account's settings and counts.
func (s *Server) GatewayAccount() GatewayAccount {
	a := GatewayAccount{SubAccount: s.gateway.subAccount, DialCode: s.gateway.dialCode,
		TimezoneOffset: s.gateway.offsetText, SenderID: s.gateway.senderID}
	s.store.view(func(st *state) {
		a.Balance, a.Disabled = st.Gateway.balance(s.gateway), st.Gateway.Disabled
		a.SMS, a.Contacts = len(st.Gateway.SMS), len(st.Gateway.Contacts)
	})
	return a
}

// SetGatewayBalance sets the credit in units.
func (s *Server) SetGatewayBalance(units int) {
	_ = s.store.update(func(st *state) error {
		st.Gateway.setBalance(units)
		return nil
	})
}

// SetGatewayDisabled disables (error 5) or enables the sub-account.
func (s *Server) SetGatewayDisabled(disabled bool) {
	_ = s.store.update(func(st *state) error {
		st.Gateway.Disabled = disabled
		return nil
	})
}

// GatewayContacts returns every gateway contact in creation order.
func (s *Server) GatewayContacts() []GatewayContact {
	var out []GatewayContact
	s.store.view(func(st *state) { out = append([]GatewayContact{}, st.Gateway.Contacts...) })
	return out
}

// PutGatewayContact creates c (when c.ID is 0 or unknown: a new id) or
// replaces the contact with its id, bypassing the API (for drift tests).
// The phone is stored as given; an empty GroupName is "default" and a zero
// Time the current time. It returns the stored contact.
func (s *Server) PutGatewayContact(c GatewayContact) GatewayContact {
	_ = s.store.update(func(st *state) error {
		if c.GroupName == "" {
			c.GroupName = defaultGroup
		}
		if c.Time.IsZero() {
			c.Time = s.store.timestamp()
		}
		for i := range st.Gateway.Contacts {
			if st.Gateway.Contacts[i].ID == c.ID {
				st.Gateway.Contacts[i] = c
				return nil
			}
		}
		c.ID = st.Gateway.NextContactID
		st.Gateway.NextContactID++
		st.Gateway.Contacts = append(st.Gateway.Contacts, c)
		return nil
	})
	return c
}

// DeleteGatewayContact removes a contact; it reports whether it existed.
func (s *Server) DeleteGatewayContact(id int) bool {
	found := false
	_ = s.store.update(func(st *state) error {
		for i := range st.Gateway.Contacts {
			if st.Gateway.Contacts[i].ID == id {
				st.Gateway.Contacts = append(st.Gateway.Contacts[:i], st.Gateway.Contacts[i+1:]...)
				found = true
				return nil
			}
		}
		return errNoChange
	})
	return found
}

// GatewaySMS returns every gateway SMS record as it is now, oldest first.
func (s *Server) GatewaySMS() []GatewaySMS {
	now := s.store.timestamp()
	var out []GatewaySMS
	s.store.view(func(st *state) {
		out = make([]GatewaySMS, 0, len(st.Gateway.SMS))
		for _, m := range st.Gateway.SMS {
			out = append(out, m.view(now))
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

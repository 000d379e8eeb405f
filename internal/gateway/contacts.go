package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Account is the answer of account_info.
type Account struct {
	SubAccountID string
	// SubAccount is the sub-account's name as the gateway shows it.
	SubAccount string
	UserID     string
	// Balance is the credit as the gateway writes it (e.g. "1209").
	Balance           string
	NotificationEmail string
	DefaultDialCode   string
	TimezoneOffset    string
	DefaultSenderID   string
}

// AccountInfo returns the sub-account's details (account_info).
func (c *Client) AccountInfo(ctx context.Context) (*Account, error) {
	obj, err := c.do(ctx, call{action: "account_info", replayable: true})
	if err != nil {
		return nil, err
	}
	var w struct {
		SubAccountID      flexString `json:"sub_account_id"`
		SubAccount        flexString `json:"sub_account"`
		UserID            flexString `json:"user_id"`
		Balance           flexString `json:"balance"`
		NotificationEmail flexString `json:"notification_email"`
		DefaultDialCode   flexString `json:"default_dial_code"`
		TimezoneOffset    flexString `json:"timezone_offset"`
		DefaultSenderID   flexString `json:"default_sender_id"`
	}
	if err := json.Unmarshal(mustJSON(obj), &w); err != nil {
		return nil, c.masked(fmt.Errorf("api_v1 account_info: decoding the answer: %w", err))
	}
	return &Account{
		SubAccountID: string(w.SubAccountID), SubAccount: string(w.SubAccount), UserID: string(w.UserID),
		Balance: string(w.Balance), NotificationEmail: string(w.NotificationEmail),
		DefaultDialCode: string(w.DefaultDialCode), TimezoneOffset: string(w.TimezoneOffset),
		DefaultSenderID: string(w.DefaultSenderID),
	}, nil
}

// ContactInput is one contact to save. Only Phone is required.
type ContactInput struct {
	Phone     string
	FirstName string
	LastName  string
	// GroupName overrides SaveContactsRequest.GroupName for this contact.
	GroupName string
}

// MarshalJSON writes the reference's member names, only those set.
func (in ContactInput) MarshalJSON() ([]byte, error) {
	return contactJSON(in.Phone, map[string]string{"firstname": in.FirstName, "lastname": in.LastName, "group_name": strings.TrimSpace(in.GroupName)})
}

// SaveContactsRequest is a save_contacts: at least one phone number or
// contact. The gateway replaces a leading 0 with the sub-account's dial
// code.
type SaveContactsRequest struct {
	PhoneNumbers []string
	Contacts     []ContactInput
	// GroupName is the group of every number and of the contacts without
	// their own; empty means the gateway's "default".
	GroupName string
}

// SaveContacts saves contacts (save_contacts) and returns how many the
// gateway saved. api_v1 answers no ids: find the contacts with
// FetchContacts. It is not repeated after an unknown outcome.
func (c *Client) SaveContacts(ctx context.Context, in SaveContactsRequest) (int, error) {
	if len(in.PhoneNumbers) == 0 && len(in.Contacts) == 0 {
		return 0, errors.New("api_v1 save_contacts: no phone numbers or contacts")
	}
	fields := url.Values{}
	if len(in.PhoneNumbers) > 0 {
		v, err := listField("phone number", in.PhoneNumbers)
		if err != nil {
			return 0, fmt.Errorf("api_v1 save_contacts: %w", err)
		}
		fields.Set("phone_numbers", v)
	}
	if len(in.Contacts) > 0 {
		for i, ct := range in.Contacts {
			if strings.TrimSpace(ct.Phone) == "" {
				return 0, fmt.Errorf("api_v1 save_contacts: contact %d has no phone", i+1)
			}
		}
		fields.Set("contacts", string(mustJSON(in.Contacts)))
	}
	if g := strings.TrimSpace(in.GroupName); g != "" {
		fields.Set("group_name", g)
	}
	obj, err := c.do(ctx, call{action: "save_contacts", fields: fields})
	if err != nil {
		return 0, err
	}
	return c.total("save_contacts", obj)
}

// Contact is one contact of fetch_contacts.
type Contact struct {
	ID           string
	Phone        string
	FirstName    string
	LastName     string
	GroupName    string
	SubAccountID string
	UserID       string
	// Time is when it was saved.
	Time time.Time
}

type contactRecord struct {
	ContactID    flexString `json:"contact_id"`
	UserID       flexString `json:"user_id"`
	SubAccountID flexString `json:"sub_account_id"`
	Phone        flexString `json:"phone"`
	FirstName    flexString `json:"firstname"`
	LastName     flexString `json:"lastname"`
	GroupName    flexString `json:"group_name"`
	Time         flexString `json:"time"`
}

// ContactQuery filters fetch_contacts and delete_contacts.
type ContactQuery struct {
	// GroupName selects one group.
	GroupName string
	// SearchTerm matches phone numbers, first or last names.
	SearchTerm string
	ContactIDs []string
}

func (q ContactQuery) fields() (url.Values, error) {
	v := url.Values{}
	if g := strings.TrimSpace(q.GroupName); g != "" {
		v.Set("group_name", g)
	}
	if s := strings.TrimSpace(q.SearchTerm); s != "" {
		v.Set("search_term", s)
	}
	var ids []string
	for _, id := range q.ContactIDs {
		id = strings.TrimSpace(id)
		if n, err := strconv.Atoi(id); err != nil || n < 1 {
			return nil, fmt.Errorf("contact id %q is not a positive number", id)
		}
		ids = append(ids, id)
	}
	if len(ids) > 0 {
		v.Set("contact_ids", strings.Join(ids, ","))
	}
	return v, nil
}

// FetchContacts returns every contact matching q (fetch_contacts, all
// pages); an empty query returns every contact.
func (c *Client) FetchContacts(ctx context.Context, q ContactQuery) ([]Contact, error) {
	fields, err := q.fields()
	if err != nil {
		return nil, fmt.Errorf("api_v1 fetch_contacts: %w", err)
	}
	records, err := listAll(ctx, c, "fetch_contacts", fields, []string{"records", "contacts"},
		func(r contactRecord) string { return string(r.ContactID) })
	if err != nil {
		return nil, err
	}
	out := make([]Contact, 0, len(records))
	for _, r := range records {
		out = append(out, Contact{
			ID: string(r.ContactID), Phone: string(r.Phone), FirstName: string(r.FirstName), LastName: string(r.LastName),
			GroupName: string(r.GroupName), SubAccountID: string(r.SubAccountID), UserID: string(r.UserID), Time: epoch(r.Time),
		})
	}
	return out, nil
}

// ContactGroups returns every group name with its number of contacts
// (get_contact_groups). Groups exist only as the group_name of contacts.
func (c *Client) ContactGroups(ctx context.Context) (map[string]int, error) {
	obj, err := c.do(ctx, call{action: "get_contact_groups", replayable: true})
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	raw, ok := obj["contact_groups"]
	if !ok {
		return nil, fmt.Errorf("api_v1 get_contact_groups: the answer has no contact_groups (it has %s)", c.memberList(obj))
	}
	// An empty PHP array is written [] (or null), not {}.
	if list, _, err := decodeList[json.RawMessage](raw); err == nil && len(list) == 0 {
		return out, nil
	}
	var groups map[string]flexInt
	if err := json.Unmarshal(raw, &groups); err != nil {
		return nil, c.masked(fmt.Errorf("api_v1 get_contact_groups: decoding contact_groups: %w", err))
	}
	for name, n := range groups {
		out[name] = int(n)
	}
	return out, nil
}

// DeleteContacts deletes every contact matching q (delete_contacts) and
// returns how many. A query without any filter is refused with
// ErrNoFilter. It is not repeated after an unknown outcome.
func (c *Client) DeleteContacts(ctx context.Context, q ContactQuery) (int, error) {
	fields, err := q.fields()
	if err != nil {
		return 0, fmt.Errorf("api_v1 delete_contacts: %w", err)
	}
	if len(fields) == 0 {
		return 0, fmt.Errorf("api_v1 delete_contacts: %w: give a group name, a search term or contact ids", ErrNoFilter)
	}
	obj, err := c.do(ctx, call{action: "delete_contacts", fields: fields})
	if err != nil {
		return 0, err
	}
	return c.total("delete_contacts", obj)
}

package client

import "fmt"

// maxListPages is the most pages one listing reads (100,000 objects at
// the default page size): a guard against a server that never says
// "last page".
const maxListPages = 1000

// maxListBytes bounds the answers of one listing together, whatever its
// pages claim: each page may use only what the pages before it left (and
// at most MaxResponseBytes), so an API answering endless large pages fails
// the listing instead of growing the provider without bound.
const maxListBytes = 128 << 20 // Client.maxListBytes

// listKeyer is implemented by list items with an identity; listPages uses
// it to drop an item that a later page repeats. Items without one are
// compared by their JSON.
type listKeyer interface {
	listKey() string
}

// PagingError is a listing that does not end the way the API's paging
// says it should: a page that repeats only items of earlier pages, more
// pages than TotalRecords allows, or more than the client ever reads.
type PagingError struct {
	Method string
	Route  string
	Page   int
	Reason string
}

func (e *PagingError) Error() string {
	return fmt.Sprintf("BestSMS API %s %s: listing stopped at page %d: %s", e.Method, e.Route, e.Page, e.Reason)
}

func (c *Contact) listKey() string         { return c.ID }
func (g *Group) listKey() string           { return g.ID }
func (m *ReceivedMessage) listKey() string { return m.ReceivedID }

// listKey of a recipient: its DestSeq is unique within a message.
func (r *Recipient) listKey() string { return r.DestSeq }

package client

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Contact batches: the reads and writes of many contacts at once, for a
// resource that manages a whole list of them.

// ContactBatchWorkers is how many requests a batch keeps in flight: as many
// as Terraform's default -parallelism, so that a list of N contacts loads
// the API like N separate contact resources. The client's rate limit
// (Config.RequestsPerSecond) applies on top.
const ContactBatchWorkers = 10

// ReadContacts returns the contacts among ids that exist, keyed by id, as
// the API holds them. They come from one listing of the account's contacts
// (a request per page, DefaultPageSize contacts a page) instead of a GET
// each; with bulk reads on, it is the listing every read of this client
// shares. An id missing from the listing is asked for with a GET (several
// at once), so only the API decides that a contact is gone; gone contacts
// are absent from the result. Any other failure is the error.
func (c *Client) ReadContacts(ctx context.Context, ids []string) (map[string]Contact, error) {
	found := make(map[string]Contact, len(ids))
	if len(ids) == 0 {
		return found, nil
	}
	lookup, err := c.contactLookup(ctx, ids)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, id := range ids {
		ct, ok, err := lookup(id)
		switch {
		case err != nil:
			return nil, err
		case ok:
			found[id] = ct
		default:
			missing = append(missing, id)
		}
	}
	fetched := make([]*Contact, len(missing))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(ContactBatchWorkers)
	for i, id := range missing {
		g.Go(func() error {
			ct, err := c.fetchContact(gctx, id)
			if IsNotFound(err) {
				return nil
			}
			fetched[i] = ct
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, ct := range fetched {
		if ct != nil {
			found[missing[i]] = *ct
		}
	}
	return found, nil
}

// contactLookup returns a function that finds a contact in a listing: the
// shared one with bulk reads on, else one made now, kept for ids only.
func (c *Client) contactLookup(ctx context.Context, ids []string) (func(id string) (Contact, bool, error), error) {
	if c.cache != nil {
		return func(id string) (Contact, bool, error) { return c.cache.contact(ctx, c, id) }, nil
	}
	all, err := c.ListContacts(ctx)
	if err != nil {
		return nil, err
	}
	wanted := make(map[string]bool, len(ids))
	for _, id := range ids {
		wanted[id] = true
	}
	listed := make(map[string]Contact, len(ids))
	for _, ct := range all {
		if wanted[ct.ID] {
			listed[ct.ID] = ct
		}
	}
	return func(id string) (Contact, bool, error) {
		ct, ok := listed[id]
		return ct, ok, nil
	}, nil
}

// ContactWrite is one write of a batch: with Delete, delete the contact
// ID; with an ID, update it to Contact (see UpdateContact); without, create
// Contact (see CreateContact).
type ContactWrite struct {
	ID      string
	Contact Contact
	Delete  bool
}

// ContactWriteResult is the outcome of one ContactWrite: the contact as the
// API holds it after a create or an update, or the error. A delete of a
// contact that is already gone succeeds.
type ContactWriteResult struct {
	Contact *Contact
	Err     error
}

// WriteContacts makes the writes with at most ContactBatchWorkers in flight
// and returns their outcomes in the order of writes. Every write is made
// whatever the outcome of the others; once ctx is cancelled no new one
// starts, and those not started fail with ctx's error. Creates recover
// from unknown outcomes as CreateContact does, and writes already sent run
// to their answer (see the package documentation), so the outcomes say
// what the API did.
func (c *Client) WriteContacts(ctx context.Context, writes []ContactWrite) []ContactWriteResult {
	results := make([]ContactWriteResult, len(writes))
	var g errgroup.Group
	g.SetLimit(ContactBatchWorkers)
	for i := range writes {
		if err := ctx.Err(); err != nil {
			results[i].Err = err
			continue
		}
		g.Go(func() error {
			results[i] = c.writeContact(ctx, writes[i])
			return nil
		})
	}
	_ = g.Wait()
	return results
}

func (c *Client) writeContact(ctx context.Context, w ContactWrite) ContactWriteResult {
	if err := ctx.Err(); err != nil {
		return ContactWriteResult{Err: err}
	}
	var (
		ct  *Contact
		err error
	)
	switch {
	case w.Delete:
		if err = c.DeleteContact(ctx, w.ID); IsNotFound(err) {
			err = nil
		}
	case w.ID != "":
		ct, err = c.UpdateContact(ctx, w.ID, w.Contact)
	default:
		ct, err = c.CreateContact(ctx, w.Contact)
	}
	return ContactWriteResult{Contact: ct, Err: err}
}

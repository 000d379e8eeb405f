package client

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// ListGroupMembers returns every contact in the group whose GroupID is
// groupID (all pages).
func (c *Client) ListGroupMembers(ctx context.Context, groupID string) ([]Contact, error) {
	key, err := c.groupKey(ctx, groupID)
	if err != nil {
		return nil, err
	}
	return listBook[Contact](ctx, c, c.route(opGroupMembers, key), "Contacts")
}

// ListContactGroups returns every group the contact belongs to (all pages).
func (c *Client) ListContactGroups(ctx context.Context, contactID string) ([]Group, error) {
	groups, err := listBook[Group](ctx, c, c.route(opContactGroups, contactID), "Groups")
	if err != nil {
		return nil, err
	}
	c.remember(groups...)
	return groups, nil
}

// AddContactToGroup makes the contact a member of the group
// (POST addressbook/contact/{id}/group with {"GroupID"}, or {"GroupCode"}
// in v2.03; PATCH with {"GroupID"} in v3.00). Adding an existing member is
// not an error for the API, so the request is retried like a read; when its
// outcome is still unknown after the retries, the contact's groups decide
// whether it happened.
func (c *Client) AddContactToGroup(ctx context.Context, groupID, contactID string) error {
	key, err := c.groupKey(ctx, groupID)
	if err != nil {
		return err
	}
	body := map[string]string{"GroupID": key}
	if c.dialect.groupByCode {
		body = map[string]string{"GroupCode": key}
	}
	req := c.route(opMemberAdd, contactID)
	req.body, req.replayable = body, true
	req.writes = writes{kind: writesMembership, groupID: groupID, contactID: contactID}
	err = c.do(ctx, req, nil)
	if IsUnknownOutcome(err) && ctx.Err() == nil {
		if member, lerr := c.memberOf(ctx, groupID, contactID); lerr == nil && member {
			err = nil
		}
	}
	return err
}

// RemoveContactFromGroup ends the contact's membership of the group
// (DELETE addressbook/contact/{id}/group/{group}).
func (c *Client) RemoveContactFromGroup(ctx context.Context, groupID, contactID string) error {
	key, err := c.groupKey(ctx, groupID)
	if err != nil {
		return err
	}
	req := c.route(opMemberRemove, contactID, key)
	req.writes = writes{kind: writesMembership, groupID: groupID, contactID: contactID, remove: true}
	return c.do(ctx, req, nil)
}

// IsGroupMember reports whether the contact is in the group. A missing
// contact is an error for which IsNotFound is true.
//
// With bulk reads on, the answer comes from one shared listing of the
// group's members; when the contact is not in it, the contact's own group
// list decides, so only the API says "not a member". When the listing
// fails, its error is the answer.
func (c *Client) IsGroupMember(ctx context.Context, groupID, contactID string) (bool, error) {
	member, err := c.cache.isMember(ctx, c, groupID, contactID)
	if err != nil || member {
		return member, err
	}
	return c.memberOf(ctx, groupID, contactID)
}

// memberOf asks the API whether the contact is in the group, through the
// contact's own group list.
func (c *Client) memberOf(ctx context.Context, groupID, contactID string) (bool, error) {
	groups, err := c.ListContactGroups(ctx, contactID)
	if err != nil {
		return false, err
	}
	for _, g := range groups {
		if g.ID == groupID {
			return true, nil
		}
	}
	return false, nil
}

// MembershipWrite is one change of a group's member list: add the contact,
// or with Remove, take it out of the group (the contact stays).
type MembershipWrite struct {
	ContactID string
	Remove    bool
}

// WriteMemberships makes the changes to the members of the group with at
// most ContactBatchWorkers in flight, and returns their errors in the order
// of writes (nil for a change made). Removing a contact that is no longer a
// member, or no longer exists, is a change made. Every change is attempted
// whatever the outcome of the others; once ctx is cancelled no new one
// starts, and those not started fail with ctx's error (see WriteContacts).
func (c *Client) WriteMemberships(ctx context.Context, groupID string, writes []MembershipWrite) []error {
	errs := make([]error, len(writes))
	var g errgroup.Group
	g.SetLimit(ContactBatchWorkers)
	for i, w := range writes {
		if err := ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		g.Go(func() error {
			errs[i] = c.writeMembership(ctx, groupID, w)
			return nil // every write is made: its outcome is in errs
		})
	}
	_ = g.Wait()
	return errs
}

func (c *Client) writeMembership(ctx context.Context, groupID string, w MembershipWrite) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !w.Remove {
		return c.AddContactToGroup(ctx, groupID, w.ContactID)
	}
	if err := c.RemoveContactFromGroup(ctx, groupID, w.ContactID); err != nil && !IsNotFound(err) {
		return err
	}
	return nil
}

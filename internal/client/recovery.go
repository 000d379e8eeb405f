package client

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// recoveryClockSkew widens the window in which a found object counts as
// "created by the request whose outcome is unknown", for clock differences
// between this machine and the API.
const recoveryClockSkew = 2 * time.Minute

// createRecovering runs a create whose request the retry policy never
// replays blindly. When the outcome is unknown (HTTP 5xx, a timeout or a
// dropped connection after the request was sent: the API may have created
// the object), it looks for the object before deciding anything:
//
//   - exactly one object matching what was sent, created since just before
//     the first attempt and not already returned by this client: the create
//     happened, and that object is the result;
//   - none: the create did not happen, so it is sent again (at most
//     MaxRetries times);
//   - several: the outcome cannot be told apart, and an error says so.
//
// find returns the candidates created at or after since; id names an object.
func createRecovering[T any](ctx context.Context, c *Client, kind string,
	create func() (*T, error), find func(since time.Time) ([]T, error), id func(*T) string,
) (*T, error) {
	since := time.Now().Add(-recoveryClockSkew)
	for attempt := 0; ; attempt++ {
		obj, err := create()
		if err == nil {
			c.created.Store(kind+"/"+id(obj), true)
			return obj, nil
		}
		if !unknownOutcome(ctx, err) || attempt >= c.maxRetries {
			return nil, err
		}
		c.log.Debug(ctx, "create outcome unknown; looking for the object before sending again", map[string]any{
			"kind": kind, "attempt": attempt + 1, "error": err.Error(),
		})
		matches, ferr := find(since)
		if ferr != nil {
			return nil, fmt.Errorf("%w (the %s may have been created; looking for it failed: %v)", err, kind, ferr)
		}
		var unclaimed []*T
		for i := range matches {
			if _, taken := c.created.Load(kind + "/" + id(&matches[i])); !taken {
				unclaimed = append(unclaimed, &matches[i])
			}
		}
		switch len(unclaimed) {
		case 0:
			continue // not created: sending again cannot duplicate it
		case 1:
			c.log.Debug(ctx, "create had succeeded; adopting the object", map[string]any{"kind": kind, "id": id(unclaimed[0])})
			c.created.Store(kind+"/"+id(unclaimed[0]), true)
			return unclaimed[0], nil
		default:
			return nil, fmt.Errorf("%w (the %s may have been created: %d identical %ss were created since %s; "+
				"remove the duplicates, then import the one to keep)", err, kind, len(unclaimed), kind, since.UTC().Format(time.RFC3339))
		}
	}
}

// unknownOutcome reports whether a failed request may nevertheless have
// been carried out by the API: a server error, or a transport failure after
// the request left this machine.
func unknownOutcome(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= 500
	}
	return !isDialError(err) && !isPermanentTransportError(err) &&
		!errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

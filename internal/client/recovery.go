package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ---- unknown outcomes ----

// OutcomeUnknownError is a request that changes something and failed in a
// way that leaves open whether the API carried it out: after the request
// was written to the connection, the attempt timed out, the connection
// broke or the answer was cut short; or the API answered with a 5xx, a
// redirect, or a 2xx that is empty, not an API envelope, or lacks the
// created object or its id.
//
// It is the client's one notion of "outcome unknown". A create whose
// outcome is unknown is resolved by looking for the object (see
// createRecovering); a send is never repeated; the error names what to
// check.
type OutcomeUnknownError struct {
	Method string
	Route  string
	// Err is what went wrong.
	Err error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%v (the outcome is unknown: the API may have carried out the %s)", e.Err, e.Method)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// IsUnknownOutcome reports whether err leaves open whether the API carried
// out the change the request asked for.
func IsUnknownOutcome(err error) bool {
	var ue *OutcomeUnknownError
	return errors.As(err, &ue)
}

// IncompleteAnswerError is a success answer that does not carry what the
// request needs: a payload that cannot be decoded, or a created object
// without its id.
type IncompleteAnswerError struct {
	Method  string
	Route   string
	Problem string
	Err     error // optional
}

func (e *IncompleteAnswerError) Error() string {
	msg := fmt.Sprintf("BestSMS API %s %s: the API answered success, but %s", e.Method, e.Route, e.Problem)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *IncompleteAnswerError) Unwrap() error { return e.Err }

// mayHaveActed reports whether a failure of a sent request may hide a
// change the API made.
func mayHaveActed(err error) bool {
	var (
		attemptErr    *AttemptError
		redirectErr   *RedirectError
		incompleteErr *IncompleteAnswerError
		apiErr        *APIError
	)
	switch {
	case errors.As(err, &attemptErr):
		return attemptErr.Sent
	case errors.As(err, &redirectErr), errors.As(err, &incompleteErr):
		return true
	case errors.As(err, &apiErr):
		return apiErr.StatusCode >= 500 || apiErr.StatusCode < 300 && apiErr.Result == ""
	}
	return false
}

// failed returns the error of a request: err as it is, or, for a request
// that changes something, wrapped in an *OutcomeUnknownError when it may
// hide a change.
func (c *Client) failed(req request, err error) error {
	if err == nil || req.method == http.MethodGet || req.method == http.MethodHead || !mayHaveActed(err) {
		return err
	}
	return &OutcomeUnknownError{Method: req.method, Route: req.route, Err: err}
}

// incomplete is the unknown outcome of a create answered with success but
// without the object or its id.
func incomplete(req request, problem string) error {
	return &OutcomeUnknownError{Method: req.method, Route: req.route,
		Err: &IncompleteAnswerError{Method: req.method, Route: req.route, Problem: problem}}
}

// ---- the API's clock ----

// serverClock remembers the API's clock from the Date header of its most
// recent answer. Any answer gives a lower bound of the API's time at a
// local instant t: Date − (received − t). Date is truncated to the second
// and the answer travelled after the API stamped it, so the bound errs
// early by up to a second plus the answer's transit time, never late.
type serverClock struct {
	mu       sync.Mutex
	date     time.Time
	received time.Time
}

func (sc *serverClock) observe(header string) {
	if header == "" {
		return
	}
	date, err := http.ParseTime(header)
	if err != nil {
		return
	}
	now := time.Now()
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.date, sc.received = date, now
}

// at returns the API's time at local instant t (a lower bound), or false
// when no answer has carried a Date yet.
func (sc *serverClock) at(t time.Time) (time.Time, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.date.IsZero() {
		return time.Time{}, false
	}
	return sc.date.Add(t.Sub(sc.received)), true
}

// createdSlack widens "created since the first attempt" for timestamps the
// API writes at second precision and for a Date header that comes from a
// slightly different clock than the objects' timestamps.
const createdSlack = 2 * time.Second

// ---- the creates of this client ----

// createLedger tracks, per kind and request body, the creates of this
// client: how many have a request outstanding (sent, not yet answered),
// whether one is deciding a recovery, and which objects are ours (created
// or adopted through this client).
type createLedger struct {
	mu      sync.Mutex
	bodies  map[string]*ledgerEntry
	claimed map[string]bool // kind + "/" + id
}

type ledgerEntry struct {
	outstanding int
	deciding    bool
	changed     chan struct{} // closed and replaced whenever the entry changes
}

func (l *createLedger) entry(key string) *ledgerEntry {
	if l.bodies == nil {
		l.bodies = map[string]*ledgerEntry{}
	}
	e, ok := l.bodies[key]
	if !ok {
		e = &ledgerEntry{changed: make(chan struct{})}
		l.bodies[key] = e
	}
	return e
}

func (e *ledgerEntry) notify() {
	close(e.changed)
	e.changed = make(chan struct{})
}

// send notes a create request about to go out.
func (l *createLedger) send(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entry(key).outstanding++
}

// answered notes that a create request ended; a successful one claims id
// first, so that no recovery sees its object unclaimed. It reports false
// when id was already claimed by another create of this client.
func (l *createLedger) answered(key, kind, id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	ok := true
	if id != "" {
		ok = l.claimLocked(kind, id)
	}
	e := l.entry(key)
	e.outstanding--
	e.notify()
	return ok
}

func (l *createLedger) claimLocked(kind, id string) bool {
	if l.claimed == nil {
		l.claimed = map[string]bool{}
	}
	if l.claimed[kind+"/"+id] {
		return false
	}
	l.claimed[kind+"/"+id] = true
	return true
}

func (l *createLedger) isClaimed(kind, id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.claimed[kind+"/"+id]
}

// decide waits until no other create with the same body has a request
// outstanding and no recovery of one is deciding, then makes the caller
// the one deciding. Outstanding requests end within the request timeout.
func (l *createLedger) decide(ctx context.Context, key string) error {
	for {
		l.mu.Lock()
		e := l.entry(key)
		if e.outstanding == 0 && !e.deciding {
			e.deciding = true
			l.mu.Unlock()
			return nil
		}
		changed := e.changed
		l.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// decided ends a decision: with adopt, the object is claimed; with resend,
// the caller's next request counts as outstanding before anyone else may
// decide, so no recovery can adopt what that request creates.
func (l *createLedger) decided(key, kind, adopt string, resend bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if adopt != "" {
		l.claimLocked(kind, adopt)
	}
	e := l.entry(key)
	e.deciding = false
	if resend {
		e.outstanding++
	}
	e.notify()
}

// ---- create recovery ----

// AmbiguousCreateError is a create whose outcome was unknown and could not
// be resolved safely: objects matching it exist that this client cannot
// prove are its own (several, or one with no usable creation time).
type AmbiguousCreateError struct {
	// Kind is "contact", "group" or "opt-out".
	Kind string
	// Candidates are the ids of the matching objects, none of them
	// created or adopted by this client.
	Candidates []string
	// Err is the failure that left the outcome unknown.
	Err error
}

func (e *AmbiguousCreateError) Error() string {
	return fmt.Sprintf("%v; the %s may have been created, but it cannot be told apart from other matching %ss (%s): "+
		"keep one (import it into this resource), delete the others", e.Err, e.Kind, e.Kind, strings.Join(e.Candidates, ", "))
}

func (e *AmbiguousCreateError) Unwrap() error { return e.Err }

// recoverable describes one kind of object for createRecovering.
type recoverable[T any] struct {
	kind string
	// key identifies what is being created: creates with equal keys make
	// interchangeable objects.
	key string
	// create sends the create once; an object without an id must be
	// reported as an unknown outcome (see incomplete).
	create func() (*T, error)
	// find lists the objects that match what create sends, whenever made.
	find    func() ([]T, error)
	id      func(*T) string
	created func(*T) time.Time
}

// createRecovering runs a create whose request the retry policy never
// replays blindly. When the outcome is unknown (IsUnknownOutcome) it looks
// for the object before deciding anything. Only objects matching exactly
// what was sent count, and among them only candidates: not claimed by
// another create of this client, and created (by the API's clock, read
// from its Date headers) since just before the first attempt. The decision
// waits until no other create of this client with the same body has a
// request outstanding, because such a request may be what created a
// candidate:
//
//   - no candidate: the create did not happen, so it is sent again (at most
//     MaxRetries times; without retries left, the error says it was not
//     created);
//   - exactly one, with a creation time: the create happened, and that
//     object is the result;
//   - several, or one whose creation time cannot be placed: an
//     *AmbiguousCreateError lists them.
//
// Once ctx is cancelled nothing new is sent: the unknown outcome is
// returned as it is.
func createRecovering[T any](ctx context.Context, c *Client, r recoverable[T]) (*T, error) {
	key := r.kind + "\x00" + r.key
	start := time.Now()
	c.creates.send(key)
	for attempt := 0; ; attempt++ {
		obj, err := r.create()
		id := ""
		if err == nil {
			id = r.id(obj)
		}
		if !c.creates.answered(key, r.kind, id) {
			return nil, fmt.Errorf("the API answered the create with %s %s, which another resource of this run already holds; "+
				"a proxy or cache between the provider and the API may be replaying answers", r.kind, c.quote(id, maxQuotedName))
		}
		if err == nil {
			return obj, nil
		}
		if !IsUnknownOutcome(err) || ctx.Err() != nil {
			return nil, err
		}
		c.log.Debug(ctx, "create outcome unknown; looking for the object before sending again", map[string]any{
			"kind": r.kind, "attempt": attempt + 1, "error": err.Error(),
		})
		if derr := c.creates.decide(ctx, key); derr != nil {
			return nil, err
		}
		adopted, resend, derr := resolveCreate(c, r, start, err, attempt < c.maxRetries)
		id = ""
		if adopted != nil {
			id = r.id(adopted)
		}
		c.creates.decided(key, r.kind, id, resend)
		switch {
		case adopted != nil:
			c.log.Debug(ctx, "create had succeeded; adopting the object", map[string]any{"kind": r.kind, "id": id})
			return adopted, nil
		case !resend:
			return nil, derr
		}
	}
}

// resolveCreate looks for the object of a create whose outcome was
// unknown (cause) and says what to do: adopt an object, send again, or
// fail with the returned error.
func resolveCreate[T any](c *Client, r recoverable[T], start time.Time, cause error, retriesLeft bool) (adopt *T, resend bool, failure error) {
	matches, err := r.find()
	if err != nil {
		return nil, false, fmt.Errorf("%w; looking for the %s failed: %v", cause, r.kind, err)
	}
	since, known := c.clock.at(start)
	since = since.Add(-createdSlack)
	var candidates []*T
	placed := true
	for i := range matches {
		m := &matches[i]
		id := r.id(m)
		if id == "" || c.creates.isClaimed(r.kind, id) {
			continue
		}
		switch created := r.created(m); {
		case !known || created.IsZero():
			placed = false
		case created.Before(since):
			continue // older than the create: somebody else's
		}
		candidates = append(candidates, m)
	}
	switch {
	case len(candidates) == 0 && retriesLeft:
		return nil, true, nil
	case len(candidates) == 0:
		// Established: not created. The failure is no longer unknown.
		inner := cause
		var ue *OutcomeUnknownError
		if errors.As(cause, &ue) {
			inner = ue.Err
		}
		return nil, false, fmt.Errorf("%w (no %s matching the request exists, so it was not created; no retries left)", inner, r.kind)
	case len(candidates) == 1 && placed:
		return candidates[0], false, nil
	}
	ids := make([]string, len(candidates))
	for i, m := range candidates {
		ids[i] = r.id(m)
	}
	return nil, false, &AmbiguousCreateError{Kind: r.kind, Candidates: ids, Err: cause}
}

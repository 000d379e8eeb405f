package client

import (
	"math"
	"net/http"

	"golang.org/x/time/rate"
)

// rateLimitedTransport waits for a token before every request that leaves
// the client, first attempts and retries alike, so the limit holds across
// all concurrent Terraform operations sharing the client.
type rateLimitedTransport struct {
	next    http.RoundTripper
	limiter *rate.Limiter
}

func newRateLimitedTransport(next http.RoundTripper, perSecond float64) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	burst := max(1, int(math.Ceil(perSecond)))
	return &rateLimitedTransport{next: next, limiter: rate.NewLimiter(rate.Limit(perSecond), burst)}
}

// RoundTrip waits for a token. When none comes before the request's
// deadline, the limiter refuses at once; the request then fails as it would
// have had it waited: with the context's error, at the deadline.
func (t *rateLimitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := t.limiter.Wait(ctx); err != nil {
		if ctx.Err() == nil {
			<-ctx.Done()
		}
		return nil, ctx.Err()
	}
	return t.next.RoundTrip(req)
}

package mockapi

import (
	"fmt"
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Faults configures fault injection on /api/ requests. The zero value
// injects nothing.
type Faults struct {
	// Rate is the share (0..1) of matching /api/ requests that fail.
	Rate float64 `json:"rate"`
	// Statuses are the HTTP statuses injected faults use; each fault picks
	// one of them deterministically. Default [500].
	Statuses []int `json:"statuses"`
	// RetryAfterSeconds is sent as a Retry-After header on injected 429s
	// (0 = no header).
	RetryAfterSeconds int `json:"retry_after_seconds"`
	// Seed seeds the decisions: the same seed and the same sequence of
	// requests give the same faults.
	Seed int64 `json:"seed"`
	// AfterFraction is the share (0..1) of injected 5xx faults on mutating
	// requests (POST, PATCH, DELETE) that are given after the change was
	// applied: the real handler runs, its answer is discarded and the
	// client gets the fault instead.
	AfterFraction float64 `json:"after_fraction"`
	// Methods optionally restricts injection to these HTTP methods.
	Methods []string `json:"methods,omitempty"`
	// PathContains optionally restricts injection to requests whose
	// lower-cased path contains this string (compared lower-cased).
	PathContains string `json:"path_contains,omitempty"`
	// Network are the network fault rules (netfaults.go).
	Network []NetFault `json:"network,omitempty"`
}

// validate reports the first problem with f.
func (f Faults) validate() error {
	if f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("rate must be between 0 and 1, got %v", f.Rate)
	}
	if f.AfterFraction < 0 || f.AfterFraction > 1 {
		return fmt.Errorf("after_fraction must be between 0 and 1, got %v", f.AfterFraction)
	}
	if f.RetryAfterSeconds < 0 {
		return fmt.Errorf("retry_after_seconds must not be negative, got %d", f.RetryAfterSeconds)
	}
	for _, code := range f.Statuses {
		if code < 400 || code > 599 {
			return fmt.Errorf("statuses must be HTTP error codes (400-599), got %d", code)
		}
	}
	return validateNetFaults(f.Network)
}

// sanitised returns f with out-of-range values clamped, invalid statuses
// dropped and defaults filled in.
func (f Faults) sanitised() Faults {
	f.Rate = clamp01(f.Rate)
	f.AfterFraction = clamp01(f.AfterFraction)
	if f.RetryAfterSeconds < 0 {
		f.RetryAfterSeconds = 0
	}
	var statuses []int
	for _, code := range f.Statuses {
		if code >= 400 && code <= 599 {
			statuses = append(statuses, code)
		}
	}
	if len(statuses) == 0 {
		statuses = []int{http.StatusInternalServerError}
	}
	f.Statuses = statuses
	f.Methods = append([]string(nil), f.Methods...)
	f.Network = append([]NetFault(nil), f.Network...)
	return f
}

func clamp01(v float64) float64 {
	switch {
	case v < 0 || v != v: // negative or NaN
		return 0
	case v > 1:
		return 1
	}
	return v
}

// faultDecision is the outcome of one draw.
type faultDecision struct {
	inject     bool
	status     int
	after      bool // apply the change, then answer with the fault
	retryAfter int
}

// faultInjector makes seeded, reproducible fault decisions.
type faultInjector struct {
	mu  sync.Mutex
	cfg Faults
	rng *rand.Rand
}

func newFaultInjector(f Faults) *faultInjector {
	fi := &faultInjector{}
	fi.set(f)
	return fi
}

// set replaces the configuration and restarts the random sequence.
func (fi *faultInjector) set(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.cfg = f.sanitised()
	fi.rng = rand.New(rand.NewSource(fi.cfg.Seed))
}

// get returns the active configuration.
func (fi *faultInjector) get() Faults {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := fi.cfg
	f.Statuses = append([]int(nil), f.Statuses...)
	f.Methods = append([]string(nil), f.Methods...)
	return f
}

// decide draws exactly one number for every request that passes the
// filters (and none for the others), so that a given seed and request
// sequence always produce the same faults. The single draw u decides
// whether to inject (u < Rate); u/Rate, uniform on [0,1) when injecting,
// then picks the status and, through its fractional remainder, whether a
// 5xx on a mutating request comes after the change.
func (fi *faultInjector) decide(method, path string) faultDecision {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := fi.cfg
	if f.Rate <= 0 {
		return faultDecision{}
	}
	if len(f.Methods) > 0 {
		ok := false
		for _, m := range f.Methods {
			if strings.EqualFold(m, method) {
				ok = true
				break
			}
		}
		if !ok {
			return faultDecision{}
		}
	}
	if f.PathContains != "" && !strings.Contains(strings.ToLower(path), strings.ToLower(f.PathContains)) {
		return faultDecision{}
	}
	u := fi.rng.Float64()
	if u >= f.Rate {
		return faultDecision{}
	}
	v := u / f.Rate * float64(len(f.Statuses))
	idx := min(int(v), len(f.Statuses)-1)
	frac := v - float64(idx)
	d := faultDecision{inject: true, status: f.Statuses[idx]}
	if d.status >= 500 && isMutating(method) && frac < f.AfterFraction {
		d.after = true
	}
	if d.status == http.StatusTooManyRequests {
		d.retryAfter = f.RetryAfterSeconds
	}
	return d
}

func isMutating(method string) bool {
	switch strings.ToUpper(method) {
	case http.MethodPost, http.MethodPatch, http.MethodDelete, http.MethodPut:
		return true
	}
	return false
}

// faultReply builds the answer for an injected fault.
func faultReply(d faultDecision) *reply {
	msg := "Error occurred while creating job"
	switch {
	case d.status == http.StatusTooManyRequests:
		msg = "Too many requests"
	case d.status != http.StatusInternalServerError:
		msg = http.StatusText(d.status)
		if msg == "" {
			msg = "Injected fault"
		}
	}
	rep := failure(d.status, msg)
	rep.header = http.Header{}
	if d.after {
		rep.header.Set("X-Mock-Fault", "after-change")
	} else {
		rep.header.Set("X-Mock-Fault", "before-change")
	}
	if d.retryAfter > 0 {
		rep.header.Set("Retry-After", strconv.Itoa(d.retryAfter))
	}
	return rep
}

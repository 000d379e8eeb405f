// Requests: the last API calls (the mock's request log, secrets masked)
// and the fault injection in force.

package dashboard

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

type requestsView struct {
	Requests []mockapi.RequestRecord
	Size     int
	Faults   faultsView
}

// faultsView is the fault injection in words.
type faultsView struct {
	On      bool
	Rules   []string // status-code injection, one line per setting
	Network []string // one line per network rule
}

// requests serves GET /ui/requests.
func (d *Dashboard) requests(w http.ResponseWriter, r *http.Request) {
	p := d.newPage("Requests", "requests", "requests")
	p.Data = requestsView{Requests: d.src.Requests(), Size: mockapi.RequestLogSize, Faults: describeFaults(d.src.Faults())}
	d.finish(w, r, "requests", p)
}

// describeFaults words the fault settings.
func describeFaults(f mockapi.Faults) faultsView {
	var v faultsView
	if f.Rate > 0 {
		v.On = true
		statuses := make([]string, 0, len(f.Statuses))
		for _, s := range f.Statuses {
			statuses = append(statuses, strconv.Itoa(s))
		}
		v.Rules = append(v.Rules, "rate "+strconv.FormatFloat(f.Rate, 'f', -1, 64)+
			" of requests fail with "+strings.Join(statuses, ", ")+" (seed "+strconv.FormatInt(f.Seed, 10)+")")
		if f.AfterFraction > 0 {
			v.Rules = append(v.Rules, "after_fraction "+strconv.FormatFloat(f.AfterFraction, 'f', -1, 64)+
				" of injected 5xx on POST/PATCH/DELETE come after the change was made")
		}
		if f.RetryAfterSeconds > 0 {
			v.Rules = append(v.Rules, "Retry-After: "+strconv.Itoa(f.RetryAfterSeconds)+" on injected 429s")
		}
		if len(f.Methods) > 0 {
			v.Rules = append(v.Rules, "only methods "+strings.Join(f.Methods, ", "))
		}
		if f.PathContains != "" {
			v.Rules = append(v.Rules, "only paths containing "+strconv.Quote(f.PathContains))
		}
	}
	for _, n := range f.Network {
		v.On = true
		v.Network = append(v.Network, describeNetFault(n))
	}
	return v
}

// describeNetFault words a network rule like the -net-fault flag spells it.
func describeNetFault(n mockapi.NetFault) string {
	parts := []string{string(n.Mode)}
	add := func(k, v string) {
		if v != "" && v != "0" && v != "0s" {
			parts = append(parts, k+"="+v)
		}
	}
	add("method", n.Method)
	add("path", n.Path)
	add("count", strconv.Itoa(n.Count))
	add("delay", time.Duration(n.Delay).String())
	add("location", n.Location)
	add("status", strconv.Itoa(n.Status))
	add("size", strconv.FormatInt(n.Size, 10))
	if n.After {
		parts = append(parts, "after")
	}
	return strings.Join(parts, ",") + " (hit " + strconv.Itoa(n.Used) + " times)"
}

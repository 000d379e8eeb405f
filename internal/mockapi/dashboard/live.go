// Live updates by polling: a page's script asks GET /ui/live?view=NAME
// every second for the live token and, when it differs from the one the
// page was rendered at, fetches the page's live part again and swaps it in.

package dashboard

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// liveBody is the answer of GET /ui/live.
type liveBody struct {
	Token string `json:"token"`
}

// liveToken serves GET /ui/live?view=NAME.
func (d *Dashboard) liveToken(w http.ResponseWriter, r *http.Request) {
	data, _ := json.Marshal(liveBody{Token: d.token(r.URL.Query().Get("view"))})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(append(data, '\n'))
}

// token is the live token of a view: the mock's generation, which grows
// with every change to what the pages show; and, for the views that show
// message statuses while a message is still on its way, the current
// second, because statuses also change with the clock alone (a scheduled
// message starts, a gateway SMS is delivered) without a change to the store.
func (d *Dashboard) token(view string) string {
	var gen uint64
	busy := false
	if view == "outbox" || view == "message" {
		gen, busy = d.live.check(d.src)
	} else {
		gen = d.src.Generation()
	}
	t := strconv.FormatUint(gen, 10)
	if busy {
		t += "." + strconv.FormatInt(d.now().Unix(), 10)
	}
	return t
}

// liveCache remembers the generation at which no message was on its way,
// so that an idle poll costs no snapshot.
type liveCache struct {
	mu       sync.Mutex
	idleAt   uint64
	idleSeen bool
}

// check returns the generation and whether a message has a recipient
// whose status can still change with time alone. Reading the messages
// makes the mock record the transitions that are due, so the generation
// is read after them.
func (c *liveCache) check(src Source) (gen uint64, busy bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	gen = src.Generation()
	if c.idleSeen && c.idleAt == gen {
		return gen, false
	}
	for _, m := range src.Messages() {
		for _, r := range m.Recipients {
			busy = busy || r.Status == "Pending"
		}
	}
	for _, m := range src.GatewaySMS() {
		busy = busy || !m.Stopped && (m.Status == 0 || m.Status == 1)
	}
	gen = src.Generation()
	c.idleAt, c.idleSeen = gen, !busy
	return gen, busy
}

// pollInterval is how often a page's script polls, in milliseconds; the
// pages carry it to the script.
const pollInterval = time.Second

package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/redact/redacttest"
)

// hostileToken has the characters every escaped form writes differently.
const hostileToken = `eyJ0/ok+en@S3cr3t&"x<y>.z`

// echo is one way a hostile server or proxy puts what it received into
// its answer: text is the token in some escaped form, after some padding.
type echo struct {
	name string
	// call makes the request the answer goes to.
	call  func(c *Client) error
	write func(w http.ResponseWriter, text string)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var echoes = []echo{
	{"API message", getContact, func(w http.ResponseWriter, text string) {
		writeBody(w, 400, `{"Result":"Failed","ErrorMessage":`+jsonString(text+" was refused")+`}`)
	}},
	{"API message, raw", getContact, func(w http.ResponseWriter, text string) {
		writeBody(w, 400, `{"Result":"Failed","Message":"`+text+`"}`)
	}},
	{"many API messages", getContact, func(w http.ResponseWriter, text string) {
		many := make([]string, 50)
		for i := range many {
			many[i] = text
		}
		b, _ := json.Marshal(map[string]any{"Result": "Failed", "ErrorMessage": many})
		writeBody(w, 400, string(b))
	}},
	{"proxy page", getContact, func(w http.ResponseWriter, text string) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = fmt.Fprintf(w, "%s</pre></body></html>", text)
	}},
	{"success that is no envelope", getContact, func(w http.ResponseWriter, text string) {
		writeBody(w, 200, text)
	}},
	{"redirect", getContact, func(w http.ResponseWriter, text string) {
		w.Header().Set("Location", "https://login.example/?"+text)
		w.WriteHeader(http.StatusFound)
	}},
	{"listing without its list", func(c *Client) error { _, err := c.ListGroups(context.Background()); return err },
		func(w http.ResponseWriter, text string) {
			writeBody(w, 200, `{"Result":"Success","TotalRecords":3,`+jsonString(text)+`:1}`)
		}},
	{"value that does not decode", func(c *Client) error {
		_, err := c.MessageStatus(context.Background(), "m1")
		return err
	}, func(w http.ResponseWriter, text string) {
		writeBody(w, 200, `{"Result":"Success","MessageID":"m1","Status":"Completed","Price":`+jsonString(text)+`}`)
	}},
}

func getContact(c *Client) error {
	_, err := c.GetContact(context.Background(), "c1")
	return err
}

// A server that echoes the token in every escaped form, with the echo
// ending at every point around the lengths the client cuts quotes to
// (errors, trace logs), never shows it, nor six characters of it, in an
// error or a log entry.
func TestTokenNeverShownWhateverTheServerEchoes(t *testing.T) {
	var current atomic.Pointer[echo]
	var text atomic.Pointer[string]
	base := stub(t, func(w http.ResponseWriter, r *http.Request) { current.Load().write(w, *text.Load()) })
	logger := &recordingLogger{}
	c := newTestClient(t, base, withRetries(0), func(cfg *Config) { cfg.AuthToken, cfg.Logger = hostileToken, logger })

	cases := 0
	for _, form := range redacttest.Forms {
		echoed := form.Enc(hostileToken)
		// Pads that end the echo at every byte around the error quote's cut
		// (maxErrorBody) and, more sparsely, the trace log's (maxBodyLog).
		var pads []int
		for _, cut := range []int{maxErrorBody, maxBodyLog} {
			step := 1
			if cut == maxBodyLog {
				step = 11
			}
			for p := max(cut-len(echoed)-8, 0); p <= cut+2; p += step {
				pads = append(pads, p)
			}
		}
		for _, e := range echoes {
			for _, pad := range pads {
				if e.name != "API message" && e.name != "proxy page" && pad%5 != 0 {
					continue // the cut is what those two test; the rest only take a sample
				}
				current.Store(&e)
				padded := strings.Repeat("x", pad) + echoed
				text.Store(&padded)
				logger.entries = nil
				err := e.call(c)
				if err == nil {
					t.Fatalf("%s, %s: no error", e.name, form.Name)
				}
				cases++
				shown := []string{err.Error()}
				for _, entry := range logger.all() {
					shown = append(shown, entry.render())
				}
				for _, s := range shown {
					if leak := redacttest.Leak(s, hostileToken); leak != "" {
						t.Fatalf("%s, %s form, padded by %d: %q shows %s", e.name, form.Name, pad, s, leak)
					}
				}
				if len(err.Error()) > 4*maxErrorBody+maxMessages*(maxErrorBody+3) {
					t.Fatalf("%s, %s form: the error is %d bytes long", e.name, form.Name, len(err.Error()))
				}
			}
		}
	}
	if cases < 1000 {
		t.Fatalf("only %d cases ran", cases)
	}
}

// The quotes stay useful: what is not the token is kept, and a long list
// of messages or members ends with how many more there were.
func TestQuotesAreBoundedAndSayHowMuchIsLeftOut(t *testing.T) {
	var body atomic.Pointer[string]
	base := stub(t, func(w http.ResponseWriter, r *http.Request) { writeBody(w, 400, *body.Load()) })
	c := newTestClient(t, base, withRetries(0))

	many := make([]string, 25)
	for i := range many {
		many[i] = "message " + strconv.Itoa(i+1) + " " + strings.Repeat("m", 500)
	}
	b, _ := json.Marshal(map[string]any{"Result": "Failed", "ErrorMessage": many})
	messages := string(b)
	body.Store(&messages)
	ae := apiErr(t, getContact(c))
	if len(ae.Messages) != maxMessages+1 || ae.Messages[maxMessages] != "and 15 more" ||
		!strings.HasPrefix(ae.Messages[0], "message 1 mmm") || len(ae.Messages[0]) > maxErrorBody+len("…") {
		t.Errorf("messages = %d: %q … %q", len(ae.Messages), ae.Messages[0], ae.Messages[len(ae.Messages)-1])
	}

	members := map[string]int{"Result": 0}
	for i := range 5000 {
		members[fmt.Sprintf("member%05d%s", i, strings.Repeat("n", 300))] = i
	}
	b, _ = json.Marshal(members)
	page := strings.Replace(string(b), `"Result":0`, `"Result":"Success","TotalRecords":9`, 1)
	body.Store(&page)
	base = stub(t, func(w http.ResponseWriter, r *http.Request) { writeBody(w, 200, *body.Load()) })
	_, err := newTestClient(t, base, withRetries(0)).ListGroups(context.Background())
	if err == nil || len(err.Error()) > 1000 || !strings.Contains(err.Error(), "and 4992 more") ||
		!strings.Contains(err.Error(), "TotalRecords, member00000nnn") {
		t.Errorf("error (%d bytes) = %.600q", len(fmt.Sprint(err)), err)
	}
}

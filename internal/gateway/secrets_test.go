package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/redact/redacttest"
)

// hostilePassword has the characters every escaped form writes differently.
const hostilePassword = `S3 cr3t/P@ss&"x<y>+z`

// echo is one way a hostile gateway or proxy puts the password it received
// into its answer: text is the password in some escaped form, after some
// padding.
type echo struct {
	name  string
	call  func(c *Client) error
	write func(w http.ResponseWriter, text string)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func accountInfo(c *Client) error { _, err := c.AccountInfo(context.Background()); return err }

var echoes = []echo{
	{"error message", accountInfo, func(w http.ResponseWriter, text string) {
		answer(200, `{"error":`+jsonString("bad request "+text)+`,"error_code":"8"}`)(w, nil)
	}},
	{"error message, raw", accountInfo, func(w http.ResponseWriter, text string) {
		answer(200, `{"error":"`+text+`","error_code":"8"}`)(w, nil)
	}},
	{"HTTP 500 page", accountInfo, func(w http.ResponseWriter, text string) {
		answer(500, "<pre>"+text+"</pre>")(w, nil)
	}},
	{"answer that is not JSON", accountInfo, func(w http.ResponseWriter, text string) { answer(200, text)(w, nil) }},
	{"redirect", accountInfo, func(w http.ResponseWriter, text string) {
		w.Header().Set("Location", "https://elsewhere.example/"+text+"?sub_account_pass="+text)
		w.WriteHeader(http.StatusFound)
	}},
	{"page without its list", func(c *Client) error {
		_, err := c.FetchContacts(context.Background(), ContactQuery{})
		return err
	}, func(w http.ResponseWriter, text string) {
		answer(200, `{"total":"3",`+jsonString(text)+`:1}`)(w, nil)
	}},
	{"record that does not decode", func(c *Client) error {
		_, err := c.FetchSMS(context.Background(), SMSQuery{})
		return err
	}, func(w http.ResponseWriter, text string) {
		answer(200, `{"total":1,"records":[{"sms_id":"1","status":`+jsonString(text)+`}]}`)(w, nil)
	}},
	{"send answer without batch id", func(c *Client) error {
		_, err := c.SendSMS(context.Background(), SendRequest{Message: "hi", Recipients: []string{"2348011112222"}})
		return err
	}, func(w http.ResponseWriter, text string) {
		answer(200, `{"batch":`+jsonString(text)+`}`)(w, nil)
	}},
}

// A gateway that echoes the password in every escaped form, with the echo
// ending at every point around the lengths the client cuts quotes to
// (errors, trace logs), never has it shown, nor six characters of it, in
// an error or a log entry.
func TestPasswordNeverShownWhateverTheGatewayEchoes(t *testing.T) {
	var current atomic.Pointer[echo]
	var text atomic.Pointer[string]
	_, endpoint := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Form.Get("sub_account_pass") != hostilePassword {
			answer(200, `{"error":"wrong password","error_code":"4"}`)(w, r)
			return
		}
		current.Load().write(w, *text.Load())
	})
	logger := &recordingLogger{}
	cases := 0
	for _, method := range both {
		c := newTestClient(t, endpoint, method, func(cfg *Config) {
			cfg.Password, cfg.Logger, cfg.MaxRetries = hostilePassword, logger, 0
		})
		for _, form := range redacttest.Forms {
			echoed := form.Enc(hostilePassword)
			var pads []int
			for _, cut := range []int{maxErrorBody, maxLogBody} {
				step := 1
				if cut == maxLogBody || method == MethodGET {
					step = 11
				}
				for p := max(cut-len(echoed)-8, 0); p <= cut+2; p += step {
					pads = append(pads, p)
				}
			}
			for _, e := range echoes {
				for _, pad := range pads {
					if e.name != "error message" && e.name != "HTTP 500 page" && pad%5 != 0 {
						continue // the cut is what those two test; the rest only take a sample
					}
					current.Store(&e)
					padded := strings.Repeat("x", pad) + echoed
					text.Store(&padded)
					logger.mu.Lock()
					logger.entries = nil
					logger.mu.Unlock()
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
						for _, secret := range []string{hostilePassword, testSubAccount} {
							if leak := redacttest.Leak(s, secret); leak != "" {
								t.Fatalf("%s %s, %s form, padded by %d: %q shows %s", method, e.name, form.Name, pad, s, leak)
							}
						}
					}
					if len(err.Error()) > 3000 {
						t.Fatalf("%s, %s form: the error is %d bytes long", e.name, form.Name, len(err.Error()))
					}
				}
			}
		}
	}
	if cases < 1000 {
		t.Fatalf("only %d cases ran", cases)
	}
}

// A URL that carries the password (in its query, as the vendor documents
// GET URLs, or as user information) is refused without being shown.
func TestURLWithCredentialsNeverShown(t *testing.T) {
	for _, u := range []string{
		"http://gw.example/api_v1?sub_account=001_mysub1&sub_account_pass=" + hostilePassword,
		"http://gw.example/api_v1?sub_account_pass=S3+cr3t%2FP%40ss%26%22x%3Cy%3E%2Bz",
		"http://001_mysub1:S3%20cr3t%2FP%40ss@gw.example/api_v1",
		"ftp://gw.example/api_v1?sub_account_pass=" + hostilePassword,
		"http://gw.example/a/../api_v1",
		"gw.example/api_v1?p=" + hostilePassword,
	} {
		_, err := New(Config{URL: u, SubAccount: testSubAccount, Password: hostilePassword})
		if err == nil {
			t.Fatalf("New(%q) accepted it", u)
		}
		for _, secret := range []string{hostilePassword, testSubAccount} {
			if leak := redacttest.Leak(err.Error(), secret); leak != "" {
				t.Errorf("New(%q) = %q shows %s", u, err, leak)
			}
		}
		if !strings.Contains(err.Error(), "gw.example") {
			t.Errorf("New(%q) = %q, want the host named", u, err)
		}
	}
}

// A page without its list names a bounded number of its members.
func TestPageWithoutListQuotesFewMembers(t *testing.T) {
	members := map[string]int{"total": 3}
	for i := range 5000 {
		members[fmt.Sprintf("member%05d%s", i, strings.Repeat("n", 400))] = i
	}
	b, _ := json.Marshal(members)
	_, endpoint := newStub(t, answer(200, string(b)))
	_, err := newTestClient(t, endpoint, MethodPOST).FetchContacts(context.Background(), ContactQuery{})
	if err == nil || len(err.Error()) > 1000 || !strings.Contains(err.Error(), "and 4991 more") ||
		!strings.Contains(err.Error(), "member00000nnn") {
		t.Errorf("error (%d bytes) = %.600q", len(fmt.Sprint(err)), err)
	}
}

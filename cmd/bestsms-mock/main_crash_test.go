package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// crashContact is what the crash test writes and expects back.
type crashContact struct {
	ContactID    string
	Attention    string
	FirstName    string
	LastName     string
	MobilePhone  string
	EmailAddress string
}

// TestCrashKeepsAcknowledgedWrites kills the mock (SIGKILL) in the middle of
// a burst of concurrent contact creates against a -state file, three times
// in a row, and checks after every kill that
//
//   - the state file is a valid document and the mock starts from it,
//   - every create the mock had acknowledged (HTTP 200 received) is in it,
//     with the ContactID it answered and the fields that were sent,
//   - anything else in it is one of the creates that were in flight when the
//     process died (sent, not acknowledged), never more than one per worker,
//   - no temporary file is left that the next start trips over: leftovers
//     of the atomic write (".state.json.tmp-*", at most one per kill, since
//     writes are serialised) are ignored by the loader.
//
// Only these invariants are asserted, never timings or how many writes made
// it, so the test cannot flake on a slow or busy machine.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the mock binary; skipped with -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is not on PATH: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bestsms-mock")
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	const (
		workers   = 8
		rounds    = 3
		killAfter = 25 // acknowledged creates per round before the kill
		token     = "crash-token"
	)
	statePath := filepath.Join(dir, "state.json")
	acked := map[string]crashContact{} // e-mail → acknowledged contact
	unacked := map[string]bool{}       // e-mails sent but never acknowledged

	for round := 1; round <= rounds+1; round++ {
		m := startMockProcess(t, bin, dir, round, "-token", token, "-state", statePath, "-delivery-delay", "0")
		loaded := m.stateContacts(t)
		checkCrashInvariants(t, fmt.Sprintf("after restart %d (served)", round-1), loaded, acked, unacked, workers*(round-1))
		if round == rounds+1 {
			m.kill(t) // the final start only proves that the last kill left a loadable file
			break
		}

		ctx, cancel := context.WithCancel(context.Background())
		var (
			mu        sync.Mutex
			roundAcks atomic.Int64
			killed    atomic.Bool
			wg        sync.WaitGroup
			killNow   = make(chan struct{})
			killOnce  sync.Once
			inFlight  atomic.Int64
		)
		client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for seq := 0; ctx.Err() == nil; seq++ {
					c := crashContact{
						Attention:    fmt.Sprintf("Crash Round %d Worker %d #%d", round, w, seq),
						FirstName:    fmt.Sprintf("Worker%d", w),
						LastName:     fmt.Sprintf("Round%d-%d", round, seq),
						MobilePhone:  fmt.Sprintf("+614%d%d%06d", round, w, seq),
						EmailAddress: fmt.Sprintf("r%d.w%d.%d@example.com", round, w, seq),
					}
					mu.Lock()
					unacked[c.EmailAddress] = true // sent from here on
					mu.Unlock()
					inFlight.Add(1)
					id, err := m.createContact(ctx, client, token, c)
					inFlight.Add(-1)
					if err != nil {
						if !killed.Load() && ctx.Err() == nil {
							t.Errorf("create before the kill failed: %v", err)
							killOnce.Do(func() { close(killNow) })
						}
						return
					}
					c.ContactID = id
					mu.Lock()
					delete(unacked, c.EmailAddress)
					acked[c.EmailAddress] = c
					mu.Unlock()
					if roundAcks.Add(1) >= killAfter {
						killOnce.Do(func() { close(killNow) })
					}
				}
			}()
		}
		select {
		case <-killNow:
		case <-time.After(60 * time.Second):
			t.Error("the burst made no progress for 60s")
		}
		killed.Store(true)
		flying := inFlight.Load()
		m.kill(t) // SIGKILL while the other workers' requests are in flight
		cancel()
		wg.Wait()
		client.CloseIdleConnections()
		if t.Failed() {
			t.FailNow()
		}
		t.Logf("round %d: %d creates acknowledged before SIGKILL, about %d in flight", round, roundAcks.Load(), flying)

		// The file as the killed process left it, before anything reads it.
		data, err := os.ReadFile(statePath)
		if err != nil {
			t.Fatalf("round %d: state file after SIGKILL: %v", round, err)
		}
		var doc struct {
			Version  int
			Contacts []crashContact
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("round %d: state file after SIGKILL is not valid JSON: %v", round, err)
		}
		checkCrashInvariants(t, fmt.Sprintf("state file after kill %d", round), doc.Contacts, acked, unacked, workers*round)

		var temps []string
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".state.json.tmp-") {
				temps = append(temps, e.Name())
			} else if strings.HasPrefix(e.Name(), "state.json") && e.Name() != "state.json" {
				t.Errorf("unexpected file %s next to the state file", e.Name())
			}
		}
		t.Logf("round %d: the file holds %d contacts, %d of them unacknowledged (in flight at the kill); %d temporary files",
			round, len(doc.Contacts), len(doc.Contacts)-len(acked), len(temps))
		if len(temps) > round {
			t.Errorf("after %d kills %d temporary files are left (at most one per kill): %v", round, len(temps), temps)
		}
	}
	if len(acked) < rounds*killAfter {
		t.Errorf("only %d creates acknowledged over %d rounds, want at least %d", len(acked), rounds, rounds*killAfter)
	}
}

// checkCrashInvariants checks got (the contacts of a state) against what
// was acknowledged and what was in flight: every acknowledged contact is
// present unchanged, and every other one was sent but not acknowledged,
// with at most maxExtra of those.
func checkCrashInvariants(t *testing.T, what string, got []crashContact, acked map[string]crashContact, unacked map[string]bool, maxExtra int) {
	t.Helper()
	byEmail := map[string]crashContact{}
	ids := map[string]bool{}
	for _, c := range got {
		if _, dup := byEmail[c.EmailAddress]; dup {
			t.Errorf("%s: contact %s stored twice", what, c.EmailAddress)
		}
		if ids[c.ContactID] {
			t.Errorf("%s: ContactID %s used twice", what, c.ContactID)
		}
		byEmail[c.EmailAddress], ids[c.ContactID] = c, true
	}
	for email, want := range acked {
		have, ok := byEmail[email]
		if !ok {
			t.Errorf("%s: acknowledged contact %s (%s) is missing", what, want.ContactID, email)
			continue
		}
		if have != want {
			t.Errorf("%s: acknowledged contact %s is stored as %+v, want %+v", what, email, have, want)
		}
	}
	extra := 0
	for email := range byEmail {
		if _, ok := acked[email]; ok {
			continue
		}
		extra++
		if !unacked[email] {
			t.Errorf("%s: contact %s was never sent", what, email)
		}
	}
	if extra > maxExtra {
		t.Errorf("%s: %d unacknowledged contacts stored, more than the %d that can have been in flight", what, extra, maxExtra)
	}
	if t.Failed() {
		t.FailNow()
	}
}

// mockProcess is a running bestsms-mock binary.
type mockProcess struct {
	cmd  *exec.Cmd
	root string
	out  *syncBuffer
	done chan struct{}
}

// startMockProcess starts the binary on a free loopback port and waits for
// its -addr-file; a process that exits first fails the test with its output.
func startMockProcess(t *testing.T, bin, dir string, n int, args ...string) *mockProcess {
	t.Helper()
	addrFile := filepath.Join(dir, fmt.Sprintf("addr-%d", n))
	m := &mockProcess{out: &syncBuffer{}, done: make(chan struct{})}
	m.cmd = exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-addr-file", addrFile}, args...)...)
	m.cmd.Stdout, m.cmd.Stderr = m.out, m.out
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = m.cmd.Wait(); close(m.done) }()
	t.Cleanup(func() {
		select {
		case <-m.done:
		default:
			_ = m.cmd.Process.Kill()
			<-m.done
		}
	})
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		select {
		case <-m.done:
			t.Fatalf("start %d: the mock exited: %s", n, m.out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if data, err := os.ReadFile(addrFile); err == nil && strings.HasSuffix(string(data), "\n") {
			m.root = strings.TrimSpace(string(data))
			return m
		}
	}
	t.Fatalf("start %d: no address after 20s: %s", n, m.out.String())
	return nil
}

// kill sends SIGKILL and waits for the process to be gone.
func (m *mockProcess) kill(t *testing.T) {
	t.Helper()
	if err := m.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	<-m.done
}

// createContact POSTs one contact and returns the ContactID of a 200 answer.
func (m *mockProcess) createContact(ctx context.Context, client *http.Client, token string, c crashContact) (string, error) {
	body, _ := json.Marshal(map[string]string{
		"Attention": c.Attention, "FirstName": c.FirstName, "LastName": c.LastName,
		"MobilePhone": c.MobilePhone, "EmailAddress": c.EmailAddress,
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.root+"/api/v2.04/addressbook/contact", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Basic "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("HTTP %d: %s", resp.StatusCode, data)
	}
	var out struct {
		Result  string
		Contact crashContact
	}
	if err := json.Unmarshal(data, &out); err != nil || out.Contact.ContactID == "" {
		return "", fmt.Errorf("unexpected answer %s (%v)", data, err)
	}
	if out.Contact.EmailAddress != c.EmailAddress {
		return "", fmt.Errorf("answer for %s names %s", c.EmailAddress, out.Contact.EmailAddress)
	}
	return out.Contact.ContactID, nil
}

// stateContacts reads the contacts the running mock serves (GET /_mock/state).
func (m *mockProcess) stateContacts(t *testing.T) []crashContact {
	t.Helper()
	resp, err := http.Get(m.root + "/_mock/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc struct{ Contacts []crashContact }
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /_mock/state: HTTP %d, %v", resp.StatusCode, err)
	}
	return doc.Contacts
}

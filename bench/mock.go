package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// The mock as the benchmark uses it: a bestsms-mock process per latency,
// its admin API (reset, statistics) and its request log, read back as a
// timeline of the requests in flight.

type mockProc struct {
	cmd     *exec.Cmd
	url     string
	logPath string
	done    chan struct{}
}

func startMock(work, name, token string, latency time.Duration) (*mockProc, error) {
	addrFile := filepath.Join(work, name+".addr")
	logFile, err := os.Create(filepath.Join(work, name+".log"))
	if err != nil {
		return nil, err
	}
	// In memory (no -state): persistence would add an fsync per write, which
	// measures the disk, not the provider.
	// -v: one log line per request, for the request timeline.
	args := []string{"-addr", "127.0.0.1:0", "-addr-file", addrFile, "-token", token, "-delivery-delay", "0", "-v"}
	if latency > 0 {
		args = append(args, "-latency", latency.String())
	}
	cmd := exec.Command(filepath.Join(work, "bin", "bestsms-mock"), args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	m := &mockProc{cmd: cmd, logPath: logFile.Name(), done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logFile.Close(); close(m.done) }()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-m.done:
			return nil, fmt.Errorf("the mock exited:\n%s", tail(logFile.Name(), 20))
		default:
		}
		if data, err := os.ReadFile(addrFile); err == nil && strings.HasSuffix(string(data), "\n") {
			m.url = strings.TrimSpace(string(data))
			return m, nil
		}
	}
	m.stop()
	return nil, errors.New("the mock did not start within 15s")
}

func (m *mockProc) stop() {
	if m == nil {
		return
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.done:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
}

func (b *bench) stopMocks() {
	b.mock.stop()
	b.slowMock.stop()
}

var httpClient = &http.Client{Timeout: 30 * time.Second}

func (m *mockProc) post(path string) error {
	resp, err := httpClient.Post(m.url+path, "application/json", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST %s: HTTP %d", path, resp.StatusCode)
	}
	return nil
}

func (m *mockProc) logSize() int64 {
	fi, err := os.Stat(m.logPath)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// interval is one API request as the mock logged it.
type interval struct{ start, end time.Time }

// requestTimeline reads the /api/ requests the mock logged after offset
// (-v lines: time=END … msg=request method=… path=/api/… duration=D).
func (m *mockProc) requestTimeline(offset int64) ([]interval, error) {
	f, err := os.Open(m.logPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	var out []interval
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, " msg=request ") || !strings.Contains(line, " path=/api/") {
			continue
		}
		var end time.Time
		var dur time.Duration
		for _, field := range strings.Fields(line) {
			k, v, _ := strings.Cut(field, "=")
			switch k {
			case "time":
				end, _ = time.Parse(time.RFC3339Nano, v)
			case "duration":
				dur, _ = time.ParseDuration(v)
			}
		}
		if !end.IsZero() {
			out = append(out, interval{end.Add(-dur), end})
		}
	}
	return out, nil
}

// concurrency summarises a request timeline: seconds from started to the
// first request, seconds from the first start to the last end, and the
// average and maximum number of requests in flight over that span.
func concurrency(tl []interval, started time.Time) (first, span, avg float64, peak int) {
	type edge struct {
		t     time.Time
		delta int
	}
	edges := make([]edge, 0, 2*len(tl))
	for _, iv := range tl {
		edges = append(edges, edge{iv.start, 1}, edge{iv.end, -1})
	}
	sort.Slice(edges, func(i, j int) bool {
		if !edges[i].t.Equal(edges[j].t) {
			return edges[i].t.Before(edges[j].t)
		}
		return edges[i].delta < edges[j].delta // ends before starts at the same instant
	})
	var (
		cur  int
		area float64
		prev = edges[0].t
	)
	for _, e := range edges {
		area += float64(cur) * e.t.Sub(prev).Seconds()
		prev = e.t
		cur += e.delta
		peak = max(peak, cur)
	}
	span = edges[len(edges)-1].t.Sub(edges[0].t).Seconds()
	if span > 0 {
		avg = area / span
	}
	return edges[0].t.Sub(started).Seconds(), span, avg, peak
}

type mockStats struct {
	Total  int            `json:"total"`
	Routes map[string]int `json:"routes"`
}

func (m *mockProc) stats() (mockStats, error) {
	var st mockStats
	resp, err := httpClient.Get(m.url + "/_mock/stats")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET /_mock/stats: HTTP %d", resp.StatusCode)
	}
	err = json.NewDecoder(resp.Body).Decode(&st)
	return st, err
}

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Measurement from /proc: the provider processes' peak RSS and CPU time
// while terraform runs, and a description of the machine.

// rssPoller samples VmHWM (the peak resident set size the kernel records
// for a process over its lifetime) of every provider process started from
// the benchmark's work directory, every 20 ms, keeping the maximum; and the
// CPU time each has used so far (so at most the last 20 ms of each are lost).
type rssPoller struct {
	prefix string
	peak   int64
	seen   map[int]bool
	ticks  map[int]int64 // pid → utime+stime in clock ticks
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times (100 on Linux).
const clockTicks = 100

func (p *rssPoller) cpuSeconds() float64 {
	var t int64
	for _, v := range p.ticks {
		t += v
	}
	return float64(t) / clockTicks
}

func newRSSPoller(work string) *rssPoller {
	if resolved, err := filepath.EvalSymlinks(work); err == nil {
		work = resolved
	}
	return &rssPoller{prefix: work + string(os.PathSeparator), seen: map[int]bool{}, ticks: map[int]int64{}}
}

func (p *rssPoller) run(ctx context.Context) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		p.sample()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (p *rssPoller) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		// Terraform starts the provider from .terraform/providers/… of the
		// benchmark's working directories (a copy of, or link into, the
		// mirror); /proc/PID/exe is the resolved executable either way.
		exe, err := os.Readlink("/proc/" + e.Name() + "/exe")
		if err != nil || !strings.HasPrefix(exe, p.prefix) ||
			!strings.HasPrefix(filepath.Base(exe), "terraform-provider-bestsms_v") {
			continue
		}
		if hwm := vmHWM(pid); hwm > 0 {
			p.seen[pid] = true
			p.peak = max(p.peak, hwm)
		}
		if t := cpuTicks(pid); t > p.ticks[pid] {
			p.ticks[pid] = t
		}
	}
}

// vmHWM reads VmHWM from /proc/PID/status, in bytes (0 when unavailable).
func vmHWM(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v) // "12345 kB"
			if len(f) == 2 && f[1] == "kB" {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// cpuTicks reads utime+stime from /proc/PID/stat (0 when unavailable).
func cpuTicks(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) may contain spaces; fields after its
	// closing parenthesis start with field 3 (state).
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return utime + stime
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				f := strings.Fields(v)
				if len(f) > 0 {
					kb, _ := strconv.ParseInt(f[0], 10, 64)
					m.MemoryGiB = int((kb + (1<<20)/2) >> 20)
				}
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(data))
	}
	m.Go = runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		m.Go = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("terraform", "version").Output(); err == nil {
		m.Terraform, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
	}
	return m
}

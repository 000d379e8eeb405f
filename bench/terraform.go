package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Running terraform: the environment of every run, timing, the peak RSS poll
// around each command, and the fresh-state apply and refreshing plan built
// on it.

// env is the environment of every terraform run: the benchmark's CLI
// configuration, no logging, no checkpoint calls, nothing inherited that
// changes what terraform does.
func (b *bench) env(m *mockProc, extra []string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "BESTSMS_") || k == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+b.cliCfg, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1",
		"BESTSMS_BASE_URL="+m.url+"/api", "BESTSMS_AUTH_TOKEN="+b.token)
	return append(env, extra...)
}

// terraform runs one command of the terraform on PATH in dir (see run).
func (b *bench) terraform(dir string, m *mockProc, extra []string, okCodes []int, args ...string) (Sample, int, error) {
	return b.run("terraform", dir, m, extra, okCodes, args...)
}

// run runs one command of the CLI cli in dir, polling the provider
// processes' peak RSS while it runs. A non-zero exit other than okCodes is
// an error.
func (b *bench) run(cli, dir string, m *mockProc, extra []string, okCodes []int, args ...string) (Sample, int, error) {
	logPath := filepath.Join(dir, "terraform-"+args[0]+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return Sample{}, 0, err
	}
	defer logFile.Close()
	cmd := exec.Command(cli, args...)
	cmd.Dir = dir
	cmd.Env = b.env(m, extra)
	cmd.Stdout, cmd.Stderr = logFile, logFile

	poll := newRSSPoller(b.work)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); poll.run(ctx) }()

	start := time.Now()
	b.mu.Lock()
	err = cmd.Start()
	if err == nil {
		b.current = cmd
	}
	b.mu.Unlock()
	if err == nil {
		err = cmd.Wait()
	}
	elapsed := time.Since(start)
	b.mu.Lock()
	b.current = nil
	b.mu.Unlock()
	stop()
	wg.Wait()

	s := Sample{Seconds: elapsed.Seconds(), PeakRSSBytes: poll.peak, Providers: len(poll.seen), ProviderCPU: poll.cpuSeconds()}
	if ps := cmd.ProcessState; ps != nil {
		// wait4 reports the process's usage plus that of the children it
		// waited for: the provider processes are included.
		s.CPUSeconds = (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return s, 0, err
		}
		code = ee.ExitCode()
	}
	if code != 0 && !slices.Contains(okCodes, code) {
		return s, code, fmt.Errorf("terraform %s in %s exited %d:\n%s", strings.Join(args, " "), dir, code, tail(logPath, 40))
	}
	return s, code, nil
}

func (b *bench) init(dir string) (float64, error) {
	s, _, err := b.terraform(dir, b.mock, nil, nil, "init", "-input=false", "-no-color")
	return s.Seconds, err
}

// apply runs a fresh-state apply: state removed, mock emptied (which also
// zeroes its statistics) first. m is nil for the terraform_data runs, which
// leave the mock alone (so that it keeps matching the contacts' state).
func (b *bench) apply(dir string, m *mockProc, extra []string) (Sample, error) {
	env := m
	if m == nil {
		env = b.mock
	}
	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return Sample{}, err
		}
	}
	var logOffset int64
	if m != nil {
		if err := m.post("/_mock/reset"); err != nil {
			return Sample{}, err
		}
		logOffset = m.logSize()
	}
	started := time.Now()
	s, _, err := b.terraform(dir, env, extra, nil, "apply", "-auto-approve", "-input=false", "-no-color",
		"-parallelism="+strconv.Itoa(b.o.parallelism))
	if err != nil || m == nil {
		return s, err
	}
	st, err := m.stats()
	if err != nil {
		return s, err
	}
	s.Requests, s.Routes = st.Total, st.Routes
	if tl, err := m.requestTimeline(logOffset); err == nil && len(tl) > 0 {
		s.FirstRequestAfter, s.RequestSpan, s.InFlightAvg, s.InFlightMax = concurrency(tl, started)
	}
	return s, nil
}

// plan runs a refreshing plan with the statistics zeroed right before it;
// it must report no changes.
func (b *bench) plan(dir string, extra []string) (Sample, error) {
	if err := b.mock.post("/_mock/stats/reset"); err != nil {
		return Sample{}, err
	}
	s, code, err := b.terraform(dir, b.mock, extra, []int{2}, "plan", "-input=false", "-no-color",
		"-detailed-exitcode", "-parallelism="+strconv.Itoa(b.o.parallelism))
	if err != nil {
		return s, err
	}
	if code == 2 {
		return s, fmt.Errorf("the plan after apply wants changes:\n%s", tail(filepath.Join(dir, "terraform-plan.log"), 40))
	}
	st, err := b.mock.stats()
	if err != nil {
		return s, err
	}
	s.Requests, s.Routes = st.Total, st.Routes
	return s, nil
}

func tail(path string, lines int) string {
	data, _ := os.ReadFile(path)
	ls := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}

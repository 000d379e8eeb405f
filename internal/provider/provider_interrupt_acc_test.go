//go:build unix

package provider_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestAccInterruptedApply is case 7 of the reliability issue, end to end:
// a real terraform apply of 100 contacts against an API that answers every
// create 2 s after making it, interrupted with SIGINT (as Ctrl-C sends it,
// to Terraform and the provider alike) while creates are in flight. Every
// create that was sent must reach the state, so the state and the API
// agree after the interruption, and one more apply leaves exactly 100
// contacts and an empty plan.
//
// It builds the provider binary and runs it through a dev_overrides CLI
// configuration, so it needs TF_ACC like the other acceptance tests.
func TestAccInterruptedApply(t *testing.T) {
	tf := acctest.AcceptanceCLI(t)
	t.Parallel()
	dir := t.TempDir()
	cliConfig := acctest.DevOverrideProvider(t, dir)

	const n = 100
	mock := acctest.NewMock(t)
	mock.SetFaults(mockapi.Faults{Network: []mockapi.NetFault{{Mode: mockapi.NetDelay, Method: "POST",
		Path: "addressbook/contact", Delay: mockapi.Duration(2 * time.Second)}}})
	work := filepath.Join(dir, "work")
	acctest.WriteFile(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    bestsms = { source = "bestsms/bestsms" }
  }
}
`+mock.ProviderBlock()+acctest.Roster(n))

	run := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, tf, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0",
			"CHECKPOINT_DISABLE=1", "TF_LOG=")
		// Its own process group, so that SIGINT reaches Terraform and the
		// provider it starts, as Ctrl-C in a terminal does.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		return cmd
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	apply := run(ctx, "apply", "-auto-approve", "-no-color")
	var applyOut bytes.Buffer
	apply.Stdout, apply.Stderr = &applyOut, &applyOut
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	// Interrupt once 20 contacts exist: by then about ten more creates
	// have been sent and are waiting for their answers.
	for len(mock.Contacts()) < 20 {
		select {
		case err := <-exited:
			t.Fatalf("apply ended before the interrupt (%v):\n%s", err, applyOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if err := syscall.Kill(-apply.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err == nil {
			t.Fatalf("the interrupted apply succeeded:\n%s", applyOut.String())
		}
	case <-time.After(time.Minute):
		_ = syscall.Kill(-apply.Process.Pid, syscall.SIGKILL)
		t.Fatalf("the interrupted apply did not stop within a minute:\n%s", applyOut.String())
	}

	inState := func() int {
		out, err := run(ctx, "state", "list").Output()
		if err != nil {
			t.Fatalf("terraform state list: %v", err)
		}
		return strings.Count(string(out), "bestsms_contact.person[")
	}
	state, api := inState(), len(mock.Contacts())
	t.Logf("after the interrupt: %d contacts in state, %d in the API", state, api)
	if state != api || api >= n {
		t.Errorf("state holds %d contacts, the API %d: want the same number, below %d (every create that was sent reached the state)",
			state, api, n)
	}

	mock.SetFaults(mockapi.Faults{})
	if out, err := run(ctx, "apply", "-auto-approve", "-no-color").CombinedOutput(); err != nil {
		t.Fatalf("re-apply: %v\n%s", err, out)
	}
	if got := len(mock.Contacts()); got != n {
		t.Errorf("after the re-apply the API holds %d contacts, want exactly %d", got, n)
	}
	plan := run(ctx, "plan", "-detailed-exitcode", "-no-color")
	if out, err := plan.CombinedOutput(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 {
			t.Errorf("the plan after the re-apply is not empty:\n%s", out)
		} else {
			t.Errorf("plan: %v\n%s", err, out)
		}
	}
	if out, err := run(ctx, "destroy", "-auto-approve", "-no-color").CombinedOutput(); err != nil {
		t.Errorf("destroy: %v\n%s", err, out)
	}
	if got := len(mock.Contacts()); got != 0 {
		t.Errorf("after destroy the API holds %d contacts", got)
	}
}

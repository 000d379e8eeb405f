package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestNewProtocol6ServerServesEverything checks that the wrapper is in
// place and serves the optional RPC sets terraform-plugin-go looks for.
func TestNewProtocol6ServerServesEverything(t *testing.T) {
	srv := NewProtocol6Server(New("test")())
	if _, ok := srv.(contextDetachingServer); !ok {
		t.Fatalf("NewProtocol6Server returned %T, not the context-detaching wrapper: the framework's server no longer implements every RPC set", srv)
	}
	if _, ok := srv.(tfprotov6.ActionServer); !ok {
		t.Error("the wrapped server does not serve actions")
	}
	if _, ok := srv.(tfprotov6.ListResourceServer); !ok {
		t.Error("the wrapped server does not serve list resources")
	}
	if _, ok := srv.(tfprotov6.StateStoreServer); !ok {
		t.Error("the wrapped server does not serve state stores")
	}
}

func TestDetachableContext(t *testing.T) {
	type key struct{}
	deadline := time.Now().Add(time.Hour)
	base, cancelBase := context.WithDeadline(context.WithValue(context.Background(), key{}, "v"), deadline)
	defer cancelBase()
	parent, cancel := context.WithCancel(base)

	dc := newDetachableContext(parent)
	if got := dc.Value(key{}); got != "v" {
		t.Errorf("Value before detach = %v, want v", got)
	}
	if d, ok := dc.Deadline(); !ok || !d.Equal(deadline) {
		t.Errorf("Deadline before detach = %v, %v; want %v, true", d, ok, deadline)
	}
	if dc.Done() != parent.Done() || dc.Err() != nil {
		t.Errorf("Done/Err before detach: want the parent's channel and nil, got %v", dc.Err())
	}
	// A child made while attached is registered with the parent itself, so
	// it is cancelled with the parent even after the detach.
	child, cancelChild := context.WithCancel(dc)
	defer cancelChild()

	dc.detach()
	if got := dc.Value(key{}); got != nil {
		t.Errorf("Value after detach = %v, want nil", got)
	}
	if _, ok := dc.Deadline(); ok {
		t.Error("Deadline after detach: want none")
	}
	if dc.Err() != nil {
		t.Errorf("Err after detach, parent not cancelled = %v, want nil", dc.Err())
	}
	cancel()
	select {
	case <-child.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a child of the detached context was not cancelled with the parent")
	}
	if dc.Err() != context.Canceled {
		t.Errorf("Err after detach, parent cancelled = %v, want context.Canceled", dc.Err())
	}
}

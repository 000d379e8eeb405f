package provider_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

// contactServer drives contact creates through a provider server the way
// terraform-plugin-go and gRPC do: every RPC gets a cancellable context of
// its own, carrying a value, cancelled when the RPC returns.
type contactServer struct {
	t   *testing.T
	srv tfprotov6.ProviderServer
	h   *acctest.ActionHarness // for dynamic()
	typ *tfprotov6.Schema

	// payloads counts the values put in request contexts, and collected
	// those the garbage collector has freed since.
	payloads  int
	collected atomic.Int64
}

type requestPayloadKey struct{}

func newContactServer(t *testing.T, srv tfprotov6.ProviderServer, mock *acctest.Mock) *contactServer {
	t.Helper()
	ctx := context.Background()
	h := &acctest.ActionHarness{T: t}
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := h.Dynamic(schemas.Provider.ValueType(), map[string]any{
		"base_url": mock.URL + "/api", "auth_token": acctest.Token, "max_requests_per_second": 0, "max_retries": 0,
	})
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	acctest.RequireNoErrorDiags(t, "ConfigureProvider", resp.Diagnostics)
	return &contactServer{t: t, srv: srv, h: h, typ: schemas.ResourceSchemas["bestsms_contact"]}
}

// rpc runs f with a fresh request context.
func (c *contactServer) rpc(ctx context.Context, f func(context.Context)) {
	payload := make([]byte, 4096)
	runtime.AddCleanup(&payload[0], func(collected *atomic.Int64) { collected.Add(1) }, &c.collected)
	c.payloads++
	rctx, cancel := context.WithCancel(context.WithValue(ctx, requestPayloadKey{}, payload))
	defer cancel()
	f(rctx)
}

// create plans and applies one contact; ctx is the parent of both RPCs'
// contexts. It returns the apply's diagnostics.
func (c *contactServer) create(ctx context.Context, i int) []*tfprotov6.Diagnostic {
	c.t.Helper()
	typ := c.typ.ValueType()
	null := c.h.Dynamic(typ, nil)
	conf := c.h.Dynamic(typ, map[string]any{
		"first_name": "Person", "last_name": fmt.Sprint(i), "mobile_phone": fmt.Sprintf("+6142100%04d", i),
	})
	var planned *tfprotov6.DynamicValue
	c.rpc(ctx, func(ctx context.Context) {
		resp, err := c.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: "bestsms_contact", PriorState: null, ProposedNewState: conf, Config: conf,
		})
		if err != nil {
			c.t.Fatal(err)
		}
		acctest.RequireNoErrorDiags(c.t, "PlanResourceChange", resp.Diagnostics)
		planned = resp.PlannedState
	})
	var diags []*tfprotov6.Diagnostic
	c.rpc(ctx, func(ctx context.Context) {
		resp, err := c.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: "bestsms_contact", PriorState: null, PlannedState: planned, Config: conf,
		})
		if err != nil {
			c.t.Fatal(err)
		}
		diags = resp.Diagnostics
	})
	return diags
}

// waitCollected runs the garbage collector until every request payload is
// freed, or gives up after a while; it returns how many were freed.
func (c *contactServer) waitCollected() int {
	for deadline := time.Now().Add(5 * time.Second); ; {
		runtime.GC()
		n := int(c.collected.Load())
		if n == c.payloads || time.Now().After(deadline) {
			return n
		}
		time.Sleep(10 * time.Millisecond) // cleanups run on a goroutine of their own
	}
}

// TestNewProtocol6ServerReleasesRequestContexts checks that a finished
// request's context is garbage once the RPC has returned.
func TestNewProtocol6ServerReleasesRequestContexts(t *testing.T) {
	const n = 20
	c := newContactServer(t, provider.NewProtocol6Server(provider.New("test")()), acctest.NewMock(t))
	for i := 1; i <= n; i++ {
		acctest.RequireNoErrorDiags(t, "ApplyResourceChange", c.create(context.Background(), i))
	}
	if got := c.waitCollected(); got != c.payloads {
		t.Errorf("%d of %d request contexts are still reachable after their RPC returned", c.payloads-got, c.payloads)
	}
	runtime.KeepAlive(c.srv)
}

// TestFrameworkServerRetainsRequestContexts documents why
// NewProtocol6Server exists: the framework's own server keeps every
// request's context until StopProvider. If this test fails after a
// framework upgrade, the framework no longer does, and the wrapper can go.
func TestFrameworkServerRetainsRequestContexts(t *testing.T) {
	const n = 5
	c := newContactServer(t, providerserver.NewProtocol6(provider.New("test")())(), acctest.NewMock(t))
	for i := 1; i <= n; i++ {
		acctest.RequireNoErrorDiags(t, "ApplyResourceChange", c.create(context.Background(), i))
	}
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	runtime.GC()
	if got := c.collected.Load(); got != 0 {
		t.Fatalf("the framework's server let %d of %d request contexts go: check whether NewProtocol6Server is still needed", got, c.payloads)
	}
	// StopProvider empties the framework's list of request contexts: that
	// list is what kept them.
	if _, err := c.srv.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	if got := c.waitCollected(); got != c.payloads {
		t.Errorf("after StopProvider %d of %d request contexts are still reachable", c.payloads-got, c.payloads)
	}
	runtime.KeepAlive(c.srv)
}

// TestNewProtocol6ServerCancellation checks that a request's cancellation
// still reaches the provider through the wrapper.
func TestNewProtocol6ServerCancellation(t *testing.T) {
	c := newContactServer(t, provider.NewProtocol6Server(provider.New("test")()), acctest.NewMock(t))
	ctx, cancel := context.WithCancel(context.Background())
	// Plan with a live context; cancel before the apply's create is sent.
	typ := c.typ.ValueType()
	null := c.h.Dynamic(typ, nil)
	conf := c.h.Dynamic(typ, map[string]any{"first_name": "Person", "mobile_phone": "+61421000001"})
	plan, err := c.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "bestsms_contact", PriorState: null, ProposedNewState: conf, Config: conf,
	})
	if err != nil {
		t.Fatal(err)
	}
	acctest.RequireNoErrorDiags(t, "PlanResourceChange", plan.Diagnostics)
	cancel()
	resp, err := c.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "bestsms_contact", PriorState: null, PlannedState: plan.PlannedState, Config: conf,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !acctest.HasErrorDiag(resp.Diagnostics) || !strings.Contains(acctest.DiagsText(resp.Diagnostics), "context canceled") {
		t.Errorf("apply with a cancelled context: want a \"context canceled\" error, got:\n%s", acctest.DiagsText(resp.Diagnostics))
	}
}

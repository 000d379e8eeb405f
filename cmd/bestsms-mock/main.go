// Command bestsms-mock runs the fake BestSMS REST API (internal/mockapi:
// v2.03 and v2.04 with Basic, v3.00 with Bearer, over one store) on a local
// address, for development, demos and tests.
//
//	go run ./cmd/bestsms-mock -addr 127.0.0.1:8089 -token TOKEN [-state FILE]
//
// Messages sent to it stay Pending for -delivery-delay (default 2s) and
// then complete (with -status-delay, a new message answers "Message(s) NOT
// found" to status polls for a while, as the API can right after a submit); webhooks go to each message's WebhookCallbackURL or to
// -webhook-url (http:// only to a loopback host, and only with
// -allow-http-webhooks), retried every -webhook-retry until -webhook-horizon
// has passed. POST /_mock/inbound simulates an SMS from a handset, and
// GET /_mock/messages lists what was sent (see internal/mockapi).
//
// The same server answers the legacy Best SMS Gateway api_v1 at /api_v1,
// with the credentials -gateway-sub-account and -gateway-password (by
// default the reference's examples, 001_mysub1 and pa55w0Rd), the
// sub-account's -gateway-dial-code (234) and -gateway-timezone-offset (+1).
//
// Unless -dashboard=false, a web dashboard at / shows what was sent, to
// whom and how it went (internal/mockapi/dashboard).
//
// Once listening it prints three lines to stdout (two with
// -dashboard=false),
//
//	bestsms-mock listening on http://127.0.0.1:8089 (base_url http://127.0.0.1:8089/api, token "dev-token")
//	bestsms-mock gateway api_v1 at http://127.0.0.1:8089/api_v1 (sub_account "001_mysub1", sub_account_pass "pa55w0Rd", default_dial_code 234, timezone_offset +1)
//	bestsms-mock dashboard at http://127.0.0.1:8089/ (outbox, address book, inbox, requests)
//
// whose first http:// URL is the server root, and (with -addr-file) writes
// that root URL to a file. It stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/dashboard"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "bestsms-mock:", err)
		os.Exit(1)
	}
}

// shutdownTimeout bounds the graceful shutdown.
const shutdownTimeout = 5 * time.Second

// run parses args, serves until ctx is done and shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bestsms-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(fs) }
	defaultToken := os.Getenv("BESTSMS_MOCK_TOKEN")
	if defaultToken == "" {
		defaultToken = mockapi.DefaultToken
	}
	var (
		addr          = fs.String("addr", "127.0.0.1:8089", "listen address (port 0 picks a free port)")
		addrFile      = fs.String("addr-file", "", "write the server root URL (http://HOST:PORT) to this file once listening")
		token         = fs.String("token", defaultToken, "accepted auth token (default: $BESTSMS_MOCK_TOKEN, else dev-token)")
		statePath     = fs.String("state", "", "persist the store to this JSON file (loaded at start if present)")
		latency       = fs.Duration("latency", 0, "delay added before every /api/ response, e.g. 200ms")
		pageSize      = fs.Int("page-size", 0, "default recordsPerPage (0 = 100)")
		faultRate     = fs.Float64("fault-rate", 0, "share (0..1) of /api/ requests that fail")
		faultSeed     = fs.Int64("fault-seed", 0, "seed for fault decisions (same seed, same faults)")
		faultStatuses = fs.String("fault-statuses", "500", "comma-separated HTTP statuses for injected faults, e.g. 500,429")
		faultRetry    = fs.Int("fault-retry-after", 0, "Retry-After seconds on injected 429s (0 = no header)")
		faultAfter    = fs.Float64("fault-after", 0, "share (0..1) of injected 5xx on POST/PATCH/DELETE given after the change was applied")
		verbose       = fs.Bool("v", false, "log every request to stderr")
		withDashboard = fs.Bool("dashboard", true, "serve the web dashboard at / (outbox, address book, inbox, requests); -dashboard=false leaves / a 404")

		deliveryDelay  = fs.Duration("delivery-delay", 2*time.Second, "how long a sent SMS stays Pending before it completes (0 = at once)")
		statusDelay    = fs.Duration("status-delay", 0, "how long a new message answers \"Message(s) NOT found\" to status and reply polls, as the API's asynchronous validation can (0 = visible at once)")
		webhookURL     = fs.String("webhook-url", "", "account default webhook URL (messages without a WebhookCallbackURL, inbound SMS)")
		webhookFormat  = fs.String("webhook-format", "JSON", "format of webhooks whose message names none: JSON or XML")
		allowHTTPHooks = fs.Bool("allow-http-webhooks", false, "accept http:// webhook URLs to a loopback host (127.0.0.0/8, ::1, localhost)")
		webhookRetry   = fs.Duration("webhook-retry", mockapi.DefaultWebhookRetryInterval, "pause between attempts of a failed webhook")
		webhookHorizon = fs.Duration("webhook-horizon", mockapi.DefaultWebhookHorizon, "how long after its first attempt a failing webhook is retried")

		gwSubAccount = fs.String("gateway-sub-account", envOr("BESTSMS_MOCK_GATEWAY_SUB_ACCOUNT", mockapi.DefaultGatewaySubAccount), "api_v1 sub_account (default: $BESTSMS_MOCK_GATEWAY_SUB_ACCOUNT, else the reference's example)")
		gwPassword   = fs.String("gateway-password", envOr("BESTSMS_MOCK_GATEWAY_PASSWORD", mockapi.DefaultGatewayPassword), "api_v1 sub_account_pass (default: $BESTSMS_MOCK_GATEWAY_PASSWORD, else the reference's example)")
		gwDialCode   = fs.String("gateway-dial-code", mockapi.DefaultGatewayDialCode, "api_v1 sub-account default_dial_code: replaces the leading 0 of national numbers")
		gwOffset     = fs.String("gateway-timezone-offset", mockapi.DefaultGatewayTimezoneOffset, "api_v1 sub-account timezone_offset in hours (e.g. +1, -5, +5.5)")
		gwSenderID   = fs.String("gateway-sender-id", mockapi.DefaultGatewaySenderID, "api_v1 sub-account default_sender_id")
		gwBalance    = fs.Int("gateway-balance", mockapi.DefaultGatewayBalance, "api_v1 credit in units at start and after POST /_mock/reset")

		v3Basic      = fs.Bool("v3-accept-basic", false, "let /api/v3.00/ accept Authorization: Basic <token> besides Bearer (whether the real v3 does is open)")
		optOutAsSent = fs.Bool("optout-desttype-as-sent", false, "answer an opt-out's DestType as sent (SMS, Voice) instead of the normalised Text, Speech")
	)
	var netFaults []mockapi.NetFault
	fs.Func("net-fault", "network fault `RULE`, repeatable: MODE[,method=M][,path=P][,count=N][,delay=D]"+
		"[,location=URL][,status=N][,size=BYTES][,after]; MODE is one of\n"+mockapi.NetFaultHelp(), func(v string) error {
		f, err := mockapi.ParseNetFault(v)
		if err != nil {
			return err
		}
		netFaults = append(netFaults, f)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *gwBalance < 1 {
		return fmt.Errorf("-gateway-balance must be positive, got %d", *gwBalance)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	for _, d := range []struct {
		flag  string
		value time.Duration
	}{{"-webhook-retry", *webhookRetry}, {"-webhook-horizon", *webhookHorizon}} {
		if d.value <= 0 {
			return fmt.Errorf("%s must be positive, got %s", d.flag, d.value)
		}
	}
	statuses, err := parseStatuses(*faultStatuses)
	if err != nil {
		return err
	}
	var logger *slog.Logger
	if *verbose {
		logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	var ui func(*mockapi.Server) http.Handler
	if *withDashboard {
		ui = dashboard.Handler
	}
	mock, err := mockapi.New(mockapi.Options{
		Tokens:    []string{*token},
		Latency:   *latency,
		StatePath: *statePath,
		PageSize:  *pageSize,
		Logger:    logger,

		DeliveryDelay:        *deliveryDelay,
		StatusDelay:          *statusDelay,
		WebhookURL:           *webhookURL,
		WebhookFormat:        *webhookFormat,
		AllowHTTPWebhooks:    *allowHTTPHooks,
		WebhookRetryInterval: *webhookRetry,
		WebhookHorizon:       *webhookHorizon,
		Faults: mockapi.Faults{
			Rate:              *faultRate,
			Statuses:          statuses,
			RetryAfterSeconds: *faultRetry,
			Seed:              *faultSeed,
			AfterFraction:     *faultAfter,
			Network:           netFaults,
		},
		V3AcceptBasic:        *v3Basic,
		OptOutDestTypeAsSent: *optOutAsSent,
		Gateway: mockapi.GatewayOptions{
			SubAccount:     *gwSubAccount,
			Password:       *gwPassword,
			DialCode:       *gwDialCode,
			TimezoneOffset: *gwOffset,
			SenderID:       *gwSenderID,
			Balance:        *gwBalance,
		},
		Dashboard: ui,
	})
	if err != nil {
		return err
	}
	defer mock.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	root := rootURL(ln.Addr())
	srv := &http.Server{Handler: mock, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(root+"\n"), 0o644); err != nil {
			_ = srv.Close()
			return fmt.Errorf("writing -addr-file: %w", err)
		}
	}
	fmt.Fprintf(stdout, "bestsms-mock listening on %s (base_url %s/api, token %q)\n", root, root, *token)
	gw := mock.GatewayAccount()
	fmt.Fprintf(stdout, "bestsms-mock gateway api_v1 at %s/api_v1 (sub_account %q, sub_account_pass %q, default_dial_code %s, timezone_offset %s)\n",
		root, gw.SubAccount, *gwPassword, gw.DialCode, *gwOffset)
	if *withDashboard {
		fmt.Fprintf(stdout, "bestsms-mock dashboard at %s/ (outbox, address book, inbox, requests)\n", root)
	}

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	_ = mock.Close() // let requests waiting on -latency finish now
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rootURL is the server root for a listener address; an unspecified host
// (0.0.0.0, ::) is reported as the loopback address clients can dial.
func rootURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	ip := tcp.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return "http://" + net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}

// envOr returns the environment variable name, or def when it is unset or empty.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// parseStatuses parses "500,429".
func parseStatuses(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 400 || n > 599 {
			return nil, fmt.Errorf("-fault-statuses: %q is not an HTTP error status (400-599)", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// usage prints the -h text: the command line, the flags and the whole
// admin API (mockapi.AdminEndpoints).
func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintf(w, `Usage: bestsms-mock [flags]

Runs the fake BestSMS REST API at /api/v2.03/… and /api/v2.04/… (address book
and messaging; Authorization: Basic <token>) and /api/v3.00/… (address book,
messaging and opt-outs; Authorization: Bearer <token>), all over one store, and
the legacy Best SMS Gateway api_v1 at /api_v1, with the admin API below under
/_mock/ and a web dashboard at / (outbox, address book, inbox, requests,
opt-outs; same access rule as the admin API).

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprintf(w, `
Admin API (requests from a loopback address need no token; others need
Authorization: Basic <token>, or a browser's Basic login with the token as
password):
`)
	const indent = "                            " // 2 + 5 + 1 + 19 + 1
	for _, ep := range mockapi.AdminEndpoints() {
		lines := wrap(ep.Description, 100-len(indent))
		fmt.Fprintf(w, "  %-5s %-19s %s\n", ep.Method, ep.Path, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "%s%s\n", indent, l)
		}
	}
}

// wrap splits text into lines of at most width runes at spaces (a longer
// word gets a line of its own).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

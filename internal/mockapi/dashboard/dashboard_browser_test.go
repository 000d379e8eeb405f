package dashboard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// Environment of the browser test (make test-browser sets the first).
const (
	// envBrowserTest turns the browser test on; when it is set, a missing
	// Chromium or terraform fails the test instead of skipping it.
	envBrowserTest = "BESTSMS_BROWSER_TEST"
	// envChromium names the Chromium binary (default: chromium on PATH).
	envChromium = "BESTSMS_CHROMIUM"
	// envScreenshots names a directory: the test writes the README's
	// screenshots there (make screenshots).
	envScreenshots = "BESTSMS_SCREENSHOTS"
)

// repoRoot is the module root, from this package's directory.
var repoRoot = filepath.Join("..", "..", "..")

// TestBrowserShowsTheRosterAndAMessage drives headless Chromium against a
// mock after the on-call roster example (examples/on-call-roster) was
// applied with the terraform CLI and a message was sent to two of its
// groups — through `terraform apply -invoke` when the CLI has actions
// (1.14+), else through the REST API as any client would — while the
// outbox was open. The page shows the message without a reload, with each
// recipient's personalised text and status; the address book shows every
// contact and each group with its members, and a contact named with a
// <script> tag as text; the inbox form posts a reply; every page fits a
// phone's width; nothing is fetched from anywhere but the mock and no
// script error or dialog happens.
func TestBrowserShowsTheRosterAndAMessage(t *testing.T) {
	if os.Getenv(envBrowserTest) == "" {
		t.Skip("the browser test runs with " + envBrowserTest + "=1: make test-browser (part of make test) installs Chromium and runs it")
	}
	chromium := chromiumPath(t)
	tf := terraformPath(t)
	e := start(t, mockapi.Options{Now: time.Now, DeliveryDelay: time.Second})

	// The roster, applied as a user would.
	work := t.TempDir()
	roster := filepath.Join(work, "roster")
	for _, name := range []string{"main.tf", "outputs.tf", "roster.yaml"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, "examples", "on-call-roster", name))
		if err != nil {
			t.Fatal(err)
		}
		writeTestFile(t, filepath.Join(roster, name), string(data))
	}
	actions := terraformHasActions(t, tf)
	if actions {
		data, err := os.ReadFile(filepath.Join(repoRoot, "scripts", "demo-page-action.tf"))
		if err != nil {
			t.Fatal(err)
		}
		writeTestFile(t, filepath.Join(roster, "page.tf"), string(data))
	}
	terraform := terraformRunner(t, tf, roster, providerConfig(t, work), e.mock.URL)
	terraform("apply", "-auto-approve")
	script := e.contact(`{"FirstName":` + jsonString(scriptName) + `,"LastName":"Tester","MobilePhone":"+61421000099"}`)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	b := newBrowser(ctx, t, chromium)
	defer b.check(e.mock.URL)

	// The outbox is open before the message is sent.
	b.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.mock.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#live-state[data-state="live"]`)))
	b.eval(`window.bestsmsNoReload = true`)
	if actions {
		t.Logf("sending the message with %s apply -invoke", tf)
		terraform("apply", "-auto-approve", "-invoke=action.bestsms_message.page_on_call")
	} else {
		t.Logf("%s has no actions (1.14+): sending the message through the REST API", tf)
		platform, _ := e.mock.Group("Platform_On_Call")
		e.api("POST", "send/sms", `{"MessageData":{"MessageID":"on-call-week","Reference":"weekly on-call",`+
			`"Message":"Hi [[First Name]], you are on call this week.","Destinations":[{"GroupID":"`+platform.GroupID+`"},{"GroupCode":"Security_Incident_Response"}]}}`)
	}
	message := `[data-message-id="on-call-week"]`
	b.poll(`document.querySelector('`+message+`') !== null`, 20*time.Second, "the message to show in the open outbox")
	if ok := b.eval(`window.bestsmsNoReload === true`); ok != "true" {
		t.Error("the outbox reloaded to show the message")
	}
	b.poll(`Array.from(document.querySelectorAll('`+message+` [data-status]')).every(s => s.textContent === 'delivered') && `+
		`document.querySelectorAll('`+message+` [data-status]').length === 5`, 30*time.Second, "every recipient delivered")
	rows := b.strings(`Array.from(document.querySelectorAll('` + message + ` tr[data-recipient]')).map(r => ` +
		`r.querySelector('.number').textContent + ' | ' + r.querySelector('td.text').textContent + ' | ' + r.querySelector('[data-status]').textContent)`)
	slices.Sort(rows)
	want := []string{
		"+61421000001 | Hi Alice, you are on call this week. | delivered",
		"+61421000001 | Hi Alice, you are on call this week. | delivered",
		"+61421000002 | Hi Bruno, you are on call this week. | delivered",
		"+61421000004 | Hi Dana, you are on call this week. | delivered",
		"+61421000005 | Hi Emeka, you are on call this week. | delivered",
	}
	if !slices.Equal(rows, want) {
		t.Errorf("the outbox shows the recipients\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	facts := b.text(message + ` .facts`)
	for _, w := range []string{"weekly on-call", "group Platform On Call", "group Security Incident Response Security_Incident_Response", "5 recipients · 5 delivered"} {
		if !strings.Contains(facts, w) {
			t.Errorf("the message's facts lack %q: %s", w, facts)
		}
	}
	if api := b.text(message + ` .badge.api`); api != "REST v2.04" {
		t.Errorf("the message's API is %q", api)
	}
	b.screenshot("outbox.png")
	b.fitsPhone("outbox")

	// The address book: every contact, each group with its members, and
	// the <script> contact as text.
	b.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.mock.URL+"/ui/addressbook"), chromedp.WaitVisible(chromedp.CSS(`[data-contact-id]`)))
	names := b.strings(`Array.from(document.querySelectorAll('tr[data-contact-id] td.name')).map(td => td.textContent.trim())`)
	slices.Sort(names)
	wantNames := []string{scriptName + " Tester", "Alice Nguyen", "Bruno Costa", "Chen Wei", "Dana Kowalski", "Emeka Obi"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("the address book shows the contacts %q, want %q", names, wantNames)
	}
	var groups map[string][]string
	b.decode(`Object.fromEntries(Array.from(document.querySelectorAll('[data-group-id]')).map(g => `+
		`[g.querySelector('h3').firstChild.textContent.trim(), Array.from(g.querySelectorAll('.members .name')).map(n => n.textContent).sort()]))`, &groups)
	wantGroups := map[string][]string{
		"Platform On Call":           {"Alice Nguyen", "Bruno Costa", "Dana Kowalski"},
		"Database On Call":           {"Chen Wei", "Dana Kowalski"},
		"Security Incident Response": {"Alice Nguyen", "Emeka Obi"},
	}
	if fmt.Sprint(groups) != fmt.Sprint(wantGroups) {
		t.Errorf("the address book shows the groups %v, want %v", groups, wantGroups)
	}
	if n := b.eval(`document.scripts.length`); n != "1" {
		t.Errorf("the address book has %s scripts, want only its own", n)
	}
	if got := b.text(`tr[data-contact-id="` + script + `"] td.name`); got != scriptName+" Tester" {
		t.Errorf("the <script> contact shows as %q", got)
	}
	b.screenshot("addressbook.png")
	// Search as you type narrows the list without a reload.
	b.eval(`window.bestsmsNoReload = true`)
	b.do(chromedp.SendKeys(chromedp.CSS(`input[data-live-search]`), "chen"))
	b.poll(`document.querySelectorAll('tr[data-contact-id]').length === 1`, 10*time.Second, "the search to narrow the contacts")
	if got := b.text(`tr[data-contact-id] td.name`); got != "Chen Wei" || b.eval(`window.bestsmsNoReload === true && location.search === '?q=chen'`) != "true" {
		t.Errorf("search chen shows %q (or reloaded, or left the URL)", got)
	}
	b.fitsPhone("address book")

	// The inbox form: a reply from Alice, posted by the page's script.
	b.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.mock.URL+"/ui/inbox"), chromedp.WaitVisible(chromedp.CSS(`form[data-inbound]`)),
		chromedp.SendKeys(chromedp.CSS(`form[data-inbound] input[name="from"]`), "0421 000 001"),
		chromedp.SendKeys(chromedp.CSS(`form[data-inbound] input[name="reply_to"]`), "on-call-week"),
		chromedp.SendKeys(chromedp.CSS(`form[data-inbound] textarea[name="message"]`), "ACK from Alice"),
		chromedp.Click(chromedp.CSS(`form[data-inbound] button[type="submit"]`)))
	b.poll(`document.querySelector('form[data-inbound] output').textContent === 'Received as a reply to on-call-week.'`, 10*time.Second, "the form's answer")
	b.poll(`document.querySelector('#live table') !== null && document.querySelector('#live table').textContent.includes('ACK from Alice')`,
		10*time.Second, "the reply in the inbox")
	if got := e.mock.ReceivedSMS(); len(got) != 1 || got[0].MessageID != "on-call-week" || got[0].From != "+61421000001" {
		t.Errorf("the mock received %+v", got)
	}
	b.fitsPhone("inbox")

	// The phone view of Alice's copy, with her reply.
	b.do(chromedp.Navigate(e.mock.URL+"/"), chromedp.WaitVisible(chromedp.CSS(message)))
	var alice string
	b.decode(`document.querySelector('`+message+` tr[data-recipient="+61421000001"] a').getAttribute('href')`, &alice)
	b.do(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile), chromedp.Navigate(e.mock.URL+alice), chromedp.WaitVisible(chromedp.CSS(`[data-phone-text]`)))
	if got := b.text(`.phone .thread`); !strings.HasPrefix(got, "Hi Alice, you are on call this week.") || !strings.Contains(got, "ACK from Alice") {
		t.Errorf("Alice's phone view (%s) shows %q", alice, got)
	}
	b.fitsPhone("phone view")
	b.screenshot("phone.png")

	// The requests page lists the calls, without the token.
	b.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(e.mock.URL+"/ui/requests"), chromedp.WaitVisible(chromedp.CSS(`table.requests`)))
	body := b.text(`body`)
	if !strings.Contains(body, "/api/v2.04/addressbook/contact") || !strings.Contains(body, "POST /_mock/inbound") || strings.Contains(body, token) {
		t.Errorf("the requests page reads:\n%s", body)
	}
	b.fitsPhone("requests")
}

// scriptName is the first name of a contact that would run script if a
// page did not escape it.
const scriptName = `<script>alert("pwned")</script>`

// chromiumPath finds Chromium, or fails saying what is missing.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(envChromium); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("the browser test needs Chromium and found none on PATH (chromium, chromium-browser, google-chrome, headless-shell): " +
		"install the Debian package chromium (make test-browser does it with apt-get) or set " + envChromium)
	return ""
}

// terraformPath finds the terraform CLI (TF_ACC_TERRAFORM_PATH first), or
// fails saying what is missing.
func terraformPath(t *testing.T) string {
	t.Helper()
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		return tf
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("the browser test applies examples/on-call-roster and needs the terraform CLI on PATH (or TF_ACC_TERRAFORM_PATH)")
	}
	return tf
}

// terraformHasActions reports whether the CLI is 1.14 or later.
func terraformHasActions(t *testing.T, tf string) bool {
	t.Helper()
	out, err := exec.Command(tf, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", tf, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v: %s", tf, err, out)
	}
	parts := strings.SplitN(v.Version, ".", 3)
	if len(parts) < 2 {
		t.Fatalf("%s version %q", tf, v.Version)
	}
	major, _ := strconv.Atoi(parts[0])
	minor, _ := strconv.Atoi(parts[1])
	return major > 1 || major == 1 && minor >= 14
}

// providerConfig builds the provider into dir and writes a CLI
// configuration that runs it for bestsms/bestsms (dev_overrides: no
// terraform init); it returns the configuration's path.
func providerConfig(t *testing.T, dir string) string {
	t.Helper()
	plugins := filepath.Join(dir, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-bestsms"), ".")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	path := filepath.Join(dir, "terraformrc")
	writeTestFile(t, path, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"registry.terraform.io/bestsms/bestsms", plugins))
	return path
}

// terraformRunner returns a func that runs the CLI in dir against the mock
// and fails the test when it fails.
func terraformRunner(t *testing.T, tf, dir, cliConfig, mockURL string) func(args ...string) {
	return func(args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, tf, append(args, "-no-color", "-input=false")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1",
			"TF_LOG=", "BESTSMS_BASE_URL="+mockURL+"/api", "BESTSMS_AUTH_TOKEN="+token)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// browser is headless Chromium with one tab, and what it saw.
type browser struct {
	t   *testing.T
	ctx context.Context

	mu         sync.Mutex
	requests   []string
	dialogs    []string
	exceptions []string
}

// newBrowser starts Chromium with the flags a closed network needs (no
// background networking, component updates, sync or QUIC, a fresh profile)
// and records every request, dialog and uncaught exception of its tab.
func newBrowser(ctx context.Context, t *testing.T, chromium string) *browser {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelTab)
	b := &browser{t: t, ctx: tab}
	if err := chromedp.Listen(tab, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, ev.Request.URL)
		case *cdppage.EventJavascriptDialogOpening:
			b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.exceptions = append(b.exceptions, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, msg))
		}
	}); err != nil {
		t.Fatalf("starting Chromium (%s): %v", chromium, err)
	}
	return b
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a script and returns its value as JSON.
func (b *browser) eval(expr string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[json.RawMessage](expr))
	if err != nil {
		b.t.Fatalf("browser: %s: %v", expr, err)
	}
	return string(v)
}

func (b *browser) decode(expr string, into any) {
	b.t.Helper()
	if err := json.Unmarshal([]byte(b.eval(expr)), into); err != nil {
		b.t.Fatalf("browser: %s: %v", expr, err)
	}
}

func (b *browser) strings(expr string) []string {
	b.t.Helper()
	var out []string
	b.decode(expr, &out)
	return out
}

// text is the text content of the first element the CSS selector matches,
// white space folded.
func (b *browser) text(css string) string {
	b.t.Helper()
	var s string
	b.decode(`(document.querySelector(`+jsonString(css)+`) || {textContent: ''}).textContent`, &s)
	return strings.Join(strings.Fields(s), " ")
}

// poll waits until the expression is true, at most limit (a generous
// bound: the point is that it happens at all, without a reload).
func (b *browser) poll(expr string, limit time.Duration, what string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, limit)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		page, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
		b.t.Fatalf("browser: waiting for %s: %v; the page reads:\n%s", what, err, page)
	}
}

// A phone's viewport.
const phoneWidth, phoneHeight = 390, 844

// fitsPhone checks that the current page, at a phone's size, needs no
// sideways scrolling and shows its tables as cards.
func (b *browser) fitsPhone(what string) {
	b.t.Helper()
	b.do(chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile))
	b.poll(`window.innerWidth === `+strconv.Itoa(phoneWidth), 5*time.Second, "the viewport to shrink")
	if over := b.eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`); over != "0" {
		b.t.Errorf("%s at %dpx is %s px too wide", what, phoneWidth, over)
	}
	if rows := b.eval(`Array.from(document.querySelectorAll('tbody tr')).every(tr => getComputedStyle(tr).display === 'block')`); rows != "true" {
		b.t.Errorf("%s at %dpx still shows table rows as rows", what, phoneWidth)
	}
}

// screenshot writes a PNG of the whole page to the screenshot directory,
// when make screenshots names one.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv(envScreenshots)
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	writeTestFile(b.t, filepath.Join(dir, name), string(png))
	b.t.Logf("wrote %s", filepath.Join(dir, name))
}

// check fails the test for a request that left the mock, a dialog (a
// script that ran) or an uncaught exception.
func (b *browser) check(origin string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.requests) == 0 {
		b.t.Error("the browser made no request at all")
	}
	for _, u := range b.requests {
		if !strings.HasPrefix(u, origin+"/") && u != origin && !strings.HasPrefix(u, "data:") {
			b.t.Errorf("the browser requested %s, outside the mock", u)
		}
	}
	for _, d := range b.dialogs {
		b.t.Errorf("a dialog opened (a stored value ran as script?): %s", d)
	}
	for _, x := range b.exceptions {
		b.t.Errorf("uncaught exception in a page: %s", x)
	}
}

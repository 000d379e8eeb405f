package registrytest

import (
	"archive/zip"
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
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// exampleDir is the configuration every CLI installs the provider for and
// applies: the README's on-call roster.
const exampleDir = "../../examples/on-call-roster"

// commandBound bounds one CLI command, so that a CLI stuck on the network
// fails the test instead of hanging it; init and apply take seconds.
const commandBound = 10 * time.Minute

// TestRegistryInstall installs the release from the registry with every
// CLI: the signature is verified, the lock file holds the checksum of every
// platform, the installed binary is the zip's, and the on-call roster
// example applies against the mock with it and plans clean afterwards.
func TestRegistryInstall(t *testing.T) {
	rel := releaseFromEnv(t)
	if err := rel.verifySignature(rel.sums); err != nil {
		t.Fatalf("%s.sig is not a good signature of %s by signing-key.asc (%v): terraform init and tofu init would refuse this release", rel.sumsName, rel.sumsName, err)
	}
	clis := clisFromEnv(t)
	reg := startRegistry(t, rel, rel.sums)
	here := runtime.GOOS + "_" + runtime.GOARCH
	var zipHere *zipAsset
	for i, z := range rel.zips {
		if z.os+"_"+z.arch == here {
			zipHere = &rel.zips[i]
		}
	}
	if zipHere == nil {
		t.Fatalf("the release has no zip for this machine's platform %s", here)
	}
	wantHashes := []string{hashZip(t, filepath.Join(rel.dir, zipHere.name))}
	for _, sum := range rel.allSums {
		wantHashes = append(wantHashes, "zh:"+sum)
	}
	sort.Strings(wantHashes)

	for _, c := range clis {
		t.Run(c.label, func(t *testing.T) {
			const token = "registrytest-token"
			mock := mocktest.Start(t, mockapi.Options{Tokens: []string{token}})
			dir := exampleCopy(t, rel.version)
			env := c.env(t, reg, "BESTSMS_BASE_URL="+mock.URL+"/api", "BESTSMS_AUTH_TOKEN="+token)
			before := len(reg.requested())

			out := c.mustRun(t, dir, env, "init", "-input=false", "-no-color")
			signed := regexp.MustCompile(`Installed bestsms/bestsms v` + regexp.QuoteMeta(rel.version) + ` \((self-)?signed, key ID ` + rel.keyID + `\)`)
			if !signed.MatchString(out) {
				t.Fatalf("%s init did not report a signed install (want %q):\n%s", c.label, signed, out)
			}
			t.Logf("%s init: %s", c.label, signed.FindString(out))
			for _, unsigned := range []string{"unauthenticated", "signature validation was skipped", "Warning"} {
				if strings.Contains(out, unsigned) {
					t.Errorf("%s init output contains %q:\n%s", c.label, unsigned, out)
				}
			}
			fetched := reg.requested()[before:]
			for _, f := range []string{rel.sumsName, rel.sumsName + ".sig", zipHere.name} {
				if !slices.Contains(fetched, "/files/"+f) {
					t.Errorf("%s init never downloaded %s; it requested:\n%s", c.label, f, strings.Join(fetched, "\n"))
				}
			}

			version, hashes := lockHashes(t, dir, c.host)
			if version != rel.version {
				t.Errorf("the lock file records version %q, want %q", version, rel.version)
			}
			if strings.Join(hashes, "\n") != strings.Join(wantHashes, "\n") {
				t.Errorf("the lock file's hashes for %s:\n  %s\nwant the h1: of the installed package and a zh: for every file in %s:\n  %s",
					c.host, strings.Join(hashes, "\n  "), rel.sumsName, strings.Join(wantHashes, "\n  "))
			}
			binary := fmt.Sprintf("%s_v%s", projectName, rel.version)
			installed := readFile(t, filepath.Join(dir, ".terraform", "providers", c.host, providerNamespace, providerType, rel.version, here, binary))
			if !bytes.Equal(installed, zipEntry(t, filepath.Join(rel.dir, zipHere.name), binary)) {
				t.Fatalf("the installed %s is not the one in %s", binary, zipHere.name)
			}

			c.mustRun(t, dir, env, "apply", "-auto-approve", "-input=false", "-no-color")
			checkRosterApplied(t, c, dir, env, mock.URL)
			if out, code := c.run(t, dir, env, "plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
				t.Fatalf("%s plan after apply exited %d, want 0 (no changes):\n%s", c.label, code, out)
			}
		})
	}
}

// TestRegistryDiscovery installs the release by the registry's own
// address (source = "127.0.0.1:<port>/bestsms/bestsms", no host block), so
// that each CLI finds the provider service through
// /.well-known/terraform.json as it does at registry.terraform.io.
func TestRegistryDiscovery(t *testing.T) {
	rel := releaseFromEnv(t)
	clis := clisFromEnv(t)
	reg := startRegistry(t, rel, rel.sums)
	host := strings.TrimPrefix(reg.srv.URL, "https://")
	for _, c := range clis {
		t.Run(c.label, func(t *testing.T) {
			dir := t.TempDir()
			config := fmt.Sprintf(`terraform {
  required_providers {
    bestsms = {
      source  = "%s/bestsms/bestsms"
      version = %q
    }
  }
}
`, host, rel.version)
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
				t.Fatal(err)
			}
			// The CLI configuration without host blocks; a later
			// TF_CLI_CONFIG_FILE in the environment wins.
			env := c.env(t, reg, "TF_CLI_CONFIG_FILE="+emptyCLIConfig(t))
			before := len(reg.requested())
			out := c.mustRun(t, dir, env, "init", "-input=false", "-no-color")
			if !regexp.MustCompile(`Installed ` + regexp.QuoteMeta(host) + `/bestsms/bestsms v` + regexp.QuoteMeta(rel.version) + ` \((self-)?signed, key ID ` + rel.keyID + `\)`).MatchString(out) {
				t.Fatalf("%s init did not report a signed install from %s:\n%s", c.label, host, out)
			}
			if got := reg.requested()[before:]; len(got) == 0 || got[0] != "/.well-known/terraform.json" {
				t.Errorf("%s init did not start with service discovery; it requested %v", c.label, got)
			}
		})
	}
}

// TestRegistryInstallRefusesTamperedChecksums serves a checksum file
// changed after it was signed: the line of this platform's zip is intact,
// so only the signature can tell, and every CLI must refuse to install.
func TestRegistryInstallRefusesTamperedChecksums(t *testing.T) {
	rel := releaseFromEnv(t)
	clis := clisFromEnv(t)
	tampered := tamper(t, rel)
	if err := rel.verifySignature(tampered); err == nil {
		t.Fatal("the tampered checksum file still verifies; the test would prove nothing")
	}
	reg := startRegistry(t, rel, tampered)
	for _, c := range clis {
		t.Run(c.label, func(t *testing.T) {
			dir := exampleCopy(t, rel.version)
			out, code := c.run(t, dir, c.env(t, reg), "init", "-input=false", "-no-color")
			if code == 0 {
				t.Fatalf("%s init installed the provider from a checksum file whose signature does not match:\n%s", c.label, out)
			}
			if !strings.Contains(out, "signature") {
				t.Errorf("%s init failed, but not on the signature:\n%s", c.label, out)
			}
			if left := installedBinaries(t, dir); len(left) > 0 {
				t.Errorf("%s init left the provider installed: %v", c.label, left)
			}
			if _, err := os.Stat(filepath.Join(dir, ".terraform.lock.hcl")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s init wrote a lock file (%v)", c.label, err)
			}
		})
	}
}

// tamper returns the release's checksum file with the manifest's checksum
// changed, as an attacker who swapped a file and updated the list would
// leave it.
func tamper(t *testing.T, rel *release) []byte {
	t.Helper()
	lines := strings.SplitAfter(string(rel.sums), "\n")
	for i, line := range lines {
		if strings.HasSuffix(strings.TrimSpace(line), "_manifest.json") {
			first := "0"
			if line[0] == '0' {
				first = "1"
			}
			lines[i] = first + line[1:]
			return []byte(strings.Join(lines, ""))
		}
	}
	t.Fatalf("%s lists no manifest to tamper with", rel.sumsName)
	return nil
}

// checkRosterApplied compares what the apply reported (terraform output)
// with what the mock holds: every person a contact with the reported id,
// every team a group, every membership.
func checkRosterApplied(t *testing.T, c cli, dir string, env []string, mockURL string) {
	t.Helper()
	var outputs struct {
		ContactIDs   struct{ Value map[string]string } `json:"contact_ids"`
		GroupCodes   struct{ Value map[string]string } `json:"group_codes"`
		MemberCounts struct{ Value map[string]int }    `json:"member_counts"`
	}
	if err := json.Unmarshal([]byte(c.mustRun(t, dir, env, "output", "-json")), &outputs); err != nil {
		t.Fatalf("%s output -json: %v", c.label, err)
	}
	resp, err := http.Get(mockURL + "/_mock/state")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var state struct {
		Contacts    []struct{ ContactID string }
		Groups      []struct{ GroupCode string }
		Memberships []struct{ GroupID, ContactID string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&state); err != nil {
		t.Fatalf("reading the mock's state: %v", err)
	}

	var reported, held []string
	for _, id := range outputs.ContactIDs.Value {
		reported = append(reported, strings.ToLower(id))
	}
	for _, ct := range state.Contacts {
		held = append(held, strings.ToLower(ct.ContactID))
	}
	sort.Strings(reported)
	sort.Strings(held)
	if len(reported) == 0 || strings.Join(reported, ",") != strings.Join(held, ",") {
		t.Errorf("contacts: the apply reported %v, the mock holds %v", reported, held)
	}
	if len(outputs.GroupCodes.Value) == 0 || len(outputs.GroupCodes.Value) != len(state.Groups) {
		t.Errorf("groups: the apply reported %v, the mock holds %d", outputs.GroupCodes.Value, len(state.Groups))
	}
	members := 0
	for _, n := range outputs.MemberCounts.Value {
		members += n
	}
	if members == 0 || members != len(state.Memberships) {
		t.Errorf("memberships: the roster has %d, the mock holds %d", members, len(state.Memberships))
	}
}

// releaseFromEnv loads the release named by BESTSMS_RELEASE_DIST, or skips.
func releaseFromEnv(t *testing.T) *release {
	t.Helper()
	dir := os.Getenv("BESTSMS_RELEASE_DIST")
	if dir == "" {
		t.Skip("BESTSMS_RELEASE_DIST is unset: make release-test builds the release (make release-snapshot) and runs this test on it")
	}
	return loadRelease(t, dir)
}

// cli is one terraform or tofu executable.
type cli struct {
	path  string
	label string // "Terraform 1.15.9", "OpenTofu 1.12.6"
	host  string // the registry its bestsms/bestsms comes from
}

// clisFromEnv returns the CLIs of REGISTRYTEST_CLIS, or else the terraform
// and tofu on PATH.
func clisFromEnv(t *testing.T) []cli {
	t.Helper()
	var paths []string
	if v := os.Getenv("REGISTRYTEST_CLIS"); v != "" {
		paths = filepath.SplitList(v)
	} else {
		for _, name := range []string{"terraform", "tofu"} {
			if p, err := exec.LookPath(name); err == nil {
				paths = append(paths, p)
			}
		}
	}
	if len(paths) == 0 {
		t.Fatal("no CLI to test: set REGISTRYTEST_CLIS or put terraform or tofu on PATH")
	}
	emptyConfig := emptyCLIConfig(t)
	var clis []cli
	for _, p := range paths {
		cmd := exec.Command(p, "version")
		cmd.Env = append(cleanEnviron(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+emptyConfig)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s version: %v", p, err)
		}
		first, _, _ := strings.Cut(string(out), "\n")
		switch {
		case strings.HasPrefix(first, "Terraform v"):
			clis = append(clis, cli{path: p, label: "Terraform " + strings.TrimPrefix(first, "Terraform v"), host: "registry.terraform.io"})
		case strings.HasPrefix(first, "OpenTofu v"):
			clis = append(clis, cli{path: p, label: "OpenTofu " + strings.TrimPrefix(first, "OpenTofu v"), host: "registry.opentofu.org"})
		default:
			t.Fatalf("%s is neither terraform nor tofu: %q", p, first)
		}
	}
	return clis
}

// emptyCLIConfig writes an empty CLI configuration file. tofu writes
// "Unable to open CLI configuration file" to stdout when TF_CLI_CONFIG_FILE
// names a missing file: always give it one.
func emptyCLIConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "empty.tfrc")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// env is the environment of one CLI run against reg: a home of its own (no
// plugin cache, no implied local mirror with a `make install` build in it),
// a CLI configuration pointing both registries' provider service at reg, and
// reg's certificate as the only trusted root.
func (c cli) env(t *testing.T, reg *registry, extra ...string) []string {
	t.Helper()
	home := t.TempDir()
	config := filepath.Join(home, "registrytest.tfrc")
	services := reg.srv.URL + "/v1/providers/"
	var b strings.Builder
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		fmt.Fprintf(&b, "host %q {\n  services = {\n    \"providers.v1\" = %q\n  }\n}\n", host, services)
	}
	if err := os.WriteFile(config, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(cleanEnviron(),
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"TF_CLI_CONFIG_FILE="+config,
		"SSL_CERT_FILE="+reg.certFile(t),
		"SSL_CERT_DIR="+filepath.Join(home, "no-certs"),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	)
	return append(env, extra...)
}

// cleanEnviron is the process environment without what would change how a
// CLI installs providers or which API the provider talks to.
func cleanEnviron() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_"), strings.HasPrefix(name, "BESTSMS_"), strings.HasPrefix(name, "SSL_CERT_"),
			strings.HasPrefix(name, "XDG_"), name == "HOME", name == "CHECKPOINT_DISABLE":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// run runs the CLI in dir and returns its combined output and exit code.
func (c cli) run(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandBound)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.path, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %s did not finish within %s:\n%s", c.label, args[0], commandBound, out.String())
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	default:
		t.Fatalf("%s %s: %v", c.label, args[0], err)
		return "", -1
	}
}

// mustRun runs the CLI and fails the test unless it exits 0.
func (c cli) mustRun(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, code := c.run(t, dir, env, args...)
	if code != 0 {
		t.Fatalf("%s %s exited %d:\n%s", c.label, strings.Join(args, " "), code, out)
	}
	return out
}

// exampleCopy copies the example into a new directory with an override
// file that pins the release's version: a -dev snapshot is a pre-release,
// which the example's "~> 0.1" does not select.
func exampleCopy(t *testing.T, version string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(exampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".terraform") || strings.HasSuffix(e.Name(), ".tfstate") {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), readFile(t, filepath.Join(exampleDir, e.Name())), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	override := fmt.Sprintf(`# Written by tools/registrytest: pins the release under test.
terraform {
  required_providers {
    bestsms = {
      source  = "bestsms/bestsms"
      version = %q
    }
  }
}
`, version)
	if err := os.WriteFile(filepath.Join(dir, "registrytest_override.tf"), []byte(override), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// installedBinaries lists the provider executables under
// dir/.terraform/providers (OpenTofu also leaves a <platform>.lock file
// there, which is no provider).
func installedBinaries(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join(dir, ".terraform", "providers"), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), projectName) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// hashZip is the lock file's h1: hash of a provider zip.
func hashZip(t *testing.T, path string) string {
	t.Helper()
	h, err := dirhash.HashZip(path, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// zipEntry returns the content of the file name in the zip at path.
func zipEntry(t *testing.T, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

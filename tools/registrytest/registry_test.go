package registrytest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
)

const (
	providerNamespace = "bestsms"
	providerType      = "bestsms"
	projectName       = "terraform-provider-bestsms"
)

// release is what make release-snapshot leaves in dist/: the assets a
// GitHub release holds, and the public key that verifies them.
type release struct {
	dir       string
	version   string
	sumsName  string
	sums      []byte // the SHA256SUMS file as signed
	sig       []byte // its detached signature
	zips      []zipAsset
	allSums   []string // every checksum in sums: the zips' and the manifest's
	protocols []string // from the manifest
	keyArmor  string
	keyID     string // upper-case hex, 16 digits
}

// zipAsset is one platform's zip and its SHA-256 from SHA256SUMS.
type zipAsset struct {
	name, os, arch, sha256 string
}

// loadRelease reads dist/ and checks what the Registries would check
// before listing a version: one SHA256SUMS with its .sig, every zip it
// names present with that checksum, a manifest, and a signature that
// verifies with the public key.
func loadRelease(t *testing.T, dir string) *release {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, projectName+"_*_SHA256SUMS"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("%s must hold exactly one %s_<version>_SHA256SUMS (run make release-snapshot); found %v", dir, projectName, matches)
	}
	rel := &release{dir: dir, sumsName: filepath.Base(matches[0])}
	rel.version = strings.TrimSuffix(strings.TrimPrefix(rel.sumsName, projectName+"_"), "_SHA256SUMS")
	rel.sums = readFile(t, matches[0])
	rel.sig = readFile(t, matches[0]+".sig")
	rel.keyArmor = string(readFile(t, filepath.Join(dir, "signing-key.asc")))

	zipName := regexp.MustCompile(`^` + regexp.QuoteMeta(projectName+"_"+rel.version) + `_([a-z0-9]+)_([a-z0-9]+)\.zip$`)
	manifestName := projectName + "_" + rel.version + "_manifest.json"
	sawManifest := false
	sc := bufio.NewScanner(bytes.NewReader(rel.sums))
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("%s: line %q is not \"<sha256>  <file>\"", rel.sumsName, sc.Text())
		}
		rel.allSums = append(rel.allSums, sum)
		if got := sha256Hex(readFile(t, filepath.Join(dir, name))); got != sum {
			t.Fatalf("%s lists %s with sha256 %s, but the file has %s", rel.sumsName, name, sum, got)
		}
		switch m := zipName.FindStringSubmatch(name); {
		case m != nil:
			rel.zips = append(rel.zips, zipAsset{name: name, os: m[1], arch: m[2], sha256: sum})
		case name == manifestName:
			sawManifest = true
		default:
			t.Fatalf("%s lists %s, which is neither a platform zip nor the manifest", rel.sumsName, name)
		}
	}
	if len(rel.zips) == 0 || !sawManifest {
		t.Fatalf("%s must list the platform zips and %s; it holds:\n%s", rel.sumsName, manifestName, rel.sums)
	}

	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, manifestName)), &manifest); err != nil || len(manifest.Metadata.ProtocolVersions) == 0 {
		t.Fatalf("%s: no metadata.protocol_versions (%v)", manifestName, err)
	}
	rel.protocols = manifest.Metadata.ProtocolVersions

	keyring, err := openpgp.ReadArmoredKeyRing(strings.NewReader(rel.keyArmor))
	if err != nil || len(keyring) != 1 {
		t.Fatalf("signing-key.asc must hold one armoured public key: %v", err)
	}
	rel.keyID = keyring[0].PrimaryKey.KeyIdString()
	return rel
}

// verifySignature reports whether sig is a good signature of sums by the
// release's key, as the CLIs check it.
func (rel *release) verifySignature(sums []byte) error {
	keyring, err := openpgp.ReadArmoredKeyRing(strings.NewReader(rel.keyArmor))
	if err != nil {
		return err
	}
	_, err = openpgp.CheckDetachedSignature(keyring, bytes.NewReader(sums), bytes.NewReader(rel.sig), nil)
	return err
}

// registry serves one release over the provider registry protocol
// (service discovery, versions, download) and its files. sums is the
// checksum file it serves: the release's, or a tampered one.
type registry struct {
	rel  *release
	sums []byte
	srv  *httptest.Server

	mu       sync.Mutex
	requests []string
}

// startRegistry serves rel on HTTPS loopback until the test ends.
func startRegistry(t *testing.T, rel *release, sums []byte) *registry {
	t.Helper()
	reg := &registry{rel: rel, sums: sums}
	reg.srv = httptest.NewTLSServer(reg)
	t.Cleanup(reg.srv.Close)
	return reg
}

// certFile writes the server's self-signed certificate as PEM, for
// SSL_CERT_FILE.
func (reg *registry) certFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "registry-ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: reg.srv.Certificate().Raw})
	if err := os.WriteFile(path, block, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// requested returns the paths requested so far, in order.
func (reg *registry) requested() []string {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	return append([]string(nil), reg.requests...)
}

func (reg *registry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reg.mu.Lock()
	reg.requests = append(reg.requests, r.URL.Path)
	reg.mu.Unlock()
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rel := reg.rel
	base := reg.srv.URL
	providerPath := "/v1/providers/" + providerNamespace + "/" + providerType + "/"
	switch p := r.URL.Path; {
	case p == "/.well-known/terraform.json":
		writeJSON(w, map[string]string{"providers.v1": "/v1/providers/"})
	case p == providerPath+"versions":
		platforms := make([]map[string]string, 0, len(rel.zips))
		for _, z := range rel.zips {
			platforms = append(platforms, map[string]string{"os": z.os, "arch": z.arch})
		}
		writeJSON(w, map[string]any{"versions": []any{map[string]any{
			"version": rel.version, "protocols": rel.protocols, "platforms": platforms,
		}}})
	case strings.HasPrefix(p, providerPath+rel.version+"/download/"):
		osArch := strings.Split(strings.TrimPrefix(p, providerPath+rel.version+"/download/"), "/")
		for _, z := range rel.zips {
			if len(osArch) == 2 && z.os == osArch[0] && z.arch == osArch[1] {
				writeJSON(w, map[string]any{
					"protocols":             rel.protocols,
					"os":                    z.os,
					"arch":                  z.arch,
					"filename":              z.name,
					"download_url":          base + "/files/" + z.name,
					"shasums_url":           base + "/files/" + rel.sumsName,
					"shasums_signature_url": base + "/files/" + rel.sumsName + ".sig",
					"shasum":                z.sha256,
					"signing_keys": map[string]any{"gpg_public_keys": []any{map[string]any{
						"key_id":          rel.keyID,
						"ascii_armor":     rel.keyArmor,
						"trust_signature": "",
						"source":          "BestSMS",
						"source_url":      nil,
					}}},
				})
				return
			}
		}
		http.NotFound(w, r)
	case p == "/files/"+rel.sumsName:
		_, _ = w.Write(reg.sums)
	case p == "/files/"+rel.sumsName+".sig":
		_, _ = w.Write(rel.sig)
	case strings.HasPrefix(p, "/files/"):
		name := strings.TrimPrefix(p, "/files/")
		for _, z := range rel.zips {
			if z.name == name {
				http.ServeFile(w, r, filepath.Join(rel.dir, name))
				return
			}
		}
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// lockHashes returns the hashes the lock file in dir records for the
// provider at host, and its version.
func lockHashes(t *testing.T, dir, host string) (version string, hashes []string) {
	t.Helper()
	lock := string(readFile(t, filepath.Join(dir, ".terraform.lock.hcl")))
	header := fmt.Sprintf("provider %q {", host+"/"+providerNamespace+"/"+providerType)
	start := strings.Index(lock, header)
	if start < 0 {
		t.Fatalf(".terraform.lock.hcl has no block for %s:\n%s", host, lock)
	}
	block := lock[start:]
	if end := strings.Index(block, "\n}"); end >= 0 {
		block = block[:end]
	}
	if m := regexp.MustCompile(`(?m)^\s*version\s*=\s*"([^"]+)"`).FindStringSubmatch(block); m != nil {
		version = m[1]
	}
	for _, m := range regexp.MustCompile(`"((?:h1|zh):[^"]+)"`).FindAllStringSubmatch(block, -1) {
		hashes = append(hashes, m[1])
	}
	sort.Strings(hashes)
	return version, hashes
}

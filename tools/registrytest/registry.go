// Package registrytest proves that a release installs the way users install
// it: `terraform init` (or `tofu init`) of bestsms/bestsms from a registry.
//
// Its test serves the artifacts of `make release-snapshot` (dist/: the
// zips, SHA256SUMS, its detached signature and the public signing key) over
// the provider registry protocol on HTTPS loopback, with a self-signed
// certificate trusted through SSL_CERT_FILE, and points registry.terraform.io
// and registry.opentofu.org at it with a CLI configuration `host` block.
// Each CLI must verify the signature, record in the lock file the checksum
// of every platform in SHA256SUMS, install the very binary of the zip, and
// apply examples/on-call-roster against the mock with it. Another test
// installs it by the registry's own address, through service discovery
// (/.well-known/terraform.json), and a third serves a checksum file changed
// after it was signed and requires every CLI to refuse it.
//
// The test needs the release and the CLIs, named by environment variables
// (`make release-test` sets them):
//
//	BESTSMS_RELEASE_DIST  the dist/ directory of make release-snapshot
//	REGISTRYTEST_CLIS     terraform and tofu executables, separated by ':'
//
// Without BESTSMS_RELEASE_DIST it skips, saying so.
//
// It must not import the provider's packages: it tests the released binary
// as a user's CLI installs it, never the code it was built from.
package registrytest

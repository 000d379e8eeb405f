#!/usr/bin/env bash
# make release-snapshot: build the release artifacts of .goreleaser.yml into
# dist/ with the pinned goreleaser, as a snapshot (nothing is published),
# signed like a release:
#   terraform-provider-bestsms_<version>_<os>_<arch>.zip   (one per platform)
#   terraform-provider-bestsms_<version>_manifest.json
#   terraform-provider-bestsms_<version>_SHA256SUMS(.sig)
# and dist/signing-key.asc, the public key that verifies the .sig (what the
# Registries are given), which make release-test serves to terraform/tofu.
#
# Environment:
#   GORELEASER        the goreleaser command (the GNUmakefile's pinned one)
#   SNAPSHOT_VERSION  the version to build (the GNUmakefile's VERSION, -dev)
#   RELEASE_TARGETS   all (default: every platform of .goreleaser.yml) or
#                     host (only this machine's platform; what .ci/run builds)
#   GPG_FINGERPRINT   the key to sign with, from gpg's keyring (GNUPGHOME);
#                     unset: a throwaway key is made for this run in a
#                     temporary GNUPGHOME and destroyed afterwards
#   GPG_PASSPHRASE    that key's passphrase, if it has one
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
: "${GORELEASER:?GORELEASER must name the goreleaser command (run make release-snapshot)}"
: "${SNAPSHOT_VERSION:?SNAPSHOT_VERSION must be set (run make release-snapshot)}"
targets="${RELEASE_TARGETS:-all}"

if ! command -v gpg >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "release-snapshot: gpg is not installed; installing gnupg with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnupg >/dev/null
  else
    echo "release-snapshot: gpg is needed to sign the checksum file; install GnuPG (Debian/Ubuntu: apt-get install gnupg)" >&2
    exit 1
  fi
fi

mkdir -p .tmp
work="$(mktemp -d "$root/.tmp/release-snapshot.XXXXXX")"
cleanup() {
  if [[ -n "${throwaway_home:-}" ]]; then
    gpgconf --homedir "$throwaway_home" --kill gpg-agent >/dev/null 2>&1 || true
    rm -rf "$throwaway_home"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "${GPG_FINGERPRINT:-}" ]]; then
  # A short GNUPGHOME: gpg-agent's socket path must fit in a sockaddr_un.
  throwaway_home="$(mktemp -d "${TMPDIR:-/tmp}/bestsms-gpg.XXXXXX")"
  chmod 700 "$throwaway_home"
  export GNUPGHOME="$throwaway_home"
  # RSA, as the Registries document; no passphrase and no expiry: the
  # secret key is destroyed with $GNUPGHOME at the end of this run.
  gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
    --quick-generate-key "bestsms release snapshot (throwaway) <snapshot@bestsms.invalid>" rsa3072 sign never 2>/dev/null
  GPG_FINGERPRINT="$(gpg --batch --list-secret-keys --with-colons | awk -F: '/^fpr:/ {print $10; exit}')"
  export GPG_PASSPHRASE=""
  echo "release-snapshot: GPG_FINGERPRINT is unset: signing with a throwaway key made for this run ($GPG_FINGERPRINT)"
else
  gpg --batch --list-secret-keys "$GPG_FINGERPRINT" >/dev/null 2>&1 || {
    echo "release-snapshot: no secret key $GPG_FINGERPRINT in gpg's keyring${GNUPGHOME:+ ($GNUPGHOME)}" >&2
    exit 1
  }
  echo "release-snapshot: signing with $GPG_FINGERPRINT"
fi
export GPG_FINGERPRINT SNAPSHOT_VERSION

config=.goreleaser.yml
case "$targets" in
  all) ;;
  host)
    host="$(go env GOOS)_$(go env GOARCH)"
    config="$work/goreleaser-host.yml"
    # The provider build's platform list lies between the platforms:begin
    # and platforms:end comments; replace it by this machine's platform.
    awk -v host="$host" '
      /# platforms:begin/ { skipping = 1; print "    targets: [" host "]"; next }
      /# platforms:end/   { skipping = 0; next }
      !skipping           { print }
    ' .goreleaser.yml >"$config"
    grep -q "targets: \[$host\]" "$config" || {
      echo "release-snapshot: could not find the platforms:begin/end markers in .goreleaser.yml" >&2
      exit 1
    }
    echo "release-snapshot: building only this machine's platform ($host)"
    ;;
  *)
    echo "release-snapshot: RELEASE_TARGETS must be all or host, not '$targets'" >&2
    exit 1
    ;;
esac

# --snapshot: no tag needed, nothing published; signing still runs.
$GORELEASER release --snapshot --clean --config "$config" --skip=publish,announce

gpg --batch --armor --export "$GPG_FINGERPRINT" >dist/signing-key.asc
# The release uploads the manifest under this name (release.extra_files);
# copied here, dist/ holds every asset of the release.
cp terraform-registry-manifest.json "dist/terraform-provider-bestsms_${SNAPSHOT_VERSION}_manifest.json"

sums="dist/terraform-provider-bestsms_${SNAPSHOT_VERSION}_SHA256SUMS"
[[ -f "$sums" && -f "$sums.sig" ]] || { echo "release-snapshot: $sums or its .sig is missing" >&2; exit 1; }
# The same checks a maintainer makes on the draft (contributing/releasing.md).
gpg --batch --verify "$sums.sig" "$sums"
(cd dist && sha256sum --quiet -c "$(basename "$sums")")
if grep -q '\.sig$' "$sums"; then
  echo "release-snapshot: $sums lists a signature file; the signature cannot cover it" >&2
  exit 1
fi
echo "release-snapshot: dist/ holds version $SNAPSHOT_VERSION ($(grep -c '\.zip$' "$sums") platform zip(s)), signed by $GPG_FINGERPRINT"

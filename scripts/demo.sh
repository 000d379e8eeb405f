#!/usr/bin/env bash
# make demo: build the provider and the mock, start the mock on a free
# loopback port, apply examples/on-call-roster through a filesystem mirror of
# the freshly built provider, show the outputs, and fail unless a second plan
# reports no changes. Needs Go and Terraform on PATH; no credentials.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="${VERSION:-0.1.0-dev}"
example="${DEMO_EXAMPLE:-$root/examples/on-call-roster}"
os_arch="$(go env GOOS)_$(go env GOARCH)"

work="$(mktemp -d "${TMPDIR:-/tmp}/bestsms-demo.XXXXXX")"
mock_pid=""
cleanup() {
  if [[ -n "$mock_pid" ]] && kill -0 "$mock_pid" 2>/dev/null; then
    kill -TERM "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Building provider $version and mock"
mirror="$work/mirror"
plugin_dir="$mirror/registry.terraform.io/bestsms/bestsms/$version/$os_arch"
mkdir -p "$plugin_dir" "$work/bin"
(cd "$root" && go build -trimpath -ldflags "-X main.version=$version" -o "$plugin_dir/terraform-provider-bestsms_v$version" .)
(cd "$root" && go build -trimpath -o "$work/bin/bestsms-mock" ./cmd/bestsms-mock)

step "Starting the mock BestSMS API on a free loopback port"
token="demo-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
"$work/bin/bestsms-mock" -addr 127.0.0.1:0 -token "$token" -state "$work/mock-state.json" \
  -addr-file "$work/mock.addr" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  [[ -s "$work/mock.addr" ]] && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log" >&2; echo "demo: the mock exited" >&2; exit 1; }
  sleep 0.1
done
[[ -s "$work/mock.addr" ]] || { cat "$work/mock.log" >&2; echo "demo: the mock did not start" >&2; exit 1; }
mock_url="$(head -n1 "$work/mock.addr")"
cat "$work/mock.log"

cat >"$work/terraformrc" <<HCL
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/bestsms/bestsms"]
  }
  direct {
    exclude = ["registry.terraform.io/bestsms/bestsms"]
  }
}
HCL

cp -R "$example" "$work/roster"
rm -rf "$work/roster/.terraform" "$work/roster/.terraform.lock.hcl" "$work/roster/terraform.tfstate"*
# The example asks for "~> 0.1", which a -dev build (a pre-release) does not
# meet: an override file pins this build's exact version, as the README's
# Install section tells users of a local build to do.
cat >"$work/roster/local_build_override.tf" <<HCL
terraform {
  required_providers {
    bestsms = {
      source  = "bestsms/bestsms"
      version = "$version"
    }
  }
}
HCL
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1 TF_INPUT=0
export BESTSMS_BASE_URL="$mock_url/api" BESTSMS_AUTH_TOKEN="$token"
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR
cd "$work/roster"

step "terraform init"
terraform init -input=false -no-color >/dev/null
echo "initialised with registry.terraform.io/bestsms/bestsms $version from the local mirror"

step "terraform apply"
terraform apply -auto-approve -input=false -no-color | grep -E "^(Apply complete|Error)" || { echo "demo: apply failed" >&2; exit 1; }

step "Outputs"
terraform output -no-color

step "Second plan must report no changes"
set +e
terraform plan -detailed-exitcode -input=false -no-color >"$work/plan.txt"
rc=$?
set -e
case "$rc" in
  0) grep -m1 "No changes" "$work/plan.txt" || true
     step "Demo OK: roster applied to the mock and the second plan is empty" ;;
  2) cat "$work/plan.txt"; echo "demo: FAILED — the second plan wants changes (perpetual diff)" >&2; exit 1 ;;
  *) cat "$work/plan.txt"; echo "demo: FAILED — terraform plan exited $rc" >&2; exit 1 ;;
esac

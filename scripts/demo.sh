#!/usr/bin/env bash
# make demo: build the provider and the mock, start the mock on a free
# loopback port, apply examples/on-call-roster through a filesystem mirror of
# the freshly built provider, show the outputs, and fail unless a second plan
# reports no changes. Needs Go and Terraform on PATH; no credentials.
#
# The mock's dashboard (its URL is printed) shows the roster as the mock holds
# it. KEEP_MOCK=1 keeps the mock running at the end, until Ctrl-C, with the
# commands to send the roster a message and watch it arrive.
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
echo "Dashboard: $mock_url/ (make demo KEEP_MOCK=1 keeps it open after the demo)"

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
     step "Demo OK: roster applied to the mock and the second plan is empty"
     echo "Dashboard: $mock_url/" ;;
  2) cat "$work/plan.txt"; echo "demo: FAILED — the second plan wants changes (perpetual diff)" >&2; exit 1 ;;
  *) cat "$work/plan.txt"; echo "demo: FAILED — terraform plan exited $rc" >&2; exit 1 ;;
esac

[[ "${KEEP_MOCK:-}" =~ ^(1|true|yes)$ ]] || exit 0

# Keep the mock for a look. A CLI with actions (1.14+) gets an action that
# pages two teams of the roster, to invoke from another shell.
tf_version="$(terraform version -json | sed -n 's/.*"terraform_version": *"\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
read -r tf_major tf_minor <<<"${tf_version:-0 0}"
step "The mock keeps running (KEEP_MOCK=1): Ctrl-C stops it and removes $work"
echo "Dashboard: $mock_url/  (outbox, address book, inbox, requests; updates without a reload)"
echo "In another shell:"
echo "  cd $work/roster"
echo "  export TF_CLI_CONFIG_FILE=$work/terraformrc BESTSMS_BASE_URL=$mock_url/api BESTSMS_AUTH_TOKEN=$token"
if (( tf_major > 1 || (tf_major == 1 && tf_minor >= 14) )); then
  cp "$root/scripts/demo-page-action.tf" "$work/roster/page.tf"
  echo "  terraform apply -invoke=action.bestsms_message.page_on_call   # the outbox shows it at once, delivered 2 s later"
else
  echo "  # terraform $tf_major.$tf_minor has no actions (1.14+); send through the API instead:"
  echo "  curl -s -H \"Authorization: Basic \$BESTSMS_AUTH_TOKEN\" -H 'Content-Type: application/json' \$BESTSMS_BASE_URL/v2.04/send/sms \\"
  echo "    -d '{\"MessageData\":{\"Message\":\"Hi [[First Name]], you are on call.\",\"Destinations\":[{\"GroupCode\":\"Security_Incident_Response\"}]}}'"
fi
trap 'exit 0' INT TERM
wait "$mock_pid" || true

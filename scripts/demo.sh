#!/usr/bin/env bash
# make demo: build the provider and the mock, start the mock on a free
# loopback port, apply examples/on-call-roster through a filesystem mirror of
# the freshly built provider, show the outputs, and fail unless a second plan
# reports no changes. Needs Go, and Terraform or OpenTofu: TERRAFORM names the
# CLI, a command on PATH or a path (default terraform); no credentials.
#
# The mock's dashboard (its URL is printed) shows the roster as the mock holds
# it. KEEP_MOCK=1 keeps the mock running at the end, until Ctrl-C, with the
# commands to send the roster a message and watch it arrive.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="${VERSION:-0.1.0-dev}"
example="${DEMO_EXAMPLE:-$root/examples/on-call-roster}"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/bestsms-demo.XXXXXX")"
mock_pid=""
cleanup() {
  stop_mock
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

cli_detect "${TERRAFORM:-terraform}"
echo "demo with $cli ($tf)"

step "Building provider $version and mock"
build_mirror "$version"

step "Starting the mock BestSMS API on a free loopback port"
start_mock
cat "$work/mock.log"
echo "Dashboard: $mock_url/ (make demo KEEP_MOCK=1 keeps it open after the demo)"

copy_example "$example" "$work/roster" "$version"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1 TF_INPUT=0
export BESTSMS_BASE_URL="$mock_url/api" BESTSMS_AUTH_TOKEN="$token"
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR
cd "$work/roster"

step "$cmd init"
"$tf" init -input=false -no-color >/dev/null
echo "initialised with $host/bestsms/bestsms $version from the local mirror"

step "$cmd apply"
"$tf" apply -auto-approve -input=false -no-color | grep -E "^(Apply complete|Error)" || { echo "demo: apply failed" >&2; exit 1; }

step "Outputs"
"$tf" output -no-color

step "Second plan must report no changes"
set +e
"$tf" plan -detailed-exitcode -input=false -no-color >"$work/plan.txt"
rc=$?
set -e
case "$rc" in
  0) grep -m1 "No changes" "$work/plan.txt" || true
     step "Demo OK on $cli: roster applied to the mock and the second plan is empty"
     echo "Dashboard: $mock_url/" ;;
  2) cat "$work/plan.txt"; echo "demo: FAILED — the second plan wants changes (perpetual diff)" >&2; exit 1 ;;
  *) cat "$work/plan.txt"; echo "demo: FAILED — $cmd plan exited $rc" >&2; exit 1 ;;
esac

[[ "${KEEP_MOCK:-}" =~ ^(1|true|yes)$ ]] || exit 0

# Keep the mock for a look. A CLI with actions (Terraform 1.14+; OpenTofu has
# none) gets an action that pages two teams of the roster, to invoke from
# another shell.
read -r tf_major tf_minor <<<"$(sed -nE 's/^[A-Za-z]+ ([0-9]+)\.([0-9]+).*/\1 \2/p' <<<"$cli")"
step "The mock keeps running (KEEP_MOCK=1): Ctrl-C stops it and removes $work"
echo "Dashboard: $mock_url/  (outbox, address book, inbox, requests; updates without a reload)"
echo "In another shell:"
echo "  cd $work/roster"
echo "  export TF_CLI_CONFIG_FILE=$work/terraformrc BESTSMS_BASE_URL=$mock_url/api BESTSMS_AUTH_TOKEN=$token"
if [[ $cmd == terraform ]] && (( tf_major > 1 || (tf_major == 1 && tf_minor >= 14) )); then
  cp "$root/scripts/demo-page-action.tf" "$work/roster/page.tf"
  echo "  $tf apply -invoke=action.bestsms_message.page_on_call   # the outbox shows it at once, delivered 2 s later"
else
  echo "  # $cli has no actions (Terraform 1.14+ has them); send through the API instead:"
  echo "  curl -s -H \"Authorization: Basic \$BESTSMS_AUTH_TOKEN\" -H 'Content-Type: application/json' \$BESTSMS_BASE_URL/v2.04/send/sms \\"
  echo "    -d '{\"MessageData\":{\"Message\":\"Hi [[First Name]], you are on call.\",\"Destinations\":[{\"GroupCode\":\"Security_Incident_Response\"}]}}'"
fi
trap 'exit 0' INT TERM
wait "$mock_pid" || true

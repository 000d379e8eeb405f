#!/usr/bin/env bash
# make tftest: the `terraform test` files of examples/on-call-roster, run as a
# module author runs them, on the freshly built provider installed from a
# filesystem mirror: first tests/ with a mocked provider (mock_provider: no
# API, no credentials; BESTSMS_* unset), then tests/integration/ against
# bestsms-mock on a free loopback port. TERRAFORM names the CLI (terraform or
# tofu, a command on PATH or a path; default terraform).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="${VERSION:-0.1.0-dev}"
example="$root/examples/on-call-roster"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/bestsms-tftest.XXXXXX")"
mock_pid=""
cleanup() {
  stop_mock
  rm -rf "$work"
}
trap cleanup EXIT

cli_detect "${TERRAFORM:-terraform}"
build_mirror "$version"
copy_example "$example" "$work/roster" "$version"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR BESTSMS_BASE_URL BESTSMS_AUTH_TOKEN
cd "$work/roster"

echo "tftest: $cmd test in examples/on-call-roster with $cli, mocked provider (tests/, no API)"
"$tf" init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; exit 1; }
"$tf" test -no-color

echo "tftest: $cmd test -test-directory=tests/integration with $cli, against bestsms-mock"
start_mock
export BESTSMS_BASE_URL="$mock_url/api" BESTSMS_AUTH_TOKEN="$token"
"$tf" init -input=false -no-color -test-directory=tests/integration >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; exit 1; }
"$tf" test -no-color -test-directory=tests/integration

# Shared by scripts/demo.sh and scripts/tftest.sh (sourced, not run): the CLI
# they drive, the freshly built provider in a filesystem mirror, and a mock
# on a free loopback port. Each function fails the script with a message.
#
# The caller sets root (the repository), work (a scratch directory it
# removes) and mock_pid="" before calling them, and kills $mock_pid on exit.

# cli_detect TERRAFORM: resolves the CLI (a command on PATH or a path) into
# tf, and asks it which it is: cli ("Terraform 1.11.4", "OpenTofu 1.12.6"),
# cmd (terraform or tofu) and host, the registry bestsms/bestsms resolves to
# (OpenTofu's own, registry.opentofu.org). OpenTofu warns about a missing CLI
# configuration file on standard output, so it is given an empty one.
cli_detect() {
  command -v "$1" >/dev/null 2>&1 || { echo "$0: TERRAFORM=$1 is not a command on PATH nor an executable" >&2; exit 1; }
  tf="$(command -v "$1")"
  : >"$work/empty.tfrc"
  cli="$(TF_CLI_CONFIG_FILE="$work/empty.tfrc" CHECKPOINT_DISABLE=1 "$tf" version | sed -nE 's/^(Terraform|OpenTofu) v([0-9][^ ]*).*/\1 \2/p')"
  case "$cli" in
    OpenTofu*) host="registry.opentofu.org"; cmd="tofu" ;;
    Terraform*) host="registry.terraform.io"; cmd="terraform" ;;
    *) echo "$0: $tf version names neither Terraform nor OpenTofu" >&2; exit 1 ;;
  esac
}

# build_mirror VERSION: builds the provider into a filesystem mirror under
# $work for $host and the mock into $work/bin, and writes $work/terraformrc,
# which installs bestsms/bestsms from that mirror only.
build_mirror() {
  local version="$1" os_arch mirror plugin_dir
  os_arch="$(go env GOOS)_$(go env GOARCH)"
  mirror="$work/mirror"
  plugin_dir="$mirror/$host/bestsms/bestsms/$version/$os_arch"
  mkdir -p "$plugin_dir" "$work/bin"
  (cd "$root" && go build -trimpath -ldflags "-X main.version=$version" -o "$plugin_dir/terraform-provider-bestsms_v$version" .)
  (cd "$root" && go build -trimpath -o "$work/bin/bestsms-mock" ./cmd/bestsms-mock)
  cat >"$work/terraformrc" <<HCL
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["$host/bestsms/bestsms"]
  }
  direct {
    exclude = ["$host/bestsms/bestsms"]
  }
}
HCL
}

# copy_example SRC DEST VERSION: copies an example to DEST, without any
# state or lock file. The examples ask for "~> 0.1", which a -dev build (a
# pre-release) does not meet: an override file pins this build's exact
# version, as the README's Install section tells users of a local build to do.
copy_example() {
  cp -R "$1" "$2"
  rm -rf "$2/.terraform" "$2/.terraform.lock.hcl" "$2/terraform.tfstate"*
  cat >"$2/local_build_override.tf" <<HCL
terraform {
  required_providers {
    bestsms = {
      source  = "bestsms/bestsms"
      version = "$3"
    }
  }
}
HCL
}

# start_mock: starts $work/bin/bestsms-mock on a free loopback port with a
# random token, into mock_pid, mock_url and token.
start_mock() {
  token="demo-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  "$work/bin/bestsms-mock" -addr 127.0.0.1:0 -token "$token" -state "$work/mock-state.json" \
    -addr-file "$work/mock.addr" >"$work/mock.log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 1 100); do
    [[ -s "$work/mock.addr" ]] && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log" >&2; echo "$0: the mock exited" >&2; exit 1; }
    sleep 0.1
  done
  [[ -s "$work/mock.addr" ]] || { cat "$work/mock.log" >&2; echo "$0: the mock did not start" >&2; exit 1; }
  mock_url="$(head -n1 "$work/mock.addr")"
}

# stop_mock: stops the mock start_mock started, if it runs.
stop_mock() {
  if [[ -n "${mock_pid:-}" ]] && kill -0 "$mock_pid" 2>/dev/null; then
    kill -TERM "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
}

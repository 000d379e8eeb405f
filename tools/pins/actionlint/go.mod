// actionlint, pinned apart from ../go.mod (checksums in go.sum beside this
// file): actionlint v1.7.12 builds only with go.yaml.in/yaml/v4
// v4.0.0-rc.3, and golangci-lint's gosec needs rc.6, so one module graph
// cannot hold both. Named go.mod so that Dependabot keeps it current; the
// directory holds no Go code. `make lint` runs it from the repository root:
//   go tool -modfile=tools/pins/actionlint/go.mod actionlint
// To change the version:
//   go get -modfile=tools/pins/actionlint/go.mod -tool github.com/rhysd/actionlint/cmd/actionlint@vX.Y.Z
module github.com/bestsms/terraform-provider-bestsms

go 1.25.8

tool github.com/rhysd/actionlint/cmd/actionlint

require (
	github.com/bmatcuk/doublestar/v4 v4.10.0 // indirect
	github.com/clipperhouse/uax29/v2 v2.7.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
	github.com/mattn/go-runewidth v0.0.21 // indirect
	github.com/mattn/go-shellwords v1.0.12 // indirect
	github.com/rhysd/actionlint v1.7.12 // indirect
	github.com/robfig/cron/v3 v3.0.1 // indirect
	go.yaml.in/yaml/v4 v4.0.0-rc.3 // indirect
	golang.org/x/sync v0.20.0 // indirect
	golang.org/x/sys v0.42.0 // indirect
)

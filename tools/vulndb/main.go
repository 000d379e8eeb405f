// Command vulndb builds, from the OSV entries that the golang.org/x/vulndb
// module holds (data/osv/GO-*.json), a Go vulnerability database in the v1
// layout that `govulncheck -db file:///DIR` reads, so that govulncheck runs
// without reaching vuln.go.dev:
//
//	DIR/index/db.json       {"modified": …}
//	DIR/index/modules.json  every affected module and the ids of its entries
//	DIR/index/vulns.json    every entry's id, modified time and aliases
//	DIR/ID/<id>.json        the OSV entries, copied byte for byte
//
// The GNUmakefile pins the vulndb module's version and checksum and runs
//
//	go run ./tools/vulndb -osv "$(go mod download -json golang.org/x/vulndb@VERSION | …Dir)/data/osv" \
//	  -version VERSION -out DIR
//
// The output depends only on the input: the same vulndb version gives the
// same database, byte for byte. The entries of data/osv carry no modified
// time (the zero time; vuln.go.dev takes it from Git history), so the
// database's modified time is the commit time of the vulndb pseudo-version.
// The index leaves each entry's "fixed" version empty, which makes
// govulncheck read every entry of a module it uses and match the entry's
// version ranges itself: slower than the index vuln.go.dev serves, never
// less exact.
//
// It imports nothing of the project: it reads files and writes files.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"golang.org/x/mod/module"
)

func main() {
	osvDir := flag.String("osv", "", "directory of OSV entries (data/osv of the golang.org/x/vulndb module)")
	version := flag.String("version", "", "the golang.org/x/vulndb pseudo-version the entries come from (its time becomes the database's modified time)")
	out := flag.String("out", "", "directory to write the database to (replaced)")
	flag.Parse()
	if *osvDir == "" || *version == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: vulndb -osv DIR -version PSEUDO-VERSION -out DIR")
		os.Exit(2)
	}
	modified, err := module.PseudoVersionTime(*version)
	if err != nil {
		fmt.Fprintf(os.Stderr, "vulndb: -version %s: %v\n", *version, err)
		os.Exit(2)
	}
	n, err := build(*osvDir, *out, modified)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulndb:", err)
		os.Exit(1)
	}
	fmt.Printf("vulndb: %d entries of golang.org/x/vulndb %s in %s\n", n, *version, *out)
}

// entry is the part of an OSV entry the index needs.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
	Affected []struct {
		Module struct {
			Path string `json:"name"`
		} `json:"package"`
	} `json:"affected"`
}

type dbMeta struct {
	Modified time.Time `json:"modified"`
}

type moduleMeta struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
}

type vulnMeta struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
}

// build writes the database of the entries in osvDir to out (replacing
// it) and returns how many entries it holds.
func build(osvDir, out string, modified time.Time) (_ int, err error) {
	names, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil {
		return 0, err
	}
	if len(names) == 0 {
		return 0, fmt.Errorf("%s holds no OSV entries (*.json)", osvDir)
	}
	sort.Strings(names)

	tmp := out + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(tmp)
		}
	}()
	if err := os.MkdirAll(filepath.Join(tmp, "ID"), 0o755); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Join(tmp, "index"), 0o755); err != nil {
		return 0, err
	}

	db := dbMeta{Modified: modified.UTC()}
	modules := map[string]*moduleMeta{}
	vulns := make([]vulnMeta, 0, len(names))
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			return 0, err
		}
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		if e.ID == "" || filepath.Base(name) != e.ID+".json" {
			return 0, fmt.Errorf("%s: an OSV entry's file must be named <id>.json (id %q)", name, e.ID)
		}
		if len(e.Affected) == 0 {
			return 0, fmt.Errorf("%s: the entry affects no module", name)
		}
		if e.Modified.After(db.Modified) {
			db.Modified = e.Modified.UTC()
		}
		vulns = append(vulns, vulnMeta{ID: e.ID, Modified: e.Modified, Aliases: e.Aliases})
		seen := map[string]bool{}
		for _, a := range e.Affected {
			path := a.Module.Path
			if path == "" {
				return 0, fmt.Errorf("%s: an affected package without a module path", name)
			}
			if seen[path] {
				continue
			}
			seen[path] = true
			m := modules[path]
			if m == nil {
				m = &moduleMeta{Path: path}
				modules[path] = m
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified})
		}
		if err := os.WriteFile(filepath.Join(tmp, "ID", e.ID+".json"), raw, 0o644); err != nil {
			return 0, err
		}
	}

	index := make([]*moduleMeta, 0, len(modules))
	for _, m := range modules {
		sort.Slice(m.Vulns, func(i, j int) bool { return m.Vulns[i].ID < m.Vulns[j].ID })
		index = append(index, m)
	}
	sort.Slice(index, func(i, j int) bool { return index[i].Path < index[j].Path })
	for file, v := range map[string]any{"db.json": db, "modules.json": index, "vulns.json": vulns} {
		b, err := json.Marshal(v)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(tmp, "index", file), b, 0o644); err != nil {
			return 0, err
		}
	}

	if err := os.RemoveAll(out); err != nil {
		return 0, err
	}
	return len(names), os.Rename(tmp, out)
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var vulndbTime = time.Date(2026, 11, 5, 23, 49, 57, 0, time.UTC)

// TestBuild builds the database of testdata/osv and reads back what
// govulncheck reads: the db, modules and vulns indexes and the entries.
func TestBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "db")
	n, err := build("testdata/osv", out, vulndbTime)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("build reported %d entries, want 2", n)
	}

	// GO-2099-0002 was modified after the vulndb version's time.
	wantIndex := map[string]string{
		"db.json": `{"modified":"2099-01-02T03:04:05Z"}`,
		"modules.json": `[{"path":"example.com/a","vulns":[` +
			`{"id":"GO-2099-0001","modified":"0001-01-01T00:00:00Z"},` +
			`{"id":"GO-2099-0002","modified":"2099-01-02T03:04:05Z"}]},` +
			`{"path":"example.com/b","vulns":[{"id":"GO-2099-0001","modified":"0001-01-01T00:00:00Z"}]}]`,
		"vulns.json": `[{"id":"GO-2099-0001","modified":"0001-01-01T00:00:00Z","aliases":["CVE-2099-0001","GHSA-xxxx-yyyy-zzzz"]},` +
			`{"id":"GO-2099-0002","modified":"2099-01-02T03:04:05Z"}]`,
	}
	for file, want := range wantIndex {
		got, err := os.ReadFile(filepath.Join(out, "index", file))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("index/%s:\n got %s\nwant %s", file, got, want)
		}
	}
	for _, id := range []string{"GO-2099-0001", "GO-2099-0002"} {
		got, err := os.ReadFile(filepath.Join(out, "ID", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", "osv", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("ID/%s.json is not a copy of the entry", id)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "ID", "README.txt")); !os.IsNotExist(err) {
		t.Errorf("a file that is no entry was copied (%v)", err)
	}
}

// TestBuildModifiedIsVulndbTime: with every entry at the zero time (as
// data/osv has them), the database's time is the vulndb version's.
func TestBuildModifiedIsVulndbTime(t *testing.T) {
	in := t.TempDir()
	entry, err := os.ReadFile("testdata/osv/GO-2099-0001.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "GO-2099-0001.json"), entry, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "db")
	if _, err := build(in, out, vulndbTime); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, "index", "db.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"modified":"2026-11-05T23:49:57Z"}`; string(got) != want {
		t.Errorf("index/db.json = %s, want %s", got, want)
	}
}

// TestBuildIsReproducible: building twice, over an earlier database, gives
// the same bytes, and nothing of the earlier database stays.
func TestBuildIsReproducible(t *testing.T) {
	out := filepath.Join(t.TempDir(), "db")
	if err := os.MkdirAll(filepath.Join(out, "ID"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "ID", "GO-1999-0001.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	snapshot := func() map[string]string {
		files := map[string]string{}
		err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			files[strings.TrimPrefix(path, out)] = string(b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	if _, err := build("testdata/osv", out, vulndbTime); err != nil {
		t.Fatal(err)
	}
	first := snapshot()
	if _, ok := first["/ID/GO-1999-0001.json"]; ok {
		t.Error("an entry of the earlier database stayed")
	}
	if _, err := build("testdata/osv", out, vulndbTime); err != nil {
		t.Fatal(err)
	}
	second := snapshot()
	if len(first) != 5 || len(second) != len(first) {
		t.Fatalf("builds wrote %d and %d files, want 5 each", len(first), len(second))
	}
	for name, b := range first {
		if second[name] != b {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestBuildRefusesBadEntries: an entry whose file is not named after its
// id, one without an affected module, and an empty directory are errors
// naming the file, and leave no database.
func TestBuildRefusesBadEntries(t *testing.T) {
	for _, tc := range []struct {
		name, file, content, want string
	}{
		{"misnamed", "GO-2099-0009.json", `{"id":"GO-2099-0001","affected":[{"package":{"name":"example.com/a"}}]}`, "must be named <id>.json"},
		{"no module", "GO-2099-0003.json", `{"id":"GO-2099-0003","affected":[]}`, "affects no module"},
		{"empty module path", "GO-2099-0004.json", `{"id":"GO-2099-0004","affected":[{"package":{"name":""}}]}`, "without a module path"},
		{"not JSON", "GO-2099-0005.json", `{`, "GO-2099-0005.json"},
		{"no entries", "", "", "holds no OSV entries"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := t.TempDir()
			if tc.file != "" {
				if err := os.WriteFile(filepath.Join(in, tc.file), []byte(tc.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "db")
			_, err := build(in, out, vulndbTime)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("build error = %v, want one containing %q", err, tc.want)
			}
			for _, dir := range []string{out, out + ".tmp"} {
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Errorf("%s was left behind (%v)", dir, err)
				}
			}
		})
	}
}

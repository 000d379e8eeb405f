package acctest

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// storedSecrets finds a secret in a plain file and in a file compressed in
// a zip archive (a saved plan), where a search of the raw bytes would not.
func TestStoredSecrets(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "terraform.tfstate")
	WriteTestFile(t, state, `{"values": "Break-glass code: 314159"}`)
	plan := filepath.Join(dir, "tfplan")
	f, err := os.Create(plan)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create("tfplan")
	if err != nil {
		t.Fatal(err)
	}
	// Deflated (zip's default): Huffman-coded, no plain copy in the archive.
	for range 50 {
		if _, err := w.Write([]byte("code 271828 code 271828 ")); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	found, err := storedSecrets([]string{state, plan}, []string{"314159", "271828", "161803"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		state + ` holds "314159", which must never be stored`,
		plan + `:tfplan holds "271828", which must never be stored`,
	}
	if !slices.Equal(found, want) {
		t.Errorf("storedSecrets = %q, want %q", found, want)
	}
	if _, err := storedSecrets([]string{filepath.Join(dir, "missing")}, []string{"x"}); err == nil {
		t.Error("a missing file passed the check")
	}
}

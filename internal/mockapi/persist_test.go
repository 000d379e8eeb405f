package mockapi_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestPersistenceRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, mockapi.Options{StatePath: path})
	cid := h.createContact(py24Contact)
	gid := str(t, h.createGroup(`{"GroupName":"On Call Team","SubAccount":"Ops"}`), "GroupID")
	h.ok("POST", "/api/v2.04/addressbook/group/"+gid+"/contact", `{"ContactID":"`+cid+`"}`)
	h.clock.Advance(time.Hour)
	h.ok("PATCH", "/api/v2.04/addressbook/contact/"+cid, `{"Company":"Persisted Pty"}`)
	drift := h.srv.PutContact(mockapi.Contact{Attention: "Go API"}) // the Go API persists too
	wantContacts, wantGroups := h.srv.Contacts(), h.srv.Groups()

	// A second server on the same file sees everything, timestamps included.
	srv2, err := mockapi.New(mockapi.Options{StatePath: path})
	if err != nil {
		t.Fatalf("New from the saved file: %v", err)
	}
	defer srv2.Close()
	gotContacts, gotGroups := srv2.Contacts(), srv2.Groups()
	if len(gotContacts) != 2 || len(gotGroups) != 1 {
		t.Fatalf("reloaded %d contacts and %d groups, want 2 and 1", len(gotContacts), len(gotGroups))
	}
	for i := range wantContacts {
		if !gotContacts[i].Created.Equal(wantContacts[i].Created) || !gotContacts[i].Updated.Equal(wantContacts[i].Updated) {
			t.Errorf("contact %d stamps changed over a reload", i)
		}
		gotContacts[i].Created, gotContacts[i].Updated = wantContacts[i].Created, wantContacts[i].Updated
	}
	equal(t, "reloaded contacts", gotContacts, wantContacts)
	equal(t, "reloaded company", gotContacts[0].Company, "Persisted Pty")
	equal(t, "reloaded second contact", gotContacts[1].ContactID, drift.ContactID)
	gotGroups[0].Created, gotGroups[0].Updated = wantGroups[0].Created, wantGroups[0].Updated
	equal(t, "reloaded groups", gotGroups, wantGroups)
	equal(t, "reloaded members", srv2.GroupMembers("On_Call_Team"), []string{cid})

	// Deletes persist as well; Reset empties the file.
	h.ok("DELETE", "/api/v2.04/addressbook/group/"+gid, "")
	srv3, err := mockapi.New(mockapi.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "groups after delete + reload", len(srv3.Groups()), 0)
	h.srv.Reset()
	srv4, err := mockapi.New(mockapi.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "contacts after reset + reload", len(srv4.Contacts()), 0)

	// No temporary files are left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the state file", len(entries))
	}
}

// TestWriteIsOnDiskBeforeTheAnswer reads the file as soon as each response
// arrives: every acknowledged change must already be there.
func TestWriteIsOnDiskBeforeTheAnswer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, mockapi.Options{StatePath: path})
	for i := range 5 {
		id := h.createContact(`{"Attention":"burst"}`)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var st mockapi.State
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatalf("state file after write %d: %v", i, err)
		}
		if len(st.Contacts) != i+1 || st.Contacts[i].ContactID != id {
			t.Fatalf("state file after write %d holds %d contacts, want %d ending in %s", i, len(st.Contacts), i+1, id)
		}
	}
}

func TestLoadingStateFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Missing and empty files start empty (mktemp output works).
	for _, p := range []string{filepath.Join(dir, "missing.json"), write("empty.json", ""), write("blank.json", " \n")} {
		srv, err := mockapi.New(mockapi.Options{StatePath: p})
		if err != nil {
			t.Fatalf("New(%s): %v", filepath.Base(p), err)
		}
		equal(t, "contacts from "+filepath.Base(p), len(srv.Contacts()), 0)
	}
	// Corrupt files are errors.
	corrupt := map[string]string{
		"truncated.json": `{"Version":1,"Contacts":[{"ContactID":"a"`,
		"garbage.json":   "not json",
		"array.json":     "[]",
		"trailing.json":  `{"Version":1} {}`,
		"version.json":   `{"Version":99}`,
		"dupe.json":      `{"Version":1,"Contacts":[{"ContactID":"a"},{"ContactID":"A"}]}`,
		"noid.json":      `{"Version":1,"Groups":[{"GroupName":"x"}]}`,
		"dangling.json":  `{"Version":1,"Contacts":[{"ContactID":"a"}],"Memberships":[{"GroupID":"g","ContactID":"a"}]}`,
	}
	for name, content := range corrupt {
		_, err := mockapi.New(mockapi.Options{StatePath: write(name, content)})
		if err == nil || !strings.Contains(err.Error(), "corrupt") {
			t.Errorf("New(%s) error = %v, want a corrupt-file error", name, err)
		}
	}
	// A state file whose directory is gone makes writes fail with a 500
	// (nothing is acknowledged that is not on disk).
	gone := filepath.Join(dir, "sub", "state.json")
	h := newHarness(t, mockapi.Options{StatePath: gone})
	h.fail(500, "Error occurred while saving data", "POST", "/api/v2.04/addressbook/contact", `{"Attention":"x"}`)
	equal(t, "contacts after a failed write (rolled back)", len(h.srv.Contacts()), 0)
}

// A crash in the middle of a save leaves a temporary file next to the state
// file; the next start loads the (whole) state file and removes it.
func TestOrphanTempFilesRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	srv, err := mockapi.New(mockapi.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	want := srv.PutContact(mockapi.Contact{Attention: "Kept"})
	_ = srv.Close()
	orphan := filepath.Join(dir, ".state.json.tmp-12345")
	if err := os.WriteFile(orphan, []byte(`{"half":`), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, ".other.json.tmp-1") // not ours: left alone
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	srv2, err := mockapi.New(mockapi.Options{StatePath: path})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer srv2.Close()
	if got, ok := srv2.Contact(want.ContactID); !ok || got.Attention != "Kept" {
		t.Errorf("contact after restart = %+v, %v", got, ok)
	}
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("orphan temp file still there (stat err %v)", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another file's temp was removed: %v", err)
	}
}

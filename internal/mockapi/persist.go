package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// loadState reads the persistence file. A missing or empty file yields an
// empty state (so `mktemp` output can be used as a state file); anything
// that is not a valid state document is an error.
//
// Temporary files left next to it by writes that a crash interrupted are
// removed: the state file itself is always whole (saveState renames a
// complete, synced file over it), so they hold nothing it lacks.
func loadState(path string) (state, error) {
	removeOrphanTemps(path)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return state{}, fmt.Errorf("mockapi: reading state file: %w", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return newState(), nil
	}
	var st state
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&st); err != nil {
		return state{}, fmt.Errorf("mockapi: state file %s is corrupt: %w", path, err)
	}
	if dec.More() {
		return state{}, fmt.Errorf("mockapi: state file %s is corrupt: trailing data after the JSON document", path)
	}
	if err := st.normalise(); err != nil {
		return state{}, fmt.Errorf("mockapi: state file %s is corrupt: %w", path, err)
	}
	return st, nil
}

// removeOrphanTemps deletes the temporary files of interrupted saves of
// path (named by saveState). Failures are ignored: the files are harmless.
func removeOrphanTemps(path string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	for _, m := range matches {
		_ = os.Remove(m)
	}
}

// normalise checks a loaded state for consistency and fills in empty slices.
func (st *state) normalise() error {
	if st.Version != stateVersion {
		return fmt.Errorf("unsupported Version %d (want %d)", st.Version, stateVersion)
	}
	st.fillEmpty()
	if err := st.checkAddressBook(); err != nil {
		return err
	}
	if err := st.checkMessaging(); err != nil {
		return err
	}
	if err := st.checkOptOuts(); err != nil {
		return err
	}
	return st.Gateway.normalise()
}

// fillEmpty turns the absent lists of a state file into empty ones.
func (st *state) fillEmpty() {
	if st.Contacts == nil {
		st.Contacts = []Contact{}
	}
	if st.Groups == nil {
		st.Groups = []Group{}
	}
	if st.Memberships == nil {
		st.Memberships = []membership{}
	}
	if st.Messages == nil {
		st.Messages = []storedMessage{}
	}
	if st.Received == nil {
		st.Received = []receivedRecord{}
	}
	if st.OptOuts == nil {
		st.OptOuts = []OptOut{}
	}
}

// checkAddressBook requires unique, non-empty contact and group ids and
// memberships between objects that exist.
func (st *state) checkAddressBook() error {
	contacts, err := uniqueIDs("ContactID", st.Contacts, func(c Contact) string { return c.ContactID })
	if err != nil {
		return err
	}
	groups, err := uniqueIDs("GroupID", st.Groups, func(g Group) string { return g.GroupID })
	if err != nil {
		return err
	}
	for _, m := range st.Memberships {
		if !groups[strings.ToLower(m.GroupID)] || !contacts[strings.ToLower(m.ContactID)] {
			return fmt.Errorf("membership %s/%s refers to a missing group or contact", m.GroupID, m.ContactID)
		}
	}
	return nil
}

// uniqueIDs returns the ids of items in lower case, requiring each to be
// present and unique (ignoring case).
func uniqueIDs[T any](what string, items []T, id func(T) string) (map[string]bool, error) {
	seen := map[string]bool{}
	for _, it := range items {
		v := id(it)
		k := strings.ToLower(v)
		if k == "" || seen[k] {
			return nil, fmt.Errorf("empty or duplicate %s %q", what, v)
		}
		seen[k] = true
	}
	return seen, nil
}

// checkMessaging requires messages with an id and a unique job number, and
// received SMS with an id.
func (st *state) checkMessaging() error {
	jobs := map[string]bool{}
	for _, m := range st.Messages {
		if m.MessageID == "" || m.JobNum == "" || jobs[m.JobNum] {
			return fmt.Errorf("message %q has an empty MessageID or an empty or duplicate JobNum %q", m.MessageID, m.JobNum)
		}
		jobs[m.JobNum] = true
	}
	for _, r := range st.Received {
		if r.ReceivedID == "" {
			return fmt.Errorf("received SMS without a ReceivedID")
		}
	}
	return nil
}

// saveState writes st to path atomically and durably: a temporary file in
// the same directory is written and fsynced, renamed over path, and the
// directory is fsynced so that the rename itself survives a crash.
func saveState(path string, st *state) (err error) {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir fsyncs a directory so that a rename in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

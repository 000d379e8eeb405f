package contactlist

import (
	"slices"
	"testing"
)

// Two entries of one contact can be in a state written before imports
// refused them: removing one of them must not delete the contact the other
// still holds, nor destroy delete it twice.
func TestContactListDeletes_oneContactTwice(t *testing.T) {
	ids := map[string]string{"x": "4000000b-f002-4007-b00a-c00000000001", "y": "4000000B-F002-4007-B00A-C00000000001",
		"z": "4000000b-f002-4007-b00a-c00000000002"}
	keys := func(ops []listWrite) []string {
		var out []string
		for _, w := range ops {
			if w.op != opDelete {
				t.Errorf("op %s for %s, want delete", w.op, w.key)
			}
			out = append(out, w.key)
		}
		return out
	}
	if got := keys(deletes(ids, func(k string) bool { return k == "x" })); !slices.Equal(got, []string{"z"}) {
		t.Errorf("removing y and z deletes %v, want only z (y's contact is x's)", got)
	}
	if got := keys(deletes(ids, func(string) bool { return false })); !slices.Equal(got, []string{"x", "z"}) {
		t.Errorf("destroy deletes %v, want x and z, each contact once", got)
	}
}

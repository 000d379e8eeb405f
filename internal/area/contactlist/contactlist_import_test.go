package contactlist

import (
	"context"
	"strings"
	"testing"
)

// A diagnostic quotes at most a few dozen characters of an import id, not
// megabytes of it.
func TestContactListImport_hugeIDIsNotQuotedWhole(t *testing.T) {
	for _, id := range []string{strings.Repeat("x", 10<<20), "ids:" + strings.Repeat("{", 10<<20),
		`ids:{"` + strings.Repeat("k", 10<<20) + `":"not an id"}`} {
		res := contactListEngine{}.importState(context.Background(), id)
		if !res.diags.HasError() {
			t.Fatalf("an import id of %d bytes was accepted", len(id))
		}
		for _, d := range res.diags {
			if n := len(d.Detail()); n > 2000 {
				t.Errorf("the diagnostic is %d bytes long: %.200s…", n, d.Detail())
			}
		}
	}
}

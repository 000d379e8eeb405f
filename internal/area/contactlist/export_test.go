package contactlist

import (
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ContactListStateIDs returns the contact ids (by entry key) a bestsms_contact_list state
// value holds (for the package's external tests).
func ContactListStateIDs(v tftypes.Value) (map[string]string, error) {
	state, err := decodeList(v)
	if err != nil {
		return nil, err
	}
	return state.knownIDs(), nil
}

// MaxEntryDiagnostics is how many entry diagnostics a validation reports
// before summing up the rest (for the package's external tests).
const MaxEntryDiagnostics = maxEntryDiagnostics

// Opt-outs: the numbers and contacts that asked not to be messaged. The
// menu shows the page once the store has one.

package dashboard

import (
	"net/http"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

type optOutRow struct {
	mockapi.OptOut
	// Contact names ContactID, if the address book has it.
	Contact string
}

type optOutsView struct {
	OptOuts []optOutRow
}

// optOuts serves GET /ui/optouts.
func (d *Dashboard) optOuts(w http.ResponseWriter, r *http.Request) {
	p := d.newPage("Opt-outs", "optouts", "optouts")
	book := newAddressBook(d.src.Contacts(), nil)
	var v optOutsView
	for _, o := range d.src.OptOuts() {
		row := optOutRow{OptOut: o}
		if c, ok := book.contact(o.ContactID); ok && o.ContactID != "" {
			row.Contact = contactName(c)
		}
		v.OptOuts = append(v.OptOuts, row)
	}
	p.Data = v
	d.finish(w, r, "optouts", p)
}

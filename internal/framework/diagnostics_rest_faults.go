package framework

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
)

// faultHint explains what the network or the API did when a request got
// no usable answer, and what to do about it; "" for other errors. It is
// part of AddRESTError.
func faultHint(err error) string {
	var (
		ambiguous *client.AmbiguousCreateError
		unknown   *client.OutcomeUnknownError
		attempt   *client.AttemptError
		redirect  *client.RedirectError
		paging    *client.PagingError
	)
	var b strings.Builder
	switch {
	case errors.As(err, &ambiguous):
		resource := "bestsms_" + strings.ReplaceAll(ambiguous.Kind, "-", "") // opt-out: bestsms_optout
		fmt.Fprintf(&b, "The API did not confirm the create, and %d %ss matching it exist that this run cannot prove "+
			"are its own: %s. Nothing was sent again. Keep one of them: import it into this resource "+
			"(terraform import %s.<name> %s, or an import block), and delete the others in BestSMS if they are not "+
			"managed elsewhere.\n\n", len(ambiguous.Candidates), ambiguous.Kind, strings.Join(ambiguous.Candidates, ", "),
			resource, ambiguous.Candidates[0])
	case errors.As(err, &unknown):
		b.WriteString("The outcome is unknown: the API may have carried out the request. It was not sent again.")
		if unknown.Method == http.MethodPost && strings.HasPrefix(unknown.Route, "addressbook/") {
			b.WriteString(" Look for the object in BestSMS: if it exists, import it into this resource rather " +
				"than letting the next apply create another.")
		}
		b.WriteString("\n\n")
	}
	switch {
	case errors.As(err, &attempt) && attempt.Timeout > 0:
		fmt.Fprintf(&b, "The BestSMS API at %s did not answer within request_timeout (%s). Check base_url and that the "+
			"API is reachable from here; on a slow network, raise request_timeout.\n\n", attempt.BaseURL, attempt.Timeout)
	case errors.Is(err, client.ErrResponseTooLarge):
		b.WriteString("The answer was larger than the provider reads, which no BestSMS API answer is. Check that " +
			"base_url points at the BestSMS API.\n\n")
	case errors.As(err, &attempt):
		fmt.Fprintf(&b, "The connection to the BestSMS API at %s failed. Check base_url and the network.\n\n", attempt.BaseURL)
	case errors.As(err, &redirect):
		b.WriteString("The API answered with a redirect. The provider does not follow redirects, so that the auth " +
			"token is only ever sent to base_url. If the address it points to is the BestSMS API, set base_url to it.\n\n")
	case errors.As(err, &paging):
		b.WriteString("The API's paging did not add up (a listing that never ends, or pages that repeat each other), " +
			"so the provider stopped reading it. Try again; if it persists, contact BestSMS support.\n\n")
	}
	return b.String()
}

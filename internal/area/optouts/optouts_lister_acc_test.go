package optouts_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// terraform query finds the opt-outs (Terraform 1.14 and later), named by
// destination and type, filtered by type in either spelling, with the
// resource object as bestsms_optout's Read stores it.
func TestAccOptOutListQuery(t *testing.T) {
	mock := acctest.V300.NewMock(t)
	pager := put(t, mock, mockapi.OptOut{DestType: "SMS", Destination: "+61421000009", StopMessage: "STOP"})
	email := put(t, mock, mockapi.OptOut{DestType: "Email", Destination: "ann@example.com", SubAccount: "Sales", Department: "Retail"})
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	resource.ParallelTest(t, acctest.QueryTestCase(t, mock, `
list "bestsms_optout" "all" {
  provider         = bestsms
  include_resource = true
}

list "bestsms_optout" "texts" {
  provider = bestsms
  config {
    dest_type = "Text"
  }
}
`,
		querycheck.ExpectLength("bestsms_optout.all", 2),
		querycheck.ExpectResourceDisplayName("bestsms_optout.all", byID(pager.ID), knownvalue.StringExact("+61421000009 (SMS)")),
		querycheck.ExpectResourceKnownValues("bestsms_optout.all", byID(pager.ID), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("dest_type"), KnownValue: knownvalue.StringExact("SMS")},
			{Path: tfjsonpath.New("destination"), KnownValue: knownvalue.StringExact("+61421000009")},
			{Path: tfjsonpath.New("stop_message"), KnownValue: knownvalue.StringExact("STOP")},
			{Path: tfjsonpath.New("notes"), KnownValue: knownvalue.Null()},
		}),
		querycheck.ExpectLength("bestsms_optout.texts", 1),
		querycheck.ExpectResourceDisplayName("bestsms_optout.all", byID(email.ID),
			knownvalue.StringExact("ann@example.com (Email, sub-account Sales, department Retail)")),
	))
}

// TestAccAdoptOptOuts is the adoption of an opt-out register, end to end
// through the real CLI (Terraform ≥ 1.14): 20 opt-outs made through the
// mock's HTTP API (v3.00), not Terraform — numbers, e-mail addresses, a
// contact, scoped and not —, then `terraform query -generate-config-out`,
// a plan that imports all 20 with nothing to add, change or destroy, and
// after the apply a plan without changes.
func TestAccAdoptOptOuts(t *testing.T) {
	tf := acctest.AcceptanceCLI(t, acctest.ListResources)
	t.Parallel()
	mock := acctest.V300.NewMock(t)
	api, err := client.New(client.Config{BaseURL: mock.URL + "/api", AuthToken: acctest.Token, APIVersion: client.APIVersion300})
	if err != nil {
		t.Fatal(err)
	}
	ann := mock.PutContact(mockapi.Contact{Attention: "Ann", MobilePhone: "+61421000021"})
	const n = 20
	for i := range n {
		o := client.OptOut{DestType: []string{"SMS", "Text", "Voice", "Fax"}[i%4], Destination: fmt.Sprintf("+6142100%04d", 100+i)}
		switch {
		case i%5 == 1:
			o = client.OptOut{DestType: "Email", Destination: fmt.Sprintf("person%d@example.com", i)}
		case i == 2:
			o = client.OptOut{DestType: "SMS", ContactID: ann.ContactID}
		}
		if i%3 == 0 {
			o.SubAccount, o.Department, o.Notes, o.StopMessage = "Sales", "Retail", fmt.Sprintf("entry %d", i), "STOP"
		}
		if _, err := api.CreateOptOut(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}

	acctest.AdoptByQuery(t, tf, mock, `
list "bestsms_optout" "all" {
  provider         = bestsms
  include_resource = true
}
`, n, "+61421000100 (SMS, sub-account Sales, department Retail)", "person1@example.com (Email)", "contact "+ann.ContactID+" (SMS)")
	if got := len(mock.OptOuts()); got != n {
		t.Errorf("the mock holds %d opt-outs after the adoption, want %d", got, n)
	}
}

package gateway

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func rows(cs []Contact) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %s %s %s %s", c.ID, c.Phone, c.FirstName, c.LastName, c.GroupName))
	}
	return out
}

func TestAccountInfo(t *testing.T) {
	for _, method := range both {
		m := newMock(t, mockapi.Options{})
		c := m.client(t, method)
		a, err := c.AccountInfo(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		equal(t, method+" account", *a, Account{SubAccountID: "1", SubAccount: "mysub1", UserID: "1", Balance: "1000",
			NotificationEmail: "gateway@example.com", DefaultDialCode: "234", TimezoneOffset: "1", DefaultSenderID: "BestSMS"})
		equal(t, method+" request", m.rec.all()[0].Fields.Encode(), "action=account_info&sub_account=001_mysub1&sub_account_pass=pa55w0Rd")
	}
}

func TestContacts(t *testing.T) {
	for _, method := range both {
		t.Run(method, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			c := m.client(t, method, func(cfg *Config) { cfg.PageSize = 2 })

			groups, err := c.ContactGroups(ctx(t))
			equal(t, "no groups (the mock answers [])", []any{groups, err}, []any{map[string]int{}, nil})

			n, err := c.SaveContacts(ctx(t), SaveContactsRequest{
				GroupName:    " My Customers ",
				PhoneNumbers: []string{"08086689567", "+2348094309926"},
				Contacts: []ContactInput{
					{Phone: "08011111111", FirstName: "Ibukun", LastName: "Oladipo", GroupName: "Client"},
					{Phone: "+2348094309926", FirstName: "Pearl"},
				},
			})
			equal(t, "saved", []any{n, err}, []any{3, nil})
			r := m.rec.all()[1].Fields
			equal(t, "save_contacts fields", []string{r.Get("group_name"), r.Get("phone_numbers"), r.Get("contacts")},
				[]string{"My Customers", "08086689567,+2348094309926",
					`[{"firstname":"Ibukun","group_name":"Client","lastname":"Oladipo","phone":"08011111111"},{"firstname":"Pearl","phone":"+2348094309926"}]`})
			m.clock.Advance(time.Minute)
			if _, err := c.SaveContacts(ctx(t), SaveContactsRequest{PhoneNumbers: []string{"08022222222"}}); err != nil {
				t.Fatal(err)
			}

			m.rec.reset()
			all, err := c.FetchContacts(ctx(t), ContactQuery{})
			if err != nil {
				t.Fatal(err)
			}
			// The mock saves the contacts, then the phone numbers.
			equal(t, "all contacts", rows(all), []string{
				"1 2348011111111 Ibukun Oladipo Client", "2 2348094309926 Pearl  My Customers",
				"3 2348086689567   My Customers", "4 2348022222222   default"})
			equal(t, "two pages", m.rec.actions(), []string{"fetch_contacts", "fetch_contacts"})
			equal(t, "times", []any{all[0].Time, all[3].Time, all[0].SubAccountID}, []any{t0, t0.Add(time.Minute), "1"})

			for name, q := range map[string]struct {
				q    ContactQuery
				want []string
			}{
				"group":       {ContactQuery{GroupName: "My Customers"}, []string{"2", "3"}},
				"search":      {ContactQuery{SearchTerm: "08094309926 pearl"}, []string{"2"}},
				"ids":         {ContactQuery{ContactIDs: []string{"4", " 1"}}, []string{"1", "4"}},
				"group + ids": {ContactQuery{GroupName: "Client", ContactIDs: []string{"3"}}, []string{}},
			} {
				got, err := c.FetchContacts(ctx(t), q.q)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				ids := []string{}
				for _, ct := range got {
					ids = append(ids, ct.ID)
				}
				equal(t, name, ids, q.want)
			}
			if _, err := c.FetchContacts(ctx(t), ContactQuery{ContactIDs: []string{"x"}}); err == nil {
				t.Error("bad contact id accepted")
			}

			groups, err = c.ContactGroups(ctx(t))
			equal(t, "groups", []any{groups, err}, []any{map[string]int{"My Customers": 2, "Client": 1, "default": 1}, nil})

			m.rec.reset()
			if _, err := c.DeleteContacts(ctx(t), ContactQuery{GroupName: " "}); !errors.Is(err, ErrNoFilter) {
				t.Errorf("delete without a filter: %v", err)
			}
			if _, err := c.SaveContacts(ctx(t), SaveContactsRequest{}); err == nil {
				t.Error("empty save accepted")
			}
			if _, err := c.SaveContacts(ctx(t), SaveContactsRequest{Contacts: []ContactInput{{FirstName: "A"}}}); err == nil {
				t.Error("contact without phone accepted")
			}
			if n := len(m.rec.all()); n != 0 {
				t.Fatalf("%d requests for refused calls", n)
			}
			n, err = c.DeleteContacts(ctx(t), ContactQuery{ContactIDs: []string{"3", "4"}})
			equal(t, "delete ids", []any{n, err}, []any{2, nil})
			_, err = c.DeleteContacts(ctx(t), ContactQuery{ContactIDs: []string{"3"}})
			equal(t, "delete again", IsNotFound(err), true)
			n, err = c.DeleteContacts(ctx(t), ContactQuery{GroupName: "My Customers"})
			equal(t, "delete group", []any{n, err}, []any{1, nil})
			left, _ := c.FetchContacts(ctx(t), ContactQuery{})
			equal(t, "left", rows(left), []string{"1 2348011111111 Ibukun Oladipo Client"})
			if !strings.Contains(fmt.Sprint(m.srv.GatewayContacts()), "Ibukun") {
				t.Error("mock lost the contact")
			}
		})
	}
}

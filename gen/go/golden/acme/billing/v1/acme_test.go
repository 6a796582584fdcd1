//go:build !js

package billingv1_test

// Not generated: the acme packages end to end. billingv1 and todov1 use commonv1's types
// (and billingv1 todov1's); their generated servers and clients talk over a real socket,
// and every value, with another package's messages, enums and oneof members in every
// position, comes back as it went.

import (
	"context"
	"iter"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	billingv1 "github.com/sfn-dev/sfn/gen/go/golden/acme/billing/v1"
	commonv1 "github.com/sfn-dev/sfn/gen/go/golden/acme/common/v1"
	todov1 "github.com/sfn-dev/sfn/gen/go/golden/acme/todo/v1"
	"github.com/sfn-dev/sfn/runtime/server"
)

type todos struct{ todov1.UnimplementedTodos }

func (todos) Add(_ context.Context, in *todov1.AddTodo) (*todov1.Todo, error) {
	return &todov1.Todo{
		ID: 7, Title: in.Title, Place: in.Place, Budget: in.Budget,
		Labels: []commonv1.Label{
			{Value: commonv1.LabelValueText{Text: "home"}},
			{Value: commonv1.LabelValueCurrency{Currency: commonv1.CurrencyUsd}},
			{Value: commonv1.LabelValuePlace{Place: in.Place}},
		},
		Stops:      map[string]commonv1.Address{"first": in.Place},
		Currencies: []commonv1.Currency{commonv1.CurrencyEur, commonv1.CurrencyUsd},
		Due:        todov1.TodoDueFee{Fee: commonv1.Money{Cents: 150, Currency: commonv1.CurrencyUsd}},
	}, nil
}

func (todos) Locate(_ context.Context, in *commonv1.Address) (*commonv1.Address, error) {
	out := *in
	out.City += " (found)"
	return &out, nil
}

func (todos) Tag(_ context.Context, in *commonv1.Label) (*commonv1.Label, error) { return in, nil }

func (todos) Watch(_ context.Context, in iter.Seq2[*commonv1.Money, error]) iter.Seq2[*commonv1.Label, error] {
	return func(yield func(*commonv1.Label, error) bool) {
		for m, err := range in {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(&commonv1.Label{Value: commonv1.LabelValueCurrency{Currency: m.Currency}}, nil) {
				return
			}
		}
	}
}

type billing struct{ billingv1.UnimplementedBilling }

func (billing) Bill(_ context.Context, in *todov1.Todo) (*billingv1.Invoice, error) {
	total := commonv1.Money{Currency: commonv1.CurrencyEur}
	if in.Budget != nil {
		total = *in.Budget
	}
	return &billingv1.Invoice{Todo: *in, Total: total, Currency: total.Currency}, nil
}

func (billing) Total(_ context.Context, in *billingv1.Invoice) (*commonv1.Money, error) {
	m := in.Total
	if fee, ok := in.Todo.Due.(todov1.TodoDueFee); ok {
		m.Cents += fee.Fee.Cents
	}
	return &m, nil
}

func start(t *testing.T) string {
	t.Helper()
	mux := http.NewServeMux()
	server.Mount(mux, todov1.NewTodosHandler(todos{}))
	server.Mount(mux, billingv1.NewBillingHandler(billing{}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestAcrossPackages(t *testing.T) {
	t.Parallel()
	url := start(t)
	ctx := context.Background()
	tc, bc := todov1.NewTodosClient(url), billingv1.NewBillingClient(url)
	zip := "75001"
	place := commonv1.Address{Street: "1 rue de Rivoli", City: "Paris", Zip: &zip}

	// Form arguments holding commonv1 messages; a JSON result with every position.
	todo, err := tc.Add(ctx, &todov1.AddTodo{Title: "pay", Place: place, Budget: &commonv1.Money{Cents: 1000, Currency: commonv1.CurrencyEur}})
	if err != nil {
		t.Fatal(err)
	}
	want := &todov1.Todo{
		ID: 7, Title: "pay", Place: place, Budget: &commonv1.Money{Cents: 1000, Currency: commonv1.CurrencyEur},
		Labels: []commonv1.Label{
			{Value: commonv1.LabelValueText{Text: "home"}},
			{Value: commonv1.LabelValueCurrency{Currency: commonv1.CurrencyUsd}},
			{Value: commonv1.LabelValuePlace{Place: place}},
		},
		Stops:      map[string]commonv1.Address{"first": place},
		Currencies: []commonv1.Currency{commonv1.CurrencyEur, commonv1.CurrencyUsd},
		Due:        todov1.TodoDueFee{Fee: commonv1.Money{Cents: 150, Currency: commonv1.CurrencyUsd}},
	}
	if diff := cmp.Diff(want, todo); diff != "" {
		t.Errorf("Add (-want +got):\n%s", diff)
	}

	// Another package's message as the arguments and the result, JSON and CBOR.
	addr, err := tc.Locate(ctx, &place)
	if err != nil {
		t.Fatal(err)
	}
	if addr.City != "Paris (found)" || *addr.Zip != zip {
		t.Errorf("Locate = %+v", addr)
	}
	for _, l := range want.Labels {
		got, err := tc.Tag(ctx, &l)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&l, got); diff != "" {
			t.Errorf("Tag (-want +got):\n%s", diff)
		}
	}

	// billingv1 takes todov1's message and answers with commonv1's.
	inv, err := bc.Bill(ctx, todo)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&billingv1.Invoice{Todo: *want, Total: *want.Budget, Currency: commonv1.CurrencyEur}, inv); diff != "" {
		t.Errorf("Bill (-want +got):\n%s", diff)
	}
	total, err := bc.Total(ctx, inv)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&commonv1.Money{Cents: 1150, Currency: commonv1.CurrencyEur}, total); diff != "" {
		t.Errorf("Total (-want +got):\n%s", diff)
	}

	// A websocket whose items are commonv1's.
	in := func(yield func(*commonv1.Money, error) bool) {
		_ = yield(&commonv1.Money{Currency: commonv1.CurrencyUsd}, nil) && yield(&commonv1.Money{Currency: commonv1.CurrencyEur}, nil)
	}
	var got []commonv1.Label
	for l, err := range tc.Watch(ctx, in) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, *l)
	}
	wantItems := []commonv1.Label{{Value: commonv1.LabelValueCurrency{Currency: commonv1.CurrencyUsd}}, {Value: commonv1.LabelValueCurrency{Currency: commonv1.CurrencyEur}}}
	if diff := cmp.Diff(wantItems, got); diff != "" {
		t.Errorf("Watch (-want +got):\n%s", diff)
	}
}

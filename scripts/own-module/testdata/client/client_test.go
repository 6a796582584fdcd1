package main

import (
	"errors"
	"os"
	"testing"

	"example.com/hello/gen/hellov1"
)

// TestLive calls the server at $HELLO_URL (scripts/own-module-test.sh starts one).
func TestLive(t *testing.T) {
	url := os.Getenv("HELLO_URL")
	if url == "" {
		t.Skip("HELLO_URL is not set")
	}
	ctx, c := t.Context(), hellov1.NewHelloClient(url)

	// Form encoding: characters that a form body must escape come back intact.
	g, err := c.Greet(ctx, &hellov1.Greet{Name: "Ada & Bob=1+ü"})
	if err != nil || g.Text != "Hello, Ada & Bob=1+ü!" {
		t.Errorf("Greet = %+v, %v; want Hello, Ada & Bob=1+ü!", g, err)
	}

	// JSON encoding: 64-bit integers beyond 2^53 keep every digit.
	q, err := c.Divide(ctx, &hellov1.Divide{A: 9007199254740993, B: -2})
	if err != nil || q.Q != -4503599627370496 || q.R != 1 {
		t.Errorf("Divide = %+v, %v; want q -4503599627370496 r 1", q, err)
	}

	// The typed error, with its variant's fields and status.
	_, err = c.Divide(ctx, &hellov1.Divide{A: 5})
	var me *hellov1.MathError
	if !errors.As(err, &me) {
		t.Fatalf("Divide by zero: %v (%T), want a *MathError", err, err)
	}
	k, ok := me.Kind.(hellov1.MathErrorKindDivByZero)
	if !ok || k.DivByZero.A != 5 || me.HTTPStatus() != 422 {
		t.Errorf("Divide by zero: %#v, status %d; want DivByZero{A: 5}, 422", me.Kind, me.HTTPStatus())
	}
}

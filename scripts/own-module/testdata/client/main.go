// Command client calls the hello server whose URL is its argument.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"example.com/hello/gen/hellov1"
)

func main() {
	ctx, c := context.Background(), hellov1.NewHelloClient(os.Args[1])
	g, err := c.Greet(ctx, &hellov1.Greet{Name: "Ada"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g.Text)
	q, err := c.Divide(ctx, &hellov1.Divide{A: 7, B: 2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("7 / 2 = %d r %d\n", q.Q, q.R)
	_, err = c.Divide(ctx, &hellov1.Divide{A: 7, B: 0})
	var me *hellov1.MathError
	if !errors.As(err, &me) {
		log.Fatalf("want a MathError, got %v", err)
	}
	if k, ok := me.Kind.(hellov1.MathErrorKindDivByZero); ok {
		fmt.Printf("cannot divide %d by zero (status %d)\n", k.DivByZero.A, me.HTTPStatus())
	}
}

// Command hello serves the Hello functions of api/hello.sfn.
package main

//go:generate go tool sfn generate

import (
	"context"
	"flag"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"example.com/hello/gen/hellov1"
	"github.com/sfn-dev/sfn/runtime/server"
)

type hello struct{ hellov1.UnimplementedHello }

func (hello) Greet(ctx context.Context, in *hellov1.Greet) (*hellov1.Greeting, error) {
	return &hellov1.Greeting{Text: "Hello, " + in.Name + "!"}, nil
}

func (hello) Divide(ctx context.Context, in *hellov1.Divide) (*hellov1.Quotient, error) {
	if in.B == 0 {
		return nil, &hellov1.MathError{Kind: hellov1.MathErrorKindDivByZero{DivByZero: hellov1.DivByZero{A: in.A}}}
	}
	return &hellov1.Quotient{Q: in.A / in.B, R: in.A % in.B}, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := server.ListenAndServe(ctx, *addr, hellov1.NewHelloHandler(hello{}),
		server.WithListening(func(a net.Addr) { log.Printf("listening on http://%s", a) }))
	if err != nil {
		log.Fatal(err)
	}
}

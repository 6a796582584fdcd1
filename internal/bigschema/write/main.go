// Command write writes the generation-speed schema (see package bigschema) to a directory:
//
//	go run ./internal/bigschema/write [-files 10] [-funcs 100] DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sfn-dev/sfn/internal/bigschema"
)

func main() {
	files := flag.Int("files", 10, "number of schema files")
	funcs := flag.Int("funcs", 100, "functions per file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: write [-files N] [-funcs N] DIR")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if _, err := bigschema.Write(dir, *files, *funcs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

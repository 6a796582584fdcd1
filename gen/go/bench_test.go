package gogen_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	gogen "github.com/sfn-dev/sfn/gen/go"
	"github.com/sfn-dev/sfn/internal/bigschema"
	"github.com/sfn-dev/sfn/schema"
)

// BenchmarkGenerationSpeed times each stage of `sfn generate --go-out` on the synthetic
// schema of package bigschema: one file of 100 and of 1,000 functions (growth within a file
// should be linear) and ten files of 100 (the 1,000-function schema of docs/benchmarks.md).
// Profile one stage with, for example:
//
//	go test -run '^$' -bench 'GenerationSpeed/1x1000/go' -cpuprofile cpu.out ./gen/go
func BenchmarkGenerationSpeed(b *testing.B) {
	for _, size := range []struct{ files, funcs int }{{1, 100}, {1, 1000}, {10, 100}} {
		dir := b.TempDir()
		paths, err := bigschema.Write(dir, size.files, size.funcs)
		if err != nil {
			b.Fatal(err)
		}
		opts := schema.Options{ImportPaths: []string{dir}}
		name := fmt.Sprintf("%dx%d", size.files, size.funcs)
		b.Run(name+"/load", func(b *testing.B) {
			for b.Loop() {
				if _, diags := schema.Load(context.Background(), paths, opts); len(diags) > 0 {
					b.Fatal(diags)
				}
			}
		})
		set, diags := schema.Load(context.Background(), paths, opts)
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		b.Run(name+"/compile", func(b *testing.B) {
			for b.Loop() {
				if _, diags := compiler.Compile(set); len(diags) > 0 {
					b.Fatal(diags)
				}
			}
		})
		pkg, diags := compiler.Compile(set)
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		b.Run(name+"/go", func(b *testing.B) {
			for b.Loop() {
				if _, err := gogen.Generate(pkg, gogen.Options{Module: "example.com/anchor"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

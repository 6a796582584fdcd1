package tsgen_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sfn-dev/sfn/compiler"
	tsgen "github.com/sfn-dev/sfn/gen/ts"
	"github.com/sfn-dev/sfn/internal/bigschema"
	"github.com/sfn-dev/sfn/schema"
)

// BenchmarkGenerationSpeed times `sfn generate --ts-out` alone (the schema loaded and compiled
// once) on the synthetic schema of docs/benchmarks.md: one file of 100 and of 1,000 functions
// (growth within a file should be linear) and ten files of 100 (the 1,000-function, 3,010-message
// schema). Profile with, for example:
//
//	go test -run '^$' -bench 'GenerationSpeed/10x100' -cpuprofile cpu.out ./gen/ts
func BenchmarkGenerationSpeed(b *testing.B) {
	for _, size := range []struct{ files, funcs int }{{1, 100}, {1, 1000}, {10, 100}} {
		dir := b.TempDir()
		paths, err := bigschema.Write(dir, size.files, size.funcs)
		if err != nil {
			b.Fatal(err)
		}
		set, diags := schema.Load(context.Background(), paths, schema.Options{ImportPaths: []string{dir}})
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		pkg, diags := compiler.Compile(set)
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		b.Run(fmt.Sprintf("%dx%d/ts", size.files, size.funcs), func(b *testing.B) {
			for b.Loop() {
				if _, err := tsgen.Generate(pkg, tsgen.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

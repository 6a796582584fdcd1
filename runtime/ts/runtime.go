// Package tsruntime holds sfn's TypeScript runtime: the modules that generated TypeScript
// imports (calling with fetch, the error type, form and JSON encoding, and, in cbor.ts, a
// CBOR codec of its own, so generated code needs no npm package). It sits beside
// runtime/wire, which applies the same wire rules in Go.
//
// The sources live in src/ and are embedded here so that the TypeScript generator (gen/ts)
// writes them beside the modules it generates: a project gets the runtime with its
// generated code, at the same version, and needs no npm package for form and JSON functions.
// test.sh type-checks them and runs their tests under Node and Chromium.
package tsruntime

import (
	"embed"
	"io/fs"
)

//go:embed src/*.ts
var src embed.FS

// File is one runtime module.
type File struct {
	// Name is the module's file name, such as "call.ts".
	Name string
	// Content is its TypeScript source.
	Content []byte
}

// Files returns the runtime's modules in name order. index.ts re-exports all of them but
// cbor.ts, which only modules with CBOR functions import.
func Files() []File {
	entries, err := fs.ReadDir(src, "src")
	if err != nil {
		panic(err) // the embedded directory is always there
	}
	files := make([]File, 0, len(entries))
	for _, e := range entries {
		b, err := src.ReadFile("src/" + e.Name())
		if err != nil {
			panic(err)
		}
		files = append(files, File{Name: e.Name(), Content: b})
	}
	return files
}

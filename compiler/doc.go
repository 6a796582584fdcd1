// Package compiler is stage 2 of the sfn pipeline: it checks linked schema files (from package
// schema) against every rule of sfn's contract and lowers them into the IR (package ir) that the
// generators read.
//
// Every semantic rule lives here, not in the generators: option values and their defaults,
// paths and their uniqueness, which types an encoding can carry, transparent messages,
// recursion, typed errors (error types, their variants and statuses, and where they may be
// used), and the Go and TypeScript names (with their collisions). A run reports all of its
// diagnostics at once, sorted; when there are any, no IR is returned. The rules that hold only
// where Go is generated (go_package inside the Go module, no types from other Go packages)
// need the module, which the CLI knows: CheckGo applies them to the compiled IR.
package compiler

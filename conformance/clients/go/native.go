//go:build !js

package main

// clientName is the name the hello line gives.
const clientName = "sfn-go"

// stdinLacks is what the client reading stdin lacks: nothing, natively.
var stdinLacks []string

// serveBrowser is for the browser only (browser_js.go); a native client reads stdin.
func serveBrowser() bool { return false }

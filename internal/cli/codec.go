package cli

import (
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/sfn-dev/sfn/internal/dynwire"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// The encode and decode commands are sfn's "protoc --encode/--decode": they turn a value in
// sfn's JSON mapping into wire bytes and back, through the same codecs servers use.

func init() {
	register(&command{
		name:    "encode",
		summary: "encode a JSON value as form, JSON or CBOR wire bytes",
		usage:   "--schema file.sfn --type pkg.Msg --to url|json|cbor [--hex] < value.json",
		help: `Encode reads one value of the given message type on stdin, in sfn's JSON mapping (the
JSON encoding's own form), and writes it on stdout in the chosen wire format: url (a form body
or query string, byte for byte as serde_qs writes it), json, or cbor (raw bytes, or lowercase
hex with --hex). Use it to build requests by hand.`,
		flags: codecFlags(true),
	})
	register(&command{
		name:    "decode",
		summary: "decode form, JSON or CBOR wire bytes into JSON",
		usage:   "--schema file.sfn --type pkg.Msg --from url|json|cbor [--hex] < bytes",
		help: `Decode reads wire bytes of the given message type on stdin (url: a form body or query
string without the "?"; json; cbor: raw bytes, or hex with --hex) and prints the value as JSON.
Bad input prints the error, with the path of the field at fault, and exits 1.`,
		flags: codecFlags(false),
	})
}

func codecFlags(encode bool) func(fs *flag.FlagSet) func(*env, []string) int {
	return func(fs *flag.FlagSet) func(*env, []string) int {
		var sf schemaFlags
		sf.register(fs)
		schemaFile := fs.String("schema", "", "the schema `file` that declares the type")
		typeName := fs.String("type", "", "the message's full `name`, such as todo.v1.AddTodo")
		var format *string
		if encode {
			format = fs.String("to", "", "the wire `format`: url, json or cbor")
		} else {
			format = fs.String("from", "", "the wire `format`: url, json or cbor")
		}
		asHex := fs.Bool("hex", false, "CBOR (or any bytes) as lowercase hex instead of raw bytes")
		return func(e *env, args []string) int {
			name := "decode"
			if encode {
				name = "encode"
			}
			switch {
			case *schemaFile == "" || *typeName == "" || *format == "":
				fmt.Fprintf(e.stderr, "sfn %s: --schema, --type and --%s are required\n", name, map[bool]string{true: "to", false: "from"}[encode])
				return exitUsage
			case *format != "url" && *format != "json" && *format != "cbor":
				fmt.Fprintf(e.stderr, "sfn %s: unknown format %q: use url, json or cbor\n", name, *format)
				return exitUsage
			case len(args) > 0:
				fmt.Fprintf(e.stderr, "sfn %s: unexpected arguments %q; the value comes on stdin\n", name, args)
				return exitUsage
			}
			pkg, code := sf.compile(e, []string{*schemaFile})
			if pkg == nil {
				return code
			}
			set := dynwire.New(pkg)
			m := set.Lookup(*typeName)
			if m == nil {
				names := set.Names()
				sort.Strings(names)
				fmt.Fprintf(e.stderr, "sfn %s: no message %q in %s; it declares %s\n", name, *typeName, *schemaFile, strings.Join(names, ", "))
				return exitUser
			}
			in, err := io.ReadAll(e.stdin)
			if err != nil {
				fmt.Fprintf(e.stderr, "sfn %s: reading stdin: %v\n", name, err)
				return exitUser
			}
			if encode {
				return runEncode(e, m, in, *format, *asHex)
			}
			return runDecode(e, m, in, *format, *asHex)
		}
	}
}

func runEncode(e *env, m *wire.Message, in []byte, format string, asHex bool) int {
	v := m.New()
	if err := wire.UnmarshalJSON(m, in, v, nil); err != nil {
		fmt.Fprintf(e.stderr, "sfn encode: input: %v\n", err)
		return exitUser
	}
	var out []byte
	var err error
	switch format {
	case "url":
		out, err = wire.MarshalForm(m, v)
	case "json":
		out, err = wire.MarshalJSON(m, v)
	case "cbor":
		out, err = wire.MarshalCBOR(m, v)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "sfn encode: %v\n", err)
		return exitUser
	}
	if asHex {
		out = []byte(hex.EncodeToString(out) + "\n")
	}
	if _, err := e.stdout.Write(out); err != nil {
		fmt.Fprintf(e.stderr, "sfn encode: %v\n", err)
		return exitUser
	}
	return exitOK
}

func runDecode(e *env, m *wire.Message, in []byte, format string, asHex bool) int {
	if asHex {
		b, err := hex.DecodeString(strings.TrimSpace(string(in)))
		if err != nil {
			fmt.Fprintf(e.stderr, "sfn decode: --hex input: %v\n", err)
			return exitUser
		}
		in = b
	}
	if format == "url" {
		// A query string pasted from a URL may keep its "?"; a trailing newline from echo
		// is not part of the value either.
		in = []byte(strings.TrimPrefix(strings.TrimRight(string(in), "\r\n"), "?"))
	}
	v := m.New()
	var err error
	switch format {
	case "url":
		err = wire.UnmarshalForm(m, in, v, nil)
	case "json":
		err = wire.UnmarshalJSON(m, in, v, nil)
	case "cbor":
		err = wire.UnmarshalCBOR(m, in, v, nil)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "sfn decode: %v\n", err)
		return exitUser
	}
	out, err := wire.MarshalJSON(m, v)
	if err != nil {
		fmt.Fprintf(e.stderr, "sfn decode: %v\n", err)
		return exitUser
	}
	fmt.Fprintf(e.stdout, "%s\n", out)
	return exitOK
}

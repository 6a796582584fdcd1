package openapi

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
	"github.com/sfn-dev/sfn/gen"
)

// Options steer the document.
type Options struct {
	// Title is the document's info.title; empty for the proto packages of the generated
	// files, joined by ", ".
	Title string
	// Version is info.version, the API's version (not sfn's); empty for "0.0.0".
	Version string
}

// FileName is the path of the one file Generate returns.
const FileName = "openapi.json"

// Generate returns the OpenAPI 3.1 document, as JSON, of the functions of the files of pkg
// that are to be generated, with the types they use.
func Generate(pkg *ir.Package, opts Options) ([]gen.File, error) {
	g := &generator{pkg: pkg, messages: map[string]*ir.Message{}, enums: map[string]*ir.Enum{}, errResponses: map[string]obj{}}
	doc := g.document(opts)
	var b bytes.Buffer
	write(&b, doc, 0)
	b.WriteByte('\n')
	return []gen.File{{Path: FileName, Content: b.Bytes()}}, nil
}

type generator struct {
	pkg *ir.Package
	// The named types the document describes, by full name.
	messages map[string]*ir.Message
	enums    map[string]*ir.Enum
	// errResponses are the error responses, by component name.
	errResponses map[string]obj
	// Whether an operation refers to the framework variant, the "Tag|message" text, and
	// the serverfnerror header.
	framework, text, header bool
}

func (g *generator) document(opts Options) obj {
	var files []*ir.File
	for _, f := range g.pkg.Files {
		if f.Generate {
			files = append(files, f)
		}
	}

	info := obj{}
	title := opts.Title
	if title == "" {
		var pkgs []string
		for _, f := range files {
			if !slices.Contains(pkgs, f.Package) {
				pkgs = append(pkgs, f.Package)
			}
		}
		title = strings.Join(pkgs, ", ")
		if title == "" {
			title = "sfn"
		}
	}
	info.set("title", title)
	version := opts.Version
	if version == "" {
		version = "0.0.0"
	}
	info.set("version", version)
	var desc []string
	var sources list
	for _, f := range files {
		if f.Doc != "" {
			desc = append(desc, f.Doc)
		}
		sources = append(sources, f.Name)
	}
	desc = append(desc, wireNotes)
	info.set("description", strings.Join(desc, "\n\n"))
	info.set("x-sfn-generated", gen.Header)
	info.set("x-sfn-source", sources)

	tags := list{}
	paths := obj{}
	var omitted list
	ids := operationIDs(files)
	for _, f := range files {
		for _, s := range f.Services {
			tag := obj{{"name", s.FullName}}
			if s.Doc != "" {
				tag.set("description", s.Doc)
			} else {
				tag.set("description", "The functions of service "+s.FullName+".")
			}
			tags = append(tags, tag)
			for _, fn := range s.Funcs {
				if fn.Stream != nil {
					// Streams and uploads (SPEC 11) are not described yet: a websocket has no
					// OpenAPI form, and byte streams and multipart bodies need their own
					// media types. They are listed so a reader knows they exist.
					omitted = append(omitted, s.FullName+"."+fn.Name)
					continue
				}
				paths.set(fn.Path, obj{{strings.ToLower(fn.Method), g.operation(s, fn, ids[fn])}})
			}
		}
	}

	doc := obj{
		{"openapi", "3.1.0"},
		{"info", info},
		// The server the document is served from; a client passes its own base URL.
		{"servers", list{obj{{"url", "/"}}}},
		// The schema declares no authentication: an application that needs it checks
		// cookies or headers in its functions or around the handler.
		{"security", list{}},
	}
	if len(tags) > 0 {
		doc.set("tags", tags)
	}
	doc.set("paths", paths)
	if len(omitted) > 0 {
		info.set("x-sfn-omitted-streams", omitted)
		doc.set("info", info)
	}
	doc.set("components", g.components())
	return doc
}

// wireNotes says, once for the document, what the schemas cannot.
const wireNotes = "Every operation is a server function speaking Leptos server_fn's wire protocol " +
	"(sfn's SPEC sections 3 to 5); x-sfn-encoding names its encoding.\n\n" +
	"Arguments marked `x-sfn-form: serde_qs` are form-encoded as serde_qs 0.15 writes them, " +
	"in a POST body (`application/x-www-form-urlencoded`) or in the query of a GET: fields in " +
	"declaration order, nested fields as `a[b]=v`, list elements as `a[0]=v` (sfn servers also " +
	"take repeated keys, `a=v&a=w`), map entries as `a[key]=v`, a oneof member as `a[member]=v`, " +
	"enums by name, bools as `true` and `false`, bytes as their raw bytes percent-encoded; an " +
	"absent optional field, `a=`, an empty list and an empty map are left out, and a missing " +
	"list or map is empty. Keys are nested at most 5 deep.\n\n" +
	"`application/cbor` bodies carry the same values as the JSON Schema describes, in CBOR " +
	"as ciborium writes them: maps with text keys, bytes as a byte string, null for an absent " +
	"optional value.\n\n" + int64Note

// operationIDs names each function's operation after its service and itself
// ("Todos_add_todo"), qualified with the service's package when two services of the same
// name would give the same id.
func operationIDs(files []*ir.File) map[*ir.Func]string {
	count := map[string]int{}
	for _, f := range files {
		for _, s := range f.Services {
			for _, fn := range s.Funcs {
				count[s.Name+"_"+fn.Name]++
			}
		}
	}
	ids := map[*ir.Func]string{}
	for _, f := range files {
		for _, s := range f.Services {
			for _, fn := range s.Funcs {
				id := s.Name + "_" + fn.Name
				if count[id] > 1 {
					id = strings.ReplaceAll(s.FullName, ".", "_") + "_" + fn.Name
				}
				ids[fn] = id
			}
		}
	}
	return ids
}

// addMessage records m and every named type it refers to.
func (g *generator) addMessage(m *ir.Message) {
	if m.FullName == ir.FrameworkMessage {
		g.framework = true
		return
	}
	if _, ok := g.messages[m.FullName]; ok {
		return
	}
	g.messages[m.FullName] = m
	for _, f := range m.Fields {
		if f.Oneof != nil {
			for _, v := range f.Oneof.Variants {
				g.addType(v.Type)
			}
			continue
		}
		g.addType(f.Type)
	}
}

func (g *generator) addType(t *ir.Type) {
	for ; t != nil; t = t.Elem {
		switch t.Kind {
		case ir.KindMessage:
			g.addMessage(t.Message)
		case ir.KindEnum:
			g.enums[t.Enum.FullName] = t.Enum
		}
		if t.Key != nil {
			g.addType(t.Key)
		}
	}
}

func (g *generator) components() obj {
	schemas := map[string]obj{}
	for name, m := range g.messages {
		schemas[name] = messageSchema(m)
	}
	for name, e := range g.enums {
		schemas[name] = enumSchema(e)
	}
	if g.framework {
		schemas[frameworkSchema] = frameworkSchemaValue()
	}
	if g.text {
		schemas[errorTextSchema] = errorTextSchemaValue()
	}
	out := sorted(schemas)
	c := obj{{"schemas", out}}
	if len(g.errResponses) > 0 {
		c.set("responses", sorted(g.errResponses))
	}
	if g.header {
		c.set("headers", obj{{errorHeader, obj{
			{"description", "The function's path: marks the response as a server function's failure."},
			{"required", true},
			{"schema", obj{{"type", "string"}}},
		}}})
	}
	return c
}

// sorted is m as an object with its keys in order.
func sorted(m map[string]obj) obj {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	out := obj{}
	for _, n := range names {
		out.set(n, m[n])
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

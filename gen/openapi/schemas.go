package openapi

import (
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// The JSON Schemas (2020-12, OpenAPI 3.1's dialect) of the schema's types, as serde_json
// writes them (SPEC 4.2). CBOR values have the same shape (SPEC 4.3) except bytes, which
// CBOR carries as a byte string; form values are these values spelt as serde_qs keys
// (SPEC 4.1), which the operations mark with x-sfn-form.

// Names of the components sfn adds beside the schema's own types. sfn.v1 is the options
// file's package, where no user type can be declared.
const (
	frameworkSchema = ir.FrameworkMessage // Leptos's ServerFnErrorErr
	errorTextSchema = "sfn.v1.ErrorText"  // the "Tag|message" body
	errorHeader     = "serverfnerror"
)

// frameworkTags are the variants of Leptos 0.8's ServerFnErrorErr, as runtime/rpc's
// ServerFnErrorErr lists them (a test keeps the two equal).
var frameworkTags = []string{
	"Registration", "UnsupportedRequestMethod", "Request", "ServerError", "MiddlewareError",
	"Deserialization", "Serialization", "Args", "MissingArg", "Response",
}

// textTags are the tags a "Tag|message" body can start with (SPEC 5).
var textTags = []string{
	"ServerError", "Args", "Deserialization", "Serialization", "Request", "Response",
	"MiddlewareError", "Registration", "MissingArg", "WrappedServerFn", "UnsupportedRequestMethod",
}

const (
	bytesNote = "Bytes: an array of integers 0-255 in JSON (a JSON string is also accepted in " +
		"arguments, as its UTF-8 bytes); a CBOR byte string in CBOR; the raw bytes, " +
		"percent-encoded, in form encoding."
	int64Note = "64-bit integers are exact JSON numbers on the wire, also beyond 2^53, where " +
		"a JavaScript number rounds: read them with a parser that keeps them exact."
)

func ref(name string) obj { return obj{{"$ref", "#/components/schemas/" + name}} }

// typeSchema is the schema of a value of type t.
func typeSchema(t *ir.Type) obj {
	switch t.Kind {
	case ir.KindString:
		return obj{{"type", "string"}}
	case ir.KindBool:
		return obj{{"type", "boolean"}}
	case ir.KindInt32:
		return obj{{"type", "integer"}, {"format", "int32"}, {"minimum", -1 << 31}, {"maximum", 1<<31 - 1}}
	case ir.KindUint32:
		return obj{{"type", "integer"}, {"format", "uint32"}, {"minimum", 0}, {"maximum", 1<<32 - 1}}
	case ir.KindInt64:
		return obj{{"type", "integer"}, {"format", "int64"}}
	case ir.KindUint64:
		return obj{{"type", "integer"}, {"format", "uint64"}, {"minimum", 0}}
	case ir.KindFloat32:
		return obj{{"type", "number"}, {"format", "float"}}
	case ir.KindFloat64:
		return obj{{"type", "number"}, {"format", "double"}}
	case ir.KindBytes:
		return obj{{"type", "array"}, {"items", obj{{"type", "integer"}, {"minimum", 0}, {"maximum", 255}}}}
	case ir.KindEnum:
		return ref(t.Enum.FullName)
	case ir.KindMessage:
		return ref(t.Message.FullName)
	case ir.KindList:
		return obj{{"type", "array"}, {"items", typeSchema(t.Elem)}}
	case ir.KindMap:
		s := obj{{"type", "object"}}
		if p := keyPattern(t.Key); p != "" {
			s.set("propertyNames", obj{{"pattern", p}})
		}
		s.set("additionalProperties", typeSchema(t.Elem))
		return s
	case ir.KindOptional:
		return nullable(typeSchema(t.Elem))
	case ir.KindTimestamp:
		return obj{{"type", "string"}, {"format", "date-time"}}
	case ir.KindJSONValue:
		return obj{} // any JSON value
	case ir.KindJSONObject:
		return obj{{"type", "object"}}
	}
	panic("openapi: type " + t.String() + " has no schema")
}

// keyPattern is the pattern a map's keys match as JSON object keys: integer and bool keys
// are written as their decimal or literal text.
func keyPattern(k *ir.Type) string {
	switch k.Kind {
	case ir.KindInt32, ir.KindInt64:
		return "^-?(0|[1-9][0-9]*)$"
	case ir.KindUint32, ir.KindUint64:
		return "^(0|[1-9][0-9]*)$"
	case ir.KindBool:
		return "^(true|false)$"
	}
	return ""
}

// nullable is s or null: Option<T>.
func nullable(s obj) obj {
	if t, ok := s.get("type").(string); ok && s.get("enum") == nil {
		out := append(obj{}, s...)
		out.set("type", list{t, "null"})
		return out
	}
	return obj{{"oneOf", list{s, obj{{"type", "null"}}}}}
}

// describe adds doc to s as its description, and a note on how bytes travel when s is a
// bytes value.
func describe(s obj, doc string, t *ir.Type) obj {
	if t != nil && isBytes(t) {
		doc = joinDoc(doc, bytesNote)
	}
	if doc == "" {
		return s
	}
	out := append(obj{}, s...)
	out.set("description", doc)
	return out
}

func isBytes(t *ir.Type) bool {
	for t.Kind == ir.KindOptional || t.Kind == ir.KindList {
		t = t.Elem
	}
	return t.Kind == ir.KindBytes
}

func joinDoc(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "\n\n" + b
}

// fieldSchema is the schema of a message's field: its type's, or for a oneof group the
// externally tagged variants or null.
func fieldSchema(f *ir.Field) obj {
	if f.Oneof != nil {
		alts := variants(f.Oneof.Variants)
		alts = append(alts, obj{{"type", "null"}})
		return describe(obj{{"oneOf", alts}}, f.Doc, nil)
	}
	return describe(typeSchema(f.Type), f.Doc, f.Type)
}

// variants are a oneof's members as serde writes an externally tagged enum: each an object
// with the member's name as its one key.
func variants(vs []*ir.Variant) list {
	alts := list{}
	for _, v := range vs {
		alts = append(alts, variantSchema(v.WireName, typeSchema(v.Type), v.Doc))
	}
	return alts
}

func variantSchema(name string, value obj, doc string) obj {
	s := obj{
		{"type", "object"},
		{"title", name},
	}
	if doc != "" {
		s.set("description", doc)
	}
	s.set("properties", obj{{name, value}})
	s.set("required", list{name})
	s.set("additionalProperties", false)
	return s
}

// required reports whether a field must be present in JSON and CBOR: everything but
// options and oneofs, as serde derives it.
func required(f *ir.Field) bool {
	return f.Oneof == nil && f.Type.Kind != ir.KindOptional
}

// messageSchema is the component of message m.
func messageSchema(m *ir.Message) obj {
	switch {
	case m.Error != nil:
		return errorTypeSchema(m)
	case m.Transparent:
		// #[serde(transparent)]: the message is its one field's value.
		f := m.Fields[0]
		return describe(typeSchema(f.Type), joinDoc(m.Doc, f.Doc), f.Type)
	}
	s := obj{{"type", "object"}}
	if m.Doc != "" {
		s.set("description", m.Doc)
	}
	props := obj{}
	req := list{}
	for _, f := range m.Fields {
		props.set(f.WireName, fieldSchema(f))
		if required(f) {
			req = append(req, f.WireName)
		}
	}
	s.set("properties", props)
	if len(req) > 0 {
		s.set("required", req)
	}
	return s
}

// errorTypeSchema is an error type's value (SPEC 5.1): its oneof alone, always set,
// externally tagged. Each variant says the status it answers with.
func errorTypeSchema(m *ir.Message) obj {
	alts := list{}
	for _, v := range m.Error.Variants {
		doc := v.Member.Doc
		if v.Framework {
			doc = joinDoc(doc, "The framework variant: failures sfn detects itself (arguments that do not decode, a body too large, a refused request, a failure masked as an internal error), with the status of the failure.")
		} else {
			doc = joinDoc(doc, "Status "+itoa(v.Status)+".")
		}
		alts = append(alts, variantSchema(v.Member.WireName, typeSchema(v.Member.Type), doc))
	}
	s := obj{}
	if m.Doc != "" {
		s.set("description", m.Doc)
	}
	s.set("oneOf", alts)
	return s
}

// frameworkSchemaValue is Leptos's ServerFnErrorErr: {"Args":"missing field `title`"}.
func frameworkSchemaValue() obj {
	alts := list{}
	for _, tag := range frameworkTags {
		alts = append(alts, variantSchema(tag, obj{{"type", "string"}}, ""))
	}
	return obj{
		{"description", "Leptos 0.8's ServerFnErrorErr: a framework failure as its kind and a message, externally tagged."},
		{"oneOf", alts},
	}
}

// errorTextSchemaValue is the body of a function without an error type (SPEC 5).
func errorTextSchemaValue() obj {
	return obj{
		{"type", "string"},
		{"description", "A failure as \"Tag|message\": the tag (" + strings.Join(textTags, ", ") + ") names the kind of failure and the text after the first \"|\" says what went wrong."},
		{"pattern", "^(" + strings.Join(textTags, "|") + ")\\|"},
	}
}

func enumSchema(e *ir.Enum) obj {
	s := obj{{"type", "string"}}
	doc := e.Doc
	var lines []string
	for _, v := range e.Values {
		if v.Doc != "" {
			lines = append(lines, "- `"+v.WireName+"`: "+strings.ReplaceAll(v.Doc, "\n", " "))
		}
	}
	if len(lines) > 0 {
		doc = joinDoc(doc, strings.Join(lines, "\n"))
	}
	if doc != "" {
		s.set("description", doc)
	}
	names := list{}
	for _, v := range e.Values {
		names = append(names, v.WireName)
	}
	s.set("enum", names)
	return s
}

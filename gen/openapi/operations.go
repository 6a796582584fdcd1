package openapi

import (
	"slices"
	"strings"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// Media types of the bodies (SPEC 3 and 5).
const (
	mediaJSON = "application/json"
	mediaCBOR = "application/cbor"
	mediaForm = "application/x-www-form-urlencoded"
	mediaText = "text/plain"
)

func mediaOf(f ir.Format) string {
	if f == ir.FormatCBOR {
		return mediaCBOR
	}
	return mediaJSON
}

// operation describes function fn of service s.
func (g *generator) operation(s *ir.Service, fn *ir.Func, id string) obj {
	op := obj{
		{"tags", list{s.FullName}},
		{"operationId", id},
	}
	op.set("summary", summary(fn))
	if fn.Doc != "" {
		op.set("description", fn.Doc)
	}
	op.set("x-sfn-encoding", string(fn.Encoding))
	if fn.Method == "GET" {
		// The arguments message is spelt out as query parameters: no component.
		if !fn.NoArgs {
			for _, f := range fn.Input.Fields {
				g.addType(f.Type)
				if f.Oneof != nil {
					for _, v := range f.Oneof.Variants {
						g.addType(v.Type)
					}
				}
			}
		}
		if params := queryParams(fn); len(params) > 0 {
			op.set("parameters", params)
		}
	} else {
		if !fn.NoArgs {
			g.addMessage(fn.Input)
		}
		op.set("requestBody", requestBody(fn))
	}
	op.set("responses", g.responses(fn))
	return op
}

// summary is the doc comment's first sentence, or the function's name.
func summary(fn *ir.Func) string {
	doc, _, _ := strings.Cut(fn.Doc, "\n\n")
	doc = strings.Join(strings.Fields(doc), " ")
	if i := strings.Index(doc, ". "); i >= 0 {
		doc = doc[:i+1]
	}
	if doc == "" {
		return fn.Name
	}
	return doc
}

// formStyle is how a form-encoded field's keys look in OpenAPI's terms: "" for a single
// value (k=v), "form" for a list of single values (k=v&k=w, which sfn servers take for
// k[0]=v&k[1]=w), "deepObject" for everything with nested keys (k[a]=v, k[0][a]=v).
func formStyle(f *ir.Field) string {
	if f.Oneof != nil {
		return "deepObject"
	}
	t := f.Type
	if t.Kind == ir.KindOptional {
		t = t.Elem
	}
	switch {
	case t.Kind == ir.KindList && t.Elem.IsScalar():
		return "form"
	case !t.IsScalar():
		return "deepObject"
	}
	return ""
}

// formRequired reports whether form arguments must name the field: a missing list or map is
// empty there (SPEC 4.1), unlike in JSON and CBOR.
func formRequired(f *ir.Field) bool {
	return required(f) && f.Type.Kind != ir.KindList && f.Type.Kind != ir.KindMap
}

// queryParams are a GET function's arguments: one query parameter per field of its
// arguments message.
func queryParams(fn *ir.Func) list {
	params := list{}
	if fn.NoArgs {
		return params
	}
	for _, f := range fn.Input.Fields {
		p := obj{{"name", f.WireName}, {"in", "query"}}
		if f.Doc != "" {
			p.set("description", f.Doc)
		}
		p.set("required", formRequired(f))
		switch formStyle(f) {
		case "deepObject":
			p.set("style", "deepObject")
			p.set("explode", true)
		case "form":
			p.set("style", "form")
			p.set("explode", true)
		}
		// An absent parameter (or k=) is None: the parameter's schema is the value's.
		t := f.Type
		if t != nil && t.Kind == ir.KindOptional {
			t = t.Elem
		}
		schema := fieldSchema(&ir.Field{Type: t, Oneof: f.Oneof})
		if f.Oneof != nil {
			schema = obj{{"oneOf", variants(f.Oneof.Variants)}}
		}
		p.set("schema", schema)
		p.set("x-sfn-form", "serde_qs")
		params = append(params, p)
	}
	return params
}

// requestBody is a POST function's arguments.
func requestBody(fn *ir.Func) obj {
	schema := obj{{"type", "object"}}
	if !fn.NoArgs {
		schema = ref(fn.Input.FullName)
	}
	switch fn.Encoding {
	case ir.Json, ir.Cbor:
		media := mediaOf(fn.Encoding.ArgsFormat())
		body := obj{{"required", true}}
		if fn.NoArgs {
			body.set("description", "No arguments: an empty struct, {} in JSON.")
		}
		body.set("content", obj{{media, obj{{"schema", schema}}}})
		return body
	}
	// Url: form arguments.
	mt := obj{{"schema", schema}}
	enc := obj{}
	if !fn.NoArgs {
		for _, f := range fn.Input.Fields {
			switch formStyle(f) {
			case "deepObject":
				enc.set(f.WireName, obj{{"style", "deepObject"}, {"explode", true}})
			case "form":
				enc.set(f.WireName, obj{{"style", "form"}, {"explode", true}})
			}
		}
	}
	if len(enc) > 0 {
		mt.set("encoding", enc)
	}
	mt.set("x-sfn-form", "serde_qs")
	body := obj{{"required", !fn.NoArgs}}
	if fn.NoArgs {
		body.set("description", "No arguments: an empty body.")
	}
	body.set("content", obj{{mediaForm, mt}})
	return body
}

// responses are the result and the ways fn fails.
func (g *generator) responses(fn *ir.Func) obj {
	var result obj
	if fn.Unit {
		result = obj{
			{"description", "Done: the unit result, null."},
			{"content", obj{{mediaOf(fn.Encoding.ResultFormat()), obj{{"schema", obj{{"type", "null"}}}}}}},
		}
	} else {
		g.addType(fn.Output)
		result = obj{
			{"description", "The result."},
			{"content", obj{{mediaOf(fn.Encoding.ResultFormat()), obj{{"schema", typeSchema(fn.Output)}}}}},
		}
	}
	out := obj{{"200", result}}
	g.header = true
	for _, r := range g.failures(fn) {
		// Every function with the same error type fails alike: one response component per
		// error type (or the text body) and status.
		name := r.owner + "." + r.status
		g.errResponses[name] = obj{
			{"description", strings.Join(r.why, "\n\n")},
			{"headers", obj{{errorHeader, obj{{"$ref", "#/components/headers/" + errorHeader}}}}},
			{"content", obj{{r.media, obj{{"schema", r.schema}}}}},
		}
		out.set(r.status, obj{{"$ref", "#/components/responses/" + name}})
	}
	return out
}

// failure is one error response: a status ("404", or "default") and why it is sent.
type failure struct {
	owner  string // the error type's full name, or errorTextSchema
	status string
	why    []string
	media  string
	schema obj
}

// The failures the framework detects, with the status it answers with (SPEC 5); any other
// failure, the function's own included, falls under "default".
var frameworkFailures = []struct{ status, why string }{
	{"400", "the arguments did not decode (`Args` for form arguments, `Deserialization` for JSON and CBOR)."},
	{"403", "the request was refused before the function ran, such as a cross-origin request the server does not allow (`MiddlewareError`)."},
	{"413", "the request exceeded a size limit."},
	{"default", "the function failed (`ServerError`, status 500 unless the function chose another 4xx or 5xx), or the server refused the request in another way (405 for a wrong method, 429 when rate limited)."},
}

func (g *generator) failures(fn *ir.Func) []failure {
	byStatus := map[string]*failure{}
	owner := errorTextSchema
	if fn.Error != nil {
		owner = fn.Error.FullName
	}
	add := func(status, why, media string, schema obj) {
		f := byStatus[status]
		if f == nil {
			f = &failure{owner: owner, status: status, media: media, schema: schema}
			byStatus[status] = f
		}
		f.why = append(f.why, why)
	}
	if fn.Error == nil {
		g.text = true
		for _, ff := range frameworkFailures {
			add(ff.status, "As \"Tag|message\" text: "+ff.why, mediaText, ref(errorTextSchema))
		}
	} else {
		g.addMessage(fn.Error)
		media := mediaOf(fn.Error.Error.Format)
		schema := ref(fn.Error.FullName)
		for _, v := range fn.Error.Error.Variants {
			if v.Framework {
				continue
			}
			why := "`" + v.Member.WireName + "`"
			if v.Member.Doc != "" {
				why += ": " + strings.ReplaceAll(v.Member.Doc, "\n", " ")
			}
			add(itoa(v.Status), why, media, schema)
		}
		for _, v := range fn.Error.Error.Variants {
			if v.Framework {
				g.framework = true
				for _, ff := range frameworkFailures {
					add(ff.status, "`"+v.Member.WireName+"` (the framework variant): "+ff.why, media, schema)
				}
			}
		}
	}
	out := make([]failure, 0, len(byStatus))
	for _, f := range byStatus {
		out = append(out, *f)
	}
	// Statuses in numeric order (all have three digits), "default" last.
	slices.SortFunc(out, func(a, b failure) int { return strings.Compare(a.status, b.status) })
	return out
}

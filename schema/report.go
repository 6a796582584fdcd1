package schema

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/bufbuild/protocompile/reporter"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/sfn-dev/sfn/diag"
)

// report turns protocompile's errors and the scan's findings into sfn's diagnostics. A
// proto2 file gets sfn's message alone: protocompile's errors for it (one per unlabelled
// field, typically) are follow-ons of that one mistake.
func (l *loader) report(errs []reporter.ErrorWithPos) diag.List {
	l.mu.Lock()
	defer l.mu.Unlock()
	var diags diag.List
	var syms *symbols
	symbolsOnce := func() *symbols {
		if syms == nil {
			sources := map[string][]byte{OptionsFile: optionsSource}
			for n, src := range l.sources {
				sources[n] = src
			}
			syms = buildSymbols(sources)
		}
		return syms
	}
	for _, err := range errs {
		if _, ok := l.proto2[err.GetPosition().Filename]; ok {
			continue
		}
		diags = append(diags, l.diagnostic(err, symbolsOnce))
	}
	for _, name := range sortedKeys(l.proto2) {
		pos := l.proto2[name]
		pos.File = l.displayLocked(name)
		if l.noSyn[name] {
			diags.Add(pos, `file has no syntax statement, so it is "proto2", which is not supported; begin it with syntax = "proto3";`)
		} else {
			diags.Add(pos, `syntax "proto2" is not supported; use "proto3" or edition "2023"`)
		}
	}
	for _, name := range sortedKeys(l.mapKeys) {
		for _, k := range l.mapKeys[name] {
			pos := k.pos
			pos.File = l.displayLocked(name)
			var what string
			if scalarMapKeys[k.name] {
				what = strconv.Quote(k.name)
			} else if full, kind := symbolsOnce().resolve(name, strings.Join(k.scope, "."), k.name); kind != "" {
				what = fmt.Sprintf("%s %q", kind, full)
			} else {
				what = fmt.Sprintf("%q, which is not a declared type", k.name) + diag.DidYouMean(diag.Suggest(k.name, mapKeyTypes))
			}
			prefix := ""
			if k.field != "" {
				prefix = fmt.Sprintf("field %q: ", k.field)
			}
			diags.Add(pos, "%smap key type must be a string or integer type, not %s", prefix, what)
		}
	}
	return diags
}

// mapKeyTypes are the types a map key may have (sfn refuses bool, which protobuf allows).
var mapKeyTypes = []string{"string", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
	"fixed32", "fixed64", "sfixed32", "sfixed64"}

// scalarMapKeys are the scalar types protobuf's grammar rejects as map keys.
var scalarMapKeys = map[string]bool{"float": true, "double": true, "bytes": true}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (l *loader) displayLocked(name string) string {
	if file := l.display[name]; file != "" {
		return file
	}
	return name
}

var (
	unknownTypeRE   = regexp.MustCompile(`^(field|method) (\S+): unknown (request |response )?type (\S+)$`)
	optionFieldRE   = regexp.MustCompile(`^((\S+)(?: \S+)?: )?option (\S+): field (\S+) not found$`)
	optionNoFieldRE = regexp.MustCompile(`^(.*)field (\S+) of (\S+) does not exist$`)
	enumValueRE     = regexp.MustCompile(`^(.*)enum (\S+) has no value named (\S+)$`)
	sfnExtensionRE  = regexp.MustCompile(`unknown extension (sfn\.v1\.\S+)$`)
)

// diagnostic converts a protocompile error to sfn's form: a display path, names quoted, and
// a hint where the cause is a common slip: the closest names to a misspelt one, or a
// forgotten import.
func (l *loader) diagnostic(err reporter.ErrorWithPos, syms func() *symbols) diag.Diagnostic {
	p := err.GetPosition()
	file := l.displayLocked(p.Filename)
	col := unshift(l.shifts[p.Filename], p.Line, p.Col)
	msg := err.Unwrap().Error()
	if m := unknownTypeRE.FindStringSubmatch(msg); m != nil {
		kinds := []string{"message", "enum", "scalar"}
		if m[1] == "method" {
			kinds = kinds[:1] // a function's input and output are messages
		}
		hint := diag.DidYouMean(syms().suggest(p.Filename, parentName(m[2]), m[4], kinds...))
		msg = fmt.Sprintf("%s %s: unknown %stype %q", m[1], m[2], m[3], m[4]) + hint
	} else if m := optionFieldRE.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("%soption %s: unknown field %q", m[1], m[3], m[4]) +
			fieldHint(optionMessage(m[2], m[3]), m[4])
	} else if m := optionNoFieldRE.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("%sunknown field %q of %s", m[1], m[2], m[3]) +
			fieldHint(messageNamed(m[3]), m[2])
	} else if m := enumValueRE.FindStringSubmatch(msg); m != nil {
		msg = m[1] + enumValueMessage(m[2], m[3])
	} else if m := sfnExtensionRE.FindStringSubmatch(msg); m != nil {
		// With sfn.proto imported, the name is misspelt; without, the import is missing.
		msg = strings.Replace(msg, "extension "+m[1], fmt.Sprintf("extension %q", m[1]), 1)
		if syms().visible(p.Filename)["sfn.v1.fn"] == "extension" {
			msg += diag.DidYouMean(syms().suggest(p.Filename, "", m[1], "extension"))
		} else {
			msg += `; did you forget import "sfn/v1/sfn.proto"?`
		}
	} else if strings.HasSuffix(msg, "file does not exist") {
		msg = strings.TrimSuffix(msg, "file does not exist") + "no such file"
	}
	return diag.Diagnostic{Pos: diag.Pos{File: file, Line: p.Line, Col: col}, Msg: msg}
}

// optionMessages are the options messages of the declarations protocompile names.
var optionMessages = map[string]protoreflect.FullName{
	"file": "google.protobuf.FileOptions", "message": "google.protobuf.MessageOptions",
	"field": "google.protobuf.FieldOptions", "extension": "google.protobuf.FieldOptions",
	"oneof": "google.protobuf.OneofOptions", "enum": "google.protobuf.EnumOptions",
	"value": "google.protobuf.EnumValueOptions", "service": "google.protobuf.ServiceOptions",
	"method": "google.protobuf.MethodOptions",
}

// optionMessage finds the message whose fields an option's message literal sets: for
// "(sfn.v1.fn)" on a method, sfn.v1.FnOptions. Only options the compiler knows (the
// standard ones and sfn's) are found.
func optionMessage(decl, name string) protoreflect.MessageDescriptor {
	md := messageNamed(string(optionMessages[decl]))
	for name != "" {
		var part string
		if strings.HasPrefix(name, "(") {
			end := strings.IndexByte(name, ')')
			if end < 0 {
				return nil
			}
			part, name = name[1:end], name[end+1:]
			xt, err := protoregistry.GlobalTypes.FindExtensionByName(protoreflect.FullName(strings.TrimPrefix(part, ".")))
			if err != nil {
				return nil
			}
			md = xt.TypeDescriptor().Message()
		} else {
			part, name, _ = strings.Cut(name, ".")
			if md == nil {
				return nil
			}
			fd := md.Fields().ByName(protoreflect.Name(part))
			if fd == nil {
				return nil
			}
			md = fd.Message()
		}
		name = strings.TrimPrefix(name, ".")
		if md == nil {
			return nil
		}
	}
	return md
}

func messageNamed(name string) protoreflect.MessageDescriptor {
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		return nil
	}
	md, _ := d.(protoreflect.MessageDescriptor)
	return md
}

// fieldHint suggests the fields of md closest to a misspelt one, or lists the fields of an
// sfn options message, which are few.
func fieldHint(md protoreflect.MessageDescriptor, name string) string {
	if md == nil {
		return ""
	}
	var fields []string
	for i := 0; i < md.Fields().Len(); i++ {
		fields = append(fields, string(md.Fields().Get(i).Name()))
	}
	if hint := diag.DidYouMean(diag.Suggest(name, fields)); hint != "" {
		return hint
	}
	if strings.HasPrefix(string(md.FullName()), "sfn.v1.") {
		return fmt.Sprintf("; the fields of %s are %s", md.FullName(), andList(fields))
	}
	return ""
}

// enumValueMessage words an unknown enum value, suggesting the closest values; an unknown
// encoding also lists the five.
func enumValueMessage(enum, value string) string {
	var values []string
	if d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(enum)); err == nil {
		if ed, ok := d.(protoreflect.EnumDescriptor); ok {
			for i := 0; i < ed.Values().Len(); i++ {
				v := string(ed.Values().Get(i).Name())
				if enum == "sfn.v1.Encoding" && strings.HasSuffix(v, "_UNSPECIFIED") {
					continue // the zero value means "inherit", never written
				}
				values = append(values, v)
			}
		}
	}
	hint := diag.DidYouMean(diag.Suggest(value, values))
	if enum == "sfn.v1.Encoding" {
		if hint == "" {
			hint = "; the encodings are " + andList(values)
		}
		return fmt.Sprintf("unknown encoding %q%s", value, hint)
	}
	return fmt.Sprintf("enum %s has no value named %q%s", enum, value, hint)
}

func andList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

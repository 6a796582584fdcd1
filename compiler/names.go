package compiler

import (
	"strings"
	"unicode"
)

// Go and TypeScript names are derived here, once, so that the generators never disagree and
// collisions are reported as schema errors instead of surfacing as compile errors in
// generated code.

// initialisms are written in capitals inside Go names, as in hand-written Go (ID, URL).
var initialisms = map[string]bool{
	"api": true, "ascii": true, "cpu": true, "css": true, "dns": true, "eof": true, "guid": true,
	"html": true, "http": true, "https": true, "id": true, "ip": true, "json": true, "lhs": true,
	"qps": true, "ram": true, "rhs": true, "rpc": true, "sla": true, "smtp": true, "sql": true,
	"ssh": true, "tcp": true, "tls": true, "ttl": true, "udp": true, "ui": true, "uid": true,
	"uri": true, "url": true, "utf8": true, "uuid": true, "vm": true, "xml": true, "xsrf": true,
	"xss": true, "cbor": true,
}

// words splits an identifier at underscores and at lower-to-upper case changes:
// "add_todo" and "addTodo" are both ["add", "todo"]; "HTTPServer" is ["HTTP", "Server"].
func words(name string) []string {
	var out []string
	for _, part := range strings.Split(name, "_") {
		rs := []rune(part)
		start := 0
		for i := 1; i < len(rs); i++ {
			prev, cur := rs[i-1], rs[i]
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			split := (unicode.IsLower(prev) || unicode.IsDigit(prev)) && unicode.IsUpper(cur) ||
				unicode.IsUpper(prev) && unicode.IsUpper(cur) && unicode.IsLower(next)
			if split {
				out = append(out, string(rs[start:i]))
				start = i
			}
		}
		if start < len(rs) {
			out = append(out, string(rs[start:]))
		}
	}
	return out
}

// goName is the exported Go name of a schema identifier: "created_at" is "CreatedAt",
// "user_id" is "UserID", "AddTodo" stays.
func goName(name string) string {
	var b strings.Builder
	for _, w := range words(name) {
		if initialisms[strings.ToLower(w)] {
			b.WriteString(strings.ToUpper(w))
			continue
		}
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	return identStart(b.String(), "X")
}

// tsName is the lowerCamelCase TypeScript name of a schema identifier: "add_todo" is
// "addTodo", "HTTPGet" is "httpGet".
func tsName(name string) string {
	var b strings.Builder
	for i, w := range words(name) {
		rs := []rune(strings.ToLower(w))
		if i > 0 {
			rs[0] = unicode.ToUpper(rs[0])
		}
		b.WriteString(string(rs))
	}
	return identStart(b.String(), "x")
}

// tsTypeName is the PascalCase TypeScript name of a type; unlike Go, TypeScript keeps the
// schema's spelling of initialisms.
func tsTypeName(name string) string {
	var b strings.Builder
	for _, w := range words(name) {
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	return identStart(b.String(), "X")
}

// snakeCase is Rust's function-name form of an rpc name: "AddTodo" is "add_todo".
func snakeCase(name string) string {
	ws := words(name)
	for i, w := range ws {
		ws[i] = strings.ToLower(w)
	}
	return strings.Join(ws, "_")
}

// identStart makes s a valid identifier start: a name that begins with a digit (possible
// after dropping leading underscores) gets prefix, and an empty one becomes prefix.
func identStart(s, prefix string) string {
	if s == "" || unicode.IsDigit(rune(s[0])) {
		return prefix + s
	}
	return s
}

// tsReserved are words that cannot name an exported function in an ES module.
var tsReserved = map[string]bool{
	"break": true, "case": true, "catch": true, "class": true, "const": true, "continue": true,
	"debugger": true, "default": true, "delete": true, "do": true, "else": true, "enum": true,
	"export": true, "extends": true, "false": true, "finally": true, "for": true, "function": true,
	"if": true, "import": true, "in": true, "instanceof": true, "new": true, "null": true,
	"return": true, "super": true, "switch": true, "this": true, "throw": true, "true": true,
	"try": true, "typeof": true, "var": true, "void": true, "while": true, "with": true,
	"yield": true, "let": true, "static": true, "implements": true, "interface": true,
	"package": true, "private": true, "protected": true, "public": true, "await": true,
	"arguments": true, "eval": true,
}

// tsFuncName is the TypeScript name of a server function. A reserved word gets the suffix
// "Fn" ("delete" becomes "deleteFn"): there is no clean name to take instead.
func tsFuncName(fnName string) string {
	n := tsName(fnName)
	if tsReserved[n] {
		return n + "Fn"
	}
	return n
}

// enumValueGoName is the Go constant of an enum value: the enum's Go name followed by the
// value's name, without the enum's name repeated (STATUS_ACTIVE in Status is StatusActive).
func enumValueGoName(enumGo, enumName, value string) string {
	prefix := strings.ToUpper(snakeCase(enumName)) + "_"
	if strings.HasPrefix(value, prefix) && len(value) > len(prefix) {
		value = value[len(prefix):]
	}
	if strings.ToUpper(value) == value {
		value = strings.ToLower(value)
	}
	return enumGo + goName(value)
}

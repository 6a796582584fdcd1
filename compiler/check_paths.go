package compiler

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/sfn-dev/sfn/compiler/ir"
)

// resolvePath checks prefix and endpoint and computes the function's path (SPEC section 2):
// prefix + "/" + endpoint, or without an endpoint prefix + "/" + fn_name + the decimal
// xxh64 of hash_key + ":" + module_path, as Leptos generates it.
func (c *compiler) resolvePath(fn *ir.Func, prefix, endpoint setting[string], fs fileSettings) (path, ep string) {
	prefixPos := prefix.pos
	if !prefix.set {
		prefixPos = fn.Pos
	}
	switch p := fn.Prefix; {
	case !strings.HasPrefix(p, "/"):
		c.errorf(prefixPos, "prefix %q must start with \"/\"", p)
	case strings.HasSuffix(p, "/"):
		c.errorf(prefixPos, "prefix %q must not end with \"/\"", p)
	default:
		if bad, ok := badPathChar(p); ok {
			c.errorf(prefixPos, "prefix %q contains %s, which is not allowed in a URL path", p, bad)
		}
	}
	if endpoint.set {
		ep = strings.TrimLeft(endpoint.val, "/")
		switch bad, ok := badPathChar(ep); {
		case ep == "":
			c.errorf(endpoint.pos, "function %q: endpoint %q is empty; leave it out for the default hashed path", fn.Name, endpoint.val)
		case ok:
			c.errorf(endpoint.pos, "function %q: endpoint %q contains %s, which is not allowed in a URL path (RFC 3986)", fn.Name, endpoint.val, bad)
		}
		return fn.Prefix + "/" + ep, ep
	}
	path = fn.Prefix + "/" + fn.FnName
	if fs.hash {
		path += strconv.FormatUint(LeptosHash(fs.hashKey, fs.modulePath), 10)
	}
	return path, ""
}

// LeptosHash is the number Leptos appends to a function's name in its default path:
// PathHash of hashKey + ":" + modulePath.
func LeptosHash(hashKey, modulePath string) uint64 {
	return PathHash(hashKey + ":" + modulePath)
}

// PathHash is xxh64 with seed 0 of key's UTF-8 bytes, the hash Leptos uses for paths.
func PathHash(key string) uint64 { return xxhash.Sum64String(key) }

// badPathChar finds the first character of s that RFC 3986 does not allow in a path
// (segments of unreserved characters, percent escapes, sub-delims, ":" and "@", joined by
// "/"). It returns a description of it and whether there is one.
func badPathChar(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@/", ch) >= 0:
		case ch == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "a \"%\" that does not start a percent escape", true
			}
			i += 2
		case ch < 0x20 || ch >= 0x7f:
			return fmt.Sprintf("the byte 0x%02x", ch), true
		default:
			return strconv.QuoteRune(rune(ch)), true
		}
	}
	return "", false
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// checkPaths reports functions that share a path: the server finds a function by its path
// alone, across everything compiled together.
func (c *compiler) checkPaths(files []*ir.File) {
	type owner struct {
		svc *ir.Service
		fn  *ir.Func
	}
	seen := map[string]owner{}
	for _, f := range files {
		for _, s := range f.Services {
			for _, fn := range s.Funcs {
				if prev, ok := seen[fn.Path]; ok {
					c.errorf(fn.Pos, "function %q: path %q already used by %q at %s", fn.Name, fn.Path, prev.svc.Name+"."+prev.fn.Name, prev.fn.Pos)
					continue
				}
				seen[fn.Path] = owner{s, fn}
			}
		}
	}
}

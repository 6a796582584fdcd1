// Package leptoscorpus reads the Leptos corpus, shared/leptos/corpus.json beside the
// repository: HTTP exchanges recorded from a real Leptos server_fn 0.8 server serving
// shared/leptos/echo.sfn (the file's "generator" member says how). It is test data, not a
// pipeline stage: gen/go's and runtime/server's tests replay the exchanges, and
// conformance/internal/casegen turns them into conformance cases.
package leptoscorpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// An Exchange is one recorded request and Leptos's answer to it.
type Exchange struct {
	// Name says what the exchange checks: encode/<set>/<case>/<fn> and
	// decode/<set>/<case>/<fn> replay a serde vector to a function, the rest are hand-made
	// (routing/..., and so on).
	Name     string   `json:"name"`
	Request  Request  `json:"request"`
	Response Response `json:"response"`
}

// Request is a recorded request. Its body is given by at most one of BodyText, BodyHex and
// BodyPattern; none is no body.
type Request struct {
	Method string `json:"method"`
	// Path is the request target: the path and, for GET, "?" and the query.
	Path string `json:"path"`
	// Headers are those the client set deliberately (not Host or Content-Length).
	Headers  map[string]string `json:"headers"`
	BodyText *string           `json:"body_text"`
	BodyHex  *string           `json:"body_hex"`
	// BodyPattern is a body too large to write out; BodyLen and BodySHA256 describe
	// the bytes it stands for.
	BodyPattern *Pattern `json:"body_pattern"`
	BodyLen     *int     `json:"body_len"`
	BodySHA256  *string  `json:"body_sha256"`
}

// Pattern is a body written as PrefixText followed by RepeatText RepeatCount times.
type Pattern struct {
	PrefixText  string `json:"prefix_text"`
	RepeatText  string `json:"repeat_text"`
	RepeatCount int    `json:"repeat_count"`
}

// Response is Leptos's recorded answer. Only the headers content-type, serverfnerror,
// location and serverfnredirect were recorded, with lowercase names.
type Response struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	// BodyHex is the body, always present ("" for an empty body).
	BodyHex string `json:"body_hex"`
	// BodyText is the body again when it is valid UTF-8.
	BodyText *string `json:"body_text"`
}

// Locate returns the corpus's path for code running in dir, a directory inside this
// module (a test's package directory, "."): shared/leptos/corpus.json beside the module
// root, the nearest directory above dir that holds go.mod. A relative dir gives a
// relative path. Whether the corpus exists is Load's to find out.
func Locate(dir string) (string, error) {
	for d := dir; ; d = filepath.Join(d, "..") {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return InShared(filepath.Join(d, "..", "shared")), nil
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", err
		}
		if abs == filepath.Dir(abs) {
			return "", fmt.Errorf("no go.mod in %s or above", dir)
		}
	}
}

// InShared returns the corpus's path in shared, the shared reference data directory.
func InShared(shared string) string {
	return filepath.Join(shared, "leptos", "corpus.json")
}

// LoadNear is Load of the corpus that Locate finds for dir: what a test calls with ".".
func LoadNear(dir string) ([]*Exchange, error) {
	path, err := Locate(dir)
	if err != nil {
		return nil, err
	}
	return Load(path)
}

// Load reads the corpus at path and checks every exchange's bodies, so that the Body
// methods cannot fail. A missing file is an error that wraps fs.ErrNotExist.
func Load(path string) ([]*Exchange, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c struct {
		Exchanges []*Exchange `json:"exchanges"`
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var errs []error
	for i, e := range c.Exchanges {
		if err := e.check(); err != nil {
			errs = append(errs, fmt.Errorf("%s: exchange %d (%q): %v", path, i+1, e.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c.Exchanges, nil
}

// check reports a body that the Body methods could not give.
func (e *Exchange) check() error {
	r := &e.Request
	forms := 0
	for _, given := range []bool{r.BodyText != nil, r.BodyHex != nil, r.BodyPattern != nil} {
		if given {
			forms++
		}
	}
	if forms > 1 {
		return errors.New("request body given more than once")
	}
	if r.BodyHex != nil {
		if _, err := hex.DecodeString(*r.BodyHex); err != nil {
			return fmt.Errorf("request body_hex: %v", err)
		}
	}
	if r.BodyPattern != nil {
		if r.BodyPattern.RepeatCount < 0 {
			return fmt.Errorf("request body_pattern: repeat_count %d", r.BodyPattern.RepeatCount)
		}
		b := r.Body()
		if r.BodyLen != nil && len(b) != *r.BodyLen {
			return fmt.Errorf("request body_pattern makes %d bytes, body_len says %d", len(b), *r.BodyLen)
		}
		if sum := sha256.Sum256(b); r.BodySHA256 != nil && !strings.EqualFold(hex.EncodeToString(sum[:]), *r.BodySHA256) {
			return errors.New("request body_pattern does not match body_sha256")
		}
	}
	b, err := hex.DecodeString(e.Response.BodyHex)
	if err != nil {
		return fmt.Errorf("response body_hex: %v", err)
	}
	if t := e.Response.BodyText; t != nil && !bytes.Equal([]byte(*t), b) {
		return errors.New("response body_text differs from body_hex")
	}
	return nil
}

// Body returns the request's body: nil for no body, an empty non-nil slice for an empty
// one. It assumes the body is valid (Load checks that).
func (r *Request) Body() []byte {
	var s string
	switch {
	case r.BodyText != nil:
		s = *r.BodyText
	case r.BodyHex != nil:
		b, _ := hex.DecodeString(*r.BodyHex)
		s = string(b)
	case r.BodyPattern != nil:
		p := r.BodyPattern
		s = p.PrefixText + strings.Repeat(p.RepeatText, p.RepeatCount)
	default:
		return nil
	}
	return append([]byte{}, s...)
}

// Body returns the response's body. It assumes the body is valid (Load checks that).
func (r *Response) Body() []byte {
	b, _ := hex.DecodeString(r.BodyHex)
	return b
}

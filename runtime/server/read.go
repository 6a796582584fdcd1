package server

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/sfn-dev/sfn/runtime/rpc"
)

// Reading: the arguments' bytes, from the query of a GET or the body of a POST, within
// the body limit and the deadlines.

// readArgs appends the arguments' bytes to buf: the raw query for GET (the "?" may be
// absent), the body for POST.
func (rt *route) readArgs(w http.ResponseWriter, r *http.Request, buf []byte) ([]byte, *rpc.Error) {
	if rt.fn.Encoding.ArgsInQuery() {
		return append(buf, r.URL.RawQuery...), nil
	}
	return rt.readBody(w, r, rt.argsTag(), buf)
}

// readBody appends the whole body to buf, refusing more than the limit before reading any
// of it when Content-Length says so, and while reading otherwise.
func (rt *route) readBody(w http.ResponseWriter, r *http.Request, tag rpc.ErrorTag, buf []byte) ([]byte, *rpc.Error) {
	limit := rt.cfg.maxBody()
	if r.ContentLength > limit {
		return nil, tooLarge(tag, limit)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return buf, nil
	}
	body := r.Body
	if r.ContentLength < 0 {
		// Of unknown length (chunked): http.MaxBytesReader also tells the server to close
		// the connection once the limit is passed, rather than read the rest. A body with
		// a Content-Length cannot run past it, as net/http's servers enforce the length.
		body = http.MaxBytesReader(w, body, limit)
	} else {
		// One more byte than announced, so that the final read finds the end at once; but
		// never more than maxPresize on the word of a header: memory grows with the bytes
		// that arrive, so a client that announces 4 MiB and sends nothing costs little.
		buf = slices.Grow(buf, int(min(r.ContentLength, maxPresize))+1)
	}
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 512)
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, tooLarge(tag, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, tooLarge(tag, limit)
			}
			// The client hung up or stalled past the read deadline: its fault, and most
			// likely no one is left to read the answer.
			return nil, &rpc.Error{Tag: tag, Status: http.StatusBadRequest,
				Message: "could not read the request body: " + err.Error()}
		}
	}
}

// maxPresize is the most readBody reserves before the bytes arrive.
const maxPresize = 16 << 10

func tooLarge(tag rpc.ErrorTag, limit int64) *rpc.Error {
	return &rpc.Error{Tag: tag, Status: http.StatusRequestEntityTooLarge,
		Message: "request body exceeds the limit of " + strconv.FormatInt(limit, 10) + " bytes"}
}

// maxPooledBuf keeps one huge request or result from pinning a huge buffer in the pool.
const maxPooledBuf = 64 << 10

// bufPool holds the buffers requests are read into and results encoded into, both free
// again once the call is over: io.Writer implementations, http.ResponseWriter's included,
// must not keep what they are given.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) <= maxPooledBuf {
		*b = (*b)[:0]
		bufPool.Put(b)
	}
}

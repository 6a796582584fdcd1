package main

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"strings"

	"github.com/sfn-dev/sfn/conformance"
	v1 "github.com/sfn-dev/sfn/conformance/gen/conformancev1"
	"github.com/sfn-dev/sfn/runtime/client"
	"github.com/sfn-dev/sfn/runtime/rpc"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// streamFunction calls a websocket function and returns what its output yielded, each
// item in the JSON mapping, each error as the answer's error; input is the case line's
// input (a JSON array of items), args its arguments.
type streamFunction func(ctx context.Context, baseURL string, args, input []byte) ([]*conformance.StreamItem, error)

// streamFunctions are the websocket functions of conformance.sfn, called through the
// generated client.
var streamFunctions = map[string]streamFunction{
	"echo": func(ctx context.Context, baseURL string, _, input []byte) ([]*conformance.StreamItem, error) {
		lines, err := decodeItems[v1.Line](input)
		if err != nil {
			return nil, err
		}
		in := func(yield func(*v1.Line, error) bool) {
			for _, l := range lines {
				if !yield(l, nil) {
					return
				}
			}
		}
		return collect(v1.NewStreamsClient(baseURL).Echo(ctx, in)), nil
	},
	"count": func(ctx context.Context, baseURL string, args, _ []byte) ([]*conformance.StreamItem, error) {
		in := new(v1.Count)
		if err := wire.UnmarshalJSON(in.WireMessage(), args, in, nil); err != nil {
			return nil, &harnessError{"args: " + err.Error()}
		}
		return collect(v1.NewStreamsClient(baseURL).Count(ctx, in)), nil
	},
}

// runStream answers a case line of a websocket function with the items its output yielded.
func runStream(req *conformance.CaseLine, f streamFunction) conformance.Answer {
	a := conformance.Answer{Case: req.Case}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	items, err := f(ctx, req.BaseURL, req.Args, req.Input)
	if err != nil {
		a.Error = errorValue(err)
		return a
	}
	a.Items = items
	return a
}

// collect reads a stream's output to its end: items in the JSON mapping, errors with their
// tag and message.
func collect[T any, PT message[T]](out iter.Seq2[PT, error]) []*conformance.StreamItem {
	items := []*conformance.StreamItem{}
	for v, err := range out {
		if err != nil {
			e := errorValue(err)
			items = append(items, &conformance.StreamItem{Error: &conformance.ItemError{Tag: e.Tag, Message: e.Message}})
			continue
		}
		b, merr := wire.MarshalJSON(v.WireMessage(), v)
		if merr != nil {
			items = append(items, &conformance.StreamItem{Error: &conformance.ItemError{Tag: "Harness", Message: merr.Error()}})
			continue
		}
		items = append(items, &conformance.StreamItem{Item: b})
	}
	return items
}

// decodeItems decodes a JSON array of items in the JSON mapping.
func decodeItems[T any, PT message[T]](input []byte) ([]PT, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(input, &raws); err != nil {
		return nil, &harnessError{"input: " + err.Error()}
	}
	out := make([]PT, len(raws))
	for i, r := range raws {
		out[i] = PT(new(T))
		if err := wire.UnmarshalJSON(out[i].WireMessage(), r, out[i], nil); err != nil {
			return nil, &harnessError{"input item: " + err.Error()}
		}
	}
	return out, nil
}

// upper sends the input text as a text stream and returns the answer's text.
func upper(ctx context.Context, baseURL string, opts []client.Option, _, input []byte) ([]byte, error) {
	var text string
	if err := json.Unmarshal(input, &text); err != nil {
		return nil, &harnessError{"input: " + err.Error()}
	}
	var out bytes.Buffer
	if err := v1.NewStreamsClient(baseURL, opts...).Upper(ctx, strings.NewReader(text), &out); err != nil {
		return nil, err
	}
	return marshal(out.String())
}

// sizes uploads the input's parts and returns the result.
func sizes(ctx context.Context, baseURL string, opts []client.Option, _, input []byte) ([]byte, error) {
	var parts []conformance.Part
	if err := json.Unmarshal(input, &parts); err != nil {
		return nil, &harnessError{"input: " + err.Error()}
	}
	seq := func(yield func(*rpc.Part, error) bool) {
		for _, p := range parts {
			if !yield(&rpc.Part{Field: p.Field, FileName: p.FileName, ContentType: p.ContentType, Body: strings.NewReader(p.Text)}, nil) {
				return
			}
		}
	}
	out, err := v1.NewStreamsClient(baseURL, opts...).Sizes(ctx, seq)
	if err != nil {
		return nil, err
	}
	return wire.MarshalJSON(out.WireMessage(), out)
}

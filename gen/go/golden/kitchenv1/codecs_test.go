package kitchenv1

import (
	"strings"
	"testing"

	"github.com/sfn-dev/sfn/gen/go/internal/codectest"
	"github.com/sfn-dev/sfn/runtime/wire"
)

// Not generated: the generated client codecs of this golden package, held to runtime/wire's
// plan-driven codecs on random values and on mutations of their encodings
// (gen/go/internal/codectest). Every shape the generator handles is here: recursion,
// oneofs, maps with string and integer keys, enums, wrappers, timestamps, JSON values, and
// results that are not messages.

func TestCodecsRandom(t *testing.T) {
	t.Parallel()
	nodes := &codectest.Codecs[Node]{Message: nodeMessage,
		Form: (*Node).appendForm, CBOR: (*Node).appendCBOR,
		DecodeJSON: (*Node).decodeJSON, DecodeCBOR: (*Node).decodeCBOR}
	metas := &codectest.Codecs[NodeMeta]{Message: nodeMetaMessage,
		Form: (*NodeMeta).appendForm, CBOR: (*NodeMeta).appendCBOR,
		DecodeJSON: (*NodeMeta).decodeJSON, DecodeCBOR: (*NodeMeta).decodeCBOR}
	picks := &codectest.Codecs[Pick]{Message: pickMessage, Form: (*Pick).appendForm, DecodeJSON: (*Pick).decodeJSON}
	docs := &codectest.Codecs[Doc]{Message: docMessage, JSON: (*Doc).appendJSON}
	nows := &codectest.Codecs[kitchenNowResult]{Message: kitchenNowResultMessage, DecodeJSON: (*kitchenNowResult).decodeJSON}
	stores := &codectest.Codecs[kitchenStoreResult]{Message: kitchenStoreResultMessage, DecodeJSON: (*kitchenStoreResult).decodeJSON}

	nodes.Check(t, 11, 300)
	metas.Check(t, 12, 300)
	picks.Check(t, 13, 400)
	docs.Check(t, 14, 400)
	nows.Check(t, 15, 300)
	stores.Check(t, 16, 300)
}

// TestCodecsCycle encodes a node that is its own parent: the encoders stop with the
// plan-driven encoders' error instead of running out of stack. (The plan-driven form
// encoder has no such check, so the form error is only checked for its text.)
func TestCodecsCycle(t *testing.T) {
	t.Parallel()
	n := &Node{Name: "loop"}
	n.ParentHint = n
	_, werr := wire.AppendCBOR(nil, nodeMessage, n)
	_, gerr := wire.EncodeCBOR(nil, n.appendCBOR)
	if werr == nil || gerr == nil || gerr.Error() != werr.Error() {
		t.Errorf("CBOR error %v, want %v", gerr, werr)
	}
	if _, err := wire.EncodeForm(nil, n.appendForm); err == nil || !strings.HasSuffix(err.Error(), "(a cycle?)") {
		t.Errorf("form error %v, want one about a cycle", err)
	}
}

package wire

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFormDecodedPartsAreIndependent checks what the form decoder's one buffer per call
// (form_pairs.go, finish) must keep: the strings, the bytes value, the optional number and
// the list of numbers taken from it share no bytes with each other or with the input, so
// the caller may reuse the input, write to the bytes and the numbers, and append to the
// list, without any other part of the value changing.
func TestFormDecodedPartsAreIndependent(t *testing.T) {
	t.Parallel()
	body := "s=a%26b&b=true&i32v=1&u32v=1&i64v=1&u64v=1&f32v=1&f64v=1&bytes=%01%02%03&opt_s=x&opt_i=-1&tags[0]=red&tags[1]=gr+en&nums[0]=1&nums[1]=2&nums[2]=3&labels[k]=v&addr[street]=st&addr[zip]=9&status=Active"
	input := []byte(body)
	var got Everything
	if err := UnmarshalForm(everythingDesc, input, &got, nil); err != nil {
		t.Fatal(err)
	}
	snapshot := func(e *Everything) Everything {
		c := *e
		c.Bytes = bytes.Clone(e.Bytes)
		s, i := *e.OptS, *e.OptI
		c.OptS, c.OptI = &s, &i
		c.Tags = append([]string(nil), e.Tags...)
		c.Nums = append([]int64(nil), e.Nums...)
		return c
	}
	want := snapshot(&got)
	if want.S != "a&b" || string(want.Bytes) != "\x01\x02\x03" || *want.OptI != -1 || len(want.Nums) != 3 {
		t.Fatalf("decoded %+v", want)
	}

	for i := range input {
		input[i] = 'Z' // the server reuses its buffer for the next request
	}
	if diff := cmp.Diff(want, snapshot(&got)); diff != "" {
		t.Fatalf("value changed when the input was overwritten (-want +got):\n%s", diff)
	}

	// Writing every byte the caller may write to: each must change only itself.
	for i := range got.Bytes {
		got.Bytes[i] = 0xff
	}
	*got.OptI = 1 << 62
	for i := range got.Nums {
		got.Nums[i] = -7
	}
	if cap(got.Nums) != len(got.Nums) || cap(got.Bytes) != len(got.Bytes) {
		t.Fatalf("slices reach past their end: nums %d/%d, bytes %d/%d", len(got.Nums), cap(got.Nums), len(got.Bytes), cap(got.Bytes))
	}
	got.Nums = append(got.Nums, 99)
	got.Bytes = append(got.Bytes, 0xee)
	want.Bytes, want.Nums = []byte{0xff, 0xff, 0xff, 0xee}, []int64{-7, -7, -7, 99}
	*want.OptI = 1 << 62
	if diff := cmp.Diff(want, snapshot(&got)); diff != "" {
		t.Fatalf("writing one part changed another (-want +got):\n%s", diff)
	}

	// A second decode makes a new buffer: the first value is untouched.
	var again Everything
	if err := UnmarshalForm(everythingDesc, []byte(body), &again, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, snapshot(&got)); diff != "" {
		t.Fatalf("a later decode changed an earlier value (-want +got):\n%s", diff)
	}
}

// TestFormArenaFallback decodes more pointer-free values than a small body's arena is sized
// (8 bytes a pair), so the bytes value falls back to an allocation of its own.
func TestFormArenaFallback(t *testing.T) {
	t.Parallel()
	long := bytes.Repeat([]byte("%41"), 300)
	body := append([]byte("s=&b=true&i32v=1&u32v=1&i64v=1&u64v=1&f32v=1&f64v=1&addr[street]=&addr[zip]=1&status=Active&bytes="), long...)
	var got Everything
	if err := UnmarshalForm(everythingDesc, body, &got, nil); err != nil {
		t.Fatal(err)
	}
	if want := bytes.Repeat([]byte("A"), 300); !bytes.Equal(got.Bytes, want) {
		t.Fatalf("bytes = %q, want %q", got.Bytes, want)
	}
}

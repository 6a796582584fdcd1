package wire

import "testing"

// TestTextChecker feeds text streams in chunks that split characters anywhere.
func TestTextChecker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		chunks []string
		want   error
	}{
		{"ascii", []string{"ab", "c"}, nil},
		{"split 3-byte", []string{"a\xe2", "\x82", "\xacb"}, nil},
		{"split 4-byte", []string{"\xf0\x9f", "\x98\x80"}, nil},
		{"empty chunks", []string{"", "é", ""}, nil},
		{"invalid byte", []string{"a\xff", "b"}, ErrNotUTF8},
		{"overlong", []string{"\xc0\xaf"}, ErrNotUTF8},
		{"cut at the end", []string{"a\xe2\x82"}, ErrCutInUTF8},
	}
	for _, tt := range tests {
		var c TextChecker
		var err error
		for i, ch := range tt.chunks {
			if err = c.Check([]byte(ch), i == len(tt.chunks)-1); err != nil {
				break
			}
		}
		if err != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

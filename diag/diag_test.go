package diag

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSortDedupes(t *testing.T) {
	var l List
	l.Add(Pos{File: "b.sfn", Line: 1, Col: 1}, "late file")
	l.Add(Pos{File: "a.sfn", Line: 9, Col: 2}, "second")
	l.Add(Pos{File: "a.sfn", Line: 2, Col: 7}, "first")
	l.Add(Pos{File: "a.sfn", Line: 9, Col: 2}, "second")
	l.Add(Pos{}, "no position")
	l.Sort()
	want := "no position\na.sfn:2:7: first\na.sfn:9:2: second\nb.sfn:1:1: late file"
	if diff := cmp.Diff(want, l.Error()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if (List{}).Err() != nil {
		t.Error("empty list is an error")
	}
	if (Pos{File: "x.sfn"}).String() != "x.sfn" {
		t.Error("file-only position")
	}
}

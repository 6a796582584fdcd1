package diag

import (
	"sort"
	"strconv"
	"strings"
)

// Suggest returns the candidates closest to name, for a "did you mean" hint: those at the
// smallest edit distance (Damerau-Levenshtein, optimal string alignment, a change of case
// counting as one edit) when that distance is at most 2 and at most a third of name's length
// (at least 1), so a short name is only matched to a near twin, and when the edits do not
// replace a whole name ("X" is not offered "A"). The result is sorted, without
// repeats, and holds at most three names; it is empty when nothing is close.
func Suggest(name string, candidates []string) []string {
	limit := min(2, max(1, len([]rune(name))/3))
	best := limit + 1
	var out []string
	for _, c := range candidates {
		if c == name || c == "" {
			continue
		}
		d := distance(name, c)
		switch {
		case d > limit,
			!strings.EqualFold(c, name) && (d >= len([]rune(c)) || d >= len([]rune(name))):
		case d < best:
			best, out = d, []string{c}
		case d == best:
			out = append(out, c)
		}
	}
	sort.Strings(out)
	out = compactStrings(out)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// DidYouMean formats Suggest's answer as the tail of a message: `; did you mean "a"?` or
// `; did you mean "a" or "b"?`, or "" when there is nothing to suggest.
func DidYouMean(names []string) string {
	if len(names) == 0 {
		return ""
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return "; did you mean " + OrList(quoted) + "?"
}

// OrList joins items as English does: "a", "a or b", "a, b or c".
func OrList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i > 0 && v == s[i-1] {
			continue
		}
		out = append(out, v)
	}
	return out
}

// distance is the optimal string alignment distance between a and b compared without case,
// plus one when they differ only in case.
func distance(a, b string) int {
	x, y := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	if string(x) == string(y) {
		if a != b {
			return 1
		}
		return 0
	}
	// d[i][j] is the distance between x[:i] and y[:j]; three rows suffice.
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

package conformance

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Summary counts the outcomes of a run.
type Summary struct {
	Passed int
	Failed int
	// Skipped counts the skipped cases by the reason they were skipped.
	Skipped map[string]int
}

// OK reports whether no case failed.
func (s Summary) OK() bool { return s.Failed == 0 }

// String returns the summary line, "N passed, N failed".
func (s Summary) String() string { return fmt.Sprintf("%d passed, %d failed", s.Passed, s.Failed) }

// reporter prints a run's outcomes as they come: failures always, passes and skips with
// verbose, and the summary at the end.
type reporter struct {
	w       io.Writer
	verbose bool
	sum     Summary
}

func newReporter(w io.Writer, verbose bool) *reporter {
	if w == nil {
		w = io.Discard
	}
	return &reporter{w: w, verbose: verbose, sum: Summary{Skipped: map[string]int{}}}
}

func (r *reporter) pass(c *Case) {
	r.sum.Passed++
	if r.verbose {
		fmt.Fprintf(r.w, "ok   %s\n", c.Name)
	}
}

func (r *reporter) skip(c *Case, reason string) {
	r.sum.Skipped[reason]++
	if r.verbose {
		fmt.Fprintf(r.w, "skip %s (%s)\n", c.Name, reason)
	}
}

// fail reports a failed case with its problems, one per line; a problem's continuation lines
// are indented further.
func (r *reporter) fail(c *Case, p problems) {
	r.sum.Failed++
	fmt.Fprintf(r.w, "FAIL %s\n", c.Name)
	for _, line := range p {
		fmt.Fprintf(r.w, "    %s\n", strings.ReplaceAll(line, "\n", "\n    "))
	}
}

// outcome reports a case as passed or failed by its problems.
func (r *reporter) outcome(c *Case, p problems) {
	if len(p) == 0 {
		r.pass(c)
	} else {
		r.fail(c, p)
	}
}

// done prints the skip counts, if any, and the summary line, and returns the summary.
func (r *reporter) done() Summary {
	reasons := make([]string, 0, len(r.sum.Skipped))
	for reason := range r.sum.Skipped {
		reasons = append(reasons, reason)
	}
	slices.Sort(reasons)
	for _, reason := range reasons {
		fmt.Fprintf(r.w, "%d skipped (%s)\n", r.sum.Skipped[reason], reason)
	}
	fmt.Fprintln(r.w, r.sum)
	return r.sum
}

package wire

// Limits bound what a decoder accepts, so that a hostile body costs at most a known amount
// of memory and time. A zero field takes its default, so a Limits that sets one field keeps
// the defaults of the others; a nil *Limits means DefaultLimits.
type Limits struct {
	// MaxBytes is the largest input accepted, in bytes. Default 4 MiB (Leptos took 3 MB).
	MaxBytes int
	// MaxFormKeys is the most key=value pairs a form body may have, counting unknown keys.
	// Default 1000.
	MaxFormKeys int
	// MaxFormDepth is the most segments a form key of a known field may have: the root name
	// plus MaxFormDepth-1 bracketed parts, as serde_qs's max_depth. Default 5, as Leptos.
	MaxFormDepth int
	// MaxStringLen is the longest string or bytes value, in bytes after decoding.
	// Default 1 MiB.
	MaxStringLen int
	// MaxJSONDepth is the deepest nesting of JSON arrays and objects, counting ignored
	// values too. Default 127, as serde_json: its recursion limit of 128 refuses the 128th
	// level.
	MaxJSONDepth int
	// MaxCBORDepth is the deepest nesting of CBOR arrays, maps and tags. Default 128.
	MaxCBORDepth int
	// MaxCBORLen is the largest length a CBOR array or map header may declare. Default
	// 100,000.
	MaxCBORLen int
	// MaxItems is the most list elements and map entries one value may hold in all, in
	// any encoding: it bounds what a short body can make a decoder allocate. Default 100,000.
	MaxItems int
}

// The defaults, named so documentation and tests can refer to them.
const (
	DefaultMaxBytes     = 4 << 20
	DefaultMaxFormKeys  = 1000
	DefaultMaxFormDepth = 5
	DefaultMaxStringLen = 1 << 20
	DefaultMaxJSONDepth = 127
	DefaultMaxCBORDepth = 128
	DefaultMaxCBORLen   = 100_000
	DefaultMaxItems     = 100_000
)

// DefaultLimits returns the limits that apply when none are given.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:     DefaultMaxBytes,
		MaxFormKeys:  DefaultMaxFormKeys,
		MaxFormDepth: DefaultMaxFormDepth,
		MaxStringLen: DefaultMaxStringLen,
		MaxJSONDepth: DefaultMaxJSONDepth,
		MaxCBORDepth: DefaultMaxCBORDepth,
		MaxCBORLen:   DefaultMaxCBORLen,
		MaxItems:     DefaultMaxItems,
	}
}

// resolve returns l with every zero (or negative) field replaced by its default.
func (l *Limits) resolve() Limits {
	d := DefaultLimits()
	if l == nil {
		return d
	}
	r := *l
	pick := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&r.MaxBytes, d.MaxBytes)
	pick(&r.MaxFormKeys, d.MaxFormKeys)
	pick(&r.MaxFormDepth, d.MaxFormDepth)
	pick(&r.MaxStringLen, d.MaxStringLen)
	pick(&r.MaxJSONDepth, d.MaxJSONDepth)
	pick(&r.MaxCBORDepth, d.MaxCBORDepth)
	pick(&r.MaxCBORLen, d.MaxCBORLen)
	pick(&r.MaxItems, d.MaxItems)
	return r
}

// checkSize enforces MaxBytes before a decoder looks at the input.
func (l *Limits) checkSize(n int) error {
	if n > l.MaxBytes {
		return limitErr("input too large: "+itoa(n)+" bytes", "MaxBytes", l.MaxBytes)
	}
	return nil
}

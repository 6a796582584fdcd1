package casegen

import (
	"strconv"

	"github.com/sfn-dev/sfn/conformance"
)

// Hand-written cases of the Types service: echoes of the kinds the Echo functions do not
// cover. Expected bytes follow serde's derive with serde_qs 0.15, serde_json and ciborium
// (SPEC section 4): floats in forms as Rust's Display, in CBOR in the shortest lossless
// width; timestamps as chrono writes DateTime<Utc>; wrappers as Option; renamed fields and
// enum values by their wire names; integer map keys as CBOR integers.

const (
	typesPath = "/api/types/"

	// Scalars A: every scalar kind, negative and extreme 32-bit values, floats that need
	// half and double width, lists of doubles and of bytes.
	scalarsAJSON = `{"s32":-7,"sf32":-2147483648,"f32":4294967295,"s64":-5,"sf64":123,"f64":42,"fl":1.5,"db":-0.25,"dbs":[0.5,1e21,-3.0],"blobs":[[1,2],[255]]}`
	scalarsAForm = "s32=-7&sf32=-2147483648&f32=4294967295&s64=-5&sf64=123&f64=42&fl=1.5&db=-0.25&dbs[0]=0.5&dbs[1]=1000000000000000000000&dbs[2]=-3&blobs[0]=%01%02&blobs[1]=%FF"
	scalarsACBOR = "aa 637333322664736633323a7fffffff636633321affffffff63733634246473663634187b63663634182a 62666cf93e00 626462f9b400 6364627383f93800fb444b1ae4d6e2ef50f9c200 65626c6f62738242010241ff"

	// Scalars B: 64-bit extremes, a float32 that needs single width, empty lists.
	scalarsBJSON = `{"s32":2147483647,"sf32":0,"f32":0,"s64":-9223372036854775808,"sf64":9223372036854775807,"f64":18446744073709551615,"fl":0.1,"db":1e-7,"dbs":[],"blobs":[]}`
	scalarsBForm = "s32=2147483647&sf32=0&f32=0&s64=-9223372036854775808&sf64=9223372036854775807&f64=18446744073709551615&fl=0.1&db=0.0000001"
	scalarsBCBOR = "aa 637333321a7fffffff6473663332006366333200637336343b7fffffffffffffff64736636341b7fffffffffffffff636636341bffffffffffffffff 62666cfa3dcccccd 626462fb3e7ad7f29abcaf48 636462738065626c6f627380"

	// Scalars C: the largest half float, the smallest half subnormal, single and double
	// widths, negative zero, the largest float32 as a double.
	scalarsCJSON = `{"s32":0,"sf32":0,"f32":0,"s64":0,"sf64":0,"f64":0,"fl":65504.0,"db":5.960464477539063e-8,"dbs":[100000.0,1.0000001,-0.0,3.4028234663852886e38],"blobs":[[97,32,98]]}`
	scalarsCForm = "s32=0&sf32=0&f32=0&s64=0&sf64=0&f64=0&fl=65504&db=0.00000005960464477539063&dbs[0]=100000&dbs[1]=1.0000001&dbs[2]=-0&dbs[3]=340282346638528860000000000000000000000&blobs[0]=a+b"
	scalarsCCBOR = "aa 637333320064736633320063663332006373363400647366363400636636340062666cf97bff 626462f90001 6364627384fa47c35000fb3ff000001ad7f29bf98000fa7f7fffff 65626c6f62738143612062"

	// Kinds K1: every field set; pick is the enum variant. (levels_by_rank's keys are both
	// negative: serde_qs cannot mix negative and digit-first keys in one map.)
	kinds1JSON = `{"at":"2024-01-02T03:04:05Z","maybe_at":"2024-01-02T03:04:05.123Z","name":"n","count":-3,"flag":true,"ratio":0.5,"small":7,"raw":[1,2],"displayName":"D","level":"HIGH","levels":["low","HIGH"],"maybe_level":"low","inner":{"values":[1,2],"next":{"values":[3],"next":null}},"by_zip":{"10001":{"street":"A","zip":10001}},"totals":{"a":1,"b":-2},"levels_by_rank":{"-2":"HIGH","-1":"low"},"inners":{"x":{"values":[5],"next":null}},"pick":{"tier":"HIGH"}}`
	kinds1Form = "at=2024-01-02T03%3A04%3A05Z&maybe_at=2024-01-02T03%3A04%3A05.123Z&name=n&count=-3&flag=true&ratio=0.5&small=7&raw=%01%02&displayName=D&level=HIGH&levels[0]=low&levels[1]=HIGH&maybe_level=low&inner[values][0]=1&inner[values][1]=2&inner[next][values][0]=3&by_zip[10001][street]=A&by_zip[10001][zip]=10001&totals[a]=1&totals[b]=-2&levels_by_rank[-2]=HIGH&levels_by_rank[-1]=low&inners[x][values][0]=5&pick[tier]=HIGH"
	kinds1CBOR = "b262617474323032342d30312d30325430333a30343a30355a686d617962655f61747818323032342d30312d30325430333a30343a30352e3132335a646e616d65616e65636f756e742264666c6167f565726174696ff9380065736d616c6c07637261774201026b646973706c61794e616d656144656c6576656c6448494748666c6576656c7382636c6f7764484947486b6d617962655f6c6576656c636c6f7765696e6e6572a26676616c756573820102646e657874a26676616c7565738103646e657874f66662795f7a6970a1192711a2667374726565746141637a697019271166746f74616c73a26161016162216e6c6576656c735f62795f72616e6ba221644849474820636c6f7766696e6e657273a16178a26676616c7565738105646e657874f6647069636ba164746965726448494748"

	// Kinds K2: every optional and wrapper None, empty list and maps, pick a message.
	kinds2JSON = `{"at":"2024-01-02T03:04:05Z","maybe_at":null,"name":null,"count":null,"flag":null,"ratio":null,"small":null,"raw":null,"displayName":"D","level":"HIGH","levels":[],"maybe_level":null,"inner":{"values":[1,2],"next":{"values":[3],"next":null}},"by_zip":{},"totals":{},"levels_by_rank":{},"inners":{},"pick":{"place":{"street":"S","zip":1}}}`
	kinds2Form = "at=2024-01-02T03%3A04%3A05Z&displayName=D&level=HIGH&inner[values][0]=1&inner[values][1]=2&inner[next][values][0]=3&pick[place][street]=S&pick[place][zip]=1"
	kinds2CBOR = "b2 62617474323032342d30312d30325430333a30343a30355a 686d617962655f6174f6 646e616d65f6 65636f756e74f6 64666c6167f6 65726174696ff6 65736d616c6cf6 63726177f6 6b646973706c61794e616d656144 656c6576656c6448494748 666c6576656c7380 6b6d617962655f6c6576656cf6 65696e6e6572a26676616c756573820102646e657874a26676616c7565738103646e657874f6 6662795f7a6970a0 66746f74616c73a0 6e6c6576656c735f62795f72616e6ba0 66696e6e657273a0 647069636ba165706c616365a2667374726565746153637a697001"

	// Kinds K5: 64-bit extremes in a wrapper and a map, no pick.
	kinds5JSON = `{"at":"2024-01-02T03:04:05Z","maybe_at":"2024-01-02T03:04:05.123Z","name":"n","count":9223372036854775807,"flag":true,"ratio":0.5,"small":7,"raw":[1,2],"displayName":"D","level":"HIGH","levels":["low","HIGH"],"maybe_level":"low","inner":{"values":[1,2],"next":{"values":[3],"next":null}},"by_zip":{"10001":{"street":"A","zip":10001}},"totals":{"big":-9223372036854775808},"levels_by_rank":{"-2":"HIGH","-1":"low"},"inners":{"x":{"values":[5],"next":null}},"pick":null}`
	kinds5Form = "at=2024-01-02T03%3A04%3A05Z&maybe_at=2024-01-02T03%3A04%3A05.123Z&name=n&count=9223372036854775807&flag=true&ratio=0.5&small=7&raw=%01%02&displayName=D&level=HIGH&levels[0]=low&levels[1]=HIGH&maybe_level=low&inner[values][0]=1&inner[values][1]=2&inner[next][values][0]=3&by_zip[10001][street]=A&by_zip[10001][zip]=10001&totals[big]=-9223372036854775808&levels_by_rank[-2]=HIGH&levels_by_rank[-1]=low&inners[x][values][0]=5"
	kinds5CBOR = "b262617474323032342d30312d30325430333a30343a30355a686d617962655f61747818323032342d30312d30325430333a30343a30352e3132335a646e616d65616e65636f756e741b7fffffffffffffff64666c6167f565726174696ff9380065736d616c6c07637261774201026b646973706c61794e616d656144656c6576656c6448494748666c6576656c7382636c6f7764484947486b6d617962655f6c6576656c636c6f7765696e6e6572a26676616c756573820102646e657874a26676616c7565738103646e657874f66662795f7a6970a1192711a2667374726565746141637a697019271166746f74616c73a1636269673b7fffffffffffffff6e6c6576656c735f62795f72616e6ba221644849474820636c6f7766696e6e657273a16178a26676616c7565738105646e657874f6647069636bf6"
)

// echoCase is a case of a function that returns its arguments: args (the JSON mapping)
// go out as req, and res carries them back.
func echoCase(name, function string, req *conformance.Request, res *conformance.Response, args string, requires ...string) *conformance.Case {
	return &conformance.Case{Name: name, Source: "hand-written", Call: &conformance.Call{Function: function, Args: raw(args)},
		Request: req, Response: res, Result: raw(args), Requires: requires}
}

// missingLists marks c, a form case with empty lists or maps, as relying on SPEC 4.1's
// leniency.
func missingLists(c *conformance.Case) *conformance.Case {
	c.Note = joinNotes(c.Note, notLeptosMissing)
	c.Leptos = ptr(false)
	return c
}

const notLeptosMissing = "SPEC 4.1: a missing list or map field is empty (serde_qs, and so Leptos, fails with missing field)"

func handTypes() []*conformance.Case {
	p := func(fn string) string { return typesPath + fn }
	cs := []*conformance.Case{
		echoCase("types/scalars_url/a", "scalars_url", postForm(p("scalars_url"), scalarsAForm), okJSON(scalarsAJSON), scalarsAJSON),
		echoCase("types/scalars_cbor/a", "scalars_cbor", postCBOR(p("scalars_cbor"), scalarsACBOR), okCBOR(scalarsACBOR), scalarsAJSON),
		echoCase("types/scalars_json/a", "scalars_json", postJSON(p("scalars_json"), scalarsAJSON), okJSON(scalarsAJSON), scalarsAJSON),
		missingLists(echoCase("types/scalars_url/b", "scalars_url", postForm(p("scalars_url"), scalarsBForm), okJSON(scalarsBJSON), scalarsBJSON, "int64")),
		echoCase("types/scalars_cbor/b", "scalars_cbor", postCBOR(p("scalars_cbor"), scalarsBCBOR), okCBOR(scalarsBCBOR), scalarsBJSON, "int64"),
		echoCase("types/scalars_json/b", "scalars_json", postJSON(p("scalars_json"), scalarsBJSON), okJSON(scalarsBJSON), scalarsBJSON, "int64"),
		echoCase("types/scalars_url/c", "scalars_url", postForm(p("scalars_url"), scalarsCForm), okJSON(scalarsCJSON), scalarsCJSON),
		echoCase("types/scalars_cbor/c", "scalars_cbor", postCBOR(p("scalars_cbor"), scalarsCCBOR), okCBOR(scalarsCCBOR), scalarsCJSON),
		echoCase("types/scalars_json/c", "scalars_json", postJSON(p("scalars_json"), scalarsCJSON), okJSON(scalarsCJSON), scalarsCJSON),

		echoCase("types/kinds_url/k1", "kinds_url", postForm(p("kinds_url"), kinds1Form), okJSON(kinds1JSON), kinds1JSON),
		echoCase("types/kinds_get_cbor/k1", "kinds_get_cbor", getCBOR(p("kinds_get_cbor"), kinds1Form), okCBOR(kinds1CBOR), kinds1JSON),
		echoCase("types/kinds_cbor/k1", "kinds_cbor", postCBOR(p("kinds_cbor"), kinds1CBOR), okCBOR(kinds1CBOR), kinds1JSON),
		echoCase("types/kinds_json/k1", "kinds_json", postJSON(p("kinds_json"), kinds1JSON), okJSON(kinds1JSON), kinds1JSON),
		missingLists(echoCase("types/kinds_url/k2", "kinds_url", postForm(p("kinds_url"), kinds2Form), okJSON(kinds2JSON), kinds2JSON)),
		missingLists(echoCase("types/kinds_get_cbor/k2", "kinds_get_cbor", getCBOR(p("kinds_get_cbor"), kinds2Form), okCBOR(kinds2CBOR), kinds2JSON)),
		echoCase("types/kinds_cbor/k2", "kinds_cbor", postCBOR(p("kinds_cbor"), kinds2CBOR), okCBOR(kinds2CBOR), kinds2JSON),
		echoCase("types/kinds_json/k2", "kinds_json", postJSON(p("kinds_json"), kinds2JSON), okJSON(kinds2JSON), kinds2JSON),
		echoCase("types/kinds_url/k5", "kinds_url", postForm(p("kinds_url"), kinds5Form), okJSON(kinds5JSON), kinds5JSON, "int64"),
		echoCase("types/kinds_get_cbor/k5", "kinds_get_cbor", getCBOR(p("kinds_get_cbor"), kinds5Form), okCBOR(kinds5CBOR), kinds5JSON, "int64"),
		echoCase("types/kinds_cbor/k5", "kinds_cbor", postCBOR(p("kinds_cbor"), kinds5CBOR), okCBOR(kinds5CBOR), kinds5JSON, "int64"),
		echoCase("types/kinds_json/k5", "kinds_json", postJSON(p("kinds_json"), kinds5JSON), okJSON(kinds5JSON), kinds5JSON, "int64"),
	}
	// The other variants of the oneof, one encoding each.
	k3 := `{"at":"2024-01-02T03:04:05Z","maybe_at":null,"name":null,"count":null,"flag":null,"ratio":null,"small":null,"raw":null,"displayName":"","level":"low","levels":[],"maybe_level":null,"inner":{"values":[],"next":null},"by_zip":{},"totals":{},"levels_by_rank":{},"inners":{},"pick":{"number":42}}`
	k4 := `{"at":"2024-01-02T03:04:05Z","maybe_at":null,"name":null,"count":null,"flag":null,"ratio":null,"small":null,"raw":null,"displayName":"","level":"low","levels":[],"maybe_level":null,"inner":{"values":[],"next":null},"by_zip":{},"totals":{},"levels_by_rank":{},"inners":{},"pick":{"tree":{"values":[1],"next":{"values":[2],"next":null}}}}`
	cs = append(cs,
		echoCase("types/kinds_json/pick_number", "kinds_json", postJSON(p("kinds_json"), k3), okJSON(k3), k3),
		echoCase("types/kinds_json/pick_tree", "kinds_json", postJSON(p("kinds_json"), k4), okJSON(k4), k4),
	)

	// Dynamic values, JSON only.
	d1 := `{"meta":{"a":1,"b":[true,null,"x"],"c":{"d":1.5}},"value":"str","list":[1,"two",null,{"k":[]}],"note":"n"}`
	d2 := `{"meta":{},"value":null,"list":[],"note":null}`
	d3 := `{"meta":{"u":18446744073709551615,"i":-9223372036854775808},"value":12345678901234567890,"list":[-1.5e300,0.1],"note":null}`
	d4 := `{"meta":{"é":"\n\"\\\u0001","":{}},"value":[[[]]],"list":[{}],"note":""}`
	cs = append(cs,
		echoCase("types/dynamic_json/nested", "dynamic_json", postJSON(p("dynamic_json"), d1), okJSON(d1), d1),
		echoCase("types/dynamic_json/empty_and_null", "dynamic_json", postJSON(p("dynamic_json"), d2), okJSON(d2), d2),
		echoCase("types/dynamic_json/big_integers", "dynamic_json", postJSON(p("dynamic_json"), d3), okJSON(d3), d3, "int64"),
		echoCase("types/dynamic_json/escapes", "dynamic_json", postJSON(p("dynamic_json"), d4), okJSON(d4), d4),
	)
	cs[len(cs)-2].Note = "serde_json's Value keeps u64 and i64 numbers exact"

	// Transparent list results.
	count := func(name, function string, req *conformance.Request, res *conformance.Response, n int, result string) *conformance.Case {
		return &conformance.Case{Name: name, Source: "hand-written", Call: &conformance.Call{Function: function, Args: raw(`{"n":` + strconv.Itoa(n) + `}`)},
			Request: req, Response: res, Result: raw(result)}
	}
	cs = append(cs,
		count("types/count_to/0", "count_to", getJSON(p("count_to"), "n=0"), okJSON("[]"), 0, "[]"),
		count("types/count_to/3", "count_to", getJSON(p("count_to"), "n=3"), okJSON("[1,2,3]"), 3, "[1,2,3]"),
		count("types/count_to/24", "count_to", getJSON(p("count_to"), "n=24"), okJSON("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24]"), 24,
			"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24]"),
		count("types/count_to_cbor/0", "count_to_cbor", postCBOR(p("count_to_cbor"), "a1616e00"), okCBOR("80"), 0, "[]"),
		count("types/count_to_cbor/3", "count_to_cbor", postCBOR(p("count_to_cbor"), "a1616e03"), okCBOR("83010203"), 3, "[1,2,3]"),
		count("types/count_to_cbor/24", "count_to_cbor", postCBOR(p("count_to_cbor"), "a1616e1818"),
			okCBOR("9818 0102030405060708090a0b0c0d0e0f1011121314151617 1818"), 24,
			"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24]"),
	)

	// A bare timestamp result: chrono writes UTC with Z, and fractions in 3, 6 or 9 digits.
	stamp := func(name, at, want string) *conformance.Case {
		args := `{"at":"` + at + `","maybe_at":null,"name":null,"count":null,"flag":null,"ratio":null,"small":null,"raw":null,"displayName":"","level":"low","levels":[],"maybe_level":null,"inner":{"values":[],"next":null},"by_zip":{},"totals":{},"levels_by_rank":{},"inners":{},"pick":null}`
		return &conformance.Case{Name: name, Source: "hand-written", Call: &conformance.Call{Function: "stamp", Args: raw(args)},
			Request: postJSON(p("stamp"), args), Response: okJSON(`"` + want + `"`), Result: raw(`"` + want + `"`)}
	}
	cs = append(cs,
		stamp("types/stamp/whole_seconds", "2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z"),
		stamp("types/stamp/millis", "2024-01-02T03:04:05.120Z", "2024-01-02T03:04:05.120Z"),
		stamp("types/stamp/micros", "2024-01-02T03:04:05.123456Z", "2024-01-02T03:04:05.123456Z"),
		stamp("types/stamp/nanos", "1999-12-31T23:59:59.000000001Z", "1999-12-31T23:59:59.000000001Z"),
		stamp("types/stamp/epoch", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
	)
	// An offset is converted to UTC: a server case only, as the client's arguments would
	// not come back as sent.
	offset := stamp("types/stamp/offset_to_utc", "2024-01-02T05:04:05.5+02:00", "2024-01-02T03:04:05.500Z")
	offset.Call, offset.Result = nil, nil
	offset.Note = "chrono reads any RFC 3339 offset into DateTime<Utc>; the answer is in UTC"
	cs = append(cs, offset)

	// A transparent string result.
	shout := func(name, body, title string) *conformance.Case {
		s := jsonString(title)
		return &conformance.Case{Name: name, Source: "hand-written", Call: &conformance.Call{Function: "shout", Args: raw(`{"title":` + s + `}`)},
			Request: postForm(p("shout"), body), Response: okJSON(s), Result: raw(s)}
	}
	cs = append(cs,
		shout("types/shout/plain", "title=Hello+World", "Hello World"),
		shout("types/shout/json_specials", "title=%22quoted%22+%5C+%3Cb%3E+%26amp%3B", `"quoted" \ <b> &amp;`),
		shout("types/shout/empty", "title=", ""),
	)
	return cs
}

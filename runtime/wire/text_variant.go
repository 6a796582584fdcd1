package wire

import (
	"reflect"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// A text variant is a value of an enum whose variants all hold one string, externally
// tagged as serde writes it: {"Args":"missing field `title`"} in JSON, a one-entry map of
// text to text in CBOR. Its Type is of KindTextVariant and names the variants with an Enum;
// its Go type is a struct whose pointer implements TextVariant. It is how the framework
// failures of Leptos's ServerFnErrorErr travel inside a typed error (runtime/rpc's Error
// implements TextVariant), but wire knows nothing of errors: it carries a name and a text.

// TextVariant is implemented by the pointer to the Go type of a text variant value; the
// Go type is that struct or a pointer to it (runtime/rpc's *Error).
type TextVariant interface {
	// TextVariant returns the value's variant name and its text.
	TextVariant() (name, text string)
	// SetTextVariant sets the value to variant name holding text; name is one of the
	// type's variants.
	SetTextVariant(name, text string)
}

// TextVariantOf returns the type of a text variant value whose variants are e's values.
func TextVariantOf(e *Enum) *Type { return &Type{Kind: KindTextVariant, Enum: e} }

// textVariantValue is a text variant's Go type in dynamic mode.
type textVariantValue struct{ Name, Text string }

func (v *textVariantValue) TextVariant() (string, string)    { return v.Name, v.Text }
func (v *textVariantValue) SetTextVariant(name, text string) { v.Name, v.Text = name, text }

var textVariantType = reflect.TypeFor[TextVariant]()

// textVariantAt returns the TextVariant of the value of c's Go type at ptr. For a pointer
// type it is the value pointed at: nil when there is none, unless alloc asks for a new one
// to be stored (for decoding).
func textVariantAt(c *codec, ptr unsafe.Pointer, alloc bool) TextVariant {
	if c.rtype.Kind() != reflect.Pointer {
		return reflect.NewAt(c.rtype, ptr).Interface().(TextVariant)
	}
	pv := reflect.NewAt(c.rtype, ptr).Elem()
	if pv.IsNil() {
		if !alloc {
			return nil
		}
		pv.Set(reflect.New(c.rtype.Elem()))
	}
	return pv.Interface().(TextVariant)
}

// textVariantOf returns the name and text of the value at ptr; a nil pointer has none.
func textVariantOf(c *codec, ptr unsafe.Pointer) (name, text string, err error) {
	tv := textVariantAt(c, ptr, false)
	if tv == nil {
		return "", "", encodeErr("nil " + c.rtype.String())
	}
	name, text = tv.TextVariant()
	return name, text, checkTextVariant(c, name, text)
}

// checkTextVariant checks a text variant's name and text before they are written: the
// name must be one of the type's variants and the text valid UTF-8.
func checkTextVariant(c *codec, name, text string) error {
	if c.enum.lookup(name) < 0 {
		return badEnum(c.enum, name)
	}
	if !utf8.ValidString(text) {
		return encodeErr("string is not valid UTF-8")
	}
	return nil
}

func (e *jsonEncoder) textVariant(c *codec, ptr unsafe.Pointer) error {
	name, text, err := textVariantOf(c, ptr)
	if err != nil {
		return err
	}
	e.buf = appendJSONTextVariant(e.buf, name, text)
	return nil
}

func (e *cborEncoder) textVariant(c *codec, ptr unsafe.Pointer) error {
	name, text, err := textVariantOf(c, ptr)
	if err != nil {
		return err
	}
	e.buf = appendCBORTextVariant(e.buf, name, text)
	return nil
}

func appendJSONTextVariant(dst []byte, name, text string) []byte {
	dst = append(dst, '{')
	dst = appendJSONString(dst, name)
	dst = append(dst, ':')
	dst = appendJSONString(dst, text)
	return append(dst, '}')
}

func appendCBORTextVariant(dst []byte, name, text string) []byte {
	dst = append(dst, majorMap|1)
	dst = appendCBORText(dst, name)
	return appendCBORText(dst, text)
}

func (d *jsonDecoder) textVariant(c *codec, ptr unsafe.Pointer) error {
	name, text, err := d.readTextVariant(c.enum.desc)
	if err == nil {
		textVariantAt(c, ptr, true).SetTextVariant(name, text)
	}
	return err
}

// readTextVariant reads a text variant of the enum e; the name returned is e's own string.
func (d *jsonDecoder) readTextVariant(e *Enum) (name, text string, err error) {
	switch d.peek() {
	case '"':
		return "", "", decodeErr("invalid type: unit variant, expected newtype variant")
	case '{':
	default:
		return "", "", d.invalidType("enum")
	}
	if err := d.enter(); err != nil {
		return "", "", err
	}
	more, err := d.nextKey(0)
	if err != nil {
		return "", "", err
	}
	if !more {
		return "", "", decodeErr("invalid type: empty map, expected a variant and its value")
	}
	if name, err = d.str(); err != nil {
		return "", "", err
	}
	i := enumIndex(e, name)
	if i < 0 {
		return "", "", unknownVariant(name, e.Values)
	}
	if err := d.colon(); err != nil {
		return "", "", err
	}
	if d.peek() != '"' {
		return "", "", inField(d.invalidType("a string"), name)
	}
	if text, err = d.str(); err != nil {
		return "", "", inField(err, name)
	}
	if d.peek() != '}' {
		return "", "", d.syntax("expected `}` after the variant's value: a oneof holds one variant")
	}
	d.pos++
	d.depth--
	return e.Values[i], text, nil
}

func (d *cborDecoder) textVariant(c *codec, ptr unsafe.Pointer) error {
	name, text, err := d.readTextVariant(c.enum.desc)
	if err == nil {
		textVariantAt(c, ptr, true).SetTextVariant(name, text)
	}
	return err
}

// readTextVariant reads a text variant of the enum e; the name returned is e's own string.
func (d *cborDecoder) readTextVariant(e *Enum) (name, text string, err error) {
	h, err := d.next()
	switch {
	case err != nil:
		return "", "", err
	case h.major == majorText:
		return "", "", decodeErr("invalid type: unit variant, expected newtype variant")
	case h.major != majorMap:
		return "", "", invalidCBOR(h, "enum")
	case h.arg != 1:
		return "", "", decodeErr("invalid length " + strconv.FormatUint(h.arg, 10) + ", expected a map of one variant and its value")
	}
	if err := d.enter(); err != nil {
		return "", "", err
	}
	kh, err := d.next()
	if err != nil {
		return "", "", err
	}
	if kh.major != majorText {
		return "", "", invalidCBOR(kh, "variant identifier")
	}
	if name, err = d.text(kh); err != nil {
		return "", "", err
	}
	i := enumIndex(e, name)
	if i < 0 {
		return "", "", unknownVariant(name, e.Values)
	}
	vh, err := d.next()
	if err != nil {
		return "", "", inField(err, name)
	}
	if vh.major != majorText {
		return "", "", inField(invalidCBOR(vh, "a string"), name)
	}
	if text, err = d.text(vh); err != nil {
		return "", "", inField(err, name)
	}
	d.depth--
	return e.Values[i], text, nil
}

// TextVariant writes a text variant value of the enum e: variant name holding text.
func (w *JSONWriter) TextVariant(name, text string, e *Enum) {
	if enumIndex(e, name) < 0 {
		w.trail.fail(badEnumValue(e, name))
	}
	if !utf8.ValidString(text) {
		w.trail.failEncode("string is not valid UTF-8")
	}
	w.buf = appendJSONTextVariant(w.buf, name, text)
}

// TextVariant writes a text variant value of the enum e: variant name holding text.
func (w *CBORWriter) TextVariant(name, text string, e *Enum) {
	if enumIndex(e, name) < 0 {
		w.trail.fail(badEnumValue(e, name))
	}
	if !utf8.ValidString(text) {
		w.trail.failEncode("string is not valid UTF-8")
	}
	w.buf = appendCBORTextVariant(w.buf, name, text)
}

// TextVariant reads a text variant value of the enum e, as the plan decoder does, and
// returns its variant name and text.
func (r *JSONReader) TextVariant(e *Enum) (name, text string) {
	if !r.ok() {
		return "", ""
	}
	vi := r.variantStart(nil, e)
	if vi < 0 {
		return "", ""
	}
	text = r.String()
	r.EndVariant()
	return e.Values[vi], text
}

// TextVariant reads a text variant value of the enum e, as the plan decoder does, and
// returns its variant name and text.
func (r *CBORReader) TextVariant(e *Enum) (name, text string) {
	if !r.ok() {
		return "", ""
	}
	vi := r.variantStart(nil, e)
	if vi < 0 {
		return "", ""
	}
	text = r.String()
	r.EndVariant()
	return e.Values[vi], text
}

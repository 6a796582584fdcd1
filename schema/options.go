package schema

import (
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	sfnv1 "github.com/sfn-dev/sfn/schema/sfn/v1"
)

// The linked descriptors hold sfn's options as dynamic extension values, typed by the copy of
// sfn.proto that was compiled with the user's files. Re-reading the options bytes against the
// generated sfnv1 types turns them into ordinary Go structs: no field is looked up by name.

// FileOptions returns the (sfn.v1.file) option of f, or nil when it is not set.
func FileOptions(f protoreflect.FileDescriptor) *sfnv1.File {
	return extension[*sfnv1.File](f.Options(), &descriptorpb.FileOptions{}, sfnv1.E_File)
}

// ServiceOptions returns the (sfn.v1.service) option of s, or nil when it is not set.
func ServiceOptions(s protoreflect.ServiceDescriptor) *sfnv1.Service {
	return extension[*sfnv1.Service](s.Options(), &descriptorpb.ServiceOptions{}, sfnv1.E_Service)
}

// FnOptions returns the (sfn.v1.fn) option of m, or nil when it is not set.
func FnOptions(m protoreflect.MethodDescriptor) *sfnv1.Fn {
	return extension[*sfnv1.Fn](m.Options(), &descriptorpb.MethodOptions{}, sfnv1.E_Fn)
}

// Transparent reports whether (sfn.v1.transparent) is set to true on m.
func Transparent(m protoreflect.MessageDescriptor) bool {
	v := extension[*bool](m.Options(), &descriptorpb.MessageOptions{}, sfnv1.E_Transparent)
	return v != nil && *v
}

// ErrorOptions returns the (sfn.v1.error) option of m, or nil when m is not an error type.
// `option (sfn.v1.error) = {};` sets it, to an empty value.
func ErrorOptions(m protoreflect.MessageDescriptor) *sfnv1.Error {
	return extension[*sfnv1.Error](m.Options(), &descriptorpb.MessageOptions{}, sfnv1.E_Error)
}

// Status returns the (sfn.v1.status) of a field and whether it is set.
func Status(f protoreflect.FieldDescriptor) (uint32, bool) {
	v := extension[*uint32](f.Options(), &descriptorpb.FieldOptions{}, sfnv1.E_Status)
	if v == nil {
		return 0, false
	}
	return *v, true
}

// Rename returns the (sfn.v1.rename) of an enum value and whether it is set.
func Rename(v protoreflect.EnumValueDescriptor) (string, bool) {
	s := extension[*string](v.Options(), &descriptorpb.EnumValueOptions{}, sfnv1.E_Rename)
	if s == nil {
		return "", false
	}
	return *s, true
}

// extension reads the extension xt from opts by marshalling opts and unmarshalling the bytes
// into a fresh options message of the same type (dst), against the registry where the sfnv1
// types live. It returns the zero T when the option is absent.
func extension[T any](opts proto.Message, dst proto.Message, xt protoreflect.ExtensionType) T {
	var zero T
	if opts == nil || !opts.ProtoReflect().IsValid() {
		return zero
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(opts)
	if err != nil {
		return zero
	}
	if err := (proto.UnmarshalOptions{Resolver: protoregistry.GlobalTypes}).Unmarshal(b, dst); err != nil {
		return zero
	}
	if !proto.HasExtension(dst, xt) {
		return zero
	}
	v := proto.GetExtension(dst, xt)
	switch x := v.(type) {
	case bool:
		return any(&x).(T)
	case string:
		return any(&x).(T)
	case uint32:
		return any(&x).(T)
	}
	t, _ := v.(T)
	return t
}

// The marker messages of sfn's options file (SPEC 11). They carry no fields: in an rpc's
// signature they stand for a body that is not a message, and the compiler allows them
// nowhere else. The names come from the generated types, so they follow sfn.proto.
var (
	// BytesMarker is sfn.v1.Bytes: with `stream`, a raw byte stream (Leptos's Streaming).
	BytesMarker = (*sfnv1.Bytes)(nil).ProtoReflect().Descriptor().FullName()
	// TextMarker is sfn.v1.Text: with `stream`, a raw UTF-8 text stream (StreamingText).
	TextMarker = (*sfnv1.Text)(nil).ProtoReflect().Descriptor().FullName()
	// MultipartMarker is sfn.v1.Multipart: as an input, a multipart/form-data upload
	// (MultipartFormData).
	MultipartMarker = (*sfnv1.Multipart)(nil).ProtoReflect().Descriptor().FullName()
)

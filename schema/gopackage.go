package schema

import (
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// GoPackage returns the go_package option of f, or "" when it is not set.
func GoPackage(f protoreflect.FileDescriptor) string {
	if o, ok := f.Options().(*descriptorpb.FileOptions); ok && o != nil {
		return o.GetGoPackage()
	}
	return ""
}

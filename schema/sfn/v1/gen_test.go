package sfnv1_test

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"google.golang.org/protobuf/cmd/protoc-gen-go/internal_gengo"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

// TestGenerated regenerates sfn.pb.go from sfn.proto, as protoc-gen-go would, and fails when the
// checked-in file differs. SFN_UPDATE=1 rewrites it.
func TestGenerated(t *testing.T) {
	c := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: func(path string) (io.ReadCloser, error) {
				if path != "sfn/v1/sfn.proto" {
					return nil, os.ErrNotExist
				}
				return os.Open("sfn.proto")
			},
		}),
		SourceInfoMode: protocompile.SourceInfoStandard,
	}
	files, err := c.Compile(context.Background(), "sfn/v1/sfn.proto")
	if err != nil {
		t.Fatal(err)
	}
	fd := files[0]
	req := &pluginpb.CodeGeneratorRequest{
		FileToGenerate: []string{fd.Path()},
		ProtoFile: []*descriptorpb.FileDescriptorProto{
			protodesc.ToFileDescriptorProto(descriptorpb.File_google_protobuf_descriptor_proto),
			protodesc.ToFileDescriptorProto(fd),
		},
	}
	plugin, err := protogen.Options{}.New(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range plugin.Files {
		if f.Generate {
			internal_gengo.GenerateFile(plugin, f)
		}
	}
	resp := plugin.Response()
	if resp.Error != nil {
		t.Fatal(resp.GetError())
	}
	if len(resp.File) != 1 {
		t.Fatalf("generated %d files, want 1", len(resp.File))
	}
	got := resp.File[0].GetContent()
	if os.Getenv("SFN_UPDATE") != "" {
		if err := os.WriteFile("sfn.pb.go", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile("sfn.pb.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("sfn.pb.go is stale: run SFN_UPDATE=1 go test ./schema/sfn/v1\n%s", firstDiff(string(want), got))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n-" + al[i] + "\n+" + bl[i]
		}
	}
	return "lengths differ"
}

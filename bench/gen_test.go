package bench

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bufbuild/protocompile"
	"github.com/sfn-dev/sfn/internal/cli"
	"google.golang.org/protobuf/cmd/protoc-gen-go/internal_gengo"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

// The handler benchmark's generated code is checked in under gen/. These tests regenerate
// it and fail when it is stale; SFN_UPDATE=1 rewrites it.

// TestGeneratedSFN runs sfn's generator on schema/todos.sfn, as
// `sfn generate --go-out . schema/todos.sfn` run here would.
func TestGeneratedSFN(t *testing.T) {
	args := []string{"generate", "--go-out", ".", "schema/todos.sfn"}
	if os.Getenv("SFN_UPDATE") == "" {
		args = append(args[:1:1], append([]string{"--check"}, args[1:]...)...)
	}
	var stdout, stderr bytes.Buffer
	if code := cli.Run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Errorf("sfn %s: exit %d (run SFN_UPDATE=1 go test -run TestGenerated to regenerate)\n%s%s",
			strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
}

// TestGeneratedProto compiles schema/todo/v1/todo.proto with protocompile and runs
// protoc-gen-go's generator on it, as protoc --go_out would, for the connect-go peer.
func TestGeneratedProto(t *testing.T) {
	const path = "todo/v1/todo.proto"
	c := protocompile.Compiler{
		Resolver: protocompile.WithStandardImports(&protocompile.SourceResolver{
			Accessor: func(name string) (io.ReadCloser, error) {
				if name != path {
					return nil, os.ErrNotExist
				}
				return os.Open(filepath.Join("schema", name))
			},
		}),
		SourceInfoMode: protocompile.SourceInfoStandard,
	}
	files, err := c.Compile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	req := &pluginpb.CodeGeneratorRequest{
		FileToGenerate: []string{path},
		ProtoFile:      []*descriptorpb.FileDescriptorProto{protodesc.ToFileDescriptorProto(files[0])},
		// The module= option of protoc-gen-go: output paths relative to this module.
		Parameter: new("module=github.com/sfn-dev/sfn/bench"),
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
	for _, f := range resp.File {
		name, got := f.GetName(), f.GetContent()
		if os.Getenv("SFN_UPDATE") != "" {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(name)
		if err != nil || string(want) != got {
			t.Errorf("%s is stale or missing: run SFN_UPDATE=1 go test -run TestGenerated", name)
		}
	}
}

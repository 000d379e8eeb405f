package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixture in testdata is complete: a provider, a resource with a nested
// attribute, a block and an identity, a data source, a list resource, an
// action with a nested attribute, a function with a variadic parameter, and
// every example file.
func TestCompleteFixtureHasNoProblems(t *testing.T) {
	problems, err := check(readFixture(t), filepath.Join("testdata", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("want no problems, got:\n%s", strings.Join(problems, "\n"))
	}
}

func TestMissingDescriptions(t *testing.T) {
	const p = "registry.terraform.io/example/x"
	for name, tc := range map[string]struct {
		path []string // into the schema JSON; the last element is removed
		want string
	}{
		"provider attribute": {
			path: []string{"provider_schemas", p, "provider", "block", "attributes", "token", "description"},
			want: `provider: attribute "token" has no description`,
		},
		"resource attribute": {
			path: []string{"provider_schemas", p, "resource_schemas", "x_thing", "block", "attributes", "id", "description"},
			want: `resource x_thing: attribute "id" has no description`,
		},
		"nested attribute": {
			path: []string{"provider_schemas", p, "resource_schemas", "x_thing", "block", "attributes", "items", "nested_type", "attributes", "name", "description"},
			want: `resource x_thing: attribute "items.name" has no description`,
		},
		"block attribute": {
			path: []string{"provider_schemas", p, "resource_schemas", "x_thing", "block", "block_types", "rule", "block", "attributes", "value", "description"},
			want: `resource x_thing: attribute "rule.value" has no description`,
		},
		"resource": {
			path: []string{"provider_schemas", p, "resource_schemas", "x_thing", "block", "description"},
			want: `resource x_thing: no description`,
		},
		"data source attribute": {
			path: []string{"provider_schemas", p, "data_source_schemas", "x_lookup", "block", "attributes", "name", "description"},
			want: `data source x_lookup: attribute "name" has no description`,
		},
		"list resource attribute": {
			path: []string{"provider_schemas", p, "list_resource_schemas", "x_thing", "block", "attributes", "name_contains", "description"},
			want: `list resource x_thing: attribute "name_contains" has no description`,
		},
		"list resource": {
			path: []string{"provider_schemas", p, "list_resource_schemas", "x_thing", "block", "description"},
			want: `list resource x_thing: no description`,
		},
		"identity attribute": {
			path: []string{"provider_schemas", p, "resource_identity_schemas", "x_thing", "attributes", "id", "description"},
			want: `resource x_thing: identity attribute "id" has no description`,
		},
		"action nested attribute": {
			path: []string{"provider_schemas", p, "action_schemas", "x_notify", "block", "attributes", "targets", "nested_type", "attributes", "address", "description"},
			want: `action x_notify: attribute "targets.address" has no description`,
		},
		"function": {
			path: []string{"provider_schemas", p, "functions", "shout", "description"},
			want: `function shout: no description`,
		},
		"variadic parameter": {
			path: []string{"provider_schemas", p, "functions", "shout", "variadic_parameter", "description"},
			want: `function shout: parameter "more" has no description`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(readFixture(t), &doc); err != nil {
				t.Fatal(err)
			}
			deletePath(t, doc, tc.path)
			schema, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			problems, err := check(schema, filepath.Join("testdata", "examples"))
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 || problems[0] != tc.want {
				t.Fatalf("want exactly %q, got %q", tc.want, problems)
			}
		})
	}
}

func TestFunctionParameterWithoutDescription(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(readFixture(t), &doc); err != nil {
		t.Fatal(err)
	}
	fn := dig(t, doc, []string{"provider_schemas", "registry.terraform.io/example/x", "functions", "shout"})
	params, ok := fn["parameters"].([]any)
	if !ok || len(params) != 1 {
		t.Fatalf("fixture: want one parameter, got %v", fn["parameters"])
	}
	param, ok := params[0].(map[string]any)
	if !ok {
		t.Fatalf("fixture: parameter is %T", params[0])
	}
	param["description"] = "  "
	schema, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	problems, err := check(schema, filepath.Join("testdata", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	want := `function shout: parameter "text" has no description`
	if len(problems) != 1 || problems[0] != want {
		t.Fatalf("want exactly %q, got %q", want, problems)
	}
}

func TestMissingExamples(t *testing.T) {
	for file, want := range map[string]string{
		"provider/provider.tf":                             "provider: example %s/provider/provider.tf is missing",
		"resources/x_thing/resource.tf":                    "resource x_thing: example %s/resources/x_thing/resource.tf is missing",
		"resources/x_thing/import.sh":                      "resource x_thing: example %s/resources/x_thing/import.sh is missing",
		"resources/x_thing/import-by-string-id.tf":         "resource x_thing: example %s/resources/x_thing/import-by-string-id.tf is missing",
		"resources/x_thing/import-by-identity.tf":          "resource x_thing: example %s/resources/x_thing/import-by-identity.tf is missing",
		"data-sources/x_lookup/data-source.tf":             "data source x_lookup: example %s/data-sources/x_lookup/data-source.tf is missing",
		"list-resources/x_thing/list-resource.tfquery.hcl": "list resource x_thing: example %s/list-resources/x_thing/list-resource.tfquery.hcl is missing",
		"actions/x_notify/action.tf":                       "action x_notify: example %s/actions/x_notify/action.tf is missing",
		"functions/shout/function.tf":                      "function shout: example %s/functions/shout/function.tf is missing",
	} {
		t.Run(file, func(t *testing.T) {
			examples := copyExamples(t)
			if err := os.Remove(filepath.Join(examples, file)); err != nil {
				t.Fatal(err)
			}
			problems, err := check(readFixture(t), examples)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Replace(want, "%s", filepath.ToSlash(examples), 1)
			if len(problems) != 1 || problems[0] != want {
				t.Fatalf("want exactly %q, got %q", want, problems)
			}
		})
	}
}

func TestEmptyExample(t *testing.T) {
	examples := copyExamples(t)
	if err := os.WriteFile(filepath.Join(examples, "functions", "shout", "function.tf"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	problems, err := check(readFixture(t), examples)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.HasSuffix(problems[0], "function.tf is empty") {
		t.Fatalf("want one 'is empty' problem, got %q", problems)
	}
}

func TestStaleExample(t *testing.T) {
	examples := copyExamples(t)
	if err := os.MkdirAll(filepath.Join(examples, "resources", "x_old"), 0o755); err != nil {
		t.Fatal(err)
	}
	problems, err := check(readFixture(t), examples)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "the provider has no such resource") {
		t.Fatalf("want one stale-example problem, got %q", problems)
	}
}

func TestStaleListResourceExample(t *testing.T) {
	examples := copyExamples(t)
	if err := os.MkdirAll(filepath.Join(examples, "list-resources", "x_old"), 0o755); err != nil {
		t.Fatal(err)
	}
	problems, err := check(readFixture(t), examples)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "the provider has no such list resource") {
		t.Fatalf("want one stale-example problem, got %q", problems)
	}
}

func TestUnreadableSchema(t *testing.T) {
	for name, schema := range map[string]string{
		"not JSON":     "{",
		"no providers": `{"format_version":"1.0"}`,
	} {
		if _, err := check([]byte(schema), "testdata/examples"); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func readFixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// copyExamples copies testdata/examples to a temporary directory.
func copyExamples(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", "examples")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func dig(t *testing.T, doc map[string]any, path []string) map[string]any {
	t.Helper()
	m := doc
	for _, k := range path {
		next, ok := m[k].(map[string]any)
		if !ok {
			t.Fatalf("fixture has no object at %q", k)
		}
		m = next
	}
	return m
}

func deletePath(t *testing.T, doc map[string]any, path []string) {
	t.Helper()
	parent := dig(t, doc, path[:len(path)-1])
	last := path[len(path)-1]
	if _, ok := parent[last]; !ok {
		t.Fatalf("fixture has nothing at %v", path)
	}
	delete(parent, last)
}

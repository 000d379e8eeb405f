package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestConvert covers the parts of the format the provider does not use yet
// (blocks, every nesting mode, deprecation, write-only, variadic and
// nullable parameters), against JSON written the way Terraform writes it.
func TestConvert(t *testing.T) {
	resp := &tfprotov6.GetProviderSchemaResponse{
		Provider: &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{
			Description: "P.", DescriptionKind: tfprotov6.StringKindMarkdown,
			Attributes: []*tfprotov6.SchemaAttribute{
				{Name: "token", Type: tftypes.String, Optional: true, Sensitive: true, Description: "T."},
			},
		}},
		ResourceSchemas: map[string]*tfprotov6.Schema{
			"x_thing": {Version: 2, Block: &tfprotov6.SchemaBlock{
				Attributes: []*tfprotov6.SchemaAttribute{
					{Name: "id", Type: tftypes.String, Computed: true, Description: "Id.", DescriptionKind: tfprotov6.StringKindMarkdown},
					{Name: "tags", Type: tftypes.Map{ElementType: tftypes.String}, Optional: true, Deprecated: true},
					{Name: "secret", Type: tftypes.String, Optional: true, WriteOnly: true},
					{Name: "obj", Type: tftypes.Object{
						AttributeTypes:     map[string]tftypes.Type{"a": tftypes.Number, "b": tftypes.List{ElementType: tftypes.Bool}},
						OptionalAttributes: map[string]struct{}{"b": {}},
					}, Required: true},
					{Name: "single", Optional: true, NestedType: &tfprotov6.SchemaObject{
						Nesting:    tfprotov6.SchemaObjectNestingModeSingle,
						Attributes: []*tfprotov6.SchemaAttribute{{Name: "n", Type: tftypes.Number, Required: true}},
					}},
					{Name: "by_name", Computed: true, NestedType: &tfprotov6.SchemaObject{
						Nesting:    tfprotov6.SchemaObjectNestingModeMap,
						Attributes: []*tfprotov6.SchemaAttribute{{Name: "s", Type: tftypes.Set{ElementType: tftypes.String}, Computed: true}},
					}},
				},
				BlockTypes: []*tfprotov6.SchemaNestedBlock{
					{TypeName: "rule", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MinItems: 1, MaxItems: 3,
						Block: &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{{Name: "v", Type: tftypes.DynamicPseudoType, Optional: true}}}},
					{TypeName: "timeouts", Nesting: tfprotov6.SchemaNestedBlockNestingModeSingle, MinItems: 1, MaxItems: 1,
						Block: &tfprotov6.SchemaBlock{Deprecated: true}},
				},
			}},
		},
		ListResourceSchemas: map[string]*tfprotov6.Schema{
			"x_thing": {Block: &tfprotov6.SchemaBlock{
				Description: "Finds things.", DescriptionKind: tfprotov6.StringKindMarkdown,
				Attributes: []*tfprotov6.SchemaAttribute{{Name: "name_contains", Type: tftypes.String, Optional: true, Description: "N."}},
			}},
		},
		ActionSchemas: map[string]*tfprotov6.ActionSchema{
			"x_do": {Schema: &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{
				Attributes: []*tfprotov6.SchemaAttribute{{Name: "to", Type: tftypes.String, Required: true, Description: "To."}},
			}}},
		},
		Functions: map[string]*tfprotov6.Function{
			"join": {
				Summary: "S", Description: "D.", DescriptionKind: tfprotov6.StringKindMarkdown,
				Parameters:        []*tfprotov6.FunctionParameter{{Name: "sep", Type: tftypes.String, AllowNullValue: true, Description: "Sep."}},
				VariadicParameter: &tfprotov6.FunctionParameter{Name: "parts", Type: tftypes.String},
				Return:            &tfprotov6.FunctionReturn{Type: tftypes.String},
			},
		},
	}
	want := `{
	  "format_version": "1.0",
	  "provider_schemas": {"example.com/x/x": {
	    "provider": {"version": 0, "block": {
	      "attributes": {"token": {"type": "string", "description": "T.", "description_kind": "plain", "optional": true, "sensitive": true}},
	      "description": "P.", "description_kind": "markdown"}},
	    "resource_schemas": {"x_thing": {"version": 2, "block": {
	      "attributes": {
	        "id": {"type": "string", "description": "Id.", "description_kind": "markdown", "computed": true},
	        "tags": {"type": ["map", "string"], "description_kind": "plain", "deprecated": true, "optional": true},
	        "secret": {"type": "string", "description_kind": "plain", "optional": true, "write_only": true},
	        "obj": {"type": ["object", {"a": "number", "b": ["list", "bool"]}, ["b"]], "description_kind": "plain", "required": true},
	        "single": {"nested_type": {"attributes": {"n": {"type": "number", "description_kind": "plain", "required": true}}, "nesting_mode": "single"},
	          "description_kind": "plain", "optional": true},
	        "by_name": {"nested_type": {"attributes": {"s": {"type": ["set", "string"], "description_kind": "plain", "computed": true}}, "nesting_mode": "map"},
	          "description_kind": "plain", "computed": true}
	      },
	      "block_types": {
	        "rule": {"nesting_mode": "list", "min_items": 1, "max_items": 3,
	          "block": {"attributes": {"v": {"type": "dynamic", "description_kind": "plain", "optional": true}}, "description_kind": "plain"}},
	        "timeouts": {"nesting_mode": "single", "block": {"description_kind": "plain", "deprecated": true}}
	      },
	      "description_kind": "plain"}}},
	    "functions": {"join": {"description": "D.", "summary": "S", "return_type": "string",
	      "parameters": [{"name": "sep", "description": "Sep.", "is_nullable": true, "type": "string"}],
	      "variadic_parameter": {"name": "parts", "type": "string"}}},
	    "list_resource_schemas": {"x_thing": {"version": 0, "block": {
	      "attributes": {"name_contains": {"type": "string", "description": "N.", "description_kind": "plain", "optional": true}},
	      "description": "Finds things.", "description_kind": "markdown"}}},
	    "resource_identity_schemas": {"x_thing": {"version": 1, "attributes": {
	      "region": {"type": "string", "optional_for_import": true},
	      "id": {"type": "string", "description": "Id.", "required_for_import": true},
	      "path": {"type": ["list", "string"], "required_for_import": true}}}},
	    "action_schemas": {"x_do": {"block": {
	      "attributes": {"to": {"type": "string", "description": "To.", "description_kind": "plain", "required": true}},
	      "description_kind": "plain"}}}
	  }}
	}`

	identities := map[string]*tfprotov6.ResourceIdentitySchema{
		"x_thing": {Version: 1, IdentityAttributes: []*tfprotov6.ResourceIdentitySchemaAttribute{
			{Name: "id", Type: tftypes.String, RequiredForImport: true, Description: "Id."},
			{Name: "region", Type: tftypes.String, OptionalForImport: true},
			{Name: "path", Type: tftypes.List{ElementType: tftypes.String}, RequiredForImport: true},
		}},
	}
	doc, err := convert("example.com/x/x", resp, identities)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := canonical(t, got), canonical(t, []byte(want)); g != w {
		t.Errorf("convert:\n got %s\nwant %s", g, w)
	}
}

func TestConvertRejectsBadSchemas(t *testing.T) {
	for name, resp := range map[string]*tfprotov6.GetProviderSchemaResponse{
		"attribute without type": {ResourceSchemas: map[string]*tfprotov6.Schema{"x": {Block: &tfprotov6.SchemaBlock{
			Attributes: []*tfprotov6.SchemaAttribute{{Name: "a"}}}}}},
		"function without return":      {Functions: map[string]*tfprotov6.Function{"f": {}}},
		"action without schema":        {ActionSchemas: map[string]*tfprotov6.ActionSchema{"a": {}}},
		"list resource without schema": {ListResourceSchemas: map[string]*tfprotov6.Schema{"l": nil}},
	} {
		if _, err := convert("example.com/x/x", resp, nil); err == nil {
			t.Errorf("%s: convert succeeded, want an error", name)
		}
	}
	for name, identities := range map[string]map[string]*tfprotov6.ResourceIdentitySchema{
		"identity without schema":         {"x": nil},
		"identity attribute without type": {"x": {IdentityAttributes: []*tfprotov6.ResourceIdentitySchemaAttribute{{Name: "id"}}}},
	} {
		if _, err := convert("example.com/x/x", &tfprotov6.GetProviderSchemaResponse{}, identities); err == nil {
			t.Errorf("%s: convert succeeded, want an error", name)
		}
	}
}

// TestMatchesTerraformCLI proves the tool writes what
// `terraform providers schema -json` writes for this provider, on any CLI:
// the sections a CLI is too old to export (action_schemas before 1.14) are
// left out of our side only, so on a new CLI everything is compared. Needs
// the terraform CLI (TF_ACC_TERRAFORM_PATH, else the one on PATH); runs with
// the acceptance tests (TF_ACC=1).
func TestMatchesTerraformCLI(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to compare with the terraform CLI")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("TF_ACC is set but no terraform CLI was found: put terraform on PATH or set TF_ACC_TERRAFORM_PATH")
		}
	}
	cliVersion := terraformVersion(t, tf)
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-bestsms"), "github.com/bestsms/terraform-provider-bestsms")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	rc := filepath.Join(dir, "terraformrc")
	writeFile(t, rc, `provider_installation {
  dev_overrides {
    "`+providerAddress+`" = "`+filepath.ToSlash(bin)+`"
  }
  direct {}
}
`)
	cfg := filepath.Join(dir, "cfg")
	writeFile(t, filepath.Join(cfg, "main.tf"), `terraform {
  required_providers {
    bestsms = { source = "bestsms/bestsms" }
  }
}
`)
	cmd := exec.Command(tf, "providers", "schema", "-json")
	cmd.Dir = cfg
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	fromCLI, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform providers schema -json: %v\n%s", err, stderr.String())
	}

	resp, identities, err := getProviderSchema(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := convert(providerAddress, resp, identities)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var oursDoc map[string]any
	if err := json.Unmarshal(ours, &oursDoc); err != nil {
		t.Fatal(err)
	}
	schemas, _ := oursDoc["provider_schemas"].(map[string]any)
	provider, ok := schemas[providerAddress].(map[string]any)
	if !ok {
		t.Fatalf("our document has no provider_schemas[%q]", providerAddress)
	}
	for _, s := range newerSections {
		if cliVersion.less(s.since) {
			t.Logf("Terraform %s predates %s (%s): comparing without it", cliVersion, s.key, s.since)
			delete(provider, s.key)
		} else if provider[s.key] == nil {
			t.Fatalf("the provider has %s but our document has none", s.key)
		}
	}
	if g, w := canonicalValue(t, oursDoc), canonical(t, fromCLI); g != w {
		t.Errorf("schema JSON differs from terraform %s providers schema -json:\n ours %s\n  cli %s", cliVersion, g, w)
	}
}

// newerSections are the provider schema sections that Terraform CLIs export
// only from a version on; an older CLI's output lacks them.
var newerSections = []struct {
	key   string
	since cliVersion
}{
	{"resource_identity_schemas", cliVersion{1, 12, 0}},
	{"action_schemas", cliVersion{1, 14, 0}},
	{"list_resource_schemas", cliVersion{1, 14, 0}},
}

// cliVersion is a Terraform version (major, minor, patch).
type cliVersion [3]int

func (v cliVersion) less(w cliVersion) bool {
	for i := range v {
		if v[i] != w[i] {
			return v[i] < w[i]
		}
	}
	return false
}

func (v cliVersion) String() string { return fmt.Sprintf("%d.%d.%d", v[0], v[1], v[2]) }

// parseCLIVersion reads "1.15.9" (a pre-release suffix such as "-beta1" is
// ignored).
func parseCLIVersion(s string) (cliVersion, error) {
	var v cliVersion
	core, _, _ := strings.Cut(s, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return v, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", s)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, fmt.Errorf("version %q is not MAJOR.MINOR.PATCH", s)
		}
		v[i] = n
	}
	return v, nil
}

// terraformVersion asks the CLI at path for its version.
func terraformVersion(t *testing.T, path string) cliVersion {
	t.Helper()
	cmd := exec.Command(path, "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", path, err)
	}
	var doc struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%s version -json: %v\n%s", path, err, out)
	}
	v, err := parseCLIVersion(doc.Version)
	if err != nil {
		t.Fatalf("%s version -json: %v", path, err)
	}
	return v
}

func TestParseCLIVersion(t *testing.T) {
	for in, want := range map[string]cliVersion{"1.11.4": {1, 11, 4}, "1.15.9": {1, 15, 9}, "1.14.0-beta2": {1, 14, 0}} {
		got, err := parseCLIVersion(in)
		if err != nil || got != want {
			t.Errorf("parseCLIVersion(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1.14", "v1.14.0", "1.x.0"} {
		if _, err := parseCLIVersion(in); err == nil {
			t.Errorf("parseCLIVersion(%q) succeeded, want an error", in)
		}
	}
	if !(cliVersion{1, 11, 4}).less(cliVersion{1, 14, 0}) || (cliVersion{1, 15, 9}).less(cliVersion{1, 14, 0}) ||
		(cliVersion{1, 14, 0}).less(cliVersion{1, 14, 0}) {
		t.Error("cliVersion.less is wrong")
	}
}

// canonical re-encodes JSON with sorted keys and no white space.
func canonical(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b)
	}
	return canonicalValue(t, v)
}

// canonicalValue encodes a decoded JSON value with sorted keys.
func canonicalValue(t *testing.T, v any) string {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
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
// `terraform providers schema -json` (or `tofu providers schema -json`)
// writes for this provider, on any CLI: the sections a CLI cannot export
// (action_schemas before Terraform 1.14 and on OpenTofu, …) are left out of
// our side only, so on a CLI that has them all everything is compared.
// Needs the CLI of the acceptance tests (TF_ACC_TERRAFORM_PATH, else
// terraform on PATH); runs with them (TF_ACC=1).
func TestMatchesTerraformCLI(t *testing.T) {
	tf := acctest.AcceptanceCLI(t)
	cli := acctest.MustDetectCLI(t)
	address := cli.Host() + "/bestsms/bestsms"
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	rc := acctest.DevOverrideProvider(t, bin)
	cfg := filepath.Join(dir, "cfg")
	writeFile(t, filepath.Join(cfg, "main.tf"), `terraform {
  required_providers {
    bestsms = { source = "bestsms/bestsms" }
  }
}
`)
	cmd := exec.Command(tf, "providers", "schema", "-json")
	cmd.Dir = cfg
	cmd.Env = acctest.CLIConfigEnv(rc)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	fromCLI, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s providers schema -json: %v\n%s", cli, err, stderr.String())
	}

	resp, identities, err := getProviderSchema(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := convert(address, resp, identities)
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
	provider, ok := schemas[address].(map[string]any)
	if !ok {
		t.Fatalf("our document has no provider_schemas[%q]", address)
	}
	for _, s := range newerSections {
		if why := s.needs.Lacks(cli); why != "" {
			t.Logf("comparing without %s: %s", s.key, strings.TrimSuffix(why, ": skipping test"))
			delete(provider, s.key)
		} else if provider[s.key] == nil {
			t.Fatalf("the provider has %s but our document has none", s.key)
		}
	}
	if g, w := canonicalValue(t, oursDoc), canonical(t, fromCLI); g != w {
		t.Errorf("schema JSON differs from %s providers schema -json:\n ours %s\n  cli %s", cli, g, w)
	}
}

// newerSections are the provider schema sections that CLIs export only
// from a version on (and OpenTofu, for some, never); a CLI without the
// feature leaves them out.
var newerSections = []struct {
	key   string
	needs acctest.Feature
}{
	{"ephemeral_resource_schemas", acctest.Ephemeral},
	{"resource_identity_schemas", acctest.Identity},
	{"action_schemas", acctest.Actions},
	{"list_resource_schemas", acctest.ListResources},
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

package main

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The types below mirror the JSON that `terraform providers schema -json`
// prints (Terraform's internal/command/jsonprovider and jsonfunction
// packages): same field names, same omitempty rules, so the output can be
// diffed against the CLI's and read by tfplugindocs (terraform-json).

// formatVersion is the format_version Terraform writes.
const formatVersion = "1.0"

type providerSchemas struct {
	FormatVersion string                     `json:"format_version"`
	Schemas       map[string]*providerSchema `json:"provider_schemas,omitempty"`
}

type providerSchema struct {
	Provider                 *schema                       `json:"provider,omitempty"`
	ResourceSchemas          map[string]*schema            `json:"resource_schemas,omitempty"`
	DataSourceSchemas        map[string]*schema            `json:"data_source_schemas,omitempty"`
	EphemeralResourceSchemas map[string]*schema            `json:"ephemeral_resource_schemas,omitempty"`
	Functions                map[string]*functionSignature `json:"functions,omitempty"`
	ResourceIdentitySchemas  map[string]*identitySchema    `json:"resource_identity_schemas,omitempty"`
	ListResourceSchemas      map[string]*schema            `json:"list_resource_schemas,omitempty"`
	ActionSchemas            map[string]*actionSchema      `json:"action_schemas,omitempty"`
}

// identitySchema is a resource identity schema: a flat set of attributes.
type identitySchema struct {
	Version    int64                         `json:"version"`
	Attributes map[string]*identityAttribute `json:"attributes,omitempty"`
}

type identityAttribute struct {
	IdentityType      json.RawMessage `json:"type,omitempty"`
	Description       string          `json:"description,omitempty"`
	RequiredForImport bool            `json:"required_for_import,omitempty"`
	OptionalForImport bool            `json:"optional_for_import,omitempty"`
}

type schema struct {
	Version int64  `json:"version"`
	Block   *block `json:"block,omitempty"`
}

type actionSchema struct {
	Block *block `json:"block,omitempty"`
}

type block struct {
	Attributes      map[string]*attribute `json:"attributes,omitempty"`
	BlockTypes      map[string]*blockType `json:"block_types,omitempty"`
	Description     string                `json:"description,omitempty"`
	DescriptionKind string                `json:"description_kind,omitempty"`
	Deprecated      bool                  `json:"deprecated,omitempty"`
}

type attribute struct {
	AttributeType       json.RawMessage `json:"type,omitempty"`
	AttributeNestedType *nestedType     `json:"nested_type,omitempty"`
	Description         string          `json:"description,omitempty"`
	DescriptionKind     string          `json:"description_kind,omitempty"`
	Deprecated          bool            `json:"deprecated,omitempty"`
	Required            bool            `json:"required,omitempty"`
	Optional            bool            `json:"optional,omitempty"`
	Computed            bool            `json:"computed,omitempty"`
	Sensitive           bool            `json:"sensitive,omitempty"`
	WriteOnly           bool            `json:"write_only,omitempty"`
}

type nestedType struct {
	Attributes  map[string]*attribute `json:"attributes,omitempty"`
	NestingMode string                `json:"nesting_mode,omitempty"`
}

type blockType struct {
	NestingMode string `json:"nesting_mode,omitempty"`
	Block       *block `json:"block,omitempty"`
	MinItems    int64  `json:"min_items,omitempty"`
	MaxItems    int64  `json:"max_items,omitempty"`
}

type functionSignature struct {
	Description        string           `json:"description,omitempty"`
	Summary            string           `json:"summary,omitempty"`
	DeprecationMessage string           `json:"deprecation_message,omitempty"`
	ReturnType         json.RawMessage  `json:"return_type"`
	Parameters         []*funcParameter `json:"parameters,omitempty"`
	VariadicParameter  *funcParameter   `json:"variadic_parameter,omitempty"`
}

type funcParameter struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	IsNullable  bool            `json:"is_nullable,omitempty"`
	Type        json.RawMessage `json:"type"`
}

// convert turns a GetProviderSchema response and the resource identity
// schemas (GetResourceIdentitySchemas) into the CLI's JSON document, with
// the provider's schemas under address (for example
// "registry.terraform.io/bestsms/bestsms").
func convert(address string, resp *tfprotov6.GetProviderSchemaResponse, identities map[string]*tfprotov6.ResourceIdentitySchema) (*providerSchemas, error) {
	if resp == nil {
		return nil, fmt.Errorf("no GetProviderSchema response")
	}
	ps := &providerSchema{}
	var err error
	if resp.Provider != nil {
		if ps.Provider, err = convertSchema(resp.Provider); err != nil {
			return nil, fmt.Errorf("provider: %w", err)
		}
	}
	if ps.ResourceSchemas, err = convertSchemas(resp.ResourceSchemas); err != nil {
		return nil, fmt.Errorf("resource %w", err)
	}
	if ps.DataSourceSchemas, err = convertSchemas(resp.DataSourceSchemas); err != nil {
		return nil, fmt.Errorf("data source %w", err)
	}
	if ps.EphemeralResourceSchemas, err = convertSchemas(resp.EphemeralResourceSchemas); err != nil {
		return nil, fmt.Errorf("ephemeral resource %w", err)
	}
	if ps.ListResourceSchemas, err = convertSchemas(resp.ListResourceSchemas); err != nil {
		return nil, fmt.Errorf("list resource %w", err)
	}
	if ps.ResourceIdentitySchemas, err = convertIdentities(identities); err != nil {
		return nil, err
	}
	if len(resp.ActionSchemas) > 0 {
		ps.ActionSchemas = make(map[string]*actionSchema, len(resp.ActionSchemas))
		for name, a := range resp.ActionSchemas {
			if a == nil || a.Schema == nil {
				return nil, fmt.Errorf("action %s: no schema", name)
			}
			b, err := convertBlock(a.Schema.Block)
			if err != nil {
				return nil, fmt.Errorf("action %s: %w", name, err)
			}
			ps.ActionSchemas[name] = &actionSchema{Block: b}
		}
	}
	if len(resp.Functions) > 0 {
		ps.Functions = make(map[string]*functionSignature, len(resp.Functions))
		for name, f := range resp.Functions {
			sig, err := convertFunction(f)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", name, err)
			}
			ps.Functions[name] = sig
		}
	}
	return &providerSchemas{
		FormatVersion: formatVersion,
		Schemas:       map[string]*providerSchema{address: ps},
	}, nil
}

func convertSchemas(in map[string]*tfprotov6.Schema) (map[string]*schema, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]*schema, len(in))
	for name, s := range in {
		c, err := convertSchema(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = c
	}
	return out, nil
}

func convertIdentities(in map[string]*tfprotov6.ResourceIdentitySchema) (map[string]*identitySchema, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]*identitySchema, len(in))
	for name, s := range in {
		if s == nil {
			return nil, fmt.Errorf("resource identity %s: no schema", name)
		}
		is := &identitySchema{Version: s.Version}
		if len(s.IdentityAttributes) > 0 {
			is.Attributes = make(map[string]*identityAttribute, len(s.IdentityAttributes))
		}
		for _, a := range s.IdentityAttributes {
			t, err := typeJSON(a.Type)
			if err != nil {
				return nil, fmt.Errorf("resource identity %s: attribute %s: %w", name, a.Name, err)
			}
			is.Attributes[a.Name] = &identityAttribute{
				IdentityType: t, Description: a.Description,
				RequiredForImport: a.RequiredForImport, OptionalForImport: a.OptionalForImport,
			}
		}
		out[name] = is
	}
	return out, nil
}

func convertSchema(s *tfprotov6.Schema) (*schema, error) {
	if s == nil {
		return nil, fmt.Errorf("no schema")
	}
	b, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &schema{Version: s.Version, Block: b}, nil
}

// convertBlock follows Terraform: a missing block is an empty one, and a
// block always has a description_kind.
func convertBlock(b *tfprotov6.SchemaBlock) (*block, error) {
	if b == nil {
		return &block{}, nil
	}
	out := &block{
		Description:     b.Description,
		DescriptionKind: stringKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.Attributes) > 0 {
		out.Attributes = make(map[string]*attribute, len(b.Attributes))
		for _, a := range b.Attributes {
			c, err := convertAttribute(a)
			if err != nil {
				return nil, err
			}
			out.Attributes[a.Name] = c
		}
	}
	if len(b.BlockTypes) > 0 {
		out.BlockTypes = make(map[string]*blockType, len(b.BlockTypes))
		for _, nb := range b.BlockTypes {
			inner, err := convertBlock(nb.Block)
			if err != nil {
				return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
			}
			mode, err := blockNestingMode(nb.Nesting)
			if err != nil {
				return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
			}
			bt := &blockType{NestingMode: mode, Block: inner, MinItems: nb.MinItems, MaxItems: nb.MaxItems}
			if nb.Nesting == tfprotov6.SchemaNestedBlockNestingModeSingle || nb.Nesting == tfprotov6.SchemaNestedBlockNestingModeGroup {
				// Terraform ignores item limits for single and group blocks.
				bt.MinItems, bt.MaxItems = 0, 0
			}
			out.BlockTypes[nb.TypeName] = bt
		}
	}
	return out, nil
}

func convertAttribute(a *tfprotov6.SchemaAttribute) (*attribute, error) {
	out := &attribute{
		Description:     a.Description,
		DescriptionKind: stringKind(a.DescriptionKind),
		Deprecated:      a.Deprecated,
		Required:        a.Required,
		Optional:        a.Optional,
		Computed:        a.Computed,
		Sensitive:       a.Sensitive,
		WriteOnly:       a.WriteOnly,
	}
	switch {
	case a.NestedType != nil:
		mode, err := objectNestingMode(a.NestedType.Nesting)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
		}
		nt := &nestedType{NestingMode: mode, Attributes: make(map[string]*attribute, len(a.NestedType.Attributes))}
		for _, na := range a.NestedType.Attributes {
			c, err := convertAttribute(na)
			if err != nil {
				return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
			}
			nt.Attributes[na.Name] = c
		}
		out.AttributeNestedType = nt
	case a.Type != nil:
		t, err := typeJSON(a.Type)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
		}
		out.AttributeType = t
	default:
		return nil, fmt.Errorf("attribute %s has neither a type nor a nested type", a.Name)
	}
	return out, nil
}

func convertFunction(f *tfprotov6.Function) (*functionSignature, error) {
	if f == nil || f.Return == nil || f.Return.Type == nil {
		return nil, fmt.Errorf("no return type")
	}
	rt, err := typeJSON(f.Return.Type)
	if err != nil {
		return nil, fmt.Errorf("return type: %w", err)
	}
	out := &functionSignature{
		Description:        f.Description,
		Summary:            f.Summary,
		DeprecationMessage: f.DeprecationMessage,
		ReturnType:         rt,
	}
	for _, p := range f.Parameters {
		c, err := convertParameter(p)
		if err != nil {
			return nil, err
		}
		out.Parameters = append(out.Parameters, c)
	}
	if f.VariadicParameter != nil {
		if out.VariadicParameter, err = convertParameter(f.VariadicParameter); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func convertParameter(p *tfprotov6.FunctionParameter) (*funcParameter, error) {
	t, err := typeJSON(p.Type)
	if err != nil {
		return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
	}
	return &funcParameter{Name: p.Name, Description: p.Description, IsNullable: p.AllowNullValue, Type: t}, nil
}

// typeJSON encodes a tftypes type the way Terraform encodes a cty type:
// "string", ["list","string"], ["object",{"a":"number"}], … tftypes types
// marshal to exactly that JSON.
func typeJSON(t tftypes.Type) (json.RawMessage, error) {
	if t == nil {
		return nil, fmt.Errorf("no type")
	}
	b, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func stringKind(k tfprotov6.StringKind) string {
	if k == tfprotov6.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}

func blockNestingMode(m tfprotov6.SchemaNestedBlockNestingMode) (string, error) {
	switch m {
	case tfprotov6.SchemaNestedBlockNestingModeSingle:
		return "single", nil
	case tfprotov6.SchemaNestedBlockNestingModeGroup:
		return "group", nil
	case tfprotov6.SchemaNestedBlockNestingModeList:
		return "list", nil
	case tfprotov6.SchemaNestedBlockNestingModeSet:
		return "set", nil
	case tfprotov6.SchemaNestedBlockNestingModeMap:
		return "map", nil
	default:
		return "", fmt.Errorf("unknown block nesting mode %v", m)
	}
}

func objectNestingMode(m tfprotov6.SchemaObjectNestingMode) (string, error) {
	switch m {
	case tfprotov6.SchemaObjectNestingModeSingle:
		return "single", nil
	case tfprotov6.SchemaObjectNestingModeList:
		return "list", nil
	case tfprotov6.SchemaObjectNestingModeSet:
		return "set", nil
	case tfprotov6.SchemaObjectNestingModeMap:
		return "map", nil
	default:
		return "", fmt.Errorf("unknown attribute nesting mode %v", m)
	}
}

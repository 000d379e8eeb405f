// Command docscheck fails when the provider's documentation inputs are
// incomplete: a schema attribute (provider, resource, data source, ephemeral
// resource, list resource or action, nested ones included), a resource
// identity attribute, a function parameter, or a resource, data source, list
// resource, action or function itself without a description; or a resource,
// data source, list resource, action or function without its example under
// examples/ in the tfplugindocs layout (resources also need import.sh and
// import-by-string-id.tf, and import-by-identity.tf when they have an
// identity; list resources list-resource.tfquery.hcl). Example folders for
// things the provider does not have are reported too, so renames do not
// leave stale examples behind.
//
// Usage:
//
//	go run ./tools/docscheck -schema schema.json [-examples examples]
//
// schema.json is the output of `terraform providers schema -json` or of
// tools/schemajson.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	schemaPath := flag.String("schema", "", "providers schema JSON (terraform providers schema -json or tools/schemajson)")
	examplesDir := flag.String("examples", "examples", "the examples directory (tfplugindocs layout)")
	flag.Parse()
	if *schemaPath == "" {
		fmt.Fprintln(os.Stderr, "docscheck: -schema is required")
		os.Exit(2)
	}
	data, err := os.ReadFile(*schemaPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "docscheck:", err)
		os.Exit(2)
	}
	problems, err := check(data, *examplesDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "docscheck:", err)
		os.Exit(2)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "docscheck: %d problem(s) in the documentation inputs:\n", len(problems))
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "  -", p)
		}
		os.Exit(1)
	}
	fmt.Println("docscheck: every attribute, parameter and object has a description, and every object an example")
}

// The parts of the `terraform providers schema -json` format the check reads.
type (
	schemasDoc struct {
		Schemas map[string]*providerDoc `json:"provider_schemas"`
	}
	providerDoc struct {
		Provider           *schemaDoc              `json:"provider"`
		Resources          map[string]*schemaDoc   `json:"resource_schemas"`
		DataSources        map[string]*schemaDoc   `json:"data_source_schemas"`
		EphemeralResources map[string]*schemaDoc   `json:"ephemeral_resource_schemas"`
		Actions            map[string]*schemaDoc   `json:"action_schemas"`
		ListResources      map[string]*schemaDoc   `json:"list_resource_schemas"`
		Identities         map[string]*identityDoc `json:"resource_identity_schemas"`
		Functions          map[string]*functionDoc `json:"functions"`
	}
	identityDoc struct {
		Attributes map[string]*attributeDoc `json:"attributes"`
	}
	schemaDoc struct {
		Block *blockDoc `json:"block"`
	}
	blockDoc struct {
		Attributes  map[string]*attributeDoc `json:"attributes"`
		BlockTypes  map[string]*blockTypeDoc `json:"block_types"`
		Description string                   `json:"description"`
	}
	blockTypeDoc struct {
		Block *blockDoc `json:"block"`
	}
	attributeDoc struct {
		Description string      `json:"description"`
		NestedType  *nestedType `json:"nested_type"`
	}
	nestedType struct {
		Attributes map[string]*attributeDoc `json:"attributes"`
	}
	functionDoc struct {
		Summary           string          `json:"summary"`
		Description       string          `json:"description"`
		Parameters        []*parameterDoc `json:"parameters"`
		VariadicParameter *parameterDoc   `json:"variadic_parameter"`
	}
	parameterDoc struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	}
)

// kind is one kind of object and where tfplugindocs looks for its examples.
type kind struct {
	label    string   // "resource"
	dir      string   // "resources", under examples/
	examples []string // required files in examples/<dir>/<name>/
}

var (
	resourceKind   = kind{"resource", "resources", []string{"resource.tf", "import.sh", "import-by-string-id.tf"}}
	dataSourceKind = kind{"data source", "data-sources", []string{"data-source.tf"}}
	ephemeralKind  = kind{"ephemeral resource", "ephemeral-resources", []string{"ephemeral-resource.tf"}}
	actionKind     = kind{"action", "actions", []string{"action.tf"}}
	listKind       = kind{"list resource", "list-resources", []string{"list-resource.tfquery.hcl"}}
	functionKind   = kind{"function", "functions", []string{"function.tf"}}
)

// check returns every problem found, sorted; an error only when the schema
// cannot be read.
func check(schemaJSON []byte, examplesDir string) ([]string, error) {
	var doc schemasDoc
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		return nil, fmt.Errorf("reading the schema JSON: %w", err)
	}
	if len(doc.Schemas) == 0 {
		return nil, errors.New("the schema JSON has no provider_schemas")
	}
	c := &checker{examplesDir: examplesDir}
	for _, p := range doc.Schemas {
		c.provider(p)
	}
	sort.Strings(c.problems)
	return c.problems, nil
}

type checker struct {
	examplesDir string
	problems    []string
}

func (c *checker) addf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) provider(p *providerDoc) {
	if p.Provider == nil || p.Provider.Block == nil {
		c.addf("provider: no schema")
	} else {
		c.block("provider", "", p.Provider.Block)
	}
	c.requireFiles("provider", filepath.Join(c.examplesDir, "provider"), []string{"provider.tf"})

	c.schemas(resourceKind, p.Resources)
	c.schemas(dataSourceKind, p.DataSources)
	c.schemas(ephemeralKind, p.EphemeralResources)
	c.schemas(actionKind, p.Actions)
	c.schemas(listKind, p.ListResources)

	// A resource with an identity can be imported by it (Terraform 1.12 and
	// later); its page shows the identity's attributes and an import block
	// using them.
	for name, id := range p.Identities {
		label := "resource " + name
		if id == nil {
			c.addf("%s: no identity schema", label)
			continue
		}
		for attr, a := range id.Attributes {
			if blank(a.Description) {
				c.addf("%s: identity attribute %q has no description", label, attr)
			}
		}
		c.requireFiles(label, filepath.Join(c.examplesDir, resourceKind.dir, name), []string{"import-by-identity.tf"})
	}

	for name, f := range p.Functions {
		label := "function " + name
		if blank(f.Summary) {
			c.addf("%s: no summary", label)
		}
		if blank(f.Description) {
			c.addf("%s: no description", label)
		}
		params := f.Parameters
		if f.VariadicParameter != nil {
			params = append(params[:len(params):len(params)], f.VariadicParameter)
		}
		for _, prm := range params {
			if blank(prm.Description) {
				c.addf("%s: parameter %q has no description", label, prm.Name)
			}
		}
		c.requireFiles(label, filepath.Join(c.examplesDir, functionKind.dir, name), functionKind.examples)
	}
	staleExamples(c, functionKind, p.Functions)
}

func (c *checker) schemas(k kind, schemas map[string]*schemaDoc) {
	for name, s := range schemas {
		label := k.label + " " + name
		if s == nil || s.Block == nil {
			c.addf("%s: no schema", label)
		} else {
			c.block(label, "", s.Block)
		}
		c.requireFiles(label, filepath.Join(c.examplesDir, k.dir, name), k.examples)
	}
	staleExamples(c, k, schemas)
}

// block checks the descriptions of a block's attributes and nested blocks
// (prefix names the nesting, "rule." for attributes of a rule block), and
// of the block itself when it is the root of a schema.
func (c *checker) block(label, prefix string, b *blockDoc) {
	if prefix == "" && blank(b.Description) {
		c.addf("%s: no description", label)
	}
	c.attributes(label, prefix, b.Attributes)
	for name, bt := range b.BlockTypes {
		if bt.Block != nil {
			c.block(label, prefix+name+".", bt.Block)
		}
	}
}

func (c *checker) attributes(label, prefix string, attrs map[string]*attributeDoc) {
	for name, a := range attrs {
		if blank(a.Description) {
			c.addf("%s: attribute %q has no description", label, prefix+name)
		}
		if a.NestedType != nil {
			c.attributes(label, prefix+name+".", a.NestedType.Attributes)
		}
	}
}

func (c *checker) requireFiles(label, dir string, files []string) {
	for _, f := range files {
		p := filepath.Join(dir, f)
		info, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			c.addf("%s: example %s is missing", label, filepath.ToSlash(p))
		case err != nil:
			c.addf("%s: %v", label, err)
		case info.IsDir() || info.Size() == 0:
			c.addf("%s: example %s is empty", label, filepath.ToSlash(p))
		}
	}
}

// staleExamples reports example folders whose object is not in the schema.
func staleExamples[V any](c *checker, k kind, known map[string]V) {
	dir := filepath.Join(c.examplesDir, k.dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return // no examples of this kind
	}
	for _, e := range entries {
		if _, ok := known[e.Name()]; !ok {
			c.addf("%s %s: %s has an example but the provider has no such %s",
				k.label, e.Name(), filepath.ToSlash(filepath.Join(dir, e.Name())), k.label)
		}
	}
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

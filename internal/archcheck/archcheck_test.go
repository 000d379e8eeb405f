package archcheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// goFile is one parsed Go file of the repository.
type goFile struct {
	dir     string // module-relative, "." for the root
	name    string // base name
	test    bool   // a _test.go file
	pkg     string // package clause
	imports []string
	ast     *ast.File
	lines   int
}

// repo is every Go file of the repository, read once.
var repo = func() []goFile {
	root := findRoot()
	var files []goFile
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".tmp", "node_modules", "testdata", "bin", "dist":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		gf := goFile{dir: filepath.ToSlash(rel), name: d.Name(), test: strings.HasSuffix(p, "_test.go"),
			pkg: f.Name.Name, ast: f, lines: strings.Count(string(src), "\n")}
		for _, imp := range f.Imports {
			ip, _ := strconv.Unquote(imp.Path.Value)
			gf.imports = append(gf.imports, ip)
		}
		files = append(files, gf)
		return nil
	})
	if err != nil {
		panic(err)
	}
	return files
}()

func findRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			panic("no go.mod above " + dir)
		}
		dir = parent
	}
}

// matches reports whether pkg (an import path, or a module-relative
// directory of this module) is named by pattern: a path, "p/..." for p and
// everything below, or "..." for everything of the module.
func matches(pkg, pattern string) bool {
	rel, isOwn := strings.CutPrefix(pkg, Module+"/")
	if pkg == Module {
		rel, isOwn = ".", true
	}
	if pattern == "..." {
		return isOwn || !strings.Contains(pkg, ".") // own directories are given module-relative
	}
	if strings.Contains(strings.Split(pattern, "/")[0], ".") || !strings.HasPrefix(pattern, "internal/") &&
		!strings.HasPrefix(pattern, "cmd/") && !strings.HasPrefix(pattern, "tools/") {
		// a third-party or standard library pattern
		base, wild := strings.CutSuffix(pattern, "/...")
		return pkg == base || wild && strings.HasPrefix(pkg, base+"/")
	}
	if !isOwn {
		rel = pkg // a module-relative directory
	}
	base, wild := strings.CutSuffix(pattern, "/...")
	return rel == base || wild && strings.HasPrefix(rel, base+"/")
}

func matchesAny(pkg string, patterns []string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return matches(pkg, p) })
}

// TestImportRules fails when a file imports what its package's rules deny
// (Rules), when an area imports another area without a named exception
// (AreaImports), or when production code outside AreaImporters imports an
// area.
func TestImportRules(t *testing.T) {
	for _, f := range repo {
		for _, imp := range f.imports {
			where := path.Join(f.dir, f.name)
			for _, r := range Rules {
				if (!f.test || r.Tests) && matchesAny(f.dir, r.From) && matchesAny(imp, r.Deny) &&
					!slices.Contains(TestSupportImports[f.dir], strings.TrimPrefix(imp, Module+"/")) {
					t.Errorf("%s imports %s: %s", where, imp, r.Why)
				}
			}
			target, isOwn := strings.CutPrefix(imp, Module+"/")
			if !isOwn || !slices.Contains(Areas, target) || target == f.dir {
				continue
			}
			if why, ok := AreaImports[[2]string{f.dir, target}]; ok && why != "" {
				continue
			}
			switch {
			case slices.Contains(Areas, f.dir):
				t.Errorf("%s imports %s: an area imports no other area (contributing/architecture.md §2.6); "+
					"move what both need down to internal/framework, or name the exception in AreaImports", where, imp)
			case !f.test && !slices.Contains(AreaImporters, f.dir):
				t.Errorf("%s imports %s: only %v registers the kinds of an area (§2.6)", where, imp, AreaImporters)
			case f.test:
				t.Errorf("%s imports %s: a test imports the area it tests, and reaches the others through "+
					"internal/acctest's provider", where, imp)
			}
		}
	}
}

// normalized is a name without underscores, in lower case.
func normalized(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "_", ""))
}

// TestNamesDifferInMoreThanCase fails when two Go files of one directory,
// or two types of one package, have names equal once
// underscores are removed and case ignored (contact_list.go and
// contactlist.go, contactListX and contactlistX), and when a declaration
// named contactList… lives elsewhere than bestsms_contact_list's package.
func TestNamesDifferInMoreThanCase(t *testing.T) {
	filesByDir := map[string]map[string]string{}
	typesByPkg := map[string]map[string]string{} // by directory and package clause
	for _, f := range repo {
		if !matchesAny(f.dir, suffixAll(NameChecked)) {
			continue
		}
		seen := filesByDir[f.dir]
		if seen == nil {
			seen = map[string]string{}
			filesByDir[f.dir] = seen
		}
		pkgKey := f.dir + " (package " + f.pkg + ")"
		if typesByPkg[pkgKey] == nil {
			typesByPkg[pkgKey] = map[string]string{}
		}
		key := normalized(strings.TrimSuffix(f.name, ".go"))
		if prev, ok := seen[key]; ok {
			t.Errorf("%s: files %s and %s differ only in case or underscores", f.dir, prev, f.name)
		}
		seen[key] = f.name
		for _, d := range f.ast.Decls {
			for _, name := range declNames(d) {
				if strings.HasPrefix(normalized(name), ContactListPrefix) && f.dir != ContactListHome &&
					matchesAny(f.dir, ContactListChecked) {
					t.Errorf("%s/%s declares %s: names starting with contactList mean bestsms_contact_list, "+
						"which lives in %s", f.dir, f.name, name, ContactListHome)
				}
			}
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok || ts.Assign.IsValid() {
					continue // an alias (type X = x, in export_test.go) is the same type, not a second one
				}
				name := ts.Name.Name
				types := typesByPkg[pkgKey]
				if prev, ok := types[normalized(name)]; ok && prev != name+" ("+f.name+")" {
					t.Errorf("%s: types %s and %s (%s) differ only in case or underscores", pkgKey, prev, name, f.name)
				}
				types[normalized(name)] = name + " (" + f.name + ")"
			}
		}
	}
}

func suffixAll(dirs []string) []string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = d + "/..."
	}
	return out
}

// declNames are the names a top-level declaration declares (methods not
// included: they live in their type's name space).
func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			return []string{d.Name.Name}
		}
	case *ast.GenDecl:
		var names []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
		return names
	}
	return nil
}

// TestTestsFollowFiles: a test file is named after the production file it
// tests, x_test.go or x_<topic>_test.go for x.go in the same directory
// (contributing/architecture.md §6), except TestFileExceptions; and a test
// that drives Terraform (resource.Test, resource.ParallelTest) is an
// acceptance test named TestAcc….
func TestTestsFollowFiles(t *testing.T) {
	prod := map[string][]string{}
	for _, f := range repo {
		if !f.test {
			prod[f.dir] = append(prod[f.dir], strings.TrimSuffix(f.name, ".go"))
		}
	}
	for _, f := range repo {
		if !f.test {
			continue
		}
		where := path.Join(f.dir, f.name)
		base := strings.TrimSuffix(f.name, "_test.go")
		if !slices.Contains(TestFileExceptions, f.name) && !slices.ContainsFunc(prod[f.dir], func(p string) bool {
			return base == p || strings.HasPrefix(base, p+"_")
		}) {
			t.Errorf("%s tests no production file: name it x_test.go or x_<topic>_test.go after the x.go it tests", where)
		}
		for _, d := range f.ast.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !strings.HasPrefix(fd.Name.Name, "Test") || strings.HasPrefix(fd.Name.Name, "TestAcc") {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if se, ok := call.Fun.(*ast.SelectorExpr); ok {
					if x, ok := se.X.(*ast.Ident); ok && x.Name == "resource" && (se.Sel.Name == "Test" || se.Sel.Name == "ParallelTest") {
						t.Errorf("%s: %s runs Terraform (resource.%s): name it TestAcc…", where, fd.Name.Name, se.Sel.Name)
					}
				}
				return true
			})
		}
	}
}

// TestPackageComments: every package has a package comment that says what
// it holds and what it must not import (or that it may import anything).
func TestPackageComments(t *testing.T) {
	type pkgKey struct{ dir, name string }
	doc := map[pkgKey]string{}
	for _, f := range repo {
		if f.test {
			continue
		}
		k := pkgKey{f.dir, f.pkg}
		if _, ok := doc[k]; !ok {
			doc[k] = ""
		}
		if f.ast.Doc != nil {
			doc[k] += f.ast.Doc.Text()
		}
	}
	for k, text := range doc {
		switch {
		case text == "":
			t.Errorf("package %s (%s) has no package comment: say what it holds and what it must not import", k.name, k.dir)
		case !strings.Contains(text, "import"):
			t.Errorf("package %s (%s): the package comment does not say what the package must not import", k.name, k.dir)
		}
	}
}

// TestFileSizes: no production Go file over MaxProductionLines lines, and
// the assembly (internal/provider) within AssemblyMaxLines and free of kind
// implementations (a type with CRUD, Read, Invoke, List or Run methods).
func TestFileSizes(t *testing.T) {
	assembly := 0
	for _, f := range repo {
		if f.test {
			continue
		}
		where := path.Join(f.dir, f.name)
		if f.lines > MaxProductionLines && strings.HasPrefix(f.dir, "internal/") {
			t.Errorf("%s has %d lines, more than %d: split it by concern", where, f.lines, MaxProductionLines)
		}
		if f.dir != Assembly {
			continue
		}
		assembly += f.lines
		for _, d := range f.ast.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
				switch fd.Name.Name {
				case "Create", "Read", "Update", "Delete", "Invoke", "List", "Run":
					t.Errorf("%s: method %s belongs to a kind, which lives in its area (internal/area/…)", where, fd.Name.Name)
				}
			}
		}
	}
	if assembly > AssemblyMaxLines {
		t.Errorf("%s holds %d production lines, more than %d: what is not assembly belongs to internal/framework or an area",
			Assembly, assembly, AssemblyMaxLines)
	}
}

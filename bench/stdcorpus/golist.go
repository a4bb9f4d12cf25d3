package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// listedPackage is what go list says about one package: enough to select
// the corpus, rebuild a package's file list for go/types and find the
// export data of everything it imports.
type listedPackage struct {
	ImportPath      string
	Dir             string
	Standard        bool
	Export          string
	GoFiles         []string
	CompiledGoFiles []string
	CgoFiles        []string
	TestGoFiles     []string
	ImportMap       map[string]string
	Deps            []string
	Error           *struct{ Err string }
	DepsErrors      []*struct{ Err string }
}

// goList runs go list -json in dir and decodes its stream of packages.
func goList(dir string, env []string, args ...string) ([]*listedPackage, error) {
	cmd := exec.Command("go", append([]string{"list", "-e", "-json=ImportPath,Dir,Standard,Export,GoFiles,CompiledGoFiles,CgoFiles,TestGoFiles,ImportMap,Deps,Error,DepsErrors"}, args...)...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s in %s: %v: %s", strings.Join(args, " "), dir, err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []*listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("decoding go list output: %w", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// goEnv returns one variable of the go command's environment.
func goEnv(env []string, key string) (string, error) {
	cmd := exec.Command("go", "env", key)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", key, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// environ is the process environment with overrides, later ones winning.
func environ(overrides ...string) []string {
	env := os.Environ()
	return append(env, overrides...)
}

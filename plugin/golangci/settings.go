package golangci

import (
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Settings is the settings block of the ctxtrace custom linter in
// .golangci.yml:
//
//	settings:
//	  ctxdrop:
//	    tests: false
//	  spanend:
//	    record-error: true
//
// Each key under an analyzer's name is one of that analyzer's flags, the
// same as ctxlint's -ANALYZER.FLAG; a key left out keeps the flag's default.
// An analyzer without flags (recordrace) has no block.
type Settings struct {
	Ctxdrop CtxdropSettings `json:"ctxdrop"`
	Spanend SpanendSettings `json:"spanend"`
}

// CtxdropSettings are ctxdrop's flags.
type CtxdropSettings struct {
	// Tests is -ctxdrop.tests: also check _test.go files (default true).
	Tests *bool `json:"tests,omitempty"`
	// Detached is -ctxdrop.detached: also report root contexts detached on
	// purpose (returned or stored, in callbacks that run later, label
	// resets, commented) (default false).
	Detached *bool `json:"detached,omitempty"`
}

// SpanendSettings are spanend's flags.
type SpanendSettings struct {
	// RecordError is -spanend.record-error: also report errors returned on
	// a path where the span recorded neither RecordError nor
	// SetStatus(codes.Error, ...) (default false).
	RecordError *bool `json:"record-error,omitempty"`
}

// setting is one analyzer flag that Settings can carry.
type setting struct {
	analyzer, flag string
	index          []int // reflect field path within Settings
}

func (s setting) String() string { return s.analyzer + "." + s.flag }

// settings lists the flags Settings carries, read from its JSON names so
// that the YAML keys, the flags they set and the error text cannot drift
// apart.
func settings() []setting {
	var out []setting
	top := reflect.TypeFor[Settings]()
	for i := range top.NumField() {
		block := top.Field(i)
		for j := range block.Type.NumField() {
			f := block.Type.Field(j)
			out = append(out, setting{
				analyzer: jsonName(block),
				flag:     jsonName(f),
				index:    []int{i, j},
			})
		}
	}
	return out
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

func knownSettings() string {
	var names []string
	for _, s := range settings() {
		names = append(names, s.String())
	}
	return strings.Join(names, ", ")
}

// apply sets the flag of every setting given a value on the analyzer of
// that name in as.
func (s Settings) apply(as []*analysis.Analyzer) error {
	byName := make(map[string]*analysis.Analyzer, len(as))
	for _, a := range as {
		byName[a.Name] = a
	}
	v := reflect.ValueOf(s)
	for _, st := range settings() {
		field := v.FieldByIndex(st.index)
		if field.IsNil() {
			continue
		}
		a := byName[st.analyzer]
		if a == nil || a.Flags.Lookup(st.flag) == nil {
			return fmt.Errorf("%s settings: %s: the analyzer has no such flag", Name, st)
		}
		value := fmt.Sprint(field.Elem().Interface())
		if err := a.Flags.Set(st.flag, value); err != nil {
			return fmt.Errorf("%s settings: %s: %w", Name, st, err)
		}
	}
	return nil
}

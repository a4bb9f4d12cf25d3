package golangci

import (
	"flag"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/ctxtrace/ctxtrace/analyzers"
)

// restoreFlags puts every flag of ctxtrace's analyzers back to its value
// before the test. The flags belong to the package-level Analyzer values, so
// a setting applied by one test would otherwise leak into the next. Tests
// here therefore do not run in parallel.
func restoreFlags(t *testing.T) {
	t.Helper()
	type saved struct {
		fs    *flag.FlagSet
		name  string
		value string
	}
	var before []saved
	for _, a := range analyzers.Ours() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			before = append(before, saved{&a.Flags, f.Name, f.Value.String()})
		})
	}
	t.Cleanup(func() {
		for _, s := range before {
			if err := s.fs.Set(s.name, s.value); err != nil {
				t.Errorf("restoring flag %s: %v", s.name, err)
			}
		}
	})
}

// TestSettingsDoNotLeak checks restoreFlags: a subtest that applies every
// setting must leave the flags as they were once it ends.
func TestSettingsDoNotLeak(t *testing.T) {
	before := allFlags()
	t.Run("apply", func(t *testing.T) {
		restoreFlags(t)
		raw := map[string]any{
			"ctxdrop": map[string]any{"tests": false},
			"spanend": map[string]any{"record-error": true},
		}
		if err := build(t, raw); err != nil {
			t.Fatal(err)
		}
		if maps.Equal(before, allFlags()) {
			t.Fatal("the settings changed no flag; the test proves nothing")
		}
	})
	if after := allFlags(); !maps.Equal(before, after) {
		t.Errorf("flags leaked out of the subtest: %v, were %v", after, before)
	}
}

// build runs the plugin as golangci-lint does: look it up by name, construct
// it from the raw settings, build its analyzers.
func build(t *testing.T, raw any) error {
	t.Helper()
	newPlugin, err := register.GetPlugin("ctxtrace")
	if err != nil {
		t.Fatalf("plugin not registered: %v", err)
	}
	p, err := newPlugin(raw)
	if err != nil {
		return err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		return err
	}
	if want := analyzers.Ours(); !slices.Equal(as, want) {
		t.Errorf("BuildAnalyzers() returned %v, want analyzers.Ours() %v", as, want)
	}
	return nil
}

func flagValue(t *testing.T, analyzer, name string) string {
	t.Helper()
	for _, a := range analyzers.Ours() {
		if a.Name == analyzer {
			f := a.Flags.Lookup(name)
			if f == nil {
				t.Fatalf("analyzer %s has no flag %s", analyzer, name)
			}
			return f.Value.String()
		}
	}
	t.Fatalf("no analyzer %s", analyzer)
	return ""
}

// TestSettingsSetFlags decodes settings the way golangci-lint hands them
// over (maps from YAML) and checks each lands on the analyzer's flag, with
// the key spellings README documents.
func TestSettingsSetFlags(t *testing.T) {
	for _, tc := range []struct {
		name           string
		raw            any
		analyzer, flag string
		want           string
	}{
		{"spanend.record-error on", map[string]any{"spanend": map[string]any{"record-error": true}}, "spanend", "record-error", "true"},
		{"ctxdrop.tests off", map[string]any{"ctxdrop": map[string]any{"tests": false}}, "ctxdrop", "tests", "false"},
		{"ctxdrop.detached on", map[string]any{"ctxdrop": map[string]any{"detached": true}}, "ctxdrop", "detached", "true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			restoreFlags(t)
			if got := flagValue(t, tc.analyzer, tc.flag); got == tc.want {
				t.Fatalf("flag %s.%s is already %s before the settings apply; the case proves nothing", tc.analyzer, tc.flag, got)
			}
			if err := build(t, tc.raw); err != nil {
				t.Fatal(err)
			}
			if got := flagValue(t, tc.analyzer, tc.flag); got != tc.want {
				t.Errorf("flag %s.%s = %s, want %s", tc.analyzer, tc.flag, got, tc.want)
			}
		})
	}
}

// TestEachSettingFlipsOnlyItsFlag sets every setting, one at a time, to the
// opposite of its flag's default and checks that exactly that flag changed.
func TestEachSettingFlipsOnlyItsFlag(t *testing.T) {
	for _, s := range settings() {
		t.Run(s.String(), func(t *testing.T) {
			restoreFlags(t)
			def, err := strconv.ParseBool(flagValue(t, s.analyzer, s.flag))
			if err != nil {
				t.Fatalf("flag %s is not a bool; extend this test: %v", s, err)
			}
			before := allFlags()
			raw := map[string]any{s.analyzer: map[string]any{s.flag: !def}}
			if err := build(t, raw); err != nil {
				t.Fatal(err)
			}
			after := allFlags()
			for name, was := range before {
				want := was
				if name == s.String() {
					want = strconv.FormatBool(!def)
				}
				if after[name] != want {
					t.Errorf("after setting %s=%v: flag %s = %s, want %s", s, !def, name, after[name], want)
				}
			}
		})
	}
}

func allFlags() map[string]string {
	m := make(map[string]string)
	for _, a := range analyzers.Ours() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			m[a.Name+"."+f.Name] = f.Value.String()
		})
	}
	return m
}

// TestSettingsCoverEveryFlag keeps Settings in step with the analyzers: a
// flag added to an analyzer without a setting, or a setting left behind
// when a flag is renamed, fails here.
func TestSettingsCoverEveryFlag(t *testing.T) {
	have := make(map[string]bool)
	for _, s := range settings() {
		have[s.String()] = true
	}
	flags := allFlags()
	for name := range flags {
		if !have[name] {
			t.Errorf("analyzer flag %s has no field in Settings", name)
		}
	}
	for name := range have {
		if _, ok := flags[name]; !ok {
			t.Errorf("Settings has %s, which is no analyzer's flag", name)
		}
	}
}

func TestNoSettingsKeepsDefaults(t *testing.T) {
	for _, raw := range []any{nil, map[string]any{}} {
		restoreFlags(t)
		before := allFlags()
		if err := build(t, raw); err != nil {
			t.Fatalf("settings %#v: %v", raw, err)
		}
		if after := allFlags(); !maps.Equal(before, after) {
			t.Errorf("settings %#v changed flags: %v -> %v", raw, before, after)
		}
	}
}

// TestBadSettingsFail checks that a mistyped or unknown key is an error that
// names it, and that nothing is applied.
func TestBadSettingsFail(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  any
		want []string // substrings of the error
	}{
		{"unknown flag", map[string]any{"ctxdrop": map[string]any{"test": false}}, []string{`"test"`, "ctxdrop.tests"}},
		{"unknown analyzer", map[string]any{"spanned": map[string]any{}}, []string{`"spanned"`}},
		{"analyzer without flags", map[string]any{"recordrace": map[string]any{"x": 1}}, []string{`"recordrace"`}},
		{"flag at the top level", map[string]any{"record-error": true}, []string{`"record-error"`, "spanend.record-error"}},
		{"wrong type", map[string]any{"spanend": map[string]any{"record-error": "yes"}}, []string{"record-error", "bool"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			restoreFlags(t)
			before := allFlags()
			err := build(t, tc.raw)
			if err == nil {
				t.Fatalf("settings %#v: no error", tc.raw)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if after := allFlags(); !maps.Equal(before, after) {
				t.Errorf("failed settings changed flags: %v -> %v", before, after)
			}
		})
	}
}

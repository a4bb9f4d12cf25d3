package golist

import (
	"slices"
	"testing"
)

func TestMoveGOFLAGSModFile(t *testing.T) {
	tests := []struct {
		name    string
		env     []string
		wantEnv []string // nil: env unchanged
		modFile string
	}{
		{name: "no GOFLAGS", env: []string{"HOME=/h"}},
		{name: "no -modfile", env: []string{"GOFLAGS=-mod=mod -tags=modfile"}},
		{name: "alone", env: []string{"HOME=/h", "GOFLAGS=-modfile=go_test.mod"},
			wantEnv: []string{"HOME=/h", "GOFLAGS="}, modFile: "go_test.mod"},
		{name: "among others", env: []string{"GOFLAGS=-mod=mod  -modfile=a/alt.mod -tags=x"},
			wantEnv: []string{"GOFLAGS=-mod=mod -tags=x"}, modFile: "a/alt.mod"},
		{name: "double dash", env: []string{"GOFLAGS=--modfile=alt.mod"},
			wantEnv: []string{"GOFLAGS="}, modFile: "alt.mod"},
		{name: "quoted flags stay quoted", env: []string{`GOFLAGS="-ldflags=-s -w" '-modfile=my dir/alt.mod' -gcflags='-N'`},
			wantEnv: []string{`GOFLAGS="-ldflags=-s -w" -gcflags='-N'`}, modFile: "my dir/alt.mod"},
		{name: "a quote inside", env: []string{`GOFLAGS='-ldflags=-X "a=b c"' -modfile=alt.mod`},
			wantEnv: []string{`GOFLAGS='-ldflags=-X "a=b c"'`}, modFile: "alt.mod"},
		{name: "the last GOFLAGS counts", env: []string{"GOFLAGS=-modfile=first.mod", "GOFLAGS=-modfile=last.mod"},
			wantEnv: []string{"GOFLAGS=-modfile=first.mod", "GOFLAGS="}, modFile: "last.mod"},
		{name: "the last -modfile counts", env: []string{"GOFLAGS=-modfile=first.mod -modfile=last.mod"},
			wantEnv: []string{"GOFLAGS="}, modFile: "last.mod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := slices.Clone(tt.env)
			env, modFile, err := MoveGOFLAGSModFile(tt.env)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.wantEnv
			if want == nil {
				want = orig
			}
			if !slices.Equal(env, want) || modFile != tt.modFile {
				t.Errorf("got %q, %q; want %q, %q", env, modFile, want, tt.modFile)
			}
			if !slices.Equal(tt.env, orig) {
				t.Errorf("the environment passed in changed to %q", tt.env)
			}
		})
	}
}

func TestMoveGOFLAGSModFileBadQuote(t *testing.T) {
	if _, _, err := MoveGOFLAGSModFile([]string{`GOFLAGS="-modfile=x`}); err == nil {
		t.Error("an unterminated quote gave no error")
	}
}

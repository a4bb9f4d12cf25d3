package driver_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// TestFactFreeMatchesUnitchecker: for analyzers without facts the vet
// tool answers go vet's units itself, against export data, and skips the
// dependencies' units. What it reports must be what unitchecker reports
// for the same units: the same JSON and the same load errors.
func TestFactFreeMatchesUnitchecker(t *testing.T) {
	if raceEnabled {
		// unitchecker's side is this test binary, which type-checks
		// every dependency from source: minutes under -race.
		t.Skip("runs without -race only")
	}
	dir := module(t)
	vet := func(env string, flags ...string) (map[string]any, string) {
		t.Helper()
		tool := vetTool
		if env != "" {
			tool, _ = os.Executable()
		}
		args := append([]string{"vet", "-vettool=" + tool, "-json"}, flags...)
		cmd := exec.Command("go", append(args, "./...")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local", env)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		_ = cmd.Run() // the broken package makes go vet fail
		merged := make(map[string]any)
		dec := json.NewDecoder(&stdout)
		for {
			var tree map[string]any
			if err := dec.Decode(&tree); err != nil {
				break
			}
			for id, v := range tree {
				merged[id] = v
			}
		}
		return merged, stderr.String()
	}
	ours := []string{"-ctxdrop", "-spanend", "-recordrace"}
	want, wantErr := vet("DRIVER_TEST_MULTICHECKER=1", ours...)
	// -ctxdrop.tests=true is the default: it only keeps go vet from
	// answering from the first run's cache.
	got, gotErr := vet("", append(ours, "-ctxdrop.tests=true")...)
	if len(want) == 0 || !strings.Contains(wantErr, "broken.go:3:13") {
		t.Fatalf("unitchecker found nothing to compare: %v\n%s", want, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fact-free run:\n%v\nunitchecker:\n%v", got, want)
	}
	if gotErr != wantErr {
		t.Errorf("fact-free run's errors:\n%s\nunitchecker's:\n%s", gotErr, wantErr)
	}
}

// TestFactFreeRunsAreCached: go vet keeps a unit's output only with the
// vetx file the unit writes, so a re-run over unchanged packages must not
// run the vet tool on any unit again.
func TestFactFreeRunsAreCached(t *testing.T) {
	dir := module(t)
	vet := func() string {
		t.Helper()
		cmd := exec.Command("go", "vet", "-x", "-vettool="+vetTool, "-json", "-ctxdrop", "-spanend", "./clean", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go vet: %v\n%s", err, out)
		}
		return string(out)
	}
	if first := vet(); !strings.Contains(first, "vet.cfg") {
		t.Fatalf("the first run ran no unit:\n%s", first)
	}
	if again := vet(); strings.Contains(again, "vet.cfg") {
		t.Errorf("the re-run ran units again:\n%s", again)
	}
}

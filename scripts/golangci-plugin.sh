#!/usr/bin/env bash
# Proves plugin/golangci, ctxtrace's golangci-lint v2 module plugin, with the
# real golangci-lint: builds a golangci-lint that includes the plugin, runs it
# on a copy of testdata/demo (plus a test file), and checks that its findings
# (file:line:col and message) are exactly ctxlint's for the same analyzers,
# once with default settings and once with every plugin setting flipped, and
# that a misspelt setting stops golangci-lint with an error naming it.
#
#   scripts/golangci-plugin.sh [-recipe]
#
# The build is `golangci-lint custom` reading a .custom-gcl.yml that names
# the plugin by path to this checkout, as README shows. custom clones
# golangci-lint's repository from GitHub; where only the Go module proxy is
# reachable, git's clone is redirected (through GIT_CONFIG_*, which custom
# passes on to git) to a local repository made from the pinned version's
# module zip, the same tree. -recipe skips custom and does by hand what it
# automates: a module requiring golangci-lint and this checkout,
# golangci-lint's cmd/golangci-lint/main.go plus a plugins.go importing the
# plugin, go mod tidy, go build.
#
# Needs the Go module proxy. GCL_VERSION overrides the pinned golangci-lint.
# Prints both lists of findings, the verdict and the time each step took.
# Exit status 0 when the findings match, 1 when they differ or a step fails,
# 2 for bad usage.
set -euo pipefail

usage() {
	echo "usage: scripts/golangci-plugin.sh [-recipe]" >&2
	exit 2
}
mode=custom
case $# in
0) ;;
1) [ "$1" = -recipe ] || usage; mode=recipe ;;
*) usage ;;
esac

gcl_version=${GCL_VERSION:-v2.15.0}
gcl_module=github.com/golangci/golangci-lint/v2
plugin_module=github.com/ctxtrace/ctxtrace
plugin_import=$plugin_module/plugin/golangci

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A go.work above the caller's directory must not pull this checkout or the
# scratch modules into someone else's workspace.
export GOWORK=off
# Results cached from an earlier build of the plugin must not stand in for
# this one's.
export GOLANGCI_LINT_CACHE=$work/gcl-cache

timings=()
step_start=$SECONDS
script_start=$SECONDS
step_done() {
	timings+=("$(printf '%-40s %4ds' "$1" $((SECONDS - step_start)))")
	step_start=$SECONDS
}
fail() {
	echo "golangci-plugin.sh: $*" >&2
	exit 1
}

# gcl_source prints the directory of the pinned golangci-lint's module zip,
# downloading it from the proxy if needed.
gcl_source() {
	local dir
	dir=$(cd "$work" && go mod download -json "$gcl_module@$gcl_version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -d "$dir" ] || fail "go mod download $gcl_module@$gcl_version gave no directory"
	printf '%s\n' "$dir"
}

build_with_custom() {
	local src mirror build=$work/build
	src=$(gcl_source)
	(cd "$work" && GOBIN=$work/bin go install "$gcl_module/cmd/golangci-lint@$gcl_version") ||
		fail "go install golangci-lint $gcl_version failed"
	step_done "build golangci-lint $gcl_version"

	mirror=$work/golangci-lint.git
	cp -R "$src/." "$mirror"
	chmod -R u+w "$mirror"
	# Run in the mirror with the caller's git environment (a hook's GIT_DIR,
	# say) and configuration (signing, hooks) kept out.
	(
		cd "$mirror"
		unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR
		g() { git -c user.name=ctxtrace -c user.email=ctxtrace@example.invalid \
			-c commit.gpgsign=false -c tag.gpgsign=false -c core.hooksPath=/dev/null "$@"; }
		g init -q
		g add -A
		g commit -q --no-verify -m "golangci-lint $gcl_version from the module proxy"
		g tag "$gcl_version"
	) || fail "making a local golangci-lint repository failed"

	mkdir "$build"
	cat >"$build/.custom-gcl.yml" <<YML
version: $gcl_version
name: custom-gcl
plugins:
  - module: $plugin_module
    import: $plugin_import
    path: $repo
YML
	(cd "$build" && GIT_CONFIG_COUNT=1 \
		GIT_CONFIG_KEY_0="url.$mirror.insteadOf" \
		GIT_CONFIG_VALUE_0=https://github.com/golangci/golangci-lint.git \
		"$work/bin/golangci-lint" custom) || fail "golangci-lint custom failed"
	gcl=$build/custom-gcl
	step_done "golangci-lint custom (plugin build)"
}

build_with_recipe() {
	local src build=$work/build
	src=$(gcl_source)
	mkdir "$build"
	cp "$src/cmd/golangci-lint/main.go" "$build/main.go"
	chmod u+w "$build/main.go"
	printf 'package main\n\nimport _ "%s"\n' "$plugin_import" >"$build/plugins.go"
	printf 'module custom-gcl\n\ngo 1.26.0\n' >"$build/go.mod"
	(
		cd "$build"
		go mod edit -require="$gcl_module@$gcl_version" \
			-require="$plugin_module@v0.0.0-00010101000000-000000000000" \
			-replace="$plugin_module=$repo"
		go mod tidy
		go build -ldflags "-s -w -X 'main.version=${gcl_version#v}-custom-gcl' -X 'main.date=$(date -u)'" \
			-o custom-gcl .
	) || fail "building golangci-lint $gcl_version with the plugin failed"
	gcl=$build/custom-gcl
	step_done "build golangci-lint $gcl_version + plugin"
}

echo "== building golangci-lint $gcl_version with plugin/golangci ($mode)"
gcl=
"build_with_$mode"
"$gcl" version

echo "== building ctxlint"
(cd "$repo" && go build -o "$work/ctxlint" ./cmd/ctxlint) || fail "building ctxlint failed"
step_done "build ctxlint"

# The sample: the demo, with one finding per analyzer, and a test file whose
# dropped context only ctxdrop.tests=false silences. spanend.record-error
# adds a finding on the demo's lookup.
sample=$work/sample
cp -R "$repo/testdata/demo" "$sample"
(cd "$sample" && go mod edit -replace="$plugin_module=$repo")
cat >"$sample/demo_test.go" <<'GO'
package main

import (
	"context"
	"testing"
)

func lookupAll(ctx context.Context, ids []string) {
	for _, id := range ids {
		_, _ = lookup(context.TODO(), id)
	}
}

func TestLookupAll(t *testing.T) {
	lookupAll(t.Context(), []string{"1", "2"})
}
GO

# run_gcl NAME SETTINGS_YAML writes .golangci.yml enabling only the ctxtrace
# linter with SETTINGS_YAML as its settings block, runs the built
# golangci-lint, keeps its output in $work/NAME.gcl.raw, and prints
# "path:line:col: message" per finding.
run_gcl() {
	cat >"$sample/.golangci.yml" <<YML
version: "2"
linters:
  default: none
  enable:
    - ctxtrace
  settings:
    custom:
      ctxtrace:
        type: module
        description: dropped contexts, unended spans, races on shared records
        original-url: https://github.com/ctxtrace/ctxtrace
$2
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
YML
	(cd "$sample" && "$gcl" run --issues-exit-code=0 --show-stats=false --path-mode=abs \
		--output.text.print-issued-lines=false --output.text.colors=false ./...) \
		>"$work/$1.gcl.raw" 2>"$work/gcl.err" ||
		{ cat "$work/gcl.err" >&2; fail "golangci-lint run failed"; }
	# golangci-lint prefixes each message with its analyzer's name and ends
	# it with the linter's; anything else (typecheck, another linter) stays
	# as it is and cannot match a line of ctxlint's.
	sed -E 's/^([^ ]+:[0-9]+:[0-9]+: )[a-z0-9]+: (.*) \(ctxtrace\)$/\1\2/' "$work/$1.gcl.raw"
}

# run_ctxlint FLAGS... prints ctxlint's findings with ctxtrace's analyzers.
run_ctxlint() {
	local status=0
	(cd "$sample" && "$work/ctxlint" -ctxdrop -spanend -recordrace "$@" ./...) >"$work/ctxlint.out" 2>&1 || status=$?
	case $status in
	0 | 3) cat "$work/ctxlint.out" ;;
	*) cat "$work/ctxlint.out" >&2; fail "ctxlint exited $status" ;;
	esac
}

verdict=0
# compare NAME GCL_LIST CTXLINT_LIST prints both lists, paths relative to
# the sample, and whether they are the same set.
compare() {
	local name=$1
	printf '%s\n' "$2" | sed -e "s|^$sample/||" -e '/^$/d' | sort >"$work/$name.gcl"
	printf '%s\n' "$3" | sed -e "s|^$sample/||" -e '/^$/d' | sort >"$work/$name.ctxlint"
	echo "-- golangci-lint ($name):"
	cat "$work/$name.gcl"
	echo "-- ctxlint ($name):"
	cat "$work/$name.ctxlint"
	if [ ! -s "$work/$name.ctxlint" ]; then
		echo "MISMATCH ($name): ctxlint found nothing, so there is nothing to compare"
		verdict=1
	elif diff -u "$work/$name.ctxlint" "$work/$name.gcl" >"$work/$name.diff"; then
		echo "MATCH ($name): $(wc -l <"$work/$name.gcl") findings"
	else
		echo "MISMATCH ($name): diff ctxlint golangci-lint:"
		cat "$work/$name.diff"
		verdict=1
	fi
}

echo "== default settings"
gcl_default=$(run_gcl defaults "")
step_done "golangci-lint run (defaults)"
ctx_default=$(run_ctxlint)
step_done "ctxlint run (defaults)"
compare defaults "$gcl_default" "$ctx_default"
for analyzer in ctxdrop spanend recordrace; do
	grep -q ": $analyzer: " "$work/defaults.gcl.raw" || {
		echo "MISMATCH: golangci-lint reported nothing from $analyzer; the sample should give one finding each"
		verdict=1
	}
done

echo "== settings: ctxdrop.tests=false, spanend.record-error=true"
gcl_set=$(run_gcl settings "        settings:
          ctxdrop:
            tests: false
          spanend:
            record-error: true")
step_done "golangci-lint run (settings)"
ctx_set=$(run_ctxlint -ctxdrop.tests=false -spanend.record-error)
step_done "ctxlint run (settings)"
compare settings "$gcl_set" "$ctx_set"
if [ "$gcl_set" = "$gcl_default" ]; then
	echo "MISMATCH: the settings changed nothing in golangci-lint's findings; they did not reach the analyzers"
	verdict=1
fi

echo "== an unknown setting"
run_gcl_status=0
cat >"$sample/.golangci.yml" <<'YML'
version: "2"
linters:
  default: none
  enable: [ctxtrace]
  settings:
    custom:
      ctxtrace:
        type: module
        settings:
          ctxdrop:
            test: false
YML
(cd "$sample" && "$gcl" run ./...) >"$work/bad.out" 2>&1 || run_gcl_status=$?
cat "$work/bad.out"
if [ "$run_gcl_status" -eq 0 ] || ! grep -qF 'unknown field "test"' "$work/bad.out"; then
	echo "MISMATCH: golangci-lint accepted ctxdrop.test (exit $run_gcl_status) or did not name it"
	verdict=1
else
	echo "OK: rejected, exit status $run_gcl_status"
fi

echo "== timings"
printf '%s\n' "${timings[@]}"
printf '%-40s %4ds\n' "total" $((SECONDS - script_start))
if [ "$verdict" -eq 0 ]; then
	echo "VERDICT: golangci-lint with plugin/golangci reports exactly ctxlint's findings"
else
	echo "VERDICT: golangci-lint's findings differ from ctxlint's"
fi
exit "$verdict"

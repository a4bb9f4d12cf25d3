#!/usr/bin/env bash
# Proves .pre-commit-hooks.yaml with the real pre-commit: for each hook, a
# sample git repository that must fail it and one that must pass it, each
# run as users would try it, `pre-commit try-repo <this repo> <hook>
# --all-files`. Run from anywhere on a machine with go, git and pre-commit
# (installs nothing; .ci/run installs pre-commit when it is missing):
#
#   scripts/precommit-test.sh
#
# It needs the Go module proxy only to fill the module cache (go mod
# download); pre-commit and the hooks then run with GOPROXY=off, which
# shows they need nothing from the network. PRECOMMIT_TEST_KEEP=1 keeps the
# scratch directory. Exit status 0 when every case behaves, 1 otherwise,
# 2 when a prerequisite is missing.
set -euo pipefail
start=$SECONDS
repo=$(cd "$(dirname "$0")/.." && pwd)
me=scripts/precommit-test.sh

for tool in go git pre-commit; do
	command -v "$tool" >/dev/null || {
		echo "$me: $tool not found on PATH (pre-commit: apt-get install -y pre-commit or pip install pre-commit)" >&2
		exit 2
	}
done
echo "$(pre-commit --version), $(go version)"

work=$(mktemp -d)
cleanup() {
	if [ "${PRECOMMIT_TEST_KEEP:-}" = 1 ]; then
		echo "kept $work"
		return
	fi
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/tmp" "$work/bin"

# pre-commit's golang language sets GOPATH to its own environment directory,
# which would move the module cache there too (empty, and deleted after the
# build); pinning GOMODCACHE keeps the machine's cache in use.
GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE
(cd "$repo" && go mod download) || {
	echo "$me: go mod download failed in $repo (is the Go module proxy reachable?)" >&2
	exit 2
}
# PRE_COMMIT_HOME keeps pre-commit's store and log out of ~/.cache.
export GOPROXY=off GOSUMDB=off TMPDIR="$work/tmp" PRE_COMMIT_HOME="$work/pre-commit-home"

# try-repo sees HEAD plus changes to tracked files, not untracked ones. On a
# fresh clone (CI) there are none and the repository is tried as it is; in a
# working tree with new files (the hooks file itself, before its first
# commit) a one-commit copy of the tree is tried instead, so that what is
# tested is what is on disk.
hooks_repo=$repo
untracked=$(git -C "$repo" ls-files --others --exclude-standard | wc -l)
if [ "$untracked" -gt 0 ]; then
	hooks_repo=$work/snapshot
	mkdir -p "$hooks_repo"
	git -C "$repo" ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			if [ -e "$repo/$f" ]; then printf '%s\0' "$f"; fi
		done |
		tar -C "$repo" --null -T - -cf - | tar -C "$hooks_repo" -xf -
	git -C "$hooks_repo" init -q
	git -C "$hooks_repo" add -A
	git -C "$hooks_repo" -c user.name=precommit-test -c user.email=precommit-test@localhost \
		commit -q --no-gpg-sign -m "working tree of $repo"
	echo "$repo has $untracked untracked files that try-repo would not see: trying a snapshot of the working tree"
fi
if [ ! -f "$hooks_repo/.pre-commit-hooks.yaml" ]; then
	echo "$me: $hooks_repo has no .pre-commit-hooks.yaml" >&2
	exit 1
fi

# The samples are instrumented with the otelgen these hooks are built from.
(cd "$hooks_repo" && go build -o "$work/bin/otelgen" ./cmd/otelgen)

# sample_repo DIR makes DIR a git repository holding its files; pre-commit
# lists files from the index, so nothing needs committing.
sample_repo() {
	git -C "$1" init -q
	git -C "$1" add -A
}

# --- ctxlint samples: the same code with and without a dropped context.
write_lint_sample() { # DIR CTX_EXPR
	mkdir -p "$1"
	printf 'module example.com/lintsample\n\ngo 1.26\n' >"$1/go.mod"
	cat >"$1/refresh.go" <<EOF
package lintsample

import (
	"context"
	"time"
)

// Refresh warms the cache for keys, one goroutine per key.
func Refresh(ctx context.Context, keys []string) {
	for _, k := range keys {
		go fetch($2, k)
	}
}

func fetch(ctx context.Context, key string) {
	select {
	case <-ctx.Done():
	case <-time.After(time.Millisecond):
	}
	_ = key
}
EOF
	sample_repo "$1"
}
write_lint_sample "$work/lint-finding" "context.Background()"
write_lint_sample "$work/lint-clean" "ctx"
drop_line=$(grep -n 'context.Background()' "$work/lint-finding/refresh.go" | cut -d: -f1)

# --- otelgen samples: a function with a goroutine feeding a channel
# pipeline, so the instrumented code needs the otel API and the envelope
# otelgen writes into the package; the module requires nothing, and -w
# adds the requirements.
otel_dir=$work/otel-instrumented
mkdir -p "$otel_dir"
cat >"$otel_dir/go.mod" <<EOF
module example.com/otelsample

go 1.26
EOF
cat >"$otel_dir/squares.go" <<'EOF'
package otelsample

import "context"

// SumSquares squares ns in a pipeline: a goroutine feeds the numbers in,
// the caller squares and adds them.
func SumSquares(ctx context.Context, ns []int) int {
	in := make(chan int)
	go func() {
		defer close(in)
		for _, n := range ns {
			in <- n
		}
	}()
	total := 0
	for n := range in {
		total += square(ctx, n)
	}
	return total
}

// square does too little for a span by default, and asks for one, so that
// renaming it leaves a stale span name.
//
//otelgen:span
func square(ctx context.Context, n int) int {
	_ = ctx
	return n * n
}
EOF
cp "$otel_dir/squares.go" "$work/squares.go.plain"
(cd "$otel_dir" && "$work/bin/otelgen" -w ./...) >"$work/otelgen.err" 2>&1 || {
	cat "$work/otelgen.err" >&2
	echo "$me: otelgen -w failed on the sample" >&2
	exit 1
}
# The output builds as -w left it, go.mod included.
(cd "$otel_dir" && go build ./...) 2>"$work/resolve.err" || {
	cat "$work/resolve.err" >&2
	echo "$me: the instrumented sample does not build as otelgen -w left it" >&2
	exit 1
}
grep -q 'otelgenItem\[int\]' "$otel_dir/squares.go" && [ -f "$otel_dir/otelgen_gen.go" ] || {
	echo "$me: otelgen -w did not carry the pipeline's context (no otelgenItem envelope); the sample no longer exercises it" >&2
	exit 1
}

# Missing: the same module and code, before otelgen -w.
missing_dir=$work/otel-missing
mkdir -p "$missing_dir"
cp "$otel_dir/go.mod" "$otel_dir/go.sum" "$missing_dir/"
cp "$work/squares.go.plain" "$missing_dir/squares.go"

# Stale: instrumented, then square renamed by hand; its span keeps the old name.
stale_dir=$work/otel-stale
cp -r "$otel_dir" "$stale_dir"
sed -i -e 's/^func square(/func squared(/' -e 's/\bsquare(ctx, n)/squared(ctx, n)/' "$stale_dir/squares.go"
if ! grep -q '^func squared(' "$stale_dir/squares.go" || grep -q '\bsquare(' "$stale_dir/squares.go"; then
	echo "$me: renaming square in the stale sample failed; otelgen's output changed shape:" >&2
	cat "$stale_dir/squares.go" >&2
	exit 1
fi

for d in "$otel_dir" "$missing_dir" "$stale_dir"; do sample_repo "$d"; done

# run_case NAME HOOK DIR pass
# run_case NAME HOOK DIR fail HOOK_EXIT TEXT...
# runs try-repo in DIR. A passing case must show the hook as Passed, not
# Skipped. A failing case must show the hook's own exit code (3 is ctxlint's
# "findings", 1 is otelgen -check's "would change"; anything else means the
# hook broke rather than found something) and every TEXT.
failures=0
run_case() {
	local name=$1 hook=$2 dir=$3 want=$4 want_exit=${5:-}
	shift 4
	[ "$#" -eq 0 ] || shift
	local t0=$SECONDS out status verdict=ok why="" text
	echo
	echo "=== $name: (cd $dir && pre-commit try-repo --color never $hooks_repo $hook --all-files)"
	set +e
	out=$(cd "$dir" && pre-commit try-repo --color never "$hooks_repo" "$hook" --all-files 2>&1)
	status=$?
	set -e
	# The hook's report, without try-repo's echo of its generated config.
	printf '%s\n' "$out" | sed -n '/^[a-z][a-z -]*\.\.\.\.*/,$p' | sed 's/^/    /'
	local result_line
	result_line=$(printf '%s\n' "$out" | grep -E '\.{3,}(Passed|Failed|Skipped|\(no files to check\)Skipped)$' | head -n1 || true)
	case $want in
	pass)
		if [ "$status" -ne 0 ]; then
			verdict=FAIL why="pre-commit exited $status, want 0"
		elif [[ $result_line != *Passed ]]; then
			verdict=FAIL why="hook did not run and pass: ${result_line:-no result line}"
		fi
		;;
	fail)
		if [ "$status" -eq 0 ]; then
			verdict=FAIL why="pre-commit exited 0, want non-zero"
		elif [[ $result_line != *Failed ]]; then
			verdict=FAIL why="hook did not fail: ${result_line:-no result line}"
		elif ! grep -qx -- "- exit code: $want_exit" <<<"$out"; then
			verdict=FAIL why="hook's exit code is not $want_exit: $(grep -- '- exit code:' <<<"$out" || echo none)"
		else
			for text in "$@"; do
				if ! grep -qF -- "$text" <<<"$out"; then
					verdict=FAIL why="output lacks: $text"
					break
				fi
			done
		fi
		;;
	esac
	if [ "$verdict" = ok ]; then
		case $want in
		pass) why="pre-commit exited 0, hook Passed" ;;
		fail) why="pre-commit exited $status, hook exit code $want_exit, output has: $(printf '"%s" ' "$@")" ;;
		esac
		echo "--- ok   $name ($((SECONDS - t0))s): $why"
	else
		failures=$((failures + 1))
		echo "--- FAIL $name ($((SECONDS - t0))s): $why"
		echo "    full pre-commit output:"
		printf '%s\n' "$out" | sed 's/^/    | /'
	fi
}

run_case lint-finding ctxlint "$work/lint-finding" fail 3 \
	"refresh.go:$drop_line:" "context.Background() drops ctx, the caller's context; pass ctx"
run_case lint-clean ctxlint "$work/lint-clean" pass
run_case otelgen-missing otelgen-check "$missing_dir" fail 1 squares.go
run_case otelgen-stale otelgen-check "$stale_dir" fail 1 squares.go
run_case otelgen-instrumented otelgen-check "$otel_dir" pass

echo
if [ "$failures" -gt 0 ]; then
	echo "FAIL: $failures of 5 pre-commit cases misbehaved ($((SECONDS - start))s)"
	exit 1
fi
echo "ok: both hooks fail on a finding and pass on clean code under the real pre-commit ($((SECONDS - start))s)"

#!/usr/bin/env bash
# Checks that otelgen preserves the behaviour of real projects: each module
# is fetched from the module proxy into a writable temporary copy, tested,
# rewritten with `otelgen -w ./...`, tested again, and stripped.
#
#   bash bench/realworld.sh                      # from anywhere; the default modules
#   bash bench/realworld.sh example.com/m@v1.2.3 # other modules (module@version ...)
#   KEEP=1 bash bench/realworld.sh               # keep the work directory even on success
#   TEST_TIMEOUT=10m OTEL_VERSION=v1.47.0 ...     # go test -timeout (default 3m); the otel API version
#   OTELGEN=/path/to/otelgen bash bench/realworld.sh  # check another otelgen build (an older one, say)
#   BENCH=. BENCHTIME=1s bash bench/realworld.sh m@v   # also compare the benchmarks matching BENCH, before and after -w
#
# Needs Go, jq and the module proxy. Per module it checks, and prints a
# summary of:
#   1. before: go build, go vet, go test -race -json (the set of tests that
#      pass) and ctxlint -json (the findings), on the module as published;
#   2. deps: in a copy, the module's go.mod gets go.opentelemetry.io/otel
#      and otel/sdk/trace at $OTEL_VERSION, then go test -race again. That
#      upgrade can raise the go directive and the versions of shared
#      dependencies (testify, say), which can change behaviour on its own:
#      this stage tells such a change apart from one otelgen makes;
#   3. after: on the module as published, with no hand edit of go.mod,
#      otelgen -w ./... (which adds what the injected code needs to go.mod
#      itself), then go build, go vet, go test -race: the same
#      set of tests passes as in 1 (the set, compared test by test, not just
#      "ok"); ctxlint reports nothing that it did not report in 1 (findings
#      compared by analyzer, file and message, with "line N" in messages
#      masked, since injected lines shift line numbers). Then the tests once
#      more with the SDK installed and sampling every span (a test file added
#      through -overlay, the tree untouched): with the default no-op provider
#      the injected code that runs only for recording spans never runs (the
#      SDK the test file needs is required in a -modfile copy of go.mod).
#      That run counts spans started, those never ended (still open when
#      their test binary exits) and spans per passing test, and names the
#      most frequent;
#   4. a second otelgen -w ./... changes no file (checksums of every .go file,
#      go.mod and go.sum);
#   5. otelgen -strip -w ./... restores every .go file byte for byte, with its
#      permissions, and adds or removes none (otelgen_gen.go included); go.mod
#      is restored byte for byte; go.sum keeps no line the module graph does
#      not need (a stale line of the original may go).
# The exit status is 1 if any check fails for any module, 2 for a bad
# command line; a failed module's work directory is kept for inspection.
#
# The modules are code made of goroutines, channels and contexts, whose own
# race-enabled tests exercise it in-process, so that an injected span or
# envelope that changes behaviour shows up there:
#   github.com/sourcegraph/conc@v0.3.0       structured concurrency: pools, streams, context pools
#   github.com/gammazero/workerpool@v1.3.0   a worker pool fed through channels
#   github.com/panjf2000/ants/v2@v2.12.1     a goroutine pool with context-aware release
#   github.com/alitto/pond/v2@v2.7.1         a worker pool with task groups and context-bound pools
#   github.com/ThreeDotsLabs/watermill@v1.4.7  pub/sub with an in-process channel broker and a router
#   golang.org/x/sync@v0.25.0                errgroup, semaphore, singleflight
#   github.com/go-chi/chi/v5@v5.5.0          an HTTP router and middlewares, tested with httptest
#   github.com/coder/websocket@v1.8.15       a websocket client and server talking in-process
set -euo pipefail

OTEL_VERSION=${OTEL_VERSION:-v1.47.0}
TEST_TIMEOUT=${TEST_TIMEOUT:-3m}

if [ $# -eq 0 ]; then
	set -- github.com/sourcegraph/conc@v0.3.0 github.com/gammazero/workerpool@v1.3.0 \
		github.com/panjf2000/ants/v2@v2.12.1 github.com/alitto/pond/v2@v2.7.1 github.com/ThreeDotsLabs/watermill@v1.4.7 \
		golang.org/x/sync@v0.25.0 github.com/go-chi/chi/v5@v5.5.0 github.com/coder/websocket@v1.8.15
fi
for m in "$@"; do
	case $m in
	-*)
		echo "usage: realworld.sh [module@version ...]" >&2
		exit 2
		;;
	*@*) ;;
	*)
		echo "realworld: $m: want module@version" >&2
		exit 2
		;;
	esac
done
for tool in go jq; do
	command -v "$tool" >/dev/null || {
		echo "realworld: $tool not found in PATH" >&2
		exit 2
	}
done

repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
keep=${KEEP:-}
cleanup() {
	if [ -z "$keep" ]; then
		chmod -R u+w "$tmp" 2>/dev/null
		rm -rf "$tmp"
	else
		echo "realworld: work directory kept: $tmp" >&2
	fi
}
trap cleanup EXIT

# The go directive a dependency asks for must not make the go command fetch
# a toolchain: the run would then test a different Go than the one named.
export GOTOOLCHAIN=local
# otelgen's build-time cache is not used by -w, but keep it out of the
# user's cache all the same.
export OTELGEN_CACHE=$tmp/otelgen-cache

(cd "$repo" && go build -o "$tmp/bin/" ./cmd/otelgen ./cmd/ctxlint) || {
	echo "realworld: building otelgen and ctxlint in $repo failed" >&2
	exit 1
}
otelgen=${OTELGEN:-$tmp/bin/otelgen}
ctxlint=$tmp/bin/ctxlint
if [ -n "${OTELGEN:-}" ] && [ ! -x "$OTELGEN" ]; then
	echo "realworld: OTELGEN=$OTELGEN is not an executable" >&2
	exit 2
fi

# step DIR LOG CMD... runs CMD in DIR with its output in LOG and returns its
# exit status, without stopping the script.
step() {
	local dir=$1 log=$2
	shift 2
	echo "\$ $*" >"$log"
	(cd "$dir" && "$@") >>"$log" 2>&1
}

# passing FILE prints, sorted, "package test" for every test (and
# "package (package)" for every package) that go test -json reported as
# passed. Lines that are not JSON (a build failure's text) are skipped.
# UUIDs in test names (subtests named after a random ID) become <uuid>.
passing() {
	jq -rR --arg a pass "$testline" "$1" | sort -u
}
failing() {
	jq -rR --arg a fail "$testline" "$1" | sort -u
}
testline='fromjson? | select(.Action == $a) | "\(.Package) \(.Test // "(package)" | gsub("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"; "<uuid>"))"'

# lost FROM TO prints the tests that passed in stage FROM and not in TO.
lost() {
	comm -23 "$logs/$1-pass" "$logs/$2-pass"
}

# retry DIR STAGE runs once more, alone, each top-level test that passed
# before and not in STAGE, and adds what passes then to STAGE's set,
# listing those tests in $logs/STAGE-flaky: a test that fails under load
# and passes on its own is flaky, not broken by the rewrite. GOFLAGS is
# the stage's.
retry() {
	local dir=$1 stage=$2 pkg test
	: >"$logs/$stage-flaky"
	lost before "$stage" | grep -v ' (package)$' | sed 's|^\([^ ]*\) \([^/]*\)/.*|\1 \2|' | sort -u | while read -r pkg test; do
		(cd "$dir" && go test -race -count=1 -timeout="$TEST_TIMEOUT" -json -run "^${test}\$" "$pkg" >"$logs/$stage-retry.json" 2>/dev/null) || true
		if passing "$logs/$stage-retry.json" | grep -qxF "$pkg $test"; then
			echo "$pkg $test" >>"$logs/$stage-flaky"
			passing "$logs/$stage-retry.json" >>"$logs/$stage-pass"
		fi
	done
	sort -u -o "$logs/$stage-pass" "$logs/$stage-pass"
}

# flaky STAGE prints ", N passed only when run again: names" for the tests
# retry rescued in STAGE, or nothing.
flaky() {
	[ -s "$logs/$1-flaky" ] || return 0
	echo ", $(wc -l <"$logs/$1-flaky") passed only when run again: $(cut -d' ' -f2 "$logs/$1-flaky" | paste -sd, - | sed 's/,/, /g')"
}

# findings FILE ROOT prints, sorted, "analyzer<TAB>file<TAB>message" for
# every diagnostic in ctxlint -json output, with file relative to ROOT and
# "line N" in the message masked. An analyzer's error (the JSON object
# {"error": ...} in place of its list) is a finding too.
findings() {
	jq -r --arg root "$2/" '
		to_entries[] | .value | to_entries[] | .key as $a | .value |
		if type == "array" then
			.[] | "\($a)\t\(.posn | sub(":[0-9]+(:[0-9]+)?$"; "") | ltrimstr($root))\t\(.message | gsub("line [0-9]+"; "line N"))"
		else
			"\($a)\t(error)\t\(.error // tostring)"
		end' "$1" | sort -u
}

# gotest DIR STAGE runs the module's tests with the race detector into
# $logs/STAGE-test.json and writes the sets of passing and failing tests to
# $logs/STAGE-pass and $logs/STAGE-fail; it prints go test's exit status.
# A test binary that hangs (a deadlock the rewrite caused, say) is stopped
# after $TEST_TIMEOUT rather than go test's ten minutes.
gotest() {
	local dir=$1 stage=$2 status=0
	(cd "$dir" && go test -race -count=1 -timeout="$TEST_TIMEOUT" -json ./... >"$logs/$stage-test.json" 2>"$logs/$stage-test.err") || status=$?
	passing "$logs/$stage-test.json" >"$logs/$stage-pass"
	failing "$logs/$stage-test.json" >"$logs/$stage-fail"
	echo $status
}

# gobench DIR STAGE runs the module's benchmarks that match $BENCH (none
# when it is empty), with no SDK installed, into $logs/STAGE-bench; it
# fails when there is nothing to compare.
gobench() {
	local dir=$1 stage=$2
	[ -n "${BENCH:-}" ] || return 1
	(cd "$dir" && go test -run='^$' -bench="$BENCH" -benchmem -count=1 -benchtime="${BENCHTIME:-1s}" ./... >"$logs/$stage-bench" 2>&1) || true
	grep -q '^Benchmark' "$logs/$stage-bench"
}

# benchdiff prints, for every benchmark run both before and after, its
# ns/op and allocs/op before and after otelgen -w.
benchdiff() {
	echo "  benchmarks (no SDK), before -> after otelgen -w:"
	awk '
		FNR == 1 { stage++ }
		/^Benchmark/ {
			for (i = 3; i < NF; i++) {
				if ($(i + 1) == "ns/op") ns[stage, $1] = $i
				if ($(i + 1) == "allocs/op") allocs[stage, $1] = $i
			}
			if (stage == 1) order[++n] = $1
		}
		END {
			for (i = 1; i <= n; i++) {
				b = order[i]
				if ((2, b) in ns) printf "      %s: %s -> %s ns/op, %s -> %s allocs/op\n", b, ns[1, b], ns[2, b], allocs[1, b], allocs[2, b]
			}
		}' "$logs/before-bench" "$logs/after-bench"
}

# testdiff FROM TO prints which tests passed in stage FROM but not in stage
# TO (at most 15 lines), then, per package with a test that stopped
# passing, the lines of its output that say why: failures, panics (a
# timeout's included) and testify's error lines, with a little context.
testdiff() {
	local from=$1 to=$2 pkg
	lost "$from" "$to" | sed 's/^/      no longer passes: /' |
		awk 'NR <= 15 { print } END { if (NR > 15) printf "      ... and %d more\n", NR - 15 }'
	for pkg in $(lost "$from" "$to" | cut -d' ' -f1 | uniq); do
		echo "    output of $pkg (all of it in $logs/$to-test.json):"
		jq -jR --arg p "$pkg" 'fromjson? | select(.Action == "output" and .Package == $p) | .Output' "$logs/$to-test.json" |
			grep -E -A4 -e '--- FAIL|^panic:|Error( Trace)?:|^FAIL' | head -n 40 | sed 's/^/      | /'
	done
}

# sdk_overlay DIR OUT writes OUT/overlay.json, a go command overlay that
# adds to every package under DIR that has tests an internal test file
# installing an SDK tracer provider that samples every span, and prints how
# many packages it covers. Packages with no tests get none: a test file
# would turn their "no test files" into a pass.
sdk_overlay() {
	local dir=$1 out=$2 pkgdir pkgname n=0 sep=""
	mkdir -p "$out"
	(cd "$dir" && go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.Dir}} {{.Name}}{{end}}' ./...) >"$out/packages" || return 1
	printf '{"Replace": {' >"$out/overlay.json"
	while read -r pkgdir pkgname; do
		[ -n "$pkgdir" ] || continue
		n=$((n + 1))
		cat >"$out/sdk$n.go" <<EOF
package $pkgname

import (
	zzcontext "context"
	zzfmt "fmt"
	zzos "os"
	zzsync "sync"

	otelapi "go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// zzRealworldSpans writes a line per span started (S) and ended (E), so
// that the script can count spans and those that never end.
type zzRealworldSpans struct {
	mu zzsync.Mutex
	f  *zzos.File
}

func (c *zzRealworldSpans) OnStart(_ zzcontext.Context, s sdktrace.ReadWriteSpan) { c.write("S", s.Name()) }
func (c *zzRealworldSpans) OnEnd(s sdktrace.ReadOnlySpan)                        { c.write("E", s.Name()) }
func (c *zzRealworldSpans) Shutdown(zzcontext.Context) error                     { return nil }
func (c *zzRealworldSpans) ForceFlush(zzcontext.Context) error                   { return nil }

func (c *zzRealworldSpans) write(kind, name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	zzfmt.Fprintf(c.f, "%s\t%s\n", kind, name)
}

func init() {
	opts := []sdktrace.TracerProviderOption{sdktrace.WithSampler(sdktrace.AlwaysSample())}
	if dir := zzos.Getenv("REALWORLD_SPANS"); dir != "" {
		if f, err := zzos.CreateTemp(dir, "spans-*.txt"); err == nil {
			opts = append(opts, sdktrace.WithSpanProcessor(&zzRealworldSpans{f: f}))
		}
	}
	otelapi.SetTracerProvider(sdktrace.NewTracerProvider(opts...))
}
EOF
		printf '%s%s: %s' "$sep" "$(jq -n --arg s "$pkgdir/zz_realworld_sdk_test.go" '$s')" \
			"$(jq -n --arg s "$out/sdk$n.go" '$s')" >>"$out/overlay.json"
		sep=", "
	done <"$out/packages"
	printf '}}\n' >>"$out/overlay.json"
	jq -e . "$out/overlay.json" >/dev/null || return 1
	# The test file needs the SDK, which the module need not require: a
	# -modfile copy of go.mod does, so the tree stays as otelgen left it.
	cp "$dir/go.mod" "$out/go.mod" || return 1
	if [ -f "$dir/go.sum" ]; then cp "$dir/go.sum" "$out/go.sum" || return 1; fi
	(cd "$dir" && go get -modfile="$out/go.mod" "go.opentelemetry.io/otel/sdk/trace@$OTEL_VERSION" &&
		go get -modfile="$out/go.mod" -t ./...) >&2 || return 1
	echo $n
}

# span_summary DIR TESTS prints what the SDK run's span files in DIR
# record: spans started, how many of them never ended (still open when
# their test binary exited: a span around a loop that outlives its test,
# say), spans per passing test (TESTS of them), and the five most frequent
# span names with their counts.
span_summary() {
	local dir=$1 tests=$2 started ended top
	started=$(cat "$dir"/spans-*.txt 2>/dev/null | grep -c '^S' || true)
	ended=$(cat "$dir"/spans-*.txt 2>/dev/null | grep -c '^E' || true)
	top=$(cat "$dir"/spans-*.txt 2>/dev/null | sed -n 's/^S\t//p' | sort | uniq -c | sort -rn | head -n 5 |
		sed -E 's/^ *([0-9]+) (.*)$/\2 (\1)/' | paste -sd';' - | sed 's/;/; /g')
	echo "  spans, SDK run: $started started, $((started - ended)) never ended, $(awk -v s="$started" -v t="$tests" 'BEGIN { if (t > 0) printf "%.1f", s / t; else printf "-" }') per passing test; most started: ${top:-none}"
}

# gofiles DIR prints every .go file under DIR, relative to it, sorted.
gofiles() {
	(cd "$1" && find . -name '*.go' -type f | LC_ALL=C sort)
}

# treesums DIR prints a checksum line for every .go file, go.mod and go.sum
# under DIR, sorted by name.
treesums() {
	(cd "$1" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) -print0 |
		LC_ALL=C sort -z | xargs -0 sha256sum)
}

# mode FILE prints FILE's permission bits (GNU stat, then BSD stat).
mode() {
	stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"
}

# tail_log LOG prints the end of a failed step's output, indented.
tail_log() {
	tail -n 25 "$1" | sed 's/^/      | /'
}

# check_project MODULE@VERSION runs every stage on one module and prints
# its summary; it returns 1 if any check failed.
check_project() {
	local mv=$1 name work orig logs dir
	name=$(basename "${mv%@*}")@${mv##*@}
	work=$tmp/$name/src
	orig=$tmp/$name/orig
	logs=$tmp/$name/logs
	mkdir -p "$logs"
	local failures=()
	fail() {
		failures+=("$1")
		echo "  FAIL: $1"
		if [ $# -gt 1 ]; then tail_log "$2"; fi
	}

	echo "== $mv"
	# Outside any module, so the fetch ignores whatever module the caller is in.
	dir=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "$mv" |
		jq -r '.Dir // empty') || true
	if [ -z "$dir" ]; then
		echo "  FAIL: go mod download $mv reported no directory"
		return 1
	fi
	if ! cp -R "$dir" "$work" || ! chmod -R u+w "$work" || ! cp -Rp "$work" "$orig"; then
		echo "  FAIL: copying $dir to $work"
		return 1
	fi
	if ! step "$work" "$logs/download" go mod download; then
		fail "go mod download in the copy" "$logs/download"
		return 1
	fi

	# 1. before
	step "$work" "$logs/before-build" go build ./... || fail "before: go build ./..." "$logs/before-build"
	step "$work" "$logs/before-vet" go vet ./... || fail "before: go vet ./..." "$logs/before-vet"
	local test_status
	test_status=$(gotest "$work" before)
	gobench "$work" before || true
	local lint_status=0
	(cd "$work" && "$ctxlint" -json ./... >"$logs/before-lint.json" 2>"$logs/before-lint.err") || lint_status=$?
	[ $lint_status -eq 0 ] || fail "before: ctxlint -json ./... exit status $lint_status" "$logs/before-lint.err"
	findings "$logs/before-lint.json" "$work" >"$logs/before-findings" || fail "before: reading ctxlint -json output" "$logs/before-lint.json"
	echo "  before: $(wc -l <"$logs/before-pass") tests and packages pass, $(wc -l <"$logs/before-fail") fail (go test exit status $test_status); ctxlint: $(wc -l <"$logs/before-findings") findings"
	if [ -s "$logs/before-findings" ]; then sed 's/^/      /' "$logs/before-findings"; fi
	if [ -s "$logs/before-fail" ]; then
		echo "    failing before any change (left out of the comparison):"
		sed 's/^/      /' "$logs/before-fail"
	fi

	# 2. deps: what the injected imports need, before any source changes,
	# in a copy. go get -t ./... records the checksums of the test
	# dependencies that the upgrade moved (go vet and go test need them).
	local deps=$tmp/$name/deps
	if ! cp -Rp "$orig" "$deps"; then
		echo "  FAIL: copying $orig to $deps"
		return 1
	fi
	if ! step "$deps" "$logs/deps-get" go get "go.opentelemetry.io/otel@$OTEL_VERSION" \
		"go.opentelemetry.io/otel/sdk/trace@$OTEL_VERSION"; then
		fail "deps: go get" "$logs/deps-get"
		return 1
	fi
	if ! step "$deps" "$logs/deps-get-t" go get -t ./...; then
		fail "deps: go get -t ./..." "$logs/deps-get-t"
		return 1
	fi
	local gomod_change
	gomod_change=$(cat "$logs/deps-get" "$logs/deps-get-t" | grep -E "^go: (upgraded|downgraded)" | sed "s/^go: //" | paste -sd";" - | sed "s/;/; /g" || true)
	test_status=$(gotest "$deps" deps)
	retry "$deps" deps
	echo "  deps: go.mod: ${gomod_change:-no upgrades}"
	if [ -z "$(lost before deps)" ]; then
		echo "  deps: every test that passed before passes$(flaky deps)"
	else
		# Not otelgen's doing, but it makes step 3's comparison meaningless.
		fail "deps: the go.mod upgrade alone changes which tests pass (go test exit status $test_status):"
		testdiff before deps
	fi

	# 3. after otelgen -w, on the module as published: go.mod untouched by hand
	if ! step "$work" "$logs/otelgen-w" "$otelgen" -w ./...; then
		fail "otelgen -w ./..." "$logs/otelgen-w"
		return 1
	fi
	local changed=() f
	while read -r f; do
		[ -f "$orig/$f" ] && cmp -s "$orig/$f" "$work/$f" || changed+=("$f")
	done < <(gofiles "$work")
	(cd "$tmp/$name" && diff -ruN --exclude=go.mod --exclude=go.sum orig src >"$logs/otelgen.diff") || true
	echo "  otelgen -w: ${#changed[@]} of $(gofiles "$work" | wc -l) .go files changed, $(awk '/^\+/ && !/^\+\+\+ / { n++ } END { print n + 0 }' "$logs/otelgen.diff") lines added, $(awk '/^-/ && !/^--- / { n++ } END { print n + 0 }' "$logs/otelgen.diff") removed"
	step "$work" "$logs/after-build" go build ./... || fail "after: go build ./..." "$logs/after-build"
	step "$work" "$logs/after-vet" go vet ./... || fail "after: go vet ./..." "$logs/after-vet"
	test_status=$(gotest "$work" after)
	retry "$work" after
	if [ -z "$(lost before after)" ]; then
		echo "  after: all $(wc -l <"$logs/before-pass") tests and packages that passed before pass (go test exit status $test_status)$(flaky after)"
	else
		fail "after: tests that passed before fail (go test exit status $test_status):"
		testdiff before after
	fi
	lint_status=0
	(cd "$work" && "$ctxlint" -json ./... >"$logs/after-lint.json" 2>"$logs/after-lint.err") || lint_status=$?
	[ $lint_status -eq 0 ] || fail "after: ctxlint -json ./... exit status $lint_status" "$logs/after-lint.err"
	findings "$logs/after-lint.json" "$work" >"$logs/after-findings" || fail "after: reading ctxlint -json output" "$logs/after-lint.json"
	local new
	new=$(comm -13 "$logs/before-findings" "$logs/after-findings")
	if [ -z "$new" ]; then
		echo "  after: ctxlint reports nothing new ($(wc -l <"$logs/after-findings") findings)"
	else
		fail "after: ctxlint reports $(wc -l <<<"$new") new findings:"
		sed 's/^/      /' <<<"$new"
	fi

	# 3b. The same tests again with the SDK installed and sampling every
	# span, so that the injected code that runs only for recording spans
	# (attributes, RecordError, SetStatus) runs too. An -overlay adds one
	# test file to every package that has tests, leaving the tree as it is.
	local sdk_pkgs
	if ! sdk_pkgs=$(sdk_overlay "$work" "$tmp/$name/sdk" 2>"$logs/sdk-overlay"); then
		fail "writing the SDK overlay" "$logs/sdk-overlay"
	elif [ "$sdk_pkgs" -eq 0 ]; then
		echo "  after, with the SDK: skipped, no package has tests"
	else
		mkdir -p "$tmp/$name/spans"
		local sdkflags="${GOFLAGS:+$GOFLAGS }-overlay=$tmp/$name/sdk/overlay.json -modfile=$tmp/$name/sdk/go.mod"
		test_status=$(REALWORLD_SPANS=$tmp/$name/spans GOFLAGS=$sdkflags gotest "$work" sdk)
		GOFLAGS=$sdkflags retry "$work" sdk
		if [ -z "$(lost before sdk)" ]; then
			echo "  after, with the SDK recording every span: all that passed before pass (go test exit status $test_status)$(flaky sdk)"
		else
			fail "after, with the SDK recording every span: tests that passed before fail (go test exit status $test_status):"
			testdiff before sdk
		fi
		span_summary "$tmp/$name/spans" "$(grep -vc ' (package)$' "$logs/sdk-pass" || true)"
	fi

	if gobench "$work" after && grep -q '^Benchmark' "$logs/before-bench" 2>/dev/null; then
		benchdiff
	fi

	# 4. idempotence
	treesums "$work" >"$logs/once.sums"
	rm -rf "$tmp/$name/once" && cp -Rp "$work" "$tmp/$name/once"
	if step "$work" "$logs/otelgen-w2" "$otelgen" -w ./...; then
		treesums "$work" >"$logs/twice.sums"
		if cmp -s "$logs/once.sums" "$logs/twice.sums"; then
			echo "  second otelgen -w: no file changed"
		else
			fail "second otelgen -w changed files (diff -ru once src in $tmp/$name):"
			diff "$logs/once.sums" "$logs/twice.sums" | sed -n 's/^> [0-9a-f]*  /      /p'
		fi
	else
		fail "second otelgen -w ./..." "$logs/otelgen-w2"
	fi

	# 5. strip
	if step "$work" "$logs/otelgen-strip" "$otelgen" -strip -w ./...; then
		local bad=()
		while read -r f; do
			if [ ! -f "$work/$f" ]; then
				bad+=("$f (removed)")
			elif ! cmp -s "$orig/$f" "$work/$f"; then
				bad+=("$f (content)")
			elif [ "$(mode "$orig/$f")" != "$(mode "$work/$f")" ]; then
				bad+=("$f (mode $(mode "$orig/$f") became $(mode "$work/$f"))")
			fi
		done < <(gofiles "$orig")
		while read -r f; do
			bad+=("$f (added)")
		done < <(comm -13 <(gofiles "$orig") <(gofiles "$work"))
		cmp -s "$orig/go.mod" "$work/go.mod" || bad+=("go.mod (content)")
		# Strip keeps the go.sum lines of every module the restored module
		# graph names, which can be more than the original listed; the
		# module must build with them, and nothing else may be left.
		local sum_note="go.sum as it was"
		if [ -f "$work/go.sum" ]; then
			comm -13 <(sort "$orig/go.sum" 2>/dev/null) <(sort "$work/go.sum") >"$logs/strip-sum-added"
			if [ -s "$logs/strip-sum-added" ]; then
				(cd "$work" && go mod graph) | tr ' ' '\n' | sort -u >"$logs/strip-graph"
				sed -E 's| ([^ /]+)(/go\.mod)? .*|@\1|' "$logs/strip-sum-added" | sort -u |
					comm -23 - "$logs/strip-graph" >"$logs/strip-sum-stray"
				[ ! -s "$logs/strip-sum-stray" ] || bad+=("go.sum ($(wc -l <"$logs/strip-sum-stray") lines of modules outside the module graph)")
				sum_note="go.sum keeps $(wc -l <"$logs/strip-sum-added") lines of the module graph the original lacked"
			fi
		fi
		step "$work" "$logs/strip-build" go build ./... || bad+=("go build ./... after strip")
		if [ ${#bad[@]} -eq 0 ]; then
			echo "  otelgen -strip -w: all $(gofiles "$orig" | wc -l) .go files and go.mod restored byte for byte, $sum_note, and it builds"
		else
			fail "otelgen -strip -w left ${#bad[@]} files different from the original:"
			printf '      %s\n' "${bad[@]}"
			(cd "$tmp/$name" && diff -ru --exclude=go.mod --exclude=go.sum orig src >"$logs/strip.diff") || true
		fi
	else
		fail "otelgen -strip -w ./..." "$logs/otelgen-strip"
	fi

	if [ ${#failures[@]} -eq 0 ]; then
		echo "  result: PASS"
		return 0
	fi
	echo "  result: FAIL (${#failures[@]} checks; logs in $logs)"
	return 1
}

echo "ctxtrace $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo "(not a git checkout)")$(cd "$repo" && [ -n "$(git status --porcelain 2>/dev/null)" ] && echo " with local changes"), $(go version | cut -d' ' -f3-), otel $OTEL_VERSION${OTELGEN:+, otelgen $OTELGEN}"
status=0
for mv in "$@"; do
	check_project "$mv" || status=1
done
if [ $status -ne 0 ]; then
	keep=1
	echo "realworld: FAIL" >&2
else
	echo "realworld: all modules PASS"
fi
exit $status

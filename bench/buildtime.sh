#!/usr/bin/env bash
# Compares the wall time of `go build ./...` with `otelgen go build ./...` on a
# real module, cold (empty build cache and, for otelgen, empty overlay cache)
# and warm (the same command rebuilt over caches it populated itself).
#
#   bash bench/buildtime.sh          # from the repository root; RUNS=5 by default
#   RUNS=9 bash bench/buildtime.sh
#
# Needs Go and the module proxy. Prints a markdown table of medians and the
# otelgen/go ratios; bench/README.md records results and the targets.
#
# The module is github.com/redis/go-redis/v9 at v9.7.0 because it is what
# otelgen is for, at a size where a build takes seconds, not milliseconds:
#   - 60 non-test Go files in 9 packages (~25k lines) in the root module;
#   - nearly every exported method takes a context.Context first, and the
#     connection pool and pub/sub run goroutines and channels, so the rewrite
#     has real work on every package rather than passing files through;
#   - the build needs only two modules besides the standard library
#     (cespare/xxhash, dgryski/go-rendezvous), so the time measured is the
#     module's own, not a dependency tree's.
# A pinned version keeps results comparable across runs and machines.
set -euo pipefail

module=github.com/redis/go-redis/v9
version=v9.7.0
runs=${RUNS:-5}

repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
# Build caches can hold read-only files; make them removable first.
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

die() {
	echo "buildtime: $*" >&2
	exit 1
}

# Outside any module, so the fetch ignores whatever module the caller is in.
dir=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "$module@$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
[ -n "$dir" ] || die "go mod download $module@$version reported no directory"
src=$tmp/src
cp -R "$dir" "$src"
chmod -R u+w "$src" # module cache files are read-only; the trap must be able to remove the copy
(cd "$src" && go mod download)

(cd "$repo" && go build -o "$tmp/otelgen" ./cmd/otelgen)

# GNU time separates the timing from the command's own stderr; elsewhere
# (macOS, minimal images) bash's time keyword does.
if /usr/bin/time -f %e -o /dev/null true 2>/dev/null; then
	timer=gnu
else
	timer=bash
fi

# timed OUT ENV... -- CMD... runs CMD in the module with the environment
# assignments ENV and appends its wall time in seconds to the file OUT. A
# failing command aborts the benchmark with its output: a time for a build
# that did not happen means nothing.
timed() {
	local out=$1 env=()
	shift
	while [ "$1" != -- ]; do
		env+=("$1")
		shift
	done
	shift
	local log=$tmp/log tf=$tmp/time status=0
	if [ $timer = gnu ]; then
		(cd "$src" && /usr/bin/time -f %e -o "$tf" env "${env[@]}" "$@" >"$log" 2>&1) || status=$?
	else
		(cd "$src" && TIMEFORMAT=%R && { time env "${env[@]}" "$@" >"$log" 2>&1; } 2>"$tf") || status=$?
	fi
	if [ $status -ne 0 ]; then
		echo "buildtime: failed (exit status $status), in $src with ${env[*]}:" >&2
		echo "  $*" >&2
		sed 's/^/  | /' "$log" >&2
		exit 1
	fi
	tail -n 1 "$tf" >>"$out"
}

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

go_cmd=(go build ./...)
otelgen_cmd=("$tmp/otelgen" go build ./...)
caches=$tmp/caches
res=$tmp/results
mkdir -p "$caches" "$res"

# Cold: every run starts from empty caches, so it includes compiling the
# standard library and the dependencies. Runs alternate so that whatever
# else the machine does falls on both commands alike.
for i in $(seq "$runs"); do
	echo "cold run $i/$runs" >&2
	timed "$res/cold-go" GOCACHE="$caches/cold-go-$i" -- "${go_cmd[@]}"
	timed "$res/cold-otelgen" GOCACHE="$caches/cold-otelgen-$i" OTELGEN_CACHE="$caches/cold-otelcache-$i" -- "${otelgen_cmd[@]}"
	# A full build cache is hundreds of megabytes; keep only one run's.
	chmod -R u+w "$caches" && rm -rf "$caches"/cold-*
done

# Warm: each command gets caches that one unmeasured build of that same
# command filled, as in an edit-free rebuild. This comes after the cold
# runs so the copied sources are more than 2 s old and otelgen may take its
# stat fast path, as it would in a checkout nobody is editing.
go_warm=(GOCACHE="$caches/warm-go")
otelgen_warm=(GOCACHE="$caches/warm-otelgen" OTELGEN_CACHE="$caches/warm-otelcache")
timed "$res/prime" "${go_warm[@]}" -- "${go_cmd[@]}"
timed "$res/prime" "${otelgen_warm[@]}" -- "${otelgen_cmd[@]}"
for i in $(seq "$runs"); do
	echo "warm run $i/$runs" >&2
	timed "$res/warm-go" "${go_warm[@]}" -- "${go_cmd[@]}"
	timed "$res/warm-otelgen" "${otelgen_warm[@]}" -- "${otelgen_cmd[@]}"
done

# What otelgen did, unmeasured: from an empty overlay cache (how many files
# it rewrote, notes on go.mod) and over the warm caches (which path the warm
# runs took).
timed "$res/verbose" GOCACHE="$caches/warm-otelgen" OTELGEN_CACHE="$caches/verbose-otelcache" -- \
	"${otelgen_cmd[0]}" -v "${otelgen_cmd[@]:1}"
verbose_fresh=$(grep '^otelgen: ' "$tmp/log" || true)
timed "$res/verbose" "${otelgen_warm[@]}" -- "${otelgen_cmd[0]}" -v "${otelgen_cmd[@]:1}"
verbose_warm=$(grep '^otelgen: ' "$tmp/log" || true)

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null ||
	sysctl -n machdep.cpu.brand_string 2>/dev/null || true)
cores=$(nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo "?")

row() {
	local go otel
	go=$(median "$res/$1-go")
	otel=$(median "$res/$1-otelgen")
	awk -v n="$1" -v g="$go" -v o="$otel" 'BEGIN { printf "| %s | %.2f s | %.2f s | %.2f× |\n", n, g, o, o / g }'
}

cat <<EOF
Module: $module@$version ($(cd "$src" && go list ./... | wc -l | tr -d ' ') packages)
Machine: $cores CPUs, ${cpu:-unknown CPU}, $(go version | cut -d' ' -f3-), GOFLAGS=$(go env GOFLAGS)
Date: $(date -u +%Y-%m-%d)
Commands, run in the module's directory, $runs runs each, alternating, wall time ($timer time):
  cold: GOCACHE=<new empty dir> ${go_cmd[*]}
        GOCACHE=<new empty dir> OTELGEN_CACHE=<new empty dir> otelgen ${otelgen_cmd[*]:1}
  warm: the same with the caches one earlier build of the same command filled

| build | ${go_cmd[*]} | otelgen ${otelgen_cmd[*]:1} | otelgen / go |
| --- | --- | --- | --- |
$(row cold)
$(row warm)

Each run (s):
  cold go:      $(tr '\n' ' ' <"$res/cold-go")
  cold otelgen: $(tr '\n' ' ' <"$res/cold-otelgen")
  warm go:      $(tr '\n' ' ' <"$res/warm-go")
  warm otelgen: $(tr '\n' ' ' <"$res/warm-otelgen")

otelgen -v ${otelgen_cmd[*]:1} from an empty overlay cache:
$(sed 's/^/  /' <<<"$verbose_fresh")
and over the warm caches:
$(sed 's/^/  /' <<<"$verbose_warm")
EOF

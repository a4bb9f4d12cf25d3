#!/usr/bin/env bash
# Compares ctxlint's wall time and peak memory with go vet's as a linter
# is used day to day, on grpc (the pinned corpus of bench/corpus) and on
# the standard library at three sizes:
#
#   first  the build cache is warm (every package compiled) but no lint
#          result is cached, as after a change that touches everything;
#   rerun  the same command again, nothing changed;
#   leaf   after an edit to one leaf package (one that nothing imports).
#
#   bash bench/lintcache.sh              # from the repository root; RUNS=5
#   RUNS=3 SETS="grpc std50" bash bench/lintcache.sh
#   OLD=/path/to/ctxlint bash bench/lintcache.sh   # also time another build
#                                                  # (ours' analyzers), e.g. an
#                                                  # older commit's, to compare
#
# Each round gives each command a fresh copy (hard links) of a build cache
# that "go list -export -deps -test" filled for the set, so that compiling
# is not measured, and runs first, rerun and leaf in it; the order of the
# commands rotates each round. Peak memory is the process tree's, summed,
# as bench/peakrss measures it. Needs Go, the module proxy and Linux.
# Prints markdown tables of medians and ratios; bench/README.md records
# results and the targets.
set -euo pipefail

runs=${RUNS:-5}
read -r -a sets <<<"${SETS:-grpc std50 std150 std}"

die() {
	echo "lintcache.sh: $*" >&2
	exit 1
}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS=$runs: want a positive number"
[ -r /proc/self/statm ] || die "needs Linux's /proc to measure peak memory"

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lintlib.sh
. "$repo/bench/lintlib.sh"
lint_setup
# The leaf packages the leaf phase edits: one over grpc, one over std.
mkdir -p "$corpus/leafgrpc" "$corpus/leafstd"
cat >"$corpus/leafgrpc/leaf.go" <<'EOF'
package leafgrpc

import (
	"context"

	"google.golang.org/grpc"
)

func Call(ctx context.Context, cc *grpc.ClientConn) error {
	return cc.Invoke(ctx, "/svc/M", nil, nil)
}
EOF
cat >"$corpus/leafstd/leaf.go" <<'EOF'
package leafstd

import (
	"context"
	"net/http"
)

func Get(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}
EOF

# std packages as go vet std names them, without cmd.
mapfile -t std < <(cd "$corpus" && go list std)
declare -A patterns leaf
patterns[grpc]="google.golang.org/grpc/... ./leafgrpc"
leaf[grpc]=leafgrpc/leaf.go
for n in 50 150; do
	patterns[std$n]="${std[*]:0:n} ./leafstd"
	leaf[std$n]=leafstd/leaf.go
done
patterns[std]="std ./leafstd"
leaf[std]=leafstd/leaf.go

(cd "$corpus" && go list -mod=mod -e -test -deps ${patterns[grpc]} >/dev/null 2>"$tmp/resolve.log") ||
	die "go list -mod=mod failed in the corpus copy: $(cat "$tmp/resolve.log")"

bin=$tmp/bin
mkdir -p "$bin"
(cd "$repo" && go build -o "$bin/" ./cmd/ctxlint ./bench/peakrss)
built_from=$(ctxlint_built_from)

tools=(vet ours full)
declare -A cmdline label
cmdline[vet]="go vet"
cmdline[ours]="$bin/ctxlint -ctxdrop -spanend -recordrace"
cmdline[full]="$bin/ctxlint"
label[vet]="go vet"
label[ours]="ctxlint -ctxdrop -spanend -recordrace"
label[full]="ctxlint (ours + vet's)"
if [ -n "${OLD:-}" ]; then
	[ -x "$OLD" ] || die "OLD=$OLD: not an executable"
	tools+=(old)
	cmdline[old]="$OLD -ctxdrop -spanend -recordrace"
	label[old]="OLD -ctxdrop -spanend -recordrace"
fi
phases=(first rerun leaf)

res=$tmp/results
mkdir -p "$res"

# A run that crashed, or failed to load, measures nothing. go vet exits 1
# for findings and failures alike; its output decides.
crashed() {
	local tool=$1 status=$2 log=$3
	grep -Eq '^panic:|^fatal error:|internal error|could not import|setup failed|^(ctxlint: )?go: ' "$log" && return 0
	case $tool in
	vet) [ "$status" -ne 0 ] && [ "$status" -ne 1 ] ;;
	*) [ "$status" -ne 0 ] && [ "$status" -ne 3 ] ;;
	esac
}

# measure SET PHASE TOOL GOCACHE appends "WALL TREE_KB STATUS CPU" to
# results/SET-PHASE-TOOL.
measure() {
	local set=$1 phase=$2 tool=$3 cache=$4 log=$tmp/log status=0
	local -a cmd pats
	read -r -a cmd <<<"${cmdline[$tool]}"
	read -r -a pats <<<"${patterns[$set]}"
	(cd "$corpus" && GOCACHE=$cache "$bin/peakrss" -o "$tmp/one" -- "${cmd[@]}" "${pats[@]}" >"$log" 2>&1) || status=$?
	if [ ! -s "$tmp/one" ] || crashed "$tool" "$status" "$log"; then
		echo "lintcache.sh: $tool crashed or failed to load (exit status $status) on $set, $phase:" >&2
		head -n 40 "$log" | sed 's/^/  | /' >&2
		exit 1
	fi
	one=$(awk -v st="$status" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); m[kv[1]] = kv[2] }
		print m["wall_s"], m["tree_rss_kb"], st, m["cpu_s"] }' "$tmp/one")
	echo "$one" >>"$res/$set-$phase-$tool"
	echo "  $set $phase $tool: wall/tree kB/status/cpu $one" >&2
	rm -f "$tmp/one"
}

rotate() {
	local i=$(($1 % ${#tools[@]}))
	echo "${tools[@]:i}" "${tools[@]:0:i}"
}

for set in "${sets[@]}"; do
	[ -n "${patterns[$set]:-}" ] || die "unknown set $set (want grpc, std50, std150 or std)"
	primed=$tmp/primed-$set
	echo "priming the build cache for $set" >&2
	read -r -a pats <<<"${patterns[$set]}"
	(cd "$corpus" && GOCACHE=$primed go list -export -deps -test "${pats[@]}" >/dev/null) ||
		die "go list -export failed for $set"
	for i in $(seq "$runs"); do
		for tool in $(rotate "$i"); do
			echo "$set round $i/$runs: $tool" >&2
			cache=$tmp/cache
			cp -al "$primed" "$cache"
			measure "$set" first "$tool" "$cache"
			measure "$set" rerun "$tool" "$cache"
			echo "func touched_${set}_$i$tool() {}" >>"$corpus/${leaf[$set]}"
			measure "$set" leaf "$tool" "$cache"
			chmod -R u+w "$cache" && rm -rf "$cache"
		done
	done
	chmod -R u+w "$primed" && rm -rf "$primed"
done

column() { [ -s "$res/$1" ] && awk -v n="$2" '{ print $n }' "$res/$1"; }
med() { column "$1" "$2" | median; }
ratio() { awk -v a="$(med "$1-$2" "$4")" -v b="$(med "$1-$3" "$4")" 'BEGIN { printf "%.2f", a / b }'; }

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
cat <<EOF
Machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(go version | cut -d' ' -f3-); ctxlint built from $built_from
Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $runs rounds per set, medians; RSS is the peak of the process tree
Sets: grpc = google.golang.org/grpc/... (bench/corpus's pinned v$(cd "$corpus" && go list -m -f '{{.Version}}' google.golang.org/grpc | tr -d v)); stdN = the first N packages of go list std; std = all $(echo "${#std[@]}"); each plus one leaf package

| set | phase | go vet wall | ours wall | full wall | go vet RSS | ours RSS | full RSS | ours/vet wall | full/vet wall | ours/vet RSS | full/vet RSS |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
EOF
for set in "${sets[@]}"; do
	for phase in "${phases[@]}"; do
		printf '| %s | %s | %.2f s | %.2f s | %.2f s | %.0f MB | %.0f MB | %.0f MB | %s× | %s× | %s× | %s× |\n' "$set" "$phase" \
			"$(med "$set-$phase-vet" 1)" "$(med "$set-$phase-ours" 1)" "$(med "$set-$phase-full" 1)" \
			"$(awk -v k="$(med "$set-$phase-vet" 2)" 'BEGIN { print k / 1024 }')" \
			"$(awk -v k="$(med "$set-$phase-ours" 2)" 'BEGIN { print k / 1024 }')" \
			"$(awk -v k="$(med "$set-$phase-full" 2)" 'BEGIN { print k / 1024 }')" \
			"$(ratio "$set-$phase" ours vet 1)" "$(ratio "$set-$phase" full vet 1)" \
			"$(ratio "$set-$phase" ours vet 2)" "$(ratio "$set-$phase" full vet 2)"
	done
done
if [ -n "${OLD:-}" ]; then
	echo
	echo "OLD ($OLD -ctxdrop -spanend -recordrace) against go vet:"
	echo
	echo "| set | phase | OLD wall | OLD RSS | OLD/vet wall | OLD/vet RSS | ours/OLD wall | ours/OLD RSS |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
	for set in "${sets[@]}"; do
		for phase in "${phases[@]}"; do
			printf '| %s | %s | %.2f s | %.0f MB | %s× | %s× | %s× | %s× |\n' "$set" "$phase" \
				"$(med "$set-$phase-old" 1)" "$(awk -v k="$(med "$set-$phase-old" 2)" 'BEGIN { print k / 1024 }')" \
				"$(ratio "$set-$phase" old vet 1)" "$(ratio "$set-$phase" old vet 2)" \
				"$(ratio "$set-$phase" ours old 1)" "$(ratio "$set-$phase" ours old 2)"
		done
	done
fi
echo
echo "Exit statuses (${tools[*]}): $(for t in "${tools[@]}"; do cat "$res"/*-"$t" | awk '{ print $3 }' | sort -u | tr '\n' ','; echo -n ' / '; done)"
echo
echo "Each run (wall s / tree peak MB / CPU s):"
for set in "${sets[@]}"; do
	for phase in "${phases[@]}"; do
		for tool in "${tools[@]}"; do
			printf '  %s %s %s: %s\n' "$set" "$phase" "$tool" \
				"$(awk '{ printf "%s/%.0f/%s ", $1, $2 / 1024, $4 }' "$res/$set-$phase-$tool")"
		done
	done
done

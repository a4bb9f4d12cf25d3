#!/usr/bin/env bash
# otelgen's throughput and memory over the benchmark corpus: `otelgen -d ./...`
# (a diff, nothing written) inside a writable copy of each corpus module, and a
# CPU profile that says where the time goes.
#
#   bash bench/rewrite.sh            # from anywhere in the repository; RUNS=5 by default
#   RUNS=9 bash bench/rewrite.sh
#   MODULES="otelhttp sdk" RUNS=1 bash bench/rewrite.sh   # a subset, for trying it out
#   PROFILE_DIR=dir bash bench/rewrite.sh   # also keep the CPU profiles (go tool pprof dir/*.pprof)
#   KEEP=1 bash bench/rewrite.sh            # keep the module copies and their warm build caches
#   COLD=0 bash bench/rewrite.sh            # no cold runs: warm runs over your own GOCACHE, primed once
#
# Needs Go, Linux /proc (for bench/peakrss) and the module proxy the
# first time. Prints markdown tables; bench/README.md records results.
#
# The corpus is the modules bench/corpus pins (grpc, otel/sdk, otelhttp,
# client_golang), at the versions its go.mod requires. otelgen rewrites only
# the main module's packages, so each module's tree is copied out of the
# module cache and becomes the main module of its copy. Directory replace
# directives (otel/sdk's "=> ../") point outside the copy and are dropped, so
# those modules resolve at their required versions instead.
#
# Measured per module, all from one command run through peakrss:
#   - wall time of `otelgen -d ./...` (its go list child included);
#   - peak tree RSS: the resident memory of otelgen, go list and whatever go
#     list runs, summed at each 10 ms sample, maximum over the run (PSS too,
#     which splits shared pages between processes instead of counting them in
#     each);
#   - otelgen-only: otelgen's own VmHWM, and the kernel's maxrss for the run
#     (GNU time's %M), which is the largest single process of the tree.
# Files are the non-test .go files (GoFiles) of the packages ./... loads,
# generated files included, since otelgen reads and type-checks them too.
# Warm runs use a build cache that the module's cold run filled; every run
# alternates over the modules so that whatever else the machine does falls on
# all of them alike.
set -euo pipefail

runs=${RUNS:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=$repo/bench/corpus

# name=module path; the version comes from bench/corpus/go.mod.
all_modules=(
	grpc=google.golang.org/grpc
	sdk=go.opentelemetry.io/otel/sdk
	otelhttp=go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp
	client_golang=github.com/prometheus/client_golang
)

die() {
	echo "rewrite.sh: $*" >&2
	exit 1
}

modules=()
for m in "${all_modules[@]}"; do
	if [ -z "${MODULES:-}" ] || [[ " $MODULES " == *" ${m%%=*} "* ]]; then
		modules+=("$m")
	fi
done
[ ${#modules[@]} -gt 0 ] || die "MODULES=$MODULES names none of: ${all_modules[*]%%=*}"

tmp=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then
	echo "rewrite.sh: keeping the copies, caches and results in $tmp" >&2
else
	# Build caches hold read-only files; make them removable first.
	trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fi
bin=$tmp/bin res=$tmp/results
mkdir -p "$bin" "$res" "$tmp/src"

(cd "$repo" && go build -o "$bin/" ./cmd/otelgen ./bench/peakrss ./bench/rewrite/profile) ||
	die "building otelgen and the bench tools failed"
otelgen_rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo "an unknown commit")
if [ -n "$(git -C "$repo" status --short --untracked-files=no -- cmd rewrite templates go.mod 2>/dev/null)" ]; then
	otelgen_rev+=" with uncommitted changes"
fi

median() {
	sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# key FILE KEY prints the values of KEY=value fields of FILE's lines, one a line.
key() {
	sed -n "s/.*\<$2=\([^ ]*\).*/\1/p" "$1"
}

# fetch NAME PATH copies PATH at bench/corpus's version into $tmp/src/NAME
# and downloads what loading its packages needs.
fetch() {
	local name=$1 path=$2 version dir src
	version=$(cd "$corpus" && go list -m -f '{{.Version}}' "$path") ||
		die "bench/corpus does not require $path"
	dir=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "$path@$version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
	[ -n "$dir" ] || die "go mod download $path@$version reported no directory"
	src=$tmp/src/$name
	cp -R "$dir" "$src"
	chmod -R u+w "$src"
	local dropped=()
	for old in $(cd "$src" && go mod edit -print |
		sed -n -E 's/^(replace)?[[:space:]]*([^[:space:]]+)( v[^[:space:]]+)? => [./].*/\2/p'); do
		(cd "$src" && go mod edit -dropreplace="$old")
		dropped+=("$old")
	done
	if [ ${#dropped[@]} -gt 0 ]; then
		# The replaced modules now come from the proxy, and go.sum lacks their sums.
		(cd "$src" && go mod download all) || die "go mod download all in the copy of $path failed"
	else
		(cd "$src" && go mod download) || die "go mod download in the copy of $path failed"
	fi
	echo "$path@$version" >"$res/$name.version"
	echo "${dropped[*]}" >"$res/$name.dropped"
	# What otelgen reads: the non-test files of every package ./... loads.
	# shellcheck disable=SC2016 # a go list template, not shell
	(cd "$src" && go list -e -f '{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}' ./...) |
		sed '/^$/d' >"$res/$name.files"
	(cd "$src" && go list -e -f '{{.ImportPath}}' ./... | wc -l) >"$res/$name.packages"
	xargs cat <"$res/$name.files" | wc -c >"$res/$name.bytes"
	xargs grep -l -E '^// Code generated .* DO NOT EDIT\.$' <"$res/$name.files" | wc -l >"$res/$name.generated" || true
}

# measure NAME KIND GOCACHE runs otelgen -d ./... in NAME's copy through
# peakrss, appending the result line to $res/NAME.KIND and keeping the diff.
# A failing run aborts: a time for a rewrite that did not happen means nothing.
measure() {
	local name=$1 kind=$2 cache=$3 status=0
	(cd "$tmp/src/$name" && GOCACHE=$cache "$bin/peakrss" -o "$res/$name.$kind" -- \
		"$bin/otelgen" -d ./... >"$res/$name.diff" 2>"$res/$name.stderr") || status=$?
	if [ $status -ne 0 ]; then
		echo "rewrite.sh: otelgen -d ./... in $(cat "$res/$name.version") exited $status:" >&2
		sed 's/^/  | /' "$res/$name.stderr" >&2
		exit 1
	fi
}

for m in "${modules[@]}"; do
	echo "fetching ${m#*=}" >&2
	fetch "${m%%=*}" "${m#*=}"
done

# Cold: an empty build cache per module, so go list compiles the standard
# library and every dependency (tests' included) for export data. The cache
# it leaves is that module's warm cache.
cold=${COLD:-1}
# cachedir NAME prints the build cache NAME's runs use.
cachedir() {
	if [ "$cold" = 0 ]; then go env GOCACHE; else echo "$tmp/gocache-$1"; fi
}
for m in "${modules[@]}"; do
	name=${m%%=*}
	if [ "$cold" = 0 ]; then
		echo "priming run: $name" >&2
		measure "$name" prime "$(cachedir "$name")"
		echo "wall_s=0 tree_rss_kb=0" >"$res/$name.cold"
	else
		echo "cold run: $name" >&2
		measure "$name" cold "$(cachedir "$name")"
	fi
	grep -c '^+++ ' "$res/$name.diff" >"$res/$name.changed" || true
	cp "$res/$name.diff" "$res/$name.diff0"
done

# What otelgen left alone and why, unmeasured.
for m in "${modules[@]}"; do
	name=${m%%=*}
	(cd "$tmp/src/$name" && GOCACHE=$(cachedir "$name") "$bin/otelgen" -v -d ./... 2>&1 >/dev/null) |
		sed -n -E 's/^otelgen: [^ ]*:[0-9]+(:[0-9]+)?: //p' | sort | uniq -c | sort -rn >"$res/$name.why" || true
done

for i in $(seq "$runs"); do
	echo "warm run $i/$runs" >&2
	for m in "${modules[@]}"; do
		name=${m%%=*}
		measure "$name" warm "$(cachedir "$name")"
		cmp -s "$res/$name.diff" "$res/$name.diff0" || die "otelgen -d in $name printed a different diff on warm run $i"
	done
done

# Profile: one warm run per module of what otelgen -d runs, in-process.
for m in "${modules[@]}"; do
	name=${m%%=*}
	echo "profile: $name" >&2
	(cd "$tmp/src/$name" && GOCACHE=$(cachedir "$name") "$bin/profile" -cpuprofile "$res/$name.pprof" ./... >"$res/$name.phases") ||
		die "profiling $name failed"
done

coldwall() {
	if [ "$cold" = 0 ]; then echo "–"; else key "$1" wall_s; fi
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)

# Per-module table rows, and the per-run totals for the total row.
rows=""
: >"$res/total.warm"
for i in $(seq "$runs"); do
	t=0 c=0 tree=0 self=0 maxrss=0
	for m in "${modules[@]}"; do
		name=${m%%=*}
		line=$(sed -n "${i}p" "$res/$name.warm")
		t=$(awk -v a="$t" -v b="$(key <(echo "$line") wall_s)" 'BEGIN { print a + b }')
		c=$(awk -v a="$c" -v b="$(key <(echo "$line") cpu_s)" 'BEGIN { print a + b }')
		tree=$(( $(key <(echo "$line") tree_rss_kb) > tree ? $(key <(echo "$line") tree_rss_kb) : tree ))
		self=$(( $(key <(echo "$line") self_hwm_kb) > self ? $(key <(echo "$line") self_hwm_kb) : self ))
		maxrss=$(( $(key <(echo "$line") maxrss_kb) > maxrss ? $(key <(echo "$line") maxrss_kb) : maxrss ))
	done
	echo "wall_s=$t cpu_s=$c tree_rss_kb=$tree tree_pss_kb=0 self_hwm_kb=$self maxrss_kb=$maxrss" >>"$res/total.warm"
done
files_total=0 bytes_total=0 changed_total=0 gen_total=0 pkgs_total=0 cold_total=0
for m in "${modules[@]}"; do
	name=${m%%=*}
	files=$(wc -l <"$res/$name.files")
	bytes=$(cat "$res/$name.bytes")
	changed=$(cat "$res/$name.changed")
	files_total=$((files_total + files)) bytes_total=$((bytes_total + bytes))
	changed_total=$((changed_total + changed)) gen_total=$((gen_total + $(cat "$res/$name.generated")))
	pkgs_total=$((pkgs_total + $(cat "$res/$name.packages")))
	cold_total=$(awk -v a="$cold_total" -v b="$(key "$res/$name.cold" wall_s)" 'BEGIN { print a + b }')
done

# row LABEL FILES BYTES CHANGED WARMFILE COLDWALL
row() {
	local wall cpu tree pss self maxrss
	wall=$(key "$5" wall_s | median /dev/stdin)
	cpu=$(key "$5" cpu_s | median /dev/stdin)
	tree=$(key "$5" tree_rss_kb | median /dev/stdin)
	pss=$(key "$5" tree_pss_kb | median /dev/stdin)
	self=$(key "$5" self_hwm_kb | median /dev/stdin)
	maxrss=$(key "$5" maxrss_kb | median /dev/stdin)
	awk -v l="$1" -v f="$2" -v b="$3" -v c="$4" -v w="$wall" -v u="$cpu" -v cw="$6" -v t="$tree" -v p="$pss" -v s="$self" -v m="$maxrss" 'BEGIN {
		printf "| %s | %d | %.2f | %d | %.2f s | %.0f | %.2f | %.2f s | %.0f | %.2f | %.0f MB | %s | %.0f MB | %.0f MB | %s |\n",
			l, f, b / 1e6, c, w, f / w, b / 1e6 / w, u, f / u, b / 1e6 / u, t / 1024, (p > 0 ? sprintf("%.0f MB", p / 1024) : "–"), s / 1024, m / 1024, (cw == "–" ? cw : sprintf("%.1f s", cw))
	}'
}

for m in "${modules[@]}"; do
	name=${m%%=*}
	rows+=$(row "$(cat "$res/$name.version")" "$(wc -l <"$res/$name.files")" "$(cat "$res/$name.bytes")" \
		"$(cat "$res/$name.changed")" "$res/$name.warm" "$(coldwall "$res/$name.cold")")$'\n'
done
[ "$cold" = 0 ] && cold_total="–"
rows+=$(row "**total**" "$files_total" "$bytes_total" "$changed_total" "$res/total.warm" "$cold_total")

# Phases: CPU samples of the profiles, split with pprof regexps, each entry
# "label#focus#ignore": a phase's samples have a frame matching focus and none
# matching ignore; the ignores keep the phases disjoint.
pkgs='golang.org/x/tools/go/packages\.'
golist='go/packages\.(golistDriver|\(\*golistState\))'
parse='go/packages\.\(\*loader\)\.parseFiles?\b'
check='go/packages\.\(\*loader\)\.(loadPackage|loadRecursive|loadFromExportData)\b'
decorate='dst/decorator\.\(\*Decorator\)\.DecorateFile'
restore='dst/decorator\.Fprint$'
format='ctxtrace/rewrite\.formatted$'
phases=(
	"load: go list's output, in-process#$golist#"
	"load: parsing#$parse#"
	"load: type checking, export data#$check#$parse"
	"load: the rest of go/packages#$pkgs#$golist|$parse|$check"
	"dst decoration#$decorate#"
	"rewriting (injection, pipelines, names, templates)#ctxtrace/rewrite\.injectPackage\$#$decorate|$restore|$format"
	"printing: dst restorer and go/printer#$restore#"
	"printing: format.Source#$format#"
	"diffing#ctxtrace/rewrite\.Diff\$#"
	"the rest of rewrite.Run (reading files, templates)#ctxtrace/rewrite\.Run\$#ctxtrace/rewrite\.(load|injectPackage)\$|$pkgs"
	"garbage collection (background workers)#runtime\.gcBgMarkWorker#"
)
# ms FOCUS IGNORE PROFILES... prints the CPU milliseconds of the matching samples.
ms() {
	local focus=$1 ignore=$2
	shift 2
	local args=(-top -unit=ms -nodecount=1000000 -nodefraction=0 -edgefraction=0)
	[ -n "$focus" ] && args+=(-focus="$focus")
	[ -n "$ignore" ] && args+=(-ignore="$ignore")
	go tool pprof "${args[@]}" "$@" 2>/dev/null |
		sed -n -E 's/^Showing nodes accounting for ([0-9.]+)ms.*/\1/p' | head -n 1 | grep . || echo 0
}
profiles=()
for m in "${modules[@]}"; do
	profiles+=("$res/${m%%=*}.pprof")
done
total_ms=$(ms "" "" "${profiles[@]}")
phase_rows=""
phase_sum=0
for p in "${phases[@]}"; do
	IFS='#' read -r label focus ignore <<<"$p"
	v=$(ms "$focus" "$ignore" "${profiles[@]}")
	phase_sum=$(awk -v a="$phase_sum" -v b="$v" 'BEGIN { print a + b }')
	phase_rows+=$(awk -v l="$label" -v v="$v" -v t="$total_ms" 'BEGIN { printf "| %s | %.2f s | %.1f%% |", l, v / 1000, 100 * v / t }')$'\n'
done
phase_rows+=$(awk -v v="$phase_sum" -v t="$total_ms" 'BEGIN { printf "| other (runtime, scheduler) | %.2f s | %.1f%% |", (t - v) / 1000, 100 * (t - v) / t }')

# Wall-clock split from the profile runs: the time during which go list (or
# another go command) ran, and the rest, otelgen's own work.
wall_rows=""
for m in "${modules[@]}"; do
	name=${m%%=*}
	wall_rows+=$(awk -F= -v n="$name" '{ v[$1] = $2 } END {
		printf "| %s | %.2f s | %.2f s (%.0f%%) | %.2f s (%.0f%%) |", n, v["run_s"],
			v["golist_s"], 100 * v["golist_s"] / v["run_s"],
			v["run_s"] - v["golist_s"], 100 * (v["run_s"] - v["golist_s"]) / v["run_s"]
	}' "$res/$name.phases")$'\n'
done

cat <<EOF
Corpus: $(for m in "${modules[@]}"; do printf '%s (%s packages) ' "$(cat "$res/${m%%=*}.version")" "$(cat "$res/${m%%=*}.packages")"; done)
Directory replaces dropped: $(for m in "${modules[@]}"; do n=${m%%=*}; d=$(cat "$res/$n.dropped"); printf '%s: %s; ' "$n" "${d:-none}"; done)
Machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(go version | cut -d' ' -f3-), GOFLAGS=$(go env GOFLAGS), load average at the end:$(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/ /')
Date: $(date -u +%Y-%m-%d)
otelgen: built from $otelgen_rev
Command, in each module's copy: otelgen -d ./... >file (through bench/peakrss, 10 ms samples)
Warm: $runs runs per module, alternating modules, over $([ "$cold" = 0 ] && echo "GOCACHE=$(go env GOCACHE) after one unmeasured run" || echo "the build cache the cold run filled"); medians.
Cold: $([ "$cold" = 0 ] && echo "not measured (COLD=0)" || echo "one run per module with an empty GOCACHE").

| module | files | MB | changed | warm wall | files/s | MB/s | warm CPU | files/CPU-s | MB/CPU-s | tree RSS | tree PSS | otelgen VmHWM | maxrss (%M) | cold wall |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
$rows

files: non-test .go files of the loaded packages ($gen_total of the $files_total generated, read and type-checked, never
changed); changed: files in the diff; CPU: user+system time of otelgen and its go list, which a busy machine
does not inflate the way it inflates wall time; total: per-run sums of wall time, maxima of memory (the modules run one after another).

Each warm run (s):
$(for m in "${modules[@]}"; do n=${m%%=*}; printf '  %-14s %s\n' "$n:" "$(key "$res/$n.warm" wall_s | tr '\n' ' ')"; done)
Cold runs: $([ "$cold" = 0 ] && echo "not measured"; [ "$cold" = 0 ] || for m in "${modules[@]}"; do n=${m%%=*}; printf '%s %s s, tree RSS %s MB; ' "$n" "$(key "$res/$n.cold" wall_s)" "$(( $(key "$res/$n.cold" tree_rss_kb) / 1024 ))"; done)

Where the wall time goes (one profiled warm run per module: bench/rewrite/profile runs rewrite.Run and the diffs
in-process and clocks the go commands go/packages runs, from its debug log; a CPU profile of otelgen cannot see them):

| module | rewrite.Run + diffs | go list (child process) | otelgen in-process (parse, type-check, rewrite, print) |
| --- | --- | --- | --- |
$wall_rows

Where otelgen's own CPU goes (the profiles of all modules merged, $(awk -v t="$total_ms" 'BEGIN { printf "%.2f s", t / 1000 }') of samples;
GC assists are charged to the phase that allocated, the background workers to their own row):

| phase | CPU | share |
| --- | --- | --- |
$phase_rows

What otelgen -v says it left alone (count, reason):
$(for m in "${modules[@]}"; do n=${m%%=*}; echo "  $n:"; sed 's/^/    /' "$res/$n.why"; done)
EOF

if [ -n "${PROFILE_DIR:-}" ]; then
	mkdir -p "$PROFILE_DIR"
	cp "${profiles[@]}" "$PROFILE_DIR/"
	echo "profiles copied to $PROFILE_DIR" >&2
fi

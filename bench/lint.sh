#!/usr/bin/env bash
# Compares ctxlint's wall time and peak memory with go vet's and with two
# peer linters, spancheck and contextcheck, over the same packages of a
# pinned real corpus, cold (empty build cache) and warm (a cache the same
# command filled).
#
#   bash bench/lint.sh                    # from the repository root; RUNS=5 by default
#   RUNS=9 COLD_RUNS=3 bash bench/lint.sh
#   PATTERNS='go.opentelemetry.io/otel/sdk/...' bash bench/lint.sh
#
# Needs Go, the module proxy and Linux (/proc: peak memory is measured for
# the whole process tree by bench/peakrss; its doc says how and why
# not GNU time's %M). Prints a markdown table of medians and ratios;
# bench/README.md records results and the targets.
#
# The corpus is the module in bench/corpus (grpc, the OpenTelemetry SDK,
# otelhttp and the Prometheus client at pinned versions), copied to a temp
# dir. The patterns name every package of those four modules, tests
# included for every tool (each tool's default). Some of those packages
# (grpc's xds, gcp and interop trees) import modules the corpus does not
# require; `go list -mod=mod` adds them to the copy's go.mod at the versions
# the pinned module graph already selects, and the script fails if that
# needed any version not in the graph, so the corpus stays pinned.
set -euo pipefail

runs=${RUNS:-5}
cold_runs=${COLD_RUNS:-$runs}
spancheck_version=v0.6.5
contextcheck_version=v1.1.6
default_patterns="google.golang.org/grpc/... go.opentelemetry.io/otel/sdk/... go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp/... github.com/prometheus/client_golang/prometheus/..."
read -r -a patterns <<<"${PATTERNS:-$default_patterns}"

die() {
	echo "lint.sh: $*" >&2
	exit 1
}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS=$runs: want a positive number"
[[ $cold_runs =~ ^[0-9]+$ ]] || die "COLD_RUNS=$cold_runs: want a number (0 skips the cold runs)"
[ -r /proc/self/statm ] || die "needs Linux's /proc to measure peak memory"

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lintlib.sh
. "$repo/bench/lintlib.sh"
lint_setup

# Resolve the patterns' imports once, within the pinned graph (see above).
if ! (cd "$corpus" && go list -mod=mod -e -test -deps "${patterns[@]}" >/dev/null 2>"$tmp/resolve.log"); then
	sed 's/^/  | /' "$tmp/resolve.log" >&2
	die "go list -mod=mod ${patterns[*]} failed in the corpus copy"
fi
if grep -q 'finding module for package' "$tmp/resolve.log"; then
	grep 'finding module for package' "$tmp/resolve.log" | sed 's/^/  | /' >&2
	die "the patterns import packages from modules outside the pinned graph; their versions would not be pinned"
fi
load_errors=$(cd "$corpus" && go list -e -test -deps -f '{{if .Error}}{{.ImportPath}}: {{.Error}}{{end}}' "${patterns[@]}")
[ -z "$load_errors" ] || die "packages of the corpus do not load:
$load_errors"
npkgs=$(cd "$corpus" && go list "${patterns[@]}" | wc -l | tr -d ' ')
ndeps=$(cd "$corpus" && go list -test -deps "${patterns[@]}" | wc -l | tr -d ' ')
added=$(diff "$repo/bench/corpus/go.mod" "$corpus/go.mod" | sed -n 's/^>[[:space:]]*\([^ ]* [^ ]*\).*/\1/p' | paste -sd, - || true)

bin=$tmp/bin
mkdir -p "$bin"
(cd "$repo" && go build -o "$bin/" ./cmd/ctxlint ./bench/peakrss)
built_from=$(ctxlint_built_from)
# Outside any module, so the installs ignore whatever module the caller is in.
(cd "$tmp" && GOBIN=$bin go install "github.com/jjti/go-spancheck/cmd/spancheck@$spancheck_version")
(cd "$tmp" && GOBIN=$bin go install "github.com/kkHAIKE/contextcheck/cmd/contextcheck@$contextcheck_version")

# The rows, in the order they run within a round. Each tool gets the same
# patterns; ours= names only ctxtrace's analyzers.
tools=(ours full vet vettool spancheck contextcheck)
declare -A cmdline label
cmdline[ours]="$bin/ctxlint -ctxdrop -spanend -recordrace"
cmdline[full]="$bin/ctxlint"
cmdline[vet]="go vet"
cmdline[vettool]="go vet -vettool=$bin/ctxlint -ctxdrop -spanend -recordrace"
cmdline[spancheck]="$bin/spancheck"
cmdline[contextcheck]="$bin/contextcheck"
label[ours]="ctxlint -ctxdrop -spanend -recordrace"
label[full]="ctxlint (ours + vet's)"
label[vet]="go vet"
label[vettool]="go vet -vettool=ctxlint -ctxdrop -spanend -recordrace"
label[spancheck]="spancheck $spancheck_version"
label[contextcheck]="contextcheck $contextcheck_version"

res=$tmp/results
caches=$tmp/caches
mkdir -p "$res" "$caches"

# crashed TOOL STATUS LOG succeeds when the run crashed or failed to load
# rather than reporting (or not reporting) findings: each tool's exit
# status for "findings" is allowed, and nothing in its output may say panic
# or internal error. go vet exits 1 both for findings and for failures, so
# for it the output decides.
crashed() {
	local tool=$1 status=$2 log=$3
	if grep -Eq '^panic:|^fatal error:|internal error' "$log"; then
		return 0
	fi
	case $tool in
	ours | full | spancheck | contextcheck) [ "$status" -ne 0 ] && [ "$status" -ne 3 ] ;;
	vet | vettool)
		[ "$status" -eq 0 ] && return 1
		[ "$status" -ne 1 ] && return 0
		grep -Eq '^(go|vet): |setup failed|could not import|cannot find package' "$log"
		;;
	esac
}

# findings LOG counts the reports (file:line:col: message) in a run's output.
findings() {
	grep -Ec '^[^[:space:]#][^:]*\.go:[0-9]+(:[0-9]+)?: ' "$1" || true
}

# measure PHASE TOOL GOCACHE runs TOOL over the patterns in the corpus with
# that build cache and appends "WALL TREE_KB MAXRSS_KB STATUS PROCS CPU
# FINDINGS" to results/PHASE-TOOL. A crash aborts the benchmark with its
# output: a time for a run that did not finish its work means nothing.
measure() {
	local phase=$1 tool=$2 cache=$3 log=$tmp/log status=0
	local -a cmd
	read -r -a cmd <<<"${cmdline[$tool]}"
	(cd "$corpus" && GOCACHE=$cache "$bin/peakrss" -o "$tmp/one" -- "${cmd[@]}" "${patterns[@]}" >"$log" 2>&1) || status=$?
	if [ ! -s "$tmp/one" ] || crashed "$tool" "$status" "$log"; then
		echo "lint.sh: $tool crashed or failed to load (exit status $status) in $corpus with GOCACHE=$cache:" >&2
		echo "  ${cmd[*]} ${patterns[*]}" >&2
		head -n 40 "$log" | sed 's/^/  | /' >&2
		exit 1
	fi
	# peakrss writes key=value pairs; the tables read columns.
	one=$(awk -v st="$status" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); m[kv[1]] = kv[2] }
		print m["wall_s"], m["tree_rss_kb"], m["maxrss_kb"], st, m["procs"], m["cpu_s"] }' "$tmp/one")
	echo "$one $(findings "$log")" >>"$res/$phase-$tool"
	echo "  $phase $tool: wall/tree kB/maxrss kB/status/procs/cpu/findings $one $(findings "$log")" >&2
	rm -f "$tmp/one"
	cp "$log" "$res/$phase-$tool.log"
}

# rotate I prints the tools starting at the I-th, so that no tool always
# runs first (or right after the same neighbour) in a round.
rotate() {
	local i=$(($1 % ${#tools[@]}))
	echo "${tools[@]:i}" "${tools[@]:0:i}"
}

# Warm: one build cache that an unmeasured run of every tool filled, as
# when a linter is re-run on an unchanged checkout. Sharing it costs one
# cold compile of the dependencies instead of one per tool; what the other
# tools added does not slow a tool's lookups of its own entries. The last
# cold round hands its first cache on to it, saving that compile too.
warm=$caches/warm

# Cold: every run has a new, empty build cache, so it includes compiling
# (or type-checking from source) the standard library and the dependencies.
for i in $(seq "$cold_runs"); do
	for tool in $(rotate "$i"); do
		echo "cold run $i/$cold_runs: $tool" >&2
		measure cold "$tool" "$caches/cold-$tool"
		if [ "$i" -eq "$cold_runs" ] && [ ! -e "$warm" ]; then
			mv "$caches/cold-$tool" "$warm"
		else
			# A full build cache is hundreds of megabytes; keep only one run's.
			chmod -R u+w "$caches" && rm -rf "$caches/cold-$tool"
		fi
	done
done

for tool in "${tools[@]}"; do
	echo "warm prime: $tool" >&2
	measure prime "$tool" "$warm"
done
for i in $(seq "$runs"); do
	for tool in $(rotate "$i"); do
		echo "warm run $i/$runs: $tool" >&2
		measure warm "$tool" "$warm"
	done
done

# column PHASE TOOL N prints the N-th field of each run, one per line.
column() {
	[ -s "$res/$1-$2" ] && awk -v n="$3" '{ print $n }' "$res/$1-$2"
}
med() { column "$1" "$2" "$3" | median; }

phases=(warm)
[ "$cold_runs" -gt 0 ] && phases=(cold warm)

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
table() {
	local phase=$1 tool
	echo
	echo "$phase ($( [ "$phase" = cold ] && echo "$cold_runs" || echo "$runs") runs, medians; RSS is the peak of the process tree):"
	echo
	echo "| tool | wall | CPU (user+sys) | peak RSS | findings | exit status |"
	echo "| --- | --- | --- | --- | --- | --- |"
	for tool in "${tools[@]}"; do
		awk -v l="${label[$tool]}" -v w="$(med "$phase" "$tool" 1)" -v r="$(med "$phase" "$tool" 2)" \
			-v c="$(med "$phase" "$tool" 6)" \
			-v f="$(column "$phase" "$tool" 7 | sort -u | tr '\n' '/' | sed 's:/$::')" \
			-v s="$(column "$phase" "$tool" 4 | sort -u | tr '\n' '/' | sed 's:/$::')" \
			'BEGIN { printf "| %s | %.2f s | %.2f s | %.0f MB | %s | %s |\n", l, w, c, r / 1024, f, s }'
	done
}

# ratio PHASE A B FIELD prints median(A)/median(B) for one field.
ratio() {
	awk -v a="$(med "$1" "$2" "$4")" -v b="$(med "$1" "$3" "$4")" 'BEGIN { printf "%.2f", a / b }'
}
# verdict VALUE OP LIMIT prints met or missed.
verdict() {
	awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? v <= l : v < l; print ok ? "met" : "missed" }'
}
ratios() {
	echo
	echo "Ratios of medians (wall, peak RSS; CPU for reference), against the targets:"
	echo
	echo "| ratio | $(printf '%s wall | ' "${phases[@]}")$(printf '%s RSS | ' "${phases[@]}")$(printf '%s CPU | ' "${phases[@]}" | sed 's/ | $//') |"
	echo "| --- |$(printf ' --- |%.0s' "${phases[@]}" "${phases[@]}" "${phases[@]}")"
	# name A B wall-op wall-limit rss-op rss-limit (an empty op: no target)
	local rows=(
		"ctxlint ours / go vet|ours|vet|<=|0.5|<=|1.0"
		"ctxlint full / go vet|full|vet|<=|1.1|<=|1.0"
		"go vet -vettool=ctxlint ours / go vet|vettool|vet||||"
		"ctxlint ours / contextcheck|ours|contextcheck|<|1.0||"
		"ctxlint ours / spancheck|ours|spancheck|<|1.0||"
		"ctxlint full / contextcheck|full|contextcheck||||"
		"ctxlint full / spancheck|full|spancheck||||"
	)
	local row name a b wop wl rop rl line phase v
	for row in "${rows[@]}"; do
		IFS='|' read -r name a b wop wl rop rl <<<"$row"
		line="| $name |"
		for phase in "${phases[@]}"; do
			v=$(ratio "$phase" "$a" "$b" 1)
			line+=" ${v}×"
			[ -n "$wop" ] && line+=" ($wop $wl: $(verdict "$v" "$wop" "$wl"))"
			line+=" |"
		done
		for phase in "${phases[@]}"; do
			v=$(ratio "$phase" "$a" "$b" 2)
			line+=" ${v}×"
			[ -n "$rop" ] && line+=" ($rop $rl: $(verdict "$v" "$rop" "$rl"))"
			line+=" |"
		done
		for phase in "${phases[@]}"; do
			line+=" $(ratio "$phase" "$a" "$b" 6)× |"
		done
		echo "$line"
	done
}

cat <<EOF
Corpus: bench/corpus copy; patterns: ${patterns[*]}
  $npkgs packages matched, $ndeps with tests and dependencies; go.mod of the copy gained: ${added:-nothing}
Machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(go version | cut -d' ' -f3-), GOFLAGS=$(go env GOFLAGS)
Date: $(date -u '+%Y-%m-%d %H:%M UTC'); ctxlint built from $built_from
Commands, run in the corpus copy with the same patterns, interleaved (order rotated each round):
$(for t in "${tools[@]}"; do echo "  ${label[$t]}: ${cmdline[$t]//$bin\//} <patterns>"; done)
  cold: GOCACHE=<new empty dir> per run; warm: one GOCACHE that an unmeasured run of each command filled
EOF
for phase in "${phases[@]}"; do
	table "$phase"
done
ratios
echo
echo "Each run (wall s / CPU s / tree peak MB / GNU time %M MB):"
for phase in "${phases[@]}"; do
	for tool in "${tools[@]}"; do
		printf '  %s %s: %s\n' "$phase" "$tool" \
			"$(awk '{ printf "%s/%s/%.0f/%.0f ", $1, $6, $2 / 1024, $3 / 1024 }' "$res/$phase-$tool")"
	done
done

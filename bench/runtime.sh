#!/usr/bin/env bash
# Measures what otelgen's injected code costs at run time: the workloads of
# bench/runtimecost/testdata as written (plain), rewritten by `otelgen -all -w`
# (otelgen, generated here from plain/ by the otelgen built from this
# checkout) and instrumented by hand (ideal), each with no SDK, the SDK
# sampling nothing, and the SDK sampling everything into a batch processor
# whose exporter discards.
#
#   bash bench/runtime.sh                 # from the repository root; RUNS=5 by default
#   RUNS=9 BENCHTIME=2s bash bench/runtime.sh
#   CPUS=1,2 bash bench/runtime.sh        # GOMAXPROCS values (go test -cpu); 1 by default
#   OUT=/tmp/rc bash bench/runtime.sh     # keep the raw results and the module there
#
# Every run executes one test binary once per SDK mode (a process can
# install a tracer provider only once), so the three variants of a
# benchmark are measured within seconds of each other and the runs
# interleave. Prints benchstat's table and the medians and differences per
# goroutine and per item-stage that bench/README.md quotes.
#
# GOMAXPROCS is 1 by default because the question is what the injected code
# costs, not how well a pipeline overlaps its stages on a shared machine;
# the benchmarks also report cpu-ns/op, the process's CPU time per unit,
# which a busy neighbour disturbs far less than wall time.
set -euo pipefail

runs=${RUNS:-5}
benchtime=${BENCHTIME:-1s}
cpus=${CPUS:-1}
benchstat=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ -n ${OUT:-} ]]; then
	mkdir -p "$OUT"
	tmp=$(cd "$OUT" && pwd)
else
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
mod=$tmp/runtimecost

die() {
	echo "runtime: $*" >&2
	exit 1
}

echo "# $(date -u +%FT%TZ) $(go version) nproc=$(nproc) cpus=$cpus runs=$runs benchtime=$benchtime" >&2
echo "# ctxtrace $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" status --short -- rewrite templates | grep -q . && echo ' (rewrite/ or templates/ modified)')" >&2

(cd "$repo" && go build -o "$tmp/bin/" ./cmd/otelgen) || die "building otelgen failed"
rm -rf "$mod"
cp -R "$repo/bench/runtimecost/testdata" "$mod"
rm -rf "$mod/instrumented"
cp -R "$mod/plain" "$mod/instrumented"
cd "$mod"
go mod edit -replace=github.com/ctxtrace/ctxtrace="$repo"
export GOFLAGS=-mod=mod GOWORK=off
"$tmp/bin/otelgen" -all -w ./instrumented || die "otelgen -w ./instrumented failed"
go test -c -o "$tmp/runtimecost.test" . || die "the generated code does not build"
# Measure only code that traces as it should.
RUNTIMECOST_SDK=record "$tmp/runtimecost.test" -test.run '^TestSpans$' >/dev/null ||
	die "span trees differ from the expected ones: run RUNTIMECOST_SDK=record go test -run TestSpans -v in $mod"

results=$tmp/bench.txt
: >"$results"
for ((r = 1; r <= runs; r++)); do
	for sdk in none never always; do
		echo "# run $r/$runs sdk=$sdk" >&2
		RUNTIMECOST_SDK=$sdk "$tmp/runtimecost.test" -test.run '^$' -test.bench . -test.benchmem -test.cpu "$cpus" \
			-test.benchtime "$benchtime" -test.count 1 >>"$results" || die "benchmarks failed (sdk=$sdk)"
	done
done

echo
go run "$benchstat" -filter '.name:(SpawnJoin OR Pipeline OR MsgPipeline OR Pool)' -col /code -row .name,/sdk "$results" ||
	echo "(benchstat failed; medians below)"
echo
go run ./summary <"$results"

#!/usr/bin/env bash
# Crash-freedom on the largest real code at hand (issue 6, item 4):
#
#   1. ctxlint, full suite, -json, over `std` and over the benchmark corpus
#      (bench/corpus: the packages of grpc, otel/sdk, otelhttp and
#      client_golang that load, with their tests, from the pinned go.sum):
#      no panic, no analyzer error, no load error. Prints the findings per
#      analyzer and writes ctxtrace's own (ctxdrop, spanend, recordrace),
#      with positions, to a file for review.
#   2. otelgen's engine over every standard package except the runtime,
#      syscall, unsafe and internal families (bench/stdcorpus says why each
#      other package is left out): every rewritten file parses and is
#      gofmt-clean, every rewritten package type-checks against export
#      data, with and without its in-package tests. Refusals are counted by
#      reason; a panic or bad output is a failure.
#
#   bash bench/stdcorpus.sh            # from the repository root
#   OUT=/tmp/std bash bench/stdcorpus.sh   # keep findings and failing files in /tmp/std
#   INTERNAL=1 bash bench/stdcorpus.sh     # otelgen over std's internal packages too
#
# Exit status 0 when both tools held up, 1 otherwise. Writes nothing in the
# repository or GOROOT (rewrite.Run returns the rewritten sources); the go
# build cache is used as usual. Needs the module proxy only if the corpus
# modules are not in the module cache yet. Not part of CI: about 8 minutes
# on 2 busy CPUs with a warm build cache (ctxlint std is 5 of them), and 15
# more the first time, when the go command compiles the test variants of
# std packages that otelgen's type-checked load asks for.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-$tmp/out}
mkdir -p "$out"
export GOWORK=off

# The sdk's nested modules (sdk/metric, sdk/log) are not in the corpus, and
# go.opentelemetry.io/otel/sdk/... would match them.
patterns=(
	google.golang.org/grpc/...
	go.opentelemetry.io/otel/sdk
	go.opentelemetry.io/otel/sdk/instrumentation/...
	go.opentelemetry.io/otel/sdk/internal/...
	go.opentelemetry.io/otel/sdk/resource/...
	go.opentelemetry.io/otel/sdk/trace/...
	go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp/...
	github.com/prometheus/client_golang/...
)

status=0
fail() {
	echo "stdcorpus: FAIL: $*"
	status=1
}

cd "$repo"
echo "stdcorpus: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -n "$(git status --short 2>/dev/null)" ] && echo ' (with uncommitted changes)'), $(go version)"
go build -o "$tmp/bin/" ./cmd/ctxlint ./bench/stdcorpus

# Some packages of those modules (grpc's xds and admin, for instance)
# import modules the corpus does not require; they cannot load, with or
# without the checker, so the corpus is the packages that load with their
# tests from the pinned go.sum.
(cd bench/corpus && go mod download)
(cd bench/corpus && go list -e -f '{{if not (or .Error .DepsErrors)}}{{.ImportPath}}{{end}}' "${patterns[@]}") |
	sort -u >"$tmp/loads"
mapfile -t loads <"$tmp/loads"
(cd bench/corpus && go list -e -test -f '{{if or .Error .DepsErrors}}{{if .ForTest}}{{.ForTest}}{{else}}{{.ImportPath}}{{end}}{{end}}' "${loads[@]}") |
	sed 's/\.test$//' | sort -u >"$tmp/testsfail"
comm -23 "$tmp/loads" "$tmp/testsfail" >"$out/corpus-packages.txt"
all=$(cd bench/corpus && go list -e "${patterns[@]}" 2>/dev/null | wc -l)
echo "stdcorpus: corpus: $(wc -l <"$out/corpus-packages.txt") of $all packages load with their tests from bench/corpus/go.sum"

# lint NAME DIR PATTERNS... runs the full suite with -json and checks how it
# ended: a panic ends the process with status 2 and a goroutine dump; a
# package that does not load gives status 1.
lint() {
	local name=$1 dir=$2 code=0
	shift 2
	local start=$SECONDS timer=()
	rm -f "$out/$name.time"
	# GNU time gives the peak RSS too; without it, the wall time only.
	if /usr/bin/time -f %e -o /dev/null true 2>/dev/null; then
		timer=(/usr/bin/time -f '%e s, %M KB peak RSS' -o "$out/$name.time")
	fi
	(cd "$dir" && "${timer[@]}" "$tmp/bin/ctxlint" -json "$@" >"$out/$name.json" 2>"$out/$name.stderr") || code=$?
	echo "stdcorpus: ctxlint -json over $name: exit status $code, $(tail -n 1 "$out/$name.time" 2>/dev/null || echo "$((SECONDS - start)) s")"
	if grep -q -E '^panic:|^fatal error:|internal error' "$out/$name.stderr"; then
		fail "ctxlint crashed over $name:"
		head -40 "$out/$name.stderr" | sed 's/^/  | /'
	elif [ $code -ne 0 ]; then
		fail "ctxlint exit status $code over $name (1 is a load error):"
		head -40 "$out/$name.stderr" | sed 's/^/  | /'
	fi
}
lint std . std
mapfile -t corpus <"$out/corpus-packages.txt"
lint corpus bench/corpus "${corpus[@]}"

"$tmp/bin/stdcorpus" lint -list "$out/ours.txt" "$out/std.json" "$out/corpus.json" || fail "an analyzer failed (see the errors above)"
echo "stdcorpus: ctxtrace's own findings ($(grep -vc '^#' "$out/ours.txt" || true)) are listed in $out/ours.txt"

echo
"$tmp/bin/stdcorpus" rewrite ${INTERNAL:+-internal} -out "$out/rewrite-failures" || fail "otelgen's output over std (failing files saved in $out/rewrite-failures)"

if [ -z "${OUT:-}" ] && [ $status -ne 0 ]; then
	echo "stdcorpus: set OUT=dir to keep the findings and failing files"
fi
exit $status

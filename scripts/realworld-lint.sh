#!/usr/bin/env bash
# Runs ctxtrace's three analyzers over real code nobody here wrote, at pinned
# versions, from a scratch module; testdata/realworld.md records the verdict
# on every diagnostic this prints. Needs the Go module proxy.
#
#   [REALWORLD_SET=first|second|all] [CTXLINT=path] scripts/realworld-lint.sh [ctxlint flags]
#
# REALWORLD_SET picks the corpus (default all): the first (otel, grpc, ...)
# or the second (job queues, messaging and database clients, otel plugins),
# each from a scratch module of its own so their versions do not mix.
# CTXLINT runs another build (an older commit's, to compare) instead of
# building this checkout's.
#
# Prints one diagnostic per line, paths relative to the module cache, and the
# peak RSS and wall time of each run (GNU time). Pass no flags to get
# realworld.md's list; pass -ctxdrop=true etc. to narrow it. Exit status 0 unless ctxlint crashes or fails to load.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

set=${REALWORLD_SET:-all}
case $set in first | second | all) ;; *) echo "REALWORLD_SET must be first, second or all" >&2; exit 2 ;; esac
ctxlint=${CTXLINT:-$work/ctxlint}
[ -n "${CTXLINT:-}" ] || go build -o "$work/ctxlint" "$repo/cmd/ctxlint"
modcache=$(go env GOMODCACHE)
status=0

# lint runs ctxlint's three analyzers on each pattern given, from the
# current directory's module.
lint() {
	for pattern in "$@"; do
		echo "## $pattern"
		set +e
		/usr/bin/time -f "peak RSS %M KiB, wall %e s" "$ctxlint" -ctxdrop -spanend -recordrace $flags "$pattern" 2>"$work/out"
		code=$?
		set -e
		sed "s|$modcache/||" "$work/out"
		case $code in
		0 | 3) ;;
		*) echo "ctxlint exited $code on $pattern" >&2; status=1 ;;
		esac
	done
}
flags="$*"

scratch() {
	mkdir -p "$work/$1" && cd "$work/$1"
	printf 'module realworld\n\ngo 1.26\n' > go.mod
}

first() {
scratch first
# The otel modules are named one by one: a wildcard get of otel/... would
# try nested modules that are not on the proxy at this version.
go get go.opentelemetry.io/otel@v1.47.0 go.opentelemetry.io/otel/sdk@v1.47.0 \
	go.opentelemetry.io/otel/sdk/metric@v1.47.0 go.opentelemetry.io/otel/trace@v1.47.0 \
	go.opentelemetry.io/otel/metric@v1.47.0 \
	google.golang.org/grpc@v1.85.0 \
	go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp@v0.72.0 \
	go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc@v0.72.0 \
	go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp@v1.47.0 \
	go.opentelemetry.io/otel/exporters/stdout/stdouttrace@v1.47.0 \
	github.com/prometheus/client_golang@v1.25.0 >get.log 2>&1 ||
	{ cat get.log >&2; exit 1; }
# Then what their packages and tests import. grpc's examples are a module
# of their own that does not resolve at this version, which fails this get
# as a whole; -mod=mod below lets the go command add what is still missing.
go get -t google.golang.org/grpc/...@v1.85.0 \
	go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp/...@v0.72.0 \
	go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc/...@v0.72.0 \
	go.opentelemetry.io/otel/exporters/otlp/otlptrace/...@v1.47.0 \
	github.com/prometheus/client_golang/...@v1.25.0 >/dev/null 2>&1 || true
export GOFLAGS=-mod=mod
lint go.opentelemetry.io/otel/... \
	go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp/... \
	google.golang.org/grpc/... \
	go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc/... \
	go.opentelemetry.io/otel/exporters/... \
	github.com/prometheus/client_golang/...
	unset GOFLAGS
}

# The second corpus: each module at its pinned version, then what its
# packages and tests import (module by module: a wildcard across nested
# modules is refused).
second() {
	scratch second
	local mods=(github.com/panjf2000/ants/v2@v2.12.1 github.com/riverqueue/river@v0.51.2
		github.com/riverqueue/rivercontrib/otelriver@v0.12.0 github.com/nats-io/nats.go@v1.56.0
		github.com/jackc/pgx/v5@v5.13.0 github.com/redis/go-redis/v9@v9.23.0
		github.com/redis/go-redis/extra/redisotel/v9@v9.23.0 github.com/segmentio/kafka-go@v0.4.51
		github.com/twmb/franz-go/pkg/kgo@v1.22.3 github.com/twmb/franz-go/plugin/kotel@v1.6.0
		github.com/rabbitmq/amqp091-go@v1.17.0 github.com/IBM/sarama@v1.61.1
		go.mongodb.org/mongo-driver/v2@v2.10.0 github.com/XSAM/otelsql@v0.41.0 github.com/exaring/otelpgx@v0.10.0)
	go get "${mods[@]}" >get.log 2>&1 || { cat get.log >&2; exit 1; }
	local patterns=()
	for m in "${mods[@]}"; do
		go get -t "${m%@*}/...@${m#*@}" >/dev/null 2>&1 || true
		patterns+=("${m%@*}/...")
	done
	export GOFLAGS=-mod=mod
	lint "${patterns[@]}"
	unset GOFLAGS
}

case $set in
first) first ;;
second) second ;;
all) first; second ;;
esac
exit $status

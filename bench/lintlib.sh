# Shared by bench/lint.sh and bench/lintcache.sh, which source it after
# setting repo (the checkout's root).

# lint_setup makes tmp, a directory removed on exit, and corpus, a
# writable copy of bench/corpus in it.
lint_setup() {
	tmp=$(mktemp -d)
	# Build and module caches hold read-only files; make them removable first.
	trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
	corpus=$tmp/corpus
	cp -R "$repo/bench/corpus" "$corpus"
	chmod -R u+w "$corpus"
}

# ctxlint_built_from prints the commit ctxlint is built from, noting
# uncommitted changes to it. Call it when building: the checkout may
# change while the benchmark runs.
ctxlint_built_from() {
	local rev
	rev=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo "?")
	if [ -n "$(cd "$repo" && git status --short -- analyzers cmd/ctxlint 2>/dev/null)" ]; then
		rev+=" (+ uncommitted changes)"
	fi
	echo "$rev"
}

# median reads numbers, one per line, and prints their median.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

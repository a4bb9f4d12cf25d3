// Command summary reads `go test -bench` output of the runtimecost
// benchmarks (any number of runs, any SDK modes) on standard input and
// prints markdown tables of medians: per benchmark and SDK mode, plain,
// otelgen and ideal side by side, and what otelgen and ideal add to plain
// per goroutine or per item-stage, the unit the targets are set in.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// stages is how many spans each unit of a benchmark gets when traced: the
// unit ns/op is measured in (a goroutine, an item, a job) divided by it is
// the unit the targets are set in (a goroutine, an item-stage).
var stages = map[string]int{"SpawnJoin": 1, "Pipeline": 3, "MsgPipeline": 3, "Pool": 2}

var unitNames = map[string]string{"SpawnJoin": "goroutine", "Pipeline": "item", "MsgPipeline": "item", "Pool": "job"}

var line = regexp.MustCompile(`^Benchmark(\w+)/sdk=(\w+)/code=(\w+)(?:-\d+)?\s+\d+\s+(.*)$`)
var span = regexp.MustCompile(`^BenchmarkSpan/sdk=(\w+)(?:-\d+)?\s+\d+\s+(.*)$`)
var envelope = regexp.MustCompile(`^BenchmarkEnvelope/code=(\w+)(?:-\d+)?\s+\d+\s+(.*)$`)

type key struct{ bench, sdk, code string }

type medianFunc func(k key, unit string) (float64, int, bool)

// each calls f for every benchmark and SDK mode in table order, with the
// number of spans per unit.
func each(f func(bench, sdk string, spans float64)) {
	for _, bench := range []string{"SpawnJoin", "Pipeline", "MsgPipeline", "Pool"} {
		for _, sdk := range []string{"none", "never", "always"} {
			f(bench, sdk, float64(stages[bench]))
		}
	}
}

// medians returns the medians of plain, otelgen and ideal, and the fewest
// runs any of them has.
func medians(med medianFunc, bench, sdk, metric string) (v [3]float64, runs int, ok bool) {
	ok = true
	for i, code := range []string{"plain", "otelgen", "ideal"} {
		var n int
		var found bool
		v[i], n, found = med(key{bench, sdk, code}, metric)
		ok = ok && found
		if i == 0 || n < runs {
			runs = n
		}
	}
	return v, runs, ok
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "summary:", err)
		os.Exit(2)
	}
}

func run(in io.Reader, out io.Writer) error {
	samples := map[key]map[string][]float64{}
	add := func(k key, metrics string) error {
		f := strings.Fields(metrics)
		if samples[k] == nil {
			samples[k] = map[string][]float64{}
		}
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return fmt.Errorf("%s/%s/%s: %q: %w", k.bench, k.sdk, k.code, f[i], err)
			}
			samples[k][f[i+1]] = append(samples[k][f[i+1]], v)
		}
		return nil
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if m := line.FindStringSubmatch(sc.Text()); m != nil {
			if err := add(key{m[1], m[2], m[3]}, m[4]); err != nil {
				return err
			}
		} else if m := span.FindStringSubmatch(sc.Text()); m != nil {
			if err := add(key{"Span", m[1], "api"}, m[2]); err != nil {
				return err
			}
		} else if m := envelope.FindStringSubmatch(sc.Text()); m != nil {
			if err := add(key{"Envelope", "none", m[1]}, m[2]); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(samples) == 0 {
		return fmt.Errorf("no runtimecost benchmark results on standard input")
	}
	var med medianFunc = func(k key, unit string) (float64, int, bool) {
		v := slices.Clone(samples[k][unit])
		if len(v) == 0 {
			return 0, 0, false
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2], len(v), true
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2, len(v), true
	}

	for _, metric := range []string{"cpu-ns/op", "ns/op"} {
		what := map[string]string{"cpu-ns/op": "CPU time of the process", "ns/op": "wall time"}[metric]
		fmt.Fprintf(out, "%s (%s) per unit; the differences per span: per goroutine, per item-stage\n\n", metric, what)
		fmt.Fprintln(out, "| benchmark | SDK | unit | runs | plain | otelgen | ideal | otelgen − plain | ideal − plain | otelgen − ideal |")
		fmt.Fprintln(out, "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
		each(func(bench, sdk string, s float64) {
			v, runs, ok := medians(med, bench, sdk, metric)
			if !ok {
				return
			}
			fmt.Fprintf(out, "| %s | %s | %s | %d | %.0f | %.0f | %.0f | %+.0f | %+.0f | %+.0f |\n",
				bench, sdk, unitNames[bench], runs, v[0], v[1], v[2], (v[1]-v[0])/s, (v[2]-v[0])/s, (v[1]-v[2])/s)
		})
		fmt.Fprintln(out)
	}
	fmt.Fprintln(out, "allocs/op and B/op per unit; the differences per span")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| benchmark | SDK | plain allocs | otelgen allocs | ideal allocs | otelgen − plain | ideal − plain | plain B | otelgen B | ideal B | otelgen − plain B |")
	fmt.Fprintln(out, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	each(func(bench, sdk string, s float64) {
		a, _, ok1 := medians(med, bench, sdk, "allocs/op")
		m, _, ok2 := medians(med, bench, sdk, "B/op")
		if !ok1 || !ok2 {
			return
		}
		fmt.Fprintf(out, "| %s | %s | %.2f | %.2f | %.2f | %+.2f | %+.2f | %.0f | %.0f | %.0f | %+.0f |\n",
			bench, sdk, a[0], a[1], a[2], (a[1]-a[0])/s, (a[2]-a[0])/s, m[0], m[1], m[2], (m[1]-m[0])/s)
	})
	if _, _, ok := med(key{"Span", "none", "api"}, "ns/op"); ok {
		fmt.Fprintln(out)
		fmt.Fprintln(out, "| one span, Start + End (the API floor) | ns/op | cpu-ns/op | B/op | allocs/op |")
		fmt.Fprintln(out, "| --- | ---: | ---: | ---: | ---: |")
		for _, sdk := range []string{"none", "never", "always"} {
			k := key{"Span", sdk, "api"}
			ns, _, ok := med(k, "ns/op")
			if !ok {
				continue
			}
			cpu, _, _ := med(k, "cpu-ns/op")
			b, _, _ := med(k, "B/op")
			a, _, _ := med(k, "allocs/op")
			fmt.Fprintf(out, "| sdk=%s | %.0f | %.0f | %.0f | %.0f |\n", sdk, ns, cpu, b, a)
		}
	}
	if _, _, ok := med(key{"Envelope", "none", "int"}, "ns/op"); ok {
		fmt.Fprintln(out)
		fmt.Fprintln(out, "| envelope (send + receive) | ns/op | cpu-ns/op | B/op | allocs/op |")
		fmt.Fprintln(out, "| --- | ---: | ---: | ---: | ---: |")
		for _, code := range []string{"int", "carry"} {
			ns, _, _ := med(key{"Envelope", "none", code}, "ns/op")
			cpu, _, _ := med(key{"Envelope", "none", code}, "cpu-ns/op")
			b, _, _ := med(key{"Envelope", "none", code}, "B/op")
			a, _, _ := med(key{"Envelope", "none", code}, "allocs/op")
			name := map[string]string{"int": "`chan int`", "carry": "`chan carry.Item[int]`"}[code]
			fmt.Fprintf(out, "| %s | %.1f | %.1f | %.0f | %.0f |\n", name, ns, cpu, b, a)
		}
	}
	return nil
}

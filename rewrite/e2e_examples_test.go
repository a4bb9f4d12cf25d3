package rewrite_test

import (
	"strings"
	"testing"
)

// The item counts below are the sizes of the examples' inputs (numJobs,
// the numbers passed to gen, numItems, numTasks); every item must get one
// span per stage it passes through.
var e2eExamples = []e2eExample{
	{"workerpool", func(t *testing.T, tr *spanTree, _ string) {
		run, worker := named("main.run"), named("main.worker")
		// run sends every job with its own context, so each job's span in
		// a worker hangs off run; each result's span in run hangs off the
		// job that produced it.
		jobs, results := between("main.worker", "/range jobs"), between("main.run", "/range results")
		assertCount(t, tr, worker, 3)
		assertParents(t, tr, worker, run)
		assertParents(t, tr, jobs, run)
		assertChain(t, tr, 9, jobs, results)
		assertNoOthers(t, tr, run, worker, jobs, results)
	}},
	{"pipeline", func(t *testing.T, tr *spanTree, _ string) {
		checkPipeline(t, tr)
	}},
	{"msgpipeline", func(t *testing.T, tr *spanTree, _ string) {
		// square sends msg literals without Ctx and the sink hands m.Ctx
		// to show. Unless otelgen fills Ctx in, show starts a trace of its
		// own; when it does, a range loop over a channel of messages points
		// m.Ctx at the item's span in that stage, so show hangs off the
		// sink's span of the same item.
		show := named("main.show")
		checkPipeline(t, tr, show)
		assertChain(t, tr, 7, between("main.run", "/range out"), show)
	}},
	{"fanout", func(t *testing.T, tr *spanTree, _ string) {
		run := named("main.run")
		source, worker, merge := named("main.source"), named("main.worker"), named("main.merge")
		sourceGo, workerGo, mergeGo := named("main.source/go"), named("main.worker/go"), named("main.merge/go")
		for _, st := range []struct {
			fn, goroutine spanMatch
			n, goroutines int
		}{{source, sourceGo, 1, 1}, {worker, workerGo, 3, 3}, {merge, mergeGo, 1, 4}} {
			assertCount(t, tr, st.fn, st.n)
			assertParents(t, tr, st.fn, run)
			assertCount(t, tr, st.goroutine, st.goroutines)
			assertParents(t, tr, st.goroutine, st.fn)
		}
		workerItems := between("main.worker", "/range in")
		mergeItems := between("main.merge", "/range c")
		sinkItems := prefixed("main.run/range ")
		assertParents(t, tr, workerItems, sourceGo)
		assertChain(t, tr, 12, workerItems, mergeItems, sinkItems)
		assertNoOthers(t, tr, run, source, worker, merge, sourceGo, workerGo, mergeGo, workerItems, mergeItems, sinkItems)
	}},
	{"router", func(t *testing.T, tr *spanTree, _ string) {
		// serve loops as long as the program: no span of its own, one per
		// message, under the span of run that sent it; Square does too
		// little for a span, handle does not; the helpers in checks keep
		// their contexts, and release sees the nil it is given.
		run, handle := named("main.run"), named("main.handle")
		items := named("main.(*router).serve/select r.in")
		assertCount(t, tr, items, 5)
		assertParents(t, tr, items, run)
		assertCount(t, tr, handle, 5)
		assertParents(t, tr, handle, items)
		assertNoOthers(t, tr, run, items, handle)
	}},
	{"errgroup", func(t *testing.T, tr *spanTree, stdout string) {
		run, task := named("main.run"), named("main.task")
		assertCount(t, tr, task, 6)
		assertParents(t, tr, task, run)
		_, printed, ok := strings.Cut(stdout, "error: ")
		if !ok {
			t.Fatalf("errgroup printed no error:\n%s", stdout)
		}
		assertOneError(t, tr, task, strings.TrimSpace(printed))
		assertNoOthers(t, tr, run, task)
	}},
}

// checkPipeline checks gen -> square -> sink: square's span per item hangs
// off gen's goroutine, which sent it, and each item's sink span hangs off
// its square span. others are the spans the example makes besides these.
func checkPipeline(t *testing.T, tr *spanTree, others ...spanMatch) {
	run := named("main.run")
	gen, square := named("main.gen"), named("main.square")
	genGo, squareGo := named("main.gen/go"), named("main.square/go")
	squareItems, sinkItems := between("main.square", "/range in"), between("main.run", "/range out")
	for _, fn := range []spanMatch{gen, square} {
		assertCount(t, tr, fn, 1)
		assertParents(t, tr, fn, run)
	}
	assertCount(t, tr, genGo, 1)
	assertParents(t, tr, genGo, gen)
	assertCount(t, tr, squareGo, 1)
	assertParents(t, tr, squareGo, square)
	assertParents(t, tr, squareItems, genGo)
	assertChain(t, tr, 7, squareItems, sinkItems)
	assertNoOthers(t, tr, append(others, run, gen, square, genGo, squareGo, squareItems, sinkItems)...)
}

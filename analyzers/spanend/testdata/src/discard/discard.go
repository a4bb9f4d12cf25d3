// Package discard has spans that are thrown away at the start, and
// contexts that carry a span on to someone who ends it.
package discard

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/discard")

func fetch(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// blank keeps the context and drops the span.
func blank(ctx context.Context, url string) error {
	ctx, _ = tracer.Start(ctx, "fetch") // want "span is discarded, so it is never ended: assign it to a variable and add defer span.End\\(\\)"
	return fetch(ctx, url)
}

// blankDefine drops the span in a short variable declaration.
func blankDefine(parent context.Context, url string) error {
	ctx, _ := tracer.Start(parent, "fetch") // want "span is discarded"
	return fetch(ctx, url)
}

// statement drops both results.
func statement(ctx context.Context) {
	tracer.Start(ctx, "noop") // want "span is discarded"
}

// collision already has a span variable in scope: the fix picks another name.
func collision(ctx context.Context, url string) error {
	span := trace.SpanFromContext(ctx)
	span.AddEvent("fetching")
	ctx, _ = tracer.Start(ctx, "fetch") // want "span is discarded, so it is never ended: assign it to a variable and add defer span2.End\\(\\)"
	return fetch(ctx, url)
}

// varDecl drops the span in a var declaration.
func varDecl(parent context.Context, url string) error {
	var ctx, _ = tracer.Start(parent, "fetch") // want "span is discarded"
	return fetch(ctx, url)
}

// inLoop gets no fix: a defer in the loop would end every span only at return.
func inLoop(ctx context.Context, urls []string) {
	for _, u := range urls {
		ctx, _ := tracer.Start(ctx, "fetch") // want "span is discarded"
		_ = fetch(ctx, u)
	}
}

// shadowingAssign gets no fix: "ctx, span := ..." would declare a new ctx
// in the inner block instead of assigning the outer one.
func shadowingAssign(ctx context.Context, url string, traced bool) error {
	if traced {
		ctx, _ = tracer.Start(ctx, "fetch") // want "span is discarded"
	}
	return fetch(ctx, url)
}

// Job carries its context, and with it the span, to a worker that ends it.
type Job struct {
	Ctx context.Context
	URL string
}

func enqueue(ctx context.Context, jobs chan<- Job, url string) {
	ctx, _ = tracer.Start(ctx, "job")
	jobs <- Job{Ctx: ctx, URL: url}
}

func worker(jobs <-chan Job) {
	for j := range jobs {
		_ = fetch(j.Ctx, j.URL)
		trace.SpanFromContext(j.Ctx).End()
	}
}

// sendCtx sends the bare context.
func sendCtx(ctx context.Context, ctxs chan<- context.Context) {
	ctx, _ = tracer.Start(ctx, "handoff")
	ctxs <- ctx
}

// startCtx returns the context; its caller ends the span in it.
func startCtx(ctx context.Context, name string) context.Context {
	ctx, _ = tracer.Start(ctx, name)
	return ctx
}

// retrieve takes the span back out of the context it just created and ends it.
func retrieve(ctx context.Context, url string) error {
	ctx, _ = tracer.Start(ctx, "fetch")
	span := trace.SpanFromContext(ctx)
	defer span.End()
	return fetch(ctx, url)
}

// Session stores the traced context in a field.
type Session struct {
	ctx context.Context
}

func (s *Session) Begin(ctx context.Context) {
	ctx, _ = tracer.Start(ctx, "session")
	s.ctx = ctx
}

func (s *Session) Close() {
	trace.SpanFromContext(s.ctx).End()
}

// Package ctxdrop defines an Analyzer that reports code that drops the
// caller's context.
//
// # Analyzer ctxdrop
//
// ctxdrop: report code that drops the caller's context
//
// A function has the caller's context when one is in scope: a
// context.Context parameter, a local derived from one, one captured by a
// closure, or the *http.Request parameter r of a function that serves it
// (one that also takes an http.ResponseWriter), whose context is
// r.Context().
// Where such a context is visible, ctxdrop reports three ways of losing it,
// and with it cancellation, deadlines, and the trace:
//
// 1. A call of context.Background() or context.TODO(), anywhere in the
// function, including goroutines it starts and the first argument of
// tracer.Start:
//
//	go worker(context.Background(), jobs) // context.Background() drops ctx, the caller's context; pass ctx
//
// The fix passes the visible context (the most recently declared one that
// is not shadowed). In deferred code, which often runs after the caller's
// context is done, the fix passes context.WithoutCancel(ctx) instead. When
// the replaced call was the file's only use of the context package, the
// fix also deletes the import.
//
// 2. A call of a function or method Foo that has a context-taking twin:
// FooContext or FooWithContext, declared in the same package (for
// functions) or in the method set of the same receiver (for methods),
// exported or in the calling package, whose parameters are
// (context.Context, <Foo's parameters>) and whose results are Foo's. This
// covers http.NewRequest, exec.Command, the Query, QueryRow, Exec, Prepare
// and Ping methods of *sql.DB, *sql.Tx and *sql.Stmt, slog.Info and
// friends, and the project's own pairs. The fix calls the twin with the
// visible context. Three replacements are spelled differently and are
// special-cased: http.Get, Post, Head and PostForm (and those methods of
// *http.Client) need http.NewRequestWithContext and a client's Do (no
// fix); net.Dial becomes (&net.Dialer{}).DialContext(ctx, ...); and
// (*sql.DB).Begin becomes BeginTx(ctx, nil).
//
// 3. A context variable ctx passed, as an argument of type context.Context,
// to any call (including go statements and calls inside closures) while a
// span started from it is live:
//
//	spanCtx, span := tracer.Start(ctx, "checkout")
//	defer span.End()
//	charge(ctx, cart) // ctx is the context from before the span started on line 1; pass spanCtx so callees are children of the span
//
// The callee's spans then become siblings of the span instead of its
// children. A span start is any call returning (context.Context,
// trace.Span), tracer.Start or a wrapper, whose first argument is a context
// variable declared in the function. The span is live from the end of the
// start statement to the first later statement of the same function that
// may end it: span.End(...) not deferred, or a call given the span whose
// results are unused (a helper that ends it); otherwise to the end of the
// block holding the start statement. The fix passes the span's context
// variable when it is named and in scope at the use. A function that
// returns the span it starts (a span factory) is not checked: the parent
// context it uses before it returns sets the span up for its caller.
//
// # Not reported
//
//   - Functions without a caller's context: main, init, test setup, and any
//     function whose contexts are all rooted in context.Background(). An
//     unnamed or blank context parameter is no caller's context, and a
//     function literal that declares one ignores contexts on purpose: the
//     enclosing function's context is not reported as dropped inside it.
//   - A caller's context that is shadowed at the call (by anything, even a
//     non-context named ctx) is not visible there; without another visible
//     caller's context the call is not reported.
//   - Code where the visible context is nil: the body of "if ctx == nil"
//     (so "ctx = context.Background()" there is a defensive default) and
//     the else branch of "if ctx != nil".
//   - A root context stored beyond the call, directly or through
//     context.With... derivations: assigned to a field, an element or a
//     package-level variable, or put in a composite literal (a server's
//     lazily started background context, a context implementation that
//     embeds Background). It is meant to outlive the caller's context.
//   - A root context detached on purpose, unless it is the parent of a
//     span start (directly, derived or through a local), where the trace
//     breaks whatever the intent and the advice is
//     context.WithoutCancel(ctx). Detached on purpose means: returned (a
//     helper that chooses a context); assigned to locals and derivations
//     that are stored as above, returned, or captured by a later callback
//     (d, cancel := context.WithCancel(context.Background()) later put in
//     &waiter{ctx: d}); made inside a function literal that may run after
//     the caller returned, one passed to a call other than a Go method
//     launch (g.Go(f), which is joined) or a same-package function whose
//     body calls that parameter itself, or one stored in a field, element
//     or composite literal (time.AfterFunc(d, f), handlers registered for
//     later, work shared through singleflight) -- unless the literal
//     declares the visible context itself; passed to runtime/pprof's
//     SetGoroutineLabels or Do, which use a context only for the labels
//     they install, so a root clears them; given, directly, derived or
//     through a local, to a teardown method (Close, Abort, Rollback,
//     Disconnect, Shutdown, Stop, EndSession, Release, Cleanup, alone or
//     followed by an upper-case word, first letter in either case); or
//     made in a statement at most 6 lines below a comment inside the
//     function saying "detach", "outlive", "cancellation", "independent",
//     "cancelled", "canceled", "even if", "regardless" or "not derived".
//     The -detached flag (false by default) reports these too, with the
//     advice context.WithoutCancel(ctx). Goroutines started with a go
//     statement are still reported: whether they are joined is not
//     analysed. Nor are functions given to t.Run, b.Run, b.RunParallel
//     and sync.Once.Do later callbacks: those run them before returning,
//     so roots in them are reported.
//   - Calls of a method Foo named for completion or teardown (Wait,
//     Close, Flush, Shutdown, Stop, Drain, Join, Sync, alone or followed
//     by an upper-case word: WaitAll, CloseSend) even if FooContext
//     exists: the twin returns early on cancellation while the work goes
//     on, so the two are not interchangeable.
//   - A root context passed to a method named Shutdown, directly, derived
//     (context.WithTimeout(context.Background(), d)) or through a local
//     variable: a handler that shuts its server down must not bind the
//     shutdown to the request it waits for.
//   - context.Background() compared with something ("ctx ==
//     context.Background()"), and context.WithoutCancel(ctx), which
//     detaches on purpose and keeps the context's values.
//   - Calls of Foo in deferred code, which often must not be cancelled
//     with the caller's context (FooContext(ctx, ...) would be).
//   - Calls of Foo in a goroutine whose launcher receives from ctx.Done()
//     of a caller's context itself (go func() { errc <- conn.Handshake() }()
//     followed by a select on errc and ctx.Done()): cancellation is
//     honoured by hand.
//   - Calls of Foo whose result is stored in a variable that the
//     function later joins with a context: v.WithContext(ctx), or a call
//     given both v and a context (req, _ := http.NewRequest(...) followed
//     by client.Do(ctx, req), as in Prometheus' API client).
//   - An *http.Request parameter of a function without an
//     http.ResponseWriter parameter (one that inspects a request rather
//     than serving it) is no caller's context.
//   - Twins of generic functions, twins whose parameters or results differ
//     in any way, unexported twins in other packages, pointer-receiver
//     twins of a value that may not be addressable, and a call of Foo inside
//     FooContext itself (the fix would make FooContext call itself).
//   - For spans: the idiom "ctx, span := tracer.Start(ctx, ...)", which
//     reuses the variable; a use after any assignment to ctx (or after its
//     address is taken) following the start; calls that are also given the
//     span (trace.ContextWithSpan(ctx, span)); context.WithoutCancel(ctx),
//     context.Cause, context.AfterFunc and baggage.FromContext, which
//     detach or read what the span does not change; trace.SpanFromContext
//     and trace.SpanContextFromContext, which may look at the parent on
//     purpose; uses after the block that
//     holds the start statement, where the span's context may be out of
//     scope or unset; and spans started from package-level contexts or
//     from expressions other than a variable.
//   - Code under a //ctxlint:ignore ctxdrop <reason> directive, and
//     _test.go files when the -tests flag is false (it is true by default).
package ctxdrop

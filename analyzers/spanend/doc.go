// Package spanend defines an Analyzer that checks that every started
// OpenTelemetry span is ended on all paths.
//
// # Analyzer spanend
//
// spanend: check that every started span is ended on all paths
//
// A span start is a call returning exactly (context.Context, trace.Span):
// trace.Tracer.Start on any tracer, and the wrapper functions projects
// write around it. The analyzer reports, at the start call:
//
//   - a span that is not ended on some path from its start to a return of
//     the function, early returns and error branches included. Falling off
//     the end of a function is such a path; a path that ends in panic,
//     os.Exit, runtime.Goexit, a Fatal or Panic call of any logger
//     (log.Fatal, (*zap.Logger).Fatal, ...) or t.Fatal, t.FailNow or t.Skip
//     is not. A deferred End (defer span.End(), or a deferred function
//     literal that mentions the span) settles every path through the defer
//     statement. A second diagnostic marks the return statement reached
//     without End. See "Suggested fix" below for when a fix is offered;
//   - a discarded span: "ctx, _ := tracer.Start(...)" or the start call
//     used as a statement. The suggested fix names the span (span, or
//     span2, span3, ... if span is taken) and inserts "defer span.End()".
//     No fix is offered inside a loop, or where turning "=" into ":="
//     would declare a new context variable instead of assigning the old;
//   - "defer span.End()" (or a deferred literal ending the span) in the
//     body of the loop that started the span, when the loop can run again
//     after the defer: every iteration's span then ends only when the
//     function returns. A defer inside a function literal that the loop
//     calls per iteration is fine and not reported;
//   - a span variable reassigned (by a second start or anything else)
//     while its span may still be open, including a loop that reaches the
//     same start again before ending the previous iteration's span.
//
// It also reports, at the End call, ending a span obtained with
// trace.SpanFromContext from the caller's context: a context.Context or
// *http.Request parameter (of a function declaration or of a function
// literal that is not called where it is written), or a local derived
// from those only through package context (WithCancel, WithValue, ...).
// Such a span belongs to whoever started it. Only an End that runs
// whenever the function returns is reported: a deferred one, or one not
// inside any branch or loop. An End guarded by a condition is taken for
// the owner's own protocol split across callbacks (a gRPC stats handler
// whose HandleRPC ends, on the end event, the span its TagRPC started).
// Nor is the End in the end hook of a start/end pair of the same type: a
// method named ...End, ...Finish or ...Done whose twin ...Start or
// ...Begin starts a span, discards it and returns its context (a database
// tracer's TraceQueryStart and TraceQueryEnd).
// A context that a span start,
// a trace function (trace.ContextWithSpan, ...) or any other call may have
// produced is not the caller's, so
//
//	ctx, _ = tracer.Start(ctx, "op")
//	defer trace.SpanFromContext(ctx).End()
//
// is fine.
//
// # Suggested fix
//
// For a span not ended on all paths, the suggested fix inserts
// "defer span.End()" on the line after the start and deletes every
// explicit span.End() of the span, so that the span is ended once and
// ends, on the paths that ended it, where it ended before. It is offered
// only when all of these hold:
//
//   - the span variable is declared by the start statement, a statement of
//     its own outside any loop;
//   - the function neither hands the span (or the context from the start)
//     on, nor mentions the span in a function literal, nor already defers
//     its End;
//   - every explicit End of the span is a statement "span.End()" without
//     arguments, in the function's own body, that is the last statement of
//     the function body or is immediately followed, in the same block or
//     case, by a return statement (labelled or not) whose results call
//     nothing but conversions and builtins and receive from no channel;
//   - if there is such an End to delete: no defer statement follows the
//     start (its call would run inside the span, before the deferred End),
//     the span variable is not assigned again, and each End has its lines
//     to itself (a line comment after it goes with it).
//
// Otherwise the diagnostic comes without a fix: an End with options
// (span.End(trace.WithTimestamp(t))), an End with more work after it, one
// after which the function goes on, or one before "return f()" would end
// the span at another time under a deferred End, and kept it would end the
// span twice. Deleting an End also deletes a blank line before it when
// that would leave two blank lines, or one before a closing brace.
//
// # Hand-off
//
// Like lostcancel, the analyzer treats any use of the span value, other
// than calling its own methods, as a possible hand-off of ownership, and
// then says nothing about the span from that point of the path on: the
// span (or a composite literal holding it) is returned, sent on a
// channel, stored in a field, element or other variable, passed to any
// function, compared, used as a method value, or mentioned in a function
// literal (a closure that ends it, or a goroutine that receives it). Its
// methods (SetAttributes, AddEvent, RecordError, SetStatus, SetName,
// IsRecording, SpanContext, ...) are not uses; End is the one that ends
// it. The context returned by the start carries the span too: sending it,
// returning it, storing it in a composite literal, field, element or
// non-local variable, taking its address, or giving it to
// trace.SpanFromContext (also inside a function literal it is passed to)
// hands the span off, and so does any of these happening to a context
// derived from it by a call (return context.WithValue(ctx, k, v)).
// Passing the context to an ordinary call does not: that is how every
// context is used.
//
// Not reported, by design (each is a possible false negative):
//
//   - spans started straight into a field, element or non-local variable,
//     spans whose context goes to such a place, and starts whose results
//     are returned or passed on directly (wrappers). A wrapper's callers
//     own the span it returns and are checked like any other start;
//   - span variables that are named results, that belong to an enclosing
//     function, or that a closure captured or whose address was taken
//     before the start (say, a deferred closure that ends whatever the
//     variable holds at return);
//   - a span whose End is guarded by a comparison of the span (if span !=
//     nil): the comparison counts as a use;
//   - SpanFromContext of a context taken from a struct field or a channel
//     (pipelines hand spans over that way), or of a parameter of a function
//     literal called on the spot (go func(ctx context.Context){...}(ctx));
//   - loops built with goto, for the defer-in-loop check.
//
// Calls of the program's own never-returning functions (a must helper that
// panics) are taken to return, since only the callee's body would tell; a
// return statement right after such a call can therefore be reported.
//
// Generated files are checked like any other. Diagnostics can be silenced
// with a //ctxlint:ignore spanend <reason> directive on the line or the
// line before, or in the doc comment of the enclosing function.
//
// # Flag -spanend.record-error
//
// With -spanend.record-error (off by default) the analyzer also reports
// return statements, reachable from a span start, that return an error
// other than the literal nil while the span has not recorded it: no
// span.RecordError(...) and no span.SetStatus(...) with a status that may
// be codes.Error was called on the path. A deferred function literal that
// calls either covers every path after its defer statement, which suits
//
//	defer func() {
//		if err != nil {
//			span.RecordError(err)
//		}
//	}()
//
// with named results. A path stops mattering where the span is ended
// (outside a defer), reassigned, or handed off. Bare returns and "return
// f()" returning a whole tuple are not judged.
package spanend

// Package recordrace defines an Analyzer that reports unsynchronised writes
// by goroutines to variables they capture from the function that starts
// them.
//
// # Analyzer recordrace
//
// recordrace: report unsynchronised writes by goroutines to variables they capture
//
// A goroutine here is the function literal of a go statement or of a call
// of a method named Go whose last argument is a function
// (errgroup.Group.Go, sync.WaitGroup.Go, conc-style pools), or the literal
// held by a local variable that go f(), go output(c) or g.Go(task) runs
// when the variable is bound to that one literal for its whole life (never
// assigned again, never addressed). The analyzer
// looks at the goroutine's writes to captured variables: locals and
// parameters of an enclosing function, not package-level variables and not
// variables declared inside the literal. A write is
//
//   - an assignment or op-assignment (v = x, sum += i, err = f()), v++ or v--;
//   - v = append(v, ...), reported as an append;
//   - an element or field store (records[0].StartTime = t, results[k] = v,
//     s.total += n, including through pointers);
//   - a map store m[k] = v or delete(m, k).
//
// It is reported only when something can run at the same time and touch
// the same memory:
//
//   - the goroutine is started in a loop that does not wait (a Wait call,
//     channel receive, select, range over a channel or Lock call) after the
//     launch in the same iteration and does not leave the loop after it, so
//     several instances run at once; or
//   - another goroutine started by the same function, with no wait between
//     the two launches and not on an exclusive if/switch branch, uses the
//     variable; or
//   - the starting function uses the variable after the launch and before
//     its next wait point in source order.
//
// In the starting function a call that may synchronise is a wait point
// too: a call of a function or method of the same package whose body
// (transitively, within the package; a per-pass summary) receives, sends,
// closes, selects, ranges over a channel, locks, unlocks, waits or calls
// Done or a context.CancelFunc (r.RunUntilStop receiving what the
// goroutine's r.Stop sends); a call of a function value or an interface
// method; and a call into another package unless it is known not to
// synchronise: fmt, strings, strconv, sort, slices, maps, errors, bytes,
// unicode, unicode/utf8, math, math/bits, math/rand, path, path/filepath,
// time.Now, time.Since, time.Sleep, time.Duration's methods and
// sync.WaitGroup.Add. Starting a goroutine is no wait point.
//
// Two uses touch the same memory when one access path is a prefix of the
// other: different fields (res.first, res.second) or different constant
// indices (res[0], res[1]) do not meet, and reading a pointer (return r)
// does not touch what it points to.
//
// The analyzer also reports the starting function's first use of a
// variable a goroutine writes, when a time.Sleep call lies between the
// launch and the use and no wait point (including a call that may
// synchronise) does: sleeping does not wait for the goroutine. The message
// says "read" or "written" (nc, err := Connect() writes an err declared
// before) as the use does.
//
// # Not reported
//
//   - Writes made while a lock may be held in the goroutine: after a call of
//     a method whose name ends in Lock (Lock, RLock, TryLock, a project's
//     own lock()) on any path, with no Unlock of the same receiver since.
//     Deferred Unlocks keep the lock held. An RLock counts as a lock.
//   - sync/atomic functions, atomic types, sync.Map and any other method
//     call: only direct writes are considered, so a goroutine calling a
//     method that locks internally is not reported.
//   - results[i] = v (or results[i].F = v) when i is private to the
//     goroutine instance: a parameter or local of the literal, a variable
//     declared in the body of the loop that starts it, or that loop's
//     variable in a file with Go 1.22 semantics (the file's version from
//     go/types; before 1.22 a loop variable is shared and such writes are
//     reported). These are still reported when the slice itself is
//     appended to or reassigned concurrently.
//   - Writes the starting function makes before the launch, and uses of
//     the variable that follow a wait point.
//   - Hand-offs: when one side signals (sends on a channel, closes it, calls
//     Done or a context.CancelFunc) after its access and the other waits on
//     the same channel or WaitGroup (same expression) before its access.
//   - Hand-rolled protocols: writes of a goroutine that spin-waits on an
//     atomic load (for atomic.LoadInt32(&x.signal) != i {}), whose writes
//     the matching atomic store publishes; and a write between a receive
//     from ring[i] and a send to ring[j] (directly or through a local
//     alias) on one slice of channels, a token ring in which only the
//     holder writes. Counting with atomics beside a write, or receiving and
//     sending on unrelated channels (a worker pool), is neither.
//   - Writes inside function literals that the goroutine does not call in
//     place: closures passed to other functions (t.Cleanup, once.Do, lock
//     wrappers) or stored may run elsewhere or under a lock.
//
// # Limitations
//
// The analysis is per function and in source order; it follows calls only
// to decide whether they may synchronise. Goroutines that run a named function (go worker(&x)) or a closure
// a variable holds only some of the time are not examined. Synchronisation it does not
// recognise can make it report ordered code: a flag published with an
// atomic store that the reader checks without spinning, an errgroup
// limited to one task at a time, a semaphore channel of capacity one, or
// a token ring over channels that are not elements of one slice.
// Conversely, wait points in
// conditional branches count as waits, an index that mentions any private
// variable (results[i%2]) counts as private, and two goroutines whose
// hand-off channels match by name count as ordered, so some races go
// unreported.
//
// Use //ctxlint:ignore recordrace <reason> to silence a report.
package recordrace

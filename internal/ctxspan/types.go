package ctxspan

import (
	"go/types"
)

// Import paths of the packages whose types give the tracing vocabulary its meaning.
const (
	ContextPkg = "context"
	TracePkg   = "go.opentelemetry.io/otel/trace"
	HTTPPkg    = "net/http"
)

// IsContext reports whether t is context.Context itself.
func IsContext(t types.Type) bool { return isNamed(t, ContextPkg, "Context") }

// IsSpan reports whether t is the OpenTelemetry trace.Span interface.
func IsSpan(t types.Type) bool { return isNamed(t, TracePkg, "Span") }

// IsHTTPRequestPtr reports whether t is *http.Request, whose Context method
// carries the caller's context into a handler.
func IsHTTPRequestPtr(t types.Type) bool {
	ptr, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamed(ptr.Elem(), HTTPPkg, "Request")
}

// IsTracer reports whether t is the OpenTelemetry trace.Tracer interface.
func IsTracer(t types.Type) bool { return isNamed(t, TracePkg, "Tracer") }

func isNamed(t types.Type, pkgPath, name string) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// IsFunc reports whether fn is the package-level function pkgPath.name.
func IsFunc(fn *types.Func, pkgPath, name string) bool {
	if fn == nil || fn.Name() != name || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() == nil
}

// IsMethod reports whether fn is the method name of the named type
// pkgPath.typeName (with a value or pointer receiver).
func IsMethod(fn *types.Func, pkgPath, typeName, name string) bool {
	if fn == nil || fn.Name() != name {
		return false
	}
	recv := Receiver(fn)
	return recv != nil && recv.Name() == typeName && recv.Pkg() != nil && recv.Pkg().Path() == pkgPath
}

// Receiver returns the named type that fn is a method of, through a
// pointer receiver too, or nil when fn is not a method of a named type.
func Receiver(fn *types.Func) *types.TypeName {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	recv := sig.Recv().Type()
	if ptr, ok := types.Unalias(recv).(*types.Pointer); ok {
		recv = ptr.Elem()
	}
	if named, ok := types.Unalias(recv).(*types.Named); ok {
		return named.Obj()
	}
	return nil
}

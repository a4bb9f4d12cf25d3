package ctxspan_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// TestPackagePaths pins the import paths ctxspan matches types by to the
// real packages, so that a moved type cannot silently disable every check.
func TestPackagePaths(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		path string
		name string
	}{
		{reflect.TypeFor[context.Context](), ctxspan.ContextPkg, "Context"},
		{reflect.TypeFor[trace.Span](), ctxspan.TracePkg, "Span"},
		{reflect.TypeFor[http.Request](), ctxspan.HTTPPkg, "Request"},
	} {
		if tc.typ.PkgPath() != tc.path || tc.typ.Name() != tc.name {
			t.Errorf("%s.%s is declared as %s.%s", tc.path, tc.name, tc.typ.PkgPath(), tc.typ.Name())
		}
	}
}

package rewrite_test

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/ctxtrace/ctxtrace/rewrite"
)

// e2eServiceName is the OTEL_SERVICE_NAME the instrumented program runs
// with; every exported span's resource must carry it.
const e2eServiceName = "otelgen-e2e-pipeline"

// TestInitExportsTraceOverOTLP instruments the pipeline example with
// everything otelgen injects, -init included, builds it, and runs the
// binary with nothing but OTEL_* variables to configure it: over OTLP/HTTP
// to a server that decodes what it receives as the OTLP protobuf, the
// spans must form the example's whole trace; with the console exporter
// they are printed after the program's output; with none, or a setting
// that cannot be honoured, the program behaves as it did uninstrumented.
func TestInitExportsTraceOverOTLP(t *testing.T) {
	env := e2eEnv(t)
	mod := copyE2EModule(t, env)
	want := goCommand(t, mod, env, "run", "./pipeline")

	dir := filepath.Join(mod, "pipeline")
	changes, err := rewrite.Run(rewrite.Config{Dir: dir, Env: env, Init: true, Log: func(format string, args ...any) {
		t.Logf("otelgen: "+format, args...)
	}}, ".")
	if err != nil {
		t.Fatalf("rewrite.Run: %v", err)
	}
	for _, c := range changes {
		if err := os.WriteFile(c.Path, c.New, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(t.TempDir(), "pipeline")
	goCommand(t, mod, env, "build", "-race", "-o", bin, "./pipeline")
	defer func() {
		if t.Failed() {
			logSources(t, dir)
		}
	}()

	t.Run("otlp", func(t *testing.T) {
		t.Parallel()
		testOTLPExport(t, bin, want, "")
	})
	t.Run("otlp-gzip", func(t *testing.T) {
		t.Parallel()
		testOTLPExport(t, bin, want, "gzip")
	})
	t.Run("console", func(t *testing.T) {
		t.Parallel()
		stdout, stderr := runTraced(t, bin, "OTEL_TRACES_EXPORTER=console", "OTEL_SERVICE_NAME="+e2eServiceName)
		if stderr != "" {
			t.Errorf("stderr: %s", stderr)
		}
		spansJSON, ok := strings.CutPrefix(stdout, want)
		if !ok {
			t.Fatalf("stdout does not start with the program's own output\n%s\nit is\n%s", want, stdout)
		}
		checkExportedTrace(t, consoleSpans(t, spansJSON))
	})
	t.Run("none", func(t *testing.T) {
		t.Parallel()
		srv := newOTLPServer(t)
		stdout, stderr := runTraced(t, bin, "OTEL_TRACES_EXPORTER=none", "OTEL_EXPORTER_OTLP_ENDPOINT="+srv.URL)
		if stdout != want || stderr != "" {
			t.Errorf("with OTEL_TRACES_EXPORTER=none the program printed\n%s\nstderr:\n%s\nwant what it printed uninstrumented\n%s", stdout, stderr, want)
		}
		if reqs := srv.requests(t); len(reqs) != 0 {
			t.Errorf("with OTEL_TRACES_EXPORTER=none %d export requests reached the collector", len(reqs))
		}
	})
	for _, bad := range []struct{ name, setting, stderr string }{
		{"unknown-exporter", "OTEL_TRACES_EXPORTER=jaeger", `OTEL_TRACES_EXPORTER="jaeger"`},
		{"bad-protocol", "OTEL_EXPORTER_OTLP_PROTOCOL=udp", "invalid OTLP protocol"},
		{"bad-resource", "OTEL_RESOURCE_ATTRIBUTES=team", "OTEL_RESOURCE_ATTRIBUTES"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			t.Parallel()
			srv := newOTLPServer(t)
			stdout, stderr := runTraced(t, bin, bad.setting, "OTEL_EXPORTER_OTLP_ENDPOINT="+srv.URL)
			if stdout != want {
				t.Errorf("with %s the program printed\n%s\nwant what it printed uninstrumented\n%s", bad.setting, stdout, want)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, bad.stderr) || !strings.Contains(stderr, "tracing off") {
				t.Errorf("with %s stderr is\n%s\nwant one line that says tracing is off and mentions %s", bad.setting, stderr, bad.stderr)
			}
			if reqs := srv.requests(t); len(reqs) != 0 {
				t.Errorf("with %s %d export requests reached the collector", bad.setting, len(reqs))
			}
		})
	}
	t.Run("collector-down", func(t *testing.T) {
		t.Parallel()
		srv := newOTLPServer(t)
		srv.Close()
		start := time.Now()
		stdout, stderr := runTraced(t, bin, "OTEL_EXPORTER_OTLP_ENDPOINT="+srv.URL)
		// setup.tmpl bounds the flush by 5 s.
		const shutdownTimeout = 5 * time.Second
		if took := time.Since(start); took > shutdownTimeout+2*time.Second {
			t.Errorf("with the collector down the program took %v to exit; the flush is bounded by %v", took, shutdownTimeout)
		}
		if stdout != want {
			t.Errorf("with the collector down the program printed\n%s\nwant what it printed uninstrumented\n%s", stdout, want)
		}
		if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, srv.URL) {
			t.Errorf("with the collector down stderr is\n%s\nwant one line naming %s", stderr, srv.URL)
		}
	})
}

// testOTLPExport runs bin exporting over OTLP/HTTP, compressed as
// compression says ("" for none), and checks what the collector received.
func testOTLPExport(t *testing.T, bin, want, compression string) {
	srv := newOTLPServer(t)
	stdout, stderr := runTraced(t, bin,
		"OTEL_TRACES_EXPORTER=otlp",
		"OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
		"OTEL_EXPORTER_OTLP_ENDPOINT="+srv.URL,
		"OTEL_EXPORTER_OTLP_COMPRESSION="+cmpOr(compression, "none"),
		"OTEL_SERVICE_NAME="+e2eServiceName)
	if stdout != want || stderr != "" {
		t.Errorf("exporting over OTLP the program printed\n%s\nstderr:\n%s\nwant what it printed uninstrumented\n%s", stdout, stderr, want)
	}
	reqs := srv.requests(t)
	if len(reqs) == 0 {
		t.Fatal("no export request reached the collector")
	}
	var spans []exportedSpan
	for _, r := range reqs {
		if r.encoding != compression {
			t.Errorf("request Content-Encoding %q, want %q", r.encoding, compression)
		}
		for _, rs := range r.body.GetResourceSpans() {
			res := make(map[string]string)
			for _, kv := range rs.GetResource().GetAttributes() {
				res[kv.GetKey()] = kv.GetValue().GetStringValue()
			}
			for _, ss := range rs.GetScopeSpans() {
				for _, s := range ss.GetSpans() {
					spans = append(spans, otlpSpan(s, ss.GetScope().GetName(), res))
				}
			}
		}
	}
	checkExportedTrace(t, spans)
}

func cmpOr(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// exportedSpan is a span as an exporter wrote it, with what the e2e tree
// checks need and the resource and scope it was exported under.
type exportedSpan struct {
	e2eSpan
	Scope    string
	Resource map[string]string
}

// checkExportedTrace checks that spans are the pipeline example's whole
// trace, each span once, exported under the service's resource and the
// example package's instrumentation scope.
func checkExportedTrace(t *testing.T, spans []exportedSpan) {
	t.Helper()
	var tree []*e2eSpan
	seen := make(map[string]bool)
	services, scopes := make(map[string]int), make(map[string]int)
	for _, s := range spans {
		if seen[s.SpanID] {
			t.Errorf("span %q (%s) exported twice", s.Name, s.SpanID)
		}
		seen[s.SpanID] = true
		services[s.Resource["service.name"]]++
		scopes[s.Scope]++
		tree = append(tree, &s.e2eSpan)
	}
	if len(services) != 1 || services[e2eServiceName] == 0 {
		t.Errorf("spans by resource service.name: %v, want all %q (OTEL_SERVICE_NAME)", services, e2eServiceName)
	}
	if len(scopes) != 1 || scopes["e2e/pipeline"] == 0 {
		t.Errorf("spans by instrumentation scope: %v, want all the package's import path e2e/pipeline", scopes)
	}
	tr := buildTree(tree)
	t.Logf("exported span tree (%d spans):\n%s", len(tree), tr)
	assertOneTrace(t, tr)
	assertOneRoot(t, tr, "main.run")
	assertAllEnded(t, tr)
	assertLinksResolve(t, tr)
	checkPipeline(t, tr)
}

// otlpSpan converts a span of an OTLP export request.
func otlpSpan(s *tracepb.Span, scope string, res map[string]string) exportedSpan {
	e := exportedSpan{Scope: scope, Resource: res}
	e.Name = s.GetName()
	e.TraceID = hex.EncodeToString(s.GetTraceId())
	e.SpanID = hex.EncodeToString(s.GetSpanId())
	e.ParentSpanID = hex.EncodeToString(s.GetParentSpanId())
	for _, l := range s.GetLinks() {
		e.Links = append(e.Links, struct{ TraceID, SpanID string }{hex.EncodeToString(l.GetTraceId()), hex.EncodeToString(l.GetSpanId())})
	}
	switch s.GetStatus().GetCode() {
	case tracepb.Status_STATUS_CODE_OK:
		e.Status = "Ok"
	case tracepb.Status_STATUS_CODE_ERROR:
		e.Status = "Error"
	default:
		e.Status = "Unset"
	}
	e.StatusDescription = s.GetStatus().GetMessage()
	e.Ended = s.GetEndTimeUnixNano() != 0 && s.GetEndTimeUnixNano() >= s.GetStartTimeUnixNano()
	return e
}

// consoleSpans decodes the JSON objects the console exporter printed.
func consoleSpans(t *testing.T, out string) []exportedSpan {
	t.Helper()
	type spanContext struct{ TraceID, SpanID string }
	var spans []exportedSpan
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var s struct {
			Name                string
			SpanContext, Parent spanContext
			Links               []struct{ SpanContext spanContext }
			Status              struct{ Code, Description string }
			StartTime, EndTime  time.Time
			Resource            []struct {
				Key   string
				Value struct{ Value any }
			}
			InstrumentationScope struct{ Name string }
		}
		err := dec.Decode(&s)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the console exporter's output after the program's does not decode as span JSON: %v\n%s", err, out)
		}
		e := exportedSpan{Scope: s.InstrumentationScope.Name, Resource: make(map[string]string)}
		for _, kv := range s.Resource {
			e.Resource[kv.Key] = fmt.Sprint(kv.Value.Value)
		}
		e.Name, e.TraceID, e.SpanID = s.Name, s.SpanContext.TraceID, s.SpanContext.SpanID
		if strings.Trim(s.Parent.SpanID, "0") != "" {
			e.ParentSpanID = s.Parent.SpanID
		}
		for _, l := range s.Links {
			e.Links = append(e.Links, struct{ TraceID, SpanID string }{l.SpanContext.TraceID, l.SpanContext.SpanID})
		}
		e.Status, e.StatusDescription = s.Status.Code, s.Status.Description
		e.Ended = !s.EndTime.IsZero() && !s.EndTime.Before(s.StartTime)
		spans = append(spans, e)
	}
	return spans
}

// runTraced runs the instrumented binary with the OTEL_* settings given
// and no others from this process's environment, and returns its outputs;
// it must exit with status 0.
func runTraced(t *testing.T, bin string, settings ...string) (stdout, stderr string) {
	t.Helper()
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "OTEL_") })
	cmd := exec.Command(bin)
	// The race detector would wait a second at exit for goroutines to report.
	cmd.Env = append(append(env, "GORACE=atexit_sleep_ms=0"), settings...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s with %q: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(bin), settings, err, out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

// otlpServer is an OTLP/HTTP trace collector that keeps every export
// request it decodes.
type otlpServer struct {
	*httptest.Server
	mu       sync.Mutex
	received []otlpRequest
	problems []string
}

type otlpRequest struct {
	encoding string
	body     *coltracepb.ExportTraceServiceRequest
}

func newOTLPServer(t *testing.T) *otlpServer {
	s := &otlpServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *otlpServer) serve(w http.ResponseWriter, r *http.Request) {
	req, err := decodeOTLP(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.problems = append(s.problems, err.Error())
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.received = append(s.received, req)
	resp, err := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	if err != nil {
		s.problems = append(s.problems, err.Error())
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.Write(resp)
}

// decodeOTLP decodes an OTLP/HTTP binary-protobuf trace export request as
// the specification describes it.
func decodeOTLP(r *http.Request) (otlpRequest, error) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" {
		return otlpRequest{}, fmt.Errorf("%s %s, want POST /v1/traces", r.Method, r.URL.Path)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-protobuf" {
		return otlpRequest{}, fmt.Errorf("Content-Type %q, want application/x-protobuf", ct)
	}
	req := otlpRequest{encoding: r.Header.Get("Content-Encoding"), body: &coltracepb.ExportTraceServiceRequest{}}
	var body io.Reader = r.Body
	switch req.encoding {
	case "":
	case "gzip":
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return otlpRequest{}, fmt.Errorf("gzip body: %v", err)
		}
		body = zr
	default:
		return otlpRequest{}, fmt.Errorf("Content-Encoding %q", req.encoding)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return otlpRequest{}, fmt.Errorf("reading the body: %v", err)
	}
	if err := proto.Unmarshal(data, req.body); err != nil {
		return otlpRequest{}, fmt.Errorf("body is not an ExportTraceServiceRequest: %v", err)
	}
	return req, nil
}

// requests returns what the server received; it fails the test if any
// request could not be decoded.
func (s *otlpServer) requests(t *testing.T) []otlpRequest {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.problems {
		t.Errorf("collector: %s", p)
	}
	return slices.Clone(s.received)
}

package sarif

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Input is what a driver knows after a run, in terms independent of
// go/analysis and go/token: names, messages, files and byte offsets.
type Input struct {
	Tool ToolInfo
	// Rules are the analyzers that ran, each finding's RuleID among them.
	Rules []Rule
	// Findings are the diagnostics, already free of duplicates.
	Findings []Finding
	// Notifications are problems met while running: packages that did
	// not load or analyzers that failed.
	Notifications []string
	// Failed reports that the run did not complete, so the results may
	// be incomplete (a package did not load).
	Failed bool
	// Root is the absolute directory %SRCROOT% stands for, usually the
	// module root; files inside it get URIs relative to it.
	Root string
	// ReadFile returns a file's content as it was analyzed, to turn
	// offsets into lines and columns.
	ReadFile func(filename string) ([]byte, error)
}

// ToolInfo names the tool that produced the findings.
type ToolInfo struct {
	Name           string
	Version        string // omitted when empty
	InformationURI string // omitted when empty
}

// Rule is an analyzer as SARIF's reportingDescriptor sees it.
type Rule struct {
	ID string
	// Doc is the analyzer's documentation: a first paragraph that is a
	// one-line title, optionally "NAME: title", then the details.
	Doc     string
	HelpURI string
}

// Span is the half-open byte range [Start, End) of File, an absolute
// path; End == Start is a point. A Span without File is no position.
type Span struct {
	File       string
	Start, End int
}

// Finding is one diagnostic of one rule.
type Finding struct {
	RuleID  string
	Message string
	Span    Span
	Related []Note
	Fixes   []SuggestedFix
}

// Note is a diagnostic's related location.
type Note struct {
	Message string
	Span    Span
}

// SuggestedFix is a suggested fix: edits applied together or not at all.
type SuggestedFix struct {
	Message string
	Edits   []Edit
}

// Edit replaces Span with NewText; an empty Span inserts.
type Edit struct {
	Span    Span
	NewText string
}

// level is the SARIF level of every result: analyzers report likely bugs
// without a severity of their own, and "warning" is what code scanning
// shows as a non-blocking alert.
const level = "warning"

// Build converts in into a SARIF log with one run. It fails when a span
// does not fit its file's content (the file changed after analysis) or a
// finding names a rule not in in.Rules.
func Build(in Input) (*Log, error) {
	rules, index, err := descriptors(in.Rules)
	if err != nil {
		return nil, err
	}
	b := &builder{in: in, texts: make(map[string]*text)}
	findings := slices.Clone(in.Findings)
	slices.SortStableFunc(findings, compareFindings)
	results := make([]Result, 0, len(findings))
	for _, f := range findings {
		i, ok := index[f.RuleID]
		if !ok {
			return nil, fmt.Errorf("sarif: finding at %s:#%d names rule %q, which is not among the run's rules", f.Span.File, f.Span.Start, f.RuleID)
		}
		r, err := b.result(f, i)
		if err != nil {
			return nil, fmt.Errorf("sarif: %s finding in %s: %w", f.RuleID, f.Span.File, err)
		}
		results = append(results, r)
	}
	run := Run{
		Tool: Tool{Driver: ToolComponent{
			Name:           in.Tool.Name,
			Version:        in.Tool.Version,
			InformationURI: in.Tool.InformationURI,
			Rules:          rules,
		}},
		Invocations: []Invocation{invocation(in)},
		Results:     results,
		ColumnKind:  "utf16CodeUnits",
	}
	if in.Root != "" {
		run.OriginalURIBaseIDs = map[string]ArtifactLocation{SrcRoot: {URI: fileURI(in.Root, true)}}
	}
	return &Log{Schema: SchemaURI, Version: Version, Runs: []Run{run}}, nil
}

// Write encodes log as indented JSON followed by a newline.
func (l *Log) Write(w io.Writer) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return fmt.Errorf("sarif: encoding the log: %w", err)
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("sarif: writing the log: %w", err)
	}
	return nil
}

func descriptors(in []Rule) ([]ReportingDescriptor, map[string]int, error) {
	rules := make([]ReportingDescriptor, 0, len(in))
	index := make(map[string]int, len(in))
	for _, r := range in {
		if r.ID == "" {
			return nil, nil, fmt.Errorf("sarif: a rule has no id")
		}
		if _, dup := index[r.ID]; dup {
			return nil, nil, fmt.Errorf("sarif: rule %q listed twice", r.ID)
		}
		index[r.ID] = len(rules)
		title, details := splitDoc(r.ID, r.Doc)
		d := ReportingDescriptor{
			ID:                   r.ID,
			Name:                 r.ID,
			HelpURI:              r.HelpURI,
			DefaultConfiguration: &ReportingConfiguration{Level: level},
		}
		if title != "" {
			d.ShortDescription = &MultiformatMessage{Text: title}
			d.FullDescription = &MultiformatMessage{Text: cmp.Or(details, title)}
			d.Help = &MultiformatMessage{Text: strings.TrimSpace(r.Doc)}
		}
		rules = append(rules, d)
	}
	return rules, index, nil
}

// splitDoc splits an analyzer's Doc into its title, without the
// conventional "NAME: " prefix, and the paragraphs after it.
func splitDoc(name, doc string) (title, details string) {
	doc = strings.TrimSpace(doc)
	title, details, _ = strings.Cut(doc, "\n\n")
	title = strings.TrimPrefix(title, name+": ")
	title = strings.Join(strings.Fields(title), " ")
	return title, strings.TrimSpace(details)
}

func invocation(in Input) Invocation {
	inv := Invocation{ExecutionSuccessful: !in.Failed}
	for _, msg := range in.Notifications {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			Notification{Level: "error", Message: Message{Text: msg}})
	}
	return inv
}

// compareFindings orders results by file and position, so that logs of
// the same code compare equal however the driver scheduled its work.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Span.File, b.Span.File),
		cmp.Compare(a.Span.Start, b.Span.Start),
		cmp.Compare(a.Span.End, b.Span.End),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.Message, b.Message),
	)
}

type builder struct {
	in    Input
	texts map[string]*text
}

func (b *builder) text(filename string) (*text, error) {
	if t, ok := b.texts[filename]; ok {
		return t, nil
	}
	if b.in.ReadFile == nil {
		return nil, fmt.Errorf("no ReadFile to read %s", filename)
	}
	content, err := b.in.ReadFile(filename)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", filename, err)
	}
	t := newText(content)
	b.texts[filename] = t
	return t, nil
}

// location returns the physical location of a span. point keeps an empty
// span as an insertion point rather than widening it to the line's end.
func (b *builder) location(s Span, point bool) (PhysicalLocation, error) {
	t, err := b.text(s.File)
	if err != nil {
		return PhysicalLocation{}, err
	}
	region, err := t.region(s.Start, s.End, point)
	if err != nil {
		return PhysicalLocation{}, err
	}
	return PhysicalLocation{ArtifactLocation: artifactLocation(b.in.Root, s.File), Region: region}, nil
}

func (b *builder) result(f Finding, ruleIndex int) (Result, error) {
	r := Result{
		RuleID:    f.RuleID,
		RuleIndex: ruleIndex,
		Level:     level,
		Message:   Message{Text: f.Message},
	}
	// A diagnostic without a position still counts; it just has no place.
	if f.Span.File != "" {
		loc, err := b.location(f.Span, false)
		if err != nil {
			return Result{}, err
		}
		r.Locations = []Location{{PhysicalLocation: loc}}
	}
	for i, n := range f.Related {
		if n.Span.File == "" {
			continue
		}
		loc, err := b.location(n.Span, false)
		if err != nil {
			return Result{}, fmt.Errorf("related location: %w", err)
		}
		id := i + 1
		r.RelatedLocations = append(r.RelatedLocations, Location{ID: &id, PhysicalLocation: loc, Message: &Message{Text: n.Message}})
	}
	for _, fix := range f.Fixes {
		sf, err := b.fix(fix)
		if err != nil {
			return Result{}, fmt.Errorf("fix %q: %w", fix.Message, err)
		}
		if len(sf.ArtifactChanges) > 0 {
			r.Fixes = append(r.Fixes, sf)
		}
	}
	return r, nil
}

// fix groups a fix's edits by file, in the order the files first appear,
// as SARIF's artifactChanges want one entry per file, and orders each
// file's replacements by position.
func (b *builder) fix(fix SuggestedFix) (Fix, error) {
	var out Fix
	if fix.Message != "" {
		out.Description = &Message{Text: fix.Message}
	}
	byFile := make(map[string]int)
	edits := slices.Clone(fix.Edits)
	slices.SortStableFunc(edits, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.Span.File, b.Span.File), cmp.Compare(a.Span.Start, b.Span.Start), cmp.Compare(a.Span.End, b.Span.End))
	})
	for _, e := range edits {
		if e.Span.File == "" {
			return Fix{}, fmt.Errorf("an edit has no file")
		}
		t, err := b.text(e.Span.File)
		if err != nil {
			return Fix{}, err
		}
		region, err := t.region(e.Span.Start, e.Span.End, true)
		if err != nil {
			return Fix{}, err
		}
		offset, length := e.Span.Start, e.Span.End-e.Span.Start
		region.ByteOffset, region.ByteLength = &offset, &length
		i, ok := byFile[e.Span.File]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.Span.File] = i
			out.ArtifactChanges = append(out.ArtifactChanges, ArtifactChange{ArtifactLocation: artifactLocation(b.in.Root, e.Span.File)})
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements,
			Replacement{DeletedRegion: region, InsertedContent: ArtifactContent{Text: e.NewText}})
	}
	return out, nil
}

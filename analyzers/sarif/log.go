// Package sarif converts analyzer findings into a SARIF 2.1.0 log, the
// format GitHub code scanning and other result viewers import.
//
// It is pure data conversion: a driver collects rules, findings and
// fixes as file names and byte offsets, and Build turns them into the
// log, computing lines and UTF-16 columns from the files' contents.
package sarif

// Version is the SARIF version of the logs Build produces.
const Version = "2.1.0"

// SchemaURI is the OASIS schema the logs declare with $schema.
const SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SrcRoot is the uriBaseId of every relative artifact URI: viewers such as
// code scanning resolve it to the checkout, so logs made on one machine
// point at the right files on another.
const SrcRoot = "%SRCROOT%"

// The types below are the subset of the SARIF object model that Build
// writes. Field names and nesting follow the specification; optional
// fields are omitted when empty so that the log stays schema-valid (for
// example, an empty fixes array would violate minItems).

// Log is a SARIF log file.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// Run is one invocation of one tool.
type Run struct {
	Tool               Tool                        `json:"tool"`
	Invocations        []Invocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []Result                    `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

// Tool names the analysis tool.
type Tool struct {
	Driver ToolComponent `json:"driver"`
}

// ToolComponent describes the tool and the rules it can report.
type ToolComponent struct {
	Name           string                `json:"name"`
	Version        string                `json:"version,omitempty"`
	InformationURI string                `json:"informationUri,omitempty"`
	Rules          []ReportingDescriptor `json:"rules,omitempty"`
}

// ReportingDescriptor is a rule: one analyzer.
type ReportingDescriptor struct {
	ID                   string                  `json:"id"`
	Name                 string                  `json:"name,omitempty"`
	ShortDescription     *MultiformatMessage     `json:"shortDescription,omitempty"`
	FullDescription      *MultiformatMessage     `json:"fullDescription,omitempty"`
	Help                 *MultiformatMessage     `json:"help,omitempty"`
	HelpURI              string                  `json:"helpUri,omitempty"`
	DefaultConfiguration *ReportingConfiguration `json:"defaultConfiguration,omitempty"`
}

// ReportingConfiguration holds a rule's default level.
type ReportingConfiguration struct {
	Level string `json:"level"`
}

// MultiformatMessage is a plain-text message of a rule.
type MultiformatMessage struct {
	Text string `json:"text"`
}

// Message is the text of a result, location or notification.
type Message struct {
	Text string `json:"text"`
}

// Invocation records whether the run completed and what went wrong.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Notification is a problem the tool met while running, such as a
// package that did not type-check.
type Notification struct {
	Level   string  `json:"level"`
	Message Message `json:"message"`
}

// Result is one finding.
type Result struct {
	RuleID           string     `json:"ruleId"`
	RuleIndex        int        `json:"ruleIndex"`
	Level            string     `json:"level"`
	Message          Message    `json:"message"`
	Locations        []Location `json:"locations,omitempty"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
	Fixes            []Fix      `json:"fixes,omitempty"`
}

// Location is a place in a file, with an optional message (for related
// locations).
type Location struct {
	ID               *int             `json:"id,omitempty"`
	PhysicalLocation PhysicalLocation `json:"physicalLocation"`
	Message          *Message         `json:"message,omitempty"`
}

// PhysicalLocation is a region of an artifact.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           Region           `json:"region"`
}

// ArtifactLocation is a file's URI, relative to URIBaseID when that is
// set.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a span of text. Lines and columns are 1-based; columns count
// UTF-16 code units (the run's columnKind) and EndColumn is exclusive.
// Byte offsets, when present, say the same thing for tools that apply
// fixes byte-wise.
type Region struct {
	StartLine   int  `json:"startLine"`
	StartColumn int  `json:"startColumn"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

// Fix is a suggested fix: changes to one or more files.
type Fix struct {
	Description     *Message         `json:"description,omitempty"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

// ArtifactChange is a fix's replacements in one file.
type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

// Replacement deletes a region (empty for a pure insertion) and inserts
// text in its place.
type Replacement struct {
	DeletedRegion   Region          `json:"deletedRegion"`
	InsertedContent ArtifactContent `json:"insertedContent"`
}

// ArtifactContent is inserted text.
type ArtifactContent struct {
	Text string `json:"text"`
}

package main

import (
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ctxtrace/ctxtrace/analyzers/sarif"
	"github.com/ctxtrace/ctxtrace/analyzers/sarif/sariftest"
)

const schemaFile = sariftest.SchemaFile

// sarifCmd returns the scripts' sarif command, which checks a log file
// that ctxlint -format=sarif wrote:
//
//	sarif valid FILE                     valid against the SARIF 2.1.0 schema
//	[!] sarif rules FILE ID...           the run has (lacks) a rule for each ID
//	[!] sarif result FILE RULE URI:LINE  a warning of RULE starts on that line
//	                                     of URI, relative to %SRCROOT%
//	[!] sarif fix FILE RULE URI:LINE     ... and it carries a fix
//	sarif results FILE N                 the run has N results
func sarifCmd(schema string) func(ts *testscript.TestScript, neg bool, args []string) {
	return func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) < 2 {
			ts.Fatalf("usage: sarif valid|rules|result|fix|results FILE ...")
		}
		data, err := os.ReadFile(ts.MkAbs(args[1]))
		ts.Check(err)
		if args[0] == "valid" {
			if neg {
				ts.Fatalf("unsupported: ! sarif valid")
			}
			ts.Check(sariftest.Validate(schema, data))
			return
		}
		var log sarif.Log
		ts.Check(json.Unmarshal(data, &log))
		if len(log.Runs) != 1 {
			ts.Fatalf("%d runs, want 1", len(log.Runs))
		}
		run := log.Runs[0]
		var ok bool
		var what string
		switch args[0] {
		case "rules":
			var ids []string
			for _, r := range run.Tool.Driver.Rules {
				ids = append(ids, r.ID)
			}
			for _, id := range args[2:] {
				if slices.Contains(ids, id) == neg {
					ts.Fatalf("rule %s: present %v, want %v (rules: %s)", id, neg, !neg, strings.Join(ids, " "))
				}
			}
			return
		case "result", "fix":
			if len(args) != 4 {
				ts.Fatalf("usage: sarif %s FILE RULE URI:LINE", args[0])
			}
			uri, lineStr, found := strings.Cut(args[3], ":")
			line, err := strconv.Atoi(lineStr)
			if !found || err != nil {
				ts.Fatalf("bad location %q, want URI:LINE", args[3])
			}
			ok = slices.ContainsFunc(run.Results, func(r sarif.Result) bool {
				if r.RuleID != args[2] || r.Level != "warning" || len(r.Locations) == 0 {
					return false
				}
				loc := r.Locations[0].PhysicalLocation
				return loc.ArtifactLocation.URIBaseID == sarif.SrcRoot && loc.ArtifactLocation.URI == uri &&
					loc.Region.StartLine == line && (args[0] == "result" || len(r.Fixes) > 0)
			})
			what = args[0] + " " + args[2] + " at " + args[3]
		case "results":
			n, err := strconv.Atoi(args[2])
			ts.Check(err)
			ok, what = len(run.Results) == n, "results: "+strconv.Itoa(len(run.Results))+", want "+args[2]
		default:
			ts.Fatalf("unknown sarif subcommand %q", args[0])
		}
		if ok == neg {
			ts.Fatalf("unexpected: %s (negated: %v)", what, neg)
		}
	}
}

// Package golangci makes ctxtrace's analyzers a golangci-lint v2 module
// plugin named "ctxtrace". Build a golangci-lint that imports this package
// (golangci-lint custom, with a .custom-gcl.yml naming it) and enable the
// linter in .golangci.yml as a custom linter of type "module"; its settings
// block is decoded into Settings.
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/ctxtrace/ctxtrace/analyzers"
)

// Name is the plugin's name: the key under linters.settings.custom in
// .golangci.yml, and the linter name golangci-lint reports findings under.
const Name = "ctxtrace"

func init() {
	register.Plugin(Name, New)
}

// Plugin is ctxtrace's golangci-lint linter, holding decoded settings.
type Plugin struct {
	settings Settings
}

// New decodes golangci-lint's settings for the plugin. golangci-lint calls
// it once per run, before BuildAnalyzers.
func New(raw any) (register.LinterPlugin, error) {
	s, err := decodeSettings(raw)
	if err != nil {
		return nil, err
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns ctxtrace's analyzers with the settings applied to
// their flags.
//
// The flags live on the shared *analysis.Analyzer values, so applying them
// changes the analyzers for the whole process. That is what golangci-lint
// needs: one process loads one configuration and builds each plugin once,
// and x/tools' drivers configure analyzers through the same flags.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	ours := analyzers.Ours()
	if err := p.settings.apply(ours); err != nil {
		return nil, err
	}
	return ours, nil
}

// GetLoadMode asks for type information: every analyzer resolves calls
// through go/types.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

var _ register.LinterPlugin = (*Plugin)(nil)

func decodeSettings(raw any) (Settings, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return Settings{}, fmt.Errorf("%s settings: %w (known settings: %s)", Name, err, knownSettings())
	}
	return s, nil
}

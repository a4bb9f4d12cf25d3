package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A sample is the memory of one process tree at one moment, in kilobytes.
type sample struct {
	treeRSS int64 // resident memory summed over the tree (shared pages counted in every process)
	treePSS int64 // proportional set size summed over the tree (shared pages split between sharers)
	selfHWM int64 // the root process's own high-water mark (VmHWM)
}

// measure walks the tree rooted at root through the children files of
// every thread (a process's children hang off the thread that forked
// them) and adds each process to seen. Processes that exit while being
// read are skipped: they are either counted at the next sample or were
// too short-lived to matter.
func measure(root int, seen map[int]bool) sample {
	var s sample
	s.selfHWM = statusField(root, "VmHWM:")
	queue := []int{root}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		seen[pid] = true
		rss, pss := rollup(pid)
		s.treeRSS += rss
		s.treePSS += pss
		queue = append(queue, children(pid)...)
	}
	return s
}

func children(pid int) []int {
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	var kids []int
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if k, err := strconv.Atoi(f); err == nil {
				kids = append(kids, k)
			}
		}
	}
	return kids
}

// rollup returns a process's Rss and Pss in kilobytes.
func rollup(pid int) (rss, pss int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
	if err != nil {
		return 0, 0
	}
	return field(b, "Rss:"), field(b, "Pss:")
}

func statusField(pid int, name string) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	return field(b, name)
}

// field returns the kilobyte value of the line "name   123 kB" in a /proc
// file, or 0.
func field(b []byte, name string) int64 {
	for line := range bytes.Lines(b) {
		rest, ok := bytes.CutPrefix(line, []byte(name))
		if !ok {
			continue
		}
		fs := bytes.Fields(rest)
		if len(fs) == 0 {
			return 0
		}
		v, _ := strconv.ParseInt(string(fs[0]), 10, 64)
		return v
	}
	return 0
}

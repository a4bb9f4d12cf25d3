package linktrack

import (
	"fmt"
	"sync"
	"time"
)

type MonitorRecord struct {
	Stage    string
	Started  time.Time
	Finished time.Time
	Bytes    int
}

type Monitor struct {
	mu      sync.Mutex
	records []MonitorRecord
}

// Sample starts one goroutine per stage; they all append to the monitor's
// slice through the receiver, and the sleep does not wait for them.
func (m *Monitor) Sample(stages []string) []MonitorRecord {
	for _, stage := range stages {
		go func() {
			m.records = append(m.records, MonitorRecord{Stage: stage, Started: time.Now()}) // want `m\.records is appended to by the goroutine started on line 25 while other goroutines use it`
		}()
	}
	time.Sleep(time.Second)
	return m.records // want `m\.records is read after time\.Sleep, which does not wait for the goroutine started on line 25`
}

// SampleLocked appends under the monitor's own mutex and waits.
func (m *Monitor) SampleLocked(stages []string) {
	var wg sync.WaitGroup
	for _, stage := range stages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := MonitorRecord{Stage: stage, Started: time.Now()}
			m.mu.Lock()
			defer m.mu.Unlock()
			m.records = append(m.records, rec)
		}()
	}
	wg.Wait()
	fmt.Println(len(m.records))
}

// add locks internally; goroutines that call it make no direct write.
func (m *Monitor) add(r MonitorRecord) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records = append(m.records, r)
}

func (m *Monitor) SampleViaMethod(stages []string) {
	var wg sync.WaitGroup
	for _, stage := range stages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.add(MonitorRecord{Stage: stage, Started: time.Now(), Finished: time.Now()})
		}()
	}
	wg.Wait()
}

// Package cleanup records the temporary files and directories nclint
// creates, so that a SIGINT or SIGTERM handler can remove them before the
// process exits (Abort), and so that nothing new is created or renamed into
// place after that. internal/report (atomic writes) and internal/gitrev
// (revision directories) share the one registry of the process.
package cleanup

import (
	"errors"
	"os"
	"sync"
)

// ErrInterrupted is returned by Track, Commit and Guard once Abort ran (the
// process is being stopped by a signal).
var ErrInterrupted = errors.New("interrupted")

// Registry is a set of temporary paths to remove on Abort. The zero value
// is ready to use.
type Registry struct {
	mu      sync.RWMutex
	paths   map[string]bool
	aborted bool
}

// temps is the registry of the process.
var temps Registry

// Track runs create, which makes a temporary file or directory and returns
// its path, and records the path, unless Abort ran (ErrInterrupted). create
// runs under the registry's lock, so Abort cannot miss the path.
func (r *Registry) Track(create func() (string, error)) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.aborted {
		return "", ErrInterrupted
	}
	path, err := create()
	if err != nil {
		return "", err
	}
	if r.paths == nil {
		r.paths = map[string]bool{}
	}
	r.paths[path] = true
	return path, nil
}

// Remove removes a tracked path (a file, or a directory with its contents)
// and forgets it.
func (r *Registry) Remove(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	_ = os.RemoveAll(path)
	delete(r.paths, path)
}

// Commit runs fn, which moves the tracked path out of the way (a rename
// into place), and forgets the path when fn succeeds, unless Abort ran
// (ErrInterrupted, fn not run).
func (r *Registry) Commit(path string, fn func() error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.aborted {
		return ErrInterrupted
	}
	if err := fn(); err != nil {
		return err
	}
	delete(r.paths, path)
	return nil
}

// Guard runs fn, which writes inside a tracked directory, unless Abort ran
// (ErrInterrupted). Guards run concurrently with each other; Abort waits for
// those in progress, so nothing reappears in a directory it removed.
func (r *Registry) Guard(fn func() error) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.aborted {
		return ErrInterrupted
	}
	return fn()
}

// Abort removes every tracked path and makes later Track, Commit and Guard
// calls fail with ErrInterrupted. It is safe to call from any goroutine.
func (r *Registry) Abort() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.aborted = true
	for p := range r.paths {
		_ = os.RemoveAll(p)
	}
	r.paths = nil
}

// Reset undoes Abort, for tests of code that uses the process registry.
func (r *Registry) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.aborted = false
}

// Track records a temporary path in the process registry (Registry.Track).
func Track(create func() (string, error)) (string, error) { return temps.Track(create) }

// Remove removes a path of the process registry (Registry.Remove).
func Remove(path string) { temps.Remove(path) }

// Commit runs fn for a path of the process registry (Registry.Commit).
func Commit(path string, fn func() error) error { return temps.Commit(path, fn) }

// Guard runs fn unless the process registry was aborted (Registry.Guard).
func Guard(fn func() error) error { return temps.Guard(fn) }

// RemoveAll aborts the process registry: the command calls it on SIGINT
// and SIGTERM before exiting, so no ".NAME.tmp-*" file of an --output
// write and no "nclint-rev-*" directory is left behind.
func RemoveAll() { temps.Abort() }

// ResetForTest undoes RemoveAll, for tests in other packages.
func ResetForTest() { temps.Reset() }

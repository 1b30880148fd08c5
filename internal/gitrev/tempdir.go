package gitrev

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
)

// ErrInterrupted is returned by MkdirTemp and Materialize once
// RemoveTempDirs ran (the process is being stopped by a signal).
var ErrInterrupted = errors.New("interrupted")

// tempDirs records the directories of MkdirTemp calls not yet removed, so
// that a signal handler can remove them (RemoveTempDirs). Materialize
// creates files and directories while holding the read lock, so once
// RemoveTempDirs holds the write lock nothing new appears in them.
var tempDirs struct {
	sync.RWMutex
	dirs    map[string]bool
	aborted bool
}

// MkdirTemp creates a temporary directory (os.MkdirTemp("", pattern)) for
// Materialize, and returns it with the function that removes it. Until
// that function runs, RemoveTempDirs removes the directory too.
func MkdirTemp(pattern string) (string, func(), error) {
	tempDirs.Lock()
	defer tempDirs.Unlock()
	if tempDirs.aborted {
		return "", nil, ErrInterrupted
	}
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		return "", nil, err
	}
	if tempDirs.dirs == nil {
		tempDirs.dirs = map[string]bool{}
	}
	tempDirs.dirs[dir] = true
	remove := func() {
		tempDirs.Lock()
		defer tempDirs.Unlock()
		_ = os.RemoveAll(dir)
		delete(tempDirs.dirs, dir)
	}
	return dir, remove, nil
}

// RemoveTempDirs removes every directory made by MkdirTemp and not yet
// removed, and makes later MkdirTemp calls, and file writes of
// Materialize calls in progress, fail with ErrInterrupted. The command
// calls it on SIGINT and SIGTERM before exiting, so no "nclint-rev-*"
// directory is left behind. It is safe to call from any goroutine.
func RemoveTempDirs() {
	tempDirs.Lock()
	defer tempDirs.Unlock()
	tempDirs.aborted = true
	for dir := range tempDirs.dirs {
		_ = os.RemoveAll(dir)
	}
	tempDirs.dirs = nil
}

// createNew creates dst and its parent directories for writing, unless
// RemoveTempDirs ran.
func createNew(dst string) (*os.File, error) {
	tempDirs.RLock()
	defer tempDirs.RUnlock()
	if tempDirs.aborted {
		return nil, ErrInterrupted
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	return os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
}

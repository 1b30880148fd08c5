package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/nclint/nclint/internal/cleanup"
)

// handleSignals makes SIGINT and SIGTERM remove the temporary file of an
// --output (or baseline, or config init) write in progress, and the
// temporary "nclint-rev-*" directory of --new-from-rev or access --diff,
// before the process exits with the conventional status, 128 + the signal number
// (130 for SIGINT, 143 for SIGTERM). Without it, Go's default handling
// would exit at once and leave ".NAME.tmp-*" files and "nclint-rev-*"
// directories behind.
func handleSignals() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		s := <-ch
		cleanup.RemoveAll()
		os.Exit(signalExitCode(s))
	}()
}

// signalExitCode is the shell's exit status for a process ended by s.
func signalExitCode(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 128 + int(syscall.SIGTERM)
}

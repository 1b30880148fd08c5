package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// The flag handling every command shares: nclint itself and each
// subcommand parse with newFlagSet and parseCommand, so -h and --help
// print that command's usage on standard output (exit 0) and a mistyped
// flag is one line naming the nearest valid one (exit 2).

// newFlagSet returns a flag set for the command name ("nclint",
// "nclint access") that prints nothing itself: parseCommand reports.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseCommand parses args with fs, allowing flags after the positional
// arguments, which it returns. -h, -help and --help print usage, the flags
// (when there are any) and tail on stdout and return flag.ErrHelp; any
// other flag error is a *usageError of one line.
func parseCommand(fs *flag.FlagSet, usage, tail string, args []string, stdout io.Writer) ([]string, error) {
	pos, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(fs, usage, tail, stdout)
		return nil, err
	}
	if err != nil {
		return nil, &usageError{flagError(fs, err)}
	}
	return pos, nil
}

// printUsage writes usage, then fs's flags under "Flags:" unless usage
// lists them itself, then tail.
func printUsage(fs *flag.FlagSet, usage, tail string, w io.Writer) {
	fmt.Fprint(w, usage)
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		if !strings.Contains(usage, "\nFlags") { // usage ends with its own heading
			fmt.Fprint(w, "\nFlags:\n")
		}
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	fmt.Fprint(w, tail)
}

// commandExit ends a command that failed with err: flag.ErrHelp (the usage
// was printed) is exit 0, anything else one line on stderr and exit 2.
func commandExit(err error, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "nclint:", err)
	return exitUsage
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help" || arg == "--h"
}

// unknownWord is the error for word where command ("nclint baseline")
// expects one of words: the nearest one when it is a plausible typo.
func unknownWord(command, word string, words []string) string {
	usage := "usage: " + command + " " + strings.Join(words, "|")
	if strings.HasPrefix(word, "-") {
		return fmt.Sprintf("unknown flag %s before the %s command; %s", word, strings.TrimPrefix(command, "nclint "), usage)
	}
	if best := nearest(word, words, true); best != "" {
		return fmt.Sprintf("unknown %s command %q; did you mean %q?", strings.TrimPrefix(command, "nclint "), word, best)
	}
	return fmt.Sprintf("unknown %s command %q; %s", strings.TrimPrefix(command, "nclint "), word, usage)
}

// checkPaths returns "PATH: no such file or directory" for the first of
// paths that does not exist, before the pipeline wraps it in the detail of
// how it looked ("discover PATH: stat ...").
func checkPaths(paths []string) error {
	for _, p := range paths {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: no such file or directory", p)
		}
	}
	return nil
}

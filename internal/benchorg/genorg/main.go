// Command genorg writes the synthetic org of package benchorg.
//
//	go run ./internal/benchorg/genorg DIR [SCALE]
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/nclint/nclint/internal/benchorg"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: genorg DIR [SCALE]")
		os.Exit(2)
	}
	scale := 1.0
	if len(os.Args) == 3 {
		s, err := strconv.ParseFloat(os.Args[2], 64)
		if err != nil || s <= 0 {
			fmt.Fprintf(os.Stderr, "genorg: scale %q is not a positive number\n", os.Args[2])
			os.Exit(2)
		}
		scale = s
	}
	if err := benchorg.Write(os.Args[1], benchorg.CountsFor(scale)); err != nil {
		fmt.Fprintln(os.Stderr, "genorg:", err)
		os.Exit(1)
	}
}

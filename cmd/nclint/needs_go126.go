//go:build !go1.26

package main

// This file is compiled only by Go releases older than 1.26, which cannot
// build nclint (the pre-commit hooks nclint and nclint-all build it with the
// machine's Go). The undefined name below makes the build stop with this
// sentence instead of obscure errors elsewhere. Use the nclint-system or
// nclint-npm hook, or install Go 1.26 or later.
var _ = nclint_needs_Go_1_26_or_later__use_the_nclint_npm_or_nclint_system_hook_or_upgrade_Go

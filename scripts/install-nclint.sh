#!/usr/bin/env bash
# Installs nclint for the GitHub Action (action.yml) and for anyone who wants
# a release binary without Go or npm:
#
#   scripts/install-nclint.sh                # version from NCLINT_VERSION (e.g. 1.2.3 or v1.2.3)
#
# Environment:
#   NCLINT_VERSION       release to install ("" = the action's own tag, see below)
#   NCLINT_INSTALL_MODE  binary (default): download the release archive for this
#                        platform and verify it against the release's checksums.txt;
#                        goinstall: build ./cmd/nclint from this checkout with Go
#   NCLINT_INSTALL_DIR   where to put the binary (default: $RUNNER_TEMP/nclint-bin or ./nclint-bin)
#   NCLINT_RELEASE_URL   base URL of the releases (default
#                        https://github.com/nclint/nclint/releases/download); the
#                        archive is $NCLINT_RELEASE_URL/v<version>/nclint_<version>_<os>_<arch>.tar.gz
#                        (.zip on Windows), next to checksums.txt. file:// URLs work.
#   NCLINT_ACTION_REF    the ref the action was used at (github.action_ref)
#   GITHUB_PATH          when set, the install directory is added to it
#
# Without NCLINT_VERSION the version is the action's ref when it is a release
# tag (v1.2.3), else the newest release in this checkout's CHANGELOG.md (a
# major tag such as v1, or a commit, of a released version). The binary is
# checked: its checksum must be in checksums.txt, and `nclint --version`
# must print the version. Nothing is installed when a check fails.
set -euo pipefail

# The checkout this script is in (for CHANGELOG.md and goinstall); "." when
# it is piped into bash.
here=$(cd "$(dirname "${BASH_SOURCE[0]:-./x}")/.." && pwd)
mode=${NCLINT_INSTALL_MODE:-binary}
dir=${NCLINT_INSTALL_DIR:-${RUNNER_TEMP:-$PWD}/nclint-bin}
base=${NCLINT_RELEASE_URL:-https://github.com/nclint/nclint/releases/download}

die() {
	printf 'install-nclint: %s\n' "$*" >&2
	exit 1
}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
exe=nclint
case "${RUNNER_OS:-$(uname -s)}" in
Linux | linux) os=linux ;;
macOS | Darwin) os=darwin ;;
Windows | MINGW* | MSYS* | CYGWIN*) os=windows exe=nclint.exe ;;
*) die "unsupported operating system ${RUNNER_OS:-$(uname -s)}" ;;
esac

add_to_path() {
	if [[ -n "${GITHUB_PATH:-}" ]]; then
		# Windows runners want a Windows path there.
		if command -v cygpath >/dev/null 2>&1; then cygpath -w "$dir"; else echo "$dir"; fi >>"$GITHUB_PATH"
	fi
	echo "installed $("$dir/$exe" --version) at $dir/$exe"
}

case "$mode" in
goinstall)
	command -v go >/dev/null 2>&1 || die "install-mode goinstall needs Go 1.26 or later on the PATH"
	# Build this checkout (the action's own files), never a module fetched by ref.
	(cd "$here" && CGO_ENABLED=0 GOBIN="$dir" go install -trimpath ./cmd/nclint) ||
		die "go install ./cmd/nclint in $here failed (nclint needs Go 1.26 or later; this is $(go version))"
	add_to_path
	exit 0
	;;
binary) ;;
*) die "install-mode must be binary or goinstall, not \"$mode\"" ;;
esac

case "${RUNNER_ARCH:-$(uname -m)}" in
X64 | x86_64 | amd64) arch=amd64 ;;
ARM64 | arm64 | aarch64) arch=arm64 ;;
*) die "no release binary for the architecture ${RUNNER_ARCH:-$(uname -m)}; use install-mode: goinstall" ;;
esac

semver='^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'
version=${NCLINT_VERSION:-}
version=${version#v}
if [[ -z "$version" ]]; then
	ref=${NCLINT_ACTION_REF:-}
	if [[ "${ref#v}" =~ $semver ]]; then
		version=${ref#v}
	else
		# The newest released section of the changelog: "## [1.2.3] - 2026-07-01".
		version=$(sed -nE 's/^## \[([0-9]+\.[0-9]+\.[0-9]+[^]]*)\].*/\1/p' "$here/CHANGELOG.md" 2>/dev/null | head -n 1)
		[[ -n "$version" ]] || die "cannot tell which release to download: the action ref \"$ref\" is not a release tag and CHANGELOG.md lists no release; set the version input or install-mode: goinstall"
		echo "action ref \"$ref\" is not a release tag; installing the newest release in its CHANGELOG.md, $version"
	fi
fi
[[ "$version" =~ $semver ]] || die "version \"$version\" is not a release version such as 1.2.3"

ext=tar.gz
if [[ $os == windows ]]; then ext=zip; fi
archive="nclint_${version}_${os}_${arch}.${ext}"
url="$base/v$version"
tmp=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/nclint-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fetch() {
	curl -fsSL --retry 3 --proto '=https,file' -o "$tmp/$1" "$url/$1" || die "cannot download $url/$1"
}
fetch checksums.txt
fetch "$archive"

want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/checksums.txt")
[[ -n "$want" ]] || die "checksums.txt of v$version has no line for $archive"
if command -v sha256sum >/dev/null 2>&1; then
	got=$(sha256sum "$tmp/$archive" | awk '{print $1}')
else
	got=$(shasum -a 256 "$tmp/$archive" | awk '{print $1}')
fi
[[ "$got" == "$want" ]] || die "checksum mismatch for $archive: checksums.txt says $want, the download is $got"
echo "verified $archive (sha256 $got)"

mkdir -p "$tmp/x"
if [[ $ext == zip ]]; then
	if command -v unzip >/dev/null 2>&1; then unzip -q "$tmp/$archive" -d "$tmp/x"; else tar -xf "$tmp/$archive" -C "$tmp/x"; fi
else
	tar -xzf "$tmp/$archive" -C "$tmp/x"
fi
[[ -f "$tmp/x/$exe" ]] || die "$archive has no $exe"
chmod +x "$tmp/x/$exe"
printed=$("$tmp/x/$exe" --version) || die "the downloaded $exe does not run on this machine"
[[ "$printed" == "nclint $version" ]] || die "the downloaded $exe says \"$printed\", want \"nclint $version\""
mv -f "$tmp/x/$exe" "$dir/$exe"
add_to_path

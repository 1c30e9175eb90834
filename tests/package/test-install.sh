#!/usr/bin/env bash
# The Debian package, tested by installing it: apt installs target/package/braid_*.deb into this
# machine; the installed `braid` prints its version and builds the demo from the corpus inside
# the binary (run from an empty folder, far from the checkout); the installed app, started under
# Xvfb as a new user would start it, asks who is coding and shows the demo's 41 documents
# (tests/e2e/run.mjs, BRAID_E2E_ONLY=installed). Then apt removes the package, and nothing of it
# may remain. Run scripts/package first.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
apt_get() { $sudo env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }

debs=(target/package/braid_*_amd64.deb)
deb="${debs[0]}"
[ -f "$deb" ] || { echo "package test: no target/package/braid_*_amd64.deb; run scripts/package" >&2; exit 1; }
version=$(dpkg-deb --field "$deb" Version)
package=$(dpkg-deb --field "$deb" Package)
if dpkg -s "$package" >/dev/null 2>&1; then
  echo "package test: $package is already installed here; remove it first (apt-get remove $package)" >&2
  exit 1
fi

echo "== package: apt-get install $deb"
apt_get install -y -qq "$root/$deb" >/dev/null
removed=0
remove() {
  [ "$removed" = 1 ] && return
  removed=1
  apt_get purge -y -qq "$package" >/dev/null
}
trap remove EXIT
files=$(dpkg -L "$package")

echo "== package: what it installed"
for f in /usr/bin/braid /usr/bin/braid-app /usr/share/applications/Braid.desktop; do
  grep -qx "$f" <<<"$files" || { echo "package test: $f is not in the package; it has:"; echo "$files"; exit 1; } >&2
done
grep -q "^Exec=braid-app" /usr/share/applications/Braid.desktop || { echo "package test: the desktop entry does not start braid-app" >&2; exit 1; }
grep -q '/usr/share/icons/hicolor/.*/apps/braid-app.png' <<<"$files" || { echo "package test: no icon in the package" >&2; exit 1; }
[ "$(command -v braid)" = /usr/bin/braid ] || { echo "package test: braid on PATH is $(command -v braid), not the package's" >&2; exit 1; }

echo "== package: braid --version, braid demo from the embedded corpus"
got=$(/usr/bin/braid --version)
[ "$got" = "braid $version" ] || { echo "package test: braid --version says '$got', the package is $version" >&2; exit 1; }
work=$(mktemp -d)
(cd "$work" && /usr/bin/braid demo --out "$work/demo" >/dev/null)
[ -f "$work/demo/demo.braid" ] || { echo "package test: the installed braid demo wrote no project" >&2; exit 1; }
rm -rf "$work"

echo "== package: the installed app, first start, under Xvfb"
BRAID_E2E_ONLY=installed BRAID_E2E_APP=/usr/bin/braid-app BRAID_E2E_CLI=/usr/bin/braid \
  xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/run.mjs

echo "== package: apt-get purge $package"
remove
if dpkg -s "$package" >/dev/null 2>&1; then echo "package test: $package is still installed" >&2; exit 1; fi
left=$(while read -r f; do if [ -f "$f" ]; then echo "$f"; fi; done <<<"$files")
[ -z "$left" ] || { echo "package test: files left after removal:"; echo "$left"; exit 1; } >&2
echo "package test: PASS ($package $version installed, used and removed)"

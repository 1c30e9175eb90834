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
for f in /usr/bin/braid /usr/bin/braid-app /usr/share/applications/Braid.desktop /usr/share/braid/models/all-MiniLM-L6-v2/model.safetensors; do
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

echo "== package: the assist on the model the package ships (no model of the user's own)"
(cd /usr/share/braid/models/all-MiniLM-L6-v2 && sha256sum --quiet -c "$OLDPWD/models/all-MiniLM-L6-v2.sha256")
printf 'I: Who knows?\n\nR: I do not tell my friends that I miss my mother.\n' >"$work/a.md"
printf 'I: And you?\n\nR: We play football after school.\n\nI: Friends?\n\nR: I keep it to myself that my mum is away, my friends do not know.\n' >"$work/b.md"
/usr/bin/braid new "$work/s.braid" >/dev/null
/usr/bin/braid import "$work/s.braid" "$work/a.md" "$work/b.md" >/dev/null
similar=$(env -u BRAID_MODEL_DIR HOME="$work/home" XDG_DATA_HOME= /usr/bin/braid similar "$work/s.braid" a 18 64 --json)
first=$(python3 -c 'import json,sys; h=json.loads(sys.argv[1]); print(h[0]["document"], h[0]["segment"]["start"])' "$similar")
[ "$first" = "b 64" ] || { echo "package test: braid similar ranked '$first' first, not b's turn about keeping it from friends: $similar" >&2; exit 1; }
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

#!/usr/bin/env bash
# Writes every report layerscope makes (text, --ci text, JSON with and without files, Markdown, SARIF, JUnit, HTML;
# diff text, JSON, Markdown, HTML; packages; ls) for a set of real images into OUT_DIR, one file per report, from the
# built CLI (npm run build first). Two snapshots, before and after a change that must not change any output, are then
# compared byte for byte:
#   scripts/report-snapshot.sh /tmp/before; (change, npm run build); scripts/report-snapshot.sh /tmp/after
#   diff -r /tmp/before /tmp/after && echo same
# An HTML report inlines the page's script: when that script changed on purpose, compare the data each report embeds
# and the text its page draws (FILE.html.data.json, FILE.html.dom.txt; scripts/html-snapshot.mjs) with
# diff -r -x '*.html'.
# The images come from ../shared/realimages (REALIMAGES overrides; built when missing); IMAGES overrides the list of
# standard images.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: scripts/report-snapshot.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
images_sh="${REALIMAGES:-$root/../shared/realimages}/images.sh"
export LAB_TRUST_CACHE=1 LAYERSCOPE_CODE_CACHE=0 NO_COLOR=1
unset CI
cli() { (cd "$root" && node bin/layerscope.js "$@"); }
path() { LAB_IMAGES_DIR="$root/test/images" "$images_sh" path "$@"; }

# NAME FORMAT [DOCKERFILE]: every report of one image
analyze() {
  local name=$1 format=$2 dockerfile=${3:-} dir="$out/$1.$2"
  local image
  image=$(path "$name" "$format")
  mkdir -p "$dir"
  local extra=()
  [ -n "$dockerfile" ] && extra=(--dockerfile "$dockerfile")
  cli "$image" --no-cache "${extra[@]}" --json "$dir/report.json" --markdown "$dir/report.md" --sarif "$dir/report.sarif" \
    --junit "$dir/report.junit.xml" --html "$dir/report.html" > "$dir/report.txt" 2> "$dir/stderr.txt" || echo "exit $?" >> "$dir/stderr.txt"
  cli "$image" --no-cache --ci "${extra[@]}" > "$dir/ci.txt" 2>> "$dir/stderr.txt" || echo "ci exit $?" >> "$dir/stderr.txt"
  cli "$image" --no-cache --json - --json-files > "$dir/files.json" 2>> "$dir/stderr.txt" || echo "json-files exit $?" >> "$dir/stderr.txt"
}

for name in ${IMAGES:-apt-nocleanup features multistage tiny umoci-apt}; do
  format=docker-archive
  [ "$name" = umoci-apt ] && format=oci
  analyze "$name" "$format"
done
analyze features-vfs oci-zstd
analyze pkg-python docker-archive "$root/test/images/pkg-python/Dockerfile"
analyze pkg-npm oci "$root/test/images/pkg-npm/Dockerfile"
analyze hint-secrets docker-archive "$root/test/images/hint-secrets/Dockerfile"
analyze hint-build-multi docker-archive "$root/test/images/hint-build-multi/Dockerfile"

diff_dir="$out/diff.apt"
mkdir -p "$diff_dir"
base=$(path apt-cleanup docker-archive)
head=$(path apt-nocleanup docker-archive)
cli diff "$base" "$head" --no-cache --json "$diff_dir/diff.json" --markdown "$diff_dir/diff.md" --html "$diff_dir/diff.html" \
  --sarif "$diff_dir/diff.sarif" > "$diff_dir/diff.txt" 2> "$diff_dir/stderr.txt" || echo "exit $?" >> "$diff_dir/stderr.txt"
cli "$head" --no-cache --baseline "$base" --ci > "$diff_dir/baseline.txt" 2>> "$diff_dir/stderr.txt" || echo "baseline exit $?" >> "$diff_dir/stderr.txt"

pkg_dir="$out/packages"
mkdir -p "$pkg_dir"
for name in pkg-python pkg-npm apt-nocleanup; do
  image=$(path "$name" docker-archive)
  cli packages "$image" --no-cache > "$pkg_dir/$name.txt" 2>> "$pkg_dir/stderr.txt" || echo "$name exit $?" >> "$pkg_dir/stderr.txt"
  cli packages "$image" --no-cache --json "$pkg_dir/$name.json" > "$pkg_dir/$name.json-stdout.txt" 2>> "$pkg_dir/stderr.txt" || echo "$name json exit $?" >> "$pkg_dir/stderr.txt"
done
cli ls "$(path features docker-archive)" --no-cache > "$out/ls.features.txt" 2>&1 || echo "exit $?" >> "$out/ls.features.txt"
(cd "$root" && node scripts/html-snapshot.mjs "$out")
echo "$(find "$out" -type f | wc -l) files in $out"

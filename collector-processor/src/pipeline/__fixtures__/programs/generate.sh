#!/usr/bin/env bash
# Regenerates ../stacks/*.txt by running the real programs in this folder.
# Needs node (the project's), python3, javac/java and go on PATH. Each program
# runs from a scratch folder under /tmp so that paths in the traces are
# stable and the fake dependencies sit where real ones would
# (node_modules/, site-packages/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../stacks
work=/tmp/faultline-stack-fixtures
rm -rf "$work" && mkdir -p "$work" "$out"

mkdir -p "$work/node/node_modules/fake-orm"
cp "$here/node/app.mjs" "$work/node/"
cp "$here/node/fake-orm.js" "$work/node/node_modules/fake-orm/index.js"
(cd "$work/node" && node app.mjs) >"$out/node.txt"

mkdir -p "$work/python/site-packages/fakelib"
cp "$here/python/app.py" "$work/python/"
cp "$here/python/fakelib.py" "$work/python/site-packages/fakelib/__init__.py"
(cd "$work/python" && python3 -B app.py) >"$out/python.txt"

mkdir -p "$work/java/classes"
javac -d "$work/java/classes" "$here/java/shop/App.java"
java -cp "$work/java/classes" shop.App >"$out/java.txt"

mkdir -p "$work/go"
cp "$here/go/main.go" "$here/go/go.mod" "$work/go/"
(cd "$work/go" && go build -o shop .)
# A panic exits with status 2 and writes to stderr.
(cd "$work/go" && ./shop 2>"$out/go.txt" || true)

# Headless Chromium (Debian's chromium; CHROMIUM_PATH overrides), driven by playwright-core.
node "$here/browser/chrome.mjs" >"$out/chromium.txt"

#!/usr/bin/env bash
# depcheck.sh: each third-party library stays in the files that need it
# (docs/architecture.md). Prints the offending includes and fails.
cd "$(dirname "$0")/../src" || exit 1
status=0
# allowed FILE-PATTERN for each library's include prefix
rule() {
  local lib=$1 allowed=$2
  local bad
  bad=$(grep -l "#include <$lib" *.c *.h 2>/dev/null | grep -Ev "^($allowed)$")
  if [ -n "$bad" ]; then
    echo "depcheck: <$lib...> used outside $allowed: $bad"
    status=1
  fi
}
rule 'libxml/' 'dom\.[ch]|rawtext\.[ch]|import\.c|extract\.c|metadata\.c|treebuild\.c|html\.c|epub\.c'
rule 'json-glib/' 'metadata\.c|json\.c'
rule 'pango' 'fonts\.[ch]|layout\.[ch]|pdf\.[ch]|image\.[ch]|cover\.[ch]'
rule 'cairo' 'fonts\.[ch]|layout\.[ch]|pdf\.[ch]|image\.[ch]|cover\.[ch]'
rule 'zip.h' 'epub\.c'
rule 'hyphen.h' 'hyphenate\.c'
rule 'librsvg/' 'image\.c'
rule 'zlib.h' 'image\.c'
rule 'gmodule.h' 'base\.c'
# the importer never sees renderers, renderers never see the DOM
for f in extract.c metadata.c treebuild.c import.c charset.c resource.c; do
  if grep -Eq '#include "(html|json|markdown|text|dump|layout|pdf|epub|style)\.h"' "$f" 2>/dev/null; then
    echo "depcheck: $f includes a renderer header"; status=1
  fi
done
for f in html.c json.c markdown.c text.c dump.c; do
  if grep -Eq '#include "(dom|extract|metadata|treebuild|import)\.h"' "$f" 2>/dev/null; then
    echo "depcheck: $f includes an import-stage header"; status=1
  fi
done
[ $status -eq 0 ] && echo "depcheck: ok"
exit $status

# golden.sh: hand-made saved pages (tests/golden/*.html) -> expected tree
# dumps and Markdown (tests/golden/expected/). NP_UPDATE_GOLDEN=1 rewrites
# the expected files; review the diff before committing it.
. "$NP_TESTS/lib.sh"
golden=$NP_TESTS/golden
cd "$golden" || exit 1
mkdir -p expected
for page in *.html; do
  name=${page%.html}
  for fmt in tree md; do
    out=$NP_TMP/$name.$fmt
    if ! np -q --to "$fmt" "$page" -o "$out" 2>"$NP_TMP/err"; then
      not_ok "golden $name.$fmt converts: $(head -c 200 "$NP_TMP/err")"
      continue
    fi
    if [ "${NP_UPDATE_GOLDEN:-}" = 1 ]; then
      cp "$out" "expected/$name.$fmt"
    fi
    if cmp -s "$out" "expected/$name.$fmt"; then
      ok "golden $name.$fmt"
    else
      not_ok "golden $name.$fmt differs from expected/$name.$fmt"
      diff -u "expected/$name.$fmt" "$out" 2>&1 | head -n 40 | sed 's/^/# /'
    fi
  done
  # the JSON has every documented key with the documented type
  np -q --to json "$page" -o "$NP_TMP/$name.json" 2>/dev/null
  check "golden $name.json has the documented keys" python3 - "$NP_TMP/$name.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
keys = {"title": str, "byline": str, "authors": list, "published": str,
        "modified": str, "siteName": str, "section": str, "lang": str,
        "dir": str, "url": str, "excerpt": str, "leadImage": str,
        "images": list, "text": str, "wordCount": int, "warnings": list}
for k, t in keys.items():
    assert k in d, k
    assert d[k] is None or isinstance(d[k], t), (k, d[k])
for img in d["images"]:
    assert set(img) >= {"src", "alt", "caption", "credit"}, img
assert d["text"] and d["wordCount"] > 50 and d["title"]
PY
done

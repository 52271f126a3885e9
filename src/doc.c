/* doc.c: the document: creation, warnings, resources and author lists. */
#include "doc.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

np_doc *np_doc_new(void) {
  np_doc *doc = np_xcalloc(1, sizeof *doc);

  doc->arena = np_arena_new();
  doc->root = np_node_new(doc->arena, NP_NODE_ARTICLE);
  doc->meta.lead_image = -1;
  return doc;
}

void np_doc_free(np_doc *doc) {
  if (!doc)
    return;
  if (doc->names)
    g_hash_table_destroy(doc->names);
  np_arena_free(doc->arena);
  free(doc->resources);
  free(doc->warnings);
  free(doc);
}

void np_doc_warn(np_doc *doc, const char *fmt, ...) {
  np_buf buf = NP_BUF_INIT;
  va_list ap;

  if (doc->n_warnings >= NP_DOC_MAX_WARNINGS) {
    doc->dropped_warnings++;
    return;
  }
  va_start(ap, fmt);
  np_buf_vprintf(&buf, fmt, ap);
  va_end(ap);
  np_grow((void **)&doc->warnings, &doc->cap_warnings, doc->n_warnings + 1,
          sizeof *doc->warnings);
  doc->warnings[doc->n_warnings++] =
      np_arena_strndup(doc->arena, np_buf_cstr(&buf), buf.len);
  np_buf_free(&buf);
}

int np_doc_add_resource(np_doc *doc, const np_resource *res) {
  np_resource *copy;
  unsigned char *data = NULL;
  size_t i;

  for (i = 0; i < doc->n_resources; i++) {
    if (doc->resources[i].kind == res->kind &&
        strcmp(doc->resources[i].url, res->url) == 0)
      return (int)i;
  }
  np_grow((void **)&doc->resources, &doc->cap_resources, doc->n_resources + 1,
          sizeof *doc->resources);
  copy = &doc->resources[doc->n_resources];
  memset(copy, 0, sizeof *copy);
  copy->kind = res->kind;
  copy->url = np_arena_strdup(doc->arena, res->url ? res->url : "");
  copy->path = np_arena_strdup(doc->arena, res->path);
  copy->mime = np_arena_strdup(doc->arena, res->mime);
  if (res->data) {
    data = np_arena_alloc(doc->arena, res->len ? res->len : 1);
    memcpy(data, res->data, res->len);
    copy->data = data;
    copy->len = res->len;
  }
  return (int)doc->n_resources++;
}

/* Appends a copy of s to a NULL-free string array of the arena unless an
 * equal string (ignoring case and white space) is there already; kind ('a'
 * for authors, 'k' for keywords) keeps the arrays apart in doc->names. The
 * array is reallocated in the arena at each power of two. */
static void np_add_unique(np_doc *doc, char kind, const char ***array,
                          size_t *n, const char *s) {
  const char **grown;
  char *copy, *folded, *key;

  if (np_is_blank(s))
    return;
  copy = np_collapse_space(np_arena_strdup(doc->arena, s));
  /* g_utf8_casefold reads past the end of invalid UTF-8 */
  folded = np_collapse_space(g_utf8_validate(copy, -1, NULL)
                                 ? g_utf8_casefold(copy, -1)
                                 : g_strdup(copy));
  key = np_arena_printf(doc->arena, "%c%s", kind, folded);
  g_free(folded);
  if (!doc->names)
    doc->names = g_hash_table_new(g_str_hash, g_str_equal);
  if (!g_hash_table_add(doc->names, key))
    return;
  if ((*n & (*n - 1)) == 0) {
    grown = np_arena_alloc(doc->arena, (*n ? 2 * *n : 1) * sizeof *grown);
    if (*n)
      memcpy(grown, *array, *n * sizeof *grown);
    *array = grown;
  }
  (*array)[(*n)++] = copy;
}

void np_doc_add_author(np_doc *doc, const char *name) {
  np_add_unique(doc, 'a', &doc->meta.authors, &doc->meta.n_authors, name);
}

void np_doc_add_keyword(np_doc *doc, const char *word) {
  np_add_unique(doc, 'k', &doc->meta.keywords, &doc->meta.n_keywords, word);
}

/* The word that joins the last two names in the article's language. */
static const char *np_and_word(const char *lang) {
  static const struct {
    const char *lang;
    const char *word;
  } words[] = {{"en", " and "}, {"fr", " et "},  {"de", " und "},
               {"es", " y "},   {"it", " e "},   {"pt", " e "},
               {"nl", " en "},  {"sv", " och "}, {"da", " og "},
               {"no", " og "},  {"nb", " og "},  {"ru", " и "},
               {"uk", " і "},   {"pl", " i "},   {"cs", " a "},
               {"he", " ו"},    {"ar", " و"}};
  size_t i, n;

  if (!lang)
    return " and ";
  for (i = 0; i < sizeof words / sizeof words[0]; i++) {
    n = strlen(words[i].lang);
    if (g_ascii_strncasecmp(lang, words[i].lang, n) == 0 &&
        (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
      return words[i].word;
  }
  return ", ";
}

char *np_meta_byline(const np_meta *meta) {
  np_buf buf = NP_BUF_INIT;
  size_t i;

  if (!meta->n_authors)
    return NULL;
  for (i = 0; i < meta->n_authors; i++) {
    if (i > 0)
      np_buf_puts(&buf,
                  i + 1 == meta->n_authors ? np_and_word(meta->lang) : ", ");
    np_buf_puts(&buf, meta->authors[i]);
  }
  return np_buf_steal(&buf);
}

const char *np_stage_name(np_stage stage) {
  static const char *const names[NP_STAGE_COUNT] = {"read", "parse", "extract",
                                                    "tree"};

  return stage >= 0 && stage < NP_STAGE_COUNT ? names[stage] : "?";
}

const char *np_dir_name(np_dir dir) {
  switch (dir) {
  case NP_DIR_LTR:
    return "ltr";
  case NP_DIR_RTL:
    return "rtl";
  case NP_DIR_INHERIT:
    break;
  }
  return NULL;
}

const char *np_docs_main_lang(np_doc *const *docs, size_t n) {
  const char *best = NULL;
  size_t i, j, best_count = 0;

  for (i = 0; i < n; i++) {
    const char *lang = docs[i] ? docs[i]->meta.lang : NULL;
    size_t count = 0;

    if (!lang || !*lang)
      continue;
    for (j = i; j < n; j++) {
      const char *other = docs[j] ? docs[j]->meta.lang : NULL;
      if (other && g_ascii_strcasecmp(lang, other) == 0)
        count++;
    }
    if (count > best_count) {
      best = lang;
      best_count = count;
    }
  }
  return best;
}

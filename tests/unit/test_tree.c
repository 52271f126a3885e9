/* test_tree.c: unit tests of the tree grammar, building, iteration, check,
 * and of the document (resources, authors, byline). */
#include <glib.h>
#include <string.h>

#include "doc.h"
#include "tree.h"

static void test_grammar(void) {
  g_assert_true(np_node_can_contain(NP_NODE_ARTICLE, NP_NODE_PARAGRAPH));
  g_assert_true(np_node_can_contain(NP_NODE_PARAGRAPH, NP_NODE_TEXT));
  g_assert_true(np_node_can_contain(NP_NODE_FIGURE, NP_NODE_IMAGE));
  g_assert_true(np_node_can_contain(NP_NODE_LIST, NP_NODE_LIST_ITEM));
  g_assert_true(np_node_can_contain(NP_NODE_LIST_ITEM, NP_NODE_LIST));
  g_assert_false(np_node_can_contain(NP_NODE_ARTICLE, NP_NODE_TEXT));
  g_assert_false(np_node_can_contain(NP_NODE_PARAGRAPH, NP_NODE_PARAGRAPH));
  g_assert_false(np_node_can_contain(NP_NODE_LINK, NP_NODE_LINK));
  g_assert_false(np_node_can_contain(NP_NODE_LIST, NP_NODE_PARAGRAPH));
  g_assert_false(np_node_can_contain(NP_NODE_TEXT, NP_NODE_TEXT));
  g_assert_false(np_node_can_contain(NP_NODE_PRE, NP_NODE_EMPH));
  g_assert_false(np_node_can_contain(NP_NODE_ARTICLE, NP_NODE_IMAGE));
  g_assert_false(np_node_can_contain(NP_NODE_ROW, NP_NODE_PARAGRAPH));
}

static void test_append_refuses(void) {
  np_arena *a = np_arena_new();
  np_node *p = np_node_new(a, NP_NODE_PARAGRAPH);
  np_node *q = np_node_new(a, NP_NODE_PARAGRAPH);
  np_node *t = np_node_new_text(a, NP_NODE_TEXT, "hi", 2);

  g_assert_false(np_node_append(p, q));
  g_assert_null(p->first_child);
  g_assert_true(np_node_append(p, t));
  g_assert_true(p->first_child == t && p->last_child == t);
  g_assert_true(t->parent == p);
  np_arena_free(a);
}

/* Walks the tree and records the events as a string. */
static char *walk(np_node *root) {
  GString *s = g_string_new(NULL);
  np_iter it;
  np_node *n;
  np_event ev;

  np_iter_init(&it, root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE)
    g_string_append_printf(s, "%s%s ", ev == NP_EVENT_ENTER ? "+" : "-",
                           np_node_kind_name(n->kind));
  return g_string_free(s, FALSE);
}

static void test_iterator(void) {
  np_doc *doc = np_doc_new();
  np_node *p = np_node_new(doc->arena, NP_NODE_PARAGRAPH);
  np_node *em = np_node_new(doc->arena, NP_NODE_EMPH);
  np_node *rule = np_node_new(doc->arena, NP_NODE_RULE);
  np_node *empty = np_node_new(doc->arena, NP_NODE_BLOCKQUOTE);
  char *s;

  np_node_append(doc->root, p);
  np_node_append(p, np_node_new_text(doc->arena, NP_NODE_TEXT, "a", 1));
  np_node_append(p, em);
  np_node_append(em, np_node_new_text(doc->arena, NP_NODE_TEXT, "b", 1));
  np_node_append(doc->root, rule);
  np_node_append(doc->root, empty);
  s = walk(doc->root);
  g_assert_cmpstr(s, ==,
                  "+article +paragraph +text +emph +text -emph -paragraph "
                  "+rule +blockquote -blockquote -article ");
  g_free(s);
  s = walk(em);
  g_assert_cmpstr(s, ==, "+emph +text -emph ");
  g_free(s);
  s = np_node_text(p);
  g_assert_cmpstr(s, ==, "ab");
  free(s);
  np_doc_free(doc);
}

static void test_unlink_insert(void) {
  np_doc *doc = np_doc_new();
  np_node *a = np_node_new(doc->arena, NP_NODE_RULE);
  np_node *b = np_node_new(doc->arena, NP_NODE_RULE);
  np_node *c = np_node_new(doc->arena, NP_NODE_RULE);
  np_error err;

  np_node_append(doc->root, a);
  np_node_append(doc->root, c);
  g_assert_true(np_node_insert_before(c, b));
  g_assert_true(a->next == b && b->next == c && c->prev == b);
  g_assert_cmpuint(np_node_child_count(doc->root), ==, 3);
  np_node_unlink(b);
  g_assert_true(a->next == c && c->prev == a && !b->parent);
  np_node_unlink(a);
  g_assert_true(doc->root->first_child == c);
  g_assert_cmpint(np_tree_check(doc->root, 0, &err), ==, 0);
  np_doc_free(doc);
}

static void test_check_finds_problems(void) {
  np_doc *doc = np_doc_new();
  np_node *fig = np_node_new(doc->arena, NP_NODE_FIGURE);
  np_node *img = np_node_new(doc->arena, NP_NODE_IMAGE);
  np_node *h = np_node_new(doc->arena, NP_NODE_HEADING);
  np_error err;

  np_node_append(doc->root, fig);
  np_node_append(fig, img);
  /* the image refers to no resource */
  g_assert_cmpint(np_tree_check(doc->root, 0, &err), ==, 1);
  g_assert_nonnull(strstr(err.message, "resource"));
  img->as.image.resource = 0;
  g_assert_cmpint(np_tree_check(doc->root, 1, &err), ==, 0);
  np_node_append(doc->root, h);
  h->as.heading.level = 9;
  g_assert_cmpint(np_tree_check(doc->root, 1, &err), ==, 1);
  g_assert_nonnull(strstr(err.message, "heading level"));
  h->as.heading.level = 2;
  /* a broken sibling link is found */
  h->prev = NULL;
  g_assert_cmpint(np_tree_check(doc->root, 1, &err), >=, 1);
  np_doc_free(doc);
}

static void test_check_depth(void) {
  np_doc *doc = np_doc_new();
  np_node *parent = doc->root, *q;
  np_error err;
  int i;

  for (i = 0; i < NP_TREE_MAX_DEPTH + 5; i++) {
    q = np_node_new(doc->arena, NP_NODE_BLOCKQUOTE);
    np_node_append(parent, q);
    parent = q;
  }
  g_assert_cmpint(np_tree_check(doc->root, 0, &err), >, 0);
  g_assert_nonnull(strstr(err.message, "deeper"));
  np_doc_free(doc);
}

static void test_resources_dedup(void) {
  np_doc *doc = np_doc_new();
  np_resource r = {0};
  unsigned char bytes[3] = {1, 2, 3};

  r.kind = NP_RES_REMOTE;
  r.url = "https://example.com/a.jpg";
  g_assert_cmpint(np_doc_add_resource(doc, &r), ==, 0);
  g_assert_cmpint(np_doc_add_resource(doc, &r), ==, 0);
  r.url = "data:x";
  r.kind = NP_RES_DATA;
  r.data = bytes;
  r.len = 3;
  g_assert_cmpint(np_doc_add_resource(doc, &r), ==, 1);
  g_assert_true(doc->resources[1].data != bytes);
  g_assert_cmpmem(doc->resources[1].data, 3, bytes, 3);
  g_assert_cmpuint(doc->n_resources, ==, 2);
  np_doc_free(doc);
}

static void test_authors_and_byline(void) {
  np_doc *doc = np_doc_new();
  char *s;

  g_assert_null(np_meta_byline(&doc->meta));
  np_doc_add_author(doc, "Jane  Doe");
  np_doc_add_author(doc, "jane doe");
  np_doc_add_author(doc, "   ");
  s = np_meta_byline(&doc->meta);
  g_assert_cmpstr(s, ==, "Jane Doe");
  free(s);
  np_doc_add_author(doc, "John Roe");
  s = np_meta_byline(&doc->meta);
  g_assert_cmpstr(s, ==, "Jane Doe and John Roe");
  free(s);
  np_doc_add_author(doc, "Ana Lim");
  s = np_meta_byline(&doc->meta);
  g_assert_cmpstr(s, ==, "Jane Doe, John Roe and Ana Lim");
  free(s);
  doc->meta.lang = "fr-FR";
  s = np_meta_byline(&doc->meta);
  g_assert_cmpstr(s, ==, "Jane Doe, John Roe et Ana Lim");
  free(s);
  g_assert_cmpuint(doc->meta.n_authors, ==, 3);
  np_doc_free(doc);
}

static void test_warnings_capped(void) {
  np_doc *doc = np_doc_new();
  int i;

  for (i = 0; i < NP_DOC_MAX_WARNINGS + 7; i++)
    np_doc_warn(doc, "warning %d", i);
  g_assert_cmpuint(doc->n_warnings, ==, NP_DOC_MAX_WARNINGS);
  g_assert_cmpuint(doc->dropped_warnings, ==, 7);
  g_assert_cmpstr(doc->warnings[3], ==, "warning 3");
  np_doc_free(doc);
}

/* Authors and keywords are kept once each, ignoring case and white space,
 * in the order first seen, and an author is not taken for a keyword. */
static void test_doc_names_unique(void) {
  np_doc *doc = np_doc_new();
  char name[32];
  int i;

  np_doc_add_author(doc, "Ann  Lee");
  np_doc_add_author(doc, "ANN LEE");
  np_doc_add_author(doc, " ");
  np_doc_add_author(doc, "Bo Chen");
  np_doc_add_keyword(doc, "ann lee");
  g_assert_cmpuint(doc->meta.n_authors, ==, 2);
  g_assert_cmpstr(doc->meta.authors[0], ==, "Ann Lee");
  g_assert_cmpstr(doc->meta.authors[1], ==, "Bo Chen");
  g_assert_cmpuint(doc->meta.n_keywords, ==, 1);
  /* invalid UTF-8 is compared as bytes (and not read past its end) */
  np_doc_add_author(doc, "\xC3");
  np_doc_add_author(doc, "\xC3");
  np_doc_add_author(doc, "\xED\xA0\x80");
  g_assert_cmpuint(doc->meta.n_authors, ==, 4);
  for (i = 0; i < 1000; i++) {
    g_snprintf(name, sizeof name, "Keyword %d", i % 500);
    np_doc_add_keyword(doc, name);
  }
  g_assert_cmpuint(doc->meta.n_keywords, ==, 501);
  g_assert_cmpstr(doc->meta.keywords[0], ==, "ann lee");
  g_assert_cmpstr(doc->meta.keywords[500], ==, "Keyword 499");
  np_doc_free(doc);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/tree/grammar", test_grammar);
  g_test_add_func("/tree/doc-names-unique", test_doc_names_unique);
  g_test_add_func("/tree/append-refuses", test_append_refuses);
  g_test_add_func("/tree/iterator", test_iterator);
  g_test_add_func("/tree/unlink-insert", test_unlink_insert);
  g_test_add_func("/tree/check-finds-problems", test_check_finds_problems);
  g_test_add_func("/tree/check-depth", test_check_depth);
  g_test_add_func("/doc/resources-dedup", test_resources_dedup);
  g_test_add_func("/doc/authors-and-byline", test_authors_and_byline);
  g_test_add_func("/doc/warnings-capped", test_warnings_capped);
  return g_test_run();
}

/* json.c: the JSON renderer: metadata, images, text and warnings of a
 * document as one pretty-printed object (json-glib). */
#include "json.h"

#include "text.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* Adds "key": value, value made valid UTF-8, or null when value is NULL. */
static void np_json_string(JsonBuilder *b, const char *key, const char *value) {
  if (key)
    json_builder_set_member_name(b, key);
  if (value) {
    gchar *valid = g_utf8_make_valid(value, -1);

    json_builder_add_string_value(b, valid);
    g_free(valid);
  } else {
    json_builder_add_null_value(b);
  }
}

/* Returns the URL of resource i of doc, or NULL when i is not one. */
static const char *np_json_resource_url(const np_doc *doc, int i) {
  if (i < 0 || (size_t)i >= doc->n_resources)
    return NULL;
  return doc->resources[i].url;
}

/* Returns the collapsed plain text of the first child of kind in the figure
 * around image, or NULL; the caller frees it. */
static char *np_json_figure_text(const np_node *image, np_node_kind kind) {
  const np_node *c;
  char *text;

  if (!image->parent)
    return NULL;
  for (c = image->parent->first_child; c; c = c->next) {
    if (c->kind != kind)
      continue;
    text = np_collapse_space(np_node_text(c));
    if (*text)
      return text;
    free(text);
    return NULL;
  }
  return NULL;
}

/* Returns where an image's bytes are: "saved" (a file of the page or a
 * data: URI), "remote" (only on the network, not fetched), "missing" or
 * "refused" (outside the page's folder). */
static const char *np_json_status(const np_resource *res) {
  switch (res->kind) {
  case NP_RES_LOCAL:
  case NP_RES_DATA:
    return "saved";
  case NP_RES_REMOTE:
    return "remote";
  case NP_RES_MISSING:
    return "missing";
  case NP_RES_REFUSED:
    return "refused";
  }
  return NULL;
}

/* Adds one {src, alt, caption, credit, mime, status} object for an image. */
static void np_json_image(JsonBuilder *b, const np_doc *doc,
                          const np_node *image) {
  int i = image->as.image.resource;
  const np_resource *res =
      np_json_resource_url(doc, i) ? &doc->resources[i] : NULL;
  char *caption = np_json_figure_text(image, NP_NODE_CAPTION);
  char *credit = np_json_figure_text(image, NP_NODE_CREDIT);

  json_builder_begin_object(b);
  np_json_string(b, "src", res ? res->url : NULL);
  np_json_string(b, "alt", image->as.image.alt);
  np_json_string(b, "caption", caption);
  np_json_string(b, "credit", credit);
  np_json_string(b, "mime", res ? res->mime : NULL);
  np_json_string(b, "status", res ? np_json_status(res) : NULL);
  json_builder_end_object(b);
  free(caption);
  free(credit);
}

/* Returns the URL of the lead image: the one the metadata names, else the
 * first image of the tree that has a resource; NULL when there is none. */
static const char *np_json_lead_image(const np_doc *doc) {
  const char *url = np_json_resource_url(doc, doc->meta.lead_image);
  np_iter it;
  np_node *n;
  np_event ev;

  np_iter_init(&it, doc->root);
  while (!url && (ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev == NP_EVENT_ENTER && n->kind == NP_NODE_IMAGE)
      url = np_json_resource_url(doc, n->as.image.resource);
  }
  return url;
}

/* Adds "images": every IMAGE of the tree in order. */
static void np_json_images(JsonBuilder *b, const np_doc *doc) {
  np_iter it;
  np_node *n;
  np_event ev;

  json_builder_set_member_name(b, "images");
  json_builder_begin_array(b);
  np_iter_init(&it, doc->root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev != NP_EVENT_ENTER || n->kind != NP_NODE_IMAGE)
      continue;
    np_json_image(b, doc, n);
  }
  json_builder_end_array(b);
}

char *np_render_json(const np_doc *doc) {
  const np_meta *m = &doc->meta;
  JsonBuilder *b = json_builder_new();
  JsonGenerator *gen = json_generator_new();
  JsonNode *root;
  char *byline = np_meta_byline(m), *text = np_render_text(doc), *result;
  gchar *json;
  size_t i;

  json_builder_begin_object(b);
  np_json_string(b, "title", m->title);
  np_json_string(b, "byline", byline);
  json_builder_set_member_name(b, "authors");
  json_builder_begin_array(b);
  for (i = 0; i < m->n_authors; i++)
    np_json_string(b, NULL, m->authors[i]);
  json_builder_end_array(b);
  np_json_string(b, "published", m->published);
  np_json_string(b, "modified", m->modified);
  np_json_string(b, "siteName", m->site_name);
  np_json_string(b, "section", m->section);
  np_json_string(b, "lang", m->lang);
  np_json_string(b, "dir", np_dir_name(m->dir));
  np_json_string(b, "url", m->url);
  np_json_string(b, "excerpt", m->summary);
  np_json_string(b, "leadImage", np_json_lead_image(doc));
  np_json_images(b, doc);
  np_json_string(b, "text", text);
  json_builder_set_member_name(b, "wordCount");
  json_builder_add_int_value(b, (gint64)np_word_count(text));
  json_builder_set_member_name(b, "warnings");
  json_builder_begin_array(b);
  for (i = 0; i < doc->n_warnings; i++)
    np_json_string(b, NULL, doc->warnings[i]);
  json_builder_end_array(b);
  json_builder_end_object(b);

  root = json_builder_get_root(b);
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_indent(gen, 2);
  json_generator_set_root(gen, root);
  json = json_generator_to_data(gen, NULL);
  result = np_xstrdup(json);
  g_free(json);
  json_node_unref(root);
  g_object_unref(gen);
  g_object_unref(b);
  free(text);
  free(byline);
  return result;
}

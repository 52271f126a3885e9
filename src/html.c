/* html.c: the XHTML5 renderer: one standalone, well-formed page of the
 * article, written with libxml2's text writer. */
#include "html.h"

#include <glib.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "resource.h"

/* Largest image embedded in the page, in bytes; larger ones are left out. */
#define NP_HTML_MAX_IMAGE_BYTES ((size_t)16 * 1024 * 1024)

/* The style sheet embedded in every page: readable, no remote references. */
static const char np_html_style[] =
    "body{margin:0 auto;max-width:38em;padding:1em;"
    "font-family:Georgia,serif;line-height:1.5;color:#222;background:#fff}"
    "h1,h2,h3,h4,h5,h6{font-family:Helvetica,Arial,sans-serif;"
    "line-height:1.2}"
    ".masthead,.byline,footer,figcaption{color:#555;font-size:0.9em}"
    ".lede{font-size:1.15em}"
    "img{max-width:100%;height:auto}"
    "figure{margin:1.5em 0}"
    "blockquote{margin:1em 0;padding-inline-start:1em;border-inline-start:3px "
    "solid #ccc}"
    "blockquote.pullquote{font-size:1.25em;font-style:italic}"
    "pre{overflow-x:auto;white-space:pre-wrap}"
    "table{border-collapse:collapse}"
    "th,td{border:1px solid #ccc;padding:0.2em 0.4em;vertical-align:top}";

/* State of one rendering. */
typedef struct {
  const np_doc *doc;
  const np_html_options *opts; /* never NULL */
  xmlTextWriterPtr w;
  np_buf clean;  /* the last string made safe for XML */
  int n_heading; /* headings written so far, for their ids */
} np_html;

/* The options of np_render_html. */
static const np_html_options np_html_defaults = {NULL, 0, NULL, NULL, NULL};

/* Returns nonzero when XML 1.0 allows the character c (tab and newline are
 * the only control characters kept). */
static int np_xml_char_ok(gunichar c) {
  return c == 0x9 || c == 0xA || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Appends s to out without invalid UTF-8 and without the characters XML
 * cannot carry. */
static void np_xml_clean_into(np_buf *out, const char *s) {
  const char *p = s ? s : "", *end = p + strlen(p);

  np_buf_add(out, "", 0);
  while (p < end) {
    gunichar c = g_utf8_get_char_validated(p, end - p);

    if (c == (gunichar)-1 || c == (gunichar)-2) {
      p++;
      continue;
    }
    if (np_xml_char_ok(c))
      np_buf_add(out, p, (size_t)(g_utf8_next_char(p) - p));
    p = g_utf8_next_char(p);
  }
}

char *np_xml_clean(const char *s) {
  np_buf out = NP_BUF_INIT;

  np_xml_clean_into(&out, s);
  return np_buf_steal(&out);
}

/* Returns s made safe for XML (np_xml_clean); the string lives in r until
 * the next call. */
static const xmlChar *np_html_clean(np_html *r, const char *s) {
  np_buf_clear(&r->clean);
  np_xml_clean_into(&r->clean, s);
  return BAD_CAST np_buf_cstr(&r->clean);
}

/* Opens the element name. */
static void np_html_start(np_html *r, const char *name) {
  xmlTextWriterStartElement(r->w, BAD_CAST name);
}

/* Closes the open element, always with an end tag (<p></p>, not <p/>). */
static void np_html_end(np_html *r) { xmlTextWriterFullEndElement(r->w); }

/* Closes an element that HTML treats as void (<br/>, <img/>). */
static void np_html_end_void(np_html *r) { xmlTextWriterEndElement(r->w); }

/* Writes the attribute name="value" (value cleaned); NULL writes nothing. */
static void np_html_attr(np_html *r, const char *name, const char *value) {
  if (value)
    xmlTextWriterWriteAttribute(r->w, BAD_CAST name, np_html_clean(r, value));
}

/* Writes the attribute name with a number as its value. */
static void np_html_int_attr(np_html *r, const char *name, int value) {
  char text[16];

  g_snprintf(text, sizeof text, "%d", value);
  np_html_attr(r, name, text);
}

/* Writes text content (cleaned and escaped). */
static void np_html_text(np_html *r, const char *text) {
  xmlTextWriterWriteString(r->w, np_html_clean(r, text));
}

/* Writes a newline between blocks, for people reading the source. */
static void np_html_nl(np_html *r) {
  xmlTextWriterWriteString(r->w, BAD_CAST "\n");
}

/* Returns nonzero when a link target would run a script when followed. */
static int np_html_is_script_url(const char *href) {
  while (*href && g_ascii_isspace(*href))
    href++;
  return g_ascii_strncasecmp(href, "javascript:", 11) == 0 ||
         g_ascii_strncasecmp(href, "vbscript:", 9) == 0;
}

/* Returns nonzero when an EPUB may keep a link to href: a web or mail
 * address. Fragments and relative links would point at nothing inside the
 * book. */
static int np_html_epub_link_ok(const char *href) {
  return g_ascii_strncasecmp(href, "http://", 7) == 0 ||
         g_ascii_strncasecmp(href, "https://", 8) == 0 ||
         g_ascii_strncasecmp(href, "mailto:", 7) == 0;
}

/* Writes lang, xml:lang and dir for a language and direction when set. */
static void np_html_lang_dir(np_html *r, const char *lang, np_dir dir) {
  if (lang && *lang) {
    np_html_attr(r, "lang", lang);
    np_html_attr(r, "xml:lang", lang);
  }
  np_html_attr(r, "dir", np_dir_name(dir));
}

/* Opens the element name for node, with its language and direction. */
static void np_html_start_node(np_html *r, const char *name,
                               const np_node *node) {
  np_html_start(r, name);
  np_html_lang_dir(r, node->lang, node->dir);
}

/* Writes an element holding only text, e.g. <title>. */
static void np_html_element(np_html *r, const char *name, const char *text) {
  np_html_start(r, name);
  np_html_text(r, text);
  np_html_end(r);
}

/* Writes <meta name="name" content="content"/> when content is set. */
static void np_html_meta(np_html *r, const char *name, const char *content) {
  if (!content)
    return;
  np_html_start(r, "meta");
  np_html_attr(r, "name", name);
  np_html_attr(r, "content", content);
  np_html_end_void(r);
  np_html_nl(r);
}

/* Writes <time datetime="iso">date</time>, the date part shown. */
static void np_html_time(np_html *r, const char *iso) {
  const char *t = strchr(iso, 'T');
  char *date = t ? np_xstrndup(iso, (size_t)(t - iso)) : np_xstrdup(iso);

  np_html_start(r, "time");
  np_html_attr(r, "datetime", iso);
  np_html_text(r, date);
  np_html_end(r);
  free(date);
}

/* Returns the src of an image's resource: the href opts->image_src gives,
 * or else a data: URI of its bytes, so that the page stands alone (never
 * for an EPUB); NULL when its bytes are not at hand (remote, missing,
 * refused, unreadable). The caller frees it. */
static char *np_html_image_src(const np_html *r, const np_node *image) {
  const np_resource *res;
  unsigned char *bytes = NULL;
  size_t len = 0;
  char *b64, *src = NULL;
  int i = image->as.image.resource;

  if (i < 0 || (size_t)i >= r->doc->n_resources)
    return NULL;
  if (r->opts->image_src) {
    const char *href = r->opts->image_src(r->opts->image_ctx, r->doc, i);
    return href ? g_strdup(href) : NULL;
  }
  if (r->opts->epub)
    return NULL;
  res = &r->doc->resources[i];
  if (res->kind != NP_RES_DATA && res->kind != NP_RES_LOCAL)
    return NULL;
  if (np_resource_read(r->doc, i, NP_HTML_MAX_IMAGE_BYTES, &bytes, &len,
                       NULL) != NP_OK)
    return NULL;
  b64 = g_base64_encode(bytes, len);
  src =
      g_strdup_printf("data:%s;base64,%s",
                      res->mime ? res->mime : "application/octet-stream", b64);
  g_free(b64);
  free(bytes);
  return src;
}

/* Writes a link to an image that exists only on the network: the page
 * stays standalone and nothing is fetched when it is opened. */
static void np_html_remote_image(np_html *r, const np_node *image) {
  const np_resource *res = &r->doc->resources[image->as.image.resource];

  np_html_start(r, "a");
  np_html_attr(r, "class", "remote-image");
  np_html_attr(r, "href", res->url);
  np_html_text(r, *image->as.image.alt ? image->as.image.alt : res->url);
  np_html_end(r);
  np_html_nl(r);
}

/* Writes an <img/> for image with its bytes inline, a link for a remote
 * image, nothing when it has no usable source. */
static void np_html_image(np_html *r, const np_node *image) {
  char *src = np_html_image_src(r, image);

  if (!src) {
    if (image->as.image.resource >= 0 &&
        (size_t)image->as.image.resource < r->doc->n_resources &&
        r->doc->resources[image->as.image.resource].kind == NP_RES_REMOTE)
      np_html_remote_image(r, image);
    return;
  }
  np_html_start_node(r, "img", image);
  np_html_attr(r, "src", src);
  np_html_attr(r, "alt", image->as.image.alt);
  if (image->as.image.width > 0)
    np_html_int_attr(r, "width", image->as.image.width);
  if (image->as.image.height > 0)
    np_html_int_attr(r, "height", image->as.image.height);
  np_html_end_void(r);
  np_html_nl(r);
  g_free(src);
}

/* Writes the id of the n-th heading: id_prefix + "h" + n. */
static void np_html_heading_id(np_html *r, int n) {
  char *id =
      g_strdup_printf("%sh%d", r->opts->id_prefix ? r->opts->id_prefix : "", n);

  np_html_attr(r, "id", id);
  g_free(id);
}

/* Returns the element of a SPAN kind. */
static const char *np_html_span_element(np_span_kind kind) {
  return kind == NP_SPAN_QUOTE ? "q" : np_span_kind_name(kind);
}

/* Writes the subtree under root: one walk, one switch on the node kind. */
static void np_html_render(np_html *r, np_node *root) {
  np_iter it;
  np_node *n;
  np_event ev;
  char name[4];

  np_iter_init(&it, root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    int enter = ev == NP_EVENT_ENTER;

    switch (n->kind) {
    case NP_NODE_ARTICLE:
    case NP_NODE_NONE:
      break;
    case NP_NODE_HEADING:
      if (enter) {
        int level = n->as.heading.level;

        level = level < 2 ? 2 : level > 6 ? 6 : level;
        g_snprintf(name, sizeof name, "h%d", level);
        np_html_start_node(r, name, n);
        r->n_heading++;
        if (r->opts->epub)
          np_html_heading_id(r, r->n_heading);
      } else {
        np_html_end(r);
        np_html_nl(r);
      }
      break;
    case NP_NODE_PARAGRAPH:
    case NP_NODE_PRE:
      if (enter) {
        np_html_start_node(r, n->kind == NP_NODE_PRE ? "pre" : "p", n);
        if (n->flags & NP_FLAG_LEAD)
          np_html_attr(r, "class", r->opts->epub ? "standfirst" : "lede");
      } else {
        np_html_end(r);
        np_html_nl(r);
      }
      break;
    case NP_NODE_BLOCKQUOTE:
    case NP_NODE_LIST:
    case NP_NODE_LIST_ITEM:
    case NP_NODE_FIGURE:
    case NP_NODE_TABLE:
    case NP_NODE_ROW:
      if (!enter) {
        np_html_end(r);
        np_html_nl(r);
        break;
      }
      if (n->kind == NP_NODE_BLOCKQUOTE) {
        np_html_start_node(r, "blockquote", n);
        if (n->flags & NP_FLAG_PULLQUOTE)
          np_html_attr(r, "class", "pullquote");
      } else if (n->kind == NP_NODE_LIST) {
        np_html_start_node(r, n->as.list.ordered ? "ol" : "ul", n);
        if (n->as.list.ordered && n->as.list.start != 1)
          np_html_int_attr(r, "start", n->as.list.start);
      } else {
        np_html_start_node(r,
                           n->kind == NP_NODE_LIST_ITEM ? "li"
                           : n->kind == NP_NODE_FIGURE  ? "figure"
                           : n->kind == NP_NODE_TABLE   ? "table"
                                                        : "tr",
                           n);
      }
      if (n->kind != NP_NODE_LIST_ITEM)
        np_html_nl(r);
      break;
    case NP_NODE_IMAGE:
      np_html_image(r, n);
      break;
    case NP_NODE_CAPTION:
      if (enter) {
        np_html_start_node(
            r, n->parent->kind == NP_NODE_TABLE ? "caption" : "figcaption", n);
      } else if (n->next && n->next->kind == NP_NODE_CREDIT) {
        /* the credit goes inside the same figcaption */
        np_html_text(r, " ");
      } else {
        np_html_end(r);
        np_html_nl(r);
      }
      break;
    case NP_NODE_CREDIT:
      if (enter) {
        if (!n->prev || n->prev->kind != NP_NODE_CAPTION)
          np_html_start(r, "figcaption");
        np_html_start_node(r, r->opts->epub ? "span" : "small", n);
        np_html_attr(r, "class", "credit");
      } else {
        np_html_end(r);
        np_html_end(r);
        np_html_nl(r);
      }
      break;
    case NP_NODE_CELL:
      if (enter) {
        np_html_start_node(r, n->flags & NP_FLAG_HEADER ? "th" : "td", n);
        if (n->as.cell.colspan > 1)
          np_html_int_attr(r, "colspan", n->as.cell.colspan);
        if (n->as.cell.rowspan > 1)
          np_html_int_attr(r, "rowspan", n->as.cell.rowspan);
      } else {
        np_html_end(r);
      }
      break;
    case NP_NODE_RULE:
      np_html_start_node(r, "hr", n);
      np_html_end_void(r);
      np_html_nl(r);
      break;
    case NP_NODE_TEXT:
      if (n->lang || n->dir != NP_DIR_INHERIT) {
        np_html_start_node(r, "span", n);
        np_html_text(r, n->text);
        np_html_end(r);
      } else {
        np_html_text(r, n->text);
      }
      break;
    case NP_NODE_CODE:
      np_html_start_node(r, "code", n);
      np_html_text(r, n->text);
      np_html_end(r);
      break;
    case NP_NODE_LINEBREAK:
      np_html_start_node(r, "br", n);
      np_html_end_void(r);
      break;
    case NP_NODE_EMPH:
    case NP_NODE_STRONG:
    case NP_NODE_SPAN:
      if (enter)
        np_html_start_node(r,
                           n->kind == NP_NODE_EMPH ? "em"
                           : n->kind == NP_NODE_STRONG
                               ? "strong"
                               : np_html_span_element(n->as.span.kind),
                           n);
      else
        np_html_end(r);
      break;
    case NP_NODE_LINK:
      if (enter) {
        np_html_start_node(r, "a", n);
        if (!np_html_is_script_url(n->as.link.href) &&
            (!r->opts->epub || np_html_epub_link_ok(n->as.link.href)))
          np_html_attr(r, "href", n->as.link.href);
        np_html_attr(r, "title", n->as.link.title);
      } else {
        np_html_end(r);
      }
      break;
    }
  }
}

/* Writes <head>: charset, title, authors, description, canonical, style. */
static void np_html_head(np_html *r) {
  const np_meta *m = &r->doc->meta;
  size_t i;

  np_html_start(r, "head");
  np_html_nl(r);
  np_html_start(r, "meta");
  np_html_attr(r, "charset", "utf-8");
  np_html_end_void(r);
  np_html_nl(r);
  np_html_element(r, "title",
                  m->title                        ? m->title
                  : r->opts->epub && m->site_name ? m->site_name
                  : r->opts->epub                 ? "Article"
                                                  : "");
  np_html_nl(r);
  for (i = 0; i < m->n_authors; i++)
    np_html_meta(r, "author", m->authors[i]);
  np_html_meta(r, "description", m->summary);
  if (m->url && !r->opts->epub) {
    np_html_start(r, "link");
    np_html_attr(r, "rel", "canonical");
    np_html_attr(r, "href", m->url);
    np_html_end_void(r);
    np_html_nl(r);
  }
  if (r->opts->stylesheet) {
    np_html_start(r, "link");
    np_html_attr(r, "rel", "stylesheet");
    np_html_attr(r, "type", "text/css");
    np_html_attr(r, "href", r->opts->stylesheet);
    np_html_end_void(r);
  } else {
    np_html_element(r, "style", np_html_style);
  }
  np_html_nl(r);
  np_html_end(r);
  np_html_nl(r);
}

/* Writes <header>: site and section, headline, standfirst, byline, date. */
static void np_html_header(np_html *r) {
  const np_meta *m = &r->doc->meta;
  char *byline = np_meta_byline(m);
  np_node *c;

  np_html_start(r, "header");
  np_html_nl(r);
  if (m->site_name || m->section) {
    np_html_start(r, "p");
    np_html_attr(r, "class", "masthead");
    np_html_text(r, m->site_name);
    if (m->site_name && m->section)
      np_html_text(r, " · ");
    np_html_text(r, m->section);
    np_html_end(r);
    np_html_nl(r);
  }
  if (m->title) {
    np_html_start(r, "h1");
    if (r->opts->epub) {
      np_html_attr(r, "class", "headline");
      np_html_heading_id(r, 0);
    }
    np_html_text(r, m->title);
    np_html_end(r);
    np_html_nl(r);
  }
  for (c = r->doc->root->first_child; c; c = c->next) {
    if (c->kind == NP_NODE_PARAGRAPH && (c->flags & NP_FLAG_LEAD))
      np_html_render(r, c);
  }
  if (byline || m->published) {
    np_html_start(r, "p");
    np_html_attr(r, "class", "byline");
    np_html_text(r, byline);
    if (byline && m->published)
      np_html_text(r, " · ");
    if (m->published)
      np_html_time(r, m->published);
    np_html_end(r);
    np_html_nl(r);
  }
  if (r->opts->epub && m->url) {
    /* an EPUB chapter names its source at the top, not in a footer */
    np_html_start(r, "p");
    np_html_attr(r, "class", "source");
    np_html_start(r, "a");
    if (np_html_epub_link_ok(m->url))
      np_html_attr(r, "href", m->url);
    np_html_text(r, m->url);
    np_html_end(r);
    np_html_end(r);
    np_html_nl(r);
  }
  np_html_end(r);
  np_html_nl(r);
  free(byline);
}

/* Writes <footer>: the source URL and the date. */
static void np_html_footer(np_html *r) {
  const np_meta *m = &r->doc->meta;

  if (r->opts->epub || (!m->url && !m->published))
    return;
  np_html_start(r, "footer");
  np_html_start(r, "p");
  if (m->url) {
    np_html_start(r, "a");
    np_html_attr(r, "href", m->url);
    np_html_text(r, m->url);
    np_html_end(r);
  }
  if (m->url && m->published)
    np_html_text(r, " · ");
  if (m->published)
    np_html_time(r, m->published);
  np_html_end(r);
  np_html_end(r);
  np_html_nl(r);
}

char *np_render_html(const np_doc *doc, size_t *len) {
  return np_render_html_with(doc, NULL, len);
}

char *np_render_html_with(const np_doc *doc, const np_html_options *opts,
                          size_t *len) {
  np_html r = {doc, opts ? opts : &np_html_defaults, NULL, NP_BUF_INIT, 0};
  xmlBufferPtr buf = xmlBufferCreate();
  np_node *c;
  char *result;

  if (!buf)
    g_error("html: out of memory");
  /* doubling, not exact, growth: linear time for large documents */
  xmlBufferSetAllocationScheme(buf, XML_BUFFER_ALLOC_DOUBLEIT);
  r.w = xmlNewTextWriterMemory(buf, 0);
  if (!r.w)
    g_error("html: out of memory");
  xmlTextWriterStartDocument(r.w, "1.0", "UTF-8", NULL);
  xmlTextWriterWriteDTD(r.w, BAD_CAST "html", NULL, NULL, NULL);
  np_html_nl(&r);
  np_html_start(&r, "html");
  np_html_attr(&r, "xmlns", "http://www.w3.org/1999/xhtml");
  if (r.opts->epub)
    np_html_attr(&r, "xmlns:epub", "http://www.idpf.org/2007/ops");
  np_html_lang_dir(&r, doc->meta.lang, doc->meta.dir);
  np_html_nl(&r);
  np_html_head(&r);
  np_html_start(&r, "body");
  np_html_nl(&r);
  np_html_start(&r, "article");
  if (r.opts->epub)
    np_html_attr(&r, "epub:type", "chapter");
  np_html_nl(&r);
  np_html_header(&r);
  for (c = doc->root->first_child; c; c = c->next) {
    /* the standfirst went into the header */
    if (!(c->kind == NP_NODE_PARAGRAPH && (c->flags & NP_FLAG_LEAD)))
      np_html_render(&r, c);
  }
  np_html_footer(&r);
  np_html_end(&r);
  np_html_nl(&r);
  np_html_end(&r);
  np_html_nl(&r);
  np_html_end(&r);
  xmlTextWriterEndDocument(r.w);
  xmlFreeTextWriter(r.w);
  result = np_xstrndup((const char *)xmlBufferContent(buf),
                       (size_t)xmlBufferLength(buf));
  if (len)
    *len = (size_t)xmlBufferLength(buf);
  xmlBufferFree(buf);
  np_buf_free(&r.clean);
  return result;
}

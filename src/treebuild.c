/* treebuild.c: converts the cleaned article subtree of the DOM into the
 * document tree (blocks, inlines, figures, tables, lists, lang and dir). */
#include "treebuild.h"

#include "metadata.h"

#include <glib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* DOM nesting followed by recursion; deeper subtrees are walked flat. */
#define NP_TB_MAX_RECURSION 256
/* Tree levels kept free below a block container: a paragraph and an inline. */
#define NP_TB_DEPTH_RESERVE 2
/* Largest colspan / rowspan kept. */
#define NP_TB_SPAN_MAX 1000
/* Images whose every given dimension is at most this are icons. */
#define NP_TB_ICON_MAX 16
/* Top-level blocks searched for a repeated title, and for the standfirst. */
#define NP_TB_TITLE_SCAN 4
#define NP_TB_LEAD_SCAN 4
/* Longest text node that adjacent text is merged into, in bytes. */
#define NP_TB_MERGE_MAX 1024
/* DOM nodes looked at to decide dir="auto", a figure, or a caption. */
#define NP_TB_DIR_SCAN 1000
#define NP_TB_SCAN_BUDGET 2000
/* Text outside its captions a figure may hold (share bars, credits) and
 * still be a figure, in bytes; that text is dropped. */
#define NP_TB_FIGURE_TEXT 100
/* Longest text next to an image taken as its caption, in bytes. */
#define NP_TB_CAPTION_MAX 300
/* A paragraph is the standfirst when the summary is a prefix of at least
 * this share of it (in percent). */
#define NP_TB_SUMMARY_SHARE 90
/* Longest text taken for a photo credit, in bytes, and in words. */
#define NP_TB_CREDIT_MAX 160
#define NP_TB_CREDIT_WORDS 16
/* Words that may precede "Photo/" in an agency credit ("AP Photo/..."). */
#define NP_TB_PHOTO_WORDS 3
/* Words of a credit that names an agency without a slash ("Getty Images"). */
#define NP_TB_AGENCY_WORDS 4
/* Most image candidates passed to the resolver. */
#define NP_TB_CANDIDATES_MAX 64
/* data: URIs shorter than this in src are treated as placeholders. */
#define NP_TB_PLACEHOLDER_DATA 1024
/* Ancestor levels searched for a <noscript> fallback of an image. */
#define NP_TB_NOSCRIPT_LEVELS 3
/* A title matches a block when the shorter text is at least this share
 * (in percent) of the longer and contained in it. */
#define NP_TB_TITLE_SHARE 80
/* Top-level blocks looked at for a dateline or kicker before the text, and
 * the fewest words of a paragraph that starts the text. */
#define NP_TB_CHROME_SCAN 8
#define NP_TB_CHROME_WORDS 12
/* Longest segment of a dateline checked as a date, in bytes. */
#define NP_TB_SEGMENT_MAX 80
/* Most words of a label in a breadcrumb or kicker. */
#define NP_TB_LABEL_WORDS 4
/* Longest element name looked up in the role table. */
#define NP_TB_NAME_MAX 32

/* What an element is for the conversion. */
typedef enum {
  NP_TB_INLINE = 0, /* transparent inline (span, font, unknown elements) */
  NP_TB_BLOCK,      /* transparent block container (div, section, ...) */
  NP_TB_DROP,       /* never content (script, nav, form controls, ...) */
  NP_TB_P,
  NP_TB_HEADING,
  NP_TB_BLOCKQUOTE,
  NP_TB_ASIDE,
  NP_TB_LIST,
  NP_TB_DT,
  NP_TB_TABLE,
  NP_TB_PRE,
  NP_TB_HR,
  NP_TB_IMG,
  NP_TB_PICTURE,
  NP_TB_FIGURE,
  NP_TB_FIGCAPTION,
  NP_TB_NOSCRIPT,
  NP_TB_BR,
  NP_TB_WBR,
  NP_TB_A,
  NP_TB_EMPH,
  NP_TB_STRONG,
  NP_TB_CODE,
  NP_TB_SPAN,
  NP_TB_MATH
} np_tb_role;

typedef struct {
  const char *name;
  np_tb_role role;
  int arg; /* heading level, span kind, or nonzero for <ol> */
} np_tb_tag;

static const np_tb_tag np_tb_tags[] = {
    {"html", NP_TB_BLOCK, 0},
    {"body", NP_TB_BLOCK, 0},
    {"div", NP_TB_BLOCK, 0},
    {"section", NP_TB_BLOCK, 0},
    {"article", NP_TB_BLOCK, 0},
    {"main", NP_TB_BLOCK, 0},
    {"header", NP_TB_BLOCK, 0},
    {"footer", NP_TB_BLOCK, 0},
    {"center", NP_TB_BLOCK, 0},
    {"address", NP_TB_BLOCK, 0},
    {"details", NP_TB_BLOCK, 0},
    {"summary", NP_TB_BLOCK, 0},
    {"hgroup", NP_TB_BLOCK, 0},
    {"fieldset", NP_TB_BLOCK, 0},
    {"legend", NP_TB_BLOCK, 0},
    {"form", NP_TB_BLOCK, 0},
    {"dl", NP_TB_BLOCK, 0},
    {"dd", NP_TB_BLOCK, 0},
    {"li", NP_TB_BLOCK, 0},
    {"caption", NP_TB_BLOCK, 0},
    {"thead", NP_TB_BLOCK, 0},
    {"tbody", NP_TB_BLOCK, 0},
    {"tfoot", NP_TB_BLOCK, 0},
    {"tr", NP_TB_BLOCK, 0},
    {"td", NP_TB_BLOCK, 0},
    {"th", NP_TB_BLOCK, 0},
    {"noframes", NP_TB_BLOCK, 0},
    {"script", NP_TB_DROP, 0},
    {"style", NP_TB_DROP, 0},
    {"template", NP_TB_DROP, 0},
    {"iframe", NP_TB_DROP, 0},
    {"object", NP_TB_DROP, 0},
    {"embed", NP_TB_DROP, 0},
    {"applet", NP_TB_DROP, 0},
    {"video", NP_TB_DROP, 0},
    {"audio", NP_TB_DROP, 0},
    {"track", NP_TB_DROP, 0},
    {"source", NP_TB_DROP, 0},
    {"svg", NP_TB_DROP, 0},
    {"canvas", NP_TB_DROP, 0},
    {"map", NP_TB_DROP, 0},
    {"area", NP_TB_DROP, 0},
    {"button", NP_TB_DROP, 0},
    {"input", NP_TB_DROP, 0},
    {"select", NP_TB_DROP, 0},
    {"option", NP_TB_DROP, 0},
    {"optgroup", NP_TB_DROP, 0},
    {"datalist", NP_TB_DROP, 0},
    {"textarea", NP_TB_DROP, 0},
    {"output", NP_TB_DROP, 0},
    {"progress", NP_TB_DROP, 0},
    {"meter", NP_TB_DROP, 0},
    {"nav", NP_TB_DROP, 0},
    {"dialog", NP_TB_DROP, 0},
    {"head", NP_TB_DROP, 0},
    {"title", NP_TB_DROP, 0},
    {"meta", NP_TB_DROP, 0},
    {"link", NP_TB_DROP, 0},
    {"base", NP_TB_DROP, 0},
    {"param", NP_TB_DROP, 0},
    {"frameset", NP_TB_DROP, 0},
    {"frame", NP_TB_DROP, 0},
    {"colgroup", NP_TB_DROP, 0},
    {"col", NP_TB_DROP, 0},
    {"p", NP_TB_P, 0},
    {"h1", NP_TB_HEADING, 1},
    {"h2", NP_TB_HEADING, 2},
    {"h3", NP_TB_HEADING, 3},
    {"h4", NP_TB_HEADING, 4},
    {"h5", NP_TB_HEADING, 5},
    {"h6", NP_TB_HEADING, 6},
    {"blockquote", NP_TB_BLOCKQUOTE, 0},
    {"aside", NP_TB_ASIDE, 0},
    {"ul", NP_TB_LIST, 0},
    {"ol", NP_TB_LIST, 1},
    {"menu", NP_TB_LIST, 0},
    {"dir", NP_TB_LIST, 0},
    {"dt", NP_TB_DT, 0},
    {"table", NP_TB_TABLE, 0},
    {"pre", NP_TB_PRE, 0},
    {"listing", NP_TB_PRE, 0},
    {"xmp", NP_TB_PRE, 0},
    {"plaintext", NP_TB_PRE, 0},
    {"hr", NP_TB_HR, 0},
    {"img", NP_TB_IMG, 0},
    {"amp-img", NP_TB_IMG, 0},
    {"amp-anim", NP_TB_IMG, 0},
    {"picture", NP_TB_PICTURE, 0},
    {"figure", NP_TB_FIGURE, 0},
    {"figcaption", NP_TB_FIGCAPTION, 0},
    {"noscript", NP_TB_NOSCRIPT, 0},
    {"br", NP_TB_BR, 0},
    {"wbr", NP_TB_WBR, 0},
    {"a", NP_TB_A, 0},
    {"em", NP_TB_EMPH, 0},
    {"i", NP_TB_EMPH, 0},
    {"cite", NP_TB_EMPH, 0},
    {"dfn", NP_TB_EMPH, 0},
    {"var", NP_TB_EMPH, 0},
    {"strong", NP_TB_STRONG, 0},
    {"b", NP_TB_STRONG, 0},
    {"code", NP_TB_CODE, 0},
    {"kbd", NP_TB_CODE, 0},
    {"samp", NP_TB_CODE, 0},
    {"tt", NP_TB_CODE, 0},
    {"sub", NP_TB_SPAN, NP_SPAN_SUB},
    {"sup", NP_TB_SPAN, NP_SPAN_SUP},
    {"del", NP_TB_SPAN, NP_SPAN_DEL},
    {"s", NP_TB_SPAN, NP_SPAN_DEL},
    {"strike", NP_TB_SPAN, NP_SPAN_DEL},
    {"ins", NP_TB_SPAN, NP_SPAN_INS},
    {"mark", NP_TB_SPAN, NP_SPAN_MARK},
    {"small", NP_TB_SPAN, NP_SPAN_SMALL},
    {"q", NP_TB_SPAN, NP_SPAN_QUOTE},
    {"math", NP_TB_MATH, 0},
};

/* Class words marking a standfirst, a caption next to an image, and a credit
 * inside a caption (matched against the parts of class names). */
static const char *const np_tb_lead_words[] = {
    "lede",    "lead",     "standfirst", "dek",     "deck",
    "summary", "subtitle", "intro",      "excerpt", NULL};
static const char *const np_tb_caption_words[] = {
    "caption", "figcaption", "cutline", "credit", "credits", "copyright", NULL};
/* Class words of a caption that count only right after the image. */
static const char *const np_tb_caption_next_words[] = {
    "legend", "sign", "desc", "description", "subtitle", NULL};
static const char *const np_tb_credit_words[] = {
    "credit", "credits", "copyright",   "photographer",
    "byline", "source",  "attribution", NULL};
static const char *const np_tb_pullquote_hints[] = {"pullquote", "pull-quote",
                                                    "pull_quote", NULL};
static const char *const np_tb_quote_hints[] = {"quote", NULL};

/* Lazy-loading attributes holding an image URL, best first. */
static const char *const np_tb_lazy_attrs[] = {"data-src",
                                               "data-lazy-src",
                                               "data-original",
                                               "data-lazy",
                                               "data-url",
                                               "data-hi-res-src",
                                               "data-full-src",
                                               "data-orig-src",
                                               "data-original-src",
                                               "data-lazyload",
                                               NULL};
static const char *const np_tb_srcset_attrs[] = {"srcset", "data-srcset",
                                                 "data-lazy-srcset", NULL};
static const char *const np_tb_image_exts[] = {".jpg",  ".jpeg", ".png", ".gif",
                                               ".webp", ".avif", ".svg", NULL};

/* An inline element whose node is made only when content reaches it, so
 * that empty ones vanish and ones cut by a block are made again after it. */
typedef struct {
  np_node_kind kind;
  np_span_kind span;
  const char *href;
  const char *title;
  const char *lang;
  np_dir dir;
  int line;
  np_node *node; /* in the current paragraph, or NULL */
  int depth;     /* tree depth of node */
} np_tb_frame;

typedef struct np_tb_sink np_tb_sink;

/* Where content goes: a block container (flow: inline runs become
 * paragraphs) or one inline root (heading, caption, credit). */
struct np_tb_sink {
  np_node *parent;       /* the block container, or the inline root */
  int inline_only;       /* blocks are flattened into parent's inlines */
  int depth;             /* tree depth of parent (the root is 1) */
  np_node *para;         /* flow: the open paragraph, or NULL */
  size_t frame_base;     /* first inline frame of this sink */
  np_node *last_text;    /* last TEXT or CODE of the open paragraph */
  int trim_lead;         /* the next text drops its leading space */
  int soft_space;        /* inline_only: a block boundary wants a space */
  int has_content;       /* the paragraph or root holds visible text */
  const char *flow_lang; /* lang and dir of paragraphs made here */
  np_dir flow_dir;
  int lead;           /* paragraphs made now are standfirst candidates */
  int para_line;      /* line of the next paragraph, 0 for its content's */
  np_tb_sink *credit; /* in a caption: where credit elements go */
};

/* The state of one conversion. */
typedef struct {
  np_doc *doc;
  np_arena *arena;
  np_resolver *resolver;
  GHashTable *roles;
  np_tb_frame *frames;
  size_t n_frames;
  size_t cap_frames;
  const char *lang; /* effective lang and dir at the current element */
  np_dir dir;
  np_node *last_figure;    /* the last block made, when it is a figure */
  const xmlNode *last_img; /* the image element of last_figure */
  const xmlNode *article;  /* the article element (a caption wrapper never) */
  np_buf buf;
} np_tb;

/* lang and dir saved around an element. */
typedef struct {
  const char *lang;
  np_dir dir;
} np_tb_saved;

static void np_tb_node(np_tb *tb, np_tb_sink *sink, xmlNode *node, int rdepth);
static void np_tb_children(np_tb *tb, np_tb_sink *sink, xmlNode *el,
                           int rdepth);

/* ---- small helpers ---------------------------------------------------- */

static int np_tb_is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int np_tb_line(const xmlNode *node) {
  long line = node ? xmlGetLineNo(node) : -1;

  return line > 0 && line < INT_MAX ? (int)line : 0;
}

static int np_tb_streq(const char *a, const char *b) {
  if (!a || !b)
    return a == b;
  return g_ascii_strcasecmp(a, b) == 0;
}

static const np_tb_tag *np_tb_tag_of(np_tb *tb, const xmlNode *el) {
  const char *name = (const char *)el->name;
  const np_tb_tag *tag;
  char lower[NP_TB_NAME_MAX];
  size_t i;

  if (!name)
    return NULL;
  tag = g_hash_table_lookup(tb->roles, name);
  if (tag)
    return tag;
  for (i = 0; name[i] && i + 1 < sizeof lower; i++)
    lower[i] = g_ascii_tolower(name[i]);
  if (name[i])
    return NULL;
  lower[i] = '\0';
  return g_hash_table_lookup(tb->roles, lower);
}

static np_tb_role np_tb_role_of(np_tb *tb, const xmlNode *el) {
  const np_tb_tag *tag = np_tb_tag_of(tb, el);

  return tag ? tag->role : NP_TB_INLINE;
}

/* Nonzero when s (inside the class part that starts at run) begins a word
 * of a camelCase name: an upper-case letter after a lower-case one. */
static int np_tb_camel_start(const char *s, const char *run) {
  return s > run && g_ascii_isupper(*s) && g_ascii_islower(s[-1]);
}

/* Nonzero when a part of the class of el equals one of words, ignoring ASCII
 * case. Parts are split at anything that is not a letter or digit; inside
 * a camelCase part, any run of its words counts too ("imgCaption" holds
 * "caption", "artSubTitle" holds "subtitle"). */
static int np_tb_class_has(const xmlNode *el, const char *const *words) {
  const char *cls = np_dom_attr(el, "class"), *p, *run, *a, *b;
  size_t i, len;

  if (!cls)
    return 0;
  for (p = cls; *p;) {
    while (*p && !g_ascii_isalnum(*p))
      p++;
    run = p;
    while (g_ascii_isalnum(*p))
      p++;
    for (a = run; a < p; a++) {
      if (a != run && !np_tb_camel_start(a, run))
        continue;
      for (b = a + 1; b <= p; b++) {
        if (b != p && !np_tb_camel_start(b, run))
          continue;
        len = (size_t)(b - a);
        for (i = 0; words[i]; i++) {
          if (strlen(words[i]) == len &&
              g_ascii_strncasecmp(a, words[i], len) == 0)
            return 1;
        }
      }
    }
  }
  return 0;
}

/* Parses a non-negative integer attribute ("300", "300px"); -1 if absent
 * or not a number. */
static long np_tb_attr_int(const xmlNode *el, const char *name) {
  const char *v = np_dom_attr(el, name);
  char *end;
  long n;

  if (!v)
    return -1;
  while (np_tb_is_space(*v))
    v++;
  if (!g_ascii_isdigit(*v))
    return -1;
  n = strtol(v, &end, 10);
  if (n < 0 || n > INT_MAX)
    return -1;
  return n;
}

static long np_tb_clamp(long v, long lo, long hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

/* Returns a direction from the first strong character of the text under
 * el, or NP_DIR_INHERIT when there is none in the first nodes. */
static np_dir np_tb_detect_dir(const xmlNode *el) {
  const xmlNode *cur = el;
  int budget = NP_TB_DIR_SCAN;

  while (cur && budget-- > 0) {
    if (cur->type == XML_TEXT_NODE && cur->content) {
      const char *p = (const char *)cur->content;

      for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        GUnicodeScript s;

        if (c == (gunichar)-1 || c == (gunichar)-2)
          break;
        s = g_unichar_get_script(c);
        switch (s) {
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
        case G_UNICODE_SCRIPT_SAMARITAN:
        case G_UNICODE_SCRIPT_MANDAIC:
        case G_UNICODE_SCRIPT_ADLAM:
          return NP_DIR_RTL;
        case G_UNICODE_SCRIPT_COMMON:
        case G_UNICODE_SCRIPT_INHERITED:
        case G_UNICODE_SCRIPT_UNKNOWN:
          break;
        default:
          return NP_DIR_LTR;
        }
      }
    }
    cur = np_dom_walk_next(
        el, cur,
        cur->type == XML_ELEMENT_NODE &&
            (np_dom_is(cur, "script") || np_dom_is(cur, "style")));
  }
  return NP_DIR_INHERIT;
}

/* Applies the lang and dir of el to the conversion state. */
static void np_tb_enter(np_tb *tb, const xmlNode *el, np_tb_saved *saved) {
  const char *lang = np_dom_attr(el, "lang"), *dir = np_dom_attr(el, "dir");

  saved->lang = tb->lang;
  saved->dir = tb->dir;
  if (!lang)
    lang = np_dom_attr(el, "xml:lang");
  if (lang && !np_is_blank(lang)) {
    char *clean = np_collapse_space(np_xstrdup(lang));

    if (!np_tb_streq(clean, tb->lang))
      tb->lang = np_arena_strdup(tb->arena, clean);
    free(clean);
  }
  if (dir && g_ascii_strcasecmp(dir, "rtl") == 0) {
    tb->dir = NP_DIR_RTL;
  } else if (dir && g_ascii_strcasecmp(dir, "ltr") == 0) {
    tb->dir = NP_DIR_LTR;
  } else if ((dir && g_ascii_strcasecmp(dir, "auto") == 0) ||
             (!dir && np_dom_is(el, "bdi"))) {
    np_dir found = np_tb_detect_dir(el);

    if (found != NP_DIR_INHERIT)
      tb->dir = found;
  }
}

static void np_tb_leave(np_tb *tb, const np_tb_saved *saved) {
  tb->lang = saved->lang;
  tb->dir = saved->dir;
}

/* A new node carrying the effective lang and dir of the current element. */
static np_node *np_tb_new(np_tb *tb, np_node_kind kind, int line) {
  np_node *node = np_node_new(tb->arena, kind);

  node->lang = tb->lang;
  node->dir = tb->dir;
  node->line = line;
  return node;
}

/* Appends the visible text of the subtree under el to buf: text as it is,
 * <br> as a newline, scripts and styles skipped (for <pre> and <code>). */
static void np_tb_gather(np_tb *tb, const xmlNode *el, np_buf *buf) {
  const xmlNode *cur = el;

  while (cur) {
    int skip = 0;

    if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
      np_buf_puts(buf, (const char *)cur->content);
    } else if (cur->type == XML_ELEMENT_NODE && cur != el) {
      np_tb_role role = np_tb_role_of(tb, cur);

      if (role == NP_TB_DROP || role == NP_TB_NOSCRIPT || np_dom_is_hidden(cur))
        skip = 1;
      else if (role == NP_TB_BR)
        np_buf_putc(buf, '\n');
    }
    cur = np_dom_walk_next(el, cur, skip);
  }
}

/* ---- sinks and inline frames ------------------------------------------ */

static void np_tb_sink_init(np_tb *tb, np_tb_sink *sink, np_node *parent,
                            int depth, int inline_only) {
  memset(sink, 0, sizeof *sink);
  sink->parent = parent;
  sink->depth = depth;
  sink->inline_only = inline_only;
  sink->para = inline_only ? parent : NULL;
  sink->frame_base = tb->n_frames;
  sink->trim_lead = 1;
  sink->flow_lang = tb->lang;
  sink->flow_dir = tb->dir;
}

/* Nonzero when a container needing levels tree levels (plus a paragraph and
 * an inline) fits below the sink's parent. */
static int np_tb_fits(const np_tb_sink *sink, int levels) {
  return sink->depth + levels + NP_TB_DEPTH_RESERVE <= NP_TREE_MAX_DEPTH;
}

/* Removes trailing white space, line breaks and emptied inline containers
 * from the end of the inline content of root. */
static void np_tb_trim_end(np_node *root) {
  for (;;) {
    np_node *last = root;
    size_t len;

    while (last->last_child)
      last = last->last_child;
    if (last == root)
      return;
    if (last->kind == NP_NODE_TEXT || last->kind == NP_NODE_CODE) {
      len = strlen(last->text);
      while (len > 0 && np_tb_is_space(last->text[len - 1]))
        len--;
      if (len > 0) {
        if (last->text[len])
          ((char *)last->text)[len] = '\0';
        return;
      }
    } else if (last->kind != NP_NODE_LINEBREAK && np_node_is_leaf(last->kind)) {
      return;
    } else if (!np_node_is_inline(last->kind)) {
      return;
    }
    np_node_unlink(last);
  }
}

/* Closes the open paragraph of a flow sink: trims it, and removes it when it
 * holds no visible text. Later inline content opens a new one. */
static void np_tb_end_para(np_tb *tb, np_tb_sink *sink) {
  size_t i;

  if (sink->inline_only) {
    if (sink->has_content && sink->last_text)
      sink->soft_space = 1;
    return;
  }
  if (sink->para) {
    np_tb_trim_end(sink->para);
    if (!sink->has_content || !sink->para->first_child)
      np_node_unlink(sink->para);
  }
  sink->para = NULL;
  sink->last_text = NULL;
  sink->trim_lead = 1;
  sink->has_content = 0;
  for (i = sink->frame_base; i < tb->n_frames; i++)
    tb->frames[i].node = NULL;
}

/* Appends a block to a flow sink (after closing its paragraph). */
static void np_tb_add_block(np_tb *tb, np_tb_sink *sink, np_node *block) {
  np_tb_end_para(tb, sink);
  tb->last_img = NULL;
  if (np_node_append(sink->parent, block))
    tb->last_figure = block->kind == NP_NODE_FIGURE ? block : NULL;
}

/* Returns the node inline content goes into, opening the paragraph and
 * making the pending inline frames first (all of them, or only up to the
 * first one not made when make is 0). */
static np_node *np_tb_target(np_tb *tb, np_tb_sink *sink, int line, int make) {
  np_node *cur;
  int depth;
  size_t i;

  if (!sink->para) {
    np_node *para = np_tb_new(tb, NP_NODE_PARAGRAPH,
                              sink->para_line ? sink->para_line : line);

    para->lang = sink->flow_lang;
    para->dir = sink->flow_dir;
    if (sink->lead)
      para->flags |= NP_FLAG_LEAD;
    np_node_append(sink->parent, para);
    tb->last_figure = NULL;
    sink->para = para;
    sink->trim_lead = 1;
    sink->has_content = 0;
    sink->last_text = NULL;
  }
  cur = sink->para;
  depth = sink->inline_only ? sink->depth : sink->depth + 1;
  for (i = sink->frame_base; i < tb->n_frames; i++) {
    np_tb_frame *f = &tb->frames[i];

    if (!f->node) {
      if (!make)
        break;
      if (depth + 1 > NP_TREE_MAX_DEPTH) {
        f->node = cur;
        f->depth = depth;
      } else {
        np_node *n = np_node_new(tb->arena, f->kind);

        n->lang = f->lang;
        n->dir = f->dir;
        n->line = f->line ? f->line : line;
        if (f->kind == NP_NODE_LINK) {
          n->as.link.href = f->href;
          n->as.link.title = f->title;
        } else if (f->kind == NP_NODE_SPAN) {
          n->as.span.kind = f->span;
        }
        np_node_append(cur, n);
        f->node = n;
        f->depth = depth + 1;
      }
    }
    cur = f->node;
    depth = f->depth;
  }
  return cur;
}

/* Emits text collapsed as HTML renders it. */
static void np_tb_text(np_tb *tb, np_tb_sink *sink, const char *s, int line) {
  np_buf *buf = &tb->buf;
  int space = sink->trim_lead, blank;
  np_node *target, *prev;
  const char *p;

  np_buf_clear(buf);
  if (sink->soft_space && !sink->trim_lead && s && !np_tb_is_space(*s)) {
    np_buf_putc(buf, ' ');
    space = 1;
  }
  for (p = s; p && *p; p++) {
    if (np_tb_is_space(*p)) {
      if (!space)
        np_buf_putc(buf, ' ');
      space = 1;
    } else {
      np_buf_putc(buf, *p);
      space = 0;
    }
  }
  if (buf->len == 0)
    return;
  sink->soft_space = 0;
  blank = np_is_blank(buf->data);
  if (buf->len == 1 && buf->data[0] == ' ') {
    if (!sink->para)
      return;
    target = np_tb_target(tb, sink, line, 0);
  } else {
    target = np_tb_target(tb, sink, line, 1);
  }
  prev = target->last_child;
  if (prev && prev->kind == NP_NODE_TEXT && np_tb_streq(prev->lang, tb->lang) &&
      prev->dir == tb->dir &&
      strlen(prev->text) + buf->len <= NP_TB_MERGE_MAX) {
    size_t old = strlen(prev->text);
    char *joined = np_arena_alloc(tb->arena, old + buf->len + 1);

    memcpy(joined, prev->text, old);
    memcpy(joined + old, buf->data, buf->len);
    prev->text = joined;
  } else {
    prev = np_tb_new(tb, NP_NODE_TEXT, line);
    prev->text = np_arena_strndup(tb->arena, buf->data, buf->len);
    np_node_append(target, prev);
  }
  sink->last_text = prev;
  sink->trim_lead = buf->data[buf->len - 1] == ' ';
  if (!blank)
    sink->has_content = 1;
}

/* Emits a line break, unless nothing visible precedes it. */
static void np_tb_linebreak(np_tb *tb, np_tb_sink *sink, int line) {
  np_node *target;

  if (!sink->has_content)
    return;
  if (sink->last_text) {
    np_node *para = sink->para;

    np_tb_trim_end(para);
    sink->last_text = NULL;
    if (!para->first_child)
      return;
  }
  target = np_tb_target(tb, sink, line, 1);
  np_node_append(target, np_tb_new(tb, NP_NODE_LINEBREAK, line));
  sink->trim_lead = 1;
  sink->soft_space = 0;
}

/* Emits a CODE leaf with the collapsed text of el. */
static void np_tb_code(np_tb *tb, np_tb_sink *sink, const xmlNode *el) {
  np_buf raw = NP_BUF_INIT;
  const char *s;
  size_t len;
  int line = np_tb_line(el);
  np_node *code, *target;
  char *text;

  np_tb_gather(tb, el, &raw);
  s = np_buf_cstr(&raw);
  if (np_tb_is_space(*s))
    np_tb_text(tb, sink, " ", line);
  text = np_collapse_space(np_xstrdup(s));
  len = strlen(text);
  if (len > 0) {
    target = np_tb_target(tb, sink, line, 1);
    code = np_tb_new(tb, NP_NODE_CODE, line);
    code->text = np_arena_strndup(tb->arena, text, len);
    np_node_append(target, code);
    sink->last_text = code;
    sink->trim_lead = 0;
    sink->soft_space = 0;
    sink->has_content = 1;
    if (raw.len > 0 && np_tb_is_space(raw.data[raw.len - 1]))
      np_tb_text(tb, sink, " ", line);
  }
  free(text);
  np_buf_free(&raw);
}

static void np_tb_push(np_tb *tb, np_node_kind kind, const xmlNode *el) {
  np_tb_frame *f;

  np_grow((void **)&tb->frames, &tb->cap_frames, tb->n_frames + 1,
          sizeof *tb->frames);
  f = &tb->frames[tb->n_frames++];
  memset(f, 0, sizeof *f);
  f->kind = kind;
  f->lang = tb->lang;
  f->dir = tb->dir;
  f->line = np_tb_line(el);
}

static int np_tb_in_link(const np_tb *tb, const np_tb_sink *sink) {
  size_t i;

  for (i = sink->frame_base; i < tb->n_frames; i++) {
    if (tb->frames[i].kind == NP_NODE_LINK)
      return 1;
  }
  return 0;
}

/* ---- images ----------------------------------------------------------- */

typedef struct {
  char *v[NP_TB_CANDIDATES_MAX];
  size_t n;
} np_tb_cands;

static void np_tb_cand_add(np_tb_cands *c, const char *url) {
  size_t i;

  if (!url || np_is_blank(url) || c->n >= NP_TB_CANDIDATES_MAX)
    return;
  for (i = 0; i < c->n; i++) {
    if (strcmp(c->v[i], url) == 0)
      return;
  }
  c->v[c->n++] = np_xstrdup(url);
}

static void np_tb_cands_free(np_tb_cands *c) {
  size_t i;

  for (i = 0; i < c->n; i++)
    free(c->v[i]);
  c->n = 0;
}

/* Orders srcset candidates largest first: by width, else by density. */
static int np_tb_srcset_cmp(const void *a, const void *b) {
  const np_srcset_candidate *x = a, *y = b;

  if (x->width != y->width)
    return x->width < y->width ? 1 : -1;
  if (x->density != y->density)
    return x->density < y->density ? 1 : -1;
  return 0;
}

static void np_tb_cand_srcset(np_tb_cands *c, const char *value) {
  np_srcset_candidate set[NP_SRCSET_MAX];
  size_t n, i;

  if (!value)
    return;
  n = np_srcset_parse(value, set, NP_SRCSET_MAX);
  qsort(set, n, sizeof *set, np_tb_srcset_cmp);
  for (i = 0; i < n; i++)
    np_tb_cand_add(c, set[i].url);
  np_srcset_free(set, n);
}

/* Nonzero when el is an image element: <img>, or AMP's <amp-img> and
 * <amp-anim> (which may hold the <img> they render). */
static int np_tb_is_image_el(const xmlNode *el) {
  return np_dom_is(el, "img") || np_dom_is(el, "amp-img") ||
         np_dom_is(el, "amp-anim");
}

/* Nonzero when v looks like the URL of an image file. */
static int np_tb_is_image_url(const char *v) {
  size_t len = strcspn(v, "?#"), i, n;

  if (strpbrk(v, " \t\n\r") || len == 0)
    return 0;
  for (i = 0; np_tb_image_exts[i]; i++) {
    n = strlen(np_tb_image_exts[i]);
    if (len > n &&
        g_ascii_strncasecmp(v + len - n, np_tb_image_exts[i], n) == 0)
      return 1;
  }
  return 0;
}

/* Nonzero when src is a stand-in shown until a script loads the image. */
static int np_tb_is_placeholder(const char *src) {
  static const char *const words[] = {
      "placeholder", "blank.",  "spacer", "transparent.",
      "lazy",        "loading", NULL};
  size_t i;

  if (g_ascii_strncasecmp(src, "data:", 5) == 0)
    return strlen(src) < NP_TB_PLACEHOLDER_DATA;
  for (i = 0; words[i]; i++) {
    if (strstr(src, words[i]))
      return 1;
  }
  return 0;
}

/* Returns the <img> of a <noscript> next to el or to its only-child
 * ancestors, or NULL. */
static const xmlNode *np_tb_noscript_img(const xmlNode *el) {
  const xmlNode *n = el, *sib, *cur;
  int level;

  for (level = 0;
       n && n->type == XML_ELEMENT_NODE && level < NP_TB_NOSCRIPT_LEVELS;
       level++, n = n->parent) {
    int others = 0;

    for (sib = n->parent ? n->parent->children : NULL; sib; sib = sib->next) {
      if (sib == n || sib->type != XML_ELEMENT_NODE)
        continue;
      if (!np_dom_is(sib, "noscript")) {
        others = 1;
        continue;
      }
      for (cur = sib; cur; cur = np_dom_walk_next(sib, cur, 0)) {
        if (np_dom_is(cur, "img"))
          return cur;
      }
    }
    if (others)
      break;
  }
  return NULL;
}

/* Collects the image candidates of img, best first. */
static void np_tb_candidates(const xmlNode *img, np_tb_cands *c,
                             int with_noscript) {
  const char *src = np_dom_attr(img, "src");
  const xmlNode *sib, *ns, *picture;
  const xmlAttr *a;
  size_t i;

  for (i = 0; np_tb_srcset_attrs[i]; i++)
    np_tb_cand_srcset(c, np_dom_attr(img, np_tb_srcset_attrs[i]));
  picture = img->parent;
  if (np_dom_is(picture, "source"))
    picture = picture->parent;
  for (sib = np_dom_is(picture, "picture") ? picture : NULL; sib;
       sib = np_dom_walk_next(picture, sib, 0)) {
    const char *type = np_dom_attr(sib, "type");

    if (!np_dom_is(sib, "source") ||
        (type && g_ascii_strncasecmp(type, "image/", 6) != 0))
      continue;
    np_tb_cand_srcset(c, np_dom_attr(sib, "srcset"));
    np_tb_cand_srcset(c, np_dom_attr(sib, "data-srcset"));
  }
  for (i = 0; np_tb_lazy_attrs[i]; i++)
    np_tb_cand_add(c, np_dom_attr(img, np_tb_lazy_attrs[i]));
  for (a = img->properties; a; a = a->next) {
    const char *v = np_dom_attr(img, (const char *)a->name);

    if (g_ascii_strncasecmp((const char *)a->name, "data-", 5) == 0 && v &&
        np_tb_is_image_url(v))
      np_tb_cand_add(c, v);
  }
  if (src && !np_tb_is_placeholder(src))
    np_tb_cand_add(c, src);
  if (with_noscript && (ns = np_tb_noscript_img(img)) != NULL)
    np_tb_candidates(ns, c, 0);
  if (src)
    np_tb_cand_add(c, src);
}

/* Returns an IMAGE node for img, or NULL when it is a tracking pixel, an
 * icon or cannot be resolved. */
static np_node *np_tb_image(np_tb *tb, const xmlNode *img) {
  long w = np_tb_attr_int(img, "width"), h = np_tb_attr_int(img, "height");
  np_tb_cands c = {{0}, 0};
  const char *alt;
  np_node *image = NULL;
  int index;

  if (w == 0 || w == 1 || h == 0 || h == 1)
    return NULL;
  if ((w > 0 || h > 0) && w <= NP_TB_ICON_MAX && h <= NP_TB_ICON_MAX)
    return NULL;
  np_tb_candidates(img, &c, 1);
  if (c.n == 0)
    goto done;
  index = np_resolver_image(tb->resolver, (const char *const *)c.v, c.n);
  if (index < 0)
    goto done;
  image = np_tb_new(tb, NP_NODE_IMAGE, np_tb_line(img));
  image->as.image.resource = index;
  alt = np_dom_attr(img, "alt");
  if (alt) {
    char *clean = np_collapse_space(np_xstrdup(alt));

    image->as.image.alt = np_arena_strdup(tb->arena, clean);
    free(clean);
  }
  image->as.image.width = w > 0 ? (int)w : 0;
  image->as.image.height = h > 0 ? (int)h : 0;
done:
  np_tb_cands_free(&c);
  return image;
}

/* Lifts img out of the paragraph into a figure of its own. */
static void np_tb_img(np_tb *tb, np_tb_sink *sink, const xmlNode *img) {
  np_node *image, *figure;

  if (sink->inline_only)
    return;
  image = np_tb_image(tb, img);
  if (!image)
    return;
  figure = np_tb_new(tb, NP_NODE_FIGURE, image->line);
  np_node_append(figure, image);
  np_tb_add_block(tb, sink, figure);
  tb->last_img = img;
}

/* ---- captions and credits --------------------------------------------- */

/* Words that label a photo credit ("Photo:", "צילום:", "Фото:"), longest
 * first where one starts another; ASCII letters match in any case. */
static const char *const np_tb_credit_labels[] = {
    "photographs", "photograph", "photography", "photographer", "photos",
    "photo", "pictures", "picture", "images", "image", "fotos", "foto", "bild",
    "credits", "credit", "illustrations", "illustration", "graphic", "source",
    /* French, Spanish, Italian, Portuguese */
    "crédits", "crédit", "créditos", "crédito", "fotografía", "fotografia",
    "imagen", "immagine", "imagem",
    /* Hebrew, Arabic, Russian */
    "צילומים", "צילום", "קרדיט", "تصوير", "الصورة", "صورة", "Фотография",
    "Фото", "фото", "ФОТО",
    /* Chinese, Japanese, Korean */
    "图片来源", "图片", "摄影", "写真", "撮影", "사진", NULL};
static const char *const np_tb_agencies[] = {"Getty Images",
                                             "Getty",
                                             "Reuters",
                                             "AFP",
                                             "AP",
                                             "EPA",
                                             "Associated Press",
                                             "Shutterstock",
                                             "Alamy",
                                             "Bloomberg",
                                             "iStock",
                                             "iStockphoto",
                                             "Xinhua",
                                             "dpa",
                                             "ANP",
                                             "PA",
                                             "Sipa",
                                             "Corbis",
                                             "Rex",
                                             "NurPhoto",
                                             "Anadolu",
                                             "Imago",
                                             "Keystone",
                                             "UPI",
                                             "WireImage",
                                             "ZUMA",
                                             NULL};

/* Full-width colon and opening parenthesis, and the ideographic full stop
 * of Chinese and Japanese (3 bytes each). */
#define NP_TB_WIDE_COLON "\xef\xbc\x9a"
#define NP_TB_WIDE_PAREN "\xef\xbc\x88"
#define NP_TB_IDEO_STOP "\xe3\x80\x82"

/* Nonzero when s starts with a credit label: "Photo:", "Photo by",
 * "Photo credit", "Photo/", "Credit:", "Photo :", "צילום:", "写真：", "©",
 * "(c) ", "Courtesy", "Copyright". */
static int np_tb_credit_label(const char *s) {
  size_t i, n;

  if (strncmp(s, "\xc2\xa9", 2) == 0 || g_ascii_strncasecmp(s, "(c) ", 4) == 0)
    return 1;
  if (g_ascii_strncasecmp(s, "courtesy", 8) == 0)
    return s[8] == ' ' || s[8] == ':';
  if (g_ascii_strncasecmp(s, "copyright", 9) == 0)
    return s[9] == ' ' || s[9] == ':';
  for (i = 0; np_tb_credit_labels[i]; i++) {
    const char *t = s;

    n = strlen(np_tb_credit_labels[i]);
    if (g_ascii_strncasecmp(t, np_tb_credit_labels[i], n) != 0)
      continue;
    t += n;
    /* spaces, also the no-break space of French typography ("Photo :") */
    while (*t == ' ' || strncmp(t, "\xc2\xa0", 2) == 0)
      t += *t == ' ' ? 1 : 2;
    if (*t == ':' || *t == '/' ||
        strncmp(t, NP_TB_WIDE_COLON, strlen(NP_TB_WIDE_COLON)) == 0 ||
        g_ascii_strncasecmp(t, "by ", 3) == 0 ||
        g_ascii_strncasecmp(t, "credit", 6) == 0 ||
        g_ascii_strncasecmp(t, "courtesy", 8) == 0)
      return 1;
  }
  return 0;
}

/* Nonzero when s (of len bytes) contains word between non-letters. */
static int np_tb_has_word(const char *s, size_t len, const char *word) {
  size_t n = strlen(word), i;

  for (i = 0; i + n <= len; i++) {
    if (strncmp(s + i, word, n) == 0 &&
        (i == 0 || !g_ascii_isalnum(s[i - 1])) &&
        (i + n == len || !g_ascii_isalnum(s[i + n])))
      return 1;
  }
  return 0;
}

int np_treebuild_is_credit(const char *text) {
  const char *s = text, *end;
  size_t len, i, words = 0;
  int slash;

  if (!s)
    return 0;
  while (np_tb_is_space(*s))
    s++;
  end = s + strlen(s);
  while (end > s && np_tb_is_space(end[-1]))
    end--;
  if (end > s + 1 && *s == '(' && end[-1] == ')') {
    s++;
    end--;
  }
  len = (size_t)(end - s);
  if (len == 0 || len > NP_TB_CREDIT_MAX)
    return 0;
  for (i = 0; i < len; i++) {
    if ((i == 0 || s[i - 1] == ' ') && s[i] != ' ')
      words++;
  }
  if (words > NP_TB_CREDIT_WORDS)
    return 0;
  if (np_tb_credit_label(s))
    return 1;
  /* "AP Photo/Jane Doe": an agency's photo, named in the first words */
  for (i = 0, words = 0; i + 6 <= len && words < NP_TB_PHOTO_WORDS; i++) {
    if (s[i] == ' ')
      words++;
    if (g_ascii_strncasecmp(s + i, "photo", 5) == 0 &&
        (s[i + 5] == '/' || (s[i + 5] == ' ' && s[i + 6] == '/')))
      return 1;
  }
  for (i = 0, words = 0; i < len; i++) {
    if ((i == 0 || s[i - 1] == ' ') && s[i] != ' ')
      words++;
  }
  slash = memchr(s, '/', len) || memchr(s, '|', len);
  for (i = 0; np_tb_agencies[i]; i++) {
    if (np_tb_has_word(s, len, np_tb_agencies[i]) &&
        (slash || words <= NP_TB_AGENCY_WORDS))
      return 1;
  }
  return 0;
}

/* Returns where a trailing credit starts in a caption's text, or -1. */
static long np_tb_credit_offset(const char *text) {
  size_t len = strlen(text), i;
  long best = -1;

  while (len > 0 && np_tb_is_space(text[len - 1]))
    len--;
  /* a parenthesised credit at the end */
  if (len > 0 && text[len - 1] == ')') {
    int depth = 0;

    for (i = len; i-- > 0;) {
      if (text[i] == ')')
        depth++;
      else if (text[i] == '(' && --depth == 0)
        break;
    }
    if (i < len && text[i] == '(' && np_treebuild_is_credit(text + i))
      return (long)i;
  }
  /* a label such as "Photo:" starting a short tail */
  for (i = 1; i < len; i++) {
    if ((np_tb_is_space(text[i - 1]) || text[i - 1] == '(' ||
         text[i - 1] == '|' ||
         (i >= 3 && (strncmp(text + i - 3, NP_TB_IDEO_STOP, 3) == 0 ||
                     strncmp(text + i - 3, NP_TB_WIDE_PAREN, 3) == 0))) &&
        len - i <= NP_TB_CREDIT_MAX && !g_ascii_islower(text[i]) &&
        np_tb_credit_label(text + i) && np_treebuild_is_credit(text + i))
      return (long)(text[i - 1] == '(' ? i - 1 : i);
  }
  /* the last sentence or segment when it names an agency */
  for (i = 1; i + 1 < len; i++) {
    if ((text[i] == '.' || text[i] == '|' || text[i] == ';') &&
        text[i + 1] == ' ')
      best = (long)i + 2;
  }
  if (best > 0 && text[len - 1] != '.' &&
      (strchr(text + best, '/') || strchr(text + best, '|')) &&
      np_treebuild_is_credit(text + best))
    return best;
  return np_treebuild_is_credit(text) ? 0 : -1;
}

/* Removes separators (" |", " -", " /", ",", ";") at the end of root. */
static void np_tb_trim_separators(np_node *root) {
  np_node *last;
  size_t len;

  np_tb_trim_end(root);
  last = root->last_child;
  if (!last || last->kind != NP_NODE_TEXT)
    return;
  len = strlen(last->text);
  while (len > 0 && (np_tb_is_space(last->text[len - 1]) ||
                     strchr("|-/,;:", last->text[len - 1])))
    len--;
  ((char *)last->text)[len] = '\0';
  np_tb_trim_end(root);
}

/* Moves the credit at the end of caption's text into credit. */
static void np_tb_split_credit(np_tb *tb, np_node *caption, np_node *credit) {
  char *all = np_node_text(caption), *piece = NULL;
  long off = np_tb_credit_offset(all);
  size_t start = 0, len;
  np_node *c, *next;

  if (off < 0)
    goto done;
  for (c = caption->first_child; c; c = c->next) {
    piece = np_node_text(c);
    len = strlen(piece);
    if ((size_t)off < start + len || !c->next)
      break;
    start += len;
    free(piece);
    piece = NULL;
  }
  if (!c || (size_t)off >= start + len)
    goto done;
  if ((size_t)off > start) {
    np_node *tail;
    const char *rest;

    if (c->kind != NP_NODE_TEXT) {
      /* the credit starts inside formatting: keep both as plain text */
      while (caption->first_child)
        np_node_unlink(caption->first_child);
      tail = np_tb_new(tb, NP_NODE_TEXT, caption->line);
      tail->text = np_arena_strndup(tb->arena, all, (size_t)off);
      np_node_append(caption, tail);
      tail = np_tb_new(tb, NP_NODE_TEXT, caption->line);
      tail->text = np_arena_strdup(tb->arena, all + off);
      np_node_append(credit, tail);
      goto trim;
    }
    rest = c->text + ((size_t)off - start);
    tail = np_node_new(tb->arena, NP_NODE_TEXT);
    tail->lang = c->lang;
    tail->dir = c->dir;
    tail->line = c->line;
    tail->text = np_arena_strdup(tb->arena, rest);
    c->text = np_arena_strndup(tb->arena, c->text, (size_t)off - start);
    next = c->next;
    np_node_append(credit, tail);
    c = next;
  }
  while (c) {
    next = c->next;
    np_node_append(credit, c);
    c = next;
  }
trim:
  np_tb_trim_separators(caption);
  np_tb_trim_end(credit);
  /* "(AP Photo/Jane Doe)" -> "AP Photo/Jane Doe" */
  c = credit->first_child;
  if (c && c == credit->last_child && c->kind == NP_NODE_TEXT) {
    const char *t = c->text;

    while (np_tb_is_space(*t))
      t++;
    len = strlen(t);
    if (len > 2 && t[0] == '(' && t[len - 1] == ')' && !strchr(t + 1, '('))
      c->text = np_arena_strndup(tb->arena, t + 1, len - 2);
    else
      c->text = t;
  }
done:
  free(piece);
  free(all);
}

/* Nonzero when the inline root holds visible text. */
static int np_tb_has_text(const np_node *root) {
  char *text = np_node_text(root);
  int visible = !np_is_blank(text);

  free(text);
  return visible;
}

/* Converts a caption element into the CAPTION and CREDIT of figure (adding
 * to them when the figure has them already). */
static void np_tb_caption(np_tb *tb, np_node *figure, int figure_depth,
                          xmlNode *el, int rdepth) {
  np_node *caption = NULL, *credit = NULL, *c;
  np_tb_sink cap, cred;
  np_tb_saved saved;
  int had_credit;

  if (figure_depth + 1 > NP_TREE_MAX_DEPTH)
    return;
  for (c = figure->first_child; c; c = c->next) {
    if (c->kind == NP_NODE_CAPTION)
      caption = c;
    else if (c->kind == NP_NODE_CREDIT)
      credit = c;
  }
  np_tb_enter(tb, el, &saved);
  if (!caption)
    caption = np_tb_new(tb, NP_NODE_CAPTION, np_tb_line(el));
  if (!credit)
    credit = np_tb_new(tb, NP_NODE_CREDIT, np_tb_line(el));
  had_credit = credit->first_child != NULL;
  np_tb_sink_init(tb, &cap, caption, figure_depth + 1, 1);
  np_tb_sink_init(tb, &cred, credit, figure_depth + 1, 1);
  cap.has_content = cap.soft_space = caption->first_child != NULL;
  cred.has_content = cred.soft_space = had_credit;
  cap.trim_lead = cred.trim_lead = 0;
  cap.credit = &cred;
  if (np_tb_class_has(el, np_tb_credit_words))
    np_tb_children(tb, &cred, el, rdepth + 1);
  else
    np_tb_children(tb, &cap, el, rdepth + 1);
  np_tb_trim_end(caption);
  np_tb_trim_end(credit);
  if (!credit->first_child)
    np_tb_split_credit(tb, caption, credit);
  np_node_unlink(caption);
  np_node_unlink(credit);
  if (np_tb_has_text(caption))
    np_node_append(figure, caption);
  if (np_tb_has_text(credit))
    np_node_append(figure, credit);
  np_tb_leave(tb, &saved);
}

/* Nonzero when the subtree under el holds an <img> (within the budget; a
 * subtree too large to look at counts as holding one). */
static int np_tb_has_img(const xmlNode *el) {
  const xmlNode *cur;
  int budget = NP_TB_SCAN_BUDGET;

  for (cur = el; cur; cur = np_dom_walk_next(el, cur, 0)) {
    if (np_tb_is_image_el(cur) || budget-- <= 0)
      return 1;
  }
  return 0;
}

/* Nonzero when el holds an image and no visible text: an <img>, a
 * <picture>, or a link or wrapper around one. */
static int np_tb_is_image_only(np_tb *tb, const xmlNode *el) {
  np_tb_role role = np_tb_role_of(tb, el);
  char *text;
  int only;

  if (role == NP_TB_IMG || role == NP_TB_PICTURE)
    return 1;
  if (role == NP_TB_DROP || !np_tb_has_img(el))
    return 0;
  text = np_dom_text(el);
  only = np_is_blank(text);
  free(text);
  return only;
}

/* Nonzero when el holds only a short text (at most NP_TB_CAPTION_MAX bytes,
 * no image, no paragraph, heading, list or other text block inside). */
static int np_tb_is_short_text(np_tb *tb, const xmlNode *el) {
  const xmlNode *cur;
  char *text;
  int budget = NP_TB_SCAN_BUDGET, ok;

  for (cur = np_dom_walk_next(el, el, 0); cur;
       cur = np_dom_walk_next(el, cur, 0)) {
    np_tb_role role;

    if (budget-- <= 0 || cur->type != XML_ELEMENT_NODE)
      continue;
    role = np_tb_role_of(tb, cur);
    if (role == NP_TB_P || role == NP_TB_HEADING || role == NP_TB_LIST ||
        role == NP_TB_BLOCKQUOTE || role == NP_TB_TABLE || role == NP_TB_PRE ||
        role == NP_TB_FIGURE || role == NP_TB_IMG || role == NP_TB_PICTURE)
      return 0;
  }
  if (budget <= 0)
    return 0;
  text = np_dom_text(el);
  ok = !np_is_blank(text) && strlen(text) <= NP_TB_CAPTION_MAX;
  free(text);
  return ok;
}

/* Returns the sibling element before (or after) el with only white space
 * and comments between, or NULL when there is none or text stands between. */
static const xmlNode *np_tb_sibling(const xmlNode *el, int after) {
  const xmlNode *n;

  for (n = after ? el->next : el->prev; n; n = after ? n->next : n->prev) {
    if (n->type == XML_ELEMENT_NODE)
      return n;
    if (n->type == XML_TEXT_NODE && !np_is_blank((const char *)n->content))
      return NULL;
  }
  return NULL;
}

/* Nonzero when anything but white space and comments stands before (or
 * after) el among its siblings. */
static int np_tb_has_sibling_content(const xmlNode *el, int after) {
  const xmlNode *n;

  for (n = after ? el->next : el->prev; n; n = after ? n->next : n->prev) {
    if (n->type == XML_ELEMENT_NODE ||
        (n->type == XML_TEXT_NODE && !np_is_blank((const char *)n->content)))
      return 1;
  }
  return 0;
}

/* Nonzero when node is anc or lies under it. */
static int np_tb_contains(const xmlNode *anc, const xmlNode *node) {
  for (; node && node != anc; node = node->parent)
    ;
  return node != NULL;
}

/* Nonzero when holder (an element holding only an image) holds the image of
 * the figure made last, into sink, with no paragraph opened since. */
static int np_tb_holds_last_image(np_tb *tb, const np_tb_sink *sink,
                                  const xmlNode *holder) {
  return holder && !sink->inline_only && tb->last_figure &&
         tb->last_figure->parent == sink->parent && !sink->para &&
         tb->last_img && np_tb_contains(holder, tb->last_img) &&
         np_tb_is_image_only(tb, holder);
}

/* Nonzero when el is the text of a small image wrapper: its parent (not the
 * article itself) holds exactly an image and then el. */
static int np_tb_is_wrapper_text(np_tb *tb, const xmlNode *el) {
  const xmlNode *prev = np_tb_sibling(el, 0);

  return prev && el->parent && el->parent != tb->article &&
         !np_tb_has_sibling_content(prev, 0) &&
         !np_tb_has_sibling_content(el, 1);
}

/* Nonzero when el is a caption for the figure just made before it (or its
 * credit, when the figure has a caption but no credit yet): a figcaption or
 * an element with a caption class word, or a short text right after the
 * image with a legend-like class word or as the text of an image wrapper. */
static int np_tb_is_caption_of_last(np_tb *tb, np_tb_sink *sink,
                                    const xmlNode *el, np_tb_role role) {
  const np_node *c;

  if (sink->inline_only || !tb->last_figure ||
      tb->last_figure->parent != sink->parent || sink->para)
    return 0;
  if (role != NP_TB_FIGCAPTION && !np_tb_class_has(el, np_tb_caption_words) &&
      !(np_tb_holds_last_image(tb, sink, np_tb_sibling(el, 0)) &&
        np_tb_is_short_text(tb, el) &&
        (np_tb_class_has(el, np_tb_caption_next_words) ||
         np_tb_is_wrapper_text(tb, el))))
    return 0;
  for (c = tb->last_figure->first_child; c; c = c->next) {
    if (c->kind == NP_NODE_CREDIT || (c->kind == NP_NODE_CAPTION &&
                                      !np_tb_class_has(el, np_tb_credit_words)))
      return 0;
  }
  return !np_tb_has_img(el);
}

/* Nonzero when el (inside a figure) is one of its captions. */
static int np_tb_is_figure_caption(np_tb *tb, const xmlNode *el) {
  np_tb_role role = np_tb_role_of(tb, el);

  if (role == NP_TB_FIGCAPTION)
    return 1;
  return (role == NP_TB_BLOCK || role == NP_TB_P || role == NP_TB_INLINE) &&
         np_tb_class_has(el, np_tb_caption_words) && !np_tb_has_img(el);
}

/* Looks at a <figure>: returns how many images it holds outside captions,
 * or 0 when it also holds text blocks with more than NP_TB_FIGURE_TEXT bytes
 * (or is too large) and so is a plain container. */
static int np_tb_figure_images(np_tb *tb, xmlNode *fig) {
  xmlNode *cur;
  int images = 0, budget = NP_TB_SCAN_BUDGET;
  size_t text_len = 0;

  for (cur = fig; cur;) {
    int skip = 0;

    if (budget-- <= 0)
      return 0;
    if (cur->type == XML_ELEMENT_NODE && cur != fig) {
      np_tb_role role = np_tb_role_of(tb, cur);

      if (role == NP_TB_DROP || role == NP_TB_NOSCRIPT ||
          np_dom_is_hidden(cur) || np_tb_is_figure_caption(tb, cur)) {
        skip = 1;
      } else if (role == NP_TB_IMG) {
        images++;
        skip = 1;
      } else if (role == NP_TB_P || role == NP_TB_HEADING ||
                 role == NP_TB_LIST || role == NP_TB_BLOCKQUOTE ||
                 role == NP_TB_TABLE || role == NP_TB_PRE) {
        char *text = np_dom_text(cur);

        text_len += strlen(text);
        free(text);
        if (text_len > NP_TB_FIGURE_TEXT)
          return 0;
        skip = 1;
      }
    }
    cur = np_dom_walk_next(fig, cur, skip);
  }
  return images;
}

/* Converts a <figure> holding images: the images, then its captions. */
static void np_tb_figure(np_tb *tb, np_tb_sink *sink, xmlNode *fig,
                         int rdepth) {
  np_node *figure = np_tb_new(tb, NP_NODE_FIGURE, np_tb_line(fig)), *image;
  int depth = sink->depth + 1;
  xmlNode *cur;

  np_tb_end_para(tb, sink);
  for (cur = fig; cur;) {
    int skip = 0;

    if (cur->type == XML_ELEMENT_NODE && cur != fig) {
      np_tb_role role = np_tb_role_of(tb, cur);

      if (role == NP_TB_DROP || role == NP_TB_NOSCRIPT ||
          np_dom_is_hidden(cur) || np_tb_is_figure_caption(tb, cur)) {
        skip = 1;
      } else if (role == NP_TB_IMG) {
        /* an <amp-img> is one image with the <img> it renders inside */
        if ((image = np_tb_image(tb, cur)) != NULL)
          np_node_append(figure, image);
        skip = 1;
      }
    }
    cur = np_dom_walk_next(fig, cur, skip);
  }
  if (!figure->first_child)
    return;
  for (cur = fig; cur;) {
    int skip = 0;

    if (cur->type == XML_ELEMENT_NODE && cur != fig) {
      np_tb_role role = np_tb_role_of(tb, cur);

      if (role == NP_TB_DROP || role == NP_TB_NOSCRIPT ||
          np_dom_is_hidden(cur)) {
        skip = 1;
      } else if (np_tb_is_figure_caption(tb, cur)) {
        np_tb_caption(tb, figure, depth, cur, rdepth);
        skip = 1;
      }
    }
    cur = np_dom_walk_next(fig, cur, skip);
  }
  np_tb_add_block(tb, sink, figure);
}

/* Nonzero when a <noscript> is the only source of an image (no visible
 * image beside it uses it as a fallback). */
static int np_tb_noscript_alone(const xmlNode *ns) {
  const xmlNode *sib;

  for (sib = ns->parent ? ns->parent->children : NULL; sib; sib = sib->next) {
    const xmlNode *first = np_dom_first_element(sib);

    if (sib == ns || sib->type != XML_ELEMENT_NODE)
      continue;
    if (np_tb_is_image_el(sib) || np_dom_is(sib, "picture") ||
        np_tb_is_image_el(first) || np_dom_is(first, "picture"))
      return 0;
  }
  return 1;
}

/* ---- blocks ----------------------------------------------------------- */

/* Ways np_tb_block converts an element. */
#define NP_TB_AS_CONTAINER 0 /* a transparent block container */
#define NP_TB_AS_PARA 1      /* a paragraph (its line is the element's) */
#define NP_TB_AS_TERM 3      /* a paragraph in strong type (<dt>) */

/* Converts the children of el as a block of their own, as says `as`. */
static void np_tb_block(np_tb *tb, np_tb_sink *sink, xmlNode *el, int rdepth,
                        int as) {
  const char *flow_lang = sink->flow_lang;
  np_dir flow_dir = sink->flow_dir;
  int lead = sink->lead, para_line = sink->para_line;

  np_tb_end_para(tb, sink);
  if (sink->inline_only) {
    np_tb_children(tb, sink, el, rdepth);
    np_tb_end_para(tb, sink);
    return;
  }
  sink->flow_lang = tb->lang;
  sink->flow_dir = tb->dir;
  if (np_tb_class_has(el, np_tb_lead_words))
    sink->lead = 1;
  if (as & NP_TB_AS_PARA)
    sink->para_line = np_tb_line(el);
  if (as == NP_TB_AS_TERM)
    np_tb_push(tb, NP_NODE_STRONG, el);
  np_tb_children(tb, sink, el, rdepth);
  np_tb_end_para(tb, sink);
  if (as == NP_TB_AS_TERM)
    tb->n_frames--;
  sink->flow_lang = flow_lang;
  sink->flow_dir = flow_dir;
  sink->lead = lead;
  sink->para_line = para_line;
}

static void np_tb_heading(np_tb *tb, np_tb_sink *sink, xmlNode *el, int level,
                          int rdepth) {
  np_node *heading;
  np_tb_sink inner;

  if (sink->inline_only || np_tb_class_has(el, np_tb_lead_words)) {
    np_tb_block(tb, sink, el, rdepth, NP_TB_AS_PARA);
    return;
  }
  np_tb_end_para(tb, sink);
  heading = np_tb_new(tb, NP_NODE_HEADING, np_tb_line(el));
  heading->as.heading.level = level;
  np_tb_sink_init(tb, &inner, heading, sink->depth + 1, 1);
  np_tb_children(tb, &inner, el, rdepth);
  np_tb_trim_end(heading);
  if (inner.has_content)
    np_tb_add_block(tb, sink, heading);
}

/* Converts the children of el into the block container node, appended to
 * sink when it gets content. */
static void np_tb_container(np_tb *tb, np_tb_sink *sink, np_node *node,
                            int depth, xmlNode *el, int rdepth) {
  np_tb_sink inner;

  np_tb_sink_init(tb, &inner, node, depth, 0);
  np_tb_children(tb, &inner, el, rdepth);
  np_tb_end_para(tb, &inner);
}

static void np_tb_blockquote(np_tb *tb, np_tb_sink *sink, xmlNode *el,
                             int rdepth, int pull) {
  np_node *quote;

  if (sink->inline_only || !np_tb_fits(sink, 1)) {
    np_tb_block(tb, sink, el, rdepth, NP_TB_AS_CONTAINER);
    return;
  }
  np_tb_end_para(tb, sink);
  quote = np_tb_new(tb, NP_NODE_BLOCKQUOTE, np_tb_line(el));
  if (pull || np_dom_hint_has(el, np_tb_pullquote_hints) ||
      np_dom_is(el->parent, "aside"))
    quote->flags |= NP_FLAG_PULLQUOTE;
  np_tb_container(tb, sink, quote, sink->depth + 1, el, rdepth);
  if (quote->first_child)
    np_tb_add_block(tb, sink, quote);
}

static void np_tb_list(np_tb *tb, np_tb_sink *sink, xmlNode *el, int ordered,
                       int rdepth) {
  np_node *list, *item = NULL, *next;
  np_tb_sink inner;
  xmlNode *c;
  long start;

  if (sink->inline_only || !np_tb_fits(sink, 2)) {
    np_tb_block(tb, sink, el, rdepth, NP_TB_AS_CONTAINER);
    return;
  }
  np_tb_end_para(tb, sink);
  list = np_tb_new(tb, NP_NODE_LIST, np_tb_line(el));
  list->as.list.ordered = ordered;
  start = np_tb_attr_int(el, "start");
  if (ordered && start >= 0)
    list->as.list.start = (int)start;
  memset(&inner, 0, sizeof inner);
  for (c = el->children; c; c = c->next) {
    np_tb_saved saved;

    if (c->type == XML_ELEMENT_NODE && np_dom_is(c, "li")) {
      if (np_dom_is_hidden(c))
        continue;
      if (item)
        np_tb_end_para(tb, &inner);
      np_tb_enter(tb, c, &saved);
      item = np_tb_new(tb, NP_NODE_LIST_ITEM, np_tb_line(c));
      np_node_append(list, item);
      np_tb_sink_init(tb, &inner, item, sink->depth + 2, 0);
      np_tb_children(tb, &inner, c, rdepth + 1);
      np_tb_end_para(tb, &inner);
      np_tb_leave(tb, &saved);
      continue;
    }
    if ((c->type != XML_ELEMENT_NODE && c->type != XML_TEXT_NODE) ||
        (c->type == XML_TEXT_NODE && np_is_blank((const char *)c->content)))
      continue;
    if (!item) {
      item = np_tb_new(tb, NP_NODE_LIST_ITEM, np_tb_line(c));
      np_node_append(list, item);
      np_tb_sink_init(tb, &inner, item, sink->depth + 2, 0);
    }
    np_tb_node(tb, &inner, c, rdepth + 1);
  }
  if (item)
    np_tb_end_para(tb, &inner);
  for (item = list->first_child; item; item = next) {
    next = item->next;
    if (!item->first_child)
      np_node_unlink(item);
  }
  if (list->first_child)
    np_tb_add_block(tb, sink, list);
}

static int np_tb_is_row(const xmlNode *c) {
  return np_dom_is(c, "tr") && !np_dom_is_hidden(c);
}

static int np_tb_is_section(const xmlNode *c) {
  return np_dom_is(c, "thead") || np_dom_is(c, "tbody") ||
         np_dom_is(c, "tfoot");
}

/* The next <tr> of a table after prev (NULL for the first), looking into
 * thead, tbody and tfoot in document order. */
static xmlNode *np_tb_next_row(const xmlNode *table, const xmlNode *prev) {
  const xmlNode *c, *r;

  if (!prev) {
    c = table->children;
  } else if (prev->parent != table) {
    for (c = prev->next; c; c = c->next) {
      if (np_tb_is_row(c))
        return (xmlNode *)c;
    }
    c = prev->parent->next;
  } else {
    c = prev->next;
  }
  for (; c; c = c->next) {
    if (np_tb_is_row(c))
      return (xmlNode *)c;
    if (!np_tb_is_section(c))
      continue;
    for (r = c->children; r; r = r->next) {
      if (np_tb_is_row(r))
        return (xmlNode *)r;
    }
  }
  return NULL;
}

static int np_tb_is_cell(const xmlNode *c) {
  return (np_dom_is(c, "td") || np_dom_is(c, "th")) && !np_dom_is_hidden(c);
}

/* Nonzero when the table only lays out its content: one cell, one column
 * without header cells, cells that hold paragraphs and no header cell, or a
 * presentation role. */
static int np_tb_is_layout(np_tb *tb, const xmlNode *table) {
  const char *role = np_dom_attr(table, "role");
  const xmlNode *row, *cell, *c;
  int cells = 0, header = 0, blocky = 0, wide = 0, in_row;

  if (role && (g_ascii_strcasecmp(role, "presentation") == 0 ||
               g_ascii_strcasecmp(role, "none") == 0))
    return 1;
  for (row = np_tb_next_row(table, NULL); row;
       row = np_tb_next_row(table, row)) {
    in_row = 0;
    for (cell = row->children; cell; cell = cell->next) {
      if (!np_tb_is_cell(cell))
        continue;
      cells++;
      if (++in_row > 1)
        wide = 1;
      if (np_dom_is(cell, "th"))
        header = 1;
      for (c = np_dom_first_element(cell); c && !blocky;
           c = np_dom_next_element(c)) {
        np_tb_role r = np_tb_role_of(tb, c);

        blocky = r == NP_TB_P || r == NP_TB_HEADING || r == NP_TB_LIST ||
                 r == NP_TB_BLOCKQUOTE || r == NP_TB_TABLE || r == NP_TB_PRE ||
                 r == NP_TB_FIGURE;
      }
    }
  }
  return cells <= 1 || ((blocky || !wide) && !header);
}

static void np_tb_table(np_tb *tb, np_tb_sink *sink, xmlNode *el, int rdepth) {
  np_node *table, *row, *cell;
  xmlNode *tr, *td, *c;
  np_tb_saved saved;

  if (sink->inline_only || !np_tb_fits(sink, 3) || np_tb_is_layout(tb, el)) {
    const xmlNode *prev = NULL;

    /* unwrapped: a cell of short text after a cell holding only the image
     * of the last figure is that figure's caption */
    np_tb_end_para(tb, sink);
    for (tr = np_tb_next_row(el, NULL); tr; tr = np_tb_next_row(el, tr)) {
      for (td = tr->children; td; td = td->next) {
        if (!np_tb_is_cell(td))
          continue;
        np_tb_enter(tb, td, &saved);
        if (np_tb_holds_last_image(tb, sink, prev) &&
            np_tb_is_short_text(tb, td))
          np_tb_caption(tb, tb->last_figure, sink->depth + 1, td, rdepth + 3);
        else
          np_tb_block(tb, sink, td, rdepth + 3, NP_TB_AS_CONTAINER);
        np_tb_leave(tb, &saved);
        prev = td;
      }
    }
    return;
  }
  np_tb_end_para(tb, sink);
  table = np_tb_new(tb, NP_NODE_TABLE, np_tb_line(el));
  for (c = np_dom_first_element(el); c; c = np_dom_next_element(c)) {
    if (np_dom_is(c, "caption")) {
      np_node *caption;
      np_tb_sink inner;

      np_tb_enter(tb, c, &saved);
      caption = np_tb_new(tb, NP_NODE_CAPTION, np_tb_line(c));
      np_tb_sink_init(tb, &inner, caption, sink->depth + 2, 1);
      np_tb_children(tb, &inner, c, rdepth + 1);
      np_tb_trim_end(caption);
      if (inner.has_content)
        np_node_append(table, caption);
      np_tb_leave(tb, &saved);
      break;
    }
  }
  for (tr = np_tb_next_row(el, NULL); tr; tr = np_tb_next_row(el, tr)) {
    np_tb_saved row_saved;

    np_tb_enter(tb, tr, &row_saved);
    row = np_tb_new(tb, NP_NODE_ROW, np_tb_line(tr));
    for (td = tr->children; td; td = td->next) {
      long span;

      if (!np_tb_is_cell(td))
        continue;
      np_tb_enter(tb, td, &saved);
      cell = np_tb_new(tb, NP_NODE_CELL, np_tb_line(td));
      if (np_dom_is(td, "th"))
        cell->flags |= NP_FLAG_HEADER;
      span = np_tb_attr_int(td, "colspan");
      cell->as.cell.colspan = (int)np_tb_clamp(span, 1, NP_TB_SPAN_MAX);
      span = np_tb_attr_int(td, "rowspan");
      cell->as.cell.rowspan = (int)np_tb_clamp(span, 1, NP_TB_SPAN_MAX);
      np_tb_container(tb, sink, cell, sink->depth + 3, td, rdepth + 3);
      np_node_append(row, cell);
      np_tb_leave(tb, &saved);
    }
    if (row->first_child)
      np_node_append(table, row);
    np_tb_leave(tb, &row_saved);
  }
  if (table->last_child && table->last_child->kind == NP_NODE_ROW)
    np_tb_add_block(tb, sink, table);
}

static void np_tb_pre(np_tb *tb, np_tb_sink *sink, xmlNode *el) {
  np_buf buf = NP_BUF_INIT;
  const char *s;
  size_t len;
  np_node *pre, *text;

  np_tb_gather(tb, el, &buf);
  s = np_buf_cstr(&buf);
  if (*s == '\r')
    s++;
  if (*s == '\n')
    s++;
  len = strlen(s);
  while (len > 0 && np_tb_is_space(s[len - 1]))
    len--;
  if (sink->inline_only) {
    np_tb_text(tb, sink, s, np_tb_line(el));
  } else if (!np_is_blank(s)) {
    pre = np_tb_new(tb, NP_NODE_PRE, np_tb_line(el));
    text = np_tb_new(tb, NP_NODE_TEXT, pre->line);
    text->text = np_arena_strndup(tb->arena, s, len);
    np_node_append(pre, text);
    np_tb_add_block(tb, sink, pre);
  }
  np_buf_free(&buf);
}

/* Converts the subtree under el without recursion, for nesting beyond
 * NP_TB_MAX_RECURSION: text, line breaks and images are kept, and block
 * elements only separate paragraphs. */
static void np_tb_flat(np_tb *tb, np_tb_sink *sink, xmlNode *el) {
  xmlNode *cur = el;

  while (cur) {
    int skip = 0;

    if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
      np_tb_text(tb, sink, (const char *)cur->content, np_tb_line(cur));
    } else if (cur->type != XML_ELEMENT_NODE || np_dom_is_hidden(cur)) {
      skip = 1;
    } else {
      switch (np_tb_role_of(tb, cur)) {
      case NP_TB_DROP:
      case NP_TB_NOSCRIPT:
        skip = 1;
        break;
      case NP_TB_IMG:
        np_tb_img(tb, sink, cur);
        break;
      case NP_TB_BR:
        np_tb_linebreak(tb, sink, np_tb_line(cur));
        break;
      case NP_TB_INLINE:
      case NP_TB_A:
      case NP_TB_EMPH:
      case NP_TB_STRONG:
      case NP_TB_SPAN:
      case NP_TB_CODE:
      case NP_TB_MATH:
      case NP_TB_WBR:
        break;
      default:
        np_tb_end_para(tb, sink);
        break;
      }
    }
    cur = np_dom_walk_next(el, cur, skip);
  }
}

/* Converts one DOM node into sink. */
static void np_tb_node(np_tb *tb, np_tb_sink *sink, xmlNode *node, int rdepth) {
  const np_tb_tag *tag;
  np_tb_role role;
  np_tb_saved saved;
  int line;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
    np_tb_text(tb, sink, (const char *)node->content, np_tb_line(node));
    return;
  }
  if (node->type != XML_ELEMENT_NODE || np_dom_is_hidden(node))
    return;
  if (rdepth > NP_TB_MAX_RECURSION) {
    np_tb_flat(tb, sink, node);
    return;
  }
  tag = np_tb_tag_of(tb, node);
  role = tag ? tag->role : NP_TB_INLINE;
  if (role == NP_TB_DROP)
    return;
  line = np_tb_line(node);
  np_tb_enter(tb, node, &saved);
  if (sink->credit && np_tb_class_has(node, np_tb_credit_words)) {
    size_t base = sink->credit->frame_base;

    sink->credit->frame_base = tb->n_frames;
    np_tb_end_para(tb, sink->credit);
    np_tb_children(tb, sink->credit, node, rdepth);
    sink->credit->frame_base = base;
    goto done;
  }
  if (np_tb_is_caption_of_last(tb, sink, node, role)) {
    np_tb_caption(tb, tb->last_figure, sink->depth + 1, node, rdepth);
    goto done;
  }
  switch (role) {
  case NP_TB_BLOCK:
  case NP_TB_FIGCAPTION:
    np_tb_block(tb, sink, node, rdepth, NP_TB_AS_CONTAINER);
    break;
  case NP_TB_P:
    np_tb_block(tb, sink, node, rdepth, NP_TB_AS_PARA);
    break;
  case NP_TB_DT:
    np_tb_block(tb, sink, node, rdepth, NP_TB_AS_TERM);
    break;
  case NP_TB_HEADING:
    np_tb_heading(tb, sink, node, tag->arg, rdepth);
    break;
  case NP_TB_BLOCKQUOTE:
    np_tb_blockquote(tb, sink, node, rdepth, 0);
    break;
  case NP_TB_ASIDE:
    if (np_dom_hint_has(node, np_tb_quote_hints))
      np_tb_blockquote(tb, sink, node, rdepth, 1);
    else
      np_tb_block(tb, sink, node, rdepth, NP_TB_AS_CONTAINER);
    break;
  case NP_TB_LIST:
    np_tb_list(tb, sink, node, tag->arg, rdepth);
    break;
  case NP_TB_TABLE:
    np_tb_table(tb, sink, node, rdepth);
    break;
  case NP_TB_PRE:
    np_tb_pre(tb, sink, node);
    break;
  case NP_TB_HR:
    if (!sink->inline_only)
      np_tb_add_block(tb, sink, np_tb_new(tb, NP_NODE_RULE, line));
    break;
  case NP_TB_IMG:
    np_tb_img(tb, sink, node);
    break;
  case NP_TB_PICTURE: {
    xmlNode *c;

    for (c = node; c; c = np_dom_walk_next(node, c, 0)) {
      if (np_dom_is(c, "img")) {
        np_tb_img(tb, sink, c);
        break;
      }
    }
    break;
  }
  case NP_TB_FIGURE:
    if (!sink->inline_only && np_tb_fits(sink, 1) &&
        np_tb_figure_images(tb, node) > 0)
      np_tb_figure(tb, sink, node, rdepth);
    else
      np_tb_block(tb, sink, node, rdepth, NP_TB_AS_CONTAINER);
    break;
  case NP_TB_NOSCRIPT:
    if (np_tb_noscript_alone(node)) {
      xmlNode *cur;

      for (cur = node; cur; cur = np_dom_walk_next(node, cur, 0)) {
        if (np_dom_is(cur, "img"))
          np_tb_img(tb, sink, cur);
      }
    }
    break;
  case NP_TB_BR:
    np_tb_linebreak(tb, sink, line);
    break;
  case NP_TB_A: {
    const char *href = np_dom_attr(node, "href"), *title;

    href = href && !np_tb_in_link(tb, sink)
               ? np_resolver_link(tb->resolver, href)
               : NULL;
    if (href) {
      np_tb_push(tb, NP_NODE_LINK, node);
      tb->frames[tb->n_frames - 1].href = href;
      title = np_dom_attr(node, "title");
      if (title && !np_is_blank(title)) {
        char *clean = np_collapse_space(np_xstrdup(title));

        tb->frames[tb->n_frames - 1].title = np_arena_strdup(tb->arena, clean);
        free(clean);
      }
    }
    np_tb_children(tb, sink, node, rdepth);
    if (href)
      tb->n_frames--;
    break;
  }
  case NP_TB_EMPH:
  case NP_TB_STRONG:
  case NP_TB_SPAN:
    np_tb_push(tb,
               role == NP_TB_EMPH     ? NP_NODE_EMPH
               : role == NP_TB_STRONG ? NP_NODE_STRONG
                                      : NP_NODE_SPAN,
               node);
    tb->frames[tb->n_frames - 1].span = (np_span_kind)tag->arg;
    np_tb_children(tb, sink, node, rdepth);
    tb->n_frames--;
    break;
  case NP_TB_CODE:
    np_tb_code(tb, sink, node);
    break;
  case NP_TB_MATH: {
    const char *alt = np_dom_attr(node, "alttext");
    char *text = alt ? np_xstrdup(alt) : np_dom_text(node);

    np_tb_text(tb, sink, text, line);
    free(text);
    break;
  }
  case NP_TB_WBR:
  case NP_TB_DROP:
    break;
  case NP_TB_INLINE:
    np_tb_children(tb, sink, node, rdepth);
    break;
  }
done:
  np_tb_leave(tb, &saved);
}

/* Nonzero when node is white space or a comment, which a run of <br>
 * elements may hold between them. */
static int np_tb_is_filler(const xmlNode *node) {
  if (node->type == XML_COMMENT_NODE)
    return 1;
  return node->type == XML_TEXT_NODE &&
         strspn((const char *)node->content, " \t\n\r\f") ==
             strlen((const char *)node->content);
}

static void np_tb_children(np_tb *tb, np_tb_sink *sink, xmlNode *el,
                           int rdepth) {
  xmlNode *c, *next, *run;
  int brs;

  for (c = el->children; c; c = next) {
    next = c->next;
    if (!sink->inline_only && np_dom_is(c, "br")) {
      brs = 1;
      for (run = c->next; run; run = run->next) {
        if (np_dom_is(run, "br"))
          brs++;
        else if (!np_tb_is_filler(run))
          break;
      }
      if (brs >= 2) {
        np_tb_end_para(tb, sink);
        next = run;
        continue;
      }
    }
    np_tb_node(tb, sink, c, rdepth + 1);
  }
}

/* ---- passes over the finished tree ------------------------------------ */

/* Returns s with white space collapsed and case folded (g_free). */
static char *np_tb_fold(const char *s) {
  char *copy = np_collapse_space(np_xstrdup(s));
  char *folded = g_utf8_casefold(copy, -1);

  free(copy);
  return folded;
}

/* Nonzero when a and b are the same text, or one holds the other and is at
 * least NP_TB_TITLE_SHARE percent of it. */
static int np_tb_same_text(const char *a, const char *b) {
  char *x = np_tb_fold(a), *y = np_tb_fold(b);
  size_t lx = strlen(x), ly = strlen(y);
  int same = 0;

  if (lx == 0 || ly == 0)
    goto done;
  if (strcmp(x, y) == 0)
    same = 1;
  else if (lx < ly)
    same = lx * 100 >= ly * NP_TB_TITLE_SHARE && strstr(y, x);
  else
    same = ly * 100 >= lx * NP_TB_TITLE_SHARE && strstr(x, y);
done:
  g_free(x);
  g_free(y);
  return same;
}

static int np_tb_block_matches(const np_node *node, const char *text) {
  char *own;
  int same;

  if (!text ||
      (node->kind != NP_NODE_HEADING && node->kind != NP_NODE_PARAGRAPH))
    return 0;
  own = np_node_text(node);
  same = np_tb_same_text(own, text);
  free(own);
  return same;
}

/* Nonzero when the text of node is the summary: the same text (white space
 * collapsed, case folded), or one that the summary starts and covers at
 * least NP_TB_SUMMARY_SHARE percent of. */
static int np_tb_is_summary(const np_node *node, const char *summary) {
  char *own, *x, *y;
  size_t lx, ly;
  int same;

  if (!summary)
    return 0;
  own = np_node_text(node);
  x = np_tb_fold(own);
  y = np_tb_fold(summary);
  lx = strlen(x);
  ly = strlen(y);
  same = ly > 0 && ly <= lx && strncmp(x, y, ly) == 0 &&
         ly * 100 >= lx * NP_TB_SUMMARY_SHARE;
  g_free(x);
  g_free(y);
  free(own);
  return same;
}

/* Drops a leading block that repeats the title; makes a standfirst of a
 * paragraph among the first blocks that is marked as one or repeats the
 * subtitle or the publisher's summary, and of a level 2 or 3 heading right
 * after the title that repeats them; keeps NP_FLAG_LEAD only there.
 * summary is the publisher's summary, or NULL. */
static void np_tb_title_and_lead(np_doc *doc, const char *summary) {
  np_node *root = doc->root, *c, *keep[NP_TB_LEAD_SCAN], *n, *first;
  size_t kept = 0, i;
  int seen;
  np_iter it;
  np_event ev;

  first = root->first_child;
  for (c = root->first_child, seen = 0; c && seen < NP_TB_TITLE_SCAN;
       c = c->next, seen++) {
    if (np_tb_block_matches(c, doc->meta.title)) {
      first = c->next;
      np_node_unlink(c);
      break;
    }
  }
  if (first && first->kind == NP_NODE_HEADING &&
      (first->as.heading.level == 2 || first->as.heading.level == 3) &&
      (np_tb_is_summary(first, summary) ||
       np_tb_block_matches(first, summary) ||
       np_tb_block_matches(first, doc->meta.subtitle))) {
    first->kind = NP_NODE_PARAGRAPH;
    first->flags |= NP_FLAG_LEAD;
  }
  for (c = root->first_child, seen = 0; c && seen < NP_TB_LEAD_SCAN;
       c = c->next, seen++) {
    if (c->kind != NP_NODE_PARAGRAPH)
      continue;
    if ((c->flags & NP_FLAG_LEAD) ||
        np_tb_block_matches(c, doc->meta.subtitle) ||
        np_tb_is_summary(c, summary)) {
      c->flags |= NP_FLAG_LEAD;
      keep[kept++] = c;
    }
  }
  np_iter_init(&it, root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev != NP_EVENT_ENTER || !(n->flags & NP_FLAG_LEAD) ||
        n->kind != NP_NODE_PARAGRAPH)
      continue;
    for (i = 0; i < kept && keep[i] != n; i++)
      ;
    if (i == kept)
      n->flags &= ~NP_FLAG_LEAD;
  }
}

/* Nonzero for a character of a script written without spaces (Han, kana,
 * Hangul, and their punctuation), each of which counts as a word. */
static int np_tb_unspaced(gunichar c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* Counts the words of the len bytes at s (runs of punctuation such as
 * "|" are not words). */
static size_t np_tb_words(const char *s, size_t len) {
  const char *end = s + len;
  size_t words = 0;
  int in_word = 0;

  while (s < end) {
    gunichar c = g_utf8_get_char_validated(s, end - s);

    if (c == (gunichar)-1 || c == (gunichar)-2) {
      s++;
      continue;
    }
    if (np_tb_unspaced(c)) {
      words++;
      in_word = 0;
    } else if (g_unichar_isspace(c)) {
      in_word = 0;
    } else if (!in_word && g_unichar_isalnum(c)) {
      words++;
      in_word = 1;
    }
    s = g_utf8_next_char(s);
  }
  return words;
}

static size_t np_tb_word_count(const char *s) {
  return np_tb_words(s, strlen(s));
}

/* Separators between the parts of a dateline or breadcrumb. */
static const char *const np_tb_separators[] = {"|", ">", "·", "•",  "»",
                                               "›", "—", "–", "/ ", NULL};

/* Words that may stand in a dateline beside numbers (ASCII, lowercase):
 * months, weekdays, times, zones, reading time. */
static const char *const np_tb_date_words[] = {
    "jan",       "january", "feb",      "february", "mar",       "march",
    "apr",       "april",   "may",      "jun",      "june",      "jul",
    "july",      "aug",     "august",   "sep",      "sept",      "september",
    "oct",       "october", "nov",      "november", "dec",       "december",
    "mon",       "monday",  "tue",      "tues",     "tuesday",   "wed",
    "wednesday", "thu",     "thursday", "fri",      "friday",    "sat",
    "saturday",  "sun",     "sunday",   "am",       "pm",        "a.m.",
    "p.m.",      "gmt",     "utc",      "bst",      "cet",       "cest",
    "est",       "edt",     "pst",      "pdt",      "z",         "min",
    "mins",      "minute",  "minutes",  "hour",     "hours",     "read",
    "reading",   "time",    "ago",      "updated",  "published", "posted",
    "on",        "at",      "last",     NULL};

/* Nonzero when the word (of len bytes) holds no letter, or is a dateline
 * word. */
static int np_tb_date_word(const char *w, size_t len) {
  size_t i;

  for (i = 0; i < len && !g_ascii_isalpha(w[i]) && (unsigned char)w[i] < 0x80;
       i++)
    ;
  if (i == len)
    return 1;
  while (len > 0 && strchr(",.;", w[len - 1]))
    len--;
  for (i = 0; np_tb_date_words[i]; i++) {
    if (strlen(np_tb_date_words[i]) == len &&
        g_ascii_strncasecmp(w, np_tb_date_words[i], len) == 0)
      return 1;
  }
  return 0;
}

/* Nonzero when seg (of len bytes, trimmed) is a date, a time or a reading
 * time: a number and only dateline words, or a date np_metadata_iso_date
 * reads. */
static int np_tb_date_segment(const char *seg, size_t len) {
  char *copy, *iso;
  size_t i = 0;
  int ok = 1, digit = 0;

  while (i < len && ok) {
    size_t start = i;

    while (i < len && !np_tb_is_space(seg[i]))
      digit |= g_ascii_isdigit(seg[i++]);
    ok = np_tb_date_word(seg + start, i - start);
    while (i < len && np_tb_is_space(seg[i]))
      i++;
  }
  if (ok && digit)
    return 1;
  if (!digit || len > NP_TB_SEGMENT_MAX)
    return 0;
  copy = g_strndup(seg, len);
  iso = np_metadata_iso_date(copy);
  ok = iso != NULL;
  free(iso);
  g_free(copy);
  return ok;
}

/* Nonzero when seg (of len bytes) names one of the authors ("By X",
 * "מאת: X"). */
static int np_tb_author_segment(const np_doc *doc, const char *seg,
                                size_t len) {
  char *copy = g_strndup(seg, len);
  size_t i;
  int found = 0;

  for (i = 0; i < doc->meta.n_authors && !found; i++)
    found = *doc->meta.authors[i] && strstr(copy, doc->meta.authors[i]);
  g_free(copy);
  return found;
}

/* Nonzero when seg (of len bytes) is a short label: at most
 * NP_TB_LABEL_WORDS words, not ending as a sentence. */
static int np_tb_label_segment(const char *seg, size_t len) {
  if (strchr(".!?:;", seg[len - 1]))
    return 0;
  return np_tb_words(seg, len) <= NP_TB_LABEL_WORDS;
}

/* Nonzero when text (the text of a paragraph outside its links) is a
 * dateline, a byline line or a breadcrumb: every part between separators is
 * a date, an author's name, or a short label when separators stand between
 * the parts ("Features · Neighbourhoods", "By X | date | Print"). links
 * counts the (short) links taken out of the text. */
static int np_tb_dateline_text(const np_doc *doc, const char *text, int links) {
  const char *p = text;
  size_t parts = 0, labels = 0, seps = 0;

  while (*p) {
    const char *end, *sep = NULL;
    size_t i, sep_len = 0, len;

    for (end = p; *end && !sep; end++) {
      for (i = 0; np_tb_separators[i] && !sep; i++) {
        sep_len = strlen(np_tb_separators[i]);
        if (strncmp(end, np_tb_separators[i], sep_len) == 0)
          sep = end;
      }
    }
    end = sep ? sep : p + strlen(p);
    while (p < end && (np_tb_is_space(*p) || *p == ','))
      p++;
    while (end > p && (np_tb_is_space(end[-1]) || end[-1] == ','))
      end--;
    len = (size_t)(end - p);
    if (len > 0) {
      parts++;
      if (!np_tb_date_segment(p, len) && !np_tb_author_segment(doc, p, len)) {
        if (!np_tb_label_segment(p, len))
          return 0;
        labels++;
      }
    }
    if (!sep)
      break;
    seps++;
    p = sep + sep_len;
  }
  return parts + (size_t)links > 0 && (labels == 0 || seps > 0);
}

/* Gathers the text of the inline subtree under n outside links into buf;
 * *links counts the links, *long_link is set by one of more than
 * NP_TB_LABEL_WORDS words. */
static void np_tb_outside_links(const np_node *n, np_buf *buf, int *links,
                                int *long_link) {
  const np_node *c;

  for (c = n->first_child; c; c = c->next) {
    if (c->kind == NP_NODE_LINK) {
      char *text = np_node_text(c);

      (*links)++;
      if (np_tb_word_count(text) > NP_TB_LABEL_WORDS)
        *long_link = 1;
      free(text);
      np_buf_puts(buf, " ");
    } else if (c->kind == NP_NODE_TEXT || c->kind == NP_NODE_CODE) {
      np_buf_puts(buf, c->text);
    } else if (c->kind == NP_NODE_LINEBREAK) {
      np_buf_puts(buf, " ");
    } else {
      np_tb_outside_links(c, buf, links, long_link);
    }
  }
}

/* Nonzero when the paragraph is page chrome rather than text: short, and
 * only a dateline, a reading time, a byline with tool links, or short links
 * (a kicker or breadcrumb) with separators. */
static int np_tb_is_chrome(const np_doc *doc, const np_node *para) {
  char *all = np_node_text(para);
  np_buf buf = NP_BUF_INIT;
  int links = 0, long_link = 0, chrome = 0;

  if (np_is_blank(all) || np_tb_word_count(all) >= NP_TB_CHROME_WORDS)
    goto done;
  np_tb_outside_links(para, &buf, &links, &long_link);
  chrome = !long_link && np_tb_dateline_text(doc, np_buf_cstr(&buf), links);
done:
  np_buf_free(&buf);
  free(all);
  return chrome;
}

/* Drops datelines, reading times and kickers among the first blocks, before
 * the text starts (the first paragraph of NP_TB_CHROME_WORDS words that is
 * not the standfirst; without one nothing is dropped); other blocks
 * (headings, figures, a layout table) are passed over. */
static void np_tb_drop_chrome(np_doc *doc) {
  np_node *c, *chrome[NP_TB_CHROME_SCAN];
  size_t n_chrome = 0, words = 0, i;
  char *text;
  int seen;

  for (c = doc->root->first_child, seen = 0; c && seen < NP_TB_CHROME_SCAN;
       c = c->next, seen++) {
    if (c->kind != NP_NODE_PARAGRAPH || (c->flags & NP_FLAG_LEAD) ||
        np_tb_block_matches(c, doc->meta.subtitle) ||
        np_tb_block_matches(c, doc->meta.title))
      continue;
    if (np_tb_is_chrome(doc, c)) {
      chrome[n_chrome++] = c;
      continue;
    }
    text = np_node_text(c);
    words = np_tb_word_count(text);
    free(text);
    if (words >= NP_TB_CHROME_WORDS)
      break;
  }
  if (words < NP_TB_CHROME_WORDS)
    return;
  for (i = 0; i < n_chrome; i++)
    np_node_unlink(chrome[i]);
}

/* Nonzero for a character that renders as blank space at the edge of a
 * block: white space, the no-break and other Unicode spaces, zero-width
 * space and the byte order mark. */
static int np_tb_is_uspace(gunichar c) {
  return g_unichar_isspace(c) || c == 0x200B || c == 0xFEFF;
}

/* Returns the leaf at the start (or end) of the inline content of block,
 * or block itself when it has no children. */
static np_node *np_tb_edge_leaf(np_node *block, int end) {
  np_node *n = block;

  while (end ? n->last_child : n->first_child)
    n = end ? n->last_child : n->first_child;
  return n;
}

/* Removes blank space (np_tb_is_uspace), line breaks and emptied inline
 * containers from the start and the end of the inline content of block. */
static void np_tb_trim_block(np_node *block) {
  int end;

  for (end = 0; end <= 1; end++) {
    for (;;) {
      np_node *leaf = np_tb_edge_leaf(block, end);

      if (leaf == block)
        break;
      if (leaf->kind == NP_NODE_TEXT) {
        const char *s = leaf->text, *e = s + strlen(s), *q;

        if (!end) {
          while (*s && np_tb_is_uspace(g_utf8_get_char(s)))
            s = g_utf8_next_char(s);
          leaf->text = s;
        } else {
          while (e > s && (q = g_utf8_find_prev_char(s, e)) != NULL &&
                 np_tb_is_uspace(g_utf8_get_char(q)))
            e = q;
          if (*e)
            *(char *)e = '\0';
        }
        if (*leaf->text)
          break;
      } else if (leaf->kind != NP_NODE_LINEBREAK &&
                 (np_node_is_leaf(leaf->kind) ||
                  !np_node_is_inline(leaf->kind))) {
        break;
      }
      np_node_unlink(leaf);
    }
  }
}

/* Trims every paragraph, heading, caption and credit under root, and
 * removes those left empty. */
static void np_tb_trim_blocks(np_node *root) {
  np_node *n = root, *next;

  while (n) {
    if (n->kind == NP_NODE_PARAGRAPH || n->kind == NP_NODE_HEADING ||
        n->kind == NP_NODE_CAPTION || n->kind == NP_NODE_CREDIT) {
      np_tb_trim_block(n);
      next = n;
      while (next != root && !next->next)
        next = next->parent;
      next = next == root ? NULL : next->next;
      if (!n->first_child)
        np_node_unlink(n);
      n = next;
      continue;
    }
    if (n->first_child) {
      n = n->first_child;
      continue;
    }
    while (n != root && !n->next)
      n = n->parent;
    n = n == root ? NULL : n->next;
  }
}

/* Returns s without control characters (np_strip_controls) and with its
 * explicit bidi controls balanced, as an arena copy, or s itself when it
 * needs neither. */
static const char *np_tb_clean(np_arena *arena, const char *s) {
  char *fixed;

  if (!s)
    return s;
  if (np_has_controls(s))
    s = np_strip_controls(np_arena_strdup(arena, s));
  if (!np_bidi_has_controls(s, strlen(s)))
    return s;
  fixed = np_bidi_balance(s);
  s = np_arena_strdup(arena, fixed);
  free(fixed);
  return s;
}

/* Cleans the text of one block of inline content (a paragraph, heading,
 * caption, credit or preformatted block): drops control characters and
 * balances the explicit bidi controls across its text nodes (closers that
 * close nothing are dropped, and what is left open is closed at the end of
 * the block's last text), so that no override or isolate runs past the
 * block in any output. */
static void np_tb_clean_block(np_arena *arena, np_node *block, np_buf *buf) {
  np_bidi state = NP_BIDI_INIT;
  np_node *n, *last = NULL;
  np_iter it;
  np_event ev;

  np_iter_init(&it, block);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev != NP_EVENT_ENTER)
      continue;
    if (n->kind == NP_NODE_LINK)
      n->as.link.title = np_tb_clean(arena, n->as.link.title);
    if (n->kind != NP_NODE_TEXT && n->kind != NP_NODE_CODE)
      continue;
    last = n;
    if (np_has_controls(n->text))
      n->text = np_strip_controls(np_arena_strdup(arena, n->text));
    if (!np_bidi_has_controls(n->text, strlen(n->text)))
      continue;
    np_buf_clear(buf);
    if (np_bidi_feed(&state, buf, n->text, strlen(n->text)))
      n->text = np_arena_strndup(arena, np_buf_cstr(buf), buf->len);
  }
  if (state.depth > 0 && last) {
    np_buf_clear(buf);
    np_buf_puts(buf, last->text);
    np_bidi_close(&state, buf);
    last->text = np_arena_strndup(arena, np_buf_cstr(buf), buf->len);
  }
}

/* Drops control characters and balances the explicit bidi controls
 * (U+202A..U+202E, U+2066..U+2069) of every block of inline content under
 * root, of image alt texts and of link titles. */
static void np_tb_clean_texts(np_arena *arena, np_node *root) {
  np_buf buf = NP_BUF_INIT;
  np_iter it;
  np_node *n;
  np_event ev;

  np_iter_init(&it, root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev != NP_EVENT_ENTER)
      continue;
    if (n->kind == NP_NODE_IMAGE)
      n->as.image.alt = np_tb_clean(arena, n->as.image.alt);
    if (n->kind == NP_NODE_PARAGRAPH || n->kind == NP_NODE_HEADING ||
        n->kind == NP_NODE_CAPTION || n->kind == NP_NODE_CREDIT ||
        n->kind == NP_NODE_PRE)
      np_tb_clean_block(arena, n, &buf);
  }
  np_buf_free(&buf);
}

/* Leaves lang and dir only on nodes where they differ from the parent's
 * effective value (every node was made with its effective value). */
static void np_tb_normalize_lang(np_node *root) {
  const char *langs[NP_TREE_MAX_DEPTH + 2];
  np_dir dirs[NP_TREE_MAX_DEPTH + 2];
  int top = 0;
  np_iter it;
  np_node *n;
  np_event ev;

  langs[0] = root->lang;
  dirs[0] = root->dir;
  np_iter_init(&it, root);
  np_iter_next(&it, &n);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    const char *lang;
    np_dir dir;

    if (ev == NP_EVENT_EXIT) {
      if (top > 0)
        top--;
      continue;
    }
    lang = n->lang;
    dir = n->dir;
    if (np_tb_streq(lang, langs[top]))
      n->lang = NULL;
    if (dir == dirs[top])
      n->dir = NP_DIR_INHERIT;
    if (!np_node_is_leaf(n->kind) && top + 1 < NP_TREE_MAX_DEPTH + 2) {
      top++;
      langs[top] = lang;
      dirs[top] = dir;
    }
  }
}

/* ---- entry point ------------------------------------------------------ */

/* The lang (or dir) attribute of el or its nearest ancestor, or NULL. */
static const char *np_tb_inherited(const xmlNode *el, const char *name) {
  const char *v;

  for (; el && el->type == XML_ELEMENT_NODE; el = el->parent) {
    v = np_dom_attr(el, name);
    if (v && !np_is_blank(v))
      return v;
  }
  return NULL;
}

void np_treebuild(xmlNode *article, np_doc *doc, np_resolver *resolver) {
  np_tb tb;
  np_tb_sink sink;
  size_t i;
  const char *summary = NULL;

  memset(&tb, 0, sizeof tb);
  tb.doc = doc;
  tb.arena = doc->arena;
  tb.resolver = resolver;
  tb.article = article;
  tb.roles = g_hash_table_new(g_str_hash, g_str_equal);
  for (i = 0; i < G_N_ELEMENTS(np_tb_tags); i++)
    g_hash_table_insert(tb.roles, (gpointer)np_tb_tags[i].name,
                        (gpointer)&np_tb_tags[i]);
  tb.lang = doc->meta.lang;
  tb.dir = doc->meta.dir;
  if (!tb.lang && article) {
    const char *lang = np_tb_inherited(article, "lang");

    if (lang) {
      char *clean = np_collapse_space(np_xstrdup(lang));

      tb.lang = np_arena_strdup(tb.arena, clean);
      free(clean);
    }
  }
  if (tb.dir == NP_DIR_INHERIT && article) {
    const char *dir = np_tb_inherited(article, "dir");

    if (dir && g_ascii_strcasecmp(dir, "rtl") == 0)
      tb.dir = NP_DIR_RTL;
    else if (dir && g_ascii_strcasecmp(dir, "ltr") == 0)
      tb.dir = NP_DIR_LTR;
  }
  /* the root and the metadata name the same language and direction */
  doc->meta.lang = tb.lang;
  doc->meta.dir = tb.dir;
  doc->root->lang = tb.lang;
  doc->root->dir = tb.dir;
  if (article) {
    doc->root->line = np_tb_line(article);
    np_tb_sink_init(&tb, &sink, doc->root, 1, 0);
    np_tb_node(&tb, &sink, article, 0);
    np_tb_end_para(&tb, &sink);
  }
  np_tb_trim_blocks(doc->root);
  np_tb_drop_chrome(doc);
  /* a summary taken from the first paragraph would mark that paragraph */
  if (article && np_metadata_page_has_summary(article->doc))
    summary = doc->meta.summary;
  np_tb_title_and_lead(doc, summary);
  np_tb_clean_texts(tb.arena, doc->root);
  np_tb_normalize_lang(doc->root);
  g_hash_table_destroy(tb.roles);
  free(tb.frames);
  np_buf_free(&tb.buf);
}

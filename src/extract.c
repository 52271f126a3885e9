/* extract.c: Readability-style choice of the article element of a page and
 * removal of the boilerplate around and inside it. */
#include "extract.h"

#include "metadata.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Flags of one attempt; when an attempt finds too little text the next one
 * drops the first flag still set, as Readability does. */
enum {
  NP_ATTEMPT_STRIP_UNLIKELYS = 1,
  NP_ATTEMPT_WEIGHT_CLASSES = 2,
  NP_ATTEMPT_CLEAN_CONDITIONALLY = 4,
  NP_ATTEMPT_ALL = 7
};

/* Candidates kept in the ranking of the best scores. */
#define NP_EXTRACT_TOP_CANDIDATES 5
/* Characters an attempt must keep to be accepted without a retry. */
#define NP_EXTRACT_CHAR_THRESHOLD 500
/* Shortest text of an element that adds to its ancestors' scores. */
#define NP_EXTRACT_MIN_SCORED_TEXT 25
/* Levels of ancestors an element's score is shared with. */
#define NP_EXTRACT_SCORE_LEVELS 5
/* Close runners-up that make their common ancestor the top candidate. */
#define NP_EXTRACT_MIN_ALTERNATIVES 3
/* Longest text of a share bar removed from inside the article. */
#define NP_EXTRACT_SHARE_MAX 500
/* Ancestor levels looked at by the "inside a table / code / figure" tests. */
#define NP_EXTRACT_ANCESTOR_DEPTH 3
/* Levels above a media player's control searched for the element holding
 * its video or audio. */
#define NP_EXTRACT_PLAYER_DEPTH 3
/* Largest share of link text in an article; above it the page is only
 * navigation. */
#define NP_EXTRACT_MAX_LINK_DENSITY 0.5
/* Longest text of a boilerplate box (newsletter, pagination) removed from
 * inside the article by its class or text. */
#define NP_EXTRACT_BOX_MAX 400
/* Fewest distinct words of a JSON-LD articleBody used as evidence. */
#define NP_EXTRACT_EVIDENCE_MIN_WORDS 30
/* Word F1 against the evidence above which the top candidate is kept
 * without looking at the other candidates. */
#define NP_EXTRACT_EVIDENCE_GOOD 0.8
/* How much better (in F1 of words) another candidate must match the
 * evidence to replace the top candidate. */
#define NP_EXTRACT_EVIDENCE_MARGIN 0.2
/* Least share of a sibling's words found in the evidence for it to join a
 * top candidate that matches the evidence. */
#define NP_EXTRACT_EVIDENCE_SIBLING 0.5
/* Weight of a class or id hint. */
#define NP_EXTRACT_HINT_WEIGHT 25
/* Longest text of a cookie or consent box removed whatever the candidate. */
#define NP_EXTRACT_CONSENT_MAX 1500
/* Longest text of an advertising label ("Advertisement"), in bytes. */
#define NP_EXTRACT_LABEL_MAX 40
/* Longest text, in characters, that np_is_label_text compares with its
 * labels: the longest of them. */
#define NP_EXTRACT_LABEL_TEXT_MAX 13
/* Longest text of a control ("Save", "More like this") repeated in the
 * items of a teaser feed. */
#define NP_EXTRACT_FEED_LABEL_MAX 30
/* Most elements of one teaser of a feed. */
#define NP_EXTRACT_FEED_ITEM_NODES 200
/* Fewest items a list needs to be looked at as a teaser feed. */
#define NP_EXTRACT_FEED_MIN_ITEMS 3
/* Fewest different controls repeated across a teaser feed's items (one
 * repeated text may be a gallery's caption, several are controls). */
#define NP_EXTRACT_FEED_MIN_LABELS 2
/* Longest text (caption) of a figure that joins the top candidate. */
#define NP_EXTRACT_FIGURE_TEXT 300
/* Element levels looked through for the figure of a wrapper sibling. */
#define NP_EXTRACT_FIGURE_DEPTH 3

/* Class or id words of likely content. */
static const char *const np_positive_hints[] = {
    "article", "body",       "content", "entry", "hentry", "h-entry", "main",
    "page",    "pagination", "post",    "text",  "blog",   "story",   NULL};

/* Class or id words of likely boilerplate ("hid" is tested as a word). */
static const char *const np_negative_hints[] = {
    "-ad-",     "hidden",     "banner",  "combx",    "comment", "com-",
    "contact",  "footer",     "gdpr",    "masthead", "media",   "meta",
    "outbrain", "promo",      "related", "scroll",   "share",   "shoutbox",
    "sidebar",  "skyscraper", "sponsor", "shopping", "tags",    "widget",
    "talkback", NULL};

/* Class or id words of elements removed before scoring. */
static const char *const np_unlikely_hints[] = {
    "-ad-",       "banner",  "breadcrumbs", "combx",  "comment", "community",
    "cover-wrap", "disqus",  "extra",       "footer", "gdpr",    "header",
    "legends",    "menu",    "related",     "remark", "replies", "rss",
    "shoutbox",   "sidebar", "skyscraper",  "social", "sponsor", "supplemental",
    "ad-break",   "agegate", "pagination",  "pager",  "popup",   "talkback",
    NULL};

/* Words that save an unlikely-looking element. */
static const char *const np_maybe_hints[] = {"and",     "article", "body",
                                             "column",  "content", "main",
                                             "mathjax", "shadow",  NULL};

/* Class or id words of boxes that are never article text. */
static const char *const np_box_hints[] = {
    "newsletter", "subscribe", "signup",     "sign-up",    "cookie",
    "consent",    "promo",     "related",    "share",      "social",
    "advert",     "sponsor",   "popup",      "modal",      "paywall",
    "recommend",  "read-more", "readmore",   "pagination", "pager",
    "prev-next",  "post-nav",  "breadcrumb", "membership", NULL};

/* Class or id words of cookie and consent boxes ("cmp" only as a word). */
static const char *const np_consent_hints[] = {"cookie", "consent", "gdpr",
                                               NULL};

/* Class or id words, matched at the start of a word, of advertising
 * containers. */
static const char *const np_ad_hints[] = {
    "ad-slot", "ad_slot",     "ad-container", "ad-unit", "ad-wrapper",
    "advert",  "adsbygoogle", "dfp",          "gpt-ad",  "sponsored",
    NULL};

/* Class or id words (whole) of advertising containers. */
static const char *const np_ad_words[] = {"ad", "ads", "advertisement", NULL};

/* Elements of advertising frameworks. */
static const char *const np_ad_tags[] = {"amp-ad", "amp-embed", "amp-sticky-ad",
                                         NULL};

/* Class or id words, matched at the start of a word, of comment sections
 * removed from inside the article. */
static const char *const np_comment_hints[] = {
    "comments", "commentlist", "comment-list", "comment-section", "talkback",
    "disqus",   NULL};

/* Class words of screen-reader links that skip to the content. */
static const char *const np_skip_hints[] = {
    "skip-link", "skip-to",         "skiplink", "screen-reader-text",
    "sr-only",   "visually-hidden", NULL};

/* Labels of advertising slots in major languages, lowercase. */
static const char *const np_ad_labels[] = {
    "ad",         "ads",         "advert",    "advertisement", "advertising",
    "anzeige",    "werbung",     "publicité", "publicite",     "publicidad",
    "pubblicità", "publicidade", "pub",       "advertentie",   "annonce",
    "reklama",    "reklame",     "mainos",    "реклама",       "פרסומת",
    "إعلان",      "اعلان",       "広告",      "广告",          "광고",
    "sponsored",  NULL};

/* Elements that hold an image. */
static const char *const np_image_tags[] = {"img", "amp-img", "amp-anim",
                                            "picture", NULL};

/* ARIA roles of elements removed before scoring. */
static const char *const np_unlikely_roles[] = {
    "menu",  "menubar",     "complementary", "navigation",
    "alert", "alertdialog", "dialog",        NULL};

/* Elements whose text is scored. */
static const char *const np_tags_to_score[] = {
    "section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL};

/* Block elements that keep a div from becoming a paragraph. */
static const char *const np_div_to_p_blocks[] = {
    "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", NULL};

/* Elements a sibling of the top candidate may keep as its name. */
static const char *const np_keep_as_div[] = {"div", "article", "section", "p",
                                             "ol",  "ul",      "figure",  NULL};

/* Phrasing (inline) elements. */
static const char *const np_phrasing[] = {
    "abbr",     "audio",  "b",        "bdo",      "br",     "button", "cite",
    "code",     "data",   "datalist", "dfn",      "em",     "embed",  "i",
    "img",      "input",  "kbd",      "label",    "mark",   "math",   "meter",
    "noscript", "object", "output",   "progress", "q",      "ruby",   "samp",
    "script",   "select", "small",    "span",     "strong", "sub",    "sup",
    "textarea", "time",   "var",      "wbr",      "font",   NULL};

/* Headings. */
static const char *const np_headings[] = {"h1", "h2", "h3", "h4",
                                          "h5", "h6", NULL};

/* Elements never kept inside the article. */
static const char *const np_junk_tags[] = {
    "object", "embed", "footer",   "link",   "aside",
    "iframe", "input", "textarea", "select", "button",
    "nav",    "svg",   "canvas",   "dialog", NULL};

/* Substrings of image URLs of tracking pixels. */
static const char *const np_tracker_urls[] = {"quantserve.",
                                              "quantcast",
                                              "doubleclick.",
                                              "scorecardresearch.",
                                              "pixel.",
                                              "/pixel",
                                              "/beacon",
                                              "facebook.com/tr",
                                              "google-analytics.",
                                              "googletagmanager.",
                                              "chartbeat.",
                                              "/tracking",
                                              "sb.scorecardresearch",
                                              "bat.bing.",
                                              "analytics.",
                                              NULL};

/* Starts of the text of previous/next-article links. */
static const char *const np_pager_words[] = {
    "previous", "prev", "next", "older", "newer", "« ", "‹ ", NULL};

/* Text measures of a subtree, as Readability reads textContent: lengths in
 * UTF-16 units. */
typedef struct {
  size_t len;          /* trimmed, each white space run counted once */
  size_t raw;          /* every character */
  size_t commas;       /* commas of any script */
  size_t ascii_commas; /* "," only */
} np_text_stat;

/* State of one extraction attempt. */
typedef struct {
  xmlDoc *dom;
  xmlNode *body;
  int flags;
  const char *title;
  int byline_done;
  GHashTable *scores;      /* xmlNode * -> double * */
  GPtrArray *candidates;   /* scored nodes, in the order first scored */
  GHashTable *data_tables; /* tables judged to hold data */
  GHashTable *evidence;    /* words of the JSON-LD articleBody, or NULL */
  int evidence_chose;      /* the evidence overruled the scores */
  int evidence_fits;       /* the top candidate matches the evidence */
} np_extractor;

static int np_tag_in(const xmlNode *node, const char *const *tags) {
  size_t i;

  if (!node || node->type != XML_ELEMENT_NODE)
    return 0;
  for (i = 0; tags[i]; i++) {
    if (node->name[0] == (xmlChar)tags[i][0] &&
        strcmp((const char *)node->name, tags[i]) == 0)
      return 1;
  }
  return 0;
}

/* Returns nonzero when s contains needle, ignoring ASCII case. */
static int np_contains_ci(const char *s, const char *needle) {
  size_t n = strlen(needle);

  for (; s && *s; s++) {
    if (g_ascii_strncasecmp(s, needle, n) == 0)
      return 1;
  }
  return 0;
}

/* Returns nonzero when value holds any of words starting after a character
 * that is not a letter or digit (whole is set: also ending before one). The
 * word starts are few, so they are found once and every word tried there. */
static int np_has_any_word(const char *value, const char *const *words,
                           int whole) {
  const char *p;
  size_t i;

  for (p = value; p && *p; p++) {
    if (p != value && g_ascii_isalnum(p[-1]))
      continue;
    for (i = 0; words[i]; i++) {
      size_t n;

      if (g_ascii_tolower(*p) != g_ascii_tolower(words[i][0]))
        continue;
      n = strlen(words[i]);
      if (g_ascii_strncasecmp(p, words[i], n) == 0 &&
          (!whole || !g_ascii_isalnum(p[n])))
        return 1;
    }
  }
  return 0;
}

/* Returns nonzero when the class or id of node holds any of words, which
 * are lowercase (at the start of a word; whole words when whole is set). */
static int np_hint_word(const xmlNode *node, const char *const *words,
                        int whole) {
  return np_has_any_word(np_dom_attr(node, "class"), words, whole) ||
         np_has_any_word(np_dom_attr(node, "id"), words, whole);
}

/* Returns the byte length of the white space character at p, or 0. */
static size_t np_space_at(const unsigned char *p) {
  if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
      *p == '\v')
    return 1;
  if (p[0] == 0xC2 && p[1] == 0xA0)
    return 2;
  if (p[0] == 0xE2 && p[1] == 0x80 &&
      ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 || p[2] == 0xA9 ||
       p[2] == 0xAF))
    return 3;
  if ((p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||
      (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ||
      (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F))
    return 3;
  return 0;
}

/* Returns nonzero when the character at p is a comma of some script:
 * U+002C, U+060C, U+FE50, U+FE10, U+FE11, U+2E41, U+2E34, U+2E32, U+FF0C. */
static int np_comma_at(const unsigned char *p) {
  switch (p[0]) {
  case ',':
    return 1;
  case 0xD8:
    return p[1] == 0x8C;
  case 0xE2:
    return (p[1] == 0xB9 && p[2] == 0x81) ||
           (p[1] == 0xB8 && (p[2] == 0xB4 || p[2] == 0xB2));
  case 0xEF:
    return (p[1] == 0xB9 && p[2] == 0x90) ||
           (p[1] == 0xB8 && (p[2] == 0x90 || p[2] == 0x91)) ||
           (p[1] == 0xBC && p[2] == 0x8C);
  default:
    return 0;
  }
}

/* Adds the characters of s to st, stopping once st->len passes limit;
 * *started and *pending track white space between the texts of one
 * subtree. */
static void np_text_stat_add(const char *s, size_t limit, np_text_stat *st,
                             int *started, int *pending) {
  const unsigned char *p = (const unsigned char *)s;

  while (*p && st->len <= limit) {
    size_t n, units, i;

    /* a run of ASCII letters, digits and marks at once */
    if (*p > ' ' && *p < 0x80 && *p != ',') {
      const unsigned char *q = p + 1;

      while (*q > ' ' && *q < 0x80 && *q != ',')
        q++;
      if (*started && *pending)
        st->len++;
      st->len += (size_t)(q - p);
      st->raw += (size_t)(q - p);
      *started = 1;
      *pending = 0;
      p = q;
      continue;
    }
    /* other ASCII, without the multi-byte tests */
    if (*p < 0x80) {
      st->raw++;
      if (*p == ' ' || (*p >= '\t' && *p <= '\r')) {
        *pending = 1;
      } else {
        if (*started && *pending)
          st->len++;
        st->len++;
        *started = 1;
        *pending = 0;
        if (*p == ',') {
          st->commas++;
          st->ascii_commas++;
        }
      }
      p++;
      continue;
    }
    n = *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
    units = n == 4 ? 2 : 1;

    for (i = 1; i < n; i++) {
      if (!p[i]) {
        n = i;
        break;
      }
    }
    st->raw += units;
    if (np_space_at(p)) {
      *pending = 1;
    } else {
      if (*started && *pending)
        st->len++;
      st->len += units;
      *started = 1;
      *pending = 0;
      if (np_comma_at(p)) {
        st->commas++;
        if (*p == ',')
          st->ascii_commas++;
      }
    }
    p += n;
  }
}

/* Measures the text of the subtree under node, stopping once its length
 * passes limit (SIZE_MAX: never), so that a test of a short text costs
 * little on a large subtree. */
static np_text_stat np_text_measure_upto(const xmlNode *node, size_t limit) {
  np_text_stat st = {0, 0, 0, 0};
  const xmlNode *cur = node;
  int started = 0, pending = 0;

  while (cur && st.len <= limit) {
    int skip = 0;

    if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) &&
        cur->content)
      np_text_stat_add((const char *)cur->content, limit, &st, &started,
                       &pending);
    else if (cur->type == XML_ELEMENT_NODE && np_dom_is_opaque(cur))
      skip = 1;
    else if (cur->type != XML_ELEMENT_NODE && cur != node)
      skip = 1;
    cur = np_dom_walk_next(node, cur, skip);
  }
  return st;
}

static np_text_stat np_text_measure(const xmlNode *node) {
  return np_text_measure_upto(node, SIZE_MAX);
}

static size_t np_text_len(const xmlNode *node) {
  return np_text_measure(node).len;
}

/* Returns nonzero when the text of node is shorter than limit characters;
 * looks at no more of it than that takes. */
static int np_text_shorter(const xmlNode *node, size_t limit) {
  return np_text_measure_upto(node, limit).len < limit;
}

/* Returns nonzero when the subtree under node holds any visible text. */
static int np_has_text(const xmlNode *node) {
  const xmlNode *cur = node;

  while (cur) {
    int skip = 0;

    if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
      const unsigned char *p = cur->content;

      while (p && *p) {
        size_t n = np_space_at(p);

        if (!n)
          return 1;
        p += n;
      }
    } else if (cur->type != XML_ELEMENT_NODE || np_dom_is_opaque(cur)) {
      skip = 1;
    }
    cur = np_dom_walk_next(node, cur, skip);
  }
  return 0;
}

/* Weight of the text of link a in the link density: in-page links count
 * less, javascript: ones not at all. */
typedef enum { NP_LINK_FULL, NP_LINK_IN_PAGE, NP_LINK_NONE } np_link_kind;

static np_link_kind np_link_kind_of(const xmlNode *a) {
  const char *href = np_dom_attr(a, "href");

  if (href && g_ascii_strncasecmp(href, "javascript:", 11) == 0)
    return NP_LINK_NONE;
  return href && href[0] == '#' && href[1] ? NP_LINK_IN_PAGE : NP_LINK_FULL;
}

/* Link text of a subtree by kind: full-weight and in-page characters. */
typedef struct {
  size_t full;
  size_t in_page;
} np_link_text;

static void np_link_text_add(np_link_text *to, const np_link_text *from) {
  to->full += from->full;
  to->in_page += from->in_page;
}

/* The link density of text len characters holding links. */
static double np_density_of(const np_link_text *links, size_t len) {
  if (len == 0)
    return 0;
  return ((double)links->full + 0.3 * (double)links->in_page) / (double)len;
}

/* Share of the len characters of text of node that sit in links (in-page
 * links count less). */
static double np_link_density_len(const xmlNode *node, size_t len) {
  np_link_text links = {0, 0};
  const xmlNode *cur = node;

  if (len == 0)
    return 0;
  while (cur) {
    int skip = 0;

    if (cur->type != XML_ELEMENT_NODE) {
      skip = 1;
    } else if (cur != node && np_dom_is(cur, "a")) {
      np_link_kind kind = np_link_kind_of(cur);

      if (kind == NP_LINK_FULL)
        links.full += np_text_len(cur);
      else if (kind == NP_LINK_IN_PAGE)
        links.in_page += np_text_len(cur);
      skip = 1;
    }
    cur = np_dom_walk_next(node, cur, skip);
  }
  return np_density_of(&links, len);
}

/* Share of the text of node that sits in links. */
static double np_link_density(const xmlNode *node) {
  return np_link_density_len(node, np_text_len(node));
}

/* The text length of a run of text, in a form that adds up: np_text_stat's
 * len of the run alone, whether it holds a character that is not white
 * space, and whether white space opens it, closes it or is all of it. */
typedef struct {
  size_t len;
  int has_text;
  int lead_space;  /* with has_text: white space before the first character */
  int trail_space; /* white space after the last character, or (without
                      has_text) anywhere */
} np_text_run;

/* Appends run b to run a: the two lengths and one space between them when
 * either side has white space at the join. */
static void np_text_run_add(np_text_run *a, const np_text_run *b) {
  if (!b->has_text) {
    a->trail_space |= b->trail_space;
  } else if (!a->has_text) {
    int space = a->trail_space;

    *a = *b;
    a->lead_space |= space;
  } else {
    a->len += b->len + (a->trail_space || b->lead_space ? 1 : 0);
    a->trail_space = b->trail_space;
  }
}

/* The run of one text node's content. */
static np_text_run np_text_run_of(const char *content) {
  np_text_stat st = {0, 0, 0, 0};
  int started = 0, pending = 0;
  np_text_run run;

  np_text_stat_add(content, SIZE_MAX, &st, &started, &pending);
  run.len = st.len;
  run.has_text = started;
  run.lead_space = started && np_space_at((const unsigned char *)content);
  run.trail_space = pending;
  return run;
}

/* Share of the len characters of text of node inside descendants named by
 * tags. */
static double np_text_density_len(const xmlNode *node, const char *const *tags,
                                  size_t len) {
  size_t inner = 0;
  const xmlNode *cur = node;

  if (len == 0)
    return 0;
  while (cur) {
    if (cur != node && np_tag_in(cur, tags))
      inner += np_text_len(cur);
    cur = np_dom_walk_next(node, cur, cur->type != XML_ELEMENT_NODE);
  }
  return (double)inner / (double)len;
}

/* Adds to counts[i] the number of descendants of node named tags[i], for
 * each of the NULL-ended tags, in one walk. */
static void np_count_tags(const xmlNode *node, const char *const *tags,
                          size_t *counts) {
  const xmlNode *cur = node;
  size_t i;

  while (cur) {
    if (cur != node && cur->type == XML_ELEMENT_NODE) {
      for (i = 0; tags[i]; i++) {
        if (np_dom_is(cur, tags[i])) {
          counts[i]++;
          break;
        }
      }
    }
    cur = np_dom_walk_next(node, cur, cur->type != XML_ELEMENT_NODE);
  }
}

/* Counts the descendants of node named tag. */
static size_t np_count_tag(const xmlNode *node, const char *tag) {
  const char *const tags[] = {tag, NULL};
  size_t n = 0;

  np_count_tags(node, tags, &n);
  return n;
}

/* Returns nonzero when the subtree under node holds an image element. */
static int np_has_image(const xmlNode *node) {
  const xmlNode *cur = node;

  while (cur) {
    if (cur != node && np_tag_in(cur, np_image_tags))
      return 1;
    cur = np_dom_walk_next(node, cur, cur->type != XML_ELEMENT_NODE);
  }
  return 0;
}

static size_t np_child_elements(const xmlNode *node) {
  const xmlNode *c;
  size_t n = 0;

  for (c = np_dom_first_element(node); c; c = np_dom_next_element(c))
    n++;
  return n;
}

/* Weight of one class or id value. */
static int np_hint_weight(const char *value) {
  int weight = 0;
  size_t len;

  if (!value || !*value)
    return 0;
  len = strlen(value);
  if (np_ascii_contains_any(value, np_negative_hints) ||
      g_ascii_strcasecmp(value, "hid") == 0 ||
      g_ascii_strncasecmp(value, "hid ", 4) == 0 ||
      (len > 4 && g_ascii_strcasecmp(value + len - 4, " hid") == 0) ||
      np_contains_ci(value, " hid "))
    weight -= NP_EXTRACT_HINT_WEIGHT;
  if (np_ascii_contains_any(value, np_positive_hints))
    weight += NP_EXTRACT_HINT_WEIGHT;
  return weight;
}

static int np_class_weight(const np_extractor *ex, const xmlNode *node) {
  if (!(ex->flags & NP_ATTEMPT_WEIGHT_CLASSES))
    return 0;
  return np_hint_weight(np_dom_attr(node, "class")) +
         np_hint_weight(np_dom_attr(node, "id"));
}

/* Returns nonzero when an ancestor of node within depth levels (any depth
 * when depth is 0) is named tag, stopping at stop; when tables is given the
 * ancestor must be in it. */
static int np_has_ancestor(const xmlNode *node, const char *tag, int depth,
                           const xmlNode *stop, GHashTable *tables) {
  int level = 0;

  for (node = node->parent; node && node->type == XML_ELEMENT_NODE;
       node = node->parent, level++) {
    if (depth > 0 && level > depth)
      return 0;
    if (np_dom_is(node, tag) &&
        (!tables || g_hash_table_contains(tables, node)))
      return 1;
    if (node == stop)
      return 0;
  }
  return 0;
}

/* Element walk in document order inside root: the first child unless
 * skip_children, else the next sibling or an ancestor's next sibling. */
static xmlNode *np_next_element(const xmlNode *root, xmlNode *node,
                                int skip_children) {
  xmlNode *n;

  if (!skip_children && (n = np_dom_first_element(node)))
    return n;
  while (node && node != root) {
    if ((n = np_dom_next_element(node)))
      return n;
    node = node->parent;
  }
  return NULL;
}

static void np_remove(xmlNode *node) {
  xmlUnlinkNode(node);
  xmlFreeNode(node);
}

/* Removes node and returns the next element of the walk. */
static xmlNode *np_remove_and_next(const xmlNode *root, xmlNode *node) {
  xmlNode *next = np_next_element(root, node, 1);

  np_remove(node);
  return next;
}

static void np_rename(xmlNode *node, const char *name) {
  xmlNodeSetName(node, BAD_CAST name);
}

/* A text node of white space only, or a <br>. */
static int np_is_whitespace(const xmlNode *node) {
  if (node->type == XML_TEXT_NODE)
    return !np_has_text(node);
  return np_dom_is(node, "br");
}

static int np_is_phrasing(const xmlNode *node) {
  const xmlNode *c;

  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    return 1;
  if (node->type != XML_ELEMENT_NODE)
    return 0;
  if (np_tag_in(node, np_phrasing))
    return 1;
  if (!np_dom_is(node, "a") && !np_dom_is(node, "del") &&
      !np_dom_is(node, "ins"))
    return 0;
  for (c = node->children; c; c = c->next) {
    if (!np_is_phrasing(c))
      return 0;
  }
  return 1;
}

/* Skips the non-element siblings made of white space from node on. */
static xmlNode *np_skip_space(xmlNode *node) {
  while (node && node->type != XML_ELEMENT_NODE &&
         (!node->content || !np_has_text(node)))
    node = node->next;
  return node;
}

/* Returns nonzero when node has a single element child named tag and no
 * text of its own. */
static int np_has_single_child(const xmlNode *node, const char *tag) {
  const xmlNode *c;
  xmlNode *first = np_dom_first_element(node);

  if (!first || np_dom_next_element(first) || !np_dom_is(first, tag))
    return 0;
  for (c = node->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content && *c->content) {
      size_t n = strlen((const char *)c->content);

      if (!g_ascii_isspace(c->content[n - 1]))
        return 0;
    }
  }
  return 1;
}

static int np_has_child_block(const xmlNode *node) {
  const xmlNode *c;

  for (c = np_dom_first_element(node); c; c = np_dom_next_element(c)) {
    if (np_tag_in(c, np_div_to_p_blocks) || np_has_child_block(c))
      return 1;
  }
  return 0;
}

/* A div, section, header or heading with no text and only br/hr inside. */
static int np_is_empty_element(const xmlNode *node) {
  size_t children, breaks;

  if (np_has_text(node))
    return 0;
  children = np_child_elements(node);
  if (children == 0)
    return 1;
  breaks = np_count_tag(node, "br") + np_count_tag(node, "hr");
  return children == breaks;
}

/* Splits s into lowercase ASCII word tokens. */
static GPtrArray *np_tokens(const char *s) {
  GPtrArray *tokens = g_ptr_array_new_with_free_func(g_free);
  const char *p = s;

  while (p && *p) {
    const char *start;

    while (*p && !g_ascii_isalnum(*p) && *p != '_')
      p++;
    start = p;
    while (*p && (g_ascii_isalnum(*p) || *p == '_'))
      p++;
    if (p > start)
      g_ptr_array_add(tokens, g_ascii_strdown(start, p - start));
  }
  return tokens;
}

/* Readability's similarity of text b to text a: the share of b's tokens
 * (by length) that also occur in a. */
static double np_similarity(const char *a, const char *b) {
  GPtrArray *ta = np_tokens(a), *tb = np_tokens(b);
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  size_t all = 0, unique = 0, n_unique = 0, i;
  double result = 0;

  if (ta->len == 0 || tb->len == 0)
    goto done;
  for (i = 0; i < ta->len; i++)
    g_hash_table_add(seen, ta->pdata[i]);
  for (i = 0; i < tb->len; i++) {
    size_t len = strlen(tb->pdata[i]);

    all += len + (i > 0);
    if (!g_hash_table_contains(seen, tb->pdata[i])) {
      unique += len + (n_unique > 0);
      n_unique++;
    }
  }
  result = 1.0 - (double)unique / (double)all;
done:
  g_hash_table_destroy(seen);
  g_ptr_array_free(ta, TRUE);
  g_ptr_array_free(tb, TRUE);
  return result;
}

static int np_duplicates_title(const np_extractor *ex, const xmlNode *node) {
  char *text;
  int dup;

  if (!ex->title || (!np_dom_is(node, "h1") && !np_dom_is(node, "h2")))
    return 0;
  text = np_dom_text(node);
  dup = np_similarity(ex->title, text) > 0.75;
  free(text);
  return dup;
}

static int np_is_hidden(const xmlNode *node) {
  const char *cls = np_dom_attr(node, "class");

  if (cls && strstr(cls, "fallback-image"))
    return 0;
  return np_dom_is_hidden(node);
}

static int np_is_unlikely(const np_extractor *ex, const xmlNode *node) {
  const char *role;

  if (!(ex->flags & NP_ATTEMPT_STRIP_UNLIKELYS))
    return 0;
  if (np_dom_hint_has(node, np_unlikely_hints) &&
      !np_dom_hint_has(node, np_maybe_hints) &&
      !np_has_ancestor(node, "table", NP_EXTRACT_ANCESTOR_DEPTH, NULL, NULL) &&
      !np_has_ancestor(node, "code", NP_EXTRACT_ANCESTOR_DEPTH, NULL, NULL) &&
      !np_dom_is(node, "body") && !np_dom_is(node, "a"))
    return 1;
  role = np_dom_attr(node, "role");
  if (role) {
    size_t i;

    for (i = 0; np_unlikely_roles[i]; i++) {
      if (strcmp(role, np_unlikely_roles[i]) == 0)
        return 1;
    }
  }
  return 0;
}

/* Returns nonzero when node is a link that only lets screen readers skip
 * to the content ("Skip to content"). */
static int np_is_skip_link(const xmlNode *node) {
  const char *href = np_dom_attr(node, "href");
  char *text;
  int skip;

  if (!np_dom_is(node, "a") || !href || href[0] != '#')
    return 0;
  if (np_hint_word(node, np_skip_hints, 0))
    return 1;
  text = np_dom_text(node);
  skip = g_ascii_strncasecmp(text, "skip to ", 8) == 0 ||
         g_ascii_strncasecmp(text, "jump to ", 8) == 0;
  free(text);
  return skip;
}

/* Returns 1 when node has a video or audio element among its children or
 * their children, -1 when it holds a paragraph (the article's text, not a
 * player), else 0. */
static int np_holds_media(const xmlNode *node) {
  const xmlNode *c, *g;

  for (c = node->children; c; c = c->next)
    if (np_dom_is(c, "p"))
      return -1;
  for (c = node->children; c; c = c->next) {
    if (np_dom_is(c, "video") || np_dom_is(c, "audio"))
      return 1;
    for (g = c->children; g; g = g->next)
      if (np_dom_is(g, "video") || np_dom_is(g, "audio"))
        return 1;
  }
  return 0;
}

/* Returns nonzero when node is a control of a media player: an element of
 * a control's role (a button, slider, progress bar, timer, toolbar, or a
 * group of them) within NP_EXTRACT_PLAYER_DEPTH levels of the element that
 * holds the video or audio, below any that holds paragraphs. Its text ("Play
 * Video", "Current Time 0:00", "Fullscreen") is the player's, not the
 * article's. */
static int np_is_player_control(const xmlNode *node) {
  static const char *const control_roles[] = {
      "button", "slider", "progressbar", "timer", "toolbar", "group", NULL};
  const char *role = np_dom_attr(node, "role");
  const xmlNode *up = node->parent;
  size_t i;
  int depth, media = 0;

  if (!role)
    return 0;
  for (i = 0; control_roles[i] && strcmp(role, control_roles[i]) != 0; i++)
    ;
  if (!control_roles[i])
    return 0;
  for (depth = 0; !media && up && up->type == XML_ELEMENT_NODE &&
                  depth < NP_EXTRACT_PLAYER_DEPTH;
       depth++, up = up->parent)
    media = np_holds_media(up);
  return media > 0;
}

/* Returns nonzero when node is a cookie or consent box. */
static int np_is_consent(const xmlNode *node) {
  if (!np_dom_hint_has(node, np_consent_hints) &&
      !np_hint_word(node, (const char *const[]){"cmp", NULL}, 0))
    return 0;
  return np_text_shorter(node, NP_EXTRACT_CONSENT_MAX);
}

/* Returns nonzero when the text of node is only the label of an advertising
 * slot ("Advertisement", "Anzeige", "פרסומת"). */
static int np_is_ad_label(const xmlNode *node) {
  np_text_stat st;
  char *text = NULL, *lower = NULL;
  const char *start, *end;
  size_t i, n;
  int found = 0;

  if (np_child_elements(node) > 2 || np_dom_is(node, "body"))
    goto done;
  st = np_text_measure_upto(node, NP_EXTRACT_LABEL_MAX + 1);
  if (st.len == 0 || st.len > NP_EXTRACT_LABEL_MAX)
    goto done;
  text = np_dom_text(node);
  if (strlen(text) > NP_EXTRACT_LABEL_MAX)
    goto done;
  /* without the dashes, dots and brackets around the word */
  for (start = text; *start && g_ascii_ispunct(*start); start++)
    ;
  for (end = start + strlen(start);
       end > start && (g_ascii_ispunct(end[-1]) || g_ascii_isspace(end[-1]));
       end--)
    ;
  while (*start == ' ')
    start++;
  if (end <= start)
    goto done;
  n = (size_t)(end - start);
  if (g_str_is_ascii(start)) {
    for (i = 0; np_ad_labels[i] && !found; i++)
      found = g_ascii_strncasecmp(start, np_ad_labels[i], n) == 0 &&
              np_ad_labels[i][n] == '\0';
  } else {
    lower = g_utf8_strdown(start, (gssize)n);
    for (i = 0; np_ad_labels[i] && !found; i++)
      found = strcmp(lower, np_ad_labels[i]) == 0;
  }
done:
  g_free(lower);
  free(text);
  return found;
}

/* Returns nonzero when node is an advertising slot or its label. */
static int np_is_ad(const xmlNode *node) {
  if (np_tag_in(node, np_ad_tags))
    return 1;
  if ((np_hint_word(node, np_ad_hints, 0) ||
       np_hint_word(node, np_ad_words, 1)) &&
      np_text_shorter(node, NP_EXTRACT_BOX_MAX))
    return 1;
  return np_is_ad_label(node);
}

/* Turns runs of two or more <br> into paragraphs holding the phrasing
 * content that follows, as Readability does. Removed nodes go to graveyard
 * so that the brs still to do stay valid pointers. */
static void np_replace_brs(np_extractor *ex, xmlNode *br,
                           GPtrArray *graveyard) {
  xmlNode *next = br->next, *p;
  int replaced = 0;

  while ((next = np_skip_space(next)) && np_dom_is(next, "br")) {
    xmlNode *after = next->next;

    replaced = 1;
    xmlUnlinkNode(next);
    g_ptr_array_add(graveyard, next);
    next = after;
  }
  if (!replaced)
    return;
  p = xmlNewDocNode(ex->dom, NULL, BAD_CAST "p", NULL);
  xmlReplaceNode(br, p);
  g_ptr_array_add(graveyard, br);
  next = p->next;
  while (next) {
    xmlNode *after;

    if (np_dom_is(next, "br")) {
      xmlNode *following = np_skip_space(next->next);

      if (following && np_dom_is(following, "br"))
        break;
    }
    if (!np_is_phrasing(next))
      break;
    after = next->next;
    xmlUnlinkNode(next);
    xmlAddChild(p, next);
    next = after;
  }
  while (p->last && np_is_whitespace(p->last)) {
    xmlNode *last = p->last;

    xmlUnlinkNode(last);
    g_ptr_array_add(graveyard, last);
  }
  if (np_dom_is(p->parent, "p"))
    np_rename(p->parent, "div");
}

/* Removes scripts and styles, renames <font> to <span> and turns <br> runs
 * into paragraphs; with raw, also removes hidden elements. */
static void np_prepare(np_extractor *ex, int raw) {
  GPtrArray *brs = g_ptr_array_new();
  GPtrArray *graveyard =
      g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeNode);
  xmlNode *cur = ex->body;
  size_t i;

  while (cur) {
    int skip = 0;

    if (cur->type != XML_ELEMENT_NODE) {
      skip = 1;
    } else if (np_dom_is(cur, "script") || np_dom_is(cur, "style") ||
               np_dom_is(cur, "template") ||
               (raw && cur != ex->body && np_dom_is_hidden(cur))) {
      xmlNode *next = np_dom_walk_next(ex->body, cur, 1);

      xmlUnlinkNode(cur);
      g_ptr_array_add(graveyard, cur);
      cur = next;
      continue;
    } else if (np_dom_is(cur, "font")) {
      np_rename(cur, "span");
    } else if (np_dom_is(cur, "br")) {
      g_ptr_array_add(brs, cur);
    }
    cur = np_dom_walk_next(ex->body, cur, skip);
  }
  for (i = 0; !raw && i < brs->len; i++) {
    xmlNode *br = brs->pdata[i];

    if (br->parent)
      np_replace_brs(ex, br, graveyard);
  }
  g_ptr_array_free(brs, TRUE);
  g_ptr_array_free(graveyard, TRUE);
}

/* Wraps runs of phrasing children of div into paragraphs. */
static void np_wrap_phrasing(np_extractor *ex, xmlNode *div) {
  xmlNode *child, *next, *p = NULL;

  for (child = div->children; child; child = next) {
    next = child->next;
    if (np_is_phrasing(child)) {
      if (p) {
        xmlUnlinkNode(child);
        xmlAddChild(p, child);
      } else if (!np_is_whitespace(child)) {
        p = xmlNewDocNode(ex->dom, NULL, BAD_CAST "p", NULL);
        xmlAddPrevSibling(child, p);
        xmlUnlinkNode(child);
        xmlAddChild(p, child);
      }
    } else if (p) {
      while (p->last && np_is_whitespace(p->last))
        np_remove(p->last);
      p = NULL;
    }
  }
}

static double *np_score_of(const np_extractor *ex, const xmlNode *node) {
  return g_hash_table_lookup(ex->scores, node);
}

/* Gives node its starting score from its name and class. */
static double *np_init_score(np_extractor *ex, xmlNode *node) {
  double *score = g_new(double, 1);

  *score = 0;
  if (np_dom_is(node, "div"))
    *score += 5;
  else if (np_dom_is(node, "pre") || np_dom_is(node, "td") ||
           np_dom_is(node, "blockquote"))
    *score += 3;
  else if (np_dom_is(node, "address") || np_dom_is(node, "ol") ||
           np_dom_is(node, "ul") || np_dom_is(node, "dl") ||
           np_dom_is(node, "dd") || np_dom_is(node, "dt") ||
           np_dom_is(node, "li") || np_dom_is(node, "form"))
    *score -= 3;
  else if (np_tag_in(node, np_headings) || np_dom_is(node, "th"))
    *score -= 5;
  *score += np_class_weight(ex, node);
  g_hash_table_insert(ex->scores, node, score);
  g_ptr_array_add(ex->candidates, node);
  return score;
}

/* Gives to, which replaces from, the class and id of from when it has
 * none, so that later steps still see what the block was. */
static void np_keep_hints(const xmlNode *from, xmlNode *to) {
  static const char *const names[] = {"class", "id", NULL};
  size_t i;

  for (i = 0; names[i]; i++) {
    const char *value = np_dom_attr(from, names[i]);

    if (value && !np_dom_attr(to, names[i]))
      xmlSetProp(to, BAD_CAST names[i], BAD_CAST value);
  }
}

/* Walks the page: drops hidden, unlikely and empty elements and the byline,
 * turns inline-only divs into paragraphs, and returns the elements whose
 * text is scored. */
static GPtrArray *np_collect(np_extractor *ex) {
  GPtrArray *to_score = g_ptr_array_new();
  xmlNode *node = ex->body;
  int title_done = 0;

  while (node) {
    if (node != ex->body &&
        (np_is_hidden(node) ||
         (g_strcmp0(np_dom_attr(node, "aria-modal"), "true") == 0 &&
          g_strcmp0(np_dom_attr(node, "role"), "dialog") == 0))) {
      node = np_remove_and_next(ex->body, node);
      continue;
    }
    if (node != ex->body && (np_is_skip_link(node) || np_is_consent(node) ||
                             np_is_ad(node) || np_is_player_control(node))) {
      node = np_remove_and_next(ex->body, node);
      continue;
    }
    if (!ex->byline_done && np_metadata_is_byline(node)) {
      ex->byline_done = 1;
      node = np_remove_and_next(ex->body, node);
      continue;
    }
    if (!title_done && np_duplicates_title(ex, node)) {
      title_done = 1;
      node = np_remove_and_next(ex->body, node);
      continue;
    }
    if (node != ex->body && np_is_unlikely(ex, node)) {
      node = np_remove_and_next(ex->body, node);
      continue;
    }
    if ((np_dom_is(node, "div") || np_dom_is(node, "section") ||
         np_dom_is(node, "header") || np_tag_in(node, np_headings)) &&
        np_is_empty_element(node)) {
      node = np_remove_and_next(ex->body, node);
      continue;
    }
    if (np_tag_in(node, np_tags_to_score))
      g_ptr_array_add(to_score, node);
    if (np_dom_is(node, "div")) {
      np_wrap_phrasing(ex, node);
      if (np_has_single_child(node, "p") && np_link_density(node) < 0.25) {
        xmlNode *p = np_dom_first_element(node);

        np_keep_hints(node, p);
        xmlUnlinkNode(p);
        xmlReplaceNode(node, p);
        xmlFreeNode(node);
        node = p;
        g_ptr_array_add(to_score, node);
      } else if (!np_has_child_block(node)) {
        np_rename(node, "p");
        g_ptr_array_add(to_score, node);
      }
    }
    node = np_next_element(ex->body, node, 0);
  }
  return to_score;
}

/* Scores the collected elements into their ancestors. */
static void np_score(np_extractor *ex, GPtrArray *to_score) {
  size_t i;

  for (i = 0; i < to_score->len; i++) {
    xmlNode *node = to_score->pdata[i], *anc;
    np_text_stat st;
    double points;
    int level;

    if (!node->parent || node->parent->type != XML_ELEMENT_NODE)
      continue;
    st = np_text_measure(node);
    if (st.len < NP_EXTRACT_MIN_SCORED_TEXT)
      continue;
    points =
        1.0 + (double)(st.commas + 1) + (double)MIN(st.len / 100, (size_t)3);
    for (anc = node->parent, level = 0; anc && anc->type == XML_ELEMENT_NODE &&
                                        level < NP_EXTRACT_SCORE_LEVELS;
         anc = anc->parent, level++) {
      double *score;
      double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;

      if (!anc->parent || anc->parent->type != XML_ELEMENT_NODE)
        continue;
      score = np_score_of(ex, anc);
      if (!score)
        score = np_init_score(ex, anc);
      *score += points / divider;
    }
  }
}

static int np_is_ancestor(const xmlNode *anc, const xmlNode *node) {
  for (node = node->parent; node; node = node->parent) {
    if (node == anc)
      return 1;
  }
  return 0;
}

/* Returns the set of lowercase words of text (keys owned by the set). */
static GHashTable *np_word_set(const char *text) {
  GHashTable *set =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char *lower = g_utf8_strdown(text, -1);
  const char *p = lower, *start = NULL;

  while (1) {
    gunichar c = *p ? g_utf8_get_char(p) : 0;

    if (c && g_unichar_isalnum(c)) {
      if (!start)
        start = p;
    } else if (start) {
      g_hash_table_add(set, g_strndup(start, p - start));
      start = NULL;
    }
    if (!c)
      break;
    p = g_utf8_next_char(p);
  }
  g_free(lower);
  return set;
}

/* Word F1 of the text of node against the evidence; *recall receives the
 * share of the evidence's words found in node, *precision the share of
 * node's words found in the evidence. */
static double np_evidence_match(const np_extractor *ex, const xmlNode *node,
                                double *recall, double *precision) {
  char *text = np_dom_text(node);
  GHashTable *words = np_word_set(text);
  GHashTableIter iter;
  gpointer key;
  size_t common = 0, n_words = g_hash_table_size(words);
  size_t n_evidence = g_hash_table_size(ex->evidence);
  double f1 = 0;

  g_hash_table_iter_init(&iter, words);
  while (g_hash_table_iter_next(&iter, &key, NULL)) {
    if (g_hash_table_contains(ex->evidence, key))
      common++;
  }
  *recall = n_evidence ? (double)common / (double)n_evidence : 0;
  *precision = n_words ? (double)common / (double)n_words : 0;
  if (*precision + *recall > 0)
    f1 = 2 * *precision * *recall / (*precision + *recall);
  g_hash_table_destroy(words);
  free(text);
  return f1;
}

/* Returns the candidate whose words best match the JSON-LD articleBody
 * when the top candidate best matches it poorly and another much better;
 * else best. */
static xmlNode *np_prefer_evidence(np_extractor *ex, xmlNode *best) {
  double recall, precision;
  double best_f1 = np_evidence_match(ex, best, &recall, &precision);
  double chosen_f1 = best_f1;
  xmlNode *chosen = best;
  size_t i;

  if (best_f1 >= NP_EXTRACT_EVIDENCE_GOOD) {
    ex->evidence_fits = 1;
    return best;
  }
  for (i = 0; i < ex->candidates->len; i++) {
    xmlNode *c = ex->candidates->pdata[i];
    double f1, r, p;

    if (c == best || c == ex->body || *np_score_of(ex, c) <= 0)
      continue;
    f1 = np_evidence_match(ex, c, &r, &p);
    if (f1 > chosen_f1) {
      chosen_f1 = f1;
      chosen = c;
    }
  }
  if (chosen_f1 < best_f1 + NP_EXTRACT_EVIDENCE_MARGIN)
    return best;
  ex->evidence_chose = 1;
  ex->evidence_fits = chosen_f1 >= NP_EXTRACT_EVIDENCE_GOOD;
  return chosen;
}

/* One element of the walk of np_score_link_densities. */
typedef struct {
  const xmlNode *node;
  const xmlNode *next_child;
  np_text_run run;
  np_link_text links; /* of the descendants, the element itself aside */
} np_density_frame;

/* Multiplies the score of every candidate by one minus its link density,
 * as np_link_density gives it, in one walk of the page instead of one walk
 * of every candidate's subtree (the outer candidates hold the whole page).
 * Returns the number of candidates scaled. */
static size_t np_score_link_densities(np_extractor *ex) {
  GArray *stack = g_array_new(FALSE, FALSE, sizeof(np_density_frame));
  np_density_frame root = {ex->body, ex->body->children, {0, 0, 0, 0}, {0, 0}};
  size_t scaled = 0;

  g_array_append_val(stack, root);
  while (stack->len > 0) {
    np_density_frame *top =
        &g_array_index(stack, np_density_frame, stack->len - 1);
    const xmlNode *child = top->next_child;

    if (child) {
      top->next_child = child->next;
      if (child->type == XML_ELEMENT_NODE) {
        np_density_frame frame = {child, child->children, {0, 0, 0, 0}, {0, 0}};

        g_array_append_val(stack, frame);
      } else if ((child->type == XML_TEXT_NODE ||
                  child->type == XML_CDATA_SECTION_NODE) &&
                 child->content) {
        np_text_run run = np_text_run_of((const char *)child->content);

        np_text_run_add(&top->run, &run);
      }
      continue;
    }

    /* every child done: the element's own figures, then its parent's */
    {
      np_density_frame done = *top;
      int opaque = np_dom_is_opaque(done.node);
      size_t len = opaque || !done.run.has_text ? 0 : done.run.len;
      double *score = np_score_of(ex, done.node);
      np_link_text own = done.links;

      if (score) {
        *score *= 1.0 - np_density_of(&done.links, len);
        scaled++;
      }
      g_array_set_size(stack, stack->len - 1);
      if (stack->len == 0)
        break;
      top = &g_array_index(stack, np_density_frame, stack->len - 1);
      if (np_dom_is(done.node, "a")) {
        np_link_kind kind = np_link_kind_of(done.node);

        own.full = kind == NP_LINK_FULL ? len : 0;
        own.in_page = kind == NP_LINK_IN_PAGE ? len : 0;
      }
      np_link_text_add(&top->links, &own);
      if (!opaque)
        np_text_run_add(&top->run, &done.run);
    }
  }
  g_array_free(stack, TRUE);
  return scaled;
}

/* Picks the top candidate from the scores; NULL when nothing scored or the
 * body won. */
static xmlNode *np_top_candidate(np_extractor *ex) {
  xmlNode *top[NP_EXTRACT_TOP_CANDIDATES] = {NULL};
  double top_score[NP_EXTRACT_TOP_CANDIDATES] = {0};
  xmlNode *best, *parent;
  size_t i, n_alt = 0;
  double last, threshold;

  if (np_score_link_densities(ex) != ex->candidates->len) {
    /* a candidate outside the page: should not happen */
    g_warn_if_reached();
  }
  for (i = 0; i < ex->candidates->len; i++) {
    xmlNode *c = ex->candidates->pdata[i];
    double *score = np_score_of(ex, c);
    int t;

    for (t = 0; t < NP_EXTRACT_TOP_CANDIDATES; t++) {
      if (!top[t] || *score > top_score[t]) {
        int k;

        for (k = NP_EXTRACT_TOP_CANDIDATES - 1; k > t; k--) {
          top[k] = top[k - 1];
          top_score[k] = top_score[k - 1];
        }
        top[t] = c;
        top_score[t] = *score;
        break;
      }
    }
  }
  best = top[0];
  if (best && ex->evidence)
    best = np_prefer_evidence(ex, best);
  if (!best || best == ex->body)
    return NULL;

  /* Several close runners-up under one ancestor: take the ancestor. A
   * runner-up that holds the candidate or lies inside it is the same text
   * scored again, not an alternative. */
  for (i = 1; i < NP_EXTRACT_TOP_CANDIDATES && top[i]; i++) {
    if (top_score[i] / top_score[0] < 0.75 || np_is_ancestor(top[i], best) ||
        np_is_ancestor(best, top[i]))
      top[i] = NULL;
    else
      n_alt++;
  }
  if (!ex->evidence_chose && n_alt >= NP_EXTRACT_MIN_ALTERNATIVES) {
    for (parent = best->parent; parent && parent != ex->body;
         parent = parent->parent) {
      size_t containing = 0;

      for (i = 1; i < NP_EXTRACT_TOP_CANDIDATES; i++) {
        if (top[i] && np_is_ancestor(parent, top[i]))
          containing++;
      }
      if (containing >= NP_EXTRACT_MIN_ALTERNATIVES) {
        best = parent;
        break;
      }
    }
  }
  if (!np_score_of(ex, best))
    np_init_score(ex, best);

  /* A parent scoring higher than the candidate holds more of the article. */
  last = *np_score_of(ex, best);
  threshold = last / 3;
  for (parent = ex->evidence_chose ? ex->body : best->parent;
       parent && parent != ex->body; parent = parent->parent) {
    double *score = np_score_of(ex, parent);

    if (!score)
      continue;
    if (*score < threshold)
      break;
    if (*score > last) {
      best = parent;
      break;
    }
    last = *score;
  }

  /* An only child gives way to its parent, for the sibling step. */
  for (parent = best->parent;
       parent && parent != ex->body && np_child_elements(parent) == 1;
       parent = best->parent)
    best = parent;
  if (!np_score_of(ex, best))
    np_init_score(ex, best);
  return best;
}

/* Returns nonzero when node is a figure (or a wrapper of only a figure)
 * holding an image and at most a short caption that is not mostly links:
 * the lead image next to the article text. */
static int np_is_figure_block(const xmlNode *node) {
  const xmlNode *fig = node;
  int level;

  for (level = 0; level < NP_EXTRACT_FIGURE_DEPTH && !np_dom_is(fig, "figure");
       level++) {
    const xmlNode *only = np_dom_first_element(fig);

    if (!only || np_dom_next_element(only) ||
        np_text_len(only) != np_text_len(fig))
      return 0;
    fig = only;
  }
  if (!np_dom_is(fig, "figure") || np_hint_word(node, np_ad_hints, 0))
    return 0;
  if (!np_has_image(fig))
    return 0;
  return np_text_shorter(fig, NP_EXTRACT_FIGURE_TEXT + 1) &&
         np_link_density(fig) < NP_EXTRACT_MAX_LINK_DENSITY;
}

/* Returns nonzero when a sibling of the top candidate belongs to the
 * article too. */
static int np_sibling_belongs(const np_extractor *ex, const xmlNode *top,
                              const xmlNode *sibling) {
  double top_score = *np_score_of(ex, top);
  double threshold = MAX(10.0, top_score * 0.2);
  double bonus = 0;
  const char *top_class = np_dom_attr(top, "class");
  const double *score = np_score_of(ex, sibling);

  if (top_class && *top_class &&
      g_strcmp0(np_dom_attr(sibling, "class"), top_class) == 0)
    bonus = top_score * 0.2;
  if (np_is_figure_block(sibling))
    return 1;
  if (ex->evidence_fits) {
    double recall, precision;

    np_evidence_match(ex, sibling, &recall, &precision);
    if (precision < NP_EXTRACT_EVIDENCE_SIBLING)
      return 0;
  }
  if (score && *score + bonus >= threshold)
    return 1;
  if (np_dom_is(sibling, "p")) {
    double density = np_link_density(sibling);
    char *text = np_dom_text(sibling);
    size_t len = np_text_len(sibling);
    int keep = 0;

    if (len > 80 && density < 0.25)
      keep = 1;
    else if (len < 80 && len > 0 && density == 0 &&
             (strstr(text, ". ") || g_str_has_suffix(text, ".")))
      keep = 1;
    free(text);
    return keep;
  }
  return 0;
}

/* Marks the tables of the article that hold data rather than layout. */
static void np_mark_data_tables(np_extractor *ex, xmlNode *article) {
  static const char *const data_tags[] = {"col",   "colgroup", "tfoot",
                                          "thead", "th",       NULL};
  xmlNode *cur = article;

  while (cur) {
    if (np_dom_is(cur, "table")) {
      const char *role = np_dom_attr(cur, "role");
      const char *datatable = np_dom_attr(cur, "datatable");
      const char *summary = np_dom_attr(cur, "summary");
      const xmlNode *d;
      int data = -1, has_data_tag = 0, nested = 0, caption = 0;
      size_t rows = 0, columns = 0;

      for (d = cur; d;
           d = np_dom_walk_next(cur, d, d->type != XML_ELEMENT_NODE)) {
        if (d == cur)
          continue;
        if (np_tag_in(d, data_tags))
          has_data_tag = 1;
        else if (np_dom_is(d, "table"))
          nested = 1;
        else if (np_dom_is(d, "caption") && d->children)
          caption = 1;
        else if (np_dom_is(d, "tr")) {
          const char *rowspan = np_dom_attr(d, "rowspan");
          const xmlNode *cell;
          size_t cols = 0;

          rows += rowspan && atoi(rowspan) > 0 ? (size_t)atoi(rowspan) : 1;
          for (cell = np_dom_first_element(d); cell;
               cell = np_dom_next_element(cell)) {
            const char *colspan = np_dom_attr(cell, "colspan");

            if (np_dom_is(cell, "td"))
              cols += colspan && atoi(colspan) > 0 ? (size_t)atoi(colspan) : 1;
          }
          columns = MAX(columns, cols);
        }
      }
      if (role && strcmp(role, "presentation") == 0)
        data = 0;
      else if (datatable && strcmp(datatable, "0") == 0)
        data = 0;
      else if (summary && *summary)
        data = 1;
      else if (caption || has_data_tag)
        data = 1;
      else if (nested)
        data = 0;
      else if (rows >= 10 || columns > 4)
        data = 1;
      else
        data = rows * columns > 10;
      if (data)
        g_hash_table_add(ex->data_tables, cur);
    }
    cur = np_dom_walk_next(article, cur, cur->type != XML_ELEMENT_NODE);
  }
}

/* Collects the descendants of root named by tags, in document order. */
static GPtrArray *np_find_all(xmlNode *root, const char *const *tags) {
  GPtrArray *found = g_ptr_array_new();
  xmlNode *cur = root;

  while (cur) {
    if (cur != root && np_tag_in(cur, tags))
      g_ptr_array_add(found, cur);
    cur = np_dom_walk_next(root, cur, cur->type != XML_ELEMENT_NODE);
  }
  return found;
}

/* Returns nonzero when node is an aside holding a pull quote, which stays
 * in the article (the tree builder flags it). */
static int np_is_pullquote(const xmlNode *node) {
  static const char *const hints[] = {"pullquote", "pull-quote", "pull_quote",
                                      NULL};

  return np_dom_is(node, "aside") && np_dom_hint_has(node, hints);
}

/* Removes every descendant of root named by tags, except pull quotes. */
static void np_clean_tags(xmlNode *root, const char *const *tags) {
  xmlNode *cur = root;

  while (cur) {
    if (cur != root && np_tag_in(cur, tags) && !np_is_pullquote(cur)) {
      xmlNode *next = np_dom_walk_next(root, cur, 1);

      np_remove(cur);
      cur = next;
      continue;
    }
    cur = np_dom_walk_next(root, cur, cur->type != XML_ELEMENT_NODE);
  }
}

/* Returns nonzero when the text of node is only an advertising or loading
 * label. */
static int np_is_label_text(const xmlNode *node) {
  static const char *const labels[] = {
      "ad",         "advertising", "advertisement", "pub",
      "publicité",  "werbung",     "werb",          "广告",
      "реклама",    "anuncio",     "loading",       "loading…",
      "loading...", "chargement",  "cargando",      NULL};
  char *text, *lower;
  size_t i;
  int found = 0;

  /* the longest label, "advertisement", has 13 characters */
  if (!np_text_shorter(node, NP_EXTRACT_LABEL_TEXT_MAX + 1))
    return 0;
  text = np_dom_text(node);
  lower = g_utf8_strdown(text, -1);
  for (i = 0; labels[i] && !found; i++)
    found = strcmp(lower, labels[i]) == 0;
  g_free(lower);
  free(text);
  return found;
}

/* The descendants np_is_fishy counts, and their places in its counts. */
enum {
  NP_FISHY_P,
  NP_FISHY_IMG,
  NP_FISHY_LI,
  NP_FISHY_INPUT,
  NP_FISHY_OBJECT,
  NP_FISHY_EMBED,
  NP_FISHY_IFRAME,
  NP_FISHY_TAGS
};
static const char *const np_fishy_tags[NP_FISHY_TAGS + 1] = {
    "p", "img", "li", "input", "object", "embed", "iframe", NULL};

/* Readability's conditional cleaning: nonzero when node looks like chrome
 * (few paragraphs, many links, images or inputs, a negative class). */
static int np_is_fishy(np_extractor *ex, xmlNode *article, xmlNode *node,
                       const char *tag) {
  int is_list = strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0;
  int weight, is_figure;
  np_text_stat st = np_text_measure(node);
  GPtrArray *tables;
  size_t counts[NP_FISHY_TAGS] = {0};
  size_t i, p, img, li, input, embeds;
  double link_density, heading_density;
  int remove;

  if (!is_list) {
    GPtrArray *lists =
        np_find_all(node, (const char *const[]){"ul", "ol", NULL});
    size_t list_len = 0;

    for (i = 0; i < lists->len; i++)
      list_len += np_text_len(lists->pdata[i]);
    g_ptr_array_free(lists, TRUE);
    is_list =
        st.len == 0 ? list_len > 0 : (double)list_len / (double)st.len > 0.9;
  }
  if (np_dom_is(node, "table") && g_hash_table_contains(ex->data_tables, node))
    return 0;
  if (np_has_ancestor(node, "table", 0, article, ex->data_tables))
    return 0;
  if (np_has_ancestor(node, "code", NP_EXTRACT_ANCESTOR_DEPTH, article, NULL))
    return 0;
  tables = np_find_all(node, (const char *const[]){"table", NULL});
  for (i = 0; i < tables->len; i++) {
    if (g_hash_table_contains(ex->data_tables, tables->pdata[i]))
      break;
  }
  remove = i < tables->len;
  g_ptr_array_free(tables, TRUE);
  if (remove)
    return 0;
  weight = np_class_weight(ex, node);
  if (weight < 0)
    return 1;
  if (st.ascii_commas >= 10)
    return 0;
  np_count_tags(node, np_fishy_tags, counts);
  p = counts[NP_FISHY_P];
  img = counts[NP_FISHY_IMG];
  li = counts[NP_FISHY_LI];
  input = counts[NP_FISHY_INPUT];
  embeds = counts[NP_FISHY_OBJECT] + counts[NP_FISHY_EMBED] +
           counts[NP_FISHY_IFRAME];
  if (np_is_label_text(node))
    return 1;
  heading_density = np_text_density_len(node, np_headings, st.len);
  link_density = np_link_density_len(node, st.len);
  is_figure =
      np_has_ancestor(node, "figure", NP_EXTRACT_ANCESTOR_DEPTH, article, NULL);
  remove = (!is_figure && img > 1 && (double)p / (double)img < 0.5) ||
           (!is_list && li > p + 100) || (input > p / 3) ||
           (!is_list && !is_figure && heading_density < 0.9 && st.len < 25 &&
            (img == 0 || img > 2) && link_density > 0) ||
           (!is_list && weight < 25 && link_density > 0.2) ||
           (weight >= 25 && link_density > 0.5) ||
           (embeds == 1 && st.len < 75) || embeds > 1;
  if (is_list && remove) {
    const xmlNode *c;

    for (c = np_dom_first_element(node); c; c = np_dom_next_element(c)) {
      if (np_child_elements(c) > 1)
        return 1;
    }
    if (img == li)
      return 0;
  }
  return remove;
}

static void np_clean_conditionally(np_extractor *ex, xmlNode *article,
                                   const char *tag) {
  GPtrArray *nodes;
  size_t i;

  if (!(ex->flags & NP_ATTEMPT_CLEAN_CONDITIONALLY))
    return;
  nodes = np_find_all(article, (const char *const[]){tag, NULL});
  for (i = nodes->len; i-- > 0;) {
    xmlNode *node = nodes->pdata[i];

    if (node->parent && np_is_fishy(ex, article, node, tag))
      np_remove(node);
  }
  g_ptr_array_free(nodes, TRUE);
}

/* Returns nonzero when class or id holds "share" as a word. */
static int np_is_share_hint(const char *value) {
  const char *p;

  for (p = value; p && (p = strstr(p, "share")) != NULL; p++) {
    const char *end = p + 5;

    if (p != value && (g_ascii_isalnum(p[-1])))
      continue;
    if (strncmp(end, "daddy", 5) == 0)
      end += 5;
    if (!g_ascii_isalnum(*end))
      return 1;
  }
  return 0;
}

/* Removes small share bars from inside each child of the article. */
static void np_clean_share(xmlNode *article) {
  xmlNode *child;

  for (child = np_dom_first_element(article); child;
       child = np_dom_next_element(child)) {
    xmlNode *cur = np_dom_first_element(child);

    while (cur) {
      char *cls = g_ascii_strdown(
          np_dom_attr(cur, "class") ? np_dom_attr(cur, "class") : "", -1);
      char *id = g_ascii_strdown(
          np_dom_attr(cur, "id") ? np_dom_attr(cur, "id") : "", -1);
      int share = (np_is_share_hint(cls) || np_is_share_hint(id)) &&
                  np_text_measure(cur).raw < NP_EXTRACT_SHARE_MAX;

      g_free(cls);
      g_free(id);
      if (share) {
        cur = np_remove_and_next(child, cur);
        continue;
      }
      cur = np_next_element(child, cur, 0);
    }
  }
}

/* An image that only tracks the reader: 0 or 1 pixel, or a tracker URL. */
static int np_is_tracker(const xmlNode *img) {
  const char *w = np_dom_attr(img, "width");
  const char *h = np_dom_attr(img, "height");
  const char *src = np_dom_attr(img, "src");

  if ((w && atoi(w) <= 1 && g_ascii_isdigit(*w)) ||
      (h && atoi(h) <= 1 && g_ascii_isdigit(*h)))
    return 1;
  /* a data: URI fetches nothing (and may be megabytes long) */
  return src && g_ascii_strncasecmp(src, "data:", 5) != 0 &&
         np_ascii_contains_any(src, np_tracker_urls);
}

/* A short block that only links to the previous or next article. */
static int np_is_pager(const xmlNode *node) {
  char *text;
  size_t i;
  int pager = 0;

  if (!np_text_shorter(node, NP_EXTRACT_BOX_MAX + 1) ||
      np_link_density(node) < 0.5)
    return 0;
  text = np_dom_text(node);
  for (i = 0; np_pager_words[i]; i++) {
    size_t n = strlen(np_pager_words[i]);
    const char *t = text;

    while (*t && !g_ascii_isalpha(*t) && (unsigned char)*t < 0x80)
      t++;
    if (g_ascii_strncasecmp(t, np_pager_words[i], n) == 0 &&
        !g_ascii_isalpha(t[n])) {
      pager = 1;
      break;
    }
  }
  free(text);
  return pager;
}

/* Adds to counts the short texts of the elements under item outside
 * links, each once per item, so that counts tells in how many items each
 * appears. Items larger than NP_EXTRACT_FEED_ITEM_NODES elements are not
 * teasers and are passed over. */
static void np_count_labels(const xmlNode *item, GHashTable *counts) {
  GHashTable *mine = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
  const xmlNode *cur = item;
  GHashTableIter it;
  gpointer key;
  int nodes = 0;

  while (cur && nodes++ < NP_EXTRACT_FEED_ITEM_NODES) {
    /* links differ from item to item: headlines, sources */
    int skip = np_dom_is(cur, "a") || np_dom_is_opaque(cur);

    if (!skip && cur != item && cur->type == XML_ELEMENT_NODE &&
        np_text_shorter(cur, NP_EXTRACT_FEED_LABEL_MAX + 1)) {
      char *text = np_dom_text(cur);

      if (*text && !g_hash_table_contains(mine, text))
        g_hash_table_add(mine, text);
      else
        free(text);
      skip = 1;
    }
    cur = np_dom_walk_next(item, cur, skip);
  }
  if (cur) {
    g_hash_table_destroy(mine);
    return;
  }
  g_hash_table_iter_init(&it, mine);
  while (g_hash_table_iter_next(&it, &key, NULL)) {
    int seen = GPOINTER_TO_INT(g_hash_table_lookup(counts, key));

    /* counts takes the string, or frees it when it has an equal one */
    g_hash_table_iter_steal(&it);
    g_hash_table_insert(counts, key, GINT_TO_POINTER(seen + 1));
  }
  g_hash_table_destroy(mine);
}

/* Returns nonzero when the list is a feed of teasers: its items repeat
 * several short controls outside links ("Save", "More like this") in at
 * least half of them. Real lists of an article do not. */
static int np_is_teaser_feed(const xmlNode *list) {
  GHashTable *counts =
      g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
  const xmlNode *li;
  GHashTableIter it;
  gpointer value;
  int items = 0, repeated = 0;

  for (li = np_dom_first_element(list); li; li = np_dom_next_element(li)) {
    if (!np_dom_is(li, "li"))
      continue;
    items++;
    np_count_labels(li, counts);
  }
  g_hash_table_iter_init(&it, counts);
  while (g_hash_table_iter_next(&it, NULL, &value)) {
    int n = GPOINTER_TO_INT(value);

    if (n >= NP_EXTRACT_FEED_MIN_ITEMS && n * 2 >= items)
      repeated++;
  }
  g_hash_table_destroy(counts);
  return items >= NP_EXTRACT_FEED_MIN_ITEMS &&
         repeated >= NP_EXTRACT_FEED_MIN_LABELS;
}

/* Removes the teaser feeds inside the article, unless they are all there
 * is (a section front is a feed and nothing else). */
static void np_clean_feeds(xmlNode *article) {
  GPtrArray *feeds = g_ptr_array_new();
  xmlNode *cur = np_dom_first_element(article);
  size_t feed_len = 0, i;

  while (cur) {
    int skip = 0;

    if ((np_dom_is(cur, "ul") || np_dom_is(cur, "ol")) &&
        np_is_teaser_feed(cur)) {
      g_ptr_array_add(feeds, cur);
      feed_len += np_text_len(cur);
      skip = 1;
    }
    cur = np_next_element(article, cur, skip);
  }
  if (feeds->len &&
      np_text_len(article) >= feed_len + NP_EXTRACT_CHAR_THRESHOLD) {
    for (i = 0; i < feeds->len; i++)
      np_remove(feeds->pdata[i]);
  }
  g_ptr_array_free(feeds, TRUE);
}

/* Boilerplate the Readability rules leave: tracking pixels, small boxes
 * with boilerplate class names, previous/next links, comment sections
 * (smaller than half the article), empty paragraphs. */
static void np_clean_boxes(xmlNode *article) {
  xmlNode *cur = np_dom_first_element(article);
  size_t article_len = np_text_len(article);

  while (cur) {
    int remove = 0;

    if (np_dom_is(cur, "img"))
      remove = np_is_tracker(cur);
    else if (np_dom_is_hidden(cur))
      remove = 1;
    else if (np_dom_is(cur, "form"))
      remove = 1;
    else if (np_tag_in(cur, (const char *const[]){"div", "section", "ul", "ol",
                                                  "p", "aside", "li", NULL})) {
      remove = (np_dom_hint_has(cur, np_box_hints) &&
                np_text_shorter(cur, NP_EXTRACT_BOX_MAX)) ||
               np_is_pager(cur) ||
               (np_hint_word(cur, np_comment_hints, 0) &&
                np_text_len(cur) * 2 < article_len);
    }
    if (remove) {
      cur = np_remove_and_next(article, cur);
      continue;
    }
    cur = np_next_element(article, cur, 0);
  }
}

/* Removes paragraphs without text or media, brs before paragraphs, and
 * unwraps single-cell tables. */
static void np_clean_leftovers(xmlNode *article) {
  GPtrArray *nodes = np_find_all(article, (const char *const[]){"p", NULL});
  size_t i;

  for (i = nodes->len; i-- > 0;) {
    xmlNode *p = nodes->pdata[i];

    if (!np_has_image(p) &&
        np_count_tag(p, "embed") + np_count_tag(p, "object") +
                np_count_tag(p, "iframe") ==
            0 &&
        !np_has_text(p))
      np_remove(p);
  }
  g_ptr_array_free(nodes, TRUE);
  nodes = np_find_all(article, (const char *const[]){"br", NULL});
  for (i = 0; i < nodes->len; i++) {
    xmlNode *br = nodes->pdata[i];
    xmlNode *next = np_skip_space(br->next);

    if (next && np_dom_is(next, "p"))
      np_remove(br);
  }
  g_ptr_array_free(nodes, TRUE);
  nodes = np_find_all(article, (const char *const[]){"table", NULL});
  for (i = nodes->len; i-- > 0;) {
    xmlNode *table = nodes->pdata[i], *tbody, *row, *cell, *c;
    int phrasing = 1;

    tbody = np_has_single_child(table, "tbody") ? np_dom_first_element(table)
                                                : table;
    if (!np_has_single_child(tbody, "tr"))
      continue;
    row = np_dom_first_element(tbody);
    if (!np_has_single_child(row, "td"))
      continue;
    cell = np_dom_first_element(row);
    for (c = cell->children; c; c = c->next)
      phrasing = phrasing && np_is_phrasing(c);
    np_rename(cell, phrasing ? "p" : "div");
    xmlUnlinkNode(cell);
    xmlReplaceNode(table, cell);
    xmlFreeNode(table);
  }
  g_ptr_array_free(nodes, TRUE);
}

/* Cleans the gathered article in place, as Readability's prepArticle. */
static void np_prep_article(np_extractor *ex, xmlNode *article) {
  GPtrArray *nodes;
  size_t i;

  np_mark_data_tables(ex, article);
  np_clean_conditionally(ex, article, "form");
  np_clean_conditionally(ex, article, "fieldset");
  np_clean_tags(article, np_junk_tags);
  np_clean_share(article);
  nodes = np_find_all(article, (const char *const[]){"h1", "h2", NULL});
  for (i = nodes->len; i-- > 0;) {
    if (np_class_weight(ex, nodes->pdata[i]) < 0)
      np_remove(nodes->pdata[i]);
  }
  g_ptr_array_free(nodes, TRUE);
  np_clean_conditionally(ex, article, "table");
  np_clean_conditionally(ex, article, "ul");
  np_clean_conditionally(ex, article, "div");
  nodes = np_find_all(article, (const char *const[]){"h1", NULL});
  for (i = 0; i < nodes->len; i++)
    np_rename(nodes->pdata[i], "h2");
  g_ptr_array_free(nodes, TRUE);
  np_clean_feeds(article);
  np_clean_boxes(article);
  np_clean_leftovers(article);
}

/* One attempt: returns the article element (a new div in the page) and
 * its text length, or NULL when nothing could be gathered. */
static xmlNode *np_grab(np_extractor *ex, size_t *text_len) {
  GPtrArray *to_score;
  GPtrArray *siblings;
  xmlNode *top, *parent, *article, *s;
  size_t i;

  g_hash_table_remove_all(ex->scores);
  g_hash_table_remove_all(ex->data_tables);
  g_ptr_array_set_size(ex->candidates, 0);
  ex->byline_done = 0;
  ex->evidence_chose = 0;
  ex->evidence_fits = 0;
  to_score = np_collect(ex);
  np_score(ex, to_score);
  g_ptr_array_free(to_score, TRUE);

  top = np_top_candidate(ex);
  if (!top) {
    xmlNode *child, *next;

    top = xmlNewDocNode(ex->dom, NULL, BAD_CAST "div", NULL);
    for (child = ex->body->children; child; child = next) {
      next = child->next;
      xmlUnlinkNode(child);
      xmlAddChild(top, child);
    }
    xmlAddChild(ex->body, top);
    np_init_score(ex, top);
  }

  article = xmlNewDocNode(ex->dom, NULL, BAD_CAST "div", NULL);
  parent = top->parent;
  siblings = g_ptr_array_new();
  for (s = np_dom_first_element(parent); s; s = np_dom_next_element(s))
    g_ptr_array_add(siblings, s);
  xmlAddPrevSibling(top, article);
  for (i = 0; i < siblings->len; i++) {
    s = siblings->pdata[i];
    if (s != top && !np_sibling_belongs(ex, top, s))
      continue;
    if (!np_tag_in(s, np_keep_as_div))
      np_rename(s, "div");
    xmlUnlinkNode(s);
    xmlAddChild(article, s);
  }
  g_ptr_array_free(siblings, TRUE);
  np_prep_article(ex, article);
  *text_len = np_text_len(article);
  return article;
}

/* Raw mode: the whole body without scripts, styles and hidden elements. */
static xmlNode *np_extract_raw(np_extractor *ex) {
  np_prepare(ex, 1);
  return np_has_text(ex->body) ? ex->body : NULL;
}

/* Returns nonzero when article holds text that is not mostly links (a page
 * of navigation only has no article), or images. */
static int np_has_content(const xmlNode *article) {
  if (!np_has_text(article))
    return np_has_image(article);
  return np_link_density(article) < NP_EXTRACT_MAX_LINK_DENSITY;
}

xmlNode *np_extract_article(xmlDoc *dom, const np_extract_options *opts,
                            const char *article_body, np_doc *doc) {
  np_extractor ex;
  xmlNode *pristine = NULL, *article = NULL;
  int best_flags = 0;
  size_t best_len = 0;

  memset(&ex, 0, sizeof ex);
  ex.dom = dom;
  ex.body = np_dom_body(dom);
  if (!ex.body)
    return NULL;
  if (opts && opts->raw)
    return np_extract_raw(&ex);
  ex.title = doc ? doc->meta.title : NULL;
  ex.scores =
      g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  ex.data_tables = g_hash_table_new(g_direct_hash, g_direct_equal);
  ex.candidates = g_ptr_array_new();
  if (article_body) {
    ex.evidence = np_word_set(article_body);
    if (g_hash_table_size(ex.evidence) < NP_EXTRACT_EVIDENCE_MIN_WORDS) {
      g_hash_table_destroy(ex.evidence);
      ex.evidence = NULL;
    }
  }
  np_prepare(&ex, 0);
  pristine = xmlDocCopyNode(ex.body, dom, 1);
  for (ex.flags = NP_ATTEMPT_ALL;; ex.flags &= ex.flags - 1) {
    size_t len = 0;
    xmlNode *fresh;

    article = np_grab(&ex, &len);
    if (len >= NP_EXTRACT_CHAR_THRESHOLD || (ex.evidence_fits && len > 0))
      break;
    if (len > best_len) {
      best_len = len;
      best_flags = ex.flags;
    }
    /* Start again from the page as it was. */
    fresh = xmlDocCopyNode(pristine, dom, 1);
    xmlReplaceNode(ex.body, fresh);
    xmlFreeNode(ex.body);
    ex.body = fresh;
    article = NULL;
    if (ex.flags == 0) {
      /* Every flag tried: keep the attempt that found the most text, or
       * the last one when the page holds only images. */
      if (best_len > 0 || np_has_image(ex.body)) {
        ex.flags = best_flags;
        article = np_grab(&ex, &len);
      }
      break;
    }
  }
  if (article && !np_has_content(article)) {
    if (doc)
      np_doc_warn(doc, "no article content found");
    article = NULL;
  }
  xmlFreeNode(pristine);
  g_hash_table_destroy(ex.scores);
  g_hash_table_destroy(ex.data_tables);
  g_ptr_array_free(ex.candidates, TRUE);
  if (ex.evidence)
    g_hash_table_destroy(ex.evidence);
  return article;
}

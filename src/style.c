/* style.c: a hand-written parser and cascade for the CSS subset of style.h
 * (Debian has no usable CSS library for C: libcroco is deprecated). */
#include "style.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Points per unit. */
#define NP_PT_PER_IN 72.0
#define NP_PT_PER_MM (72.0 / 25.4)
#define NP_PT_PER_PX 0.75
#define NP_PT_PER_PC 12.0
/* line-height: normal. */
#define NP_STYLE_NORMAL_LINE_HEIGHT 1.2
/* The default page: A4 with 20 mm margins. */
#define NP_A4_WIDTH 595.28
#define NP_A4_HEIGHT 841.89
#define NP_STYLE_DEFAULT_MARGIN (20.0 * NP_PT_PER_MM)
/* border-width: thin, medium (the initial width), thick. */
#define NP_BORDER_THIN 0.75
#define NP_BORDER_MEDIUM 2.25
#define NP_BORDER_THICK 3.75
/* Most tokens in one declaration's value. */
#define NP_STYLE_MAX_TOKENS 64
/* Most compound selectors in one selector ("a b c" is three). */
#define NP_STYLE_MAX_COMPOUNDS 16
/* Longest property name understood, with the NUL. */
#define NP_STYLE_NAME_MAX 64
/* Most selectors in one selector list. */
#define NP_STYLE_MAX_SELECTORS 64
/* Longest unit name kept ("rem", "%"). */
#define NP_STYLE_UNIT_MAX 8
/* Limits of --paper sizes, in points: 1 in .. 200 in (the PDF limit). */
#define NP_PAPER_MIN 72.0
#define NP_PAPER_MAX 14400.0
/* Largest column-count, widows and orphans accepted. */
#define NP_STYLE_MAX_COUNT 100
/* Opaque black, 0xRRGGBBAA. */
#define NP_BLACK 0x000000ffu
/* Used when styles_dir is NULL. */
#ifdef NP_DATADIR
#define NP_STYLE_DEFAULT_DIR NP_DATADIR "/styles"
#else
#define NP_STYLE_DEFAULT_DIR "styles"
#endif

/* Units of a length kept until the cascade resolves it. */
typedef enum {
  NP_LEN_PT = 0, /* absolute, already in points */
  NP_LEN_EM,
  NP_LEN_REM,
  NP_LEN_PCT,
  NP_LEN_NUM /* a unitless number */
} np_len_unit;

typedef struct {
  double v;
  np_len_unit unit;
} np_len;

/* The longhand properties of np_computed. */
typedef enum {
  NP_P_FONT_FAMILY = 0,
  NP_P_FONT_SIZE,
  NP_P_FONT_WEIGHT,
  NP_P_FONT_STYLE,
  NP_P_FONT_VARIANT,
  NP_P_LINE_HEIGHT,
  NP_P_COLOR,
  NP_P_BACKGROUND,
  NP_P_TEXT_ALIGN,
  NP_P_TEXT_INDENT,
  NP_P_MARGIN_TOP, /* then right, bottom, left */
  NP_P_MARGIN_RIGHT,
  NP_P_MARGIN_BOTTOM,
  NP_P_MARGIN_LEFT,
  NP_P_PADDING_TOP, /* then right, bottom, left */
  NP_P_PADDING_RIGHT,
  NP_P_PADDING_BOTTOM,
  NP_P_PADDING_LEFT,
  NP_P_BORDER_WIDTH,
  NP_P_BORDER_COLOR,
  NP_P_BORDER_TOP, /* then right, bottom, left: the side is drawn */
  NP_P_BORDER_RIGHT,
  NP_P_BORDER_BOTTOM,
  NP_P_BORDER_LEFT,
  NP_P_HYPHENS,
  NP_P_COLUMN_COUNT,
  NP_P_COLUMN_GAP,
  NP_P_COLUMN_SPAN,
  NP_P_BREAK_BEFORE,
  NP_P_BREAK_AFTER,
  NP_P_BREAK_INSIDE,
  NP_P_WIDOWS,
  NP_P_ORPHANS,
  NP_P_DISPLAY,
  NP_P_TEXT_TRANSFORM,
  NP_P_LETTER_SPACING,
  NP_P_MAX_HEIGHT
} np_prop;

/* How a declaration sets its property. */
typedef enum { NP_MODE_VALUE = 0, NP_MODE_INHERIT, NP_MODE_INITIAL } np_mode;

/* font-weight: bolder and lighter, resolved against the parent. */
#define NP_WEIGHT_BOLDER (-1)
#define NP_WEIGHT_LIGHTER (-2)

/* One longhand declaration. */
typedef struct {
  np_prop prop;
  np_mode mode;
  int important;
  unsigned order; /* source order over the whole sheet */
  np_len len;
  int ival; /* keywords, integers, weights, sides; current colour */
  uint32_t color;
  const char *str; /* font-family, in the sheet's arena */
} np_decl;

/* A compound selector: element (NULL for any) and classes. */
typedef struct {
  const char *element;
  const char **classes;
  size_t n_classes;
  int has_id; /* never matches: the tree has no ids */
  int child;  /* joined to the compound before it by '>' (not ' ') */
} np_compound;

/* One selector of a rule set with the rule's declarations (shared by the
 * selectors of one list). */
typedef struct {
  np_compound *parts;
  size_t n_parts;
  unsigned specificity; /* ids * 10000 + classes * 100 + elements */
  const np_decl *decls;
  size_t n_decls;
} np_rule;

struct np_style {
  np_arena *arena;
  char *source;
  np_rule *rules;
  size_t n_rules;
  size_t cap_rules;
  int has_size;
  double page_width, page_height;
  int has_margin[4];
  np_len page_margin[4]; /* top, right, bottom, left */
};

/* Token kinds of a declaration's value. */
typedef enum {
  NP_TOK_IDENT = 0,
  NP_TOK_NUMBER, /* with unit ("" , "%", "pt") */
  NP_TOK_STRING, /* s, n: the text between the quotes */
  NP_TOK_HASH,   /* s, n: the text after '#' */
  NP_TOK_FUNC,   /* s, n: the name; args, n_args: the text in parentheses */
  NP_TOK_COMMA,
  NP_TOK_SLASH,
  NP_TOK_DELIM
} np_tok_kind;

typedef struct {
  np_tok_kind kind;
  const char *s;
  size_t n;
  const char *args;
  size_t n_args;
  double num;
  char unit[NP_STYLE_UNIT_MAX];
} np_tok;

/* The state of one parse. */
typedef struct {
  np_style *st;
  const char *s; /* the source with comments blanked */
  size_t len;
  const char *name;
  np_doc *warnings;
  unsigned order;
  np_decl *decls; /* declarations of the block being parsed */
  size_t n_decls;
  size_t cap_decls;
} np_parser;

/* A keyword and its value. */
typedef struct {
  const char *name;
  int value;
} np_keyword;

static const np_keyword np_align_words[] = {
    {"left", NP_ALIGN_LEFT},           {"right", NP_ALIGN_RIGHT},
    {"center", NP_ALIGN_CENTER},       {"justify", NP_ALIGN_JUSTIFY},
    {"start", NP_ALIGN_START},         {"end", NP_ALIGN_END},
    {"justify-all", NP_ALIGN_JUSTIFY}, {NULL, 0}};

static const np_keyword np_break_words[] = {
    {"auto", NP_BREAK_AUTO},        {"avoid", NP_BREAK_AVOID},
    {"avoid-page", NP_BREAK_AVOID}, {"avoid-column", NP_BREAK_AVOID},
    {"page", NP_BREAK_PAGE},        {"left", NP_BREAK_PAGE},
    {"right", NP_BREAK_PAGE},       {"recto", NP_BREAK_PAGE},
    {"verso", NP_BREAK_PAGE},       {"always", NP_BREAK_PAGE},
    {"column", NP_BREAK_COLUMN},    {NULL, 0}};

static const np_keyword np_break_inside_words[] = {
    {"auto", NP_BREAK_AUTO},
    {"avoid", NP_BREAK_AVOID},
    {"avoid-page", NP_BREAK_AVOID},
    {"avoid-column", NP_BREAK_AVOID},
    {NULL, 0}};

static const np_keyword np_hyphens_words[] = {
    {"auto", 1}, {"manual", 0}, {"none", 0}, {NULL, 0}};

static const np_keyword np_style_words[] = {
    {"normal", 0}, {"italic", 1}, {"oblique", 1}, {NULL, 0}};

static const np_keyword np_variant_words[] = {
    {"normal", 0}, {"small-caps", 1}, {"all-small-caps", 1}, {NULL, 0}};

static const np_keyword np_transform_words[] = {
    {"none", 0}, {"uppercase", 1}, {NULL, 0}};

static const np_keyword np_span_words[] = {{"none", 0}, {"all", 1}, {NULL, 0}};

static const np_keyword np_display_words[] = {{"none", 1},
                                              {"block", 0},
                                              {"inline", 0},
                                              {"inline-block", 0},
                                              {"list-item", 0},
                                              {"table", 0},
                                              {"table-row", 0},
                                              {"table-cell", 0},
                                              {"table-caption", 0},
                                              {"flex", 0},
                                              {"grid", 0},
                                              {"flow-root", 0},
                                              {"contents", 0},
                                              {"run-in", 0},
                                              {"inline-table", 0},
                                              {"table-header-group", 0},
                                              {"table-row-group", 0},
                                              {"table-footer-group", 0},
                                              {NULL, 0}};

/* Border styles: 0 draws nothing. */
static const np_keyword np_border_style_words[] = {
    {"none", 0},   {"hidden", 0}, {"solid", 1},  {"dotted", 1},
    {"dashed", 1}, {"double", 1}, {"groove", 1}, {"ridge", 1},
    {"inset", 1},  {"outset", 1}, {NULL, 0}};

/* font-size keywords in thousandths of the medium size. */
static const np_keyword np_size_words[] = {
    {"xx-small", 600},  {"x-small", 750},    {"small", 889},
    {"medium", 1000},   {"large", 1200},     {"x-large", 1500},
    {"xx-large", 2000}, {"xxx-large", 3000}, {NULL, 0}};

/* Named colours, 0xRRGGBBAA. */
static const struct {
  const char *name;
  uint32_t rgba;
} np_colors[] = {{"black", 0x000000ff},     {"silver", 0xc0c0c0ff},
                 {"gray", 0x808080ff},      {"grey", 0x808080ff},
                 {"white", 0xffffffff},     {"maroon", 0x800000ff},
                 {"red", 0xff0000ff},       {"purple", 0x800080ff},
                 {"fuchsia", 0xff00ffff},   {"magenta", 0xff00ffff},
                 {"green", 0x008000ff},     {"lime", 0x00ff00ff},
                 {"olive", 0x808000ff},     {"yellow", 0xffff00ff},
                 {"navy", 0x000080ff},      {"blue", 0x0000ffff},
                 {"teal", 0x008080ff},      {"aqua", 0x00ffffff},
                 {"cyan", 0x00ffffff},      {"orange", 0xffa500ff},
                 {"darkgray", 0xa9a9a9ff},  {"darkgrey", 0xa9a9a9ff},
                 {"dimgray", 0x696969ff},   {"dimgrey", 0x696969ff},
                 {"lightgray", 0xd3d3d3ff}, {"lightgrey", 0xd3d3d3ff},
                 {"gainsboro", 0xdcdcdcff}, {"whitesmoke", 0xf5f5f5ff},
                 {"darkred", 0x8b0000ff},   {"darkblue", 0x00008bff},
                 {"darkgreen", 0x006400ff}, {"brown", 0xa52a2aff},
                 {"pink", 0xffc0cbff},      {"gold", 0xffd700ff},
                 {"steelblue", 0x4682b4ff}, {"transparent", 0x00000000}};

/* Named paper sizes in points (width, height of the portrait sheet). */
static const struct {
  const char *name;
  double width, height;
} np_papers[] = {{"a3", 841.89, 1190.55},  {"a4", NP_A4_WIDTH, NP_A4_HEIGHT},
                 {"a5", 419.53, 595.28},   {"a6", 297.64, 419.53},
                 {"b5", 498.9, 708.66},    {"letter", 612.0, 792.0},
                 {"legal", 612.0, 1008.0}, {"ledger", 792.0, 1224.0}};

/* Properties accepted without effect on the typesetter (some matter in the
 * EPUB). */
static const char *const np_ignored_props[] = {"width",
                                               "height",
                                               "min-width",
                                               "min-height",
                                               "max-width",
                                               "text-decoration",
                                               "text-decoration-line",
                                               "text-decoration-style",
                                               "text-decoration-color",
                                               "vertical-align",
                                               "list-style",
                                               "list-style-type",
                                               "list-style-position",
                                               "border-collapse",
                                               "border-spacing",
                                               "border-radius",
                                               "white-space",
                                               "word-spacing",
                                               "font-kerning",
                                               "font-feature-settings",
                                               "font-variant-numeric",
                                               "font-variant-ligatures",
                                               "text-rendering",
                                               "overflow-wrap",
                                               "word-wrap",
                                               "word-break",
                                               "direction",
                                               "unicode-bidi",
                                               "quotes",
                                               "object-fit",
                                               "box-sizing",
                                               "overflow",
                                               "text-underline-offset",
                                               "hanging-punctuation",
                                               "font-optical-sizing",
                                               "-webkit-font-smoothing",
                                               NULL};

/* Properties that CSS has and the typesetter does not honour: a warning. */
static const char *const np_unsupported_props[] = {"column-rule",
                                                   "column-rule-width",
                                                   "column-rule-style",
                                                   "column-rule-color",
                                                   "column-width",
                                                   "column-fill",
                                                   "float",
                                                   "clear",
                                                   "position",
                                                   "content",
                                                   "background-image",
                                                   "text-shadow",
                                                   "box-shadow",
                                                   NULL};

static int np_in_list(const char *const *list, const char *name) {
  size_t i;

  for (i = 0; list[i]; i++)
    if (strcmp(list[i], name) == 0)
      return 1;
  return 0;
}

/* ---- messages ---------------------------------------------------------- */

static int np_line_at(const np_parser *p, size_t off) {
  int line = 1;
  size_t i;

  for (i = 0; i < off && i < p->len; i++)
    if (p->s[i] == '\n')
      line++;
  return line;
}

/* Adds "NAME:LINE: message" to the warnings document. */
static void np_warn(const np_parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void np_warn(const np_parser *p, size_t off, const char *fmt, ...) {
  np_buf msg = NP_BUF_INIT;
  va_list ap;

  if (!p->warnings)
    return;
  va_start(ap, fmt);
  np_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  np_doc_warn(p->warnings, "%s:%d: %s", p->name, np_line_at(p, off),
              np_buf_cstr(&msg));
  np_buf_free(&msg);
}

/* ---- value tokens ------------------------------------------------------ */

static int np_is_ident_char(unsigned char c) {
  return isalnum(c) || c == '-' || c == '_' || c >= 0x80;
}

/* Returns the end of the string starting with the quote at s[i]. */
static size_t np_skip_string(const char *s, size_t i, size_t end) {
  char q = s[i];

  for (i++; i < end && s[i] != q; i++)
    if (s[i] == '\\' && i + 1 < end)
      i++;
  return i < end ? i + 1 : end;
}

/* Splits the NUL-terminated value v into tokens; returns their number, or
 * -1 when the value is too long or malformed. */
static int np_tokenize(const char *v, np_tok *toks) {
  size_t i = 0, len = strlen(v), j;
  int n = 0;
  np_tok *t;
  char *end;

  while (i < len) {
    unsigned char c = (unsigned char)v[i];
    if (isspace(c)) {
      i++;
      continue;
    }
    if (n == NP_STYLE_MAX_TOKENS)
      return -1;
    t = &toks[n++];
    memset(t, 0, sizeof *t);
    if (c == '"' || c == '\'') {
      j = np_skip_string(v, i, len);
      if (j == len && (j - i < 2 || v[j - 1] != (char)c))
        return -1;
      t->kind = NP_TOK_STRING;
      t->s = v + i + 1;
      t->n = j - i - 2;
      i = j;
    } else if (c == '#') {
      for (j = i + 1; j < len && np_is_ident_char((unsigned char)v[j]); j++)
        ;
      t->kind = NP_TOK_HASH;
      t->s = v + i + 1;
      t->n = j - i - 1;
      i = j;
    } else if (isdigit(c) || (c == '.' && isdigit((unsigned char)v[i + 1])) ||
               ((c == '-' || c == '+') &&
                (isdigit((unsigned char)v[i + 1]) ||
                 (v[i + 1] == '.' && isdigit((unsigned char)v[i + 2]))))) {
      t->kind = NP_TOK_NUMBER;
      t->num = strtod(v + i, &end);
      i = (size_t)(end - v);
      if (v[i] == '%') {
        strcpy(t->unit, "%");
        i++;
      } else {
        for (j = i; j < len && isalpha((unsigned char)v[j]); j++)
          ;
        if (j - i >= NP_STYLE_UNIT_MAX)
          return -1;
        for (size_t k = i; k < j; k++)
          t->unit[k - i] = (char)tolower((unsigned char)v[k]);
        i = j;
      }
    } else if (np_is_ident_char(c)) {
      for (j = i; j < len && np_is_ident_char((unsigned char)v[j]); j++)
        ;
      t->kind = NP_TOK_IDENT;
      t->s = v + i;
      t->n = j - i;
      i = j;
      if (v[i] == '(') {
        int depth = 0;
        for (j = i; j < len; j++) {
          if (v[j] == '(')
            depth++;
          else if (v[j] == ')' && --depth == 0)
            break;
        }
        if (j == len)
          return -1;
        t->kind = NP_TOK_FUNC;
        t->args = v + i + 1;
        t->n_args = j - i - 1;
        i = j + 1;
      }
    } else {
      t->kind = c == ','   ? NP_TOK_COMMA
                : c == '/' ? NP_TOK_SLASH
                           : NP_TOK_DELIM;
      t->s = v + i;
      t->n = 1;
      i++;
    }
  }
  return n;
}

/* Returns nonzero when t is the identifier word (ASCII case ignored). */
static int np_tok_is(const np_tok *t, const char *word) {
  return t->kind == NP_TOK_IDENT && strlen(word) == t->n &&
         strncasecmp(t->s, word, t->n) == 0;
}

/* Looks the identifier t up in words; returns 1 and sets *value when
 * found. */
static int np_tok_keyword(const np_tok *t, const np_keyword *words,
                          int *value) {
  size_t i;

  for (i = 0; words[i].name; i++)
    if (np_tok_is(t, words[i].name)) {
      *value = words[i].value;
      return 1;
    }
  return 0;
}

/* Parses a length token; unitless numbers only when unitless is set (or
 * for zero). Returns 1 on success. */
static int np_tok_length(const np_tok *t, int unitless, np_len *out) {
  static const struct {
    const char *unit;
    double factor;
  } abs_units[] = {{"pt", 1.0},
                   {"px", NP_PT_PER_PX},
                   {"mm", NP_PT_PER_MM},
                   {"cm", 10.0 * NP_PT_PER_MM},
                   {"q", NP_PT_PER_MM / 4.0},
                   {"in", NP_PT_PER_IN},
                   {"pc", NP_PT_PER_PC}};
  size_t i;

  if (t->kind != NP_TOK_NUMBER || !isfinite(t->num))
    return 0;
  if (t->unit[0] == '\0') {
    if (!unitless && t->num != 0)
      return 0;
    out->v = t->num;
    out->unit = unitless ? NP_LEN_NUM : NP_LEN_PT;
    return 1;
  }
  out->v = t->num;
  if (strcmp(t->unit, "%") == 0) {
    out->unit = NP_LEN_PCT;
    return 1;
  }
  if (strcmp(t->unit, "em") == 0) {
    out->unit = NP_LEN_EM;
    return 1;
  }
  if (strcmp(t->unit, "rem") == 0) {
    out->unit = NP_LEN_REM;
    return 1;
  }
  if (strcmp(t->unit, "ex") == 0 || strcmp(t->unit, "ch") == 0) {
    out->v = t->num / 2.0;
    out->unit = NP_LEN_EM;
    return 1;
  }
  for (i = 0; i < sizeof abs_units / sizeof abs_units[0]; i++)
    if (strcmp(t->unit, abs_units[i].unit) == 0) {
      out->v = t->num * abs_units[i].factor;
      out->unit = NP_LEN_PT;
      return 1;
    }
  return 0;
}

static int np_hex(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = (char)tolower((unsigned char)c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Parses one colour component of rgb(): 0..255 or a percentage. */
static int np_rgb_part(const np_tok *t, int alpha, unsigned *out) {
  double v;

  if (t->kind != NP_TOK_NUMBER)
    return 0;
  if (strcmp(t->unit, "%") == 0)
    v = t->num / 100.0 * 255.0;
  else if (t->unit[0] == '\0')
    v = alpha ? t->num * 255.0 : t->num;
  else
    return 0;
  if (!isfinite(v))
    return 0;
  *out = (unsigned)lround(v < 0 ? 0 : v > 255 ? 255 : v);
  return 1;
}

/* Parses a colour token; *current is set for currentcolor. Returns 1 on
 * success. */
static int np_tok_color(const np_tok *t, uint32_t *out, int *current) {
  size_t i;

  *current = 0;
  if (t->kind == NP_TOK_HASH) {
    unsigned d[8] = {0};
    size_t n = t->n;
    if (n != 3 && n != 4 && n != 6 && n != 8)
      return 0;
    for (i = 0; i < n; i++) {
      int h = np_hex(t->s[i]);
      if (h < 0)
        return 0;
      d[i] = (unsigned)h;
    }
    if (n <= 4) {
      *out = (d[0] * 17u) << 24 | (d[1] * 17u) << 16 | (d[2] * 17u) << 8 |
             (n == 4 ? d[3] * 17u : 0xffu);
    } else {
      *out = (d[0] << 4 | d[1]) << 24 | (d[2] << 4 | d[3]) << 16 |
             (d[4] << 4 | d[5]) << 8 | (n == 8 ? d[6] << 4 | d[7] : 0xffu);
    }
    return 1;
  }
  if (t->kind == NP_TOK_IDENT) {
    if (np_tok_is(t, "currentcolor")) {
      *current = 1;
      *out = NP_BLACK;
      return 1;
    }
    for (i = 0; i < sizeof np_colors / sizeof np_colors[0]; i++)
      if (np_tok_is(t, np_colors[i].name)) {
        *out = np_colors[i].rgba;
        return 1;
      }
    return 0;
  }
  if (t->kind == NP_TOK_FUNC &&
      ((t->n == 3 && strncasecmp(t->s, "rgb", 3) == 0) ||
       (t->n == 4 && strncasecmp(t->s, "rgba", 4) == 0))) {
    np_tok args[NP_STYLE_MAX_TOKENS];
    char *copy = np_xstrndup(t->args, t->n_args);
    unsigned rgba[4] = {0, 0, 0, 255};
    int n = np_tokenize(copy, args), k = 0, j, ok = 1;
    for (j = 0; j < n && ok; j++) {
      if (args[j].kind == NP_TOK_COMMA || args[j].kind == NP_TOK_SLASH)
        continue;
      ok = k < 4 && np_rgb_part(&args[j], k == 3, &rgba[k]);
      k++;
    }
    free(copy);
    if (!ok || n < 0 || k < 3)
      return 0;
    *out = rgba[0] << 24 | rgba[1] << 16 | rgba[2] << 8 | rgba[3];
    return 1;
  }
  return 0;
}

/* ---- declarations ------------------------------------------------------ */

static np_decl *np_add_decl(np_parser *p, np_prop prop, int important) {
  np_decl *d;

  np_grow((void **)&p->decls, &p->cap_decls, p->n_decls + 1, sizeof *d);
  d = &p->decls[p->n_decls++];
  memset(d, 0, sizeof *d);
  d->prop = prop;
  d->important = important;
  d->order = p->order++;
  return d;
}

static void np_add_len(np_parser *p, np_prop prop, int important, np_len len) {
  np_add_decl(p, prop, important)->len = len;
}

static void np_add_int(np_parser *p, np_prop prop, int important, int v) {
  np_add_decl(p, prop, important)->ival = v;
}

static void np_add_color(np_parser *p, np_prop prop, int important,
                         uint32_t color, int current) {
  np_decl *d = np_add_decl(p, prop, important);
  d->color = color;
  d->ival = current;
}

/* Parses a font-family list into a new arena string ("Noto Serif, serif");
 * returns NULL when malformed. */
static const char *np_parse_family(np_parser *p, const np_tok *toks, int n,
                                   size_t off) {
  np_buf out = NP_BUF_INIT;
  const char *result = NULL;
  size_t kept = 0;
  int i, words = 0;

  for (i = 0; i <= n; i++) {
    if (i == n || toks[i].kind == NP_TOK_COMMA) {
      if (words == 0)
        goto done;
      if (out.len >= NP_STYLE_FAMILY_MAX) {
        np_warn(p, off, "font-family list too long; cut after %zu bytes", kept);
        np_buf_truncate(&out, kept);
        break;
      }
      kept = out.len;
      words = 0;
      continue;
    }
    if (toks[i].kind == NP_TOK_STRING && words == 0) {
      if (out.len)
        np_buf_puts(&out, ", ");
      np_buf_add(&out, toks[i].s, toks[i].n);
      words = 2; /* a quoted name takes no further words */
    } else if (toks[i].kind == NP_TOK_IDENT && words != 2) {
      if (words == 1)
        np_buf_putc(&out, ' ');
      else if (out.len)
        np_buf_puts(&out, ", ");
      np_buf_add(&out, toks[i].s, toks[i].n);
      words = 1;
    } else {
      goto done;
    }
  }
  if (out.len == 0 || out.len >= NP_STYLE_FAMILY_MAX)
    goto done;
  result = np_arena_strdup(p->st->arena, np_buf_cstr(&out));
done:
  np_buf_free(&out);
  return result;
}

/* Parses a font-size value into *len (keywords become rem or em). */
static int np_parse_font_size(const np_tok *t, np_len *len) {
  int v;

  if (np_tok_keyword(t, np_size_words, &v)) {
    len->v = v / 1000.0;
    len->unit = NP_LEN_REM;
    return 1;
  }
  if (np_tok_is(t, "smaller") || np_tok_is(t, "larger")) {
    len->v = np_tok_is(t, "larger") ? 1.2 : 1 / 1.2;
    len->unit = NP_LEN_EM;
    return 1;
  }
  return np_tok_length(t, 0, len) && len->v >= 0;
}

static int np_parse_weight(const np_tok *t, int *weight) {
  if (np_tok_is(t, "normal"))
    *weight = 400;
  else if (np_tok_is(t, "bold"))
    *weight = 700;
  else if (np_tok_is(t, "bolder"))
    *weight = NP_WEIGHT_BOLDER;
  else if (np_tok_is(t, "lighter"))
    *weight = NP_WEIGHT_LIGHTER;
  else if (t->kind == NP_TOK_NUMBER && t->unit[0] == '\0' && t->num >= 1 &&
           t->num <= 1000)
    *weight = (int)lround(t->num);
  else
    return 0;
  return 1;
}

static int np_parse_line_height(const np_tok *t, np_len *len) {
  if (np_tok_is(t, "normal")) {
    len->v = NP_STYLE_NORMAL_LINE_HEIGHT;
    len->unit = NP_LEN_NUM;
    return 1;
  }
  return np_tok_length(t, 1, len) && len->v >= 0;
}

/* font: [style || variant || weight]? size[/line-height]? family. */
static int np_parse_font(np_parser *p, const np_tok *toks, int n, int imp,
                         size_t off) {
  int i = 0, italic = 0, smallcaps = 0, weight = 400, v;
  np_len size, lh = {NP_STYLE_NORMAL_LINE_HEIGHT, NP_LEN_NUM};
  const char *family;

  for (; i < n; i++) {
    if (np_tok_is(&toks[i], "normal"))
      continue;
    if (np_tok_keyword(&toks[i], np_style_words, &v))
      italic = v;
    else if (np_tok_is(&toks[i], "small-caps"))
      smallcaps = 1;
    else if ((toks[i].kind == NP_TOK_IDENT || toks[i].unit[0] == '\0') &&
             np_parse_weight(&toks[i], &v))
      weight = v;
    else
      break;
  }
  if (i >= n || !np_parse_font_size(&toks[i], &size))
    return 0;
  i++;
  if (i < n && toks[i].kind == NP_TOK_SLASH) {
    if (i + 1 >= n || !np_parse_line_height(&toks[i + 1], &lh))
      return 0;
    i += 2;
  }
  family = np_parse_family(p, toks + i, n - i, off);
  if (!family)
    return 0;
  np_add_int(p, NP_P_FONT_STYLE, imp, italic);
  np_add_int(p, NP_P_FONT_VARIANT, imp, smallcaps);
  np_add_int(p, NP_P_FONT_WEIGHT, imp, weight);
  np_add_len(p, NP_P_FONT_SIZE, imp, size);
  np_add_len(p, NP_P_LINE_HEIGHT, imp, lh);
  np_add_decl(p, NP_P_FONT_FAMILY, imp)->str = family;
  return 1;
}

/* margin / padding: 1 to 4 lengths for top, right, bottom, left. */
static int np_parse_box(np_parser *p, np_prop first, const np_tok *toks, int n,
                        int imp, int allow_negative) {
  static const int pick[4][4] = {
      {0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 2, 1}, {0, 1, 2, 3}};
  np_len v[4];
  int i;

  if (n < 1 || n > 4)
    return 0;
  for (i = 0; i < n; i++) {
    if (first == NP_P_MARGIN_TOP && np_tok_is(&toks[i], "auto")) {
      v[i].v = 0;
      v[i].unit = NP_LEN_PT;
    } else if (!np_tok_length(&toks[i], 0, &v[i]) ||
               (!allow_negative && v[i].v < 0)) {
      return 0;
    }
  }
  for (i = 0; i < 4; i++)
    np_add_len(p, (np_prop)(first + i), imp, v[pick[n - 1][i]]);
  return 1;
}

/* border-width keyword or length. */
static int np_parse_border_width(const np_tok *t, np_len *len) {
  len->unit = NP_LEN_PT;
  if (np_tok_is(t, "thin"))
    len->v = NP_BORDER_THIN;
  else if (np_tok_is(t, "medium"))
    len->v = NP_BORDER_MEDIUM;
  else if (np_tok_is(t, "thick"))
    len->v = NP_BORDER_THICK;
  else
    return np_tok_length(t, 0, len) && len->v >= 0 && len->unit != NP_LEN_PCT;
  return 1;
}

/* border and border-SIDE: width || style || color; sides is a bit set. */
static int np_parse_border(np_parser *p, unsigned sides, const np_tok *toks,
                           int n, int imp) {
  np_len width = {NP_BORDER_MEDIUM, NP_LEN_PT};
  uint32_t color = NP_BLACK;
  int current = 1, style = 0, have_w = 0, have_s = 0, have_c = 0, i, v;

  for (i = 0; i < n; i++) {
    if (!have_s && np_tok_keyword(&toks[i], np_border_style_words, &v)) {
      style = v;
      have_s = 1;
    } else if (!have_w && np_parse_border_width(&toks[i], &width)) {
      have_w = 1;
    } else if (!have_c && np_tok_color(&toks[i], &color, &current)) {
      have_c = 1;
    } else {
      return 0;
    }
  }
  if (n == 0)
    return 0;
  /* One width and colour serve every side: "border" resets them, a side's
   * shorthand sets only those it gives. */
  if (have_w || sides == 0xf)
    np_add_len(p, NP_P_BORDER_WIDTH, imp, width);
  if (have_c || sides == 0xf)
    np_add_color(p, NP_P_BORDER_COLOR, imp, color, current);
  for (i = 0; i < 4; i++)
    if (sides & (1u << i))
      np_add_int(p, (np_prop)(NP_P_BORDER_TOP + i), imp, style);
  return 1;
}

/* border-style: 1 to 4 styles for top, right, bottom, left. */
static int np_parse_border_style(np_parser *p, const np_tok *toks, int n,
                                 int imp) {
  static const int pick[4][4] = {
      {0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 2, 1}, {0, 1, 2, 3}};
  int v[4], i;

  if (n < 1 || n > 4)
    return 0;
  for (i = 0; i < n; i++)
    if (!np_tok_keyword(&toks[i], np_border_style_words, &v[i]))
      return 0;
  for (i = 0; i < 4; i++)
    np_add_int(p, (np_prop)(NP_P_BORDER_TOP + i), imp, v[pick[n - 1][i]]);
  return 1;
}

/* A positive integer or, when auto_value >= 0, the keyword auto. */
static int np_parse_count(const np_tok *t, int auto_value, int *out) {
  if (auto_value >= 0 && np_tok_is(t, "auto")) {
    *out = auto_value;
    return 1;
  }
  if (t->kind != NP_TOK_NUMBER || t->unit[0] != '\0' || t->num < 1 ||
      t->num > NP_STYLE_MAX_COUNT || t->num != floor(t->num))
    return 0;
  *out = (int)t->num;
  return 1;
}

/* Sets a property that takes one keyword from words. */
static int np_parse_keyword(np_parser *p, np_prop prop, const np_keyword *words,
                            const np_tok *toks, int n, int imp) {
  int v;

  if (n != 1 || !np_tok_keyword(&toks[0], words, &v))
    return 0;
  np_add_int(p, prop, imp, v);
  return 1;
}

/* Sets a property that takes one length (a keyword given by special). */
static int np_parse_one_length(np_parser *p, np_prop prop, const np_tok *toks,
                               int n, int imp, int allow_negative) {
  np_len v;

  if (n != 1 || !np_tok_length(&toks[0], 0, &v) || (!allow_negative && v.v < 0))
    return 0;
  np_add_len(p, prop, imp, v);
  return 1;
}

/* The longhands a property name sets with inherit/initial/unset; returns
 * their number (0 for an unknown name). */
static int np_longhands(const char *name, np_prop *out) {
  static const struct {
    const char *name;
    np_prop first;
    int count;
  } table[] = {{"font-family", NP_P_FONT_FAMILY, 1},
               {"font-size", NP_P_FONT_SIZE, 1},
               {"font-weight", NP_P_FONT_WEIGHT, 1},
               {"font-style", NP_P_FONT_STYLE, 1},
               {"font-variant", NP_P_FONT_VARIANT, 1},
               {"font", NP_P_FONT_FAMILY, 6},
               {"line-height", NP_P_LINE_HEIGHT, 1},
               {"color", NP_P_COLOR, 1},
               {"background-color", NP_P_BACKGROUND, 1},
               {"background", NP_P_BACKGROUND, 1},
               {"text-align", NP_P_TEXT_ALIGN, 1},
               {"text-indent", NP_P_TEXT_INDENT, 1},
               {"margin", NP_P_MARGIN_TOP, 4},
               {"margin-top", NP_P_MARGIN_TOP, 1},
               {"margin-right", NP_P_MARGIN_RIGHT, 1},
               {"margin-bottom", NP_P_MARGIN_BOTTOM, 1},
               {"margin-left", NP_P_MARGIN_LEFT, 1},
               {"padding", NP_P_PADDING_TOP, 4},
               {"padding-top", NP_P_PADDING_TOP, 1},
               {"padding-right", NP_P_PADDING_RIGHT, 1},
               {"padding-bottom", NP_P_PADDING_BOTTOM, 1},
               {"padding-left", NP_P_PADDING_LEFT, 1},
               {"border", NP_P_BORDER_WIDTH, 6},
               {"border-width", NP_P_BORDER_WIDTH, 1},
               {"border-color", NP_P_BORDER_COLOR, 1},
               {"border-style", NP_P_BORDER_TOP, 4},
               {"border-top", NP_P_BORDER_TOP, 1},
               {"border-right", NP_P_BORDER_RIGHT, 1},
               {"border-bottom", NP_P_BORDER_BOTTOM, 1},
               {"border-left", NP_P_BORDER_LEFT, 1},
               {"hyphens", NP_P_HYPHENS, 1},
               {"column-count", NP_P_COLUMN_COUNT, 1},
               {"columns", NP_P_COLUMN_COUNT, 1},
               {"column-gap", NP_P_COLUMN_GAP, 1},
               {"column-span", NP_P_COLUMN_SPAN, 1},
               {"break-before", NP_P_BREAK_BEFORE, 1},
               {"break-after", NP_P_BREAK_AFTER, 1},
               {"break-inside", NP_P_BREAK_INSIDE, 1},
               {"widows", NP_P_WIDOWS, 1},
               {"orphans", NP_P_ORPHANS, 1},
               {"display", NP_P_DISPLAY, 1},
               {"text-transform", NP_P_TEXT_TRANSFORM, 1},
               {"letter-spacing", NP_P_LETTER_SPACING, 1},
               {"max-height", NP_P_MAX_HEIGHT, 1}};
  size_t i;
  int k;

  for (i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(table[i].name, name) == 0) {
      for (k = 0; k < table[i].count; k++)
        out[k] = (np_prop)(table[i].first + k);
      return table[i].count;
    }
  return 0;
}

/* Parses the value of one property (name lowercase, without vendor alias)
 * into declarations. Returns 1 when understood, 0 for a bad value, -1 for
 * an unknown property. */
static int np_parse_property(np_parser *p, const char *name, const np_tok *toks,
                             int n, int imp, size_t off) {
  np_len len;
  uint32_t color;
  int v, current, i;

  if (strcmp(name, "font-family") == 0) {
    const char *family = np_parse_family(p, toks, n, off);
    if (!family)
      return 0;
    np_add_decl(p, NP_P_FONT_FAMILY, imp)->str = family;
    return 1;
  }
  if (strcmp(name, "font-size") == 0) {
    if (n != 1 || !np_parse_font_size(&toks[0], &len))
      return 0;
    np_add_len(p, NP_P_FONT_SIZE, imp, len);
    return 1;
  }
  if (strcmp(name, "font-weight") == 0) {
    if (n != 1 || !np_parse_weight(&toks[0], &v))
      return 0;
    np_add_int(p, NP_P_FONT_WEIGHT, imp, v);
    return 1;
  }
  if (strcmp(name, "font-style") == 0)
    return np_parse_keyword(p, NP_P_FONT_STYLE, np_style_words, toks, n, imp);
  if (strcmp(name, "font-variant") == 0 ||
      strcmp(name, "font-variant-caps") == 0)
    return np_parse_keyword(p, NP_P_FONT_VARIANT, np_variant_words, toks, n,
                            imp);
  if (strcmp(name, "font") == 0)
    return np_parse_font(p, toks, n, imp, off);
  if (strcmp(name, "line-height") == 0) {
    if (n != 1 || !np_parse_line_height(&toks[0], &len))
      return 0;
    np_add_len(p, NP_P_LINE_HEIGHT, imp, len);
    return 1;
  }
  if (strcmp(name, "color") == 0 || strcmp(name, "background-color") == 0) {
    if (n != 1 || !np_tok_color(&toks[0], &color, &current))
      return 0;
    np_add_color(p, name[0] == 'c' ? NP_P_COLOR : NP_P_BACKGROUND, imp, color,
                 current);
    return 1;
  }
  if (strcmp(name, "background") == 0) {
    int found = 0;
    for (i = 0; i < n; i++) {
      if (!found && np_tok_color(&toks[i], &color, &current)) {
        found = 1;
        np_add_color(p, NP_P_BACKGROUND, imp, color, current);
      } else if (np_tok_is(&toks[i], "none")) {
        continue;
      } else {
        np_warn(p, off, "background: only a colour is supported; rest ignored");
        break;
      }
    }
    if (!found)
      np_add_color(p, NP_P_BACKGROUND, imp, 0, 0);
    return 1;
  }
  if (strcmp(name, "text-align") == 0)
    return np_parse_keyword(p, NP_P_TEXT_ALIGN, np_align_words, toks, n, imp);
  if (strcmp(name, "text-indent") == 0)
    return np_parse_one_length(p, NP_P_TEXT_INDENT, toks, n, imp, 1);
  if (strcmp(name, "margin") == 0)
    return np_parse_box(p, NP_P_MARGIN_TOP, toks, n, imp, 1);
  if (strcmp(name, "padding") == 0)
    return np_parse_box(p, NP_P_PADDING_TOP, toks, n, imp, 0);
  if (strncmp(name, "margin-", 7) == 0 || strncmp(name, "padding-", 8) == 0) {
    static const char *const sides[] = {"top", "right", "bottom", "left"};
    int margin = name[0] == 'm';
    const char *side = name + (margin ? 7 : 8);
    for (i = 0; i < 4; i++)
      if (strcmp(side, sides[i]) == 0) {
        np_prop first = margin ? NP_P_MARGIN_TOP : NP_P_PADDING_TOP;
        if (margin && n == 1 && np_tok_is(&toks[0], "auto")) {
          np_add_len(p, (np_prop)(first + i), imp, (np_len){0, NP_LEN_PT});
          return 1;
        }
        return np_parse_one_length(p, (np_prop)(first + i), toks, n, imp,
                                   margin);
      }
    return -1;
  }
  if (strcmp(name, "border") == 0)
    return np_parse_border(p, 0xf, toks, n, imp);
  if (strcmp(name, "border-top") == 0)
    return np_parse_border(p, 0x1, toks, n, imp);
  if (strcmp(name, "border-right") == 0)
    return np_parse_border(p, 0x2, toks, n, imp);
  if (strcmp(name, "border-bottom") == 0)
    return np_parse_border(p, 0x4, toks, n, imp);
  if (strcmp(name, "border-left") == 0)
    return np_parse_border(p, 0x8, toks, n, imp);
  if (strcmp(name, "border-style") == 0)
    return np_parse_border_style(p, toks, n, imp);
  if (strcmp(name, "border-width") == 0) {
    /* One width for every side: the largest of those given. */
    np_len best = {0, NP_LEN_PT};
    if (n < 1 || n > 4)
      return 0;
    for (i = 0; i < n; i++) {
      if (!np_parse_border_width(&toks[i], &len))
        return 0;
      if (i == 0 || len.v > best.v)
        best = len;
    }
    np_add_len(p, NP_P_BORDER_WIDTH, imp, best);
    return 1;
  }
  if (strcmp(name, "border-color") == 0) {
    if (n < 1 || n > 4 || !np_tok_color(&toks[0], &color, &current))
      return 0;
    np_add_color(p, NP_P_BORDER_COLOR, imp, color, current);
    return 1;
  }
  if (strcmp(name, "hyphens") == 0)
    return np_parse_keyword(p, NP_P_HYPHENS, np_hyphens_words, toks, n, imp);
  if (strcmp(name, "column-count") == 0) {
    if (n != 1 || !np_parse_count(&toks[0], 1, &v))
      return 0;
    np_add_int(p, NP_P_COLUMN_COUNT, imp, v);
    return 1;
  }
  if (strcmp(name, "columns") == 0) {
    int have = 0;
    for (i = 0; i < n; i++) {
      if (np_tok_is(&toks[i], "auto"))
        continue;
      if (toks[i].kind == NP_TOK_NUMBER && toks[i].unit[0] == '\0') {
        if (!np_parse_count(&toks[i], -1, &v))
          return 0;
        np_add_int(p, NP_P_COLUMN_COUNT, imp, v);
        have = 1;
      } else if (np_tok_length(&toks[i], 0, &len)) {
        np_warn(p, off, "column-width is not supported; ignored");
      } else {
        return 0;
      }
    }
    if (!have)
      np_add_int(p, NP_P_COLUMN_COUNT, imp, 1);
    return n > 0;
  }
  if (strcmp(name, "column-gap") == 0) {
    if (n == 1 && np_tok_is(&toks[0], "normal")) {
      np_add_len(p, NP_P_COLUMN_GAP, imp, (np_len){1, NP_LEN_EM});
      return 1;
    }
    return np_parse_one_length(p, NP_P_COLUMN_GAP, toks, n, imp, 0);
  }
  if (strcmp(name, "column-span") == 0)
    return np_parse_keyword(p, NP_P_COLUMN_SPAN, np_span_words, toks, n, imp);
  if (strcmp(name, "break-before") == 0 || strcmp(name, "break-after") == 0)
    return np_parse_keyword(
        p, name[6] == 'b' ? NP_P_BREAK_BEFORE : NP_P_BREAK_AFTER,
        np_break_words, toks, n, imp);
  if (strcmp(name, "break-inside") == 0)
    return np_parse_keyword(p, NP_P_BREAK_INSIDE, np_break_inside_words, toks,
                            n, imp);
  if (strcmp(name, "widows") == 0 || strcmp(name, "orphans") == 0) {
    if (n != 1 || !np_parse_count(&toks[0], -1, &v))
      return 0;
    np_add_int(p, name[0] == 'w' ? NP_P_WIDOWS : NP_P_ORPHANS, imp, v);
    return 1;
  }
  if (strcmp(name, "display") == 0) {
    if (n < 1 || !np_tok_keyword(&toks[0], np_display_words, &v))
      return 0;
    np_add_int(p, NP_P_DISPLAY, imp, v);
    return 1;
  }
  if (strcmp(name, "text-transform") == 0) {
    if (n == 1 && (np_tok_is(&toks[0], "capitalize") ||
                   np_tok_is(&toks[0], "lowercase"))) {
      np_warn(p, off, "text-transform: only uppercase is supported");
      np_add_int(p, NP_P_TEXT_TRANSFORM, imp, 0);
      return 1;
    }
    return np_parse_keyword(p, NP_P_TEXT_TRANSFORM, np_transform_words, toks, n,
                            imp);
  }
  if (strcmp(name, "letter-spacing") == 0) {
    if (n == 1 && np_tok_is(&toks[0], "normal")) {
      np_add_len(p, NP_P_LETTER_SPACING, imp, (np_len){0, NP_LEN_PT});
      return 1;
    }
    if (n != 1 || !np_tok_length(&toks[0], 0, &len) || len.unit == NP_LEN_PCT)
      return 0;
    np_add_len(p, NP_P_LETTER_SPACING, imp, len);
    return 1;
  }
  if (strcmp(name, "max-height") == 0) {
    if (n == 1 && np_tok_is(&toks[0], "none")) {
      np_add_len(p, NP_P_MAX_HEIGHT, imp, (np_len){0, NP_LEN_PCT});
      return 1;
    }
    if (n == 1 && toks[0].kind == NP_TOK_NUMBER && toks[0].num >= 0 &&
        (strcmp(toks[0].unit, "%") == 0 || strcmp(toks[0].unit, "vh") == 0)) {
      np_add_len(p, NP_P_MAX_HEIGHT, imp, (np_len){toks[0].num, NP_LEN_PCT});
      return 1;
    }
    np_warn(p, off, "max-height: only a percentage of the page is supported");
    return 1;
  }
  return -1;
}

/* Parses one declaration "name: value" spanning [start, end); page
 * selects the @page properties. */
static void np_page_declaration(np_parser *p, const char *name,
                                const np_tok *toks, int n, size_t off);

static void np_declaration(np_parser *p, size_t start, size_t end, int page) {
  np_tok toks[NP_STYLE_MAX_TOKENS];
  char *name = NULL, *value = NULL, *bang;
  char canon[NP_STYLE_NAME_MAX];
  size_t colon, i;
  int imp = 0, n, r;
  np_prop longhands[6];

  while (start < end && isspace((unsigned char)p->s[start]))
    start++;
  while (end > start && isspace((unsigned char)p->s[end - 1]))
    end--;
  if (start == end)
    return;
  for (colon = start; colon < end && p->s[colon] != ':'; colon++)
    ;
  if (colon == end) {
    np_warn(p, start, "expected 'property: value', got '%.*s'",
            (int)(end - start), p->s + start);
    return;
  }
  name = np_xstrndup(p->s + start, colon - start);
  np_collapse_space(name);
  if (!*name) {
    np_warn(p, start, "property name missing before ':'");
    goto done;
  }
  for (i = 0; name[i]; i++)
    name[i] = (char)tolower((unsigned char)name[i]);
  value = np_xstrndup(p->s + colon + 1, end - colon - 1);
  np_collapse_space(value);
  /* "!important" at the end, with optional space after '!'. */
  bang = strrchr(value, '!');
  if (bang) {
    char *w = bang + 1;
    while (isspace((unsigned char)*w))
      w++;
    if (strncasecmp(w, "important", 9) == 0 && np_is_blank(w + 9)) {
      imp = 1;
      *bang = '\0';
    }
  }
  n = np_tokenize(value, toks);
  if (n <= 0) {
    np_warn(p, start, "bad value for '%s'", name);
    goto done;
  }
  if (page) {
    np_page_declaration(p, name, toks, n, start);
    goto done;
  }
  /* The legacy and prefixed names of supported properties. */
  if (strcmp(name, "-webkit-hyphens") == 0)
    snprintf(canon, sizeof canon, "hyphens");
  else if (strncmp(name, "page-break-", 11) == 0)
    snprintf(canon, sizeof canon, "break-%s", name + 11);
  else
    snprintf(canon, sizeof canon, "%s", name);
  if (n == 1 &&
      (np_tok_is(&toks[0], "inherit") || np_tok_is(&toks[0], "initial") ||
       np_tok_is(&toks[0], "unset"))) {
    int k, count = np_longhands(canon, longhands);
    for (k = 0; k < count; k++)
      np_add_decl(p, longhands[k], imp)->mode =
          np_tok_is(&toks[0], "initial") ? NP_MODE_INITIAL : NP_MODE_INHERIT;
    r = count > 0 ? 1 : np_in_list(np_ignored_props, canon) ? 1 : -1;
  } else {
    r = np_parse_property(p, canon, toks, n, imp, start);
  }
  if (r < 0 && np_in_list(np_ignored_props, canon))
    r = 1;
  if (r < 0 && np_in_list(np_unsupported_props, canon)) {
    np_warn(p, start, "property '%s' is not supported; ignored", name);
    r = 1;
  }
  if (r < 0)
    np_warn(p, start, "unknown property '%s'", name);
  else if (r == 0)
    np_warn(p, start, "bad value for '%s': '%s'", name, value);
done:
  free(name);
  free(value);
}

/* Calls np_declaration on each ';'-separated part of [start, end). */
static void np_declarations(np_parser *p, size_t start, size_t end, int page) {
  size_t i = start, from = start;
  int parens = 0;

  while (i < end) {
    char c = p->s[i];
    if (c == '"' || c == '\'') {
      i = np_skip_string(p->s, i, end);
      continue;
    }
    if (c == '(')
      parens++;
    else if (c == ')' && parens > 0)
      parens--;
    else if (c == '{') {
      /* A nested block: not CSS we read. Skip it with the declaration. */
      int depth = 0;
      np_warn(p, i, "nested block ignored");
      for (; i < end; i++) {
        if (p->s[i] == '{')
          depth++;
        else if (p->s[i] == '}' && --depth == 0)
          break;
      }
      from = i + 1;
    } else if (c == ';' && parens == 0) {
      np_declaration(p, from, i, page);
      from = i + 1;
    }
    i++;
  }
  if (from < end)
    np_declaration(p, from, end, page);
}

/* ---- @page ------------------------------------------------------------- */

static void np_page_declaration(np_parser *p, const char *name,
                                const np_tok *toks, int n, size_t off) {
  static const char *const sides[] = {"margin-top", "margin-right",
                                      "margin-bottom", "margin-left"};
  np_style *st = p->st;
  np_len len[2];
  int i;

  if (strcmp(name, "size") == 0) {
    double w = 0, h = 0;
    int landscape = -1, lengths = 0, named = 0;
    for (i = 0; i < n; i++) {
      size_t k;
      if (np_tok_is(&toks[i], "auto") && n == 1) {
        st->has_size = 0;
        return;
      }
      if (np_tok_is(&toks[i], "landscape") || np_tok_is(&toks[i], "portrait")) {
        landscape = np_tok_is(&toks[i], "landscape");
        continue;
      }
      for (k = 0; k < sizeof np_papers / sizeof np_papers[0]; k++)
        if (!named && !lengths && np_tok_is(&toks[i], np_papers[k].name)) {
          w = np_papers[k].width;
          h = np_papers[k].height;
          named = 1;
          break;
        }
      if (k < sizeof np_papers / sizeof np_papers[0])
        continue;
      if (named || lengths == 2 || !np_tok_length(&toks[i], 0, &len[lengths]) ||
          len[lengths].unit != NP_LEN_PT || len[lengths].v <= 0)
        goto bad;
      lengths++;
    }
    if (lengths == 1) {
      w = h = len[0].v;
    } else if (lengths == 2) {
      if (landscape >= 0)
        goto bad;
      w = len[0].v;
      h = len[1].v;
    } else if (!named) {
      goto bad;
    }
    if (landscape == 1 && w < h) {
      double t = w;
      w = h;
      h = t;
    }
    st->has_size = 1;
    st->page_width = w;
    st->page_height = h;
    return;
  }
  if (strcmp(name, "margin") == 0) {
    static const int pick[4][4] = {
        {0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 2, 1}, {0, 1, 2, 3}};
    np_len v[4];
    if (n < 1 || n > 4)
      goto bad;
    for (i = 0; i < n; i++)
      if (!np_tok_length(&toks[i], 0, &v[i]) || v[i].v < 0)
        goto bad;
    for (i = 0; i < 4; i++) {
      st->page_margin[i] = v[pick[n - 1][i]];
      st->has_margin[i] = 1;
    }
    return;
  }
  for (i = 0; i < 4; i++)
    if (strcmp(name, sides[i]) == 0) {
      if (n != 1 || !np_tok_length(&toks[0], 0, &len[0]) || len[0].v < 0)
        goto bad;
      st->page_margin[i] = len[0];
      st->has_margin[i] = 1;
      return;
    }
  np_warn(p, off, "property '%s' is not supported in @page; ignored", name);
  return;
bad:
  np_warn(p, off, "bad value for '%s' in @page", name);
}

/* ---- selectors --------------------------------------------------------- */

/* Parses one selector of [start, end) into *rule (parts in the arena).
 * Returns 1, or 0 with a warning for an unsupported selector. */
static int np_parse_selector(np_parser *p, size_t start, size_t end,
                             np_rule *rule) {
  np_compound parts[NP_STYLE_MAX_COMPOUNDS];
  const char *classes[NP_STYLE_MAX_COMPOUNDS * 4];
  size_t n_parts = 0, n_classes = 0, i = start;
  unsigned ids = 0, cls = 0, els = 0;
  int child = 0, in_compound = 0;
  const char *s = p->s;
  np_compound *c = NULL;

  while (i < end) {
    unsigned char ch = (unsigned char)s[i];
    if (isspace(ch)) {
      in_compound = 0;
      i++;
      continue;
    }
    if (ch == '>') {
      if (n_parts == 0 || child)
        goto unsupported;
      child = 1;
      in_compound = 0;
      i++;
      continue;
    }
    if (!in_compound) {
      if (n_parts == NP_STYLE_MAX_COMPOUNDS)
        goto unsupported;
      c = &parts[n_parts++];
      memset(c, 0, sizeof *c);
      c->child = child;
      c->classes = classes + n_classes;
      child = 0;
      in_compound = 1;
      if (ch == '*') {
        i++;
        continue;
      }
      if (np_is_ident_char(ch) && !isdigit(ch)) {
        size_t j = i, k;
        char *el;
        while (j < end && np_is_ident_char((unsigned char)s[j]))
          j++;
        el = np_arena_strndup(p->st->arena, s + i, j - i);
        for (k = 0; el[k]; k++)
          el[k] = (char)tolower((unsigned char)el[k]);
        c->element = el;
        els++;
        i = j;
        continue;
      }
    }
    if ((ch == '.' || ch == '#') && i + 1 < end &&
        np_is_ident_char((unsigned char)s[i + 1])) {
      size_t j = i + 1;
      while (j < end && np_is_ident_char((unsigned char)s[j]))
        j++;
      if (ch == '#') {
        c->has_id = 1;
        ids++;
      } else {
        if (n_classes == sizeof classes / sizeof classes[0])
          goto unsupported;
        classes[n_classes++] =
            np_arena_strndup(p->st->arena, s + i + 1, j - i - 1);
        c->n_classes++;
        cls++;
      }
      i = j;
      continue;
    }
    goto unsupported;
  }
  if (n_parts == 0 || child)
    goto unsupported;
  rule->parts = np_arena_alloc(p->st->arena, n_parts * sizeof *rule->parts);
  for (i = 0; i < n_parts; i++) {
    rule->parts[i] = parts[i];
    rule->parts[i].classes =
        parts[i].n_classes
            ? np_arena_alloc(p->st->arena,
                             parts[i].n_classes * sizeof(const char *))
            : NULL;
    if (parts[i].n_classes)
      memcpy(rule->parts[i].classes, parts[i].classes,
             parts[i].n_classes * sizeof *parts[i].classes);
  }
  rule->n_parts = n_parts;
  rule->specificity = ids * 10000 + cls * 100 + els;
  return 1;
unsupported:
  while (start < end && isspace((unsigned char)s[start]))
    start++;
  while (end > start && isspace((unsigned char)s[end - 1]))
    end--;
  if (start == end) {
    np_warn(p, start, "empty selector skipped");
    return 0;
  }
  np_warn(p, start, "unsupported selector '%.*s' skipped", (int)(end - start),
          s + start);
  return 0;
}

/* Parses the selector list [start, end) and the declaration block
 * [bstart, bend) into rules. */
static void np_rule_set(np_parser *p, size_t start, size_t end, size_t bstart,
                        size_t bend) {
  np_rule sel[NP_STYLE_MAX_SELECTORS];
  size_t n_sel = 0, i = start, from = start, k;
  const np_decl *decls;
  int parens = 0, full = 0;

  for (; i <= end; i++) {
    if (i < end && (p->s[i] == '"' || p->s[i] == '\'')) {
      i = np_skip_string(p->s, i, end) - 1;
      continue;
    }
    if (i < end && p->s[i] == '(')
      parens++;
    else if (i < end && p->s[i] == ')' && parens > 0)
      parens--;
    else if (i == end || (p->s[i] == ',' && parens == 0)) {
      if (n_sel == NP_STYLE_MAX_SELECTORS && !full) {
        np_warn(p, from, "more than %d selectors in a list; rest skipped",
                NP_STYLE_MAX_SELECTORS);
        full = 1;
      } else if (!full && np_parse_selector(p, from, i, &sel[n_sel])) {
        n_sel++;
      }
      from = i + 1;
    }
  }
  if (n_sel == 0)
    return;
  p->n_decls = 0;
  np_declarations(p, bstart, bend, 0);
  if (p->n_decls == 0)
    return;
  decls = np_arena_alloc(p->st->arena, p->n_decls * sizeof *p->decls);
  memcpy((np_decl *)decls, p->decls, p->n_decls * sizeof *p->decls);
  for (k = 0; k < n_sel; k++) {
    np_style *st = p->st;
    sel[k].decls = decls;
    sel[k].n_decls = p->n_decls;
    np_grow((void **)&st->rules, &st->cap_rules, st->n_rules + 1,
            sizeof *st->rules);
    st->rules[st->n_rules++] = sel[k];
  }
}

/* ---- sheet structure --------------------------------------------------- */

/* Returns the offset of the '}' that closes the block opened at s[open],
 * or end (with a warning) when it is not closed. */
static size_t np_block_end(np_parser *p, size_t open, size_t end) {
  size_t i = open + 1;
  int depth = 1;

  while (i < end) {
    char c = p->s[i];
    if (c == '"' || c == '\'') {
      i = np_skip_string(p->s, i, end);
      continue;
    }
    if (c == '{')
      depth++;
    else if (c == '}' && --depth == 0)
      return i;
    i++;
  }
  np_warn(p, open, "unclosed block");
  return end;
}

/* Returns the offset of the first '{', ';' or '}' at or after i outside
 * strings, or end. */
static size_t np_find_prelude_end(const np_parser *p, size_t i, size_t end) {
  while (i < end) {
    char c = p->s[i];
    if (c == '"' || c == '\'') {
      i = np_skip_string(p->s, i, end);
      continue;
    }
    if (c == '{' || c == ';' || c == '}')
      return i;
    i++;
  }
  return end;
}

/* Returns nonzero when [start, end) holds only white space. */
static int np_blank_range(const np_parser *p, size_t start, size_t end) {
  for (; start < end; start++)
    if (!isspace((unsigned char)p->s[start]))
      return 0;
  return 1;
}

/* Returns nonzero when the media query list [start, end) applies to print:
 * it is empty, or one of its queries is print or all (optionally after
 * "only") or a bare feature test. */
static int np_media_applies(const np_parser *p, size_t start, size_t end) {
  size_t i = start;

  if (np_blank_range(p, start, end))
    return 1;
  while (i < end) {
    size_t j, w;
    while (i < end && (isspace((unsigned char)p->s[i]) || p->s[i] == ','))
      i++;
    if (i == end)
      break;
    for (j = i; j < end && p->s[j] != ','; j++)
      ;
    w = i;
    while (w < j && np_is_ident_char((unsigned char)p->s[w]))
      w++;
    if (w - i == 4 && strncasecmp(p->s + i, "only", 4) == 0) {
      i = w;
      while (i < j && isspace((unsigned char)p->s[i]))
        i++;
      w = i;
      while (w < j && np_is_ident_char((unsigned char)p->s[w]))
        w++;
    }
    if ((w - i == 5 && strncasecmp(p->s + i, "print", 5) == 0) ||
        (w - i == 3 && strncasecmp(p->s + i, "all", 3) == 0) ||
        (w == i && i < j && p->s[i] == '('))
      return 1;
    i = j;
  }
  return 0;
}

static void np_sheet(np_parser *p, size_t start, size_t end);

/* Parses the at-rule at s[i]; returns the offset after it. */
static size_t np_at_rule(np_parser *p, size_t i, size_t end) {
  size_t name_end = i + 1, stop, close;
  char name[32];
  size_t n;

  while (name_end < end && np_is_ident_char((unsigned char)p->s[name_end]))
    name_end++;
  n = name_end - i - 1;
  if (n >= sizeof name)
    n = sizeof name - 1;
  memcpy(name, p->s + i + 1, n);
  name[n] = '\0';
  for (n = 0; name[n]; n++)
    name[n] = (char)tolower((unsigned char)name[n]);
  stop = np_find_prelude_end(p, name_end, end);
  if (stop == end || p->s[stop] != '{') {
    if (strcmp(name, "media") == 0 || strcmp(name, "page") == 0)
      np_warn(p, i, "'@%s' without a block; skipped", name);
    else if (strcmp(name, "charset") != 0)
      np_warn(p, i, "at-rule '@%s' not supported; skipped", name);
    return stop < end && p->s[stop] == ';' ? stop + 1 : stop;
  }
  close = np_block_end(p, stop, end);
  if (strcmp(name, "page") == 0) {
    if (!np_blank_range(p, name_end, stop))
      np_warn(p, i, "@page selectors are not supported; block skipped");
    else
      np_declarations(p, stop + 1, close, 1);
  } else if (strcmp(name, "media") == 0) {
    if (np_media_applies(p, name_end, stop))
      np_sheet(p, stop + 1, close);
  } else {
    np_warn(p, i, "at-rule '@%s' not supported; skipped", name);
  }
  return close < end ? close + 1 : end;
}

/* Parses the rules of [start, end). */
static void np_sheet(np_parser *p, size_t start, size_t end) {
  size_t i = start, stop, close;

  while (i < end) {
    char c = p->s[i];
    if (isspace((unsigned char)c)) {
      i++;
      continue;
    }
    if (c == '@') {
      i = np_at_rule(p, i, end);
      continue;
    }
    if (c == '<' && end - i >= 4 && strncmp(p->s + i, "<!--", 4) == 0) {
      i += 4;
      continue;
    }
    if (c == '-' && end - i >= 3 && strncmp(p->s + i, "-->", 3) == 0) {
      i += 3;
      continue;
    }
    if (c == '}') {
      np_warn(p, i, "unexpected '}' skipped");
      i++;
      continue;
    }
    stop = np_find_prelude_end(p, i, end);
    if (stop == end || p->s[stop] != '{') {
      np_warn(p, i, "garbage '%.*s' skipped",
              (int)((stop - i) > 40 ? 40 : stop - i), p->s + i);
      i = stop < end ? stop + 1 : end;
      continue;
    }
    close = np_block_end(p, stop, end);
    np_rule_set(p, i, stop, stop + 1, close);
    i = close < end ? close + 1 : end;
  }
}

/* Copies css with comments blanked (new lines kept) into a new string. */
static char *np_strip_comments(np_parser *p, const char *css, size_t len) {
  char *out = np_xmalloc(len + 1);
  size_t i = 0, j;

  memcpy(out, css, len);
  out[len] = '\0';
  while (i < len) {
    if (out[i] == '"' || out[i] == '\'') {
      i = np_skip_string(out, i, len);
      continue;
    }
    if (out[i] == '/' && i + 1 < len && out[i + 1] == '*') {
      for (j = i + 2; j + 1 < len && !(out[j] == '*' && out[j + 1] == '/'); j++)
        ;
      if (j + 1 >= len) {
        p->s = out;
        p->len = len;
        np_warn(p, i, "unclosed comment");
        j = len;
      } else {
        j += 2;
      }
      for (; i < j; i++)
        if (out[i] != '\n')
          out[i] = ' ';
      continue;
    }
    if (out[i] == '\0')
      out[i] = ' ';
    i++;
  }
  return out;
}

np_style *np_style_parse(const char *css, size_t len, const char *name,
                         np_doc *warnings) {
  np_style *st = np_xcalloc(1, sizeof *st);
  np_parser p;
  char *text;

  st->arena = np_arena_new();
  st->source = np_xstrndup(css ? css : "", css ? len : 0);
  len = css ? len : 0;
  memset(&p, 0, sizeof p);
  p.st = st;
  p.name = name ? name : "style";
  p.warnings = warnings;
  text = np_strip_comments(&p, st->source, len);
  p.s = text;
  p.len = len;
  np_sheet(&p, 0, len);
  free(text);
  free(p.decls);
  return st;
}

void np_style_free(np_style *style) {
  if (!style)
    return;
  np_arena_free(style->arena);
  free(style->source);
  free(style->rules);
  free(style);
}

const char *np_style_source(const np_style *style) {
  return style ? style->source : "";
}

/* ---- loading ----------------------------------------------------------- */

/* Lists the NAME.css files of dir as "a, b, c" into buf. */
static void np_list_styles(const char *dir, np_buf *buf) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0, i;

  if (!d) {
    np_buf_puts(buf, "none");
    return;
  }
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l > 4 && e->d_name[0] != '.' &&
        strcmp(e->d_name + l - 4, ".css") == 0) {
      np_grow((void **)&names, &cap, n + 1, sizeof *names);
      names[n++] = np_xstrndup(e->d_name, l - 4);
    }
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, np_strcmp_ptr);
  for (i = 0; i < n; i++) {
    np_buf_printf(buf, "%s%s", i ? ", " : "", names[i]);
    free(names[i]);
  }
  if (n == 0)
    np_buf_puts(buf, "none");
  free(names);
}

/* Returns nonzero when spec is a style name: letters, digits and '-'. */
static int np_is_style_name(const char *spec) {
  size_t i;

  for (i = 0; spec[i]; i++)
    if (!isalnum((unsigned char)spec[i]) && spec[i] != '-')
      return 0;
  return i > 0;
}

np_status np_style_load(const char *spec, const char *styles_dir,
                        np_doc *warnings, np_style **out, np_error *err) {
  np_buf path = NP_BUF_INIT, known = NP_BUF_INIT;
  np_status status = NP_OK;
  struct stat sb;
  size_t len;
  char *css = NULL;

  *out = NULL;
  if (!spec || !*spec) {
    status = np_error_set(err, NP_ERR_USAGE, "empty style name");
    goto done;
  }
  if (!styles_dir)
    styles_dir = NP_STYLE_DEFAULT_DIR;
  if (np_is_style_name(spec)) {
    np_buf_printf(&path, "%s/%s.css", styles_dir, spec);
    if (stat(np_buf_cstr(&path), &sb) != 0 && errno == ENOENT) {
      np_list_styles(styles_dir, &known);
      status = np_error_set(err, NP_ERR_USAGE, "unknown style '%s' (known: %s)",
                            spec, np_buf_cstr(&known));
      goto done;
    }
  } else {
    np_buf_puts(&path, spec);
  }
  css = np_read_file(np_buf_cstr(&path), NP_STYLE_MAX_BYTES, &len, err);
  if (!css) {
    status = err ? err->status : NP_ERR_IO;
    if (status == NP_OK)
      status = NP_ERR_IO;
    goto done;
  }
  *out = np_style_parse(css, len, np_buf_cstr(&path), warnings);
done:
  free(css);
  np_buf_free(&path);
  np_buf_free(&known);
  return status;
}

/* ---- the cascade ------------------------------------------------------- */

/* Returns nonzero when the space-separated list classes holds name. */
static int np_has_class(const char *classes, const char *name) {
  size_t n = strlen(name);
  const char *s = classes;

  if (!classes)
    return 0;
  while (*s) {
    const char *e;
    while (*s && isspace((unsigned char)*s))
      s++;
    for (e = s; *e && !isspace((unsigned char)*e); e++)
      ;
    if ((size_t)(e - s) == n && strncmp(s, name, n) == 0)
      return 1;
    s = e;
  }
  return 0;
}

static int np_compound_matches(const np_compound *c,
                               const np_style_element *el) {
  size_t i;

  if (c->has_id)
    return 0;
  if (c->element && (!el->element || strcmp(c->element, el->element) != 0))
    return 0;
  for (i = 0; i < c->n_classes; i++)
    if (!np_has_class(el->classes, c->classes[i]))
      return 0;
  return 1;
}

/* Does parts[0..k] match with parts[k] on chain[i]? */
static int np_match_from(const np_rule *r, size_t k,
                         const np_style_element *chain, size_t i) {
  size_t j;

  if (!np_compound_matches(&r->parts[k], &chain[i]))
    return 0;
  if (k == 0)
    return 1;
  if (r->parts[k].child)
    return i > 0 && np_match_from(r, k - 1, chain, i - 1);
  for (j = i; j-- > 0;)
    if (np_match_from(r, k - 1, chain, j))
      return 1;
  return 0;
}

/* A matched declaration with its cascade key. */
typedef struct {
  const np_decl *decl;
  unsigned specificity;
} np_match;

static int np_cmp_match(const void *a, const void *b) {
  const np_match *x = a, *y = b;

  if (x->decl->important != y->decl->important)
    return x->decl->important - y->decl->important;
  if (x->specificity != y->specificity)
    return x->specificity < y->specificity ? -1 : 1;
  return x->decl->order < y->decl->order ? -1 : x->decl->order > y->decl->order;
}

static void np_initial(np_computed *out) {
  memset(out, 0, sizeof *out);
  strcpy(out->font_family, "serif");
  out->font_size = NP_STYLE_INITIAL_SIZE;
  out->font_weight = 400;
  out->line_height = NP_STYLE_NORMAL_LINE_HEIGHT * NP_STYLE_INITIAL_SIZE;
  out->color = NP_BLACK;
  out->text_align = NP_ALIGN_START;
  out->border_color = NP_BLACK;
  out->border_width = NP_BORDER_MEDIUM; /* shown as 0 while no side has one */
  out->column_count = 1;
  out->column_gap = NP_STYLE_INITIAL_SIZE;
  out->widows = 2;
  out->orphans = 2;
}

/* Starts out from parent: inherited properties copied, the others
 * initial. */
static void np_inherit(const np_computed *parent, np_computed *out) {
  np_initial(out);
  if (!parent)
    return;
  memcpy(out->font_family, parent->font_family, sizeof out->font_family);
  out->font_size = parent->font_size;
  out->font_weight = parent->font_weight;
  out->font_italic = parent->font_italic;
  out->font_smallcaps = parent->font_smallcaps;
  out->line_height = parent->line_height;
  out->color = parent->color;
  out->border_color = parent->color;
  out->text_align = parent->text_align;
  out->text_indent = parent->text_indent;
  out->hyphens = parent->hyphens;
  out->widows = parent->widows;
  out->orphans = parent->orphans;
  out->uppercase = parent->uppercase;
  out->letter_spacing = parent->letter_spacing;
}

/* Copies property prop from src to out. */
static void np_copy_prop(np_prop prop, const np_computed *src,
                         np_computed *out) {
  unsigned bit;

  switch (prop) {
  case NP_P_FONT_FAMILY:
    memcpy(out->font_family, src->font_family, sizeof out->font_family);
    break;
  case NP_P_FONT_SIZE:
    out->font_size = src->font_size;
    break;
  case NP_P_FONT_WEIGHT:
    out->font_weight = src->font_weight;
    break;
  case NP_P_FONT_STYLE:
    out->font_italic = src->font_italic;
    break;
  case NP_P_FONT_VARIANT:
    out->font_smallcaps = src->font_smallcaps;
    break;
  case NP_P_LINE_HEIGHT:
    out->line_height = src->line_height;
    break;
  case NP_P_COLOR:
    out->color = src->color;
    break;
  case NP_P_BACKGROUND:
    out->background = src->background;
    break;
  case NP_P_TEXT_ALIGN:
    out->text_align = src->text_align;
    break;
  case NP_P_TEXT_INDENT:
    out->text_indent = src->text_indent;
    break;
  case NP_P_MARGIN_TOP:
    out->margin_top = src->margin_top;
    break;
  case NP_P_MARGIN_RIGHT:
    out->margin_right = src->margin_right;
    break;
  case NP_P_MARGIN_BOTTOM:
    out->margin_bottom = src->margin_bottom;
    break;
  case NP_P_MARGIN_LEFT:
    out->margin_left = src->margin_left;
    break;
  case NP_P_PADDING_TOP:
    out->padding_top = src->padding_top;
    break;
  case NP_P_PADDING_RIGHT:
    out->padding_right = src->padding_right;
    break;
  case NP_P_PADDING_BOTTOM:
    out->padding_bottom = src->padding_bottom;
    break;
  case NP_P_PADDING_LEFT:
    out->padding_left = src->padding_left;
    break;
  case NP_P_BORDER_WIDTH:
    out->border_width = src->border_width;
    break;
  case NP_P_BORDER_COLOR:
    out->border_color = src->border_color;
    break;
  case NP_P_BORDER_TOP:
  case NP_P_BORDER_RIGHT:
  case NP_P_BORDER_BOTTOM:
  case NP_P_BORDER_LEFT:
    bit = 1u << (prop - NP_P_BORDER_TOP);
    out->border_sides = (out->border_sides & ~bit) | (src->border_sides & bit);
    break;
  case NP_P_HYPHENS:
    out->hyphens = src->hyphens;
    break;
  case NP_P_COLUMN_COUNT:
    out->column_count = src->column_count;
    break;
  case NP_P_COLUMN_GAP:
    out->column_gap = src->column_gap;
    break;
  case NP_P_COLUMN_SPAN:
    out->column_span_all = src->column_span_all;
    break;
  case NP_P_BREAK_BEFORE:
    out->break_before = src->break_before;
    break;
  case NP_P_BREAK_AFTER:
    out->break_after = src->break_after;
    break;
  case NP_P_BREAK_INSIDE:
    out->break_inside = src->break_inside;
    break;
  case NP_P_WIDOWS:
    out->widows = src->widows;
    break;
  case NP_P_ORPHANS:
    out->orphans = src->orphans;
    break;
  case NP_P_DISPLAY:
    out->display_none = src->display_none;
    break;
  case NP_P_TEXT_TRANSFORM:
    out->uppercase = src->uppercase;
    break;
  case NP_P_LETTER_SPACING:
    out->letter_spacing = src->letter_spacing;
    break;
  case NP_P_MAX_HEIGHT:
    out->max_height_ratio = src->max_height_ratio;
    break;
  }
}

/* Resolves a length: em against em, % against pct_base. */
static double np_resolve(np_len len, double em, double pct_base) {
  switch (len.unit) {
  case NP_LEN_EM:
  case NP_LEN_NUM:
    return len.v * em;
  case NP_LEN_REM:
    return len.v * NP_STYLE_INITIAL_SIZE;
  case NP_LEN_PCT:
    return len.v / 100.0 * pct_base;
  case NP_LEN_PT:
    break;
  }
  return len.v;
}

static int np_relative_weight(int parent, int w) {
  if (w == NP_WEIGHT_BOLDER)
    return parent < 350 ? 400 : parent < 550 ? 700 : 900;
  if (w == NP_WEIGHT_LIGHTER)
    return parent < 550 ? 100 : parent < 750 ? 400 : 700;
  return w < 100 ? 100 : w > 900 ? 900 : w;
}

/* Applies one declaration (not font-size) to out. */
static void np_apply(const np_decl *d, const np_computed *parent, double width,
                     np_computed *out) {
  double em = out->font_size;

  switch (d->prop) {
  case NP_P_FONT_FAMILY:
    snprintf(out->font_family, sizeof out->font_family, "%s", d->str);
    break;
  case NP_P_FONT_SIZE:
    break;
  case NP_P_FONT_WEIGHT:
    out->font_weight =
        np_relative_weight(parent ? parent->font_weight : 400, d->ival);
    break;
  case NP_P_FONT_STYLE:
    out->font_italic = d->ival;
    break;
  case NP_P_FONT_VARIANT:
    out->font_smallcaps = d->ival;
    break;
  case NP_P_LINE_HEIGHT:
    out->line_height = np_resolve(d->len, em, em);
    break;
  case NP_P_COLOR:
    if (!d->ival)
      out->color = d->color;
    else if (parent)
      out->color = parent->color;
    break;
  case NP_P_BACKGROUND:
    out->background = d->ival ? out->color : d->color;
    break;
  case NP_P_TEXT_ALIGN:
    out->text_align = (np_align)d->ival;
    break;
  case NP_P_TEXT_INDENT:
    out->text_indent = np_resolve(d->len, em, width);
    break;
  case NP_P_MARGIN_TOP:
    out->margin_top = np_resolve(d->len, em, width);
    break;
  case NP_P_MARGIN_RIGHT:
    out->margin_right = np_resolve(d->len, em, width);
    break;
  case NP_P_MARGIN_BOTTOM:
    out->margin_bottom = np_resolve(d->len, em, width);
    break;
  case NP_P_MARGIN_LEFT:
    out->margin_left = np_resolve(d->len, em, width);
    break;
  case NP_P_PADDING_TOP:
    out->padding_top = np_resolve(d->len, em, width);
    break;
  case NP_P_PADDING_RIGHT:
    out->padding_right = np_resolve(d->len, em, width);
    break;
  case NP_P_PADDING_BOTTOM:
    out->padding_bottom = np_resolve(d->len, em, width);
    break;
  case NP_P_PADDING_LEFT:
    out->padding_left = np_resolve(d->len, em, width);
    break;
  case NP_P_BORDER_WIDTH:
    out->border_width = np_resolve(d->len, em, 0);
    break;
  case NP_P_BORDER_COLOR:
    out->border_color = d->color;
    break;
  case NP_P_BORDER_TOP:
  case NP_P_BORDER_RIGHT:
  case NP_P_BORDER_BOTTOM:
  case NP_P_BORDER_LEFT:
    if (d->ival)
      out->border_sides |= 1u << (d->prop - NP_P_BORDER_TOP);
    else
      out->border_sides &= ~(1u << (d->prop - NP_P_BORDER_TOP));
    break;
  case NP_P_HYPHENS:
    out->hyphens = d->ival;
    break;
  case NP_P_COLUMN_COUNT:
    out->column_count = d->ival;
    break;
  case NP_P_COLUMN_GAP:
    out->column_gap = np_resolve(d->len, em, width);
    break;
  case NP_P_COLUMN_SPAN:
    out->column_span_all = d->ival;
    break;
  case NP_P_BREAK_BEFORE:
    out->break_before = (np_break)d->ival;
    break;
  case NP_P_BREAK_AFTER:
    out->break_after = (np_break)d->ival;
    break;
  case NP_P_BREAK_INSIDE:
    out->break_inside = (np_break)d->ival;
    break;
  case NP_P_WIDOWS:
    out->widows = d->ival;
    break;
  case NP_P_ORPHANS:
    out->orphans = d->ival;
    break;
  case NP_P_DISPLAY:
    out->display_none = d->ival;
    break;
  case NP_P_TEXT_TRANSFORM:
    out->uppercase = d->ival;
    break;
  case NP_P_LETTER_SPACING:
    out->letter_spacing = np_resolve(d->len, em, 0);
    break;
  case NP_P_MAX_HEIGHT:
    out->max_height_ratio = d->len.v / 100.0;
    break;
  }
}

void np_style_compute_path(const np_style *style, const np_style_element *chain,
                           size_t depth, const np_computed *parent,
                           double content_width, np_computed *out) {
  np_match *matches = NULL;
  size_t n = 0, cap = 0, r, k;
  np_computed initial, inherited;
  double parent_size = parent ? parent->font_size : NP_STYLE_INITIAL_SIZE;
  double ratio = parent && parent->font_size > 0
                     ? parent->line_height / parent->font_size
                     : NP_STYLE_NORMAL_LINE_HEIGHT;
  int line_height_set = 0, border_color_set = 0;

  np_initial(&initial);
  np_inherit(parent, out);
  inherited = parent ? *parent : initial;
  if (!style || depth == 0) {
    out->border_width = 0;
    return;
  }
  for (r = 0; r < style->n_rules; r++) {
    const np_rule *rule = &style->rules[r];
    if (!np_match_from(rule, rule->n_parts - 1, chain, depth - 1))
      continue;
    for (k = 0; k < rule->n_decls; k++) {
      np_grow((void **)&matches, &cap, n + 1, sizeof *matches);
      matches[n].decl = &rule->decls[k];
      matches[n].specificity = rule->specificity;
      n++;
    }
  }
  if (n > 1)
    qsort(matches, n, sizeof *matches, np_cmp_match);
  /* font-size first: the other em lengths depend on it. */
  for (k = 0; k < n; k++) {
    const np_decl *d = matches[k].decl;
    if (d->prop != NP_P_FONT_SIZE)
      continue;
    if (d->mode == NP_MODE_VALUE)
      out->font_size = np_resolve(d->len, parent_size, parent_size);
    else
      out->font_size =
          d->mode == NP_MODE_INHERIT ? parent_size : NP_STYLE_INITIAL_SIZE;
  }
  out->line_height = ratio * out->font_size;
  for (k = 0; k < n; k++) {
    const np_decl *d = matches[k].decl;
    if (d->prop == NP_P_FONT_SIZE)
      continue;
    if (d->prop == NP_P_LINE_HEIGHT)
      line_height_set = 1;
    if (d->prop == NP_P_BORDER_COLOR)
      border_color_set = d->mode == NP_MODE_VALUE && !d->ival;
    if (d->mode == NP_MODE_VALUE)
      np_apply(d, parent, content_width, out);
    else
      np_copy_prop(d->prop, d->mode == NP_MODE_INHERIT ? &inherited : &initial,
                   out);
  }
  if (!line_height_set)
    out->line_height = ratio * out->font_size;
  if (!border_color_set)
    out->border_color = out->color;
  if (out->border_sides == 0)
    out->border_width = 0;
  free(matches);
}

void np_style_compute(const np_style *style, const char *element,
                      const char *classes, const np_computed *parent,
                      double content_width, np_computed *out) {
  np_style_element el = {element, classes};

  np_style_compute_path(style, &el, 1, parent, content_width, out);
}

/* ---- pages ------------------------------------------------------------- */

np_page_setup np_style_page(const np_style *style) {
  np_page_setup page = {0};
  int i;
  double *margins[4];

  page.width = style && style->has_size ? style->page_width : NP_A4_WIDTH;
  page.height = style && style->has_size ? style->page_height : NP_A4_HEIGHT;
  margins[0] = &page.margin_top;
  margins[1] = &page.margin_right;
  margins[2] = &page.margin_bottom;
  margins[3] = &page.margin_left;
  for (i = 0; i < 4; i++)
    *margins[i] = style && style->has_margin[i]
                      ? np_resolve(style->page_margin[i], NP_STYLE_INITIAL_SIZE,
                                   i % 2 ? page.width : page.height)
                      : NP_STYLE_DEFAULT_MARGIN;
  return page;
}

/* Parses "NUMBER[UNIT]" at s; returns the end, or NULL. unit is set to the
 * points per unit, or 0 when there is none. */
static const char *np_paper_length(const char *s, double *v, double *unit) {
  static const struct {
    const char *name;
    double factor;
  } units[] = {{"mm", NP_PT_PER_MM},
               {"cm", 10.0 * NP_PT_PER_MM},
               {"in", NP_PT_PER_IN},
               {"pt", 1.0}};
  char *end;
  size_t i;

  if (!isdigit((unsigned char)*s) && *s != '.')
    return NULL;
  *v = strtod(s, &end);
  if (end == s || !isfinite(*v))
    return NULL;
  *unit = 0;
  for (i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strncasecmp(end, units[i].name, 2) == 0) {
      *unit = units[i].factor;
      return end + 2;
    }
  return end;
}

int np_style_parse_paper(const char *paper, double *width, double *height) {
  double w, h, wu, hu;
  const char *s;
  size_t i;

  if (!paper)
    return 0;
  for (i = 0; i < sizeof np_papers / sizeof np_papers[0]; i++)
    if (strcasecmp(paper, np_papers[i].name) == 0) {
      *width = np_papers[i].width;
      *height = np_papers[i].height;
      return 1;
    }
  s = np_paper_length(paper, &w, &wu);
  if (!s || (*s != 'x' && *s != 'X'))
    return 0;
  s = np_paper_length(s + 1, &h, &hu);
  if (!s || *s != '\0' || hu == 0)
    return 0;
  w *= wu ? wu : hu;
  h *= hu;
  if (w < NP_PAPER_MIN || h < NP_PAPER_MIN || w > NP_PAPER_MAX ||
      h > NP_PAPER_MAX)
    return 0;
  *width = w;
  *height = h;
  return 1;
}

/* ---- export for the EPUB ---------------------------------------------- */

/* Rules every EPUB needs whatever the sheet says: images fit the screen. */
static const char np_export_base[] =
    "img { max-width: 100%; height: auto; }\n"
    "figure { margin-left: 0; margin-right: 0; }\n";

/* Generic font families, written without quotes. */
static const char *const np_generic_families[] = {
    "serif",   "sans-serif", "monospace", "cursive",
    "fantasy", "system-ui",  NULL};

/* Size of an em for the lengths of one exported rule, in points. */
typedef struct {
  double base; /* the article's font size */
  double own;  /* the rule's own font size, when it sets one in points */
} np_export_ems;

/* Appends a number without needless digits ("1.25", "0.8", "12"). */
static void np_export_number(np_buf *out, double v) {
  char text[32];
  size_t n;

  g_ascii_formatd(text, sizeof text, "%.4f", fabs(v) < 5e-5 ? 0.0 : v);
  n = strlen(text);
  while (n > 0 && text[n - 1] == '0')
    text[--n] = '\0';
  if (n > 0 && text[n - 1] == '.')
    text[--n] = '\0';
  np_buf_puts(out, text);
}

/* Appends a length in units that follow the reader's text size: points
 * become em of em_pt points, rem becomes em of the article's size. */
static void np_export_len(np_buf *out, np_len len, double em_pt, double base) {
  if (len.v == 0) {
    np_buf_putc(out, '0');
    return;
  }
  switch (len.unit) {
  case NP_LEN_PT:
    np_export_number(out, len.v / em_pt);
    np_buf_puts(out, "em");
    break;
  case NP_LEN_REM:
    np_export_number(out, len.v * NP_STYLE_INITIAL_SIZE / base);
    np_buf_puts(out, "em");
    break;
  case NP_LEN_EM:
    np_export_number(out, len.v);
    np_buf_puts(out, "em");
    break;
  case NP_LEN_PCT:
    np_export_number(out, len.v);
    np_buf_putc(out, '%');
    break;
  case NP_LEN_NUM:
    np_export_number(out, len.v);
    break;
  }
}

/* Appends a colour; current stands for currentColor. */
static void np_export_color(np_buf *out, uint32_t c, int current) {
  unsigned a = c & 0xffu;

  if (current)
    np_buf_puts(out, "currentColor");
  else if (a == 0xffu)
    np_buf_printf(out, "#%06x", (unsigned)(c >> 8));
  else if (a == 0)
    np_buf_puts(out, "transparent");
  else
    np_buf_printf(out, "rgba(%u, %u, %u, %.2f)", (unsigned)(c >> 24),
                  (unsigned)(c >> 16) & 0xffu, (unsigned)(c >> 8) & 0xffu,
                  a / 255.0);
}

/* Appends a font-family list, quoting names that are not generic. */
static void np_export_family(np_buf *out, const char *list) {
  char **names = g_strsplit(list, ",", -1);
  size_t i, k = 0;

  for (i = 0; names[i]; i++) {
    char *name = g_strstrip(names[i]);
    const char *p;
    if (!*name)
      continue;
    if (k++ > 0)
      np_buf_puts(out, ", ");
    if (np_in_list(np_generic_families, name)) {
      np_buf_puts(out, name);
      continue;
    }
    np_buf_putc(out, '"');
    for (p = name; *p; p++)
      if (*p != '"' && *p != '\\')
        np_buf_putc(out, *p);
    np_buf_putc(out, '"');
  }
  g_strfreev(names);
}

/* Returns the name of a keyword value in words, or NULL. */
static const char *np_export_keyword(const np_keyword *words, int value) {
  size_t i;

  for (i = 0; words[i].name; i++)
    if (words[i].value == value)
      return words[i].name;
  return NULL;
}

/* Appends the declaration d as e-readers accept it, or nothing when it has
 * no place in an EPUB (columns, page-relative heights, the article's own
 * font size, which the reader chooses). */
static void np_export_decl(np_buf *out, const np_decl *d, np_export_ems ems,
                           int root) {
  static const char *const box[] = {"top", "right", "bottom", "left"};
  double em = ems.own > 0 ? ems.own : ems.base;
  size_t start = out->len;
  const char *word = NULL;

  if (d->mode == NP_MODE_INITIAL)
    return;
  switch (d->prop) {
  case NP_P_FONT_SIZE:
    if (root)
      return;
    np_buf_puts(out, "font-size: ");
    if (d->mode == NP_MODE_VALUE)
      np_export_len(out, d->len, ems.base, ems.base);
    break;
  case NP_P_FONT_FAMILY:
    np_buf_puts(out, "font-family: ");
    if (d->mode == NP_MODE_VALUE)
      np_export_family(out, d->str);
    break;
  case NP_P_FONT_WEIGHT:
    np_buf_puts(out, "font-weight: ");
    if (d->mode != NP_MODE_VALUE)
      break;
    if (d->ival == NP_WEIGHT_BOLDER || d->ival == NP_WEIGHT_LIGHTER)
      np_buf_puts(out, d->ival == NP_WEIGHT_BOLDER ? "bolder" : "lighter");
    else
      np_buf_printf(out, "%d", d->ival);
    break;
  case NP_P_FONT_STYLE:
    np_buf_puts(out, "font-style: ");
    word = d->ival ? "italic" : "normal";
    break;
  case NP_P_FONT_VARIANT:
    np_buf_puts(out, "font-variant: ");
    word = d->ival ? "small-caps" : "normal";
    break;
  case NP_P_LINE_HEIGHT:
    np_buf_puts(out, "line-height: ");
    if (d->mode != NP_MODE_VALUE)
      break;
    /* unitless, so that it follows the reader's text size */
    if (d->len.unit == NP_LEN_PT)
      np_export_number(out, d->len.v / em);
    else if (d->len.unit == NP_LEN_PCT)
      np_export_number(out, d->len.v / 100.0);
    else if (d->len.unit == NP_LEN_REM)
      np_export_number(out, d->len.v * NP_STYLE_INITIAL_SIZE / em);
    else
      np_export_number(out, d->len.v);
    break;
  case NP_P_COLOR:
  case NP_P_BACKGROUND:
  case NP_P_BORDER_COLOR:
    np_buf_puts(out, d->prop == NP_P_COLOR        ? "color: "
                     : d->prop == NP_P_BACKGROUND ? "background-color: "
                                                  : "border-color: ");
    if (d->mode == NP_MODE_VALUE)
      np_export_color(out, d->color, d->ival && d->prop != NP_P_COLOR);
    if (d->mode == NP_MODE_VALUE && d->ival && d->prop == NP_P_COLOR)
      np_buf_truncate(out, start);
    break;
  case NP_P_TEXT_ALIGN:
    np_buf_puts(out, "text-align: ");
    word = np_export_keyword(np_align_words, d->ival);
    break;
  case NP_P_TEXT_INDENT:
  case NP_P_LETTER_SPACING:
  case NP_P_BORDER_WIDTH:
    np_buf_puts(out, d->prop == NP_P_TEXT_INDENT      ? "text-indent: "
                     : d->prop == NP_P_LETTER_SPACING ? "letter-spacing: "
                                                      : "border-width: ");
    if (d->mode == NP_MODE_VALUE)
      np_export_len(out, d->len, em, ems.base);
    break;
  case NP_P_MARGIN_TOP:
  case NP_P_MARGIN_RIGHT:
  case NP_P_MARGIN_BOTTOM:
  case NP_P_MARGIN_LEFT:
  case NP_P_PADDING_TOP:
  case NP_P_PADDING_RIGHT:
  case NP_P_PADDING_BOTTOM:
  case NP_P_PADDING_LEFT: {
    int margin = d->prop <= NP_P_MARGIN_LEFT;
    np_buf_printf(out, "%s-%s: ", margin ? "margin" : "padding",
                  box[d->prop - (margin ? NP_P_MARGIN_TOP : NP_P_PADDING_TOP)]);
    if (d->mode == NP_MODE_VALUE)
      np_export_len(out, d->len, em, ems.base);
    break;
  }
  case NP_P_BORDER_TOP:
  case NP_P_BORDER_RIGHT:
  case NP_P_BORDER_BOTTOM:
  case NP_P_BORDER_LEFT:
    np_buf_printf(out, "border-%s-style: ", box[d->prop - NP_P_BORDER_TOP]);
    word = d->ival ? "solid" : "none";
    break;
  case NP_P_HYPHENS:
    np_buf_puts(out, "hyphens: ");
    word = d->ival ? "auto" : "manual";
    break;
  case NP_P_BREAK_BEFORE:
  case NP_P_BREAK_AFTER:
  case NP_P_BREAK_INSIDE:
    /* the page-break-* forms are the ones every e-reader knows */
    if (d->mode != NP_MODE_VALUE || d->ival == NP_BREAK_COLUMN)
      return;
    np_buf_puts(out, d->prop == NP_P_BREAK_BEFORE  ? "page-break-before: "
                     : d->prop == NP_P_BREAK_AFTER ? "page-break-after: "
                                                   : "page-break-inside: ");
    word = d->ival == NP_BREAK_PAGE    ? "always"
           : d->ival == NP_BREAK_AVOID ? "avoid"
                                       : "auto";
    break;
  case NP_P_WIDOWS:
  case NP_P_ORPHANS:
    np_buf_puts(out, d->prop == NP_P_WIDOWS ? "widows: " : "orphans: ");
    if (d->mode == NP_MODE_VALUE)
      np_buf_printf(out, "%d", d->ival);
    break;
  case NP_P_DISPLAY:
    /* only display: none is kept by the parser */
    if (d->mode != NP_MODE_VALUE || !d->ival)
      return;
    np_buf_puts(out, "display: ");
    word = "none";
    break;
  case NP_P_TEXT_TRANSFORM:
    np_buf_puts(out, "text-transform: ");
    word = d->ival ? "uppercase" : "none";
    break;
  case NP_P_COLUMN_COUNT:
  case NP_P_COLUMN_GAP:
  case NP_P_COLUMN_SPAN:
  case NP_P_MAX_HEIGHT:
    return;
  }
  if (d->mode == NP_MODE_INHERIT)
    np_buf_puts(out, "inherit");
  else if (word)
    np_buf_puts(out, word);
  if (out->len == start)
    return;
  if (out->data[out->len - 1] == ' ') {
    np_buf_truncate(out, start);
    return;
  }
  if (d->important)
    np_buf_puts(out, " !important");
  np_buf_puts(out, "; ");
}

/* Appends the selector of rule; returns 0 (nothing written) when it can
 * never match (an id selector). */
static int np_export_selector(np_buf *out, const np_rule *rule) {
  size_t i, j;

  for (i = 0; i < rule->n_parts; i++)
    if (rule->parts[i].has_id)
      return 0;
  for (i = 0; i < rule->n_parts; i++) {
    const np_compound *c = &rule->parts[i];
    if (i > 0)
      np_buf_puts(out, c->child ? " > " : " ");
    if (c->element)
      np_buf_puts(out, c->element);
    else if (c->n_classes == 0)
      np_buf_putc(out, '*');
    for (j = 0; j < c->n_classes; j++)
      np_buf_printf(out, ".%s", c->classes[j]);
  }
  return 1;
}

/* Returns nonzero when rule styles the article as a whole (its font size
 * is the reader's to choose). */
static int np_export_is_root(const np_rule *rule) {
  const np_compound *last = &rule->parts[rule->n_parts - 1];

  return rule->n_parts == 1 && last->n_classes == 0 && last->element &&
         (strcmp(last->element, "article") == 0 ||
          strcmp(last->element, "body") == 0 ||
          strcmp(last->element, "html") == 0);
}

char *np_style_export_css(const np_style *style) {
  np_buf out = NP_BUF_INIT;
  np_computed article;
  size_t i = 0, j, k;

  np_buf_puts(&out, np_export_base);
  np_style_compute(style, "article", NULL, NULL, 0, &article);
  while (style && i < style->n_rules) {
    const np_rule *first = &style->rules[i];
    np_export_ems ems = {article.font_size, 0};
    size_t end = i + 1, sel_start = out.len, body_start;
    int any = 0, root = 1;

    /* the selectors of one list share their declarations */
    while (end < style->n_rules && style->rules[end].decls == first->decls)
      end++;
    for (j = i; j < end; j++) {
      size_t before = out.len;
      if (any)
        np_buf_puts(&out, ", ");
      if (np_export_selector(&out, &style->rules[j])) {
        any = 1;
        root = root && np_export_is_root(&style->rules[j]);
      } else {
        np_buf_truncate(&out, before);
      }
    }
    for (k = 0; k < first->n_decls; k++)
      if (first->decls[k].prop == NP_P_FONT_SIZE &&
          first->decls[k].mode == NP_MODE_VALUE &&
          first->decls[k].len.unit == NP_LEN_PT && !root)
        ems.own = first->decls[k].len.v;
    np_buf_puts(&out, " { ");
    body_start = out.len;
    for (k = 0; any && k < first->n_decls; k++)
      np_export_decl(&out, &first->decls[k], ems, root);
    if (!any || out.len == body_start)
      np_buf_truncate(&out, sel_start);
    else
      np_buf_puts(&out, "}\n");
    i = end;
  }
  return np_buf_steal(&out);
}

/* metadata.c: harvests title, authors, dates, site name, language and the
 * rest of an article's metadata from JSON-LD, <meta> tags and the page. */
#include "metadata.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* Longest text an element may hold and still be a byline, in bytes. */
#define NP_BYLINE_MAX_CHARS 100
/* Longest author name accepted, in bytes, and most words in one. */
#define NP_AUTHOR_MAX_CHARS 100
#define NP_AUTHOR_MAX_WORDS 8
/* Shortest part of a byline split on "and" that is taken as a name. */
#define NP_AUTHOR_MIN_CHARS 3
/* Readability's title rules: titles outside this length range (bytes) are
 * replaced by a lone <h1>; a shorter remainder than this many words is
 * refused; a title of at most this many words falls back to the original. */
#define NP_TITLE_MIN_CHARS 15
#define NP_TITLE_MAX_CHARS 150
#define NP_TITLE_MIN_WORDS 3
#define NP_TITLE_SHORT_WORDS 4
/* Most words before a colon for the part after it to be the title. */
#define NP_TITLE_MAX_PREFIX_WORDS 5
/* How close JSON-LD name or headline must be to <title> to be preferred. */
#define NP_TITLE_SIMILARITY 0.75
/* Shortest share of a site name a title part must hold to name the site
 * ("Seattle Times" for "The Seattle Times"). */
#define NP_SITE_SIMILARITY 0.6
/* Shortest first paragraph used as a summary, in bytes. */
#define NP_SUMMARY_MIN_CHARS 40
/* Letters of the primary subtag of a language tag (ISO 639-1 or -2/3). */
#define NP_LANG_MIN_LETTERS 2
#define NP_LANG_MAX_LETTERS 3
/* Largest Unicode code point. */
#define NP_UNICODE_MAX 0x10FFFF
/* Strength of a JSON-LD object: none, a web page, an article. */
#define NP_LD_NONE 0
#define NP_LD_WEAK 1
#define NP_LD_ARTICLE 2

/* ---------------------------------------------------------------------- */
/* Values: entities, white space */

/* Named entities that pages leave literally in JSON-LD and <meta>. */
static const struct {
  const char *name;
  const char *utf8;
} np_entities[] = {
    {"amp", "&"},    {"lt", "<"},          {"gt", ">"},     {"quot", "\""},
    {"apos", "'"},   {"nbsp", "\xc2\xa0"}, {"ndash", "–"},  {"mdash", "—"},
    {"lsquo", "‘"},  {"rsquo", "’"},       {"ldquo", "“"},  {"rdquo", "”"},
    {"sbquo", "‚"},  {"bdquo", "„"},       {"hellip", "…"}, {"laquo", "«"},
    {"raquo", "»"},  {"copy", "©"},        {"reg", "®"},    {"trade", "™"},
    {"middot", "·"}, {"bull", "•"},        {"eacute", "é"}, {"egrave", "è"},
    {"ecirc", "ê"},  {"aacute", "á"},      {"agrave", "à"}, {"acirc", "â"},
    {"iacute", "í"}, {"oacute", "ó"},      {"uacute", "ú"}, {"ntilde", "ñ"},
    {"ccedil", "ç"}, {"auml", "ä"},        {"ouml", "ö"},   {"uuml", "ü"},
    {"Auml", "Ä"},   {"Ouml", "Ö"},        {"Uuml", "Ü"},   {"szlig", "ß"},
    {"Eacute", "É"}, {"euro", "€"},        {"pound", "£"},  {"deg", "°"},
    {"times", "×"}};

/* Decodes the entity at s (just after '&') into buf; returns the bytes of s
 * used, or 0 when s does not start a known entity ending with ';'. */
static size_t np_decode_entity(const char *s, np_buf *buf) {
  char utf8[8];
  const char *p = s;
  gunichar c = 0;
  size_t i, n;
  int digits = 0, hex;

  if (*p == '#') {
    p++;
    hex = (*p == 'x' || *p == 'X');
    if (hex)
      p++;
    for (; hex ? g_ascii_isxdigit(*p) : g_ascii_isdigit(*p); p++, digits++) {
      if (c <= NP_UNICODE_MAX)
        c = c * (hex ? 16 : 10) +
            (gunichar)(hex ? g_ascii_xdigit_value(*p) : *p - '0');
    }
    if (!digits || *p != ';')
      return 0;
    if (c == 0 || c > NP_UNICODE_MAX || (c >= 0xD800 && c <= 0xDFFF))
      c = 0xFFFD;
    np_buf_add(buf, utf8, (size_t)g_unichar_to_utf8(c, utf8));
    return (size_t)(p + 1 - s);
  }
  for (i = 0; i < G_N_ELEMENTS(np_entities); i++) {
    n = strlen(np_entities[i].name);
    if (strncmp(s, np_entities[i].name, n) == 0 && s[n] == ';') {
      np_buf_puts(buf, np_entities[i].utf8);
      return n + 1;
    }
  }
  return 0;
}

/* Returns a heap copy of s with HTML entities decoded and white space
 * collapsed, or NULL when s is NULL, blank or not UTF-8. */
static char *np_clean_value(const char *s) {
  np_buf buf = NP_BUF_INIT;
  char *out;
  size_t used;

  if (np_is_blank(s) || !g_utf8_validate(s, -1, NULL))
    return NULL;
  while (*s) {
    if (*s == '&' && (used = np_decode_entity(s + 1, &buf)) > 0) {
      s += used + 1;
      continue;
    }
    np_buf_putc(&buf, *s++);
  }
  out = np_collapse_space(np_buf_steal(&buf));
  if (*out == '\0' || !g_utf8_validate(out, -1, NULL)) {
    free(out);
    return NULL;
  }
  return out;
}

/* Sets *field to the cleaned value unless it is already set or the value is
 * blank. Returns nonzero when the field holds a value afterwards. */
static int np_set(np_doc *doc, const char **field, const char *value) {
  char *clean;

  if (*field)
    return 1;
  clean = np_clean_value(value);
  if (clean) {
    *field = np_arena_strdup(doc->arena, clean);
    free(clean);
  }
  return *field != NULL;
}

/* Returns nonzero when s looks like a URL rather than a name. */
static int np_is_url(const char *s) {
  return strstr(s, "://") || g_ascii_strncasecmp(s, "www.", 4) == 0;
}

/* Counts the words of s (runs of non-space). */
static size_t np_word_count(const char *s) {
  size_t n = 0;
  int in_word = 0;

  for (; *s; s++) {
    if (g_ascii_isspace(*s))
      in_word = 0;
    else if (!in_word) {
      in_word = 1;
      n++;
    }
  }
  return n;
}

/* ---------------------------------------------------------------------- */
/* Dates */

/* Parsed parts of a date; -1 where unknown. */
typedef struct {
  int year, month, day, hour, minute, second;
  int has_offset;
  int offset; /* minutes east of UTC */
} np_date_parts;

static const char *const np_month_names[] = {"jan", "feb", "mar", "apr",
                                             "may", "jun", "jul", "aug",
                                             "sep", "oct", "nov", "dec"};

static const char *const np_weekday_names[] = {"mon", "tue", "wed", "thu",
                                               "fri", "sat", "sun"};

/* Time-zone abbreviations of RFC 2822 and common pages, with offsets. */
static const struct {
  const char *name;
  int minutes;
} np_zones[] = {{"z", 0},      {"ut", 0},     {"utc", 0},    {"gmt", 0},
                {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
                {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
                {"bst", 60},   {"cet", 60},   {"cest", 120}, {"eet", 120},
                {"eest", 180}, {"ist", 330},  {"jst", 540},  {"aest", 600}};

/* Reads up to max digits at *p into *value; returns the count read. */
static int np_read_digits(const char **p, int max, int *value) {
  int n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit(**p)) {
    *value = *value * 10 + (**p - '0');
    (*p)++;
    n++;
  }
  return n;
}

/* Reads "+03:00", "+0300", "+03" or "Z" at p into parts; returns the end
 * or NULL. */
static const char *np_read_offset(const char *p, np_date_parts *d) {
  int sign, hours, minutes = 0;

  if (*p == 'Z' || *p == 'z') {
    d->has_offset = 1;
    d->offset = 0;
    return p + 1;
  }
  if (*p != '+' && *p != '-')
    return NULL;
  sign = *p == '-' ? -1 : 1;
  p++;
  if (np_read_digits(&p, 2, &hours) != 2)
    return NULL;
  if (*p == ':')
    p++;
  if (g_ascii_isdigit(*p) && np_read_digits(&p, 2, &minutes) != 2)
    return NULL;
  if (hours > 23 || minutes > 59)
    return NULL;
  d->has_offset = 1;
  d->offset = sign * (hours * 60 + minutes);
  return p;
}

/* Reads "HH:MM[:SS[.fff]]" at p; returns the end or NULL. */
static const char *np_read_time(const char *p, np_date_parts *d) {
  int value;

  if (np_read_digits(&p, 2, &d->hour) < 1 || *p != ':')
    return NULL;
  p++;
  if (np_read_digits(&p, 2, &d->minute) != 2)
    return NULL;
  d->second = 0;
  if (*p == ':') {
    p++;
    if (np_read_digits(&p, 2, &d->second) != 2)
      return NULL;
    if (*p == '.' || *p == ',') {
      p++;
      if (np_read_digits(&p, 9, &value) < 1)
        return NULL;
      while (g_ascii_isdigit(*p))
        p++;
    }
  }
  return p;
}

/* Parses "YYYY-MM-DD[(T| )HH:MM[:SS[.f]]][ ][Z|+hh:mm|UTC]"; also "/" and
 * "." as date separators. Returns nonzero on success. */
static int np_parse_iso(const char *p, np_date_parts *d) {
  char sep;
  const char *end;

  if (np_read_digits(&p, 4, &d->year) != 4)
    return 0;
  sep = *p;
  if (sep != '-' && sep != '/' && sep != '.')
    return 0;
  p++;
  if (np_read_digits(&p, 2, &d->month) < 1 || *p != sep)
    return 0;
  p++;
  if (np_read_digits(&p, 2, &d->day) < 1)
    return 0;
  if (*p == 'T' || *p == 't' || (*p == ' ' && g_ascii_isdigit(p[1]))) {
    if (!(p = np_read_time(p + 1, d)))
      return 0;
    while (*p == ' ')
      p++;
    if (*p && (end = np_read_offset(p, d)) != NULL)
      p = end;
    else if (g_ascii_strcasecmp(p, "UTC") == 0 ||
             g_ascii_strcasecmp(p, "GMT") == 0) {
      d->has_offset = 1;
      d->offset = 0;
      p += 3;
    }
  }
  while (g_ascii_isspace(*p))
    p++;
  return *p == '\0';
}

/* Returns the index of a month or weekday name starting word (len bytes),
 * or -1. Full names and three-letter abbreviations are accepted. */
static int np_name_index(const char *word, size_t len, const char *const *names,
                         int count) {
  static const char *const full[] = {
      "january",  "february", "march",    "april",     "may",
      "june",     "july",     "august",   "september", "october",
      "november", "december", "monday",   "tuesday",   "wednesday",
      "thursday", "friday",   "saturday", "sunday"};
  int i;
  size_t k;

  if (len > 0 && word[len - 1] == '.')
    len--;
  if (len < 3)
    return -1;
  for (i = 0; i < count; i++) {
    if (g_ascii_strncasecmp(word, names[i], 3) != 0)
      continue;
    if (len == 3)
      return i;
    for (k = 0; k < G_N_ELEMENTS(full); k++) {
      if (strlen(full[k]) == len &&
          g_ascii_strncasecmp(word, full[k], len) == 0)
        return i;
    }
    if (len == 4 && g_ascii_strncasecmp(word, "sept", 4) == 0)
      return i;
  }
  return -1;
}

/* Parses dates written with words, in any order of their parts: RFC 2822
 * ("Wed, 26 Jul 2017 07:31:00 GMT"), "July 26, 2017 10:31 am",
 * "26 July 2017". Every word must be understood. Returns nonzero on
 * success. */
static int np_parse_words(const char *p, np_date_parts *d) {
  int pm = -1, value, n, seen_day = 0;
  size_t len, i;
  const char *end;

  while (*p) {
    if (g_ascii_isspace(*p) || *p == ',') {
      p++;
      continue;
    }
    if (g_ascii_isdigit(*p)) {
      const char *start = p;

      n = np_read_digits(&p, 4, &value);
      if (*p == ':' && d->hour < 0) {
        if (!(p = np_read_time(start, d)))
          return 0;
      } else if (n == 4 && d->year < 0) {
        d->year = value;
      } else if (n <= 2 && !seen_day) {
        d->day = value;
        seen_day = 1;
        if (g_ascii_strncasecmp(p, "st", 2) == 0 ||
            g_ascii_strncasecmp(p, "nd", 2) == 0 ||
            g_ascii_strncasecmp(p, "rd", 2) == 0 ||
            g_ascii_strncasecmp(p, "th", 2) == 0)
          p += 2;
      } else {
        return 0;
      }
      if (g_ascii_isalnum(*p))
        return 0;
      continue;
    }
    if ((*p == '+' || *p == '-') && d->hour >= 0 && !d->has_offset) {
      if (!(end = np_read_offset(p, d)))
        return 0;
      p = end;
      continue;
    }
    for (len = 0; g_ascii_isalpha(p[len]) || p[len] == '.'; len++)
      ;
    if (len == 0)
      return 0;
    if ((n = np_name_index(p, len, np_month_names, 12)) >= 0 && d->month < 0) {
      d->month = n + 1;
    } else if (np_name_index(p, len, np_weekday_names, 7) >= 0) {
      /* the weekday adds nothing */
    } else if ((len == 2 || (len == 4 && p[1] == '.')) &&
               (g_ascii_tolower(*p) == 'a' || g_ascii_tolower(*p) == 'p') &&
               d->hour >= 0 && pm < 0) {
      pm = g_ascii_tolower(*p) == 'p';
    } else if (len == 2 && g_ascii_strncasecmp(p, "at", 2) == 0) {
      /* "July 26, 2017 at 10:31" */
    } else {
      for (i = 0; i < G_N_ELEMENTS(np_zones); i++) {
        if (strlen(np_zones[i].name) == len &&
            g_ascii_strncasecmp(p, np_zones[i].name, len) == 0)
          break;
      }
      if (i == G_N_ELEMENTS(np_zones) || d->hour < 0 || d->has_offset)
        return 0;
      d->has_offset = 1;
      d->offset = np_zones[i].minutes;
      if (p[len] == '+' || p[len] == '-') {
        /* "GMT+0300" */
        if (!(end = np_read_offset(p + len, d)))
          return 0;
        len = (size_t)(end - p);
      }
    }
    p += len;
  }
  if (pm >= 0) {
    if (d->hour < 1 || d->hour > 12)
      return 0;
    d->hour = d->hour % 12 + (pm ? 12 : 0);
  }
  return d->year >= 0 && d->month >= 0 && d->day >= 0;
}

char *np_metadata_iso_date(const char *text) {
  np_date_parts d = {-1, -1, -1, -1, -1, -1, 0, 0};
  char *copy, *result = NULL;
  int abs_offset;

  if (np_is_blank(text))
    return NULL;
  copy = np_collapse_space(np_xstrdup(text));
  if (!np_parse_iso(copy, &d)) {
    np_date_parts fresh = {-1, -1, -1, -1, -1, -1, 0, 0};

    d = fresh;
    if (!np_parse_words(copy, &d))
      goto done;
  }
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.year < 1 ||
      !g_date_valid_dmy((GDateDay)d.day, (GDateMonth)d.month,
                        (GDateYear)d.year))
    goto done;
  if (d.hour < 0) {
    result = g_strdup_printf("%04d-%02d-%02d", d.year, d.month, d.day);
    goto done;
  }
  if (d.hour > 23 || d.minute > 59 || d.second > 60)
    goto done;
  if (!d.has_offset)
    result = g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month,
                             d.day, d.hour, d.minute, d.second);
  else if (d.offset == 0)
    result = g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month,
                             d.day, d.hour, d.minute, d.second);
  else {
    abs_offset = d.offset < 0 ? -d.offset : d.offset;
    result = g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year,
                             d.month, d.day, d.hour, d.minute, d.second,
                             d.offset < 0 ? '-' : '+', abs_offset / 60,
                             abs_offset % 60);
  }
done:
  free(copy);
  if (result) {
    char *owned = np_xstrdup(result);

    g_free(result);
    return owned;
  }
  return NULL;
}

/* Sets a date field from raw text unless it is set. An unreadable date
 * becomes a warning. Returns nonzero when the field holds a value. */
static int np_set_date(np_doc *doc, const char **field, const char *raw,
                       const char *what) {
  char *iso;

  if (*field)
    return 1;
  if (np_is_blank(raw))
    return 0;
  iso = np_metadata_iso_date(raw);
  if (!iso) {
    np_doc_warn(doc, "metadata: cannot read the %s date \"%.60s\"", what, raw);
    return 0;
  }
  *field = np_arena_strdup(doc->arena, iso);
  free(iso);
  return 1;
}

/* ---------------------------------------------------------------------- */
/* Titles */

/* Separators of a title's parts, as Readability knows them. */
static const char *const np_title_separators[] = {
    " | ", " - ", " – ", " — ", " \\ ", " / ", " > ", " » ", NULL};

/* Separators before or after a site name in a title. */
static const char *const np_site_separators[] = {" | ",  " - ",  " – ", " — ",
                                                 " \\ ", " / ",  " > ", " » ",
                                                 " · ",  " :: ", " : ", NULL};

/* Returns a casefolded copy of s holding only letters and digits. */
static char *np_fold_alnum(const char *s) {
  char *fold = g_utf8_casefold(s, -1);
  np_buf buf = NP_BUF_INIT;
  const char *p;
  char *out;

  for (p = fold; *p; p = g_utf8_next_char(p)) {
    if (g_unichar_isalnum(g_utf8_get_char(p)))
      np_buf_add(&buf, p, (size_t)(g_utf8_next_char(p) - p));
  }
  g_free(fold);
  out = np_buf_steal(&buf);
  return out;
}

/* Returns nonzero when part names the site: equal to it, or one holding the
 * other and not much longer, ignoring case, spaces and punctuation. */
static int np_same_site(const char *part, const char *site) {
  char *a = np_fold_alnum(part), *b = np_fold_alnum(site);
  size_t la = strlen(a), lb = strlen(b);
  int same = 0;

  if (la && lb) {
    if (la < lb)
      same = strstr(b, a) && la >= NP_SITE_SIMILARITY * (double)lb;
    else
      same = strstr(a, b) && lb >= NP_SITE_SIMILARITY * (double)la;
  }
  free(a);
  free(b);
  return same;
}

/* Finds the first (or last) of separators in title; returns its position and
 * sets *len, or NULL. */
static const char *np_find_separator(const char *title,
                                     const char *const *separators, int last,
                                     size_t *len) {
  const char *best = NULL, *p;
  size_t i;

  for (i = 0; separators[i]; i++) {
    for (p = strstr(title, separators[i]); p;
         p = strstr(p + 1, separators[i])) {
      if (!best || (last ? p > best : p < best)) {
        best = p;
        *len = strlen(separators[i]);
      }
      if (!last)
        break;
    }
  }
  return best;
}

/* Removes a head or tail of title that names the site, unless the whole
 * title is the site's name. Returns a heap string, or NULL when no part
 * names it. */
static char *np_title_strip_site(const char *title, const char *site) {
  const char *sep;
  char *whole, *folded_site;
  size_t len = 0;
  int is_site;

  if (np_is_blank(site))
    return NULL;
  whole = np_fold_alnum(title);
  folded_site = np_fold_alnum(site);
  is_site = strcmp(whole, folded_site) == 0;
  free(whole);
  free(folded_site);
  if (is_site)
    return NULL;
  sep = np_find_separator(title, np_site_separators, 1, &len);
  if (sep && np_same_site(sep + len, site))
    return np_collapse_space(np_xstrndup(title, (size_t)(sep - title)));
  sep = np_find_separator(title, np_site_separators, 0, &len);
  if (sep) {
    char *head = np_xstrndup(title, (size_t)(sep - title));
    int named = np_same_site(head, site);

    free(head);
    if (named)
      return np_collapse_space(np_xstrdup(sep + len));
  }
  return NULL;
}

/* Returns nonzero when an <h1> or <h2> of dom has exactly the text s. */
static int np_heading_is(xmlDoc *dom, const char *s) {
  xmlNode *root = dom ? np_dom_html(dom) : NULL, *n;
  int found = 0;

  for (n = root; n && !found; n = np_dom_walk_next(root, n, 0)) {
    if (np_dom_is(n, "h1") || np_dom_is(n, "h2")) {
      char *text = np_dom_text(n);

      found = strcmp(text, s) == 0;
      free(text);
    }
  }
  return found;
}

/* Returns the text of the only <h1> of dom, or NULL (heap string). */
static char *np_sole_h1(xmlDoc *dom) {
  xmlNode *root = dom ? np_dom_html(dom) : NULL, *n, *h1 = NULL;

  for (n = root; n; n = np_dom_walk_next(root, n, 0)) {
    if (np_dom_is(n, "h1")) {
      if (h1)
        return NULL;
      h1 = n;
    }
  }
  return h1 ? np_dom_text(h1) : NULL;
}

/* Counts the words of s after removing every separator character. */
static size_t np_words_without_separators(const char *s) {
  char *copy = np_xstrdup(s);
  size_t i, n;

  for (i = 0; np_title_separators[i]; i++) {
    char *p;
    size_t len = strlen(np_title_separators[i]);

    while ((p = strstr(copy, np_title_separators[i])) != NULL)
      memset(p + 1, ' ', len - 2);
  }
  n = np_word_count(copy);
  free(copy);
  return n;
}

/* Readability's treatment of a <title>: drop the last part after a
 * separator (or the first when too little remains), take the part after a
 * colon unless a heading holds the whole title, and use a lone <h1> for
 * titles too short or too long. dom may be NULL. Returns a heap string. */
static char *np_title_heuristic(const char *orig, xmlDoc *dom) {
  char *cur = NULL, *h1;
  const char *sep, *colon;
  size_t len = 0, words;
  int hierarchical = 0;

  sep = np_find_separator(orig, np_title_separators, 1, &len);
  if (sep) {
    hierarchical = strstr(orig, " \\ ") || strstr(orig, " / ") ||
                   strstr(orig, " > ") || strstr(orig, " » ");
    cur = np_xstrndup(orig, (size_t)(sep - orig));
    if (np_word_count(cur) < NP_TITLE_MIN_WORDS) {
      free(cur);
      sep = np_find_separator(orig, np_title_separators, 0, &len);
      cur = np_xstrdup(sep + len);
    }
  } else if ((colon = strstr(orig, ": ")) != NULL) {
    if (!np_heading_is(dom, orig)) {
      char *before;

      cur = np_xstrdup(strrchr(orig, ':') + 1);
      before = np_xstrndup(orig, (size_t)(colon - orig));
      if (np_word_count(cur) < NP_TITLE_MIN_WORDS) {
        free(cur);
        cur = np_xstrdup(colon + 1);
      } else if (np_word_count(before) > NP_TITLE_MAX_PREFIX_WORDS) {
        free(cur);
        cur = np_xstrdup(orig);
      }
      free(before);
    }
  } else if (strlen(orig) > NP_TITLE_MAX_CHARS ||
             strlen(orig) < NP_TITLE_MIN_CHARS) {
    if ((h1 = np_sole_h1(dom)) != NULL && *h1)
      cur = h1;
    else
      free(h1);
  }
  if (!cur)
    cur = np_xstrdup(orig);
  np_collapse_space(cur);
  words = np_word_count(cur);
  if (words <= NP_TITLE_SHORT_WORDS &&
      (!hierarchical || words != np_words_without_separators(orig) - 1)) {
    free(cur);
    cur = np_collapse_space(np_xstrdup(orig));
  }
  return cur;
}

char *np_metadata_clean_title(const char *title, const char *site) {
  char *copy, *result;

  if (!title)
    return np_xstrdup("");
  copy = np_collapse_space(np_xstrdup(title));
  result = np_title_strip_site(copy, site);
  if (!result)
    result = np_title_heuristic(copy, NULL);
  free(copy);
  return result;
}

/* Token similarity of Readability: the share of b's text made of words that
 * also occur in a (1 = all of them). */
static double np_text_similarity(const char *a, const char *b) {
  char *fa = g_utf8_casefold(a, -1), *fb = g_utf8_casefold(b, -1);
  char **ta = g_regex_split_simple("\\W+", fa, 0, 0);
  char **tb = g_regex_split_simple("\\W+", fb, 0, 0);
  size_t total = 0, unique = 0, i, j;
  int found;
  double sim = 0.0;

  for (i = 0; tb[i]; i++) {
    if (!*tb[i])
      continue;
    total += strlen(tb[i]) + 1;
    found = 0;
    for (j = 0; ta[j] && !found; j++)
      found = strcmp(ta[j], tb[i]) == 0;
    if (!found)
      unique += strlen(tb[i]) + 1;
  }
  if (total)
    sim = 1.0 - (double)unique / (double)total;
  g_strfreev(ta);
  g_strfreev(tb);
  g_free(fa);
  g_free(fb);
  return sim;
}

/* ---------------------------------------------------------------------- */
/* Authors */

/* Words that introduce a byline ("By", Arabic "بقلم", Hebrew "מאת", Russian
 * "Автор"), longest first within a language. */
static const char *const np_byline_prefixes[] = {
    "written by", "posted by", "story by", "words by", "by",    "par",
    "von",        "por",       "door",     "av",       "af",    "بقلم",
    "كتب",        "מאת",       "Автор",    "автор",    "Текст", NULL};

/* Returns s past a leading "By", "Par", "Written by" (with an optional
 * colon), or s itself. */
static const char *np_skip_by(const char *s) {
  size_t i, n;
  const char *p;

  for (i = 0; np_byline_prefixes[i]; i++) {
    n = strlen(np_byline_prefixes[i]);
    if (g_ascii_strncasecmp(s, np_byline_prefixes[i], n) != 0)
      continue;
    p = s + n;
    if (*p == ':')
      p++;
    if (*p != ' ' && p == s + n)
      continue;
    while (*p == ' ')
      p++;
    if (*p)
      return p;
  }
  return s;
}

/* Where a name was read: structured data the publisher wrote for machines
 * (JSON-LD, <meta>, microdata content), or text scraped from the page. */
typedef enum { NP_NAME_STRUCTURED = 0, NP_NAME_VISIBLE } np_name_source;

/* Returns nonzero when name reads as a person's or an organisation's
 * name: not a URL, a handle, a date or a sentence. Digits are refused only
 * in names scraped from visible text (where they betray a date or a count);
 * structured data may name an organisation such as "i24NEWS". */
static int np_is_name(const char *name, np_name_source source) {
  const char *p;
  int letters = 0;

  if (!*name || strlen(name) > NP_AUTHOR_MAX_CHARS || np_is_url(name) ||
      *name == '@' || np_word_count(name) > NP_AUTHOR_MAX_WORDS)
    return 0;
  for (p = name; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);

    if (g_unichar_isdigit(c) && source == NP_NAME_VISIBLE)
      return 0;
    if (g_unichar_isalpha(c))
      letters++;
  }
  return letters > 0;
}

/* Adds one cleaned name read from source; returns 1 when it was a name. */
static int np_add_name(np_doc *doc, const char *raw, np_name_source source) {
  char *clean = np_clean_value(raw);
  const char *name;
  int ok = 0;

  if (!clean)
    return 0;
  name = np_skip_by(clean);
  if (np_is_name(name, source)) {
    np_doc_add_author(doc, name);
    ok = 1;
  }
  free(clean);
  return ok;
}

/* Returns nonzero when every comma-separated part of s has two words or
 * more, so that the commas separate names ("A B, C D") rather than a
 * surname from a given name ("Jong, Michiel"). */
static int np_commas_separate_names(const char *s) {
  char **parts = g_strsplit(s, ",", -1);
  int ok = parts[0] && parts[1];
  size_t i;

  for (i = 0; ok && parts[i]; i++)
    ok = np_word_count(parts[i]) >= 2;
  g_strfreev(parts);
  return ok;
}

/* Adds the authors of a byline string read from source: "By A", "A and B",
 * "A, B & C", "A; B". Returns the number of names added. */
static int np_add_authors(np_doc *doc, const char *raw, np_name_source source) {
  char *clean = np_clean_value(raw), **parts = NULL, **names = NULL;
  GRegex *and_re = NULL;
  int added = 0;
  size_t i, j;

  if (!clean)
    return 0;
  and_re = g_regex_new("\\s+(?:and|&|und|et|y)\\s+|\\s*;\\s*", 0, 0, NULL);
  parts = g_regex_split(and_re, np_skip_by(clean), 0);
  for (i = 0; parts[i]; i++) {
    if (strlen(parts[i]) < NP_AUTHOR_MIN_CHARS) {
      /* a part too short for a name ("Mac & i"): one name after all */
      g_strfreev(parts);
      parts = g_new0(char *, 2);
      parts[0] = g_strdup(np_skip_by(clean));
      break;
    }
  }
  for (i = 0; parts[i]; i++) {
    if (strchr(parts[i], ',') && np_commas_separate_names(parts[i])) {
      names = g_strsplit(parts[i], ",", -1);
      for (j = 0; names[j]; j++)
        added += np_add_name(doc, names[j], source);
      g_strfreev(names);
    } else {
      added += np_add_name(doc, parts[i], source);
    }
  }
  g_strfreev(parts);
  g_regex_unref(and_re);
  free(clean);
  return added;
}

/* ---------------------------------------------------------------------- */
/* <meta> tags */

/* Adds value under key (lowercase, '.' read as ':') to the table, unless
 * locked (may be NULL) holds the key. */
static void np_meta_put(GHashTable *meta, GHashTable *locked, const char *key,
                        size_t len, const char *value) {
  char *k = g_ascii_strdown(key, (gssize)len);
  GPtrArray *values;
  char *p;

  for (p = k; *p; p++) {
    if (*p == '.')
      *p = ':';
  }
  if (locked && g_hash_table_contains(locked, k)) {
    g_free(k);
    return;
  }
  values = g_hash_table_lookup(meta, k);
  if (!values) {
    values = g_ptr_array_new_with_free_func(g_free);
    g_hash_table_insert(meta, k, values);
  } else {
    g_free(k);
  }
  g_ptr_array_add(values, g_strdup(value));
}

/* Collects the <meta> tags of dom: properties first (a space-separated list
 * of names), then names, itemprops and http-equiv, in page order; a key
 * given by a property ignores the names that give it too. */
static GHashTable *np_meta_collect(xmlDoc *dom) {
  GHashTable *meta = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)g_ptr_array_unref);
  xmlNode *root = np_dom_html(dom), *n;
  GHashTable *locked = NULL;
  GHashTableIter iter;
  gpointer seen;
  const char *content, *attr, *p, *start;
  int pass;

  for (pass = 0; pass < 2; pass++) {
    if (pass == 1) {
      locked = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init(&iter, meta);
      while (g_hash_table_iter_next(&iter, &seen, NULL))
        g_hash_table_add(locked, g_strdup(seen));
    }
    for (n = root; n; n = np_dom_walk_next(root, n, 0)) {
      if (!np_dom_is(n, "meta") ||
          np_is_blank(content = np_dom_attr(n, "content")))
        continue;
      if (pass == 0 && (attr = np_dom_attr(n, "property")) != NULL) {
        for (p = attr; *p;) {
          while (g_ascii_isspace(*p))
            p++;
          for (start = p; *p && !g_ascii_isspace(*p); p++)
            ;
          if (p > start)
            np_meta_put(meta, NULL, start, (size_t)(p - start), content);
        }
      } else if (pass == 1) {
        if ((attr = np_dom_attr(n, "name")) != NULL && !np_is_blank(attr)) {
          char *key = np_collapse_space(np_xstrdup(attr));

          np_meta_put(meta, locked, key, strlen(key), content);
          free(key);
        }
        if ((attr = np_dom_attr(n, "itemprop")) != NULL) {
          char *key = g_strconcat("itemprop:", attr, NULL);

          np_meta_put(meta, locked, key, strlen(key), content);
          g_free(key);
        }
        if ((attr = np_dom_attr(n, "http-equiv")) != NULL) {
          char *key = g_strconcat("http-equiv:", attr, NULL);

          np_meta_put(meta, locked, key, strlen(key), content);
          g_free(key);
        }
      }
    }
  }
  g_hash_table_unref(locked);
  return meta;
}

/* Returns the first value of key, or NULL. */
static const char *np_meta_get(GHashTable *meta, const char *key) {
  GPtrArray *values = g_hash_table_lookup(meta, key);

  return values && values->len ? g_ptr_array_index(values, 0) : NULL;
}

/* Returns the first value among keys (a NULL-terminated list), or NULL. */
static const char *np_meta_first(GHashTable *meta, const char *const *keys) {
  const char *v;
  size_t i;

  for (i = 0; keys[i]; i++) {
    if ((v = np_meta_get(meta, keys[i])) != NULL && !np_is_blank(v))
      return v;
  }
  return NULL;
}

/* Adds the comma-separated keywords of every value of key. */
static void np_meta_keywords(np_doc *doc, GHashTable *meta, const char *key) {
  GPtrArray *values = g_hash_table_lookup(meta, key);
  char **words, *clean;
  size_t i, j;

  for (i = 0; values && i < values->len; i++) {
    words = g_strsplit(g_ptr_array_index(values, i), ",", -1);
    for (j = 0; words[j]; j++) {
      if ((clean = np_clean_value(words[j])) != NULL)
        np_doc_add_keyword(doc, clean);
      free(clean);
    }
    g_strfreev(words);
  }
}

/* ---------------------------------------------------------------------- */
/* JSON-LD */

/* What the best JSON-LD object of the page says; heap strings or NULL. */
typedef struct {
  int strength; /* NP_LD_* */
  char *headline, *name, *alternative, *description, *site, *published,
      *modified, *lang, *section, *url, *rights, *body;
  GPtrArray *authors;  /* heap strings */
  GPtrArray *keywords; /* heap strings */
} np_ld;

static void np_ld_clear(np_ld *ld) {
  char **fields[] = {&ld->headline,    &ld->name,   &ld->alternative,
                     &ld->description, &ld->site,   &ld->published,
                     &ld->modified,    &ld->lang,   &ld->section,
                     &ld->url,         &ld->rights, &ld->body};
  size_t i;

  for (i = 0; i < G_N_ELEMENTS(fields); i++) {
    g_free(*fields[i]);
    *fields[i] = NULL;
  }
  if (ld->authors)
    g_ptr_array_unref(ld->authors);
  if (ld->keywords)
    g_ptr_array_unref(ld->keywords);
  ld->authors = NULL;
  ld->keywords = NULL;
  ld->strength = NP_LD_NONE;
}

/* Types of article that carry the metadata we want. */
static const char *const np_article_types[] = {"Article",
                                               "NewsArticle",
                                               "ReportageNewsArticle",
                                               "AnalysisNewsArticle",
                                               "OpinionNewsArticle",
                                               "BackgroundNewsArticle",
                                               "ReviewNewsArticle",
                                               "AskPublicNewsArticle",
                                               "SatiricalArticle",
                                               "ScholarlyArticle",
                                               "TechArticle",
                                               "BlogPosting",
                                               "LiveBlogPosting",
                                               "SocialMediaPosting",
                                               "DiscussionForumPosting",
                                               "Report",
                                               "APIReference",
                                               "AdvertiserContentArticle",
                                               "MedicalScholarlyArticle",
                                               NULL};

/* Page types used only when no article is described. */
static const char *const np_page_types[] = {"WebPage", "ItemPage", "AboutPage",
                                            NULL};

/* Returns the strength of one type name ("NewsArticle",
 * "schema:NewsArticle", "http://schema.org/NewsArticle"). */
static int np_type_strength(const char *type) {
  const char *slash = strrchr(type, '/'), *colon;
  size_t i;

  if (slash)
    type = slash + 1;
  else if ((colon = strchr(type, ':')) != NULL)
    type = colon + 1;
  for (i = 0; np_article_types[i]; i++) {
    if (strcmp(type, np_article_types[i]) == 0)
      return NP_LD_ARTICLE;
  }
  for (i = 0; np_page_types[i]; i++) {
    if (strcmp(type, np_page_types[i]) == 0)
      return NP_LD_WEAK;
  }
  return NP_LD_NONE;
}

/* Returns the strength of an object from its @type (a string or an
 * array of strings). */
static int np_object_strength(JsonObject *obj) {
  JsonNode *type = json_object_get_member(obj, "@type");
  int best = NP_LD_NONE, s;
  guint i;

  if (!type)
    return NP_LD_NONE;
  if (JSON_NODE_HOLDS_VALUE(type) &&
      json_node_get_value_type(type) == G_TYPE_STRING)
    return np_type_strength(json_node_get_string(type));
  if (JSON_NODE_HOLDS_ARRAY(type)) {
    JsonArray *arr = json_node_get_array(type);

    for (i = 0; i < json_array_get_length(arr); i++) {
      JsonNode *el = json_array_get_element(arr, i);

      if (JSON_NODE_HOLDS_VALUE(el) &&
          json_node_get_value_type(el) == G_TYPE_STRING &&
          (s = np_type_strength(json_node_get_string(el))) > best)
        best = s;
    }
  }
  return best;
}

/* Returns the string value of node, or NULL. */
static const char *np_json_string(JsonNode *node) {
  if (node && JSON_NODE_HOLDS_VALUE(node) &&
      json_node_get_value_type(node) == G_TYPE_STRING)
    return json_node_get_string(node);
  return NULL;
}

/* Returns the object a node describes, following {"@id": ...} references
 * through ids (a table of @id -> JsonObject); NULL when not an object. */
static JsonObject *np_json_object(JsonNode *node, GHashTable *ids) {
  JsonObject *obj, *target;
  const char *id;

  if (!node || !JSON_NODE_HOLDS_OBJECT(node))
    return NULL;
  obj = json_node_get_object(node);
  if (json_object_get_size(obj) == 1 &&
      (id = np_json_string(json_object_get_member(obj, "@id"))) != NULL &&
      (target = g_hash_table_lookup(ids, id)) != NULL)
    return target;
  return obj;
}

/* Returns a heap copy (g_free) of node's string value, or of its key member
 * when it is an object (an {"@id"} reference is followed first), or of the
 * first usable element of an array; NULL otherwise. */
static char *np_json_text(JsonNode *node, GHashTable *ids, const char *key) {
  const char *s = np_json_string(node);
  JsonObject *obj;
  JsonArray *arr;
  guint i;
  char *r;

  if (s)
    return np_is_blank(s) ? NULL : g_strdup(s);
  if ((obj = np_json_object(node, ids)) != NULL)
    return json_object_has_member(obj, key)
               ? np_json_text(json_object_get_member(obj, key), ids, key)
               : NULL;
  if (node && JSON_NODE_HOLDS_ARRAY(node)) {
    arr = json_node_get_array(node);
    for (i = 0; i < json_array_get_length(arr); i++) {
      if ((r = np_json_text(json_array_get_element(arr, i), ids, key)))
        return r;
    }
  }
  return NULL;
}

/* Appends to list the strings of node: a string (split on commas when
 * split is set), an object's key member, or an array of them. */
static void np_json_list(JsonNode *node, GHashTable *ids, const char *key,
                         int split, GPtrArray *list) {
  const char *s = np_json_string(node);
  JsonObject *obj;
  JsonArray *arr;
  guint i;

  if (s) {
    char **parts = g_strsplit(s, split ? "," : "\x01", -1);

    for (i = 0; parts[i]; i++) {
      if (!np_is_blank(parts[i]))
        g_ptr_array_add(list, g_strdup(parts[i]));
    }
    g_strfreev(parts);
  } else if ((obj = np_json_object(node, ids)) != NULL) {
    if (json_object_has_member(obj, key))
      np_json_list(json_object_get_member(obj, key), ids, key, split, list);
  } else if (node && JSON_NODE_HOLDS_ARRAY(node)) {
    arr = json_node_get_array(node);
    for (i = 0; i < json_array_get_length(arr); i++)
      np_json_list(json_array_get_element(arr, i), ids, key, split, list);
  }
}

/* Fills ld from the article object obj. */
static void np_ld_fill(np_ld *ld, JsonObject *obj, GHashTable *ids,
                       int strength) {
  JsonObject *pub;
  char *holder;

#define NP_LD_MEMBER(name) json_object_get_member(obj, name)
  np_ld_clear(ld);
  ld->strength = strength;
  ld->headline = np_json_text(NP_LD_MEMBER("headline"), ids, "name");
  ld->name = np_json_text(NP_LD_MEMBER("name"), ids, "name");
  ld->alternative =
      np_json_text(NP_LD_MEMBER("alternativeHeadline"), ids, "name");
  ld->description = np_json_text(NP_LD_MEMBER("description"), ids, "name");
  ld->published = np_json_text(NP_LD_MEMBER("datePublished"), ids, "name");
  ld->modified = np_json_text(NP_LD_MEMBER("dateModified"), ids, "name");
  ld->lang = np_json_text(NP_LD_MEMBER("inLanguage"), ids, "name");
  ld->section = np_json_text(NP_LD_MEMBER("articleSection"), ids, "name");
  ld->url = np_json_text(NP_LD_MEMBER("url"), ids, "url");
  if (!ld->url)
    ld->url = np_json_text(NP_LD_MEMBER("mainEntityOfPage"), ids, "@id");
  ld->rights = np_json_text(NP_LD_MEMBER("copyrightNotice"), ids, "name");
  if (!ld->rights &&
      (holder = np_json_text(NP_LD_MEMBER("copyrightHolder"), ids, "name"))) {
    ld->rights = g_strconcat("© ", holder, NULL);
    g_free(holder);
  }
  ld->body = np_json_text(NP_LD_MEMBER("articleBody"), ids, "text");
  pub = np_json_object(NP_LD_MEMBER("publisher"), ids);
  if (pub)
    ld->site = np_json_text(json_object_get_member(pub, "name"), ids, "name");
  ld->authors = g_ptr_array_new_with_free_func(g_free);
  np_json_list(NP_LD_MEMBER("author"), ids, "name", 0, ld->authors);
  ld->keywords = g_ptr_array_new_with_free_func(g_free);
  np_json_list(NP_LD_MEMBER("keywords"), ids, "name", 1, ld->keywords);
#undef NP_LD_MEMBER
}

/* Adds every object under node (arrays, @graph) to objects and their @id
 * to ids. */
static void np_ld_gather(JsonNode *node, GPtrArray *objects, GHashTable *ids,
                         int depth) {
  JsonObject *obj;
  JsonArray *arr;
  const char *id;
  guint i;

  if (!node || depth > NP_TREE_MAX_DEPTH)
    return;
  if (JSON_NODE_HOLDS_ARRAY(node)) {
    arr = json_node_get_array(node);
    for (i = 0; i < json_array_get_length(arr); i++)
      np_ld_gather(json_array_get_element(arr, i), objects, ids, depth + 1);
  } else if (JSON_NODE_HOLDS_OBJECT(node)) {
    obj = json_node_get_object(node);
    g_ptr_array_add(objects, obj);
    if ((id = np_json_string(json_object_get_member(obj, "@id"))) != NULL &&
        json_object_get_size(obj) > 1 && !g_hash_table_contains(ids, id))
      g_hash_table_insert(ids, (gpointer)id, obj);
    if (json_object_has_member(obj, "@graph"))
      np_ld_gather(json_object_get_member(obj, "@graph"), objects, ids,
                   depth + 1);
  }
}

/* Appends the JSON text s to buf made acceptable to a strict parser: HTML
 * comment and CDATA wrappers dropped, raw control characters in strings
 * escaped, trailing commas removed, and several top-level values joined
 * into one array. */
static void np_ld_sanitize(const char *s, np_buf *buf) {
  static const char *const wrappers[] = {
      "<!--", "-->", "<![CDATA[", "]]>", "//<![CDATA[", "//]]>", NULL};
  int in_string = 0, escaped = 0, depth = 0, values = 0;
  size_t i, n = 0;
  const char *p, *q;

  np_buf_putc(buf, '[');
  for (p = s; *p; p++) {
    if (in_string) {
      if (escaped)
        escaped = 0;
      else if (*p == '\\')
        escaped = 1;
      else if (*p == '"')
        in_string = 0;
      if ((unsigned char)*p < 0x20)
        np_buf_puts(buf, *p == '\n' ? "\\n" : " ");
      else
        np_buf_putc(buf, *p);
      continue;
    }
    for (i = 0; wrappers[i]; i++) {
      n = strlen(wrappers[i]);
      if (strncmp(p, wrappers[i], n) == 0)
        break;
    }
    if (wrappers[i] && depth == 0) {
      p += n - 1;
      continue;
    }
    if (*p == ',') {
      for (q = p + 1; g_ascii_isspace(*q); q++)
        ;
      if (*q == '}' || *q == ']' || depth == 0)
        continue;
    }
    if (*p == ';' && depth == 0)
      continue;
    if ((*p == '{' || *p == '[') && depth++ == 0 && values++ > 0)
      np_buf_putc(buf, ',');
    if (*p == '}' || *p == ']')
      depth--;
    if (*p == '"')
      in_string = 1;
    np_buf_putc(buf, *p);
  }
  np_buf_putc(buf, ']');
}

/* Parses one JSON-LD script and keeps its best object in ld when it beats
 * what ld holds. A parse error becomes a warning. */
static void np_ld_script(xmlNode *script, np_doc *doc, np_ld *ld) {
  xmlChar *content = xmlNodeGetContent(script);
  np_buf buf = NP_BUF_INIT;
  JsonParser *parser = NULL;
  GPtrArray *objects = NULL;
  GHashTable *ids = NULL;
  GError *error = NULL;
  JsonObject *best = NULL;
  int best_strength = NP_LD_NONE, s;
  guint i;

  if (!content || np_is_blank((const char *)content))
    goto done;
  np_ld_sanitize((const char *)content, &buf);
  parser = json_parser_new();
  if (!json_parser_load_from_data(parser, np_buf_cstr(&buf), (gssize)buf.len,
                                  &error)) {
    np_doc_warn(doc, "metadata: malformed JSON-LD ignored: %s", error->message);
    goto done;
  }
  objects = g_ptr_array_new();
  ids = g_hash_table_new(g_str_hash, g_str_equal);
  np_ld_gather(json_parser_get_root(parser), objects, ids, 0);
  for (i = 0; i < objects->len; i++) {
    s = np_object_strength(g_ptr_array_index(objects, i));
    if (s > best_strength) {
      best_strength = s;
      best = g_ptr_array_index(objects, i);
    }
  }
  if (best && best_strength > ld->strength)
    np_ld_fill(ld, best, ids, best_strength);
done:
  if (error)
    g_error_free(error);
  if (objects)
    g_ptr_array_unref(objects);
  if (ids)
    g_hash_table_unref(ids);
  if (parser)
    g_object_unref(parser);
  np_buf_free(&buf);
  xmlFree(content);
}

/* Reads every <script type="application/ld+json"> of dom into ld. */
static void np_ld_collect(xmlDoc *dom, np_doc *doc, np_ld *ld) {
  xmlNode *root = np_dom_html(dom), *n;
  const char *type;
  char *t;

  for (n = root; n; n = np_dom_walk_next(root, n, 0)) {
    if (!np_dom_is(n, "script") || !(type = np_dom_attr(n, "type")))
      continue;
    t = np_collapse_space(np_xstrdup(type));
    if (g_ascii_strcasecmp(t, "application/ld+json") == 0)
      np_ld_script(n, doc, ld);
    free(t);
  }
}

/* ---------------------------------------------------------------------- */
/* The page */

/* Returns the text of the <title> element (heap), or NULL. */
static char *np_page_title(xmlDoc *dom) {
  xmlNode *root = np_dom_html(dom), *n;
  char *text;

  for (n = root; n; n = np_dom_walk_next(root, n, 0)) {
    if (np_dom_is(n, "title")) {
      text = np_dom_text(n);
      if (*text)
        return text;
      free(text);
    }
  }
  return NULL;
}

/* Returns the URL of a browser's "saved from url=(0047)https://..."
 * comment before or at the top of the page (heap), or NULL. */
static char *np_saved_from_url(xmlDoc *dom) {
  static const char marker[] = "saved from url=";
  xmlNode *n, *html = np_dom_html(dom);
  const char *p, *end;
  int pass;

  for (pass = 0; pass < 2; pass++) {
    for (n = pass == 0 ? dom->children : (html ? html->children : NULL); n;
         n = n->next) {
      if (n->type != XML_COMMENT_NODE || !n->content ||
          !(p = strstr((const char *)n->content, marker)))
        continue;
      p += sizeof marker - 1;
      if (*p == '(')
        p = strchr(p, ')') ? strchr(p, ')') + 1 : p;
      for (end = p; *end && !g_ascii_isspace(*end); end++)
        ;
      if (end > p)
        return np_xstrndup(p, (size_t)(end - p));
    }
  }
  return NULL;
}

/* Returns the href of the first <link> whose rel holds word, or NULL. */
static const char *np_link_href(xmlDoc *dom, const char *word) {
  xmlNode *root = np_dom_html(dom), *n;
  const char *rel, *href;
  char **tokens;
  size_t i;
  int found;

  for (n = root; n; n = np_dom_walk_next(root, n, 0)) {
    if (!np_dom_is(n, "link") || !(rel = np_dom_attr(n, "rel")) ||
        np_is_blank(href = np_dom_attr(n, "href")))
      continue;
    tokens = g_strsplit_set(rel, " \t\n\r\f", -1);
    found = 0;
    for (i = 0; tokens[i] && !found; i++)
      found = g_ascii_strcasecmp(tokens[i], word) == 0;
    g_strfreev(tokens);
    if (found)
      return href;
  }
  return NULL;
}

/* Returns nonzero when the space-separated list attribute of node holds
 * word (ASCII case-insensitive). */
static int np_attr_has_word(const xmlNode *node, const char *attr,
                            const char *word) {
  const char *value = np_dom_attr(node, attr);
  char **tokens;
  size_t i;
  int found = 0;

  if (!value)
    return 0;
  tokens = g_strsplit_set(value, " \t\n\r\f", -1);
  for (i = 0; tokens[i] && !found; i++)
    found = g_ascii_strcasecmp(tokens[i], word) == 0;
  g_strfreev(tokens);
  return found;
}

/* Returns the names of a byline element: the text of its itemprop=name
 * descendant when it has one, else its own text (heap). */
static char *np_byline_text(const xmlNode *node) {
  const xmlNode *n;

  for (n = node; n; n = np_dom_walk_next(node, n, 0)) {
    if (n != node && np_attr_has_word(n, "itemprop", "name"))
      return np_dom_text(n);
  }
  return np_dom_text(node);
}

/* Adds the authors of microdata itemprop=author elements of dom. */
static void np_itemprop_authors(xmlDoc *dom, np_doc *doc) {
  xmlNode *root = np_dom_body(dom), *n;
  char *text;
  const char *content;

  for (n = root; n; n = np_dom_walk_next(root, n, 0)) {
    if (n->type != XML_ELEMENT_NODE ||
        !np_attr_has_word(n, "itemprop", "author") || np_dom_is_hidden(n))
      continue;
    if ((content = np_dom_attr(n, "content")) != NULL) {
      np_add_authors(doc, content, NP_NAME_STRUCTURED);
      continue;
    }
    text = np_byline_text(n);
    if (strlen(text) <= NP_BYLINE_MAX_CHARS)
      np_add_authors(doc, text, NP_NAME_VISIBLE);
    free(text);
  }
}

/* Returns the datetime of the first <time> under root that is marked as
 * the publication (pubdate, itemprop=datePublished), or any <time> when
 * any_time is set; NULL when none. */
static const char *np_time_datetime(xmlNode *root, int any_time) {
  xmlNode *n;
  const char *dt;

  for (n = root; n; n = np_dom_walk_next(root, n, 0)) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    dt = np_dom_attr(n, "datetime");
    if (!dt && np_attr_has_word(n, "itemprop", "datePublished"))
      dt = np_dom_attr(n, "content");
    if (np_is_blank(dt))
      continue;
    if (any_time ? np_dom_is(n, "time")
                 : (np_dom_attr(n, "pubdate") ||
                    np_attr_has_word(n, "itemprop", "datePublished")))
      return dt;
  }
  return NULL;
}

/* Turns "en_US" into "en-US" and stores it as doc's language. */
static void np_set_lang(np_doc *doc, const char *lang) {
  char *clean = np_clean_value(lang);

  if (!clean)
    return;
  np_lang_hyphens(clean);
  if (!strchr(clean, ' '))
    np_set(doc, &doc->meta.lang, clean);
  free(clean);
}

/* Languages written right to left (primary subtags). */
static const char *const np_rtl_langs[] = {"he", "iw", "ar", "fa", "ur",  "yi",
                                           "ps", "dv", "sd", "ug", "ckb", NULL};

/* Returns the direction of a language tag: RTL for the languages written
 * right to left (and Kurdish in Arabic script), LTR for any other language
 * whose primary subtag reads as one (two or three letters, not "und"),
 * NP_DIR_INHERIT when lang is NULL or names no language. */
static np_dir np_lang_dir(const char *lang) {
  size_t i, n;

  if (!lang)
    return NP_DIR_INHERIT;
  for (i = 0; np_rtl_langs[i]; i++) {
    n = strlen(np_rtl_langs[i]);
    if (g_ascii_strncasecmp(lang, np_rtl_langs[i], n) == 0 &&
        (lang[n] == '\0' || lang[n] == '-'))
      return NP_DIR_RTL;
  }
  if (g_ascii_strncasecmp(lang, "ku-arab", 7) == 0)
    return NP_DIR_RTL;
  for (n = 0; g_ascii_isalpha(lang[n]); n++)
    ;
  if (n < NP_LANG_MIN_LETTERS || n > NP_LANG_MAX_LETTERS ||
      (lang[n] != '\0' && lang[n] != '-') ||
      (n == 3 && g_ascii_strncasecmp(lang, "und", n) == 0))
    return NP_DIR_INHERIT;
  return NP_DIR_LTR;
}

/* Returns the direction named by the dir attribute of node, or INHERIT. */
static np_dir np_node_dir(const xmlNode *node) {
  const char *dir = np_dom_attr(node, "dir");
  char *t;
  np_dir result = NP_DIR_INHERIT;

  if (!dir)
    return NP_DIR_INHERIT;
  t = np_collapse_space(np_xstrdup(dir));
  if (g_ascii_strcasecmp(t, "rtl") == 0)
    result = NP_DIR_RTL;
  else if (g_ascii_strcasecmp(t, "ltr") == 0)
    result = NP_DIR_LTR;
  free(t);
  return result;
}

/* Returns the lang (or xml:lang) attribute of node, or NULL. */
static const char *np_node_lang(const xmlNode *node) {
  const char *lang = np_dom_attr(node, "lang");

  if (np_is_blank(lang))
    lang = np_dom_attr(node, "xml:lang");
  return np_is_blank(lang) ? NULL : lang;
}

/* Chooses the title: JSON-LD, Dublin Core, OpenGraph and other <meta>
 * titles lose a tail naming the site; <title> gets Readability's
 * treatment; a lone <h1> comes last. */
static void np_harvest_title(xmlDoc *dom, np_doc *doc, GHashTable *meta,
                             const np_ld *ld) {
  static const char *const keys[] = {"dc:title",
                                     "dcterm:title",
                                     "dcterms:title",
                                     "og:title",
                                     "weibo:article:title",
                                     "weibo:webpage:title",
                                     "title",
                                     "twitter:title",
                                     "parsely-title",
                                     "sailthru:title",
                                     NULL};
  char *page = np_page_title(dom), *raw = NULL, *clean = NULL, *h1;
  const char *chosen = NULL;

  if (ld->headline && ld->name && strcmp(ld->headline, ld->name) != 0) {
    /* pages put their own name or a description in one of the two: take
     * the headline only when it, and not the name, resembles <title> */
    chosen = ld->name;
    if (page) {
      char *short_page = np_title_heuristic(page, dom);

      if (np_text_similarity(ld->headline, short_page) > NP_TITLE_SIMILARITY &&
          np_text_similarity(ld->name, short_page) <= NP_TITLE_SIMILARITY)
        chosen = ld->headline;
      free(short_page);
    }
  } else if (ld->strength == NP_LD_ARTICLE) {
    chosen = ld->headline ? ld->headline : ld->name;
  }
  if (!chosen)
    chosen = np_meta_first(meta, keys);
  if (!chosen && ld->strength == NP_LD_WEAK)
    chosen = ld->headline ? ld->headline : ld->name;
  if (chosen) {
    raw = np_clean_value(chosen);
    if (raw && !(clean = np_title_strip_site(raw, doc->meta.site_name)))
      clean = np_xstrdup(raw);
  } else if (page && (raw = np_clean_value(page)) != NULL) {
    clean = np_title_strip_site(raw, doc->meta.site_name);
    if (!clean)
      clean = np_title_heuristic(raw, dom);
  } else if ((h1 = np_sole_h1(dom)) != NULL) {
    clean = np_clean_value(h1);
    free(h1);
  }
  np_set(doc, &doc->meta.title, clean);
  free(clean);
  free(raw);
  free(page);
}

static void np_visible_byline(xmlNode *root, np_doc *doc);

/* Chooses authors: JSON-LD, Dublin Core, <meta name=author>, Parse.ly,
 * Sailthru, article:author (not a URL), microdata, then the first visible
 * byline of the page. */
static void np_harvest_authors(xmlDoc *dom, np_doc *doc, GHashTable *meta,
                               const np_ld *ld) {
  static const char *const keys[] = {"dc:creator",
                                     "dcterm:creator",
                                     "dcterms:creator",
                                     "author",
                                     "parsely-author",
                                     "sailthru:author",
                                     "article:author",
                                     "og:article:author",
                                     "itemprop:author",
                                     "byl",
                                     NULL};
  GPtrArray *values;
  size_t i, k;

  if (doc->meta.n_authors)
    return;
  for (i = 0; ld->authors && i < ld->authors->len; i++)
    np_add_authors(doc, g_ptr_array_index(ld->authors, i), NP_NAME_STRUCTURED);
  for (k = 0; keys[k] && !doc->meta.n_authors; k++) {
    values = g_hash_table_lookup(meta, keys[k]);
    for (i = 0; values && i < values->len; i++) {
      if (!np_is_url(g_ptr_array_index(values, i)))
        np_add_authors(doc, g_ptr_array_index(values, i), NP_NAME_STRUCTURED);
    }
  }
  if (!doc->meta.n_authors)
    np_itemprop_authors(dom, doc);
  if (!doc->meta.n_authors)
    np_visible_byline(np_dom_body(dom), doc);
}

/* Chooses the dates. */
static void np_harvest_dates(xmlDoc *dom, np_doc *doc, GHashTable *meta,
                             const np_ld *ld) {
  static const char *const published[] = {"article:published_time",
                                          "og:article:published_time",
                                          "parsely-pub-date",
                                          "sailthru:date",
                                          "dc:date",
                                          "dcterms:date",
                                          "dcterms:created",
                                          "dc:date:issued",
                                          "dcterms:issued",
                                          "itemprop:datepublished",
                                          "date",
                                          "pubdate",
                                          "og:published_time",
                                          "article:published",
                                          NULL};
  static const char *const modified[] = {
      "article:modified_time", "og:updated_time", "dcterms:modified",
      "itemprop:datemodified", "last-modified",   NULL};
  size_t i;

  if (ld->published)
    np_set_date(doc, &doc->meta.published, ld->published, "publication");
  for (i = 0; published[i] && !doc->meta.published; i++)
    np_set_date(doc, &doc->meta.published, np_meta_get(meta, published[i]),
                "publication");
  if (!doc->meta.published)
    np_set_date(doc, &doc->meta.published,
                np_time_datetime(np_dom_body(dom), 0), "publication");
  if (ld->modified)
    np_set_date(doc, &doc->meta.modified, ld->modified, "modification");
  for (i = 0; modified[i] && !doc->meta.modified; i++)
    np_set_date(doc, &doc->meta.modified, np_meta_get(meta, modified[i]),
                "modification");
}

/* Chooses language and direction from the page as a whole; a direction
 * that only follows from the language waits for np_metadata_from_article,
 * which may still find the article's own language. */
static void np_harvest_lang(xmlDoc *dom, np_doc *doc, GHashTable *meta,
                            const np_ld *ld) {
  static const char *const keys[] = {"og:locale", "http-equiv:content-language",
                                     "language", "dc:language", NULL};
  xmlNode *html = np_dom_html(dom), *body = np_dom_body(dom);

  if (ld->lang)
    np_set_lang(doc, ld->lang);
  if (!doc->meta.lang)
    np_set_lang(doc, np_node_lang(html));
  if (!doc->meta.lang)
    np_set_lang(doc, np_meta_first(meta, keys));
  if (doc->meta.dir == NP_DIR_INHERIT)
    doc->meta.dir = np_node_dir(body);
  if (doc->meta.dir == NP_DIR_INHERIT)
    doc->meta.dir = np_node_dir(html);
}

/* <meta> keys of a summary, best first. */
static const char *const np_summary_keys[] = {"dc:description",
                                              "dcterm:description",
                                              "dcterms:description",
                                              "og:description",
                                              "weibo:article:description",
                                              "weibo:webpage:description",
                                              "description",
                                              "twitter:description",
                                              "sailthru:description",
                                              NULL};

void np_metadata_harvest(xmlDoc *dom, np_doc *doc, char **article_body) {
  static const char *const site_keys[] = {"og:site_name", "application-name",
                                          "apple-mobile-web-app-title",
                                          "twitter:app:name:iphone", NULL};
  static const char *const section_keys[] = {"article:section",
                                             "parsely-section", NULL};
  static const char *const rights_keys[] = {"copyright", "dc:rights",
                                            "dcterms:rights", "rights", NULL};
  static const char *const url_keys[] = {"og:url", "parsely-link",
                                         "twitter:url", NULL};
  np_ld ld = {0};
  GHashTable *meta;
  char *saved;
  size_t i;

  if (article_body)
    *article_body = NULL;
  if (!dom || !doc)
    return;
  meta = np_meta_collect(dom);
  np_ld_collect(dom, doc, &ld);

  if (ld.strength == NP_LD_ARTICLE)
    np_set(doc, &doc->meta.site_name, ld.site);
  np_set(doc, &doc->meta.site_name, np_meta_first(meta, site_keys));
  np_set(doc, &doc->meta.site_name, ld.site);
  np_harvest_title(dom, doc, meta, &ld);
  np_set(doc, &doc->meta.subtitle, ld.alternative);
  np_harvest_authors(dom, doc, meta, &ld);
  np_harvest_dates(dom, doc, meta, &ld);
  np_harvest_lang(dom, doc, meta, &ld);
  np_set(doc, &doc->meta.section, np_meta_first(meta, section_keys));
  np_set(doc, &doc->meta.section, ld.section);
  np_set(doc, &doc->meta.summary, ld.description);
  np_set(doc, &doc->meta.summary, np_meta_first(meta, np_summary_keys));
  np_set(doc, &doc->meta.rights, ld.rights);
  np_set(doc, &doc->meta.rights, np_meta_first(meta, rights_keys));

  np_meta_keywords(doc, meta, "article:tag");
  np_meta_keywords(doc, meta, "news_keywords");
  np_meta_keywords(doc, meta, "keywords");
  np_meta_keywords(doc, meta, "parsely-tags");
  for (i = 0; ld.keywords && i < ld.keywords->len; i++) {
    char *clean = np_clean_value(g_ptr_array_index(ld.keywords, i));

    if (clean)
      np_doc_add_keyword(doc, clean);
    free(clean);
  }

  np_set(doc, &doc->meta.url, np_link_href(dom, "canonical"));
  np_set(doc, &doc->meta.url, np_meta_first(meta, url_keys));
  np_set(doc, &doc->meta.url, ld.url);
  if (!doc->meta.url && (saved = np_saved_from_url(dom)) != NULL) {
    np_set(doc, &doc->meta.url, saved);
    free(saved);
  }

  if (article_body && ld.body)
    *article_body = np_xstrdup(ld.body);
  np_ld_clear(&ld);
  g_hash_table_unref(meta);
}

int np_metadata_page_has_summary(xmlDoc *dom) {
  np_ld ld = {0};
  np_doc *scratch;
  GHashTable *meta;
  int found;

  if (!dom)
    return 0;
  /* a scratch document takes the warnings the harvest gave already */
  scratch = np_doc_new();
  meta = np_meta_collect(dom);
  np_ld_collect(dom, scratch, &ld);
  found = !np_is_blank(ld.description) ||
          !np_is_blank(np_meta_first(meta, np_summary_keys));
  np_ld_clear(&ld);
  g_hash_table_unref(meta);
  np_doc_free(scratch);
  return found;
}

/* ---------------------------------------------------------------------- */
/* The article */

/* Class and id words of byline elements. */
static const char *const np_byline_hints[] = {
    "byline", "author", "dateline", "writtenby", "p-author", NULL};

int np_metadata_is_byline(const xmlNode *node) {
  char *text;
  size_t len;

  if (!node || node->type != XML_ELEMENT_NODE || np_dom_is(node, "body") ||
      np_dom_is(node, "html"))
    return 0;
  if (!np_attr_has_word(node, "rel", "author") &&
      !(np_dom_attr(node, "itemprop") &&
        strstr(np_dom_attr(node, "itemprop"), "author")) &&
      !np_dom_hint_has(node, np_byline_hints))
    return 0;
  text = np_dom_text(node);
  len = strlen(text);
  free(text);
  return len > 0 && len < NP_BYLINE_MAX_CHARS;
}

/* Returns nonzero when node or an ancestor below stop is hidden or belongs
 * to the comments. */
static int np_in_hidden_or_comments(const xmlNode *node, const xmlNode *stop) {
  static const char *const comment_words[] = {"comment", NULL};

  for (; node && node != stop && node->type == XML_ELEMENT_NODE;
       node = node->parent) {
    if (np_dom_is_hidden(node) || np_dom_hint_has(node, comment_words))
      return 1;
  }
  return 0;
}

/* Adds the authors of the first byline element under root. */
static void np_visible_byline(xmlNode *root, np_doc *doc) {
  xmlNode *n;
  char *text;
  int added = 0;

  for (n = root; n && !added; n = np_dom_walk_next(root, n, 0)) {
    if (!np_metadata_is_byline(n) || np_in_hidden_or_comments(n, root))
      continue;
    text = np_byline_text(n);
    added = np_add_authors(doc, text, NP_NAME_VISIBLE);
    free(text);
  }
}

/* Returns the text of the first paragraph under article long enough to
 * stand as a summary (heap), or NULL. */
static char *np_first_paragraph(xmlNode *article) {
  xmlNode *n;
  char *text;

  for (n = article; n; n = np_dom_walk_next(article, n, 0)) {
    if (!np_dom_is(n, "p") || np_in_hidden_or_comments(n, article))
      continue;
    text = np_dom_text(n);
    if (strlen(text) >= NP_SUMMARY_MIN_CHARS)
      return text;
    free(text);
  }
  return NULL;
}

void np_metadata_from_article(xmlNode *article, np_doc *doc) {
  xmlNode *n;
  const char *lang = NULL;
  np_dir dir = NP_DIR_INHERIT;
  char *summary;

  if (!doc)
    return;
  if (!doc->meta.n_authors && article)
    np_visible_byline(article, doc);
  if (article && !doc->meta.published)
    np_set_date(doc, &doc->meta.published, np_time_datetime(article, 1),
                "publication");
  if (article && !doc->meta.summary &&
      (summary = np_first_paragraph(article)) != NULL) {
    np_set(doc, &doc->meta.summary, summary);
    free(summary);
  }
  for (n = article; n && n->type == XML_ELEMENT_NODE && !np_dom_is(n, "html");
       n = n->parent) {
    if (!lang)
      lang = np_node_lang(n);
    if (dir == NP_DIR_INHERIT)
      dir = np_node_dir(n);
  }
  if (lang) {
    doc->meta.lang = NULL;
    np_set_lang(doc, lang);
  }
  if (dir != NP_DIR_INHERIT)
    doc->meta.dir = dir;
  else if (doc->meta.dir == NP_DIR_INHERIT)
    doc->meta.dir = np_lang_dir(doc->meta.lang);
}

/* digest.c: plans a digest of many articles: duplicates dropped by canonical
 * URL or by a SimHash text fingerprint, the rest ordered by date and grouped
 * into sections. */
#include "digest.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Fewest words a text needs before its fingerprint may call it a near
 * duplicate: short texts share too many shingles by chance. */
#define NP_DIGEST_MIN_WORDS 50

/* Words per shingle of the fingerprint. */
#define NP_DIGEST_SHINGLE 3

/* Bits of a fingerprint. */
#define NP_DIGEST_BITS 64

/* Length of "YYYY-MM-DD". */
#define NP_DIGEST_DAY_LEN 10

/* FNV-1a 64-bit offset basis and prime. */
#define NP_FNV_OFFSET 0xcbf29ce484222325ULL
#define NP_FNV_PRIME 0x100000001b3ULL

/* Section title of articles with neither a site name nor a URL. */
#define NP_DIGEST_OTHER "Other"

/* Section title of undated articles when grouping by day. */
#define NP_DIGEST_UNDATED "Undated"

/* Query parameters that only track the reader (besides every utm_*). */
static const char *const np_tracking_params[] = {
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid"};

/* What the planner knows of one document. */
typedef struct {
  size_t index;   /* into the documents */
  char *url;      /* normalised canonical URL, or NULL */
  uint64_t print; /* text fingerprint */
  size_t words;   /* words (or CJK bigrams) of the text */
  int dated;      /* nonzero when published parsed */
  gint64 instant; /* microseconds since the epoch, when dated */
  char *day;      /* "YYYY-MM-DD" in the published offset, or NULL */
} np_entry;

/* One word of a text: bytes inside the lowercased text. */
typedef struct {
  const char *s;
  size_t len;
} np_word;

/* Mixes the bits of h (the MurmurHash3 finaliser), so that every output bit
 * depends on every input bit; FNV-1a alone leaves its low bits weak. */
static uint64_t np_mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

/* Continues an FNV-1a hash h over len bytes of s. */
static uint64_t np_fnv1a(uint64_t h, const char *s, size_t len) {
  size_t i;

  for (i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= NP_FNV_PRIME;
  }
  return h;
}

/* Returns nonzero when c is written without spaces between words (Han,
 * Hiragana, Katakana, Hangul): such runs are cut into character bigrams. */
static int np_is_cjk(gunichar c) {
  GUnicodeScript script = g_unichar_get_script(c);

  return script == G_UNICODE_SCRIPT_HAN ||
         script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA ||
         script == G_UNICODE_SCRIPT_HANGUL;
}

/* Appends the text of the subtree under root to buf, with a space between
 * blocks so that the last word of one paragraph and the first of the next
 * stay apart. */
static void np_collect_text(const np_node *root, np_buf *buf) {
  np_iter it;
  np_node *n;
  np_event ev;

  np_iter_init(&it, (np_node *)root);
  while ((ev = np_iter_next(&it, &n)) != NP_EVENT_NONE) {
    if (ev == NP_EVENT_ENTER &&
        (n->kind == NP_NODE_TEXT || n->kind == NP_NODE_CODE))
      np_buf_puts(buf, n->text);
    else if (n->kind == NP_NODE_LINEBREAK || np_node_is_block(n->kind))
      np_buf_putc(buf, ' ');
  }
}

/* Shingles of a text being fingerprinted: the last NP_DIGEST_SHINGLE words
 * and the SimHash vote of every bit. */
typedef struct {
  np_word ring[NP_DIGEST_SHINGLE];
  size_t words;
  long votes[NP_DIGEST_BITS];
} np_shingler;

/* Adds the shingle of the last n words to the votes: each bit of its hash
 * votes for 1 or 0. */
static void np_shingler_vote(np_shingler *sh, size_t n) {
  uint64_t h = NP_FNV_OFFSET;
  size_t i, b;

  for (i = sh->words - n; i < sh->words; i++) {
    const np_word *w = &sh->ring[i % NP_DIGEST_SHINGLE];

    h = np_fnv1a(h, w->s, w->len);
    h = np_fnv1a(h, " ", 1);
  }
  h = np_mix64(h);
  for (b = 0; b < NP_DIGEST_BITS; b++)
    sh->votes[b] += (h >> b) & 1 ? 1 : -1;
}

/* Adds the word of len bytes at s; every full shingle votes. */
static void np_shingler_add(np_shingler *sh, const char *s, size_t len) {
  sh->ring[sh->words % NP_DIGEST_SHINGLE].s = s;
  sh->ring[sh->words % NP_DIGEST_SHINGLE].len = len;
  sh->words++;
  if (sh->words >= NP_DIGEST_SHINGLE)
    np_shingler_vote(sh, NP_DIGEST_SHINGLE);
}

/* Returns the fingerprint: a text shorter than one shingle votes once with
 * all its words; bits with more votes for 1 are set. */
static uint64_t np_shingler_finish(np_shingler *sh) {
  uint64_t print = 0;
  size_t b;

  if (sh->words > 0 && sh->words < NP_DIGEST_SHINGLE)
    np_shingler_vote(sh, sh->words);
  for (b = 0; b < NP_DIGEST_BITS; b++)
    if (sh->votes[b] > 0)
      print |= (uint64_t)1 << b;
  return print;
}

/* Computes the SimHash fingerprint of the text of doc and counts its words
 * into *words. Words are runs of letters and digits of the lowercased text;
 * a run of CJK characters gives one word per pair of neighbouring characters
 * (a lone character is a word of its own). */
static uint64_t np_fingerprint_words(const np_doc *doc, size_t *words) {
  np_buf buf = NP_BUF_INIT;
  np_shingler sh;
  uint64_t print;
  char *valid = NULL, *lower;
  const char *p, *word = NULL, *cjk_prev = NULL;
  size_t cjk_run = 0;

  memset(&sh, 0, sizeof sh);
  if (doc->root)
    np_collect_text(doc->root, &buf);
  if (!g_utf8_validate(np_buf_cstr(&buf), (gssize)buf.len, NULL))
    valid = g_utf8_make_valid(np_buf_cstr(&buf), (gssize)buf.len);
  lower = g_utf8_strdown(valid ? valid : np_buf_cstr(&buf), -1);
  for (p = lower;; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    int cjk = c && np_is_cjk(c);

    if (word && (cjk || !g_unichar_isalnum(c))) {
      np_shingler_add(&sh, word, (size_t)(p - word));
      word = NULL;
    }
    if (cjk) {
      if (cjk_prev)
        np_shingler_add(&sh, cjk_prev,
                        (size_t)(g_utf8_next_char(p) - cjk_prev));
      cjk_prev = p;
      cjk_run++;
      continue;
    }
    if (cjk_run == 1)
      np_shingler_add(&sh, cjk_prev, (size_t)(p - cjk_prev));
    cjk_prev = NULL;
    cjk_run = 0;
    if (!c)
      break;
    if (!word && g_unichar_isalnum(c))
      word = p;
  }
  print = np_shingler_finish(&sh);
  *words = sh.words;
  g_free(lower);
  g_free(valid);
  np_buf_free(&buf);
  return print;
}

uint64_t np_digest_fingerprint(const np_doc *doc) {
  size_t words;

  return np_fingerprint_words(doc, &words);
}

/* Returns the number of bits that differ between a and b. */
static int np_bits_apart(uint64_t a, uint64_t b) {
  uint64_t x = a ^ b;
  int n = 0;

  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/* Returns nonzero when the query parameter param (up to '&' or the end,
 * len bytes) only tracks the reader. */
static int np_is_tracking_param(const char *param, size_t len) {
  size_t name = 0, i;

  while (name < len && param[name] != '=')
    name++;
  if (name >= 4 && g_ascii_strncasecmp(param, "utm_", 4) == 0)
    return 1;
  for (i = 0; i < G_N_ELEMENTS(np_tracking_params); i++)
    if (strlen(np_tracking_params[i]) == name &&
        g_ascii_strncasecmp(param, np_tracking_params[i], name) == 0)
      return 1;
  return 0;
}

/* Returns url normalised for comparison (heap, caller frees): scheme and
 * host lowercased, https as http, default port, fragment, trailing slash
 * and tracking parameters dropped. NULL or blank gives NULL. */
static char *np_normalise_url(const char *url) {
  np_buf out = NP_BUF_INIT;
  const char *rest, *auth, *end, *query, *path_end, *p;
  size_t i, path_len;

  if (np_is_blank(url))
    return NULL;
  while (g_ascii_isspace(*url))
    url++;
  end = url + strcspn(url, "#");
  while (end > url && g_ascii_isspace(end[-1]))
    end--;
  rest = strstr(url, "://");
  if (rest && rest < end) {
    if ((size_t)(rest - url) == 5 && g_ascii_strncasecmp(url, "https", 5) == 0)
      np_buf_puts(&out, "http");
    else
      for (p = url; p < rest; p++)
        np_buf_putc(&out, g_ascii_tolower(*p));
    np_buf_puts(&out, "://");
    auth = rest + 3;
    rest = auth + strcspn(auth, "/?");
    if (rest > end)
      rest = end;
    path_len = (size_t)(rest - auth);
    if (path_len > 3 && memcmp(rest - 3, ":80", 3) == 0)
      path_len -= 3;
    else if (path_len > 4 && memcmp(rest - 4, ":443", 4) == 0)
      path_len -= 4;
    for (i = 0; i < path_len; i++)
      np_buf_putc(&out, g_ascii_tolower(auth[i]));
  } else {
    rest = url;
  }
  query = memchr(rest, '?', (size_t)(end - rest));
  path_end = query ? query : end;
  while (path_end > rest && path_end[-1] == '/')
    path_end--;
  np_buf_add(&out, rest, (size_t)(path_end - rest));
  if (query) {
    char sep = '?';

    for (p = query + 1; p < end;) {
      const char *amp = memchr(p, '&', (size_t)(end - p));
      size_t len = (size_t)((amp ? amp : end) - p);

      if (len > 0 && !np_is_tracking_param(p, len)) {
        np_buf_putc(&out, sep);
        np_buf_add(&out, p, len);
        sep = '&';
      }
      p += len + 1;
    }
  }
  return np_buf_steal(&out);
}

/* Returns the lowercased host of url (heap, caller frees), or NULL when url
 * has none. */
static char *np_url_host(const char *url) {
  const char *auth, *at, *end;
  char *host, *p;

  if (!url || !(auth = strstr(url, "://")))
    return NULL;
  auth += 3;
  end = auth + strcspn(auth, "/?#");
  at = memchr(auth, '@', (size_t)(end - auth));
  if (at)
    auth = at + 1;
  if (*auth == '[') {
    const char *close = memchr(auth, ']', (size_t)(end - auth));

    end = close ? close + 1 : end;
  } else {
    end = auth + strcspn(auth, ":/?#");
  }
  if (end == auth)
    return NULL;
  host = np_xstrndup(auth, (size_t)(end - auth));
  for (p = host; *p; p++)
    *p = g_ascii_tolower(*p);
  return host;
}

/* Parses an ISO 8601 publication date into *instant (microseconds since
 * the epoch) and *day ("YYYY-MM-DD" in the string's own offset, heap).
 * Strings without an offset are read as UTC; a bare date as that day at
 * midnight UTC. Returns nonzero on success. */
static int np_parse_date(const char *published, gint64 *instant, char **day) {
  GTimeZone *utc = g_time_zone_new_utc();
  GDateTime *dt = NULL;
  char *text = NULL, *formatted = NULL;
  int ok = 0;

  if (np_is_blank(published))
    goto done;
  text = g_strstrip(g_strdup(published));
  dt = g_date_time_new_from_iso8601(text, utc);
  if (!dt && strlen(text) >= NP_DIGEST_DAY_LEN) {
    char *midnight = g_strdup_printf("%.*sT00:00:00Z", NP_DIGEST_DAY_LEN, text);

    dt = g_date_time_new_from_iso8601(midnight, utc);
    g_free(midnight);
  }
  if (!dt)
    goto done;
  *instant = g_date_time_to_unix(dt) * G_USEC_PER_SEC +
             g_date_time_get_microsecond(dt);
  formatted = g_date_time_format(dt, "%Y-%m-%d");
  if (!formatted)
    goto done;
  *day = np_xstrdup(formatted);
  ok = 1;
done:
  if (dt)
    g_date_time_unref(dt);
  g_free(formatted);
  g_free(text);
  g_time_zone_unref(utc);
  return ok;
}

/* Returns how readers know doc in a reason: its title, else its URL, else
 * its file. */
static const char *np_doc_label(const np_doc *doc) {
  if (!np_is_blank(doc->meta.title))
    return doc->meta.title;
  if (!np_is_blank(doc->meta.url))
    return doc->meta.url;
  if (!np_is_blank(doc->meta.source_path))
    return doc->meta.source_path;
  return "untitled";
}

/* Orders entries by date (dated first, earlier first), then input order. */
static int np_entry_cmp(const np_entry *x, const np_entry *y) {
  if (x->dated != y->dated)
    return x->dated ? -1 : 1;
  if (x->dated && x->instant != y->instant)
    return x->instant < y->instant ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* np_entry_cmp for qsort over an array of entry pointers. */
static int np_entry_ptr_cmp(const void *a, const void *b) {
  return np_entry_cmp(*(const np_entry *const *)a, *(const np_entry *const *)b);
}

/* A section being built, with the entry of its earliest article. */
typedef struct {
  np_digest_section section;
  size_t cap;
  const np_entry *first;
} np_section_build;

/* Orders sections by the date of their earliest article, then title, then
 * input order (grouping by site). */
static int np_section_by_first(const void *a, const void *b) {
  const np_section_build *x = a, *y = b;
  int c;

  if (x->first->dated != y->first->dated)
    return x->first->dated ? -1 : 1;
  if (x->first->dated && x->first->instant != y->first->instant)
    return x->first->instant < y->first->instant ? -1 : 1;
  c = strcmp(x->section.title, y->section.title);
  return c ? c : np_entry_cmp(x->first, y->first);
}

/* Orders day sections by day, the undated section last. */
static int np_section_by_day(const void *a, const void *b) {
  const np_section_build *x = a, *y = b;

  if (x->first->dated != y->first->dated)
    return x->first->dated ? -1 : 1;
  return strcmp(x->section.title, y->section.title);
}

/* Appends entry to the section titled key (NULL for the one untitled
 * section), which is made when new, among the *n sections in *sections of
 * capacity *cap. */
static void np_section_add(np_section_build **sections, size_t *n, size_t *cap,
                           const char *key, const np_entry *entry) {
  np_section_build *s = NULL;
  size_t i;

  for (i = 0; i < *n && !s; i++) {
    const char *title = (*sections)[i].section.title;

    if (key ? title && strcmp(title, key) == 0 : !title)
      s = &(*sections)[i];
  }
  if (!s) {
    np_grow((void **)sections, cap, *n + 1, sizeof **sections);
    s = &(*sections)[(*n)++];
    memset(s, 0, sizeof *s);
    s->section.title = np_xstrdup(key);
    s->first = entry;
  }
  np_grow((void **)&s->section.indices, &s->cap, s->section.n + 1,
          sizeof *s->section.indices);
  s->section.indices[s->section.n++] = entry->index;
}

/* Returns the section key of doc when grouping by site: its site name, the
 * host of its URL, or NP_DIGEST_OTHER; *host receives a heap string to free
 * when the key is the host. */
static const char *np_site_key(const np_doc *doc, char **host) {
  *host = NULL;
  if (!np_is_blank(doc->meta.site_name))
    return doc->meta.site_name;
  *host = np_url_host(doc->meta.url);
  return *host ? *host : NP_DIGEST_OTHER;
}

/* Groups the n kept entries (in reading order) into digest's sections. */
static void np_group(np_digest *digest, np_doc *const *docs,
                     np_entry *const *kept, size_t n, np_group_by group_by) {
  np_section_build *sections = NULL;
  size_t n_sections = 0, cap = 0, i;

  for (i = 0; i < n; i++) {
    char *host = NULL;
    const char *key = NULL;

    if (group_by == NP_GROUP_SITE)
      key = np_site_key(docs[kept[i]->index], &host);
    else if (group_by == NP_GROUP_DATE)
      key = kept[i]->day ? kept[i]->day : NP_DIGEST_UNDATED;
    np_section_add(&sections, &n_sections, &cap, key, kept[i]);
    free(host);
  }
  if (n_sections && group_by == NP_GROUP_SITE)
    qsort(sections, n_sections, sizeof *sections, np_section_by_first);
  else if (n_sections && group_by == NP_GROUP_DATE)
    qsort(sections, n_sections, sizeof *sections, np_section_by_day);
  digest->sections =
      np_xcalloc(n_sections ? n_sections : 1, sizeof *digest->sections);
  for (i = 0; i < n_sections; i++)
    digest->sections[i] = sections[i].section;
  digest->n_sections = n_sections;
  free(sections);
}

/* Returns the earlier kept entry (among the n in kept) that entry
 * duplicates, with the start of the reason in *reason, or NULL. */
static const np_entry *np_find_duplicate(np_entry *const *kept, size_t n,
                                         const np_entry *entry,
                                         const char **reason) {
  size_t i;

  for (i = 0; i < n; i++)
    if (entry->url && kept[i]->url && strcmp(entry->url, kept[i]->url) == 0) {
      *reason = "same URL";
      return kept[i];
    }
  if (entry->words < NP_DIGEST_MIN_WORDS)
    return NULL;
  for (i = 0; i < n; i++)
    if (kept[i]->words >= NP_DIGEST_MIN_WORDS &&
        np_bits_apart(entry->print, kept[i]->print) <= NP_DIGEST_NEAR_BITS) {
      *reason = "nearly the same text";
      return kept[i];
    }
  return NULL;
}

/* Records document index as dropped, a duplicate of kept for reason. */
static void np_drop(np_digest *digest, size_t index, const np_doc *kept,
                    const char *reason) {
  np_buf text = NP_BUF_INIT;
  size_t n = digest->n_dropped + 1;

  digest->dropped = np_xrealloc(digest->dropped, n * sizeof *digest->dropped);
  digest->reasons = np_xrealloc(digest->reasons, n * sizeof *digest->reasons);
  np_buf_printf(&text, "%s as \"%s\"", reason, np_doc_label(kept));
  digest->dropped[digest->n_dropped] = index;
  digest->reasons[digest->n_dropped] = np_buf_steal(&text);
  digest->n_dropped = n;
}

/* Widens the digest's date range to take in day. */
static void np_widen_range(np_digest *digest, const char *day) {
  if (!digest->first_date || strcmp(day, digest->first_date) < 0) {
    free(digest->first_date);
    digest->first_date = np_xstrdup(day);
  }
  if (!digest->last_date || strcmp(day, digest->last_date) > 0) {
    free(digest->last_date);
    digest->last_date = np_xstrdup(day);
  }
}

np_digest *np_digest_plan(np_doc *const *docs, size_t n, np_group_by group_by) {
  np_digest *digest = np_xcalloc(1, sizeof *digest);
  np_entry *entries = np_xcalloc(n ? n : 1, sizeof *entries);
  np_entry **kept = np_xcalloc(n ? n : 1, sizeof *kept);
  size_t n_kept = 0, i;

  for (i = 0; i < n; i++) {
    np_entry *e = &entries[i];
    const np_entry *orig;
    const char *reason = NULL;

    e->index = i;
    e->url = np_normalise_url(docs[i]->meta.url);
    e->print = np_fingerprint_words(docs[i], &e->words);
    orig = np_find_duplicate(kept, n_kept, e, &reason);
    if (orig) {
      np_drop(digest, i, docs[orig->index], reason);
      continue;
    }
    e->dated = np_parse_date(docs[i]->meta.published, &e->instant, &e->day);
    if (e->dated)
      np_widen_range(digest, e->day);
    kept[n_kept++] = e;
  }
  if (n_kept)
    qsort(kept, n_kept, sizeof *kept, np_entry_ptr_cmp);
  np_group(digest, docs, kept, n_kept, group_by);
  for (i = 0; i < n; i++) {
    free(entries[i].url);
    free(entries[i].day);
  }
  free(kept);
  free(entries);
  return digest;
}

void np_digest_free(np_digest *digest) {
  size_t i;

  if (!digest)
    return;
  for (i = 0; i < digest->n_sections; i++) {
    free(digest->sections[i].title);
    free(digest->sections[i].indices);
  }
  for (i = 0; i < digest->n_dropped; i++)
    free(digest->reasons[i]);
  free(digest->sections);
  free(digest->dropped);
  free(digest->reasons);
  free(digest->first_date);
  free(digest->last_date);
  free(digest);
}

char *np_digest_title(const np_digest *digest) {
  np_buf title = NP_BUF_INIT;

  np_buf_puts(&title, "News digest");
  if (digest && digest->first_date)
    np_buf_printf(&title, ", %s", digest->first_date);
  if (digest && digest->first_date && digest->last_date &&
      strcmp(digest->first_date, digest->last_date) != 0)
    np_buf_printf(&title, " \u2013 %s", digest->last_date);
  return np_buf_steal(&title);
}

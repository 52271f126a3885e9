/* resource.c: resolves the images and links of a saved page against its
 * folder, <base href> and data: URIs, confined to the page's folder. */

#include "resource.h"

#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Longest reference (other than a data: URI) looked at, in bytes. */
#define NP_URL_MAX ((size_t)64 * 1024)

/* Longest part of a reference quoted in a warning, in bytes. */
#define NP_WARN_REF_MAX 160

/* GIF and PNG images smaller than this many bytes are lazy-loading
 * placeholders or tracking pixels, whatever their declared size. */
#define NP_PLACEHOLDER_BYTES 100

/* SVG data: URIs shorter than this that draw nothing are placeholders. */
#define NP_PLACEHOLDER_SVG_BYTES 1024

/* Bytes of a file looked at to guess its media type. */
#define NP_SNIFF_BYTES 64

/* Longest URI scheme recognised, in bytes. */
#define NP_SCHEME_MAX 32

/* Suffix browsers give the folder of a page saved as "Web page, complete". */
#define NP_FILES_SUFFIX "_files"

struct np_resolver {
  np_doc *doc;
  char *page_dir;  /* real path of the page's folder, NULL without one */
  char *files_dir; /* page_dir/NAME_files, NULL without a folder */
  char *page_url;  /* absolute URL of the page, or NULL */
  char *base;      /* <base href> as written (cleaned), or NULL */
  char *base_abs;  /* absolute URL the base names, or NULL */
  char *base_dir;  /* folder part of a relative base ("sub/"), or NULL */
  const np_mhtml *archive; /* the page's MHTML archive, or NULL */
};

/* What one image reference resolves to. */
typedef struct {
  int skip; /* empty, a placeholder or undecodable: look at the next one */
  np_res_kind kind;
  char *url;           /* g_malloc: the reference as recorded */
  char *path;          /* g_malloc: NP_RES_LOCAL real path */
  unsigned char *data; /* malloc: NP_RES_DATA bytes */
  size_t len;
  char *mime;   /* g_malloc, or NULL */
  char *reason; /* g_malloc: why remote, missing or refused */
} np_outcome;

static void np_outcome_clear(np_outcome *o) {
  g_free(o->url);
  g_free(o->path);
  free(o->data);
  g_free(o->mime);
  g_free(o->reason);
  memset(o, 0, sizeof *o);
}

static int np_hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Percent-decodes len bytes of s into buf; when keep_nul is set, "%00" is
 * kept as written so that the result stays a C string. */
static void np_percent_decode_into(np_buf *buf, const char *s, size_t len,
                                   int keep_nul) {
  size_t i;
  int hi, lo;

  for (i = 0; i < len; i++) {
    if (s[i] == '%' && i + 2 < len) {
      hi = np_hex_value(s[i + 1]);
      lo = np_hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0 && !(keep_nul && hi == 0 && lo == 0)) {
        np_buf_putc(buf, (char)(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    np_buf_putc(buf, s[i]);
  }
}

char *np_percent_decode(const char *s) {
  np_buf buf = NP_BUF_INIT;

  if (!s)
    return NULL;
  np_percent_decode_into(&buf, s, strlen(s), 1);
  return np_buf_steal(&buf);
}

static int np_is_html_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Returns a heap copy of an attribute value as a URL parser sees it: leading
 * and trailing white space and control characters removed, tabs and newlines
 * inside removed. */
static char *np_ref_clean(const char *s) {
  size_t start = 0, end = strlen(s), i;
  np_buf buf = NP_BUF_INIT;

  while (start < end && (unsigned char)s[start] <= ' ')
    start++;
  while (end > start && (unsigned char)s[end - 1] <= ' ')
    end--;
  for (i = start; i < end; i++) {
    if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
      np_buf_putc(&buf, s[i]);
  }
  return np_buf_steal(&buf);
}

/* Writes the lowercased scheme of ref to out and returns its length, or
 * returns 0 when ref has none. A single letter before ':' is a drive letter,
 * not a scheme. */
static size_t np_uri_scheme(const char *ref, char *out, size_t out_size) {
  size_t i;

  if (!g_ascii_isalpha(ref[0]))
    return 0;
  for (i = 1; ref[i] && ref[i] != ':'; i++) {
    if (!g_ascii_isalnum(ref[i]) && ref[i] != '+' && ref[i] != '-' &&
        ref[i] != '.')
      return 0;
  }
  if (ref[i] != ':' || i < 2 || i >= out_size)
    return 0;
  for (size_t j = 0; j < i; j++)
    out[j] = g_ascii_tolower(ref[j]);
  out[i] = '\0';
  return i;
}

static int np_has_scheme(const char *ref, const char *scheme) {
  char found[NP_SCHEME_MAX];

  return np_uri_scheme(ref, found, sizeof found) && strcmp(found, scheme) == 0;
}

/* Returns a copy of ref shortened for a warning; the caller g_frees it. */
static char *np_short_ref(const char *ref) {
  size_t len = strlen(ref);
  const char *end;

  if (len <= NP_WARN_REF_MAX)
    return g_strdup(ref);
  end = g_utf8_find_prev_char(ref, ref + NP_WARN_REF_MAX + 1);
  if (!end)
    end = ref + NP_WARN_REF_MAX;
  return g_strdup_printf("%.*s...", (int)(end - ref), ref);
}

/* The media type of an image given its first bytes, or NULL. */
static const char *np_sniff_mime(const unsigned char *b, size_t n) {
  size_t i;

  if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
    return "image/jpeg";
  if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
    return "image/gif";
  if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
    return "image/webp";
  if (n >= 12 && memcmp(b + 4, "ftyp", 4) == 0 &&
      (memcmp(b + 8, "avif", 4) == 0 || memcmp(b + 8, "avis", 4) == 0))
    return "image/avif";
  for (i = 0; i < n && (np_is_html_space((char)b[i]) || b[i] == 0xEF ||
                        b[i] == 0xBB || b[i] == 0xBF);
       i++)
    ;
  if (n - i >= 5 &&
      (memcmp(b + i, "<?xml", 5) == 0 || memcmp(b + i, "<svg", 4) == 0 ||
       memcmp(b + i, "<!--", 4) == 0))
    return "image/svg+xml";
  return NULL;
}

/* The media type of an image given its name or URL, or NULL. */
static const char *np_extension_mime(const char *ref) {
  static const struct {
    const char *ext;
    const char *mime;
  } types[] = {{"jpg", "image/jpeg"},    {"jpeg", "image/jpeg"},
               {"jpe", "image/jpeg"},    {"png", "image/png"},
               {"gif", "image/gif"},     {"webp", "image/webp"},
               {"svg", "image/svg+xml"}, {"svgz", "image/svg+xml"},
               {"avif", "image/avif"}};
  size_t end = strcspn(ref, "?#"), i, dot = end, n;

  while (dot > 0 && ref[dot - 1] != '.' && ref[dot - 1] != '/')
    dot--;
  if (dot == 0 || ref[dot - 1] != '.')
    return NULL;
  n = end - dot;
  for (i = 0; i < sizeof types / sizeof types[0]; i++) {
    if (strlen(types[i].ext) == n &&
        g_ascii_strncasecmp(ref + dot, types[i].ext, n) == 0)
      return types[i].mime;
  }
  return NULL;
}

/* Nonzero when an image of total bytes, starting with the n bytes b, is a
 * transparent placeholder or tracking pixel: a tiny GIF or PNG, one of at
 * most 1x1 pixels, or a small SVG that holds no element but its root. */
static int np_is_placeholder(const unsigned char *b, size_t n, size_t total) {
  unsigned long w = 0, h = 0;
  size_t i, elements = 0;

  if (n >= 10 && memcmp(b, "GIF8", 4) == 0) {
    w = b[6] | (unsigned long)b[7] << 8;
    h = b[8] | (unsigned long)b[9] << 8;
    return total < NP_PLACEHOLDER_BYTES || (w <= 1 && h <= 1);
  }
  if (n >= 24 && memcmp(b, "\x89PNG", 4) == 0) {
    w = (unsigned long)b[16] << 24 | (unsigned long)b[17] << 16 |
        (unsigned long)b[18] << 8 | b[19];
    h = (unsigned long)b[20] << 24 | (unsigned long)b[21] << 16 |
        (unsigned long)b[22] << 8 | b[23];
    return total < NP_PLACEHOLDER_BYTES || (w <= 1 && h <= 1);
  }
  if (n == total && total < NP_PLACEHOLDER_SVG_BYTES && np_sniff_mime(b, n) &&
      strcmp(np_sniff_mime(b, n), "image/svg+xml") == 0) {
    for (i = 0; i + 1 < n; i++) {
      if (b[i] == '<' && g_ascii_isalpha(b[i + 1]))
        elements++;
    }
    return elements <= 1;
  }
  return 0;
}

/* Decodes forgiving base64 (white space ignored, padding optional, URL-safe
 * letters accepted) of len bytes of s into buf; returns 0 when invalid. */
static int np_base64_decode(np_buf *buf, const char *s, size_t len) {
  unsigned long acc = 0;
  int bits = 0, v, pad = 0;
  size_t i;
  unsigned char c;

  for (i = 0; i < len; i++) {
    c = (unsigned char)s[i];
    if (np_is_html_space((char)c))
      continue;
    if (c == '=') {
      pad++;
      continue;
    }
    if (pad)
      return 0;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+' || c == '-')
      v = 62;
    else if (c == '/' || c == '_')
      v = 63;
    else
      return 0;
    acc = (acc << 6 | (unsigned long)v) & 0xFFFFFFul;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      np_buf_putc(buf, (char)(acc >> bits & 0xFF));
    }
  }
  return bits < 6 && pad <= 2;
}

np_status np_data_uri_decode(const char *uri, unsigned char **data, size_t *len,
                             char **mime, np_error *err) {
  const char *comma, *header, *p, *semi;
  np_buf payload = NP_BUF_INIT, decoded = NP_BUF_INIT;
  char *type = NULL, *param;
  int base64 = 0;
  np_status status = NP_OK;

  *data = NULL;
  *len = 0;
  *mime = NULL;
  while (*uri && (unsigned char)*uri <= ' ')
    uri++;
  if (g_ascii_strncasecmp(uri, "data:", 5) != 0) {
    status = np_error_set(err, NP_ERR_IO, "not a data: URI");
    goto done;
  }
  header = uri + 5;
  comma = strchr(header, ',');
  if (!comma) {
    status = np_error_set(err, NP_ERR_IO, "data: URI without a comma");
    goto done;
  }
  if (strlen(comma + 1) / 3 > NP_DATA_URI_MAX) {
    status = np_error_set(err, NP_ERR_IO, "data: URI larger than %zu bytes",
                          NP_DATA_URI_MAX);
    goto done;
  }
  semi = memchr(header, ';', (size_t)(comma - header));
  type = np_xstrndup(header, (size_t)((semi ? semi : comma) - header));
  np_collapse_space(type);
  for (p = semi; p && p < comma; p = semi) {
    semi = memchr(p + 1, ';', (size_t)(comma - p - 1));
    param = np_xstrndup(p + 1, (size_t)((semi ? semi : comma) - p - 1));
    np_collapse_space(param);
    if (g_ascii_strcasecmp(param, "base64") == 0)
      base64 = 1;
    free(param);
  }
  np_percent_decode_into(&payload, comma + 1, strlen(comma + 1), 0);
  if (base64) {
    if (!np_base64_decode(&decoded, payload.data ? payload.data : "",
                          payload.len)) {
      status = np_error_set(err, NP_ERR_IO, "data: URI with invalid base64");
      goto done;
    }
  } else {
    np_buf_add(&decoded, payload.data ? payload.data : "", payload.len);
  }
  if (decoded.len > NP_DATA_URI_MAX) {
    status = np_error_set(err, NP_ERR_IO, "data: URI larger than %zu bytes",
                          NP_DATA_URI_MAX);
    goto done;
  }
  *len = decoded.len;
  *data = (unsigned char *)np_buf_steal(&decoded);
  if (!strchr(type, '/') || strchr(type, ' ')) {
    *mime = g_strdup("text/plain");
  } else {
    *mime = g_ascii_strdown(type, -1);
  }
done:
  free(type);
  np_buf_free(&payload);
  np_buf_free(&decoded);
  return status;
}

/* Skips white space and commas, as the srcset parser does between
 * candidates. */
static const char *np_srcset_skip(const char *p) {
  while (*p && (np_is_html_space(*p) || *p == ','))
    p++;
  return p;
}

/* Applies one srcset descriptor ("300w", "2x", "1.5x") of len bytes. */
static void np_srcset_descriptor(const char *d, size_t len,
                                 np_srcset_candidate *c) {
  char number[32];
  char *end;
  double value;

  if (len < 2 || len >= sizeof number)
    return;
  memcpy(number, d, len - 1);
  number[len - 1] = '\0';
  value = g_ascii_strtod(number, &end);
  if (*end || value <= 0)
    return;
  if (d[len - 1] == 'w' || d[len - 1] == 'W')
    c->width = value;
  else if (d[len - 1] == 'x' || d[len - 1] == 'X')
    c->density = value;
}

size_t np_srcset_parse(const char *srcset, np_srcset_candidate *out,
                       size_t max) {
  const char *p = srcset, *url, *tok;
  size_t n = 0, url_len, depth;

  if (!srcset)
    return 0;
  if (max > NP_SRCSET_MAX)
    max = NP_SRCSET_MAX;
  while (n < max) {
    p = np_srcset_skip(p);
    if (!*p)
      break;
    url = p;
    while (*p && !np_is_html_space(*p))
      p++;
    url_len = (size_t)(p - url);
    memset(&out[n], 0, sizeof out[n]);
    out[n].density = 1;
    if (url[url_len - 1] == ',') {
      while (url_len > 0 && url[url_len - 1] == ',')
        url_len--;
    } else {
      /* descriptors up to a comma outside parentheses */
      while (*p && *p != ',') {
        while (np_is_html_space(*p))
          p++;
        tok = p;
        depth = 0;
        while (*p && !np_is_html_space(*p) && (*p != ',' || depth)) {
          if (*p == '(')
            depth++;
          else if (*p == ')' && depth)
            depth--;
          p++;
        }
        np_srcset_descriptor(tok, (size_t)(p - tok), &out[n]);
      }
    }
    if (url_len == 0)
      continue;
    out[n].url = np_xstrndup(url, url_len);
    n++;
  }
  return n;
}

void np_srcset_free(np_srcset_candidate *c, size_t n) {
  size_t i;

  for (i = 0; i < n; i++) {
    free(c[i].url);
    c[i].url = NULL;
  }
}

/* Recomputes the absolute and folder forms of the <base href>. */
static void np_resolver_update_base(np_resolver *r) {
  const char *slash;
  char *base_abs = NULL, scheme[NP_SCHEME_MAX];

  g_free(r->base_abs);
  free(r->base_dir);
  r->base_abs = NULL;
  r->base_dir = NULL;
  if (!r->base)
    return;
  if (np_uri_scheme(r->base, scheme, sizeof scheme)) {
    base_abs = g_strdup(r->base);
  } else if (r->page_url && (r->base[0] == '/' || r->base[0] == '\\')) {
    base_abs = np_url_resolve(r->page_url, r->base);
  } else if (strncmp(r->base, "//", 2) == 0) {
    base_abs = g_strconcat("https:", r->base, NULL);
  } else {
    slash = strrchr(r->base, '/');
    r->base_dir =
        slash ? np_xstrndup(r->base, (size_t)(slash - r->base + 1)) : NULL;
  }
  r->base_abs = base_abs;
}

np_resolver *np_resolver_new(const char *page_path, np_doc *doc) {
  np_resolver *r = np_xcalloc(1, sizeof *r);
  char *real = NULL, *dir = NULL, *name = NULL, *stem;
  size_t len;

  r->doc = doc;
  if (!page_path)
    return r;
  real = realpath(page_path, NULL);
  if (real) {
    dir = g_path_get_dirname(real);
    name = g_path_get_basename(real);
  } else {
    char *given_dir = g_path_get_dirname(page_path);
    char *real_dir = realpath(given_dir, NULL);

    dir = real_dir ? g_strdup(real_dir) : NULL;
    name = g_path_get_basename(page_path);
    free(real_dir);
    g_free(given_dir);
  }
  if (dir) {
    r->page_dir = np_xstrdup(dir);
    len = strlen(name);
    if (len > 5 && g_ascii_strcasecmp(name + len - 5, ".html") == 0)
      name[len - 5] = '\0';
    else if (len > 4 && g_ascii_strcasecmp(name + len - 4, ".htm") == 0)
      name[len - 4] = '\0';
    stem = g_strconcat(name, NP_FILES_SUFFIX, NULL);
    r->files_dir = g_build_filename(dir, stem, NULL);
    g_free(stem);
    if (!doc->meta.source_path)
      doc->meta.source_path =
          np_arena_strdup(doc->arena, real ? real : page_path);
  }
  free(real);
  g_free(dir);
  g_free(name);
  return r;
}

void np_resolver_free(np_resolver *r) {
  if (!r)
    return;
  free(r->page_dir);
  g_free(r->files_dir);
  free(r->page_url);
  free(r->base);
  g_free(r->base_abs);
  free(r->base_dir);
  free(r);
}

void np_resolver_set_page_url(np_resolver *r, const char *url) {
  char *clean = url ? np_ref_clean(url) : NULL;

  free(r->page_url);
  r->page_url = NULL;
  if (clean && (np_has_scheme(clean, "http") || np_has_scheme(clean, "https")))
    r->page_url = clean;
  else
    free(clean);
  np_resolver_update_base(r);
}

void np_resolver_set_archive(np_resolver *r, const np_mhtml *archive) {
  r->archive = archive;
}

void np_resolver_set_base(np_resolver *r, const char *href) {
  char *clean = href ? np_ref_clean(href) : NULL;

  free(r->base);
  r->base = NULL;
  if (clean && *clean && strlen(clean) <= NP_URL_MAX)
    r->base = clean;
  else
    free(clean);
  np_resolver_update_base(r);
}

/* Nonzero when the real path real lies strictly inside the folder dir. */
static int np_path_inside(const char *real, const char *dir) {
  size_t n = strlen(dir);

  if (strcmp(dir, "/") == 0)
    return real[0] == '/' && real[1] != '\0';
  return strncmp(real, dir, n) == 0 && real[n] == '/' && real[n + 1] != '\0';
}

/* Nonzero when the relative path rel climbs above its starting folder
 * through ".." segments. */
static int np_path_escapes(const char *rel) {
  long depth = 0;
  const char *p = rel, *end;
  size_t n;

  while (*p) {
    end = p + strcspn(p, "/");
    n = (size_t)(end - p);
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      if (--depth < 0)
        return 1;
    } else if (n > 0 && !(n == 1 && p[0] == '.')) {
      depth++;
    }
    p = *end ? end + 1 : end;
  }
  return 0;
}

/* Looks up the file at path (absolute, or relative to the page's folder)
 * inside the page's folder. Fills o with NP_RES_LOCAL (path and mime set),
 * NP_RES_MISSING or NP_RES_REFUSED (reason set), or marks it a skip when the
 * file is a placeholder image. */
static void np_lookup_file(const np_resolver *r, const char *path,
                           np_outcome *o) {
  char *full, *real = NULL;
  unsigned char head[NP_SNIFF_BYTES];
  size_t n = 0;
  struct stat st;
  FILE *f;
  const char *mime;

  full = path[0] == '/' ? g_strdup(path)
                        : g_build_filename(r->page_dir, path, NULL);
  real = realpath(full, NULL);
  if (!real) {
    if (path[0] != '/' && np_path_escapes(path)) {
      o->kind = NP_RES_REFUSED;
      o->reason = g_strdup("outside the page's folder");
    } else if (path[0] == '/' && !np_path_inside(full, r->page_dir)) {
      o->kind = NP_RES_REFUSED;
      o->reason = g_strdup("absolute path outside the page's folder");
    } else {
      o->kind = NP_RES_MISSING;
      o->reason = g_strdup_printf("no such file in the page's folder (%s)",
                                  g_strerror(errno));
    }
    goto done;
  }
  if (!np_path_inside(real, r->page_dir)) {
    o->kind = NP_RES_REFUSED;
    o->reason = g_strdup("outside the page's folder");
    goto done;
  }
  if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
    o->kind = NP_RES_MISSING;
    o->reason = g_strdup("not a regular file");
    goto done;
  }
  f = fopen(real, "rb");
  if (f) {
    n = fread(head, 1, sizeof head, f);
    fclose(f);
  }
  if (np_is_placeholder(head, n, (size_t)st.st_size)) {
    o->skip = 1;
    goto done;
  }
  o->kind = NP_RES_LOCAL;
  o->path = g_strdup(real);
  mime = np_sniff_mime(head, n);
  o->mime = g_strdup(mime ? mime : np_extension_mime(path));
done:
  free(real);
  g_free(full);
}

/* Looks up a relative or absolute path reference, first percent-decoded,
 * then as written; the query and fragment are not part of a file name. */
static void np_lookup_path(const np_resolver *r, const char *ref,
                           np_outcome *o) {
  char *raw = np_xstrndup(ref, strcspn(ref, "?#")), *decoded, *p;
  np_outcome again = {0};

  for (p = raw; *p; p++) {
    if (*p == '\\')
      *p = '/';
  }
  decoded = np_percent_decode(raw);
  np_lookup_file(r, decoded, o);
  if (o->kind == NP_RES_MISSING && !o->skip && strcmp(decoded, raw) != 0) {
    np_lookup_file(r, raw, &again);
    if (again.skip || again.kind == NP_RES_LOCAL) {
      np_outcome_clear(o);
      *o = again;
    } else {
      np_outcome_clear(&again);
    }
  }
  free(decoded);
  free(raw);
}

/* Looks for the last path segment of the URL url in the page's NAME_files
 * folder, where browsers save a page's images; fills o and returns 1 when a
 * file (or a placeholder) is found there, else returns 0 with o untouched. */
static int np_lookup_saved_copy(const np_resolver *r, const char *url,
                                np_outcome *o) {
  const char *p = url, *seg;
  size_t end;
  char *name = NULL, *decoded = NULL, *rel = NULL, scheme[NP_SCHEME_MAX];
  int found = 0, attempt;
  np_outcome try = {0};

  if (!r->files_dir)
    return 0;
  p += np_uri_scheme(url, scheme, sizeof scheme);
  if (*p == ':')
    p++;
  if (strncmp(p, "//", 2) == 0)
    p += 2 + strcspn(p + 2, "/?#");
  end = strcspn(p, "?#");
  name = np_xstrndup(p, end);
  seg = strrchr(name, '/');
  seg = seg ? seg + 1 : name;
  decoded = np_percent_decode(seg);
  for (attempt = 0; attempt < 2 && !found; attempt++) {
    const char *candidate = attempt == 0 ? decoded : seg;

    if (attempt == 1 && strcmp(decoded, seg) == 0)
      break;
    if (!*candidate || strcmp(candidate, ".") == 0 ||
        strcmp(candidate, "..") == 0 || strpbrk(candidate, "/\\"))
      continue;
    g_free(rel);
    rel = g_build_filename(r->files_dir, candidate, NULL);
    np_lookup_file(r, rel, &try);
    if (try.skip || try.kind == NP_RES_LOCAL) {
      *o = try;
      found = 1;
    } else {
      np_outcome_clear(&try);
    }
  }
  g_free(rel);
  free(decoded);
  free(name);
  return found;
}

/* Records a network URL: the saved copy in NAME_files when there is one,
 * else NP_RES_REMOTE. */
static void np_classify_remote(const np_resolver *r, const char *url,
                               np_outcome *o) {
  if (np_lookup_saved_copy(r, url, o)) {
    if (!o->skip) {
      g_free(o->url);
      o->url = g_strdup(url);
    }
    return;
  }
  o->kind = NP_RES_REMOTE;
  o->url = g_strdup(url);
  o->mime = g_strdup(np_extension_mime(url));
  o->reason = g_strdup("image not saved with the page, kept as a link");
}

/* Decodes a data: URI image; undecodable ones and placeholders are skips
 * (the former with a warning). */
static void np_classify_data(np_resolver *r, const char *ref, np_outcome *o) {
  np_error err;
  char *mime = NULL, *shown;
  const char *sniffed;

  if (np_data_uri_decode(ref, &o->data, &o->len, &mime, &err) != NP_OK) {
    shown = np_short_ref(ref);
    np_doc_warn(r->doc, "image skipped: %s: %s", shown, err.message);
    g_free(shown);
    o->skip = 1;
    goto done;
  }
  if (o->len == 0 || np_is_placeholder(o->data, o->len, o->len)) {
    o->skip = 1;
    goto done;
  }
  o->kind = NP_RES_DATA;
  o->url = g_strdup(ref);
  sniffed = np_sniff_mime(o->data, o->len);
  o->mime = g_strdup(sniffed ? sniffed : mime);
done:
  free(mime);
}

/* Looks ref up in the MHTML archive, resolved against <base href> (when
 * use_base) or the page's URL, then as written. Fills o (NP_RES_DATA, or a
 * skip for a placeholder) and returns 1 when a part holds it, else returns
 * 0 with o untouched. An empty part holds nothing. */
static int np_classify_archived(np_resolver *r, const char *ref, int use_base,
                                np_outcome *o) {
  const char *base = use_base && r->base_abs ? r->base_abs : r->page_url;
  const np_mhtml_part *part = NULL;
  char *resolved = base ? np_url_resolve(base, ref) : NULL;
  const char *sniffed;
  int found = 0;

  if (resolved)
    part = np_mhtml_find(r->archive, resolved);
  if (!part)
    part = np_mhtml_find(r->archive, ref);
  if (!part || part->len == 0)
    goto done;
  found = 1;
  if (np_is_placeholder(part->data, part->len, part->len)) {
    o->skip = 1;
    goto done;
  }
  o->kind = NP_RES_DATA;
  o->url = g_strdup(resolved ? resolved : ref);
  o->data = np_xmalloc(part->len + 1);
  memcpy(o->data, part->data, part->len + 1);
  o->len = part->len;
  sniffed = np_sniff_mime(part->data, part->len);
  o->mime = g_strdup(sniffed ? sniffed : part->mime);
done:
  g_free(resolved);
  return found;
}

/* Nonzero for references that name no image: empty, a fragment alone or
 * about:blank. */
static int np_ref_is_empty(const char *ref) {
  return !*ref || ref[0] == '#' || g_ascii_strcasecmp(ref, "about:blank") == 0;
}

/* Classifies one cleaned image reference. use_base applies <base href> to
 * relative references. */
static void np_classify(np_resolver *r, const char *ref, int use_base,
                        np_outcome *o) {
  char scheme[NP_SCHEME_MAX];
  char *joined = NULL;

  if (np_ref_is_empty(ref)) {
    o->skip = 1;
    return;
  }
  if (np_uri_scheme(ref, scheme, sizeof scheme) &&
      strcmp(scheme, "data") == 0) {
    np_classify_data(r, ref, o);
    return;
  }
  if (r->archive && strlen(ref) <= NP_URL_MAX &&
      np_classify_archived(r, ref, use_base, o))
    return;
  if (strlen(ref) > NP_URL_MAX) {
    o->kind = NP_RES_REFUSED;
    o->reason = g_strdup_printf("reference longer than %zu bytes", NP_URL_MAX);
  } else if (np_uri_scheme(ref, scheme, sizeof scheme)) {
    if (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) {
      np_classify_remote(r, ref, o);
    } else if (r->archive && strcmp(scheme, "cid") == 0) {
      o->kind = NP_RES_MISSING;
      o->reason = g_strdup("not saved in the MHTML archive");
    } else {
      o->kind = NP_RES_REFUSED;
      o->reason = strcmp(scheme, "file") == 0
                      ? g_strdup("file: URLs are not read")
                      : g_strdup_printf("unsupported URL scheme %s:", scheme);
    }
  } else if (strncmp(ref, "//", 2) == 0) {
    joined = r->page_url ? np_url_resolve(r->page_url, ref) : NULL;
    if (!joined)
      joined = g_strconcat("https:", ref, NULL);
    np_classify_remote(r, joined, o);
  } else if (strncmp(ref, "\\\\", 2) == 0) {
    o->kind = NP_RES_REFUSED;
    o->reason = g_strdup("network share path");
  } else if (use_base && r->base_abs) {
    joined = np_url_resolve(r->base_abs, ref);
    if (joined) {
      np_classify(r, joined, 0, o);
    } else {
      o->kind = NP_RES_REFUSED;
      o->reason = g_strdup("cannot be resolved against <base href>");
    }
  } else if (use_base && r->base_dir && ref[0] != '/') {
    joined = g_strconcat(r->base_dir, ref, NULL);
    np_classify(r, joined, 0, o);
  } else if (r->archive) {
    joined = r->page_url ? np_url_resolve(r->page_url, ref) : NULL;
    if (joined) {
      np_classify_remote(r, joined, o);
    } else {
      o->kind = NP_RES_MISSING;
      o->reason = g_strdup("not saved in the MHTML archive");
    }
  } else if (!r->page_dir) {
    o->kind = NP_RES_REFUSED;
    o->reason = g_strdup("the page has no folder to read files from");
  } else if (g_ascii_isalpha(ref[0]) && ref[1] == ':' &&
             (ref[2] == '\\' || ref[2] == '/')) {
    o->kind = NP_RES_REFUSED;
    o->reason = g_strdup("absolute path outside the page's folder");
  } else {
    np_lookup_path(r, ref, o);
    if (o->kind != NP_RES_LOCAL && !o->skip) {
      /* a site-relative path: the page's URL, or a saved copy, names it */
      if (ref[0] == '/' && r->page_url &&
          (joined = np_url_resolve(r->page_url, ref)) != NULL) {
        np_outcome_clear(o);
        np_classify_remote(r, joined, o);
      } else if (o->kind == NP_RES_MISSING || ref[0] == '/') {
        np_outcome remote = {0};

        if (np_lookup_saved_copy(r, ref, &remote)) {
          np_outcome_clear(o);
          *o = remote;
        }
      }
    }
  }
  if (!o->url && !o->skip)
    o->url = g_strdup(ref);
  g_free(joined);
}

/* Adds the outcome o to the document, warning about it unless it is local
 * or data (or warned already). Returns the resource index. */
static int np_record(np_resolver *r, const np_outcome *o, int warned) {
  np_resource res = {0};
  char *shown;

  res.kind = o->kind;
  res.url = o->url;
  res.path = o->path;
  res.data = o->data;
  res.len = o->len;
  res.mime = o->mime;
  if (!warned && o->kind != NP_RES_LOCAL && o->kind != NP_RES_DATA) {
    shown = np_short_ref(o->url);
    if (o->kind == NP_RES_REMOTE)
      np_doc_warn(r->doc, "image not saved with the page, kept as a link: %s",
                  shown);
    else if (o->kind == NP_RES_MISSING)
      np_doc_warn(r->doc, "image missing: %s: %s", shown, o->reason);
    else
      np_doc_warn(r->doc, "image refused: %s: %s", shown, o->reason);
    g_free(shown);
  }
  return np_doc_add_resource(r->doc, &res);
}

int np_resolver_image(np_resolver *r, const char *const *candidates, size_t n) {
  np_outcome first = {0}, o;
  int have_first = 0, first_warned = 0, index = -1;
  char *ref, *shown;
  size_t i;

  for (i = 0; i < n; i++) {
    if (!candidates[i])
      continue;
    memset(&o, 0, sizeof o);
    ref = np_ref_clean(candidates[i]);
    np_classify(r, ref, 1, &o);
    free(ref);
    if (o.skip) {
      np_outcome_clear(&o);
      continue;
    }
    if (o.kind == NP_RES_LOCAL || o.kind == NP_RES_DATA) {
      index = np_record(r, &o, 0);
      np_outcome_clear(&o);
      goto done;
    }
    if (o.kind == NP_RES_REFUSED) {
      /* refusals are reported even when another candidate is used */
      shown = np_short_ref(o.url);
      np_doc_warn(r->doc, "image refused: %s: %s", shown, o.reason);
      g_free(shown);
      if (!have_first)
        first_warned = 1;
    }
    if (!have_first) {
      first = o;
      have_first = 1;
    } else {
      np_outcome_clear(&o);
    }
  }
  if (have_first)
    index = np_record(r, &first, first_warned);
done:
  np_outcome_clear(&first);
  return index;
}

/* The absolute URL relative links are resolved against (heap, g_free), or
 * NULL when there is none. */
static char *np_link_base(const np_resolver *r) {
  if (r->base_abs)
    return g_strdup(r->base_abs);
  if (r->base && r->page_url)
    return np_url_resolve(r->page_url, r->base);
  if (r->base)
    return NULL;
  return r->page_url ? g_strdup(r->page_url) : NULL;
}

/* Nonzero for links that run code or embed content instead of going
 * somewhere. */
static int np_link_is_unsafe(const char *href) {
  return np_has_scheme(href, "javascript") || np_has_scheme(href, "vbscript") ||
         np_has_scheme(href, "data");
}

const char *np_resolver_link(np_resolver *r, const char *href) {
  char *clean = NULL, *base = NULL, *resolved = NULL;
  char scheme[NP_SCHEME_MAX];
  const char *result = NULL;

  if (!href)
    return NULL;
  clean = np_ref_clean(href);
  if (!*clean || strlen(clean) > NP_URL_MAX || np_link_is_unsafe(clean))
    goto done;
  if (clean[0] == '#' || np_uri_scheme(clean, scheme, sizeof scheme)) {
    result = np_arena_strdup(r->doc->arena, clean);
    goto done;
  }
  base = np_link_base(r);
  if (base)
    resolved = np_url_resolve(base, clean);
  else if (strncmp(clean, "//", 2) == 0)
    resolved = g_strconcat("https:", clean, NULL);
  if (resolved && np_link_is_unsafe(resolved))
    goto done;
  result = np_arena_strdup(r->doc->arena, resolved ? resolved : clean);
done:
  g_free(resolved);
  g_free(base);
  free(clean);
  return result;
}

np_status np_resource_read(const np_doc *doc, int index, size_t max_bytes,
                           unsigned char **data, size_t *len, np_error *err) {
  const np_resource *res;
  char *page_real = NULL, *page_dir = NULL, *real = NULL, *shown = NULL;
  np_status status = NP_OK;

  *data = NULL;
  *len = 0;
  if (index < 0 || (size_t)index >= doc->n_resources)
    return np_error_set(err, NP_ERR_IO, "no resource %d", index);
  res = &doc->resources[index];
  shown = np_short_ref(res->url);
  switch (res->kind) {
  case NP_RES_DATA:
    if (res->len > max_bytes) {
      status = np_error_set(err, NP_ERR_IO, "%s: larger than %zu bytes", shown,
                            max_bytes);
      goto done;
    }
    *data = np_xmalloc(res->len + 1);
    memcpy(*data, res->data, res->len);
    (*data)[res->len] = 0;
    *len = res->len;
    break;
  case NP_RES_LOCAL:
    if (doc->meta.source_path)
      page_real = realpath(doc->meta.source_path, NULL);
    if (page_real)
      page_dir = g_path_get_dirname(page_real);
    if (res->path)
      real = realpath(res->path, NULL);
    if (!page_dir || !real || !np_path_inside(real, page_dir)) {
      status = np_error_set(err, NP_ERR_IO, "%s: not inside the page's folder",
                            shown);
      goto done;
    }
    *data = (unsigned char *)np_read_file(real, max_bytes, len, err);
    if (!*data) {
      status = err ? err->status : NP_ERR_IO;
      /* named as the page wrote it, like the other messages here */
      if (err && strncmp(err->message, real, strlen(real)) == 0 &&
          strncmp(err->message + strlen(real), ": ", 2) == 0) {
        char *reason = g_strdup(err->message + strlen(real) + 2);

        np_error_set(err, status, "%s: %s", shown, reason);
        g_free(reason);
      }
    }
    break;
  case NP_RES_REMOTE:
    status = np_error_set(err, NP_ERR_IO, "%s: not saved with the page", shown);
    break;
  case NP_RES_MISSING:
    status = np_error_set(err, NP_ERR_IO, "%s: file missing", shown);
    break;
  case NP_RES_REFUSED:
    status = np_error_set(err, NP_ERR_IO, "%s: refused", shown);
    break;
  }
done:
  free(real);
  g_free(page_dir);
  free(page_real);
  g_free(shown);
  return status;
}

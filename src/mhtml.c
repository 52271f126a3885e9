/* mhtml.c: an MHTML archive read into its parts: header blocks, multipart
 * boundaries, quoted-printable and base64 bodies, and an index of the parts
 * by Content-Location and Content-ID. */
#include "mhtml.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest boundary parameter taken (RFC 2046 allows 70 characters; some
 * writers go beyond, none this far). */
#define NP_MHTML_BOUNDARY_MAX 256

struct np_mhtml {
  np_mhtml_part *parts;
  size_t n_parts;
  size_t cap_parts;
  size_t dropped_parts; /* past NP_MHTML_MAX_PARTS */
  size_t root;
  char *snapshot_location; /* the message's Snapshot-Content-Location */
  char *page_url;          /* np_mhtml_page_url, or NULL */
  char *base;        /* what locations are resolved against: the root part's
                        Content-Location (file: too), else the snapshot's */
  GHashTable *index; /* g_malloc key -> part index + 1 */
  char **warnings;
  size_t n_warnings;
  size_t dropped_warnings;
  int truncated; /* a multipart body had no closing boundary */
};

/* The headers of a message or a part that are read; heap strings, NULL when
 * absent. */
typedef struct {
  char *content_type;
  char *encoding;
  char *location;
  char *content_id;
  char *snapshot_location;
  char *mime_version;
} np_mime_headers;

static void np_mime_headers_clear(np_mime_headers *h) {
  free(h->content_type);
  free(h->encoding);
  free(h->location);
  free(h->content_id);
  free(h->snapshot_location);
  free(h->mime_version);
  memset(h, 0, sizeof *h);
}

static void np_mhtml_warn(np_mhtml *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Adds a warning to m, or counts it past NP_MHTML_MAX_WARNINGS. */
static void np_mhtml_warn(np_mhtml *m, const char *fmt, ...) {
  va_list ap;

  if (m->n_warnings >= NP_MHTML_MAX_WARNINGS) {
    m->dropped_warnings++;
    return;
  }
  if (!m->warnings)
    m->warnings = np_xcalloc(NP_MHTML_MAX_WARNINGS + 1, sizeof *m->warnings);
  va_start(ap, fmt);
  m->warnings[m->n_warnings++] = g_strdup_vprintf(fmt, ap);
  va_end(ap);
}

/* Nonzero for the characters of a header name (RFC 5322: printable ASCII
 * but the colon). */
static int np_is_name_char(char c) { return c > ' ' && c < 0x7f && c != ':'; }

/* Returns a heap copy of s[0, len) without leading and trailing white
 * space. */
static char *np_trimmed(const char *s, size_t len) {
  while (len > 0 && g_ascii_isspace(*s)) {
    s++;
    len--;
  }
  while (len > 0 && g_ascii_isspace(s[len - 1]))
    len--;
  return np_xstrndup(s, len);
}

/* Stores the unfolded header line (NAME: VALUE) into h when it is one that
 * is read and not seen before. */
static void np_header_store(np_mime_headers *h, const char *line, size_t len) {
  static const struct {
    const char *name;
    size_t offset;
  } fields[] = {
      {"content-type", offsetof(np_mime_headers, content_type)},
      {"content-transfer-encoding", offsetof(np_mime_headers, encoding)},
      {"content-location", offsetof(np_mime_headers, location)},
      {"content-id", offsetof(np_mime_headers, content_id)},
      {"snapshot-content-location",
       offsetof(np_mime_headers, snapshot_location)},
      {"mime-version", offsetof(np_mime_headers, mime_version)},
  };
  const char *colon = memchr(line, ':', len);
  size_t name_len, i;
  char **slot;

  if (!colon)
    return;
  name_len = (size_t)(colon - line);
  for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    if (strlen(fields[i].name) == name_len &&
        g_ascii_strncasecmp(line, fields[i].name, name_len) == 0) {
      slot = (char **)((char *)h + fields[i].offset);
      if (!*slot)
        *slot = np_trimmed(colon + 1, len - name_len - 1);
      return;
    }
  }
}

/* Reads the header block at the start of p[0, len) into h. A line that is
 * neither a header ("Name: value") nor a continuation (white space first)
 * ends the block: when strict, that is a failure, else the body starts at
 * that line. The block also ends at an empty line (consumed) or at the end
 * of the bytes. Sets *body to where the body starts. Returns 0, or -1 when
 * strict and the bytes do not start with a header block, or when a header
 * line of the block ends past NP_MHTML_HEADER_MAX bytes (so a huge header
 * is never copied). */
static int np_read_headers(const char *p, size_t len, int strict,
                           np_mime_headers *h, size_t *body) {
  np_buf line = NP_BUF_INIT;
  size_t pos = 0, n_lines = 0, end, next, i;
  int status = 0, continued, is_header;

  memset(h, 0, sizeof *h);
  while (pos < len) {
    const char *nl = memchr(p + pos, '\n', len - pos);

    next = nl ? (size_t)(nl - p) + 1 : len;
    end = nl ? (size_t)(nl - p) : len;
    if (end > pos && p[end - 1] == '\r')
      end--;
    if (end == pos) { /* the empty line */
      pos = next;
      break;
    }
    continued = p[pos] == ' ' || p[pos] == '\t';
    if (continued) {
      is_header = n_lines > 0;
    } else {
      for (i = pos; i < end && np_is_name_char(p[i]); i++)
        ;
      is_header = i > pos && i < end && p[i] == ':';
    }
    if (!is_header && !strict)
      break; /* the body starts here */
    if (!is_header || end > NP_MHTML_HEADER_MAX) {
      status = -1;
      goto done;
    }
    if (!continued) {
      if (line.len)
        np_header_store(h, line.data, line.len);
      line.len = 0;
    }
    np_buf_add(&line, p + pos, end - pos);
    n_lines++;
    pos = next;
  }
  if (strict && n_lines == 0)
    status = -1;
  else if (line.len)
    np_header_store(h, line.data, line.len);
  *body = pos;
done:
  if (status != 0)
    np_mime_headers_clear(h);
  np_buf_free(&line);
  return status;
}

/* Returns the lowercased media type of a Content-Type value ("text/plain"
 * for NULL or an empty one), as a heap string. */
static char *np_content_mime(const char *value) {
  char *mime;

  if (!value)
    return np_xstrdup("text/plain");
  mime = np_trimmed(value, strcspn(value, ";"));
  if (!*mime) {
    free(mime);
    return np_xstrdup("text/plain");
  }
  for (char *c = mime; *c; c++)
    *c = g_ascii_tolower(*c);
  return mime;
}

/* Returns the parameter name of a Content-Type value (a token or a quoted
 * string, its escapes undone) as a heap string, or NULL when absent. */
static char *np_content_param(const char *value, const char *name) {
  const char *p = value ? strchr(value, ';') : NULL;
  size_t name_len = strlen(name), attr_len;
  np_buf buf = NP_BUF_INIT;
  char *result = NULL;
  int match;

  while (p && *p) {
    while (*p == ';' || g_ascii_isspace(*p))
      p++;
    attr_len = strcspn(p, "=; \t\r\n");
    match = attr_len == name_len && g_ascii_strncasecmp(p, name, name_len) == 0;
    p += attr_len;
    while (g_ascii_isspace(*p))
      p++;
    if (*p != '=') {
      p = strchr(p, ';');
      continue;
    }
    p++;
    while (g_ascii_isspace(*p))
      p++;
    buf.len = 0;
    if (*p == '"') {
      for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
          p++;
        np_buf_putc(&buf, *p);
      }
      if (*p == '"')
        p++;
    } else {
      size_t n = strcspn(p, "; \t\r\n");

      np_buf_add(&buf, p, n);
      p += n;
    }
    if (match) {
      result = np_xstrndup(buf.data ? buf.data : "", buf.len);
      goto done;
    }
    p = strchr(p, ';');
  }
done:
  np_buf_free(&buf);
  return result;
}

static int np_hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes a quoted-printable body (RFC 2045 6.7): "=XX" is a byte, "=" at
 * the end of a line (white space may follow it) a soft line break; any
 * other "=" is kept as written. */
static unsigned char *np_qp_decode(const char *s, size_t len, size_t *out_len) {
  unsigned char *out = np_xmalloc(len + 1);
  size_t i = 0, n = 0, j;
  int hi, lo;

  while (i < len) {
    if (s[i] != '=') {
      out[n++] = (unsigned char)s[i++];
      continue;
    }
    if (i + 2 < len && (hi = np_hex_digit(s[i + 1])) >= 0 &&
        (lo = np_hex_digit(s[i + 2])) >= 0) {
      out[n++] = (unsigned char)(hi * 16 + lo);
      i += 3;
      continue;
    }
    for (j = i + 1; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
      ;
    if (j == len) { /* "=" ends the body */
      i = len;
    } else if (s[j] == '\n') {
      i = j + 1;
    } else if (s[j] == '\r' && j + 1 < len && s[j + 1] == '\n') {
      i = j + 2;
    } else {
      out[n++] = (unsigned char)s[i++];
    }
  }
  out[n] = 0;
  *out_len = n;
  return out;
}

/* Decodes a base64 body; characters outside the alphabet (line breaks) are
 * passed over, as GLib's decoder does, and a last group without its
 * padding (some writers leave it out, a cut archive ends anywhere) still
 * gives its bytes. */
static unsigned char *np_b64_decode(const char *s, size_t len,
                                    size_t *out_len) {
  unsigned char *out = np_xmalloc(len / 4 * 3 + 4);
  gint state = 0;
  guint save = 0;
  size_t n;

  n = g_base64_decode_step(s, len, out, &state, &save);
  /* state counts the characters of an unfinished group */
  if (state == 2 || state == 3)
    n += g_base64_decode_step("==", (gsize)(4 - state), out + n, &state, &save);
  out[n] = 0;
  *out_len = n;
  return out;
}

/* Decodes a body by its Content-Transfer-Encoding (NULL: as it is). */
static unsigned char *np_body_decode(np_mhtml *m, const char *encoding,
                                     const char *s, size_t len,
                                     size_t *out_len) {
  unsigned char *out;

  if (encoding && g_ascii_strcasecmp(encoding, "base64") == 0)
    return np_b64_decode(s, len, out_len);
  if (encoding && g_ascii_strcasecmp(encoding, "quoted-printable") == 0)
    return np_qp_decode(s, len, out_len);
  if (encoding && g_ascii_strcasecmp(encoding, "7bit") != 0 &&
      g_ascii_strcasecmp(encoding, "8bit") != 0 &&
      g_ascii_strcasecmp(encoding, "binary") != 0)
    np_mhtml_warn(m,
                  "unknown Content-Transfer-Encoding \"%.40s\": the part "
                  "is read as it is",
                  encoding);
  out = np_xmalloc(len + 1);
  memcpy(out, s, len);
  out[len] = 0;
  *out_len = len;
  return out;
}

/* Nonzero when the line at p[0, len) (no line break) is a delimiter of the
 * boundary: "--BOUNDARY", then "--" for the closing one (*closing set),
 * then only white space. */
static int np_is_delimiter(const char *p, size_t len, const char *boundary,
                           size_t blen, int *closing) {
  size_t i;

  if (len < blen + 2 || p[0] != '-' || p[1] != '-' ||
      memcmp(p + 2, boundary, blen) != 0)
    return 0;
  i = blen + 2;
  *closing = len >= i + 2 && p[i] == '-' && p[i + 1] == '-';
  if (*closing)
    i += 2;
  for (; i < len; i++) {
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
      return 0;
  }
  return 1;
}

/* Finds the next delimiter line at or after pos in p[0, len): returns 1
 * with *start (its first byte), *after (the byte after its line) and
 * *closing set, or 0 when there is none. */
static int np_next_delimiter(const char *p, size_t len, size_t pos,
                             const char *boundary, size_t *start, size_t *after,
                             int *closing) {
  size_t blen = strlen(boundary), end;
  const char *nl;

  while (pos < len) {
    nl = memchr(p + pos, '\n', len - pos);
    end = nl ? (size_t)(nl - p) : len;
    if (np_is_delimiter(p + pos, end - pos, boundary, blen, closing)) {
      *start = pos;
      *after = nl ? end + 1 : len;
      return 1;
    }
    pos = nl ? end + 1 : len;
  }
  return 0;
}

/* Frees what part holds. */
static void np_part_clear(np_mhtml_part *part) {
  free(part->mime);
  free(part->charset);
  free(part->location);
  free(part->content_id);
  free(part->data);
}

/* Appends a part to m (taking mime, charset, location, content_id and data
 * over), or drops it past NP_MHTML_MAX_PARTS. */
static void np_add_part(np_mhtml *m, np_mhtml_part *part) {
  if (m->n_parts >= NP_MHTML_MAX_PARTS) {
    m->dropped_parts++;
    np_part_clear(part);
    return;
  }
  np_grow((void **)&m->parts, &m->cap_parts, m->n_parts + 1, sizeof *m->parts);
  m->parts[m->n_parts++] = *part;
}

/* Returns the Content-ID of h without its angle brackets, as a heap string,
 * or NULL. */
static char *np_content_id(const np_mime_headers *h) {
  const char *id = h->content_id;
  size_t len;

  if (!id || !*id)
    return NULL;
  len = strlen(id);
  if (id[0] == '<' && len >= 2 && id[len - 1] == '>')
    return np_trimmed(id + 1, len - 2);
  return np_xstrdup(id);
}

static void np_read_multipart(np_mhtml *m, const char *body, size_t len,
                              const char *boundary, int depth);

/* Reads one entity (headers h, body p[0, len)) into m: a part, or the parts
 * of a nested multipart body. */
static void np_read_entity(np_mhtml *m, const np_mime_headers *h, const char *p,
                           size_t len, int depth) {
  np_mhtml_part part = {0};
  char *boundary;

  part.mime = np_content_mime(h->content_type);
  if (g_str_has_prefix(part.mime, "multipart/")) {
    boundary = np_content_param(h->content_type, "boundary");
    if (!boundary || !*boundary || strlen(boundary) > NP_MHTML_BOUNDARY_MAX)
      np_mhtml_warn(m, "a %s part without a usable boundary is left out",
                    part.mime);
    else if (depth >= NP_MHTML_MAX_DEPTH)
      np_mhtml_warn(m,
                    "multipart bodies nested more than %d deep are left "
                    "out",
                    NP_MHTML_MAX_DEPTH);
    else
      np_read_multipart(m, p, len, boundary, depth + 1);
    free(boundary);
    free(part.mime);
    return;
  }
  part.charset = np_content_param(h->content_type, "charset");
  part.location = h->location && *h->location ? np_xstrdup(h->location) : NULL;
  part.content_id = np_content_id(h);
  part.data = np_body_decode(m, h->encoding, p, len, &part.len);
  np_add_part(m, &part);
}

/* Reads the parts of a multipart body: the preamble before the first
 * delimiter and the epilogue after the closing one are passed over; the
 * line break before a delimiter belongs to it. */
static void np_read_multipart(np_mhtml *m, const char *body, size_t len,
                              const char *boundary, int depth) {
  size_t start, after, part_start, part_end, offset;
  int closing = 0, found;
  np_mime_headers h;

  if (!np_next_delimiter(body, len, 0, boundary, &start, &after, &closing))
    return;
  while (!closing) {
    part_start = after;
    found = np_next_delimiter(body, len, part_start, boundary, &start, &after,
                              &closing);
    part_end = found ? start : len;
    if (found && part_end > part_start && body[part_end - 1] == '\n')
      part_end--;
    if (found && part_end > part_start && body[part_end - 1] == '\r')
      part_end--;
    if (part_end < part_start)
      part_end = part_start;
    if (np_read_headers(body + part_start, part_end - part_start, 0, &h,
                        &offset) == 0) {
      np_read_entity(m, &h, body + part_start + offset,
                     part_end - part_start - offset, depth);
      np_mime_headers_clear(&h);
    } else {
      np_mhtml_warn(m,
                    "a part whose headers are longer than %zu bytes is "
                    "left out",
                    NP_MHTML_HEADER_MAX);
    }
    if (!found) {
      m->truncated = 1;
      break;
    }
  }
}

/* Nonzero for the media types of an HTML page. */
static int np_is_html_mime(const char *mime) {
  return strcmp(mime, "text/html") == 0 ||
         strcmp(mime, "application/xhtml+xml") == 0;
}

/* Returns the index of the root part, or -1 when there is no HTML part.
 * start is the message's start parameter, type its type parameter (either
 * may be NULL). */
static long np_find_root(const np_mhtml *m, const char *start,
                         const char *type) {
  char *id = NULL;
  size_t i, len;
  long root = -1;

  if (start && *start) {
    len = strlen(start);
    id = start[0] == '<' && len >= 2 && start[len - 1] == '>'
             ? np_trimmed(start + 1, len - 2)
             : np_xstrdup(start);
    for (i = 0; i < m->n_parts && root < 0; i++) {
      if (m->parts[i].content_id && strcmp(m->parts[i].content_id, id) == 0 &&
          np_is_html_mime(m->parts[i].mime))
        root = (long)i;
    }
  }
  for (i = 0; i < m->n_parts && root < 0 && type; i++) {
    if (g_ascii_strcasecmp(m->parts[i].mime, type) == 0 &&
        np_is_html_mime(m->parts[i].mime))
      root = (long)i;
  }
  for (i = 0; i < m->n_parts && root < 0; i++) {
    if (np_is_html_mime(m->parts[i].mime))
      root = (long)i;
  }
  free(id);
  return root;
}

/* Nonzero when url is an absolute http or https URL. */
static int np_is_web_url(const char *url) {
  return url && (g_ascii_strncasecmp(url, "http://", 7) == 0 ||
                 g_ascii_strncasecmp(url, "https://", 8) == 0);
}

/* Returns ref without its fragment, as a g_malloc string. */
static char *np_without_fragment(const char *ref) {
  return g_strndup(ref, strcspn(ref, "#"));
}

/* Resolves ref against the base of m; a g_malloc string, or NULL. */
static char *np_mhtml_resolve(const np_mhtml *m, const char *ref) {
  if (!m->base)
    return NULL;
  return np_url_resolve(m->base, ref);
}

/* Indexes key (a g_malloc string taken over) for part i unless a part
 * already holds it. */
static void np_index_key(np_mhtml *m, char *key, size_t i) {
  if (!key || !*key || g_hash_table_contains(m->index, key))
    g_free(key);
  else
    g_hash_table_insert(m->index, key, GSIZE_TO_POINTER(i + 1));
}

/* Builds the index of the parts by location and Content-ID. */
static void np_build_index(np_mhtml *m) {
  size_t i;
  char *plain;

  m->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (i = 0; i < m->n_parts; i++) {
    const np_mhtml_part *part = &m->parts[i];

    if (part->content_id)
      np_index_key(m, g_strconcat("cid:", part->content_id, NULL), i);
    if (!part->location)
      continue;
    plain = np_without_fragment(part->location);
    np_index_key(m, g_strdup(plain), i);
    np_index_key(m, np_mhtml_resolve(m, plain), i);
    g_free(plain);
  }
}

/* Adds the warnings of the whole read. */
static void np_final_warnings(np_mhtml *m) {
  if (m->truncated)
    np_mhtml_warn(m, "the archive ends without its closing boundary: it may "
                     "be cut short");
  if (m->dropped_parts)
    np_mhtml_warn(m, "%zu parts past the first %d are left out",
                  m->dropped_parts, NP_MHTML_MAX_PARTS);
  if (m->dropped_warnings) {
    /* the last slot is kept for this one */
    m->warnings[m->n_warnings++] = g_strdup_printf(
        "%zu more warnings about the archive", m->dropped_warnings);
  }
}

int np_mhtml_sniff(const char *bytes, size_t len) {
  np_mime_headers h;
  size_t body = 0;
  char *mime;
  int yes;

  if (np_read_headers(bytes, len, 1, &h, &body) != 0)
    return 0;
  mime = np_content_mime(h.content_type);
  yes = h.content_type && (strcmp(mime, "multipart/related") == 0 ||
                           (h.mime_version && np_is_html_mime(mime)));
  free(mime);
  np_mime_headers_clear(&h);
  return yes;
}

np_status np_mhtml_parse(const char *name, const char *bytes, size_t len,
                         np_mhtml **out, np_error *err) {
  np_mhtml *m = np_xcalloc(1, sizeof *m);
  np_mime_headers h = {0};
  size_t body = 0;
  char *mime = NULL, *boundary = NULL, *start = NULL, *type = NULL;
  const np_mhtml_part *root;
  long root_index;
  np_status status = NP_OK;

  *out = NULL;
  if (np_read_headers(bytes, len, 1, &h, &body) != 0) {
    status = np_error_set(
        err, NP_ERR_IO, "%s: not an MHTML archive: no MIME header block", name);
    goto done;
  }
  mime = np_content_mime(h.content_type);
  if (g_str_has_prefix(mime, "multipart/")) {
    boundary = np_content_param(h.content_type, "boundary");
    if (!boundary || !*boundary || strlen(boundary) > NP_MHTML_BOUNDARY_MAX) {
      status = np_error_set(
          err, NP_ERR_IO, "%s: MHTML archive without a usable boundary", name);
      goto done;
    }
    start = np_content_param(h.content_type, "start");
    type = np_content_param(h.content_type, "type");
    np_read_multipart(m, bytes + body, len - body, boundary, 1);
  } else {
    np_read_entity(m, &h, bytes + body, len - body, 0);
  }
  root_index = np_find_root(m, start, type);
  if (root_index < 0) {
    status = np_error_set(err, NP_ERR_IO,
                          "%s: the MHTML archive holds no HTML part", name);
    goto done;
  }
  m->root = (size_t)root_index;
  root = &m->parts[m->root];
  m->snapshot_location =
      h.snapshot_location ? np_xstrdup(h.snapshot_location) : NULL;
  if (np_is_web_url(root->location))
    m->page_url = np_xstrdup(root->location);
  else if (np_is_web_url(m->snapshot_location))
    m->page_url = np_xstrdup(m->snapshot_location);
  m->base = np_xstrdup(root->location ? root->location : m->snapshot_location);
  np_build_index(m);
  np_final_warnings(m);
  *out = m;
  m = NULL;
done:
  free(mime);
  free(boundary);
  free(start);
  free(type);
  np_mime_headers_clear(&h);
  np_mhtml_free(m);
  return status;
}

const np_mhtml_part *np_mhtml_root(const np_mhtml *m) {
  return &m->parts[m->root];
}

const char *np_mhtml_page_url(const np_mhtml *m) { return m->page_url; }

const np_mhtml_part *np_mhtml_find(const np_mhtml *m, const char *ref) {
  char *key = NULL, *resolved = NULL;
  gpointer hit = NULL;

  if (!ref || !*ref || !m->index)
    return NULL;
  if (g_ascii_strncasecmp(ref, "cid:", 4) == 0) {
    char *id = g_uri_unescape_string(ref + 4, NULL);

    key = g_strconcat("cid:", id ? id : ref + 4, NULL);
    g_free(id);
    hit = g_hash_table_lookup(m->index, key);
    goto done;
  }
  key = np_without_fragment(ref);
  hit = g_hash_table_lookup(m->index, key);
  if (!hit && (resolved = np_mhtml_resolve(m, key)) != NULL)
    hit = g_hash_table_lookup(m->index, resolved);
done:
  g_free(resolved);
  g_free(key);
  return hit ? &m->parts[GPOINTER_TO_SIZE(hit) - 1] : NULL;
}

size_t np_mhtml_count(const np_mhtml *m) { return m->n_parts; }

const np_mhtml_part *np_mhtml_part_at(const np_mhtml *m, size_t i) {
  return &m->parts[i];
}

const char *const *np_mhtml_warnings(const np_mhtml *m, size_t *n_warnings) {
  *n_warnings = m->n_warnings;
  return (const char *const *)m->warnings;
}

void np_mhtml_free(np_mhtml *m) {
  size_t i;

  if (!m)
    return;
  for (i = 0; i < m->n_parts; i++)
    np_part_clear(&m->parts[i]);
  for (i = 0; i < m->n_warnings; i++)
    g_free(m->warnings[i]);
  free(m->warnings);
  free(m->parts);
  free(m->snapshot_location);
  free(m->page_url);
  free(m->base);
  if (m->index)
    g_hash_table_destroy(m->index);
  free(m);
}

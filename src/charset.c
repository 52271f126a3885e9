/* charset.c: decides the character encoding of a saved page (BOM, <meta>
 * prescan, UTF-8 validity) and converts it to UTF-8 with GLib's iconv. */
#include "charset.h"

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <string.h>

/* Bytes at the start of a page searched for a <meta> charset declaration;
 * the HTML standard says 1024, saved pages often need more. */
#define NP_PRESCAN_BYTES 8192

/* Size of the output chunk handed to iconv at a time. */
#define NP_ICONV_CHUNK 16384

/* The replacement character U+FFFD in UTF-8. */
#define NP_REPLACEMENT "\xEF\xBF\xBD"

/* An encoding: its canonical (WHATWG) name and the name iconv knows it by. */
typedef struct {
  const char *name;
  const char *iconv;
} np_encoding;

static const np_encoding np_utf8 = {"UTF-8", "UTF-8"};
static const np_encoding np_windows_1252 = {"windows-1252", "WINDOWS-1252"};
static const np_encoding np_utf16le = {"UTF-16LE", "UTF-16LE"};
static const np_encoding np_utf16be = {"UTF-16BE", "UTF-16BE"};

/* Labels of the WHATWG Encoding standard, mapped to the encoding a browser
 * uses for them; iconv names are supersets where browsers use one (GB18030
 * for GBK, CP932 for Shift_JIS, CP949 for EUC-KR). UTF-16 labels in a
 * <meta> mean UTF-8, as the HTML standard says. */
static const struct {
  const char *label;
  np_encoding enc;
} np_labels[] = {
    {"utf-8", {"UTF-8", "UTF-8"}},
    {"utf8", {"UTF-8", "UTF-8"}},
    {"unicode-1-1-utf-8", {"UTF-8", "UTF-8"}},
    {"unicode11utf8", {"UTF-8", "UTF-8"}},
    {"unicode20utf8", {"UTF-8", "UTF-8"}},
    {"x-unicode20utf8", {"UTF-8", "UTF-8"}},
    {"utf-16", {"UTF-8", "UTF-8"}},
    {"utf-16le", {"UTF-8", "UTF-8"}},
    {"utf-16be", {"UTF-8", "UTF-8"}},
    {"unicode", {"UTF-8", "UTF-8"}},
    {"ucs-2", {"UTF-8", "UTF-8"}},
    {"csunicode", {"UTF-8", "UTF-8"}},
    {"iso-10646-ucs-2", {"UTF-8", "UTF-8"}},
    {"unicodefeff", {"UTF-8", "UTF-8"}},
    {"unicodefffe", {"UTF-8", "UTF-8"}},
    {"x-user-defined", {"windows-1252", "WINDOWS-1252"}},
    {"ascii", {"windows-1252", "WINDOWS-1252"}},
    {"us-ascii", {"windows-1252", "WINDOWS-1252"}},
    {"ansi_x3.4-1968", {"windows-1252", "WINDOWS-1252"}},
    {"iso-8859-1", {"windows-1252", "WINDOWS-1252"}},
    {"iso8859-1", {"windows-1252", "WINDOWS-1252"}},
    {"iso88591", {"windows-1252", "WINDOWS-1252"}},
    {"iso_8859-1", {"windows-1252", "WINDOWS-1252"}},
    {"iso_8859-1:1987", {"windows-1252", "WINDOWS-1252"}},
    {"iso-ir-100", {"windows-1252", "WINDOWS-1252"}},
    {"latin1", {"windows-1252", "WINDOWS-1252"}},
    {"l1", {"windows-1252", "WINDOWS-1252"}},
    {"cp819", {"windows-1252", "WINDOWS-1252"}},
    {"ibm819", {"windows-1252", "WINDOWS-1252"}},
    {"csisolatin1", {"windows-1252", "WINDOWS-1252"}},
    {"cp1252", {"windows-1252", "WINDOWS-1252"}},
    {"x-cp1252", {"windows-1252", "WINDOWS-1252"}},
    {"windows-1252", {"windows-1252", "WINDOWS-1252"}},
    {"iso-8859-9", {"windows-1254", "WINDOWS-1254"}},
    {"iso8859-9", {"windows-1254", "WINDOWS-1254"}},
    {"iso_8859-9", {"windows-1254", "WINDOWS-1254"}},
    {"latin5", {"windows-1254", "WINDOWS-1254"}},
    {"l5", {"windows-1254", "WINDOWS-1254"}},
    {"tis-620", {"windows-874", "CP874"}},
    {"iso-8859-11", {"windows-874", "CP874"}},
    {"dos-874", {"windows-874", "CP874"}},
    {"windows-874", {"windows-874", "CP874"}},
    {"latin2", {"ISO-8859-2", "ISO-8859-2"}},
    {"l2", {"ISO-8859-2", "ISO-8859-2"}},
    {"latin3", {"ISO-8859-3", "ISO-8859-3"}},
    {"l3", {"ISO-8859-3", "ISO-8859-3"}},
    {"latin4", {"ISO-8859-4", "ISO-8859-4"}},
    {"l4", {"ISO-8859-4", "ISO-8859-4"}},
    {"cyrillic", {"ISO-8859-5", "ISO-8859-5"}},
    {"arabic", {"ISO-8859-6", "ISO-8859-6"}},
    {"greek", {"ISO-8859-7", "ISO-8859-7"}},
    {"greek8", {"ISO-8859-7", "ISO-8859-7"}},
    {"hebrew", {"ISO-8859-8", "ISO-8859-8"}},
    {"visual", {"ISO-8859-8", "ISO-8859-8"}},
    {"iso-8859-8-i", {"ISO-8859-8-I", "ISO-8859-8"}},
    {"csiso88598i", {"ISO-8859-8-I", "ISO-8859-8"}},
    {"logical", {"ISO-8859-8-I", "ISO-8859-8"}},
    {"latin6", {"ISO-8859-10", "ISO-8859-10"}},
    {"l6", {"ISO-8859-10", "ISO-8859-10"}},
    {"latin9", {"ISO-8859-15", "ISO-8859-15"}},
    {"koi8-r", {"KOI8-R", "KOI8-R"}},
    {"koi8_r", {"KOI8-R", "KOI8-R"}},
    {"koi8", {"KOI8-R", "KOI8-R"}},
    {"koi", {"KOI8-R", "KOI8-R"}},
    {"cskoi8r", {"KOI8-R", "KOI8-R"}},
    {"koi8-u", {"KOI8-U", "KOI8-U"}},
    {"koi8-ru", {"KOI8-U", "KOI8-U"}},
    {"ibm866", {"IBM866", "CP866"}},
    {"866", {"IBM866", "CP866"}},
    {"cp866", {"IBM866", "CP866"}},
    {"csibm866", {"IBM866", "CP866"}},
    {"macintosh", {"macintosh", "MACINTOSH"}},
    {"mac", {"macintosh", "MACINTOSH"}},
    {"x-mac-roman", {"macintosh", "MACINTOSH"}},
    {"csmacintosh", {"macintosh", "MACINTOSH"}},
    {"gbk", {"GBK", "GB18030"}},
    {"gb2312", {"GBK", "GB18030"}},
    {"gb_2312", {"GBK", "GB18030"}},
    {"gb_2312-80", {"GBK", "GB18030"}},
    {"chinese", {"GBK", "GB18030"}},
    {"csgb2312", {"GBK", "GB18030"}},
    {"csiso58gb231280", {"GBK", "GB18030"}},
    {"iso-ir-58", {"GBK", "GB18030"}},
    {"x-gbk", {"GBK", "GB18030"}},
    {"cp936", {"GBK", "GB18030"}},
    {"ms936", {"GBK", "GB18030"}},
    {"windows-936", {"GBK", "GB18030"}},
    {"gb18030", {"gb18030", "GB18030"}},
    {"big5", {"Big5", "BIG5-HKSCS"}},
    {"big5-hkscs", {"Big5", "BIG5-HKSCS"}},
    {"cn-big5", {"Big5", "BIG5-HKSCS"}},
    {"csbig5", {"Big5", "BIG5-HKSCS"}},
    {"x-x-big5", {"Big5", "BIG5-HKSCS"}},
    {"shift_jis", {"Shift_JIS", "CP932"}},
    {"shift-jis", {"Shift_JIS", "CP932"}},
    {"sjis", {"Shift_JIS", "CP932"}},
    {"x-sjis", {"Shift_JIS", "CP932"}},
    {"ms_kanji", {"Shift_JIS", "CP932"}},
    {"csshiftjis", {"Shift_JIS", "CP932"}},
    {"ms932", {"Shift_JIS", "CP932"}},
    {"windows-31j", {"Shift_JIS", "CP932"}},
    {"cp932", {"Shift_JIS", "CP932"}},
    {"euc-jp", {"EUC-JP", "EUC-JP"}},
    {"x-euc-jp", {"EUC-JP", "EUC-JP"}},
    {"cseucpkdfmtjapanese", {"EUC-JP", "EUC-JP"}},
    {"iso-2022-jp", {"ISO-2022-JP", "ISO-2022-JP"}},
    {"csiso2022jp", {"ISO-2022-JP", "ISO-2022-JP"}},
    {"euc-kr", {"EUC-KR", "CP949"}},
    {"cseuckr", {"EUC-KR", "CP949"}},
    {"korean", {"EUC-KR", "CP949"}},
    {"ks_c_5601-1987", {"EUC-KR", "CP949"}},
    {"ks_c_5601-1989", {"EUC-KR", "CP949"}},
    {"ksc5601", {"EUC-KR", "CP949"}},
    {"ksc_5601", {"EUC-KR", "CP949"}},
    {"csksc56011987", {"EUC-KR", "CP949"}},
    {"iso-ir-149", {"EUC-KR", "CP949"}},
    {"windows-949", {"EUC-KR", "CP949"}},
};

/* Finds the encoding a label names, writing it to out: a label of the
 * table, a windows-125N, cpN or ISO-8859-N label, or another name iconv
 * knows (except UTF-7, which browsers refuse). Returns 0 when unknown. */
static int np_encoding_for_label(const char *label, np_encoding *out,
                                 char *iconv_buf, size_t iconv_size) {
  static const char *const windows_prefixes[] = {"windows-125", "x-cp125",
                                                 "cp125"};
  static const char *const iso_prefixes[] = {"iso-8859-", "iso8859-",
                                             "iso_8859-", "iso8859"};
  GIConv cd;
  size_t i, n;
  unsigned long part;
  char *end;

  for (i = 0; i < G_N_ELEMENTS(np_labels); i++) {
    if (strcmp(label, np_labels[i].label) == 0) {
      *out = np_labels[i].enc;
      return 1;
    }
  }
  for (i = 0; i < G_N_ELEMENTS(windows_prefixes); i++) {
    n = strlen(windows_prefixes[i]);
    if (strncmp(label, windows_prefixes[i], n) == 0 && label[n] >= '0' &&
        label[n] <= '8' && label[n + 1] == '\0') {
      g_snprintf(iconv_buf, iconv_size, "windows-125%c", label[n]);
      out->name = iconv_buf;
      out->iconv = iconv_buf;
      return 1;
    }
  }
  for (i = 0; i < G_N_ELEMENTS(iso_prefixes); i++) {
    n = strlen(iso_prefixes[i]);
    if (strncmp(label, iso_prefixes[i], n) == 0 && g_ascii_isdigit(label[n])) {
      part = strtoul(label + n, &end, 10);
      if ((*end && *end != ':') || part < 2 || part > 16)
        return 0;
      g_snprintf(iconv_buf, iconv_size, "ISO-8859-%lu", part);
      out->name = iconv_buf;
      out->iconv = iconv_buf;
      return 1;
    }
  }
  if (strstr(label, "utf-7") || strstr(label, "utf7"))
    return 0;
  cd = g_iconv_open("UTF-8", label);
  if (cd == (GIConv)-1)
    return 0;
  g_iconv_close(cd);
  g_snprintf(iconv_buf, iconv_size, "%s", label);
  out->name = iconv_buf;
  out->iconv = iconv_buf;
  return 1;
}

static int np_is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Case-insensitive test that the n bytes at p (of end) start with s. */
static int np_starts(const char *p, const char *end, const char *s) {
  size_t n = strlen(s);

  return (size_t)(end - p) >= n && g_ascii_strncasecmp(p, s, n) == 0;
}

/* One attribute read by the prescan: name and value lowercased, as
 * bounded copies. */
typedef struct {
  char name[32];
  char value[256];
} np_attr;

/* Copies the n bytes at s lowercased into dst of size bytes (truncated). */
static void np_copy_lower(char *dst, size_t size, const char *s, size_t n) {
  size_t i;

  if (n >= size)
    n = size - 1;
  for (i = 0; i < n; i++)
    dst[i] = g_ascii_tolower(s[i]);
  dst[n] = '\0';
}

/* The "get an attribute" step of the prescan: reads one attribute at *pp,
 * advancing it; returns 0 at the end of the tag or of the input. */
static int np_get_attr(const char **pp, const char *end, np_attr *a) {
  const char *p = *pp, *start;
  char quote;

  while (p < end && (np_is_space(*p) || *p == '/'))
    p++;
  if (p >= end || *p == '>') {
    *pp = p;
    return 0;
  }
  start = p;
  p++; /* the first character may be '=' */
  while (p < end && *p != '=' && !np_is_space(*p) && *p != '/' && *p != '>')
    p++;
  np_copy_lower(a->name, sizeof a->name, start, (size_t)(p - start));
  a->value[0] = '\0';
  while (p < end && np_is_space(*p))
    p++;
  if (p >= end || *p != '=') {
    *pp = p;
    return 1;
  }
  p++;
  while (p < end && np_is_space(*p))
    p++;
  if (p < end && (*p == '"' || *p == '\'')) {
    quote = *p++;
    start = p;
    while (p < end && *p != quote)
      p++;
    np_copy_lower(a->value, sizeof a->value, start, (size_t)(p - start));
    if (p < end)
      p++;
  } else {
    start = p;
    while (p < end && !np_is_space(*p) && *p != '>')
      p++;
    np_copy_lower(a->value, sizeof a->value, start, (size_t)(p - start));
  }
  *pp = p;
  return 1;
}

/* Extracts the charset from a Content-Type value ("text/html;
 * charset=x") into out; returns 0 when there is none. */
static int np_charset_from_content(const char *content, char *out,
                                   size_t size) {
  const char *p = content, *start;
  char quote = 0;

  while ((p = strstr(p, "charset")) != NULL) {
    p += strlen("charset");
    while (np_is_space(*p))
      p++;
    if (*p != '=')
      continue;
    p++;
    while (np_is_space(*p))
      p++;
    if (*p == '"' || *p == '\'')
      quote = *p++;
    start = p;
    while (*p && (quote ? *p != quote : !np_is_space(*p) && *p != ';'))
      p++;
    if ((quote && !*p) || p == start || (size_t)(p - start) >= size)
      return 0;
    memcpy(out, start, (size_t)(p - start));
    out[p - start] = '\0';
    return 1;
  }
  return 0;
}

int np_charset_prescan(const char *bytes, size_t len, char *out,
                       size_t out_size) {
  const char *p = bytes,
             *end = bytes + (len < NP_PRESCAN_BYTES ? len : NP_PRESCAN_BYTES);
  const char *close;
  char charset[NP_CHARSET_NAME_MAX];
  np_attr a;
  int got_pragma, need_pragma; /* need_pragma: -1 unset, 0 no, 1 yes */

  while (p < end) {
    if (np_starts(p, end, "<!--")) {
      close = g_strstr_len(p + 2, end - p - 2, "-->");
      if (!close)
        break;
      p = close + 3;
    } else if (np_starts(p, end, "<meta") && p + 5 < end &&
               (np_is_space(p[5]) || p[5] == '/')) {
      p += 5;
      got_pragma = 0;
      need_pragma = -1;
      charset[0] = '\0';
      while (np_get_attr(&p, end, &a)) {
        if (strcmp(a.name, "http-equiv") == 0) {
          if (strcmp(a.value, "content-type") == 0)
            got_pragma = 1;
        } else if (strcmp(a.name, "content") == 0) {
          if (need_pragma == -1 &&
              np_charset_from_content(a.value, charset, sizeof charset))
            need_pragma = 1;
        } else if (strcmp(a.name, "charset") == 0 && need_pragma == -1 &&
                   strlen(a.value) < sizeof charset) {
          g_strlcpy(charset, a.value, sizeof charset);
          need_pragma = 0;
        }
      }
      g_strstrip(charset);
      if (need_pragma == -1 || (need_pragma == 1 && !got_pragma) ||
          !charset[0] || strlen(charset) >= out_size)
        continue;
      memcpy(out, charset, strlen(charset) + 1);
      return 1;
    } else if (p + 1 < end && p[0] == '<' &&
               (g_ascii_isalpha(p[1]) ||
                (p[1] == '/' && p + 2 < end && g_ascii_isalpha(p[2])))) {
      while (p < end && !np_is_space(*p) && *p != '>')
        p++;
      while (np_get_attr(&p, end, &a))
        ;
    } else if (p + 1 < end && p[0] == '<' &&
               (p[1] == '!' || p[1] == '/' || p[1] == '?')) {
      close = memchr(p, '>', (size_t)(end - p));
      if (!close)
        break;
      p = close + 1;
    } else {
      p++;
    }
  }
  return 0;
}

/* Returns the first byte of the len bytes at bytes that is NUL or does not
 * start a valid UTF-8 sequence, or bytes + len: g_utf8_validate_len, with
 * runs of ASCII taken eight bytes at a time (most of a page is ASCII). */
static const char *np_utf8_stop(const char *bytes, size_t len) {
  const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
  const char *p = bytes, *end = bytes + len;

  while (p < end) {
    unsigned char b = (unsigned char)*p;
    gunichar c;

    if ((size_t)(end - p) >= sizeof(uint64_t)) {
      uint64_t w;

      memcpy(&w, p, sizeof w);
      /* no byte above 0x7F and none zero */
      if (!(w & high) && !((w - ones) & ~w & high)) {
        p += sizeof w;
        continue;
      }
    }
    if (b < 0x80) {
      if (b == 0)
        return p;
      p++;
      continue;
    }
    c = g_utf8_get_char_validated(p, (gssize)(end - p));
    if (c == (gunichar)-1 || c == (gunichar)-2)
      return p;
    p = g_utf8_next_char(p);
  }
  return end;
}

/* Nonzero when the bytes are valid UTF-8, NUL bytes allowed. */
static int np_is_utf8(const char *bytes, size_t len) {
  const char *p = bytes, *end = bytes + len, *stop;

  while (p < end) {
    stop = np_utf8_stop(p, (size_t)(end - p));
    if (stop == end)
      return 1;
    if (*stop != '\0')
      return 0;
    p = stop + 1;
  }
  return 1;
}

/* Appends len bytes already known to be valid UTF-8 to buf, each NUL
 * replaced with U+FFFD: np_add_utf8 without validating a second time. */
static void np_add_valid_utf8(np_buf *buf, const char *bytes, size_t len) {
  const char *p = bytes, *end = bytes + len, *nul;

  while (p < end && (nul = memchr(p, '\0', (size_t)(end - p))) != NULL) {
    np_buf_add(buf, p, (size_t)(nul - p));
    np_buf_puts(buf, NP_REPLACEMENT);
    p = nul + 1;
  }
  np_buf_add(buf, p, (size_t)(end - p));
}

/* Appends len bytes of UTF-8 to buf, replacing each invalid byte and each
 * NUL with U+FFFD. */
static void np_add_utf8(np_buf *buf, const char *bytes, size_t len) {
  const char *p = bytes, *end = bytes + len, *stop;

  while (p < end) {
    stop = np_utf8_stop(p, (size_t)(end - p));
    np_buf_add(buf, p, (size_t)(stop - p));
    if (stop >= end)
      break;
    np_buf_puts(buf, NP_REPLACEMENT);
    p = stop + 1;
  }
}

/* Converts len bytes from enc to UTF-8 into buf, chunk by chunk: a byte
 * iconv cannot read becomes U+FFFD and the conversion goes on after it.
 * Returns 0 when iconv does not know enc. */
static int np_convert(np_buf *buf, const np_encoding *enc, const char *bytes,
                      size_t len) {
  char chunk[NP_ICONV_CHUNK];
  gchar *in = (gchar *)bytes, *outp;
  gsize in_left = len, out_left, done, skip;
  gsize unit = g_str_has_prefix(enc->iconv, "UTF-16") ? 2 : 1;
  GIConv cd;
  np_buf raw = NP_BUF_INIT;

  cd = g_iconv_open("UTF-8", enc->iconv);
  if (cd == (GIConv)-1)
    return 0;
  while (in_left > 0) {
    outp = chunk;
    out_left = sizeof chunk;
    done = g_iconv(cd, &in, &in_left, &outp, &out_left);
    np_buf_add(&raw, chunk, sizeof chunk - out_left);
    if (done != (gsize)-1 || errno == E2BIG)
      continue;
    /* EILSEQ or EINVAL: one unreadable code unit */
    np_buf_puts(&raw, NP_REPLACEMENT);
    skip = unit < in_left ? unit : in_left;
    in += skip;
    in_left -= skip;
  }
  outp = chunk;
  out_left = sizeof chunk;
  g_iconv(cd, NULL, NULL, &outp, &out_left);
  np_buf_add(&raw, chunk, sizeof chunk - out_left);
  g_iconv_close(cd);
  np_add_utf8(buf, raw.data ? raw.data : "", raw.len);
  np_buf_free(&raw);
  return 1;
}

/* Returns nonzero when the len bytes at bytes hold at least one valid
 * multi-byte UTF-8 sequence. */
static int np_has_utf8_sequence(const char *bytes, size_t len) {
  const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
  gunichar c;

  for (; p < end; p++) {
    if (*p < 0xC2 || *p > 0xF4)
      continue;
    c = g_utf8_get_char_validated((const char *)p, (gssize)(end - p));
    if (c != (gunichar)-1 && c != (gunichar)-2)
      return 1;
  }
  return 0;
}

/* Copies an encoding label to out (out_size bytes) as labels are compared:
 * without surrounding white space, lowercased; "" when it does not fit. */
static void np_label_copy(const char *label, char *out, size_t out_size) {
  size_t len;

  while (g_ascii_isspace(*label))
    label++;
  len = strlen(label);
  while (len > 0 && g_ascii_isspace(label[len - 1]))
    len--;
  if (len >= out_size)
    len = 0;
  for (size_t i = 0; i < len; i++)
    out[i] = g_ascii_tolower(label[i]);
  out[len] = '\0';
}

np_status np_charset_to_utf8(const char *name, const char *bytes, size_t len,
                             char **out, size_t *out_len, np_charset_info *info,
                             np_error *err) {
  return np_charset_to_utf8_as(name, bytes, len, NULL, out, out_len, info, err);
}

np_status np_charset_to_utf8_as(const char *name, const char *bytes, size_t len,
                                const char *transport, char **out,
                                size_t *out_len, np_charset_info *info,
                                np_error *err) {
  np_charset_info local;
  np_charset_source declared_by = NP_CHARSET_FROM_META;
  np_encoding enc = np_utf8;
  char declared[NP_CHARSET_NAME_MAX] = "", iconv_name[NP_CHARSET_NAME_MAX];
  np_buf buf = NP_BUF_INIT;
  np_status status = NP_OK;
  const unsigned char *b = (const unsigned char *)bytes;
  int known = 0, valid = 0;

  if (!info)
    info = &local;
  memset(info, 0, sizeof *info);
  *out = NULL;
  *out_len = 0;
  if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
    bytes += 3;
    len -= 3;
    info->source = NP_CHARSET_FROM_BOM;
  } else if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
    enc = np_utf16le;
    bytes += 2;
    len -= 2;
    info->source = NP_CHARSET_FROM_BOM;
  } else if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
    enc = np_utf16be;
    bytes += 2;
    len -= 2;
    info->source = NP_CHARSET_FROM_BOM;
  } else {
    if (transport)
      np_label_copy(transport, declared, sizeof declared);
    if (*declared &&
        np_encoding_for_label(declared, &enc, iconv_name, sizeof iconv_name)) {
      known = 1;
      declared_by = NP_CHARSET_FROM_TRANSPORT;
    } else if (np_charset_prescan(bytes, len, declared, sizeof declared)) {
      known =
          np_encoding_for_label(declared, &enc, iconv_name, sizeof iconv_name);
    }
    if (known && strcmp(enc.iconv, "ISO-2022-JP") == 0 &&
        memchr(bytes, 0x1B, len)) {
      /* a 7-bit encoding is also valid UTF-8: its escapes decide */
      info->source = declared_by;
    } else if ((valid = np_is_utf8(bytes, len)) != 0) {
      info->source = known && strcmp(enc.name, "UTF-8") == 0
                         ? declared_by
                         : NP_CHARSET_FROM_BYTES;
      enc = np_utf8;
    } else if (known && strcmp(enc.name, "UTF-8") == 0 &&
               !np_has_utf8_sequence(bytes, len)) {
      /* UTF-8 declared, but not one byte above ASCII reads as UTF-8: the
       * page is in the legacy default, which loses nothing here */
      info->source = NP_CHARSET_FROM_FALLBACK;
      enc = np_windows_1252;
    } else if (known) {
      info->source = declared_by;
    } else {
      info->source = NP_CHARSET_FROM_FALLBACK;
      enc = np_windows_1252;
    }
  }
  if (valid) {
    np_add_valid_utf8(&buf, bytes, len);
  } else if (strcmp(enc.iconv, "UTF-8") == 0) {
    np_add_utf8(&buf, bytes, len);
  } else if (!np_convert(&buf, &enc, bytes, len)) {
    np_buf_clear(&buf);
    enc = np_windows_1252;
    info->source = NP_CHARSET_FROM_FALLBACK;
    if (!np_convert(&buf, &enc, bytes, len)) {
      status =
          np_error_set(err, NP_ERR_IO, "%s: cannot convert from %s to UTF-8",
                       name ? name : "input", enc.name);
      goto done;
    }
  }
  g_strlcpy(info->name, enc.name, sizeof info->name);
  g_strlcpy(info->declared, declared, sizeof info->declared);
  *out_len = buf.len;
  *out = np_buf_steal(&buf);
done:
  np_buf_free(&buf);
  return status;
}

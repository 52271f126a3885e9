/* test_digest.c: unit tests of the digest plan: duplicates by URL and by
 * text fingerprint, ordering by date, grouping into sections, titles. */
#include <glib.h>
#include <string.h>

#include "digest.h"

/* Words of the generated articles. */
#define WORDS_PER_ARTICLE 300

/* Vocabulary the generated articles draw from. */
static const char *const vocabulary[] = {
    "the",      "council",  "voted",    "on",        "a",          "new",
    "budget",   "for",      "schools",  "and",       "roads",      "after",
    "months",   "of",       "debate",   "residents", "said",       "they",
    "were",     "worried",  "about",    "taxes",     "mayor",      "promised",
    "to",       "review",   "spending", "next",      "year",       "while",
    "teachers", "asked",    "more",     "money",     "classrooms", "bridge",
    "repairs",  "will",     "start",    "in",        "spring",     "officials",
    "expect",   "delays",   "traffic",  "downtown",  "local",      "business",
    "owners",   "welcomed", "plan",     "but",       "critics",    "called",
    "it",       "too",      "late",     "election",  "is",         "coming",
    "campaign", "has",      "begun",    "with",      "rallies",    "across",
    "city",     "weather",  "forecast", "shows",     "rain",       "storm",
    "wind",     "river",    "rose",     "flood",     "warning",    "police",
    "reported", "fewer",    "crimes",   "than",      "last",       "summer",
    "hospital", "opened",   "wing",     "doctors",   "nurses",     "patients",
    "waiting",  "times",    "fell",     "sharply",   "study",      "found",
    "library",  "extended", "hours",    "students",  "families",   "park",
    "festival", "music",    "crowds",   "gathered",  "evening",    "market"};

/* Returns a new text of n words drawn from the vocabulary by a generator
 * seeded with seed (g_free). */
static char *make_words(guint32 seed, size_t n) {
  GRand *rand = g_rand_new_with_seed(seed);
  GString *s = g_string_new(NULL);
  size_t i;

  for (i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c(s, i % 20 == 0 ? '.' : ' ');
    if (i % 20 == 0 && i > 0)
      g_string_append_c(s, ' ');
    g_string_append(s, vocabulary[g_rand_int_range(
                           rand, 0, (gint32)G_N_ELEMENTS(vocabulary))]);
  }
  g_rand_free(rand);
  return g_string_free(s, FALSE);
}

/* Appends a paragraph holding text to doc. */
static void add_paragraph(np_doc *doc, const char *text) {
  np_node *p = np_node_new(doc->arena, NP_NODE_PARAGRAPH);

  g_assert_true(np_node_append(
      p, np_node_new_text(doc->arena, NP_NODE_TEXT, text, strlen(text))));
  g_assert_true(np_node_append(doc->root, p));
}

/* Returns a new document with the given metadata (any may be NULL) and text
 * as one paragraph (NULL: none). */
static np_doc *make_doc(const char *title, const char *url,
                        const char *published, const char *site,
                        const char *text) {
  np_doc *doc = np_doc_new();

  doc->meta.title = np_arena_strdup(doc->arena, title);
  doc->meta.url = np_arena_strdup(doc->arena, url);
  doc->meta.published = np_arena_strdup(doc->arena, published);
  doc->meta.site_name = np_arena_strdup(doc->arena, site);
  if (text)
    add_paragraph(doc, text);
  return doc;
}

/* Releases n documents. */
static void free_docs(np_doc **docs, size_t n) {
  size_t i;

  for (i = 0; i < n; i++)
    np_doc_free(docs[i]);
}

/* Returns the indices of a section as "i,j,k" (g_free). */
static char *section_list(const np_digest_section *s) {
  GString *out = g_string_new(NULL);
  size_t i;

  for (i = 0; i < s->n; i++)
    g_string_append_printf(out, "%s%zu", i ? "," : "", s->indices[i]);
  return g_string_free(out, FALSE);
}

/* Asserts that section i of digest has title and indices (as "i,j,k"). */
static void assert_section(const np_digest *digest, size_t i, const char *title,
                           const char *indices) {
  char *list;

  g_assert_cmpuint(i, <, digest->n_sections);
  g_assert_cmpstr(digest->sections[i].title, ==, title);
  list = section_list(&digest->sections[i]);
  g_assert_cmpstr(list, ==, indices);
  g_free(list);
}

/* Returns the number of bits in which a and b differ. */
static int bits_apart(uint64_t a, uint64_t b) {
  uint64_t x = a ^ b;
  int n = 0;

  for (; x; x &= x - 1)
    n++;
  return n;
}

static void test_duplicate_url(void) {
  np_doc *docs[5];
  np_digest *d;

  docs[0] = make_doc("Storm hits coast",
                     "https://www.example.com/news/story?id=7&utm_source=x",
                     "2017-07-25T10:00:00Z", "Example", "First report.");
  docs[1] = make_doc("Storm hits the coast",
                     "http://WWW.Example.com/news/story/"
                     "?utm_medium=social&id=7#comments",
                     "2017-07-25T11:00:00Z", "Example", "A second copy.");
  docs[2] = make_doc("Another storm", "https://www.example.com/news/story?id=8",
                     "2017-07-25T12:00:00Z", "Example", "Another story.");
  docs[3] = make_doc("Storm, again",
                     "HTTPS://www.example.com:443/news/story?fbclid=abc&id=7"
                     "&gclid=def",
                     "2017-07-25T13:00:00Z", "Example", "A third copy.");
  docs[4] =
      make_doc("Storm elsewhere", "https://www.example.org/news/story?id=7",
               "2017-07-25T14:00:00Z", "Example", "Elsewhere.");
  d = np_digest_plan(docs, 5, NP_GROUP_NONE);
  g_assert_cmpuint(d->n_dropped, ==, 2);
  g_assert_cmpuint(d->dropped[0], ==, 1);
  g_assert_cmpuint(d->dropped[1], ==, 3);
  g_assert_cmpstr(d->reasons[0], ==, "same URL as \"Storm hits coast\"");
  g_assert_cmpstr(d->reasons[1], ==, "same URL as \"Storm hits coast\"");
  g_assert_cmpuint(d->n_sections, ==, 1);
  assert_section(d, 0, NULL, "0,2,4");
  np_digest_free(d);
  free_docs(docs, 5);
}

static void test_duplicate_text(void) {
  char *text = make_words(1, WORDS_PER_ARTICLE);
  char *other = make_words(2, WORDS_PER_ARTICLE);
  char *changed = g_strdup(text);
  char **words = g_strsplit(changed, " ", -1);
  np_doc *docs[3];
  np_digest *d;

  /* two words changed, at a third and two thirds of the article */
  g_free(words[WORDS_PER_ARTICLE / 3]);
  words[WORDS_PER_ARTICLE / 3] = g_strdup("ferry");
  g_free(words[2 * WORDS_PER_ARTICLE / 3]);
  words[2 * WORDS_PER_ARTICLE / 3] = g_strdup("harbour");
  g_free(changed);
  changed = g_strjoinv(" ", words);
  g_assert_cmpstr(changed, !=, text);
  docs[0] = make_doc("Council votes", "https://a.example/1", NULL, NULL, text);
  docs[1] = make_doc("Budget news", "https://b.example/2", NULL, NULL, other);
  docs[2] = make_doc("Council votes (copy)", "https://c.example/3", NULL, NULL,
                     changed);
  g_assert_cmpint(bits_apart(np_digest_fingerprint(docs[0]),
                             np_digest_fingerprint(docs[2])),
                  <=, NP_DIGEST_NEAR_BITS);
  d = np_digest_plan(docs, 3, NP_GROUP_NONE);
  g_assert_cmpuint(d->n_dropped, ==, 1);
  g_assert_cmpuint(d->dropped[0], ==, 2);
  g_assert_cmpstr(d->reasons[0], ==,
                  "nearly the same text as \"Council votes\"");
  assert_section(d, 0, NULL, "0,1");
  np_digest_free(d);
  free_docs(docs, 3);
  g_strfreev(words);
  g_free(changed);
  g_free(other);
  g_free(text);
}

static void test_same_topic_kept(void) {
  static const char *const first =
      "Heavy rain flooded the lower town on Tuesday night as the river broke "
      "its banks for the first time in twenty years. Firefighters rescued "
      "dozens of residents from their homes by boat, and the mayor opened "
      "the sports hall as an emergency shelter. Power was cut in three "
      "districts, and the railway line to the coast stayed closed on "
      "Wednesday while engineers inspected the bridge.";
  static const char *const second =
      "Residents of the lower town began cleaning up on Thursday after the "
      "worst flood in two decades. Insurance companies sent assessors to "
      "count the damage, which the council puts at several million. Shop "
      "owners said the warning came too late to move their stock, and "
      "opposition councillors asked why the flood barrier promised after "
      "the last disaster was never built.";
  np_doc *docs[2];
  np_digest *d;

  docs[0] = make_doc("River floods town", "https://news.example/flood", NULL,
                     "Courier", first);
  docs[1] = make_doc("Clean-up after flood", "https://daily.example/cleanup",
                     NULL, "Daily", second);
  d = np_digest_plan(docs, 2, NP_GROUP_NONE);
  g_assert_cmpuint(d->n_dropped, ==, 0);
  assert_section(d, 0, NULL, "0,1");
  np_digest_free(d);
  free_docs(docs, 2);
}

static void test_tiny_texts_kept(void) {
  static const char *const tiny = "Live updates: the match has started.";
  np_doc *docs[2];
  np_digest *d;

  docs[0] = make_doc("Live 1", "https://a.example/live1", NULL, NULL, tiny);
  docs[1] = make_doc("Live 2", "https://a.example/live2", NULL, NULL, tiny);
  g_assert_cmpuint(np_digest_fingerprint(docs[0]), ==,
                   np_digest_fingerprint(docs[1]));
  d = np_digest_plan(docs, 2, NP_GROUP_NONE);
  g_assert_cmpuint(d->n_dropped, ==, 0);
  assert_section(d, 0, NULL, "0,1");
  np_digest_free(d);
  free_docs(docs, 2);
}

/* Makes the six documents of the ordering tests: undated, dated in UTC,
 * dated with an offset (earlier than the UTC one though a later day), a
 * second undated, one at the same instant as the UTC one, a bare date. */
static void make_dated(np_doc **docs) {
  docs[0] = make_doc("C", NULL, NULL, NULL, "c");
  docs[1] = make_doc("A", NULL, "2017-07-25T23:30:00Z", NULL, "a");
  docs[2] = make_doc("B", NULL, "2017-07-26T01:00:00+03:00", NULL, "b");
  docs[3] = make_doc("E", NULL, "not a date", NULL, "e");
  docs[4] = make_doc("F", NULL, "2017-07-25T23:30:00Z", NULL, "f");
  docs[5] = make_doc("D", NULL, "2017-07-24", NULL, "d");
}

static void test_order(void) {
  np_doc *docs[6];
  np_digest *d;
  char *title;

  make_dated(docs);
  d = np_digest_plan(docs, 6, NP_GROUP_NONE);
  g_assert_cmpuint(d->n_sections, ==, 1);
  assert_section(d, 0, NULL, "5,2,1,4,0,3");
  g_assert_cmpstr(d->first_date, ==, "2017-07-24");
  g_assert_cmpstr(d->last_date, ==, "2017-07-26");
  title = np_digest_title(d);
  g_assert_cmpstr(title, ==, "News digest, 2017-07-24 \u2013 2017-07-26");
  free(title);
  np_digest_free(d);
  free_docs(docs, 6);
}

static void test_group_date(void) {
  np_doc *docs[6];
  np_digest *d;

  make_dated(docs);
  d = np_digest_plan(docs, 6, NP_GROUP_DATE);
  g_assert_cmpuint(d->n_sections, ==, 4);
  assert_section(d, 0, "2017-07-24", "5");
  assert_section(d, 1, "2017-07-25", "1,4");
  assert_section(d, 2, "2017-07-26", "2");
  assert_section(d, 3, "Undated", "0,3");
  np_digest_free(d);
  free_docs(docs, 6);
}

static void test_group_site(void) {
  np_doc *docs[7];
  np_digest *d;

  docs[0] = make_doc("Late planet", NULL, "2017-07-27T08:00:00Z",
                     "Daily Planet", "x");
  docs[1] = make_doc("Gazette", NULL, "2017-07-26T08:00:00Z", "Gazette", "x");
  docs[2] = make_doc("Nowhere", NULL, NULL, NULL, "x");
  docs[3] = make_doc("Hosted", "https://News.Example.org:8080/a?b=c",
                     "2017-07-28T08:00:00Z", NULL, "x");
  docs[4] = make_doc("Early planet", NULL, "2017-07-25T08:00:00Z",
                     "Daily Planet", "x");
  docs[5] = make_doc("Bugle", NULL, "2017-07-26T08:00:00Z", "Bugle", "x");
  docs[6] = make_doc("Undated planet", NULL, NULL, "Daily Planet", "x");
  d = np_digest_plan(docs, 7, NP_GROUP_SITE);
  g_assert_cmpuint(d->n_sections, ==, 5);
  assert_section(d, 0, "Daily Planet", "4,0,6");
  assert_section(d, 1, "Bugle", "5");
  assert_section(d, 2, "Gazette", "1");
  assert_section(d, 3, "news.example.org", "3");
  assert_section(d, 4, "Other", "2");
  np_digest_free(d);
  free_docs(docs, 7);
}

static void test_titles(void) {
  np_doc *docs[2];
  np_digest *d;
  char *title;

  docs[0] = make_doc("One", NULL, "2017-07-26T09:00:00+02:00", NULL, "x");
  docs[1] = make_doc("Two", NULL, "2017-07-26T18:00:00Z", NULL, "y");
  d = np_digest_plan(docs, 2, NP_GROUP_SITE);
  title = np_digest_title(d);
  g_assert_cmpstr(title, ==, "News digest, 2017-07-26");
  free(title);
  np_digest_free(d);
  free_docs(docs, 2);

  docs[0] = make_doc("One", NULL, NULL, NULL, "x");
  d = np_digest_plan(docs, 1, NP_GROUP_DATE);
  g_assert_null(d->first_date);
  g_assert_null(d->last_date);
  assert_section(d, 0, "Undated", "0");
  title = np_digest_title(d);
  g_assert_cmpstr(title, ==, "News digest");
  free(title);
  np_digest_free(d);
  free_docs(docs, 1);

  d = np_digest_plan(NULL, 0, NP_GROUP_NONE);
  g_assert_cmpuint(d->n_sections, ==, 0);
  g_assert_cmpuint(d->n_dropped, ==, 0);
  title = np_digest_title(d);
  g_assert_cmpstr(title, ==, "News digest");
  free(title);
  np_digest_free(d);
}

static void test_fingerprint(void) {
  char *text = make_words(3, WORDS_PER_ARTICLE);
  char *other = make_words(4, WORDS_PER_ARTICLE);
  np_doc *a = make_doc(NULL, NULL, NULL, NULL, text);
  np_doc *b = make_doc(NULL, NULL, NULL, NULL, text);
  np_doc *c = make_doc(NULL, NULL, NULL, NULL, other);
  np_doc *split = np_doc_new();
  np_doc *upper = make_doc(NULL, NULL, NULL, NULL, "Hello world again");
  np_doc *empty = np_doc_new();
  np_node *p = np_node_new(split->arena, NP_NODE_PARAGRAPH);
  np_node *em = np_node_new(split->arena, NP_NODE_EMPH);

  /* the same words split over inline nodes and in another case */
  g_assert_true(np_node_append(
      p, np_node_new_text(split->arena, NP_NODE_TEXT, "hello ", 6)));
  g_assert_true(np_node_append(
      em, np_node_new_text(split->arena, NP_NODE_TEXT, "WORLD", 5)));
  g_assert_true(np_node_append(p, em));
  g_assert_true(np_node_append(
      p, np_node_new_text(split->arena, NP_NODE_TEXT, ", again!", 8)));
  g_assert_true(np_node_append(split->root, p));

  g_assert_cmpuint(np_digest_fingerprint(a), ==, np_digest_fingerprint(b));
  g_assert_cmpint(
      bits_apart(np_digest_fingerprint(a), np_digest_fingerprint(c)), >,
      2 * NP_DIGEST_NEAR_BITS);
  g_assert_cmpuint(np_digest_fingerprint(split), ==,
                   np_digest_fingerprint(upper));
  g_assert_cmpuint(np_digest_fingerprint(empty), ==, 0);
  np_doc_free(a);
  np_doc_free(b);
  np_doc_free(c);
  np_doc_free(split);
  np_doc_free(upper);
  np_doc_free(empty);
  g_free(other);
  g_free(text);
}

static void test_paragraphs_apart(void) {
  np_doc *joined = make_doc(NULL, NULL, NULL, NULL, "one two three four");
  np_doc *split = np_doc_new();
  np_doc *glued = make_doc(NULL, NULL, NULL, NULL, "one twothree four");

  add_paragraph(split, "one two");
  add_paragraph(split, "three four");
  g_assert_cmpuint(np_digest_fingerprint(split), ==,
                   np_digest_fingerprint(joined));
  g_assert_cmpuint(np_digest_fingerprint(split), !=,
                   np_digest_fingerprint(glued));
  np_doc_free(joined);
  np_doc_free(split);
  np_doc_free(glued);
}

static void test_chinese(void) {
  static const char *const weather =
      "今天上午北京市气象台发布暴雨蓝色预警，预计午后到夜间全市将出现大到暴雨，"
      "局部地区伴有雷电和短时大风。交通部门提醒市民尽量减少外出，驾车出行时注意"
      "积水路段，地铁部分线路将延长运营时间。气象专家表示，这次降雨过程持续时间"
      "较长，山区可能发生泥石流和山体滑坡，有关部门已经做好应急准备。";
  static const char *const football =
      "在昨晚结束的足球联赛第二十轮比赛中，上海队在主场以三比一战胜广州队，"
      "继续领跑积分榜。比赛第十分钟，客队率先破门，但主队很快扳平比分。下半场"
      "主队前锋梅开二度，帮助球队锁定胜局。赛后主教练表示，球员们展现了顽强的"
      "斗志，接下来将全力备战下周的亚冠小组赛。";
  np_doc *a = make_doc(NULL, NULL, NULL, NULL, weather);
  np_doc *b = make_doc(NULL, NULL, NULL, NULL, football);
  np_doc *c = make_doc(NULL, NULL, NULL, NULL, weather);
  np_doc *docs[3] = {a, b, c};
  np_digest *d;

  g_assert_cmpint(
      bits_apart(np_digest_fingerprint(a), np_digest_fingerprint(b)), >,
      NP_DIGEST_NEAR_BITS);
  g_assert_cmpuint(np_digest_fingerprint(a), ==, np_digest_fingerprint(c));
  /* bigrams count as words: the copy is long enough to be dropped */
  d = np_digest_plan(docs, 3, NP_GROUP_NONE);
  g_assert_cmpuint(d->n_dropped, ==, 1);
  g_assert_cmpuint(d->dropped[0], ==, 2);
  np_digest_free(d);
  free_docs(docs, 3);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/digest/duplicate-url", test_duplicate_url);
  g_test_add_func("/digest/duplicate-text", test_duplicate_text);
  g_test_add_func("/digest/same-topic-kept", test_same_topic_kept);
  g_test_add_func("/digest/tiny-texts-kept", test_tiny_texts_kept);
  g_test_add_func("/digest/order", test_order);
  g_test_add_func("/digest/group-date", test_group_date);
  g_test_add_func("/digest/group-site", test_group_site);
  g_test_add_func("/digest/titles", test_titles);
  g_test_add_func("/digest/fingerprint", test_fingerprint);
  g_test_add_func("/digest/paragraphs-apart", test_paragraphs_apart);
  g_test_add_func("/digest/chinese", test_chinese);
  return g_test_run();
}

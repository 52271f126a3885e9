/* test_jobs.c: the worker pool of --jobs. */
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jobs.h"

/* How long a rendezvous waits for its peers before it gives up. */
#define RENDEZVOUS_TIMEOUT_US (20 * G_USEC_PER_SEC)

typedef struct {
  const char *dir;
  size_t n;
  int order[16];
  size_t ran;
} ctx_t;

/* Records the order of the calls (meaningful in this process only). */
static int record(size_t index, void *p) {
  ctx_t *c = p;

  c->order[c->ran++] = (int)index;
  return index == 3 ? 7 : 0;
}

static void test_serial(void) {
  ctx_t c = {NULL, 5, {0}, 0};
  int statuses[5];

  g_assert_cmpint(np_jobs_run(5, 1, record, &c, statuses), ==, 7);
  g_assert_cmpuint(c.ran, ==, 5);
  for (int i = 0; i < 5; i++) {
    g_assert_cmpint(c.order[i], ==, i);
    g_assert_cmpint(statuses[i], ==, i == 3 ? 7 : 0);
  }
  /* no items: nothing runs, success */
  g_assert_cmpint(np_jobs_run(0, 4, record, &c, NULL), ==, 0);
}

/* Each item's status is its index modulo 4; item 5 dies of SIGKILL. */
static int status_of(size_t index, void *p) {
  (void)p;
  if (index == 5)
    raise(SIGKILL);
  return (int)(index % 4);
}

static void test_statuses(void) {
  int statuses[8];

  g_assert_cmpint(np_jobs_run(8, 3, status_of, NULL, statuses), ==, 1);
  for (int i = 0; i < 8; i++)
    g_assert_cmpint(statuses[i], ==, i == 5 ? 128 + SIGKILL : i % 4);
}

/* Writes the worker's process id into the file of its item under the
 * folder ctx names; item 4 dies of SIGTERM, item 7 calls exit(42). */
static int note_pid(size_t index, void *p) {
  const ctx_t *c = p;
  char name[32], pid[32];
  char *path;

  if (index == 4)
    raise(SIGTERM);
  if (index == 7)
    exit(42);
  snprintf(name, sizeof name, "pid-%zu", index);
  snprintf(pid, sizeof pid, "%ld", (long)getpid());
  path = g_build_filename(c->dir, name, NULL);
  g_assert_true(g_file_set_contents(path, pid, -1, NULL));
  g_free(path);
  return 0;
}

/* Two workers do twelve items: each takes the next one when done (a few
 * processes, not one per item), and a worker that dies inside an item
 * ends that item only: a new one goes on with the rest. */
static void test_workers_reused(void) {
  char *dir = g_dir_make_tmp("np-jobs-XXXXXX", NULL);
  ctx_t c = {dir, 12, {0}, 0};
  GHashTable *pids =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  int statuses[12];

  g_assert_nonnull(dir);
  g_assert_cmpint(np_jobs_run(12, 2, note_pid, &c, statuses), ==,
                  128 + SIGTERM);
  for (int i = 0; i < 12; i++) {
    char name[32];
    char *path, *pid = NULL;

    g_assert_cmpint(statuses[i], ==, i == 4 ? 128 + SIGTERM : i == 7 ? 42 : 0);
    if (i == 4 || i == 7)
      continue;
    snprintf(name, sizeof name, "pid-%d", i);
    path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_get_contents(path, &pid, NULL, NULL));
    g_hash_table_add(pids, pid);
    g_remove(path);
    g_free(path);
  }
  /* the two first workers, and one more after each death at most */
  g_assert_cmpuint(g_hash_table_size(pids), <=, 4);
  g_hash_table_destroy(pids);
  g_rmdir(dir);
  g_free(dir);
}

/* Marks its start, then waits until every item of the batch has started:
 * returns 0 when they all ran at the same time, 3 when they did not. */
static int rendezvous(size_t index, void *p) {
  const ctx_t *c = p;
  char name[32];
  char *path;
  gint64 until = g_get_monotonic_time() + RENDEZVOUS_TIMEOUT_US;

  snprintf(name, sizeof name, "started-%zu", index);
  path = g_build_filename(c->dir, name, NULL);
  g_assert_true(g_file_set_contents(path, "", 0, NULL));
  g_free(path);
  for (;;) {
    size_t seen = 0;
    for (size_t i = 0; i < c->n; i++) {
      snprintf(name, sizeof name, "started-%zu", i);
      path = g_build_filename(c->dir, name, NULL);
      seen += g_file_test(path, G_FILE_TEST_EXISTS);
      g_free(path);
    }
    if (seen == c->n)
      return 0;
    if (g_get_monotonic_time() > until)
      return 3;
    g_usleep(1000);
  }
}

/* Three items with three workers meet; the parent never runs them itself. */
static void test_parallel(void) {
  char *dir = g_dir_make_tmp("np-jobs-XXXXXX", NULL);
  ctx_t c = {dir, 3, {0}, 0};
  int statuses[3];

  g_assert_nonnull(dir);
  g_assert_cmpint(np_jobs_run(3, 3, rendezvous, &c, statuses), ==, 0);
  for (int i = 0; i < 3; i++) {
    char name[32];
    char *path;
    g_assert_cmpint(statuses[i], ==, 0);
    snprintf(name, sizeof name, "started-%d", i);
    path = g_build_filename(dir, name, NULL);
    g_remove(path);
    g_free(path);
  }
  g_rmdir(dir);
  g_free(dir);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/jobs/serial", test_serial);
  g_test_add_func("/jobs/statuses", test_statuses);
  g_test_add_func("/jobs/parallel", test_parallel);
  g_test_add_func("/jobs/workers-reused", test_workers_reused);
  return g_test_run();
}

/* jobs.c: a pool of forked worker processes; see jobs.h. */
/* for MAP_ANONYMOUS */
#define _DEFAULT_SOURCE

#include "jobs.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base.h"

/* Exit status of an item no process could be made for. */
#define NP_JOBS_FORK_FAILED 1
/* Added to the signal number of a child killed by a signal, as shells do. */
#define NP_JOBS_SIGNAL_BASE 128
/* A worker's current item when it is between items. */
#define NP_JOBS_IDLE SIZE_MAX
/* An item's status before it has one. */
#define NP_JOBS_NO_STATUS (-1)

/* What the parent and its workers share, in memory mapped for all of them:
 * the next item to take, each worker's current item, every item's
 * status. */
typedef struct {
  atomic_size_t *next;
  atomic_size_t *current; /* one per worker slot */
  int *results;           /* one per item */
  void *map;
  size_t map_len;
} np_jobs_shared;

/* Maps the shared memory of n items and jobs workers. Returns nonzero when
 * done. */
static int np_jobs_share(np_jobs_shared *sh, size_t n, size_t jobs) {
  size_t slots = (1 + jobs) * sizeof *sh->current;

  sh->map_len = slots + n * sizeof *sh->results;
  sh->map = mmap(NULL, sh->map_len, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (sh->map == MAP_FAILED) {
    sh->map = NULL;
    return 0;
  }
  sh->next = sh->map;
  sh->current = sh->next + 1;
  sh->results = (int *)(void *)((char *)sh->map + slots);
  atomic_init(sh->next, 0);
  for (size_t s = 0; s < jobs; s++)
    atomic_init(&sh->current[s], NP_JOBS_IDLE);
  for (size_t i = 0; i < n; i++)
    sh->results[i] = NP_JOBS_NO_STATUS;
  return 1;
}

/* Returns the exit status that wait reported in raw. */
static int np_jobs_status(int raw) {
  if (WIFEXITED(raw))
    return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw))
    return NP_JOBS_SIGNAL_BASE + WTERMSIG(raw);
  return NP_JOBS_FORK_FAILED;
}

/* The life of the worker in slot: takes the next item, does it, records
 * its status, until none is left; never returns. */
static void np_jobs_work(np_jobs_shared *sh, size_t slot, size_t n,
                         np_job_fn fn, void *ctx) {
  size_t i;

  while ((i = atomic_fetch_add(sh->next, 1)) < n) {
    atomic_store(&sh->current[slot], i);
    sh->results[i] = fn(i, ctx);
    fflush(stdout);
    fflush(stderr);
    atomic_store(&sh->current[slot], NP_JOBS_IDLE);
  }
  _exit(0);
}

/* Starts the worker of slot. Returns its process id, or -1 (reported)
 * when no process could be made. */
static pid_t np_jobs_spawn(np_jobs_shared *sh, size_t slot, size_t n,
                           np_job_fn fn, void *ctx) {
  pid_t pid;

  fflush(stdout);
  fflush(stderr);
  pid = fork();
  if (pid == 0)
    np_jobs_work(sh, slot, n, fn, ctx);
  if (pid < 0)
    fprintf(stderr, "newsprint: cannot start a worker process: %s\n",
            strerror(errno));
  return pid;
}

/* Runs the n items in up to jobs (at least 2) workers, into sh's results;
 * a worker that dies is replaced while items are left. */
static void np_jobs_pool(np_jobs_shared *sh, size_t n, size_t jobs,
                         np_job_fn fn, void *ctx) {
  pid_t *pids = np_xcalloc(jobs, sizeof *pids);
  /* at most n replacements: a worker that dies inside an item ends that
   * item, so n cover every death there, and the cap ends the pool should
   * workers die before taking any */
  size_t alive = 0, spares = n, s;

  for (s = 0; s < jobs; s++) {
    pids[s] = np_jobs_spawn(sh, s, n, fn, ctx);
    alive += pids[s] > 0;
  }
  while (alive > 0) {
    int raw = 0;
    pid_t pid;
    size_t cur;

    do
      pid = waitpid(-1, &raw, 0);
    while (pid < 0 && errno == EINTR);
    if (pid < 0)
      break; /* no child left: the items without a status fail below */
    for (s = 0; s < jobs && pids[s] != pid; s++)
      ;
    if (s == jobs)
      continue; /* a child that is not ours (none is expected) */
    alive--;
    pids[s] = 0;
    /* a worker that ended inside an item ends that item only */
    cur = atomic_load(&sh->current[s]);
    if (cur != NP_JOBS_IDLE) {
      sh->results[cur] = np_jobs_status(raw);
      atomic_store(&sh->current[s], NP_JOBS_IDLE);
    }
    if (atomic_load(sh->next) < n && spares > 0) {
      spares--;
      pids[s] = np_jobs_spawn(sh, s, n, fn, ctx);
      alive += pids[s] > 0;
    }
  }
  free(pids);
}

int np_jobs_run(size_t n, int jobs, np_job_fn fn, void *ctx, int *statuses) {
  np_jobs_shared sh = {0};
  int *serial = NULL, *results;
  int first = 0;

  if (jobs < 1)
    jobs = 1;
  if (jobs > NP_JOBS_MAX)
    jobs = NP_JOBS_MAX;
  if ((size_t)jobs > n)
    jobs = (int)n;
  if (jobs <= 1 || !np_jobs_share(&sh, n, (size_t)jobs)) {
    serial = np_xcalloc(n + 1, sizeof *serial);
    for (size_t i = 0; i < n; i++)
      serial[i] = fn(i, ctx);
    results = serial;
  } else {
    np_jobs_pool(&sh, n, (size_t)jobs, fn, ctx);
    results = sh.results;
  }
  for (size_t i = 0; i < n; i++) {
    /* taken by a worker that died before it could say so, or never
     * taken: no process could be made for it */
    if (results[i] == NP_JOBS_NO_STATUS)
      results[i] = NP_JOBS_FORK_FAILED;
    if (statuses)
      statuses[i] = results[i];
    if (!first && results[i] != 0)
      first = results[i];
  }
  free(serial);
  if (sh.map)
    munmap(sh.map, sh.map_len);
  return first;
}

/* jobs.c: a pool of forked worker processes; see jobs.h. */
#include "jobs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base.h"

/* Exit status of an item whose process could not be made. */
#define NP_JOBS_FORK_FAILED 1
/* Added to the signal number of a child killed by a signal, as shells do. */
#define NP_JOBS_SIGNAL_BASE 128

/* A running child: its process id and the item it works on. */
typedef struct {
  pid_t pid;
  size_t index;
} np_job;

/* Returns the exit status that wait reported in raw. */
static int np_jobs_status(int raw) {
  if (WIFEXITED(raw))
    return WEXITSTATUS(raw);
  if (WIFSIGNALED(raw))
    return NP_JOBS_SIGNAL_BASE + WTERMSIG(raw);
  return NP_JOBS_FORK_FAILED;
}

/* Waits for one of the n_running children in running, records its status
 * in results and removes it from running; returns the new count. */
static size_t np_jobs_reap(np_job *running, size_t n_running, int *results) {
  int raw = 0;
  pid_t pid;

  do
    pid = waitpid(-1, &raw, 0);
  while (pid < 0 && errno == EINTR);
  if (pid < 0) {
    /* no child left to wait for: count the rest as failed */
    for (size_t k = 0; k < n_running; k++)
      results[running[k].index] = NP_JOBS_FORK_FAILED;
    return 0;
  }
  for (size_t k = 0; k < n_running; k++) {
    if (running[k].pid == pid) {
      results[running[k].index] = np_jobs_status(raw);
      running[k] = running[n_running - 1];
      return n_running - 1;
    }
  }
  return n_running; /* a child that is not ours (none is expected) */
}

int np_jobs_run(size_t n, int jobs, np_job_fn fn, void *ctx, int *statuses) {
  int *results = np_xcalloc(n + 1, sizeof *results);
  np_job *running = NULL;
  size_t n_running = 0, next = 0;
  int first = 0;

  if (jobs < 1)
    jobs = 1;
  if (jobs > NP_JOBS_MAX)
    jobs = NP_JOBS_MAX;
  if (jobs == 1 || n <= 1) {
    for (next = 0; next < n; next++)
      results[next] = fn(next, ctx);
    goto done;
  }
  running = np_xcalloc((size_t)jobs, sizeof *running);
  while (next < n || n_running > 0) {
    while (next < n && n_running < (size_t)jobs) {
      pid_t pid;

      fflush(stdout);
      fflush(stderr);
      pid = fork();
      if (pid == 0) {
        int status = fn(next, ctx);

        fflush(stdout);
        fflush(stderr);
        _exit(status);
      }
      if (pid < 0) {
        fprintf(stderr, "newsprint: cannot start a worker process: %s\n",
                strerror(errno));
        results[next++] = NP_JOBS_FORK_FAILED;
        break;
      }
      running[n_running].pid = pid;
      running[n_running].index = next++;
      n_running++;
    }
    if (n_running > 0)
      n_running = np_jobs_reap(running, n_running, results);
  }
done:
  for (size_t i = 0; i < n; i++) {
    if (statuses)
      statuses[i] = results[i];
    if (!first && results[i] != 0)
      first = results[i];
  }
  free(results);
  free(running);
  return first;
}

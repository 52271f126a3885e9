/* jobs.h: runs independent tasks side by side in worker processes, for
 * `--jobs`: one conversion per input, each in a process of its own (made
 * with fork, so that what the parent has set up is shared copy-on-write),
 * so that tasks share no state and a crash costs one output only. */
#ifndef NP_JOBS_H
#define NP_JOBS_H

#include <stddef.h>

/* Most worker processes at a time. */
#define NP_JOBS_MAX 256

/* A task: does the work of item index and returns its exit status
 * (0..125). Runs in a child process when jobs > 1. */
typedef int (*np_job_fn)(size_t index, void *ctx);

/* Runs fn(i, ctx) for every i in [0, n), at most jobs at a time (clamped
 * to 1..NP_JOBS_MAX; 1 runs them here, one after another, in index order).
 * stdout and stderr are flushed before each fork. When statuses is not
 * NULL, statuses[i] receives the exit status of item i: fn's result, 128 +
 * the signal for a child killed by one, or 1 when no process could be made
 * for it. Returns the status of the first item (in index order) that did
 * not end with 0, or 0 when all did. */
int np_jobs_run(size_t n, int jobs, np_job_fn fn, void *ctx, int *statuses);

#endif

/* jobs.h: runs independent tasks side by side in worker processes, for
 * `--jobs`: a few long-lived workers (made with fork, so that what the
 * parent has set up is shared copy-on-write), each taking the next input
 * when done with one, so that what a worker has loaded (fonts, shaping
 * plans) serves its later inputs too; a worker that crashes costs the
 * output it was making only, and another takes its place. */
#ifndef NP_JOBS_H
#define NP_JOBS_H

#include <stddef.h>

/* Most worker processes at a time. */
#define NP_JOBS_MAX 256

/* A task: does the work of item index and returns its exit status
 * (0..125). Runs in a worker process when jobs > 1, after other items of
 * the same worker: it must leave no state that changes their results. */
typedef int (*np_job_fn)(size_t index, void *ctx);

/* Runs fn(i, ctx) for every i in [0, n), at most jobs at a time (clamped
 * to 1..NP_JOBS_MAX and to n; 1 runs them here, one after another, in index
 * order, as does a pool whose shared memory cannot be mapped). Workers take
 * the items in index order as they become free; stdout and stderr are
 * flushed before each fork and after each item. When statuses is not
 * NULL, statuses[i] receives the exit status of item i: fn's result; for
 * an item whose worker ended inside it, the worker's exit status, or 128 +
 * the signal that killed it; 1 when no process could be made for it.
 * Returns the status of the first item (in index order) that did not end
 * with 0, or 0 when all did. */
int np_jobs_run(size_t n, int jobs, np_job_fn fn, void *ctx, int *statuses);

#endif

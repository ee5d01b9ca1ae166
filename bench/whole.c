// SPDX-License-Identifier: MIT
/*
 * Whole-process cost of tdxg verify against one in-process call of
 * @phala/dcap-qvl and @phala/dcap-qvl-web, interleaved call by call so
 * machine load hits all of them alike.
 *
 * Each round: spawn `tdxg verify QUOTE --collateral COLL --at AT` and
 * wait for it (wall time from posix_spawn to its exit, output to
 * /dev/null, exit 0 required); spawn /bin/true likewise (what any process
 * costs here, for reference); then ask a node process that has both
 * libraries loaded (dcap-qvl.mjs serve) for one verification with each,
 * timed inside node.
 *
 * usage: whole TDXG QUOTE COLL AT SECONDS NODE ARGS...   (JSON lines)
 */
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Wall time of one process run to its exit; -1 when it did not exit 0. */
static double run_process(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	double t0, t1;
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	t0 = now_us();
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	if (waitpid(pid, &st, 0) != pid)
		st = -1;
	t1 = now_us();
	posix_spawn_file_actions_destroy(&fa);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t1 - t0 : -1;
}

struct series {
	const char *name, *note;
	double *v;
	size_t n, cap;
	char status[48];
};

static void add(struct series *s, double x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			exit(1);
	}
	s->v[s->n++] = x;
}

static void report(struct series *s)
{
	qsort(s->v, s->n, sizeof(*s->v), cmp_double);
	printf("{\"name\": \"%s\", \"runs\": %zu, \"median_us\": %.1f, \"min_us\": %.1f, "
	       "\"status\": \"%s\", \"note\": \"%s\"}\n", s->name, s->n, s->v[s->n / 2], s->v[0],
	       s->status, s->note);
}

int main(int argc, char *argv[])
{
	struct series tdxg = { .name = "tdxg-process", .note = "tdxg verify as a whole process (spawn to exit)" };
	struct series tru = { .name = "true-process", .note = "/bin/true as a whole process, for reference" };
	struct series js = { .name = "@phala/dcap-qvl-interleaved", .note = "one in-process verify, node" };
	struct series web = { .name = "@phala/dcap-qvl-web-interleaved", .note = "one in-process verify, node (WASM)" };
	char *targv[] = { argv[1], "verify", argv[2], "--collateral", argv[3], "--at", argv[4], NULL };
	char *true_argv[] = { "/bin/true", NULL };
	int to_node[2], from_node[2];
	double deadline, t;
	FILE *in, *out;
	char line[128];
	pid_t node;
	posix_spawn_file_actions_t fa;

	if (argc < 8) {
		fprintf(stderr, "usage: whole TDXG QUOTE COLL AT SECONDS NODE ARGS...\n");
		return 2;
	}
	if (pipe(to_node) || pipe(from_node))
		return 1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, to_node[0], 0);
	posix_spawn_file_actions_adddup2(&fa, from_node[1], 1);
	posix_spawn_file_actions_addclose(&fa, to_node[1]);
	posix_spawn_file_actions_addclose(&fa, from_node[0]);
	if (posix_spawnp(&node, argv[6], &fa, NULL, argv + 6, environ)) {
		perror("node");
		return 1;
	}
	close(to_node[0]);
	close(from_node[1]);
	out = fdopen(to_node[1], "w");
	in = fdopen(from_node[0], "r");
	/* Ready line (libraries loaded and warmed up), with their statuses. */
	if (!fgets(line, sizeof(line), in) ||
	    sscanf(line, "ready %47s %47s", js.status, web.status) != 2) {
		fprintf(stderr, "whole: node did not start\n");
		return 1;
	}
	t = run_process(targv);
	if (t < 0) {
		fprintf(stderr, "whole: tdxg verify did not exit 0\n");
		return 1;
	}
	strcpy(tdxg.status, "exit 0");
	strcpy(tru.status, "exit 0");
	deadline = now_us() + atof(argv[5]) * 1e6;
	while (now_us() < deadline || tdxg.n < 5) {
		t = run_process(targv);
		if (t < 0) {
			fprintf(stderr, "whole: tdxg verify did not exit 0\n");
			return 1;
		}
		add(&tdxg, t);
		add(&tru, run_process(true_argv));
		fputs("j\n", out);
		fflush(out);
		if (!fgets(line, sizeof(line), in))
			return 1;
		add(&js, atof(line));
		fputs("w\n", out);
		fflush(out);
		if (!fgets(line, sizeof(line), in))
			return 1;
		add(&web, atof(line));
	}
	fclose(out);
	waitpid(node, NULL, 0);
	report(&tdxg);
	report(&tru);
	report(&js);
	report(&web);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0+
/*
 * Safe output files for apply: OUT is either its previous self or the
 * complete new tree, never a half-written file, never something that is
 * not a regular file (a device, a FIFO, a directory, a socket, a symlink),
 * never the input unless asked, and no temporary file is left behind by a
 * failure or by a signal we can catch.
 *
 * The new tree goes to a mkstemp() file beside OUT (same directory, hence
 * same filesystem, so the rename is atomic); it is fsync'ed, renamed over
 * OUT, and the directory is fsync'ed so that the rename survives a power
 * cut. SIGKILL cannot be caught: it can leave a ".dmacage-tmp-XXXXXX" file
 * in OUT's directory, and nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmds.h"
#include "tool.h"

#define OUT_TMP_NAME	".dmacage-tmp-XXXXXX"
/* Longer paths are named "-o" in errors: "<what>: <why>" must stay legible. */
#define OUT_WHAT_MAX	256

/* The temporary file, for the signal handler: set only with signals blocked. */
static char out_tmp[PATH_MAX];
static volatile sig_atomic_t out_tmp_live;

/* What kills us politely: SIGXFSZ is what a file-size limit sends mid-write. */
static const int out_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGXFSZ };
#define OUT_NSIG	(sizeof(out_signals) / sizeof(out_signals[0]))

static void out_on_signal(int sig)
{
	if (out_tmp_live)
		unlink(out_tmp);	/* async-signal-safe */
	out_tmp_live = 0;
	/* die of the same signal, so the caller sees what happened */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void out_block(sigset_t *old)
{
	sigset_t set;
	unsigned int i;

	sigemptyset(&set);
	for (i = 0; i < OUT_NSIG; i++)
		sigaddset(&set, out_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Signals the caller ignores (nohup, a background job) stay ignored. */
static void out_handlers(struct sigaction *old)
{
	struct sigaction sa;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = out_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < OUT_NSIG; i++) {
		sigaction(out_signals[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)
			sigaction(out_signals[i], &sa, NULL);
	}
}

static void out_restore(const struct sigaction *old)
{
	unsigned int i;

	for (i = 0; i < OUT_NSIG; i++)
		sigaction(out_signals[i], &old[i], NULL);
}

static const char *out_what(const char *path)
{
	return strlen(path) < OUT_WHAT_MAX ? path : "-o";
}

static const char *out_kind(mode_t m)
{
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

static bool out_same(const char *path, const struct stat *st)
{
	struct stat in;

	return path && !stat(path, &in) && in.st_dev == st->st_dev &&
	       in.st_ino == st->st_ino;
}

/*
 * out_check() - may OUT be replaced?
 * @dir:	OUT's directory on return ("." for a bare name), PATH_MAX bytes
 * @st:		OUT's lstat on return, when @exists
 */
static int out_check(const struct tool_opts *o, char *dir, struct stat *st,
		     bool *exists)
{
	const char *path = o->out, *what = out_what(path);
	const char *slash = strrchr(path, '/');
	size_t n = strlen(path), dlen;
	struct stat ds;

	*exists = false;
	if (!n)
		return tool_error(EXIT_USAGE, "-o", "an empty path");
	if (n >= PATH_MAX)
		return tool_error(EXIT_USAGE, "-o",
				  "the path is too long: %zu characters, the limit is %d",
				  n, PATH_MAX - 1);
	if (slash && slash[1] == '\0')
		return tool_error(EXIT_USAGE, what,
				  "names a directory, not a file");
	dlen = !slash ? 0 : slash == path ? 1 : (size_t)(slash - path);
	if (dlen + 1 + sizeof(OUT_TMP_NAME) > PATH_MAX)
		return tool_error(EXIT_USAGE, "-o",
				  "the path is too long: its directory (%zu characters) leaves no room for the temporary file beside it (limit %d)",
				  dlen, PATH_MAX - 1);
	if (dlen)
		memcpy(dir, path, dlen);
	else
		dir[dlen++] = '.';
	dir[dlen] = '\0';

	if (lstat(path, st)) {
		if (errno == ENAMETOOLONG)
			return tool_error(EXIT_USAGE, "-o",
					  "the path is too long: a name in it is longer than %d characters",
					  NAME_MAX);
		if (errno != ENOENT)
			return tool_error(EXIT_USAGE, what, "%s",
					  strerror(errno));
		if (stat(dir, &ds))
			return tool_error(EXIT_USAGE, what,
					  "its directory cannot be used: %s",
					  strerror(errno));
		if (!S_ISDIR(ds.st_mode))
			return tool_error(EXIT_USAGE, what,
					  "its directory is not a directory");
		return 0;
	}
	*exists = true;
	if (S_ISLNK(st->st_mode))
		return tool_error(EXIT_USAGE, what,
				  "is a symbolic link: not replaced (give the path of the file it points to)");
	if (!S_ISREG(st->st_mode))
		return tool_error(EXIT_USAGE, what,
				  "is %s, not a regular file: not replaced",
				  out_kind(st->st_mode));
	if (!o->in_place && out_same(o->dtb, st))
		return tool_error(EXIT_USAGE, what,
				  "is the input %s itself: not replaced without --in-place",
				  o->dtb);
	if (out_same(o->policy, st))
		return tool_error(EXIT_USAGE, what,
				  "is the policy %s itself: not replaced",
				  o->policy);
	return 0;
}

static int out_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static mode_t out_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

/* The rename is done; a directory that cannot be synced is only a warning. */
static void out_sync_dir(const char *dir, const char *what)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0 || (fsync(fd) && errno != EINVAL && errno != EROFS))
		fprintf(stderr,
			"dmacage: warning: %s: written, but its directory was not synced: %s\n",
			what, strerror(errno));
	if (fd >= 0)
		close(fd);
}

int tool_out_write(const struct tool_opts *o, const void *buf, size_t len)
{
	struct sigaction old[OUT_NSIG];
	const char *what = out_what(o->out);
	char dir[PATH_MAX];
	struct stat st;
	sigset_t mask;
	bool exists;
	int fd, ret;

	ret = out_check(o, dir, &st, &exists);
	if (ret)
		return ret;
	/* out_check() made sure that it fits */
	if ((size_t)snprintf(out_tmp, sizeof(out_tmp), "%s/%s",
			     strcmp(dir, "/") ? dir : "", OUT_TMP_NAME) >=
	    sizeof(out_tmp))
		return tool_error(EXIT_USAGE, "-o", "the path is too long");

	out_handlers(old);
	out_block(&mask);
	fd = mkstemp(out_tmp);
	ret = fd < 0 ? errno : 0;
	out_tmp_live = fd >= 0;
	sigprocmask(SIG_SETMASK, &mask, NULL);
	if (ret) {
		out_restore(old);
		return tool_error(EXIT_USAGE, what,
				  "cannot create a temporary file in %s: %s",
				  out_what(dir), strerror(ret));
	}

	/* a replaced file keeps its owner and mode, a new one gets 0666 & ~umask */
	if (exists && fchown(fd, st.st_uid, st.st_gid))
		ret = 0;	/* not ours to give away: the new file is ours */
	if (fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~out_umask()))
		ret = errno;
	ret = ret ?: out_write_all(fd, buf, len);
	if (!ret && fsync(fd))
		ret = errno;
	if (close(fd) && !ret)
		ret = errno;
	if (ret)
		tool_error(EXIT_USAGE, what, "not written: %s", strerror(ret));
	/* OUT may have changed while we wrote: look again just before */
	else if (out_check(o, dir, &st, &exists))
		ret = EXIT_USAGE;

	out_block(&mask);
	if (!ret && rename(out_tmp, o->out)) {
		ret = errno;
		tool_error(EXIT_USAGE, what, "not written: %s", strerror(ret));
	}
	if (ret)
		unlink(out_tmp);
	out_tmp_live = 0;
	sigprocmask(SIG_SETMASK, &mask, NULL);
	out_restore(old);
	if (ret)
		return EXIT_USAGE;
	out_sync_dir(dir, what);
	return 0;
}

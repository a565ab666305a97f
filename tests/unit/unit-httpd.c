/*
 * A tiny HTTP/1.1 server for unit tests (unit-httpd.h): it listens on
 * 127.0.0.1 before it forks, so the port is known and connectable when
 * unit_httpd_start() returns.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit-httpd.h"

static pid_t	httpd_pid = -1;
static int	registered;

static int
httpd_write(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One request: read its head, answer with the file. */
static void
httpd_answer(int c, const char *file)
{
	char req[8192], head[256], buf[65536];
	size_t got = 0;
	ssize_t n;
	struct stat sb;
	int fd;

	while (got < sizeof req - 1) {
		if ((n = read(c, req + got, sizeof req - 1 - got)) <= 0)
			return;
		got += (size_t)n;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	if ((fd = open(file, O_RDONLY)) == -1 || fstat(fd, &sb) == -1)
		_exit(1);
	snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: "
	    "application/rss+xml\r\nContent-Length: %lld\r\nConnection: "
	    "close\r\n\r\n", (long long)sb.st_size);
	if (httpd_write(c, head, strlen(head)) == 0)
		while ((n = read(fd, buf, sizeof buf)) > 0 &&
		    httpd_write(c, buf, (size_t)n) == 0)
			;
	close(fd);
}

int
unit_httpd_start(const char *file)
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	int lfd, c;

	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(lfd, 64) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &salen) == -1) {
		close(lfd);
		return -1;
	}
	if ((httpd_pid = fork()) == -1) {
		close(lfd);
		return -1;
	}
	if (httpd_pid == 0) {
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
		signal(SIGPIPE, SIG_IGN);
		for (;;) {
			if ((c = accept(lfd, NULL, NULL)) == -1) {
				if (errno == EINTR)
					continue;
				_exit(1);
			}
			httpd_answer(c, file);
			close(c);
		}
	}
	close(lfd);
	if (!registered)
		atexit(unit_httpd_stop);
	registered = 1;
	return ntohs(sa.sin_port);
}

void
unit_httpd_stop(void)
{
	if (httpd_pid <= 0)
		return;
	kill(httpd_pid, SIGKILL);
	waitpid(httpd_pid, NULL, 0);
	httpd_pid = -1;
}

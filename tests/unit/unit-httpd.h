/*
 * A tiny HTTP/1.1 server for unit tests, on 127.0.0.1 only: a child
 * process that answers every request with 200 and the bytes of one file
 * (Content-Length, Connection: close), for tests that need a body curl
 * reads from a socket rather than from a file:// URL.
 */
#ifndef TIDENDE_UNIT_HTTPD_H
#define TIDENDE_UNIT_HTTPD_H

#include <sys/types.h>

/* Serve FILE; the server's port, or -1. */
int	unit_httpd_start(const char *file);
/* Stop the server (also at the test's exit). */
void	unit_httpd_stop(void);

#endif

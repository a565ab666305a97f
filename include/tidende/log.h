/*
 * Optional debug log to a file, never to the terminal.  Turned on by -v
 * (to $XDG_STATE_HOME/tidende/log) or TIDENDE_LOG=path.
 */
#ifndef TIDENDE_LOG_H
#define TIDENDE_LOG_H

void	log_open(const char *path);
void	log_close(void);
int	log_enabled(void);
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif

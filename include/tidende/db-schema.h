/*
 * The cache's schema: one ordered list of steps, each taking a cache one
 * version up (PRAGMA user_version is the number of steps applied).  A new
 * cache runs them all, an older one the rest, in one transaction.
 *
 * A module that needs tables of its own (the coming sync module: a queue
 * of local changes waiting for a server, server ids of feeds and
 * articles) adds one row at the end of db_schema_steps[] in
 * src/db-schema.c, naming itself as the owner; its SQL and, when rows
 * must be rewritten, its function live in its own file (declared in
 * src/db-private.h), as db-store.c's db_store_migrate_v2() does.  Steps
 * are never edited or reordered once released.  A cache whose version is
 * not one this build knows (negative, or from a newer tidende) is
 * refused as damaged and left as it is.
 */
#ifndef TIDENDE_DB_SCHEMA_H
#define TIDENDE_DB_SCHEMA_H

struct db;

struct db_schema_step {
	const char	*owner;		/* the module whose tables these are */
	const char	*sql;		/* run first (NULL: none) */
	int		(*fn)(struct db *);	/* then this (an SQLite code) */
};

/* The schema version this build makes: the number of steps. */
int		 db_schema_version(void);

#endif

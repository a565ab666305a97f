/*
 * The sync engine's steps (see sync-engine-private.h): what a backend
 * hands in (feeds, articles, ids, counts, the cursor), and the steps in
 * their order: push the queue of changes, subscriptions, new articles
 * stored in ~SYNC_SLICE_MS slices from a loop timer while the next page
 * is on the wire, the server's counts, the unread and starred sets
 * reconciled, a re-login once on a lost session; and sync_subscribe()'s
 * one subscribe per feed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync-engine-private.h"
#include "tidende/db-sync.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

const char *const sync_step_names[] = {
	"login", "push", "subscriptions", "articles", "counts", "unread",
	"starred",
	"end", "subscribe"
};

/* ------------------------------------------------------------- results */

void
sync_add_feed(struct sync *s, const struct sync_feed_info *f)
{
	char *cause = NULL;
	int64_t feed_id = 0;

	if (s->step != SYNC_STEP_FEEDS || f->id == NULL || f->url == NULL)
		return;
	if (db_sync_feed(s->db, s->acct.id, f->id, f->url, f->title,
	    f->category, &feed_id, &cause) != STATUS_OK) {
		log_warn("sync: feed %s: %s", f->id,
		    cause != NULL ? cause : "cache error");
		/* the step fails at its end: not a feed dropped as gone */
		if (s->feed_error == NULL)
			s->feed_error = cause != NULL ? cause :
			    xstrdup(_("error"));
		else
			free(cause);
		return;
	}
	s->fmap = xreallocarray(s->fmap, s->nfmap + 1, sizeof *s->fmap);
	s->fmap[s->nfmap].server_id = xstrdup(f->id);
	s->fmap[s->nfmap].feed_id = feed_id;
	s->nfmap++;
}

void
sync_add_article(struct sync *s, const char *server_id, const char *feed_id,
    struct item *it, int unread, int starred)
{
	struct sync_article *a;

	s->page_n++;
	if (s->step != SYNC_STEP_ITEMS || server_id == NULL || feed_id == NULL)
		return;
	if (s->narts == s->arts_cap) {
		s->arts_cap = s->arts_cap == 0 ? 64 : s->arts_cap * 2;
		s->arts = xreallocarray(s->arts, s->arts_cap, sizeof *s->arts);
	}
	a = &s->arts[s->narts++];
	a->server_id = xstrdup(server_id);
	a->feed_id = xstrdup(feed_id);
	a->item = *it;
	feed_item_init(it);
	a->unread = unread;
	a->starred = starred;
}

void
sync_add_id(struct sync *s, const char *server_id)
{
	struct sync_set *set;

	s->page_n++;
	if (s->step != SYNC_STEP_UNREAD && s->step != SYNC_STEP_STARRED)
		return;
	/*
	 * With counts() both sets' pages are on the wire: the reply's slot
	 * says which; else one set at a time (and a backend that answers
	 * from ids it has, inside state(), has no reply slot of its own).
	 */
	set = &s->set[s->be->counts != NULL && s->cur != NULL ? s->cur->set :
	    s->step == SYNC_STEP_STARRED];
	if (set->n >= SYNC_MAX_IDS) {
		set->overflow = 1;
		return;
	}
	if (set->n == set->cap) {
		set->cap = set->cap == 0 ? 256 : set->cap * 2;
		set->ids = xreallocarray(set->ids, set->cap, sizeof *set->ids);
	}
	set->ids[set->n++] = xstrdup(server_id);
}

void
sync_set_counts(struct sync *s, long long unread, long long starred)
{
	if (s->step != SYNC_STEP_COUNTS)
		return;
	s->count[0] = unread >= 0 ? unread : -1;
	s->count[1] = starred >= 0 ? starred : -1;
}

void
sync_set_cursor(struct sync *s, const char *cursor)
{
	free(s->cursor);
	s->cursor = xstrdup0(cursor);
}

void
sync_subscribed(struct sync *s, enum sync_sub_status st, int categorized,
    const char *message)
{
	struct sync_sub *sub;

	if (s->step != SYNC_STEP_SUBSCRIBE || s->sub >= s->nsubs)
		return;
	sub = &s->subs[s->sub];
	sub->status = st;
	sub->categorized = categorized;
	free(sub->message);
	sub->message = message != NULL ?
	    utf8_clean(message, strlen(message), UTF8_COLLAPSE_SPACE) : NULL;
}

void
sync_reject_id(struct sync *s, const char *server_id)
{
	size_t i;

	for (i = 0; i < s->nchanges; i++)
		if (strcmp(s->changes[i].server_id, server_id) == 0) {
			s->rejected = xreallocarray(s->rejected,
			    s->nrejected + 1, sizeof *s->rejected);
			s->rejected[s->nrejected++] = s->changes[i].seq;
		}
}

/* --------------------------------------------------------------- steps */

/* Send the next op's changes of the batch, or take the next batch. */
static void
sync_push_next(struct sync *s)
{
	char *cause = NULL;
	size_t i;

	for (;;) {
		if (s->changes != NULL && s->op <= DB_SYNC_UNSTAR) {
			sync_batch_clear(s);
			for (i = 0; i < s->nchanges; i++) {
				if ((int)s->changes[i].op != s->op)
					continue;
				s->seqs = xreallocarray(s->seqs, s->nseqs + 1,
				    sizeof *s->seqs);
				s->ids = xreallocarray(s->ids, s->nseqs + 1,
				    sizeof *s->ids);
				s->seqs[s->nseqs] = s->changes[i].seq;
				s->ids[s->nseqs] = s->changes[i].server_id;
				s->nseqs++;
			}
			s->op++;
			if (s->nseqs > 0) {
				s->be->push(s, (enum db_sync_op)(s->op - 1),
				    s->ids, s->nseqs);
				return;
			}
			continue;
		}
		sync_batch_clear(s);
		if (s->changes != NULL)
			db_sync_changes_free(s->changes, s->nchanges);
		s->changes = NULL;
		s->nchanges = 0;
		if (++s->rounds > SYNC_PUSH_ROUNDS)
			break;
		if (db_sync_changes(s->db, s->acct.id, SYNC_PUSH_BATCH,
		    &s->changes, &s->nchanges, &cause) != STATUS_OK) {
			sync_db_fail(s, cause);
			return;
		}
		if (s->nchanges == 0) {
			db_sync_changes_free(s->changes, 0);
			s->changes = NULL;
			break;
		}
		s->op = DB_SYNC_READ;
	}
	s->step = SYNC_STEP_FEEDS;
	sync_run(s);
}

/* The batch on the wire was acknowledged. */
static int
sync_push_done(struct sync *s)
{
	char *cause = NULL;
	int64_t *ok;
	size_t i, k, n = 0;

	ok = xcalloc(s->nseqs + 1, sizeof *ok);
	for (i = 0; i < s->nseqs; i++) {
		for (k = 0; k < s->nrejected; k++)
			if (s->rejected[k] == s->seqs[i])
				break;
		if (k == s->nrejected)
			ok[n++] = s->seqs[i];
	}
	if (s->nrejected > 0) {
		log_warn("sync: %zu change%s rejected by the server for good, "
		    "dropped", s->nrejected, s->nrejected == 1 ? "" : "s");
		if (db_sync_changes_failed(s->db, s->rejected, s->nrejected,
		    "rejected by the server", 1, &cause) != STATUS_OK) {
			free(ok);
			sync_db_fail(s, cause);
			return -1;
		}
		s->res.dropped += s->nrejected;
	}
	if (n > 0 && db_sync_changes_done(s->db, ok, n, &cause) != STATUS_OK) {
		free(ok);
		sync_db_fail(s, cause);
		return -1;
	}
	s->res.pushed += n;
	free(ok);
	sync_batch_clear(s);
	return 0;
}

static int64_t
sync_feed_lookup(struct sync *s, const char *server_id)
{
	size_t i;

	for (i = 0; i < s->nfmap; i++)
		if (strcmp(s->fmap[i].server_id, server_id) == 0)
			return s->fmap[i].feed_id;
	return 0;
}

/*
 * Store arts[store_pos..store_pos + max), one db_sync_store() per feed
 * among them, and free them.
 */
static int
sync_store_slice(struct sync *s, size_t max)
{
	struct parsed_feed pf;
	char **ids, *cause = NULL;
	int *unread, *starred;
	size_t i, k, n, added, lo = s->store_pos, hi;
	int64_t feed_id;
	char *done;

	hi = s->narts - lo > max ? lo + max : s->narts;
	done = xcalloc(hi - lo + 1, 1);
	ids = xcalloc(hi - lo + 1, sizeof *ids);
	unread = xcalloc(hi - lo + 1, sizeof *unread);
	starred = xcalloc(hi - lo + 1, sizeof *starred);
	for (i = lo; i < hi; i++) {
		if (done[i - lo])
			continue;
		feed_id = sync_feed_lookup(s, s->arts[i].feed_id);
		feed_parsed_init(&pf);
		n = 0;
		for (k = i; k < hi; k++) {
			if (done[k - lo] || strcmp(s->arts[k].feed_id,
			    s->arts[i].feed_id) != 0)
				continue;
			done[k - lo] = 1;
			if (feed_id == 0)
				continue;
			ids[n] = s->arts[k].server_id;
			unread[n] = s->arts[k].unread;
			starred[n] = s->arts[k].starred;
			feed_parsed_add_item(&pf, &s->arts[k].item);
			n++;
		}
		if (feed_id == 0) {
			log_debug("sync: articles of unknown feed %s skipped",
			    s->arts[i].feed_id);
			feed_parsed_free(&pf);
			continue;
		}
		added = 0;
		if (db_sync_store(s->db, s->acct.id, feed_id, &pf, ids, unread,
		    starred, &added, &cause) != STATUS_OK) {
			feed_parsed_free(&pf);
			free(done);
			free(ids);
			free(unread);
			free(starred);
			sync_db_fail(s, cause);
			return -1;
		}
		s->res.added += added;
		feed_parsed_free(&pf);
	}
	free(done);
	free(ids);
	free(unread);
	free(starred);
	for (i = lo; i < hi; i++) {
		free(s->arts[i].server_id);
		free(s->arts[i].feed_id);
		feed_item_free(&s->arts[i].item);
	}
	s->store_pos = hi;
	if (s->store_pos == s->narts)
		s->narts = s->store_pos = 0;
	return 0;
}

static void	sync_items_next(struct sync *);

/* One store slice; then again from the next loop pass, or go on. */
static void
sync_store_tick(void *arg)
{
	struct sync *s = arg;
	int64_t t0 = loop_now_ms(), ms;
	size_t n = s->narts - s->store_pos;

	s->store_timer = 0;
	if (n > s->slice)
		n = s->slice;
	if (n > 0) {
		if (sync_store_slice(s, n) != 0)
			return;
		/* the next slice's size for about SYNC_SLICE_MS */
		ms = loop_now_ms() - t0;
		log_debug("sync: stored a slice of %zu articles in %lld ms", n,
		    (long long)ms);
		if (ms > SYNC_SLICE_MS && s->slice > 5)
			s->slice = s->slice * SYNC_SLICE_MS / (size_t)ms + 1;
		else if (ms < SYNC_SLICE_MS / 2 && s->slice < 200 &&
		    n == s->slice)
			s->slice += s->slice / 2 + 1;
	}
	sync_items_next(s);
}

/*
 * Articles step: keep one page on the wire while fewer than two pages
 * wait to be stored, store the waiting ones a slice per pass, and when
 * the last page is in and stored move the cursor and go on.
 */
static void
sync_items_next(struct sync *s)
{
	char *cause = NULL;

	if (!s->items_last && !s->items_wire &&
	    s->narts - s->store_pos < 2 * s->be->page) {
		s->items_wire = 1;
		s->be->items(s, s->acct.cursor, s->skip);
		if (sync_current != s)
			return;
	}
	if (s->narts > s->store_pos) {
		if (s->store_timer == 0)
			s->store_timer = loop_add_timer(0, sync_store_tick, s);
		return;
	}
	if (!s->items_last || s->items_wire)
		return;		/* the reply starts the next slice */
	/* every page is stored: now the cursor may move on */
	if (s->cursor != NULL && (s->acct.cursor == NULL ||
	    strcmp(s->cursor, s->acct.cursor) != 0)) {
		if (db_sync_account_update(s->db, s->acct.id, 0, NULL,
		    s->cursor, &cause) != STATUS_OK) {
			sync_db_fail(s, cause);
			return;
		}
		free(s->acct.cursor);
		s->acct.cursor = xstrdup(s->cursor);
	}
	/*
	 * A sync from no cursor (the first) brought every article with its
	 * read and star state as the server had it during this sync: the
	 * sets could only say the same.
	 */
	if (s->items_all)
		s->step = SYNC_STEP_END;
	else
		s->step = s->be->counts != NULL ? SYNC_STEP_COUNTS :
		    SYNC_STEP_UNREAD;
	sync_run(s);
}

static int
sync_reconcile(struct sync *s, int k)
{
	enum db_sync_field field = k == 0 ? DB_SYNC_FIELD_UNREAD :
	    DB_SYNC_FIELD_STARRED;
	struct sync_set *set = &s->set[k];
	char *cause = NULL;
	size_t changed = 0;

	/* a cut set would clear the flag of every article past the cut */
	if (set->overflow) {
		sync_step_fail(s, SYNC_ERROR, k == 0 ? _("%s: more than %d "
		    "unread articles on the server") : _("%s: more than %d "
		    "starred articles on the server"), s->acct.url,
		    SYNC_MAX_IDS);
		return -1;
	}
	if (db_sync_reconcile(s->db, s->acct.id, field, set->ids, set->n,
	    &changed, &cause) != STATUS_OK) {
		sync_db_fail(s, cause);
		return -1;
	}
	s->res.changed += changed;
	sync_set_clear(set);
	return 0;
}

/*
 * Ask for the state pages of the active sets up to their targets, and
 * reconcile when all are in.  Without counts() one page is on the wire
 * at a time and the target grows a page whenever the last page comes
 * back full; with them each set's target is the server's count, its
 * pages (plain offsets) and both sets go out SYNC_INFLIGHT at once.
 */
static void
sync_state_next(struct sync *s)
{
	int parallel = s->be->counts != NULL, k;
	struct sync_set *set;

	for (k = 0; k < 2; k++) {
		set = &s->set[k];
		while (set->active && set->next_skip < set->target &&
		    s->pages < SYNC_MAX_PAGES && (s->inflight == 0 ||
		    (parallel && s->inflight < SYNC_INFLIGHT))) {
			s->pages++;
			/* the request state() makes takes these */
			s->req_skip = set->next_skip;
			s->req_set = k;
			set->next_skip += s->be->page;
			/*
			 * Counted as on the wire while it runs: a backend
			 * that has the ids already (greader) ends the step
			 * inside state(), and the step's end must not
			 * reconcile or move on under this loop.
			 */
			s->inflight++;
			s->be->state(s, k == 0 ? DB_SYNC_FIELD_UNREAD :
			    DB_SYNC_FIELD_STARRED, s->req_skip);
			if (sync_current != s)
				return;		/* it failed at once */
			s->inflight--;
		}
	}
	if (s->inflight > 0)
		return;
	for (k = 0; k < 2; k++)
		if (s->set[k].active && sync_reconcile(s, k) != 0)
			return;
	s->step = parallel || s->step == SYNC_STEP_STARRED ? SYNC_STEP_END :
	    SYNC_STEP_STARRED;
	sync_run(s);
}

/* Start the set of this step, or with counts() both at once. */
static void
sync_state_start(struct sync *s)
{
	long long c;
	int k;

	s->pages = 0;
	for (k = 0; k < 2; k++) {
		sync_set_clear(&s->set[k]);
		if (s->be->counts == NULL &&
		    k != (s->step == SYNC_STEP_STARRED))
			continue;
		s->set[k].active = 1;
		/*
		 * The server has none: the set is empty, no page to ask
		 * for.  A count above zero says nothing of which articles:
		 * their pages are always asked for.
		 */
		c = s->count[k];
		s->set[k].target = c == 0 ? 0 : c > 0 ? (size_t)c : 1;
	}
	sync_state_next(s);
}

/*
 * The server took this account's login: the cache's other accounts (the
 * sync-url or sync-user was changed) leave it, with their feeds and
 * changes, which must not reach this server; said in res.notice.  Not
 * before the login, so a mistyped URL drops nothing.
 */
static int
sync_drop_others(struct sync *s)
{
	struct db_sync_dropped d;
	char *cause = NULL;

	if (db_sync_drop_others(s->db, s->acct.id, &d, &cause) != STATUS_OK) {
		sync_db_fail(s, cause);
		return -1;
	}
	if (d.accounts > 0) {
		free(s->notice);
		char *feeds, *arts, *chg;

		feeds = xasprintf(ngettext("%zu feed", "%zu feeds", d.feeds),
		    d.feeds);
		arts = xasprintf(ngettext("%zu article", "%zu articles",
		    d.articles), d.articles);
		chg = xasprintf(ngettext("%zu change not sent",
		    "%zu changes not sent", d.changes), d.changes);
		/*
		 * TRANSLATORS: "the account changed: USER at URL dropped with
		 * 3 feeds, 200 articles and 1 change not sent"
		 */
		s->notice = xasprintf(d.accounts > 1 ? _("the account "
		    "changed: %s and others dropped with %s, %s and %s") :
		    _("the account changed: %s dropped with %s, %s and %s"),
		    d.what != NULL ? d.what : _("the old one"), feeds, arts,
		    chg);
		free(feeds);
		free(arts);
		free(chg);
		log_warn("sync: %s", s->notice);
	}
	free(d.what);
	return 0;
}

void
sync_step_relogin(struct sync *s)
{
	if (s->step == SYNC_STEP_LOGIN || s->relogin != 0) {
		sync_step_fail(s, SYNC_REFUSED, _("%s: the server ended the "
		    "session again right after a login"), s->acct.url);
		return;
	}
	log_debug("sync: session gone during %s: logging in again",
	    sync_step_names[s->step]);
	s->relogin = 1;
	s->resume = s->step;
	if (s->step == SYNC_STEP_PUSH)
		s->op--;	/* send this op's changes again */
	/* a state step's other pages: asked for again after the login */
	sync_reqs_cancel(s, s->cur);
	sync_set_clear(&s->set[0]);
	sync_set_clear(&s->set[1]);
	s->page_n = 0;
	s->step = SYNC_STEP_LOGIN;
	sync_run(s);
}

void
sync_step_done(struct sync *s, int more)
{
	char *cause = NULL;
	size_t n = s->page_n;

	s->page_n = 0;
	switch (s->step) {
	case SYNC_STEP_LOGIN:
		if (s->relogin == 1) {
			s->relogin = 2;
			s->step = s->resume;
		} else if (s->subs != NULL)
			s->step = SYNC_STEP_SUBSCRIBE;
		else if (sync_drop_others(s) != 0)
			return;		/* (import-opml's login: the sync says it) */
		else
			s->step = SYNC_STEP_PUSH;
		sync_run(s);
		return;
	case SYNC_STEP_PUSH:
		if (sync_push_done(s) != 0)
			return;
		sync_push_next(s);
		return;
	case SYNC_STEP_FEEDS:
		n = s->nfmap;
		if (s->feed_error != NULL) {
			/* (keeping only the feeds stored would drop it) */
			cause = s->feed_error;
			s->feed_error = NULL;
			sync_db_fail(s, cause);
			return;
		}
		{
			char **keep = xcalloc(n + 1, sizeof *keep);
			size_t i;

			for (i = 0; i < n; i++)
				keep[i] = s->fmap[i].server_id;
			if (db_sync_feeds_keep(s->db, s->acct.id, keep, n,
			    &cause) != STATUS_OK) {
				free(keep);
				sync_db_fail(s, cause);
				return;
			}
			free(keep);
		}
		s->res.feeds = n;
		s->step = SYNC_STEP_ITEMS;
		s->skip = 0;
		s->pages = 0;
		s->items_wire = s->items_last = 0;
		s->items_all = s->acct.cursor == NULL;
		s->slice = 25;
		break;
	case SYNC_STEP_ITEMS:
		s->items_wire = 0;
		s->skip += n;
		if (!more || n == 0 || ++s->pages >= SYNC_MAX_PAGES)
			s->items_last = 1;
		sync_items_next(s);
		return;
	case SYNC_STEP_COUNTS:
		s->step = SYNC_STEP_UNREAD;
		break;
	case SYNC_STEP_UNREAD:
	case SYNC_STEP_STARRED:
		/*
		 * The last page asked for came back full: one more, unless
		 * the pages brought just what the count said (a count of
		 * 200 is one page, not two).
		 */
		if (more && n > 0 && s->cur != NULL) {
			int k = s->cur->set;
			struct sync_set *set = &s->set[k];

			if (s->cur->skip + s->be->page >= set->next_skip &&
			    set->target <= set->next_skip &&
			    (s->count[k] < 0 || set->n > (size_t)s->count[k]))
				set->target = set->next_skip + 1;
		}
		sync_state_next(s);
		return;
	case SYNC_STEP_SUBSCRIBE:
		if (++s->sub >= s->nsubs)
			s->step = SYNC_STEP_END;
		break;
	case SYNC_STEP_END:
		break;
	}
	sync_run(s);
}

void
sync_run(struct sync *s)
{
	switch (s->step) {
	case SYNC_STEP_LOGIN:
		s->be->login(s, s->password);
		break;
	case SYNC_STEP_PUSH:
		sync_push_next(s);
		break;
	case SYNC_STEP_FEEDS:
		s->nfmap = 0;
		s->be->feeds(s);
		break;
	case SYNC_STEP_ITEMS:
		s->items_wire = 0;	/* none, or the one a re-login lost */
		sync_items_next(s);
		break;
	case SYNC_STEP_COUNTS:
		s->be->counts(s);
		break;
	case SYNC_STEP_UNREAD:
	case SYNC_STEP_STARRED:
		sync_state_start(s);
		break;
	case SYNC_STEP_SUBSCRIBE:
		s->be->subscribe(s, s->subs[s->sub].url, s->subs[s->sub].folder);
		break;
	case SYNC_STEP_END:
		s->res.status = SYNC_OK;
		sync_finish(s);
		break;
	}
}

/*
 * The store's HTML-to-text: what the search index holds for a body.
 */
#ifndef TIDENDE_DB_HTML_H
#define TIDENDE_DB_HTML_H


/*
 * HTML to one line of plain text, cheaply (tags dropped, entities
 * decoded, white space collapsed): what the search index holds.
 */
char		*db_html_text(const char *html);

#endif

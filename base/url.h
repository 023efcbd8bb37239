/* url: the little URL arithmetic discovery and fetch need, on top of libcurl's URL API.
 *
 * Only http, https and file URLs exist for nianbao; anything else (javascript:, mailto:,
 * ftp:) is refused here, so no later stage has to think about it. */
#ifndef NB_URL_H
#define NB_URL_H

#include "base/buf.h"

/* Resolves `ref` (an href as written in a page: surrounding spaces, tabs and newlines
 * are ignored) against the absolute URL `base`, drops any #fragment, and writes the
 * absolute URL into out (replacing its content). Returns 0, or -1 with a reason in err
 * when ref is empty, malformed or not http/https/file. */
int nb_url_resolve(const char *base, const char *ref, nb_buf *out, nb_buf *err);

/* The host of an absolute URL, lower-cased, into out ("" for file URLs). Returns 0, or
 * -1 for a URL that does not parse. */
int nb_url_host(const char *url, nb_buf *out);

/* True if url is file:// (the caller may then read it without politeness delays). */
int nb_url_is_file(const char *url);

/* An absolute file system path as a file:/// URL, percent-encoding what needs it. */
void nb_url_from_path(const char *abs_path, nb_buf *out);

#endif

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

/* True if a and b are http(s) URLs of the same site: the same host and the same port,
 * ports written or implied by the scheme (80 for http, 443 for https), where http on 80
 * and https on 443 count as one site (portals move between them). Another port of the
 * same host is another server, so it is not the same site. */
int nb_url_same_site(const char *a, const char *b);

/* True if url is file:// (the caller may then read it without politeness delays). */
int nb_url_is_file(const char *url);

/* The path of a file:// URL, percent-decoded, or NULL when url is not one. Caller frees. */
char *nb_url_file_path(const char *url);

/* True if the path is dir or lies below it (as strings: resolve links first). */
int nb_path_under(const char *path, const char *dir);

/* An absolute file system path as a file:/// URL, percent-encoding what needs it. */
void nb_url_from_path(const char *abs_path, nb_buf *out);

#endif

/* url: relative resolution and host names through libcurl's CURLU API (see url.h).
 *
 * The resolution rules of RFC 3986 are subtle (dot segments, protocol-relative links,
 * queries); libcurl already implements them, so this file only trims what HTML allows
 * around an href and enforces nianbao's scheme policy. */
#include "base/url.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int allowed_scheme(const char *url)
{
    return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8) ||
           !strncasecmp(url, "file://", 7);
}

int nb_url_resolve(const char *base, const char *ref, nb_buf *out, nb_buf *err)
{
    /* HTML drops leading/trailing whitespace and any tab or newline inside an href. */
    nb_buf clean = NB_BUF_INIT;
    while (*ref && isspace((unsigned char)*ref)) ref++;
    for (const char *p = ref; *p; p++)
        if (*p != '\t' && *p != '\n' && *p != '\r') nb_buf_addc(&clean, *p);
    while (clean.len && isspace((unsigned char)clean.data[clean.len - 1])) clean.data[--clean.len] = '\0';
    int rc = -1;
    if (!clean.len || clean.data[0] == '#') {
        nb_buf_printf(err, "empty link");
        nb_buf_free(&clean);
        return -1;
    }
    CURLU *h = curl_url();
    CURLUcode uc = curl_url_set(h, CURLUPART_URL, base, 0);
    if (!uc) uc = curl_url_set(h, CURLUPART_URL, clean.data, 0);
    if (!uc) uc = curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
    char *abs = NULL;
    if (!uc) uc = curl_url_get(h, CURLUPART_URL, &abs, 0);
    if (uc) {
        nb_buf_printf(err, "%s: %s", clean.data, curl_url_strerror(uc));
    } else if (!allowed_scheme(abs)) {
        nb_buf_printf(err, "%s: only http, https and file URLs are followed", abs);
    } else {
        nb_buf_clear(out);
        nb_buf_adds(out, abs);
        rc = 0;
    }
    curl_free(abs);
    curl_url_cleanup(h);
    nb_buf_free(&clean);
    return rc;
}

int nb_url_host(const char *url, nb_buf *out)
{
    nb_buf_clear(out);
    if (nb_url_is_file(url)) {
        nb_buf_reserve(out, 0);
        return 0;
    }
    CURLU *h = curl_url();
    char *host = NULL;
    int rc = curl_url_set(h, CURLUPART_URL, url, 0) || curl_url_get(h, CURLUPART_HOST, &host, 0) ? -1 : 0;
    if (rc == 0)
        for (const char *p = host; *p; p++) nb_buf_addc(out, (char)tolower((unsigned char)*p));
    curl_free(host);
    curl_url_cleanup(h);
    return rc;
}

/* The lower-cased host and the port (written, or the scheme's default) of an http(s) URL. */
static int host_and_port(const char *url, nb_buf *host, long *port)
{
    if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) return -1;
    CURLU *h = curl_url();
    char *port_text = NULL;
    int rc = curl_url_set(h, CURLUPART_URL, url, 0) || curl_url_get(h, CURLUPART_PORT, &port_text, CURLU_DEFAULT_PORT)
                 ? -1
                 : 0;
    if (rc == 0) {
        *port = strtol(port_text, NULL, 10);
        rc = nb_url_host(url, host);
    }
    curl_free(port_text);
    curl_url_cleanup(h);
    return rc;
}

int nb_url_same_site(const char *a, const char *b)
{
    nb_buf ha = NB_BUF_INIT, hb = NB_BUF_INIT;
    long pa = 0, pb = 0;
    int same = host_and_port(a, &ha, &pa) == 0 && host_and_port(b, &hb, &pb) == 0 && !strcmp(ha.data, hb.data);
    if (same && pa != pb) {
        int a_tls = !strncasecmp(a, "https:", 6), b_tls = !strncasecmp(b, "https:", 6);
        /* the one pair of ports that is one site: http on 80 and https on 443 */
        same = a_tls != b_tls && pa == (a_tls ? 443 : 80) && pb == (b_tls ? 443 : 80);
    } else if (same) {
        /* the same port under both schemes (http://h:8080 and https://h:8080) cannot both be */
        same = !strncasecmp(a, "https:", 6) == !strncasecmp(b, "https:", 6);
    }
    nb_buf_free(&ha);
    nb_buf_free(&hb);
    return same;
}

int nb_url_is_file(const char *url)
{
    return !strncasecmp(url, "file:", 5);
}

char *nb_url_file_path(const char *url)
{
    if (!nb_url_is_file(url)) return NULL;
    CURLU *h = curl_url();
    char *path = NULL, *copy = NULL;
    if (!curl_url_set(h, CURLUPART_URL, url, 0) && !curl_url_get(h, CURLUPART_PATH, &path, CURLU_URLDECODE))
        copy = nb_xstrdup(path);
    curl_free(path);
    curl_url_cleanup(h);
    return copy;
}

int nb_path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    if (n == 1 && dir[0] == '/') return path[0] == '/';
    return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

void nb_url_from_path(const char *abs_path, nb_buf *out)
{
    nb_buf_clear(out);
    nb_buf_adds(out, "file://");
    for (const unsigned char *p = (const unsigned char *)abs_path; *p; p++) {
        if (isalnum(*p) || strchr("/-._~!$&'()*+,;=:@", *p)) nb_buf_addc(out, (char)*p);
        else nb_buf_printf(out, "%%%02X", *p);
    }
}

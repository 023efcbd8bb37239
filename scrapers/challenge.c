/* challenge: tells an anti-robot challenge from a page (see challenge.h).
 *
 * The body is scanned once, lexically: scripts, styles and comments are set aside,
 * tags dropped, and what remains is the visible text. A challenge page has none (a few
 * bytes at most: a "loading" word); a real listing or report has hundreds. */
#define _GNU_SOURCE /* memmem, strcasestr */
#include "scrapers/challenge.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

enum {
    MAX_CHALLENGE_BYTES = 512 * 1024, /* 瑞数 inlines a large obfuscated script; pages are bigger */
    MAX_VISIBLE_BYTES = 48,           /* "Loading…", a noscript line */
};

typedef struct {
    size_t visible;  /* bytes of visible text, white space excluded */
    int scripts;     /* <script> elements */
} shape;

/* Skips to just past the closing tag `</name` ... `>` from p, or to end. */
static const char *skip_element(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) return end;
        if (lt + 2 + n <= end && lt[1] == '/' && !strncasecmp(lt + 2, name, n)) {
            const char *gt = memchr(lt, '>', (size_t)(end - lt));
            return gt ? gt + 1 : end;
        }
        p = lt + 1;
    }
    return end;
}

static shape shape_of(const char *body, size_t len)
{
    shape s = {0};
    const char *p = body, *end = body + len;
    while (p < end) {
        if (*p == '<') {
            if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
                const char *close = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
                p = close ? close + 3 : end;
                continue;
            }
            int script = end - p >= 7 && !strncasecmp(p + 1, "script", 6);
            int style = end - p >= 6 && !strncasecmp(p + 1, "style", 5);
            const char *gt = memchr(p, '>', (size_t)(end - p));
            if (!gt) break;
            p = gt + 1;
            if (script) s.scripts++, p = skip_element(p, end, "script");
            else if (style) p = skip_element(p, end, "style");
            continue;
        }
        if (*p == '&') { /* an entity is one visible character */
            const char *semi = memchr(p, ';', (size_t)(end - p) < 10 ? (size_t)(end - p) : 10);
            s.visible++;
            p = semi ? semi + 1 : p + 1;
            continue;
        }
        if (!isspace((unsigned char)*p)) s.visible++;
        p++;
    }
    return s;
}

static int has(const char *body, size_t len, const char *needle)
{
    return memmem(body, len, needle, strlen(needle)) != NULL;
}

/* A cookie name of the kind 瑞数 sets: 12 to 24 letters and digits, upper and lower case
 * mixed, ending in O, S, T or P (FSSBBIl1UgzbN7N80S, NfBCSins2OywO). */
static int ruishu_cookie(const char *cookies)
{
    for (const char *p = cookies; *p;) {
        size_t n = strcspn(p, " ");
        size_t k = 0, upper = 0, lower = 0;
        for (; k < n && isalnum((unsigned char)p[k]); k++) upper += isupper((unsigned char)p[k]) != 0,
                                                            lower += islower((unsigned char)p[k]) != 0;
        if (k == n && n >= 12 && n <= 24 && upper >= 2 && lower >= 2 && strchr("OSTP", p[n - 1])) return 1;
        p += n;
        while (*p == ' ') p++;
    }
    return 0;
}

static int jsluid_cookie(const char *cookies)
{
    return strstr(cookies, "__jsluid") != NULL;
}

int nb_challenge_recognise(long status, const char *cookies, const char *body, size_t len, nb_buf *what)
{
    if (!cookies) cookies = "";
    if (!body) body = "", len = 0;
    int challenge_status = status == 202 || status == 204 || status == 412 || status == 521;
    int ruishu = has(body, len, "$_ts") || ruishu_cookie(cookies);
    int jiasule = jsluid_cookie(cookies) || has(body, len, "__jsluid") || status == 521;
    shape s = len <= MAX_CHALLENGE_BYTES ? shape_of(body, len) : (shape){.visible = MAX_VISIBLE_BYTES + 1};
    int script_only = s.scripts > 0 && s.visible <= MAX_VISIBLE_BYTES;
    int reloads = has(body, len, "document.cookie") && (has(body, len, "location") || has(body, len, "reload"));
    int marked = has(body, len, "$_ts") || has(body, len, "__jsluid") || reloads;
    int yes = (challenge_status && (script_only || len == 0 || ruishu_cookie(cookies) || jsluid_cookie(cookies))) ||
              (script_only && marked);
    if (!yes) return 0;
    if (what) {
        nb_buf_clear(what);
        nb_buf_printf(what, "HTTP %ld", status);
        if (ruishu) nb_buf_adds(what, ", 瑞数/Rivers Security");
        else if (jiasule) nb_buf_adds(what, ", 加速乐/Jiasule");
    }
    return 1;
}

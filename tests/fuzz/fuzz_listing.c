/* fuzz_listing: a listing page's bytes -> decode -> the generic adapter -> the links
 * discovery judges. Promises checked: what the adapter returns is absolute http, https or
 * file URLs without a #fragment, with UTF-8 link texts; the portal scope
 * (nb_discover_in_scope) never admits another host, another scheme, or a file outside
 * the mirror, whatever the page's links and <base href> say. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pipeline/read/decode.h"
#include "scrapers/discover.h"
#include "fuzz.h"
#include "pipeline/read/htmlnest.h"
#include "scrapers/scraper.h"

static const char *const page_urls[] = {"http://www.example.gov.cn/gknb/index.html",
                                        "file:///srv/mirror/gknb/index_2.html"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    const char *page_url = page_urls[data[0] & 1];
    nb_buf text = NB_BUF_INIT, err = NB_BUF_INIT;
    if (nb_decode_to_utf8((const char *)data + 1, size - 1, NULL, &text, NULL, &err) != 0) return 0;
    /* discovery does not hand deeper pages to the adapter */
    if (nb_htmlnest_depth(text.data, text.len, NB_HTMLNEST_LIMIT) > NB_HTMLNEST_LIMIT) {
        nb_buf_free(&text);
        nb_buf_free(&err);
        return 0;
    }
    nb_scraper_listing l = {0};
    if (nb_scraper_generic.listing(text.data, text.len, page_url, &l, &err) == 0) {
        char *listings[] = {(char *)page_urls[0], (char *)page_urls[1]};
        nb_config cfg = {.dir = "/srv/conf", .listings = listings, .listing_count = 2};
        for (size_t i = 0; i < l.report_count + l.request_count; i++) {
            const char *url = i < l.report_count ? l.reports[i].url : l.requests[i - l.report_count].url;
            FUZZ_ASSERT(!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8) ||
                        !strncasecmp(url, "file://", 7));
            FUZZ_ASSERT(!strchr(url, '#'));
            if (i < l.report_count) FUZZ_ASSERT(fuzz_valid_utf8(l.reports[i].text, strlen(l.reports[i].text)));
            if (i < l.report_count) FUZZ_ASSERT(fuzz_valid_listed_date(l.reports[i].date));
            if (nb_discover_in_scope(&cfg, url, page_url)) {
                if (!strncasecmp(url, "file:", 5)) {
                    FUZZ_ASSERT(!strncasecmp(page_url, "file:", 5));
                    FUZZ_ASSERT(!strncmp(url, "file:///srv/mirror/gknb/", 24));
                    FUZZ_ASSERT(!strstr(url, "/../") && !strstr(url, "/./"));
                } else {
                    const char *host = strstr(url, "://") + 3;
                    FUZZ_ASSERT(!strncasecmp(host, "www.example.gov.cn", 18) &&
                                strchr("/:?", host[18]) != NULL);
                    /* the portal's own port only: none written, or the scheme's own */
                    long port = host[18] == ':' ? strtol(host + 19, NULL, 10) : 0;
                    FUZZ_ASSERT(port == 0 || port == (strncasecmp(url, "https", 5) ? 80 : 443));
                }
            }
        }
    }
    nb_scraper_listing_free(&l);
    nb_buf_free(&text);
    nb_buf_free(&err);
    return 0;
}

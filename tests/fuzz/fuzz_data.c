/* fuzz_data: what the CMS adapters read besides plain links: Hanweb's datastore (inline
 * in a column page, and the data proxy's XML answer), gkmlpt's JSON API answers and TRS's
 * pager script. The first byte picks the reader; the rest is decoded as discovery does.
 * Promises checked: every report link and further request is an absolute http(s) URL on
 * the page's own site (a record or an article may name another host: the link is then
 * there, for discovery to judge, but no request leaves the site by the adapter's own
 * making), without a #fragment; texts are UTF-8; requests are bounded in number; a TRS
 * page is only ever asked for in the listing's own folder. */
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "pipeline/read/decode.h"
#include "scrapers/scraper.h"

static const char *const page_url = "http://www.example.gov.cn/col/col1229/index.html";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    int which = data[0] & 3;
    nb_buf text = NB_BUF_INIT, err = NB_BUF_INIT;
    if (nb_decode_to_utf8((const char *)data + 1, size - 1, NULL, &text, NULL, &err) != 0) return 0;
    nb_scraper_listing l = {0};
    nb_scraper_request xml = {.url = "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=21&endrecord=40&perpage=10",
                              .post = "col=1", .kind = NB_SCRAPER_XML};
    nb_scraper_request json = {.url = "http://www.example.gov.cn/gkmlpt/api/all/2590?page=1&sid=755031",
                               .kind = NB_SCRAPER_JSON};
    int rc;
    if (which == 0) rc = nb_scraper_hanweb.listing(text.data, text.len, page_url, &l, &err);
    else if (which == 1) rc = nb_scraper_hanweb.data(&xml, text.data, text.len, &l, &err);
    else if (which == 2) rc = nb_scraper_gkmlpt.data(&json, text.data, text.len, &l, &err);
    else rc = nb_scraper_trs.listing(text.data, text.len, page_url, &l, &err);
    if (rc == 0) {
        for (size_t i = 0; i < l.report_count; i++) {
            const char *url = l.reports[i].url;
            FUZZ_ASSERT(!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8) ||
                        !strncasecmp(url, "file://", 7));
            FUZZ_ASSERT(!strchr(url, '#'));
            FUZZ_ASSERT(fuzz_valid_utf8(l.reports[i].text, strlen(l.reports[i].text)));
            FUZZ_ASSERT(fuzz_valid_listed_date(l.reports[i].date));
        }
        FUZZ_ASSERT(l.request_count <= 1000);
        for (size_t i = 0; i < l.request_count; i++) {
            const char *url = l.requests[i].url;
            FUZZ_ASSERT(!strncmp(url, "http://www.example.gov.cn/", 26));
            FUZZ_ASSERT(!strchr(url, '#'));
            if (which == 3) {
                FUZZ_ASSERT(!strncmp(url, "http://www.example.gov.cn/col/col1229/", 38));
                FUZZ_ASSERT(!strchr(url + 38, '/') && !strstr(url, ".."));
            }
            if (l.requests[i].post) FUZZ_ASSERT(fuzz_valid_utf8(l.requests[i].post, strlen(l.requests[i].post)));
        }
    }
    nb_scraper_listing_free(&l);
    nb_buf_free(&text);
    nb_buf_free(&err);
    return 0;
}

/* htmlnest: how deep an HTML page nests its elements, estimated in one pass over the
 * bytes, before gumbo sees them.
 *
 * gumbo-parser (0.10) spends time proportional to the depth of open elements on every
 * block-level start tag ("is there a <p> in button scope?"), so a page nested 50,000
 * deep takes seconds and one nested a million deep (5 MB of "<div>") hours. No report
 * page nests more than a few dozen elements; the extractor refuses a page deeper than
 * NB_HTMLNEST_LIMIT instead of hanging a nightly run on it.
 *
 * The estimate follows what gumbo keeps open: a start tag opens an element and its end
 * tag closes it (an end tag with no open element of its name closes nothing); void
 * elements (br, img, meta, ...) and the elements HTML closes implicitly (p, li, dt, dd,
 * option, tr, td, th, ...) do not count; a cell or row boundary closes what was left
 * open inside the table, as a closing table closes all its content. Comments, scripts,
 * styles and other raw text are skipped. It errs upwards only for elements left open
 * where HTML would close them implicitly, which a real page does a few times, not
 * hundreds. */
#ifndef NB_HTMLNEST_H
#define NB_HTMLNEST_H

#include <stddef.h>

#define NB_HTMLNEST_LIMIT 1000

/* The estimated greatest depth of html[0..len), or the first depth above limit (the scan
 * stops there). */
int nb_htmlnest_depth(const char *html, size_t len, int limit);

#endif

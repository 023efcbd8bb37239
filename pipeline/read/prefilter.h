/* prefilter: an HTML page (UTF-8) -> a much smaller HTML page from which gumbo builds the
 * same cells, metadata and links (doc.h) as from the whole page. One lexical pass, no tree.
 *
 * Why: gumbo spends its time per byte and per token, and on portal pages most bytes are
 * scripts, style sheets and the inline style/class attributes of Word-exported tables,
 * and most tokens are the <span>/<o:p> wrappers around every bit of text and the
 * characters of indentation (gumbo makes a token of each character). None of them
 * changes what htmldoc.h reads. What the reduced page keeps, exactly as written:
 *   - every character of text outside the elements whose content htmldoc skips, so no
 *     cell, label, title or date near the title is lost; only a run of whitespace is cut
 *     to its first character (htmldoc collapses whitespace anyway);
 *   - every tag, unknown ones included, and the doctype (quirks mode decides whether
 *     <table> closes a <p>), except ordinary inline elements wrapped around nothing but
 *     text (<span><o:p>12</o:p></span>) where that provably changes nothing;
 *   - the attributes that are read or that the tree builder compares: colspan/rowspan of
 *     cells, <meta> name, http-equiv, property, content and charset, <a href>, <img src
 *     alt>, <input type>, and all attributes of formatting elements (<font>, <b>, ...);
 *   - every comment, emptied, and <script>, <style>, <iframe>, <textarea>, emptied.
 * Every token that stays separates the text around it as before, so gumbo inserts every
 * run of text where it did.
 *
 * The scan follows the HTML5 tokenizer wherever it decides what is markup: comment ends
 * (<!-->, --!>), bogus comments, attribute quoting, raw-text and RCDATA elements and the
 * escape states of <script> (a "</script>" inside "<!--<script>" does not end it), a tag
 * cut by the end of the page (dropped, as gumbo drops it). Where the tree builder would
 * change how later bytes are tokenized in a way a lexical scan cannot follow (<svg>,
 * <math>, <template>, <plaintext>, a raw-text element inside <select>), the rest of the
 * page is copied as it is; a <frameset> page is not reduced at all.
 *
 * tests/unit/test_prefilter.c checks the claim: the doc of the reduced page equals the
 * doc of the whole page on every fixture, on pages for each rule, and on random soups. */
#ifndef NB_PREFILTER_H
#define NB_PREFILTER_H

#include <stddef.h>

#include "base/buf.h"

/* Writes the reduced page into out (replacing its content). Returns 0, or -1 when the
 * page must be parsed whole (a frameset page); out is then empty. */
int nb_prefilter_html(const char *html, size_t len, nb_buf *out);

#endif

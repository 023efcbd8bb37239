/* challenge: recognises an anti-robot challenge in a portal's answer.
 *
 * Government portals put "web application firewalls" in front of their pages that answer
 * a client without a JavaScript engine with a small page that is nothing but script,
 * which computes a cookie and reloads. Only a browser gets past it. The answer must be
 * told apart from a page that says something (a 404, an empty listing), because what it
 * means is different: the reports were not seen, so none of them can be called missing.
 *
 * An answer is a challenge when
 *   - its status is 202, 204, 412 or 521 (what 瑞数 and 加速乐 answer) and its body is
 *     small and script-only (no visible text), or it sets a challenge cookie; or
 *   - any status (a 200 too) and a small script-only body that carries a challenge's
 *     marks: 瑞数's $_ts, 加速乐's __jsluid, or a script that sets document.cookie and
 *     reloads the page.
 * A script-only page without such marks (a catalogue drawn by JavaScript) is not one.
 * Families named: 瑞数 (Rivers Security: $_ts, cookies such as FSSBBIl1UgzbN7N80S/T),
 * 加速乐 (Jiasule: __jsluid cookies, HTTP 521). */
#ifndef NB_CHALLENGE_H
#define NB_CHALLENGE_H

#include <stddef.h>

#include "base/buf.h"

/* True if the answer (HTTP status, 0 for none; the names of the cookies it sets,
 * space-separated; its body) is an anti-robot challenge. Then what gets the words for
 * the message: "HTTP 412, 瑞数/Rivers Security" (the status and, when known, the family). */
/* How every message about a challenge begins. */
#define NB_CHALLENGE_MESSAGE "the portal answered with an anti-robot challenge"

int nb_challenge_recognise(long status, const char *cookies, const char *body, size_t len, nb_buf *what);

#endif

/* xlsxnum: what a number cell shows (see xlsxnum.h). Only the first section of a
 * format code is read: its decimals, percent, date tokens and literal text; the rest of
 * a format is how the figure looks. */
#include "pipeline/read/files/xlsxnum.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *nb_xlsxnum_builtin(int id)
{
    /* ECMA-376 part 1, 18.8.30; the currency (5-8) and accounting (41-44) formats
     * without their locale's symbol, which is not shown anyway; the locale's dates
     * (14, 27-36, 50-58 in Chinese) as ISO dates. */
    switch (id) {
    case 0: return "General";
    case 1: return "0";
    case 2: return "0.00";
    case 3: case 5: case 6: case 37: case 38: case 41: case 42: return "#,##0";
    case 4: case 7: case 8: case 39: case 40: case 43: case 44: return "#,##0.00";
    case 9: return "0%";
    case 10: return "0.00%";
    case 11: return "0.00E+00";
    case 12: return "# ?/?";
    case 13: return "# ?\?/?\?";
    case 14: case 15: case 16: case 17: case 27: case 28: case 29: case 30: case 31: case 34: case 35:
    case 36: case 50: case 51: case 52: case 53: case 54: case 57: case 58: return "yyyy-mm-dd";
    case 18: case 20: case 32: case 33: case 55: case 56: return "h:mm";
    case 19: case 21: return "h:mm:ss";
    case 22: return "yyyy-mm-dd h:mm";
    case 45: return "mm:ss";
    case 46: return "[h]:mm:ss";
    case 47: return "mm:ss";
    case 48: return "##0.0E+0";
    case 49: return "@";
    default: return NULL;
    }
}

/* ---- plain decimals ---- */

/* v (finite, |v| < 1e30) rounded to 15 significant digits and then, when decimals >= 0,
 * to that many decimals (half away from zero, on the decimal digits), written plainly;
 * decimals < 0 writes every significant digit and no trailing zero. */
static void plain(double v, int decimals, char *out, size_t outsz)
{
    char e[64];
    snprintf(e, sizeof e, "%.14e", fabs(v)); /* d.dddddddddddddde+XX */
    char digits[17];
    digits[0] = '0'; /* room for a carry */
    digits[1] = e[0];
    memcpy(digits + 2, e + 2, 14);
    digits[16] = '\0';
    int exp = 0;
    sscanf(strchr(e, 'e') + 1, "%d", &exp);
    int top = exp + 1; /* the place of digits[0] */
    int len = 16;
    if (decimals >= 0) {
        int keep = top + decimals + 1; /* the digits at places >= -decimals */
        if (keep <= 0) {
            len = 1, digits[0] = '0', top = 0;
        } else if (keep < len) {
            int up = digits[keep] >= '5';
            len = keep;
            for (int j = len - 1; up && j >= 0; j--) {
                if (digits[j] == '9') digits[j] = '0';
                else digits[j]++, up = 0;
            }
        }
    }
    int lowest = decimals >= 0 ? -decimals : 0;
    if (decimals < 0) /* General: down to the last nonzero digit */
        for (int j = len - 1; j >= 0; j--)
            if (digits[j] != '0') {
                int place = top - j;
                if (place < lowest) lowest = place;
                break;
            }
    char body[400];
    size_t o = 0;
    int nonzero = 0, started = 0;
    int high = top > 0 ? top : 0;
    for (int place = high; place >= lowest && o + 3 < sizeof body; place--) {
        int j = top - place;
        char ch = j >= 0 && j < len ? digits[j] : '0';
        if (place == -1) {
            if (!started) body[o++] = '0';
            body[o++] = '.', started = 1;
        }
        if (ch != '0') nonzero = 1;
        if (place >= 0 && !started && ch == '0' && place > 0) continue;
        body[o++] = ch, started = 1;
    }
    body[o] = '\0';
    snprintf(out, outsz, "%s%s", v < 0 && nonzero ? "-" : "", body);
}

/* ---- dates ---- */

static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

static void show_date(double serial, int with_date, int with_time, int elapsed, int seconds, int date1904,
                      char *out, size_t outsz)
{
    long day = (long)floor(serial);
    long secs = lround((serial - (double)day) * 86400.0);
    if (secs >= 86400) day++, secs -= 86400;
    if (elapsed) secs += day * 86400, with_date = 0; /* [h]: hours counted on past 24 */
    char date[48] = "", time[64] = "";
    if (with_date) {
        long y;
        unsigned m, d;
        if (!date1904 && day == 60) { /* Lotus 1-2-3's 29 February 1900, which Excel keeps */
            y = 1900, m = 2, d = 29;
        } else {
            long base = date1904 ? days_from_civil(1904, 1, 1) : days_from_civil(1899, 12, day < 60 ? 31 : 30);
            civil_from_days(base + day, &y, &m, &d);
        }
        snprintf(date, sizeof date, "%04ld-%02u-%02u", y, m, d);
    }
    if (with_time) {
        if (seconds) snprintf(time, sizeof time, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
        else snprintf(time, sizeof time, "%02ld:%02ld", secs / 3600, secs / 60 % 60);
    }
    snprintf(out, outsz, "%s%s%s", date, date[0] && time[0] ? " " : "", time);
}

/* ---- format codes ---- */

typedef struct {
    int general, percent, decimals, dated, timed, elapsed, seconds;
    char prefix[64], suffix[64];
} shape;

static void add_literal(shape *s, int after, const char *text, size_t n)
{
    char *to = after ? s->suffix : s->prefix;
    size_t have = strlen(to);
    if (have + n >= sizeof s->prefix) return;
    memcpy(to + have, text, n);
    to[have + n] = '\0';
}

/* Currency signs and a negative's decorations are dropped: they are how a figure looks. */
static int is_decoration(const char *p, size_t *n)
{
    static const char *const signs[] = {"$", "(", ")", "-", "+", " ", "\xC2\xA5" /* ¥ */, "\xEF\xBF\xA5" /* ￥ */,
                                        "\xE2\x82\xAC" /* € */, "\xC2\xA3" /* £ */, NULL};
    for (const char *const *s = signs; *s; s++)
        if (!strncmp(p, *s, strlen(*s))) return *n = strlen(*s), 1;
    return 0;
}

static void read_format(const char *f, shape *s)
{
    memset(s, 0, sizeof *s);
    s->decimals = -1;
    if (!f || !*f) {
        s->general = 1;
        return;
    }
    int placeholders = 0, in_fraction = 0, digits_after_point = 0, point = 0;
    for (const char *p = f; *p && *p != ';';) {
        char c = *p;
        if (c == '"') {
            const char *end = strchr(p + 1, '"');
            size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
            add_literal(s, placeholders > 0, p + 1, n);
            p += n + 1 + (end != NULL);
        } else if (c == '\\' && p[1]) {
            size_t n = 1;
            while ((p[1 + n] & 0xC0) == 0x80) n++; /* one character, however many bytes */
            if (!is_decoration(p + 1, &(size_t){0})) add_literal(s, placeholders > 0, p + 1, n);
            p += 1 + n;
        } else if ((c == '_' || c == '*') && p[1]) {
            p += 2;
            while ((*p & 0xC0) == 0x80) p++;
        } else if (c == '[') {
            const char *end = strchr(p, ']');
            if (!end) break;
            int elapsed = 1;
            for (const char *q = p + 1; q < end; q++) elapsed &= strchr("hHmMsS", *q) != NULL;
            if (elapsed && end > p + 1)
                s->timed = s->elapsed = 1, s->seconds |= memchr(p, 's', (size_t)(end - p)) != NULL;
            p = end + 1;
        } else if (!strncasecmp(p, "General", 7)) {
            s->general = 1, placeholders++;
            p += 7;
        } else if (c == '0' || c == '#' || c == '?') {
            placeholders++;
            if (point && !in_fraction) digits_after_point++;
            p++;
        } else if (c == '.') {
            point = 1;
            p++;
        } else if (c == '%') {
            s->percent = 1;
            p++;
        } else if ((c == 'E' || c == 'e') && (p[1] == '+' || p[1] == '-') && placeholders) {
            s->general = 1; /* scientific: the plain figure instead */
            p += 2;
        } else if (c == '/' && placeholders) {
            s->general = 1, in_fraction = 1; /* a fraction: the plain figure instead */
            p++;
        } else if (c == '@') {
            s->general = 1, placeholders++;
            p++;
        } else if (strchr("yYdD", c) || ((c == 'e' || c == 'g' || c == 'G' || c == 'b' || c == 'B') && !placeholders)) {
            s->dated = 1;
            p++;
        } else if (c == 'h' || c == 'H') {
            s->timed = 1;
            p++;
        } else if (c == 's' || c == 'S') {
            s->timed = 1, s->seconds = 1;
            p++;
        } else if (c == 'm' || c == 'M') {
            s->dated |= 2; /* month or minute: settled below */
            p++;
        } else if (!strncasecmp(p, "AM/PM", 5) || !strncasecmp(p, "A/P", 3)) {
            s->timed = 1;
            p += p[1] == '/' ? 3 : 5;
        } else if (c == ',') {
            p++;
        } else {
            size_t n = 1;
            while ((p[n] & 0xC0) == 0x80) n++;
            size_t skip;
            if (!is_decoration(p, &skip)) add_literal(s, placeholders > 0, p, n);
            p += n;
        }
    }
    /* "m" is a month beside a year or a day, a minute beside hours or seconds. */
    if (s->dated & 2) s->dated = (s->dated & 1) || !s->timed;
    if (s->dated || s->timed) return;
    if (!placeholders) s->general = 1;
    if (!s->general) s->decimals = digits_after_point;
}

void nb_xlsxnum_show(double value, const char *format, int date1904, char *out, size_t outsz)
{
    if (!outsz) return;
    if (!isfinite(value) || fabs(value) >= 1e30) {
        snprintf(out, outsz, "%.15G", value);
        return;
    }
    shape s;
    read_format(format && strcasecmp(format, "General") ? format : NULL, &s);
    if ((s.dated || s.timed) && value >= 0 && value < 2958466) { /* up to 9999-12-31 */
        show_date(value, s.dated, s.timed, s.elapsed, s.seconds, date1904, out, outsz);
        return;
    }
    char figure[416];
    if (s.percent) {
        plain(value * 100, s.general ? -1 : s.decimals, figure, sizeof figure);
        snprintf(out, outsz, "%s%s%%%s", s.prefix, figure, s.suffix);
        return;
    }
    plain(value, s.general || s.dated || s.timed ? -1 : s.decimals, figure, sizeof figure);
    snprintf(out, outsz, "%s%s%s", s.prefix, figure, s.suffix);
}

/* date: calendar dates as the outputs write them (YYYY-MM-DD), and which of them exist:
 * a page that prints 2024-02-31 printed no date. Header-only. */
#ifndef NB_DATE_H
#define NB_DATE_H

static inline int nb_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) return 29;
    return days[month - 1];
}

static inline int nb_date_exists(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && day >= 1 && day <= nb_date_days_in_month(year, month);
}

/* Reads exactly "YYYY-MM-DD" naming a day that exists. Returns 1 and the parts, or 0. */
static inline int nb_date_parse(const char *s, int *year, int *month, int *day)
{
    for (int i = 0; i < 10; i++) {
        int digit = s[i] >= '0' && s[i] <= '9';
        if ((i == 4 || i == 7) ? s[i] != '-' : !digit) return 0;
    }
    if (s[10]) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!nb_date_exists(y, m, d)) return 0;
    *year = y, *month = m, *day = d;
    return 1;
}

#endif

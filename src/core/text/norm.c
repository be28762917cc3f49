/* Normalisers for the values of real exports: emails, numbers, ids, genders,
 * booleans and place names (dates are in text/date.c, phones in text/country.c). None
 * allocates: they run on every value of every import. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/norm.h"
#include "i18n.h"
#include "text/text.h"

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum_ascii(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes of a space at p that may sit inside a value: ASCII space or tab,
 * U+00A0 (Excel's thousands separator in ru-RU), U+202F and U+2009 (the
 * narrow and thin spaces of French and Ukrainian typography); else 0. */
static size_t
space_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] == ' ' || p[0] == '\t')
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || p[2] == 0x89))
		return 3;
	return 0;
}

/* Folds a short value into buf for matching against word lists; false when
 * it does not fit (then it is none of the words). */
static bool
fold_small(const char *in, char *buf, size_t bufsz)
{
	return text_fold_buf(in, strlen(in), buf, bufsz) < bufsz;
}

static bool
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* --- email ------------------------------------------------------------------ */

static bool
email_local_ok(const unsigned char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return false;
		/* RFC 5322 atext; bytes >= 0x80 are UTF-8 (RFC 6531 addresses,
		 * checked for validity by the caller) */
		if (!is_alnum_ascii(s[i]) && s[i] < 0x80 &&
		    strchr("!#$%&'*+/=?^_`{|}~.-", s[i]) == NULL)
			return false;
	}
	return true;
}

/* Host names with at least two labels; letters beyond ASCII are allowed
 * because shops on .рф and .укр get mail there. */
static bool
email_domain_ok(const unsigned char *s, size_t n)
{
	size_t i, k, start = 0, labels = 0, last = 0;
	bool digits_only = true;

	if (n == 0 || n > 253)
		return false;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!is_alnum_ascii(s[i]) && s[i] != '-' && s[i] < 0x80)
				return false;
			continue;
		}
		if (i == start || i - start > 63 || s[start] == '-' ||
		    s[i - 1] == '-')
			return false;
		labels++;
		last = i - start;
		digits_only = true;
		for (k = start; k < i; k++)
			if (!is_digit(s[k]))
				digits_only = false;
		start = i + 1;
	}
	/* a one-letter or all-digit top-level domain is a typo or an IP
	 * address */
	return labels >= 2 && !digits_only && last >= 2;
}

int
norm_email(const char *in, char *out, size_t outsz, const char **why)
{
	static const char expect[] = N_("an email address like name@example.com");
	const char *s = in, *at = NULL;
	size_t n = strlen(in), i;

	/* "Ivan Petrov <ivan@mail.ru>" as copied from a mail client */
	if (n > 2 && s[n - 1] == '>') {
		for (i = n - 1; i > 0 && s[i - 1] != '<'; i--)
			;
		if (i == 0)
			goto bad;
		s += i;
		n -= i + 1;
	}
	if (n > 7 && strncasecmp(s, "mailto:", 7) == 0) {
		s += 7;
		n -= 7;
	}
	if (n == 0 || n > 254)
		goto bad;
	for (i = 0; i < n; i++) {
		if (s[i] != '@')
			continue;
		if (at != NULL)
			goto bad;
		at = s + i;
	}
	if (at == NULL ||
	    !email_local_ok((const unsigned char *)s, (size_t)(at - s)) ||
	    !email_domain_ok((const unsigned char *)at + 1,
	    n - (size_t)(at - s) - 1) || !text_valid_utf8(s, n, NULL))
		goto bad;
	if (text_fold_buf(s, n, out, outsz) >= outsz) {
		*why = _("a shorter email address");
		return -1;
	}
	return 0;
bad:
	*why = _(expect);
	return -1;
}

/* --- numbers ---------------------------------------------------------------- */

static pthread_once_t c_once = PTHREAD_ONCE_INIT;
static locale_t c_loc;

static void
c_loc_init(void)
{
	c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* strtod in the "C" locale: under ru_RU plain strtod wants a ',' and would
 * stop at the '.' we write. */
static double
strtod_c(const char *s, char **end)
{
	pthread_once(&c_once, c_loc_init);
	if (c_loc != (locale_t)0)
		return strtod_l(s, end, c_loc);
	return strtod(s, end);
}

/* Currency marks a pasted price may carry; the words only after the number
 * (the value is folded first, so "РУБ." matches too). */
static const char *const currency_signs[] = {
	"₽", "€", "£", "₴", "$", "rub", "uah", "usd", "eur", "gbp", NULL
};
static const char *const currency_words[] = {
	"руб.", "руб", "р.", "грн.", "грн", NULL
};

static bool
sign_at(const char *p, size_t *len, bool *neg)
{
	if (*p == '-' || *p == '+') {
		*neg = *p == '-';
		*len = 1;
		return true;
	}
	if (strncmp(p, "−", 3) == 0) { /* U+2212, as some spreadsheets write */
		*neg = true;
		*len = 3;
		return true;
	}
	return false;
}

/* A currency mark at the start of [p, end) and the spaces after it. */
static const char *
skip_currency_prefix(const char *p, const char *end)
{
	size_t i, n, sp;

	for (i = 0; currency_signs[i] != NULL; i++) {
		n = strlen(currency_signs[i]);
		if ((size_t)(end - p) > n && memcmp(p, currency_signs[i], n) == 0) {
			p += n;
			while (p < end && (sp = space_len(p)) > 0)
				p += sp;
			return p;
		}
	}
	return NULL;
}

/* A currency mark at the end of [p, end) and the spaces before it. */
static const char *
cut_currency_suffix(const char *p, const char *end)
{
	const char *const *lists[] = { currency_signs, currency_words };
	size_t l, i, n;

	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i] != NULL; i++) {
			n = strlen(lists[l][i]);
			if ((size_t)(end - p) <= n ||
			    memcmp(end - n, lists[l][i], n) != 0)
				continue;
			end -= n;
			for (;;) {
				if (end - p > 1 && end[-1] == ' ')
					end--;
				else if (end - p > 2 && strncmp(end - 2, "\xc2\xa0", 2) == 0)
					end -= 2;
				else if (end - p > 3 && (strncmp(end - 3, "\xe2\x80\xaf", 3) == 0 ||
				    strncmp(end - 3, "\xe2\x80\x89", 3) == 0))
					end -= 3;
				else
					break;
			}
			return end;
		}
	return NULL;
}

/* Which of '.' and ',' is the decimal separator of [p, end), or 0.
 * Both present: the later one (1,234.50 and 1.234,50). One of them once:
 * that one, so "1,234" is 1.234. That is the ambiguous case, and we side
 * with our users' files: Russian and Ukrainian exports write decimals with
 * a comma and group thousands with spaces, while English exports that
 * group with commas nearly always show a dot after them (1,234.00) or more
 * than one comma (1,234,567). One of them several times: thousands only
 * ("1.234.567"). Returns -1 when the layout cannot be a number. */
static int
decimal_separator(const char *p, const char *end)
{
	const char *last_dot = NULL, *last_comma = NULL;
	int dots = 0, commas = 0;

	for (; p < end; p++) {
		if (*p == '.') {
			dots++;
			last_dot = p;
		} else if (*p == ',') {
			commas++;
			last_comma = p;
		}
	}
	if (dots > 0 && commas > 0) {
		if (last_dot > last_comma)
			return dots == 1 ? '.' : -1;
		return commas == 1 ? ',' : -1;
	}
	if (dots == 1)
		return '.';
	if (commas == 1)
		return ',';
	return 0;
}

static size_t
group_separator_len(const char *p)
{
	size_t n;

	if (*p == '.' || *p == ',' || *p == '\'')
		return 1;
	if (strncmp(p, "’", 3) == 0) /* U+2019, Swiss "1’234.50" */
		return 3;
	n = space_len(p);
	return *p == '\t' ? 0 : n;
}

/* Copies the digits of [p, end) into buf as "[-]ddd[.ddd][e[-]dd]",
 * checking that thousands separators group by three. */
static int
number_body(const char *p, const char *end, bool neg, char *buf, size_t bufsz)
{
	size_t b = 0, sl;
	int dec = decimal_separator(p, end), group = 0;
	bool grouped = false, frac = false, digits = false;

	if (dec < 0)
		return -1;
	if (neg)
		buf[b++] = '-';
	while (p < end) {
		if (b + 8 >= bufsz)
			return -1;
		if (is_digit((unsigned char)*p)) {
			buf[b++] = *p++;
			group++;
			digits = true;
		} else if (!frac && *p == dec) {
			if (grouped && group != 3)
				return -1;
			buf[b++] = '.';
			frac = true;
			group = 0;
			p++;
		} else if (!frac && (sl = group_separator_len(p)) > 0) {
			/* 1 234 567: one to three digits first, then threes */
			if (group == 0 || (grouped ? group != 3 : group > 3))
				return -1;
			grouped = true;
			group = 0;
			p += sl;
		} else if ((*p == 'e' || *p == 'E') && digits && !grouped &&
		    (!frac || group > 0)) {
			/* 1.5E+10, as spreadsheets write big numbers */
			buf[b++] = 'e';
			p++;
			if (p < end && (*p == '-' || *p == '+'))
				buf[b++] = *p++;
			if (p == end)
				return -1;
			for (; p < end; p++) {
				if (!is_digit((unsigned char)*p) || b + 2 >= bufsz)
					return -1;
				buf[b++] = *p;
			}
			buf[b] = '\0';
			return 0;
		} else
			return -1;
	}
	if (!digits || (frac && group == 0) || (!frac && grouped && group != 3))
		return -1;
	buf[b] = '\0';
	return 0;
}

int
norm_number(const char *in, double *out, const char **why)
{
	static const char expect[] = N_("a number like 1234.50 or 1 234,50");
	char s[128], buf[96], *e;
	const char *p, *end, *q;
	size_t sl;
	bool neg = false, has_sign = false, paren = false;
	double v;

	if (*in == '\0' || !fold_small(in, s, sizeof s))
		goto bad;
	p = s;
	end = s + strlen(s);
	/* accounting exports write losses as (1 234,50) */
	if (end - p > 2 && *p == '(' && end[-1] == ')') {
		paren = true;
		p++;
		end--;
	}
	if (sign_at(p, &sl, &neg)) {
		has_sign = true;
		p += sl;
	}
	if ((q = skip_currency_prefix(p, end)) != NULL) {
		p = q;
		if (!has_sign && sign_at(p, &sl, &neg)) {
			has_sign = true;
			p += sl;
		}
	} else if ((q = cut_currency_suffix(p, end)) != NULL)
		end = q;
	if (paren && has_sign)
		goto bad;
	if (number_body(p, end, neg || paren, buf, sizeof buf) < 0)
		goto bad;
	v = strtod_c(buf, &e);
	if (*e != '\0' || !isfinite(v))
		goto bad;
	*out = v == 0 ? 0 : v; /* no -0 in the base */
	return 0;
bad:
	*why = _(expect);
	return -1;
}

/* --- ids -------------------------------------------------------------------- */

int
norm_id(const char *in, char *out, size_t outsz, const char **why)
{
	size_t n = strlen(in), i = 0, dot;

	/* A spreadsheet or pandas turns the id column into floats when one id
	 * is missing: 17850 comes back as "17850.0". Only an integral float is
	 * undone; anything else is an id that happens to have a dot. */
	if (in[i] == '-' || in[i] == '+')
		i++;
	while (is_digit((unsigned char)in[i]))
		i++;
	dot = i;
	if (dot > 0 && is_digit((unsigned char)in[dot - 1]) && in[dot] == '.' &&
	    in[dot + 1] != '\0') {
		for (i = dot + 1; in[i] == '0'; i++)
			;
		if (in[i] == '\0')
			n = dot;
	}
	if (n == 0 || n >= outsz) {
		*why = n == 0 ? _("an id") : _("a shorter id");
		return -1;
	}
	memcpy(out, in, n);
	out[n] = '\0';
	return 0;
}

/* --- genders and booleans ---------------------------------------------------- */

int
norm_gender(const char *in, char *out, const char **why)
{
	/* folded; "муж." and "жен." lose their dot before the lookup */
	static const char *const male[] = {
		"m", "male", "man", "men", "м", "муж", "мужской", "мужчина",
		"мужская", "ч", "чол", "чоловік", "чоловіча", "чоловічий", NULL
	};
	static const char *const female[] = {
		"f", "female", "woman", "women", "ж", "жен", "женский",
		"женщина", "женская", "жін", "жінка", "жіноча", "жіночий", NULL
	};
	char s[32];
	size_t n;

	if (fold_small(in, s, sizeof s)) {
		n = strlen(s);
		if (n > 1 && s[n - 1] == '.')
			s[n - 1] = '\0';
		if (in_list(s, male) || in_list(s, female)) {
			out[0] = in_list(s, male) ? 'M' : 'F';
			out[1] = '\0';
			return 0;
		}
	}
	*why = _("a gender such as F, M, female, male, ж, м");
	return -1;
}

int
norm_bool(const char *in, int *out, const char **why)
{
	/* folded. Consent columns of CRMs and mailing services: a tick, a
	 * cross, Excel's own TRUE in Russian and Ukrainian (ИСТИНА/ЛОЖЬ,
	 * ІСТИНА/ХИБНІСТЬ), pandas floats (1.0), subscription states. "х" is
	 * the Cyrillic letter a Russian keyboard gives for a cross. */
	static const char *const yes[] = {
		"1", "1.0", "yes", "y", "true", "t", "on", "x", "х", "+", "✓",
		"✔", "да", "д", "так", "т", "истина", "істина", "subscribed",
		"opt-in", "opt in", "optin", "opted in", "подписан",
		"подписана", "підписаний", "підписана", NULL
	};
	static const char *const no[] = {
		"0", "0.0", "no", "n", "false", "f", "off", "-", "нет", "н", "ні",
		"ложь", "хибність", "unsubscribed", "opt-out", "opt out",
		"optout", "opted out", "отписан", "отписана", "не подписан",
		"не подписана", "відписаний", "відписана", NULL
	};
	char s[32];

	if (fold_small(in, s, sizeof s)) {
		if (in_list(s, yes)) {
			*out = 1;
			return 0;
		}
		if (in_list(s, no)) {
			*out = 0;
			return 0;
		}
	}
	*why = _("yes or no (1/0, true/false, да/нет, так/ні)");
	return -1;
}

/* --- places ----------------------------------------------------------------- */

/* Past a leading "city" abbreviation: "г." / "г " (Russian), "м." / "м "
 * (Ukrainian), "город " / "місто ". Only the one-letter abbreviation
 * followed by a dot or a space counts, so "Гомель" and "Миргород" stay. */
static const char *
skip_city_prefix(const char *s)
{
	static const char *const words[] = {
		"город", "Город", "ГОРОД", "місто", "Місто", "МІСТО", "гор.",
		"Гор.", NULL
	};
	static const char *const letters[] = { "г", "Г", "м", "М", NULL };
	const char *p = NULL;
	size_t i, n, sp;

	for (i = 0; p == NULL && words[i] != NULL; i++) {
		n = strlen(words[i]);
		if (strncmp(s, words[i], n) == 0 &&
		    (space_len(s + n) > 0 || s[n - 1] == '.'))
			p = s + n;
	}
	for (i = 0; p == NULL && letters[i] != NULL; i++) {
		n = strlen(letters[i]);
		if (strncmp(s, letters[i], n) == 0 &&
		    (s[n] == '.' || space_len(s + n) > 0))
			p = s + n + (s[n] == '.');
	}
	if (p == NULL)
		return s;
	while ((sp = space_len(p)) > 0)
		p += sp;
	return p;
}

int
norm_place(const char *in, char *out, size_t outsz, const char **why)
{
	const char *p = in;
	size_t o = 0, sp;
	bool gap = false;

	while ((sp = space_len(p)) > 0 || *p == '\n' || *p == '\r')
		p += sp > 0 ? sp : 1;
	p = skip_city_prefix(p);
	for (; *p != '\0'; p++) {
		/* every run of spaces, no-break ones too, becomes one space */
		if ((sp = space_len(p)) > 0 || *p == '\n' || *p == '\r') {
			gap = o > 0;
			p += sp > 0 ? sp - 1 : 0;
			continue;
		}
		if (o + (gap ? 1 : 0) + 2 > outsz) {
			*why = _("a shorter place name");
			return -1;
		}
		if (gap)
			out[o++] = ' ';
		gap = false;
		out[o++] = *p;
	}
	if (o == 0) {
		*why = _("a place name");
		return -1;
	}
	out[o] = '\0';
	return 0;
}

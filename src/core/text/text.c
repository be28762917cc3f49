/* Text: UTF-8 validity, case folding, display widths, trimming, empty
 * markers and field names made from CSV headers. */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "text/text.h"

/* --- a UTF-8 locale of our own --------------------------------------------
 * The caller's locale may be "C" (tests, cron jobs) or Windows-1251 on an
 * old server; folding must not change with it. One C.UTF-8 LC_CTYPE object,
 * made once, serves every thread. */

static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;
static locale_t utf8_loc;

static void
utf8_loc_init(void)
{
	/* C.UTF-8 is everywhere on Linux; the others are for systems (macOS,
	 * the BSDs) that only have named UTF-8 locales. */
	static const char *const names[] = {
		"C.UTF-8", "C.utf8", "en_US.UTF-8", "UTF-8", NULL
	};
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		utf8_loc = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
		if (utf8_loc != (locale_t)0)
			return;
	}
}

/* The shared UTF-8 locale, or 0 when the system has none (then the
 * built-in tables below are used). */
static locale_t
utf8_locale(void)
{
	pthread_once(&utf8_once, utf8_loc_init);
	return utf8_loc;
}

/* --- UTF-8 coding ---------------------------------------------------------- */

/* Decodes one sequence at s (n > 0 bytes left): its length with *cp set, or
 * 0 when s[0] starts no valid sequence (overlong forms, surrogates and
 * values past U+10FFFF are invalid too). */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c < 0xF0) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c < 0xF5) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t
text_utf8_put(uint32_t c, char *out)
{
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD; /* not a character: the replacement one */
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

bool
text_valid_utf8(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t c;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_decode(p + i, n - i, &c);
		if (len == 0) {
			if (bad != NULL)
				*bad = i;
			return false;
		}
		i += len;
	}
	return true;
}

/* --- case folding ---------------------------------------------------------- */

/* Lower case without a locale: enough for the scripts our users write
 * (Latin-1, Latin Extended-A, Greek, Cyrillic with Ukrainian letters). */
static uint32_t
fold_builtin(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c >= 0x100 && c <= 0x177 && c != 0x130 && c != 0x138 &&
	    c != 0x149) {
		/* pairs flip parity at U+0138 and again at U+0149 */
		if ((c < 0x138 || c > 0x149) ? c % 2 == 0 : c % 2 == 1)
			return c + 1;
		return c;
	}
	if (c == 0x130)
		return 'i';
	if (c == 0x178)
		return 0xFF;
	if (c >= 0x179 && c <= 0x17E && c % 2 == 1)
		return c + 1;
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if (((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) &&
	    c % 2 == 0)
		return c + 1;
	return c;
}

static uint32_t
fold_cp(uint32_t c, locale_t loc)
{
	if (loc != (locale_t)0)
		return (uint32_t)towlower_l((wint_t)c, loc);
	return fold_builtin(c);
}

size_t
text_fold_buf(const char *s, size_t n, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)s;
	locale_t loc = (locale_t)0;
	bool have_loc = false, full = false;
	size_t i = 0, need = 0, put = 0, k, len;
	char enc[4];
	uint32_t c;

	while (i < n) {
		if (p[i] < 0x80) {
			/* the common case: no locale, no decoding */
			enc[0] = (char)(p[i] >= 'A' && p[i] <= 'Z' ?
			    p[i] + 0x20 : p[i]);
			k = 1;
			i++;
		} else if ((len = utf8_decode(p + i, n - i, &c)) == 0) {
			enc[0] = (char)p[i];
			k = 1;
			i++;
		} else {
			if (!have_loc) {
				loc = utf8_locale();
				have_loc = true;
			}
			k = text_utf8_put(fold_cp(c, loc), enc);
			i += len;
		}
		if (!full && outsz > 0 && put + k < outsz) {
			memcpy(out + put, enc, k);
			put += k;
		} else
			full = true;
		need += k;
	}
	if (outsz > 0)
		out[put] = '\0';
	return need;
}

char *
text_fold(const char *s)
{
	size_t n, need;
	char *out, *bigger;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	need = text_fold_buf(s, n, out, n + 1);
	/* a few letters lower-case to a longer sequence (U+023A -> U+2C65) */
	if (need > n) {
		if ((bigger = realloc(out, need + 1)) == NULL) {
			free(out);
			return NULL;
		}
		out = bigger;
		text_fold_buf(s, n, out, need + 1);
	}
	return out;
}

bool
text_same_folded(const char *a, const char *b)
{
	char *fa = text_fold(a), *fb = text_fold(b);
	bool same = fa != NULL && fb != NULL && strcmp(fa, fb) == 0;

	free(fa);
	free(fb);
	return same;
}

/* --- widths ---------------------------------------------------------------- */

/* Columns without a locale: combining marks take none, East Asian wide
 * characters and emoji two. */
static int
width_builtin(uint32_t c)
{
	if ((c >= 0x300 && c <= 0x36F) || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F))
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF &&
	    c != 0x303F) || (c >= 0xAC00 && c <= 0xD7A3) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
	    (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) ||
	    (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, len;
	locale_t loc, old = (locale_t)0;
	long w = 0;
	int cw;
	uint32_t c;

	while (p[i] != '\0' && p[i] < 0x80)
		i++;
	if (p[i] == '\0')
		return i > INT_MAX ? INT_MAX : (int)i;

	/* wcwidth has no _l variant: switch this thread's locale around the
	 * loop only, and put the caller's back. */
	n = i + strlen(s + i);
	loc = utf8_locale();
	if (loc != (locale_t)0)
		old = uselocale(loc);
	w = (long)i;
	while (i < n) {
		if (p[i] < 0x80) {
			/* controls too: a list shows them as one placeholder */
			w++;
			i++;
			continue;
		}
		if ((len = utf8_decode(p + i, n - i, &c)) == 0) {
			w++;
			i++;
			continue;
		}
		cw = loc != (locale_t)0 ? wcwidth((wchar_t)c) : width_builtin(c);
		w += cw < 0 ? 1 : cw;
		i += len;
	}
	if (loc != (locale_t)0)
		uselocale(old);
	return w > INT_MAX ? INT_MAX : (int)w;
}

int
text_char_width(uint32_t c)
{
	locale_t loc, old;
	int cw;

	if (c < 0x80)
		return 1;
	if ((loc = utf8_locale()) == (locale_t)0)
		return width_builtin(c);
	old = uselocale(loc);
	cw = wcwidth((wchar_t)c);
	uselocale(old);
	return cw < 0 ? 1 : cw;
}

size_t
text_utf8_next(const char *s, size_t n, uint32_t *c)
{
	return utf8_decode((const unsigned char *)s, n, c);
}

/* --- trimming and empty markers ---------------------------------------------- */

static bool
is_ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

char *
text_trim(char *s)
{
	unsigned char *p = (unsigned char *)s;
	size_t start = 0, end = strlen(s);

	for (;;) {
		if (is_ascii_space(p[start]))
			start++;
		else if (p[start] == 0xC2 && p[start + 1] == 0xA0)
			start += 2;
		else
			break;
	}
	/* C2 is never a continuation byte, so a final C2 A0 is a no-break
	 * space and not the tail of some other character. */
	while (end > start) {
		if (is_ascii_space(p[end - 1]))
			end--;
		else if (end - start >= 2 && p[end - 2] == 0xC2 &&
		    p[end - 1] == 0xA0)
			end -= 2;
		else
			break;
	}
	if (start > 0)
		memmove(s, s + start, end - start);
	s[end - start] = '\0';
	return s;
}

bool
text_is_na(const char *s, const char *const *na)
{
	static const char *const defaults[] = {
		"", "NA", "N/A", "NULL", "null", "None", "nan", NULL
	};
	size_t i;

	if (na == NULL) {
		/* Every default marker starts with N or n, or is empty: most
		 * values are decided by their first byte. */
		if (s[0] != '\0' && s[0] != 'N' && s[0] != 'n')
			return false;
		na = defaults;
	}
	for (i = 0; na[i] != NULL; i++)
		if (strcmp(s, na[i]) == 0)
			return true;
	return false;
}

/* --- field names ----------------------------------------------------------- */

/* Combining marks belong to the letter before them: a "й" written as и +
 * U+0306 must not split a word. */
static bool
is_combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
	    (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
	    (c >= 0xFE20 && c <= 0xFE2F);
}

static bool
is_word_cp(uint32_t c, locale_t loc)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');
	if (is_combining(c))
		return true;
	/* what the rule parser never takes for a letter (rule_word_cp): Latin-1
	 * signs (µ ª º too), the General Punctuation and CJK punctuation
	 * blocks, BOM, replacement character; a field name must be a word */
	if (c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
	    (c >= 0x3000 && c <= 0x303F) || c == 0xFEFF || c == 0xFFFD)
		return false;
	if (loc != (locale_t)0)
		return iswalnum_l((wint_t)c, loc) != 0;
	return true;
}

char *
field_name_from_header(const char *header)
{
	const unsigned char *p = (const unsigned char *)header;
	size_t n = strlen(header), i = 0, o = 0, len;
	locale_t loc = utf8_locale();
	bool gap = false;
	char *out;
	uint32_t c;

	/* folding grows a character by at most half; '_' only replaces; and
	 * 2 bytes for the "f_" in front of a leading digit */
	if ((out = malloc(2 * n + 3)) == NULL)
		return NULL;
	while (i < n) {
		if ((len = utf8_decode(p + i, n - i, &c)) == 0) {
			/* an undecodable byte is no letter */
			len = 1;
			c = 0xFFFD;
		}
		i += len;
		if (!is_word_cp(c, loc)) {
			gap = true;
			continue;
		}
		if (o == 0 && c >= '0' && c <= '9') {
			out[o++] = 'f';
			out[o++] = '_';
		} else if (gap && o > 0)
			out[o++] = '_';
		gap = false;
		o += text_utf8_put(fold_cp(c, loc), out + o);
	}
	if (o == 0) {
		free(out);
		return NULL;
	}
	out[o] = '\0';
	return out;
}

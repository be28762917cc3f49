/* Detection of a CSV file's delimiter and encoding from a sample of its
 * start, and the names of the encodings. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "csv/csv_read.h"
#include "csv/private.h"

/* Fields per line for delimiter d over at most SAMPLE_LINES lines, with
 * quotes opening only at a field's start (a stray `5" ruler` must not turn
 * the rest of the sample into one quoted field). Returns the line count. */
static size_t
count_fields(const char *s, size_t len, int d, size_t *counts)
{
	size_t i, nlines = 0, fields = 1;
	bool quoted = false, at_start = true, content = false;
	int c;

	for (i = 0; i < len && nlines < SAMPLE_LINES; i++) {
		c = (unsigned char)s[i];
		if (quoted) {
			if (c == '"') {
				if (i + 1 < len && s[i + 1] == '"')
					i++;
				else
					quoted = false;
			}
			continue;
		}
		if (c == '\n' || c == '\r') {
			if (content)
				counts[nlines++] = fields;
			fields = 1, at_start = true, content = false;
		} else if (c == d) {
			fields++, at_start = true, content = true;
		} else {
			if (c == '"' && at_start)
				quoted = true;
			at_start = false;
			content = true;
		}
	}
	/* A line cut by the end of the sample counts only if it is the only one. */
	if (content && nlines == 0)
		counts[nlines++] = fields;
	return nlines;
}

int
csv_detect_delim(const char *sample, size_t len)
{
	static const int cands[] = {',', ';', '\t', '|'};
	size_t counts[SAMPLE_LINES], n, i, j, same, best_same = 0;
	size_t mode, best_mode = 0;
	int best = ',';
	unsigned k;

	if (len > SAMPLE)
		len = SAMPLE;
	for (k = 0; k < sizeof cands / sizeof cands[0]; k++) {
		n = count_fields(sample, len, cands[k], counts);
		/* The most frequent field count above one, and how many lines
		 * have it: the delimiter that splits most lines alike wins. */
		same = 0, mode = 0;
		for (i = 0; i < n; i++) {
			size_t m = 0;
			if (counts[i] < 2)
				continue;
			for (j = 0; j < n; j++)
				m += counts[j] == counts[i];
			if (m > same || (m == same && counts[i] > mode))
				same = m, mode = counts[i];
		}
		if (same > best_same || (same == best_same && same > 0 && mode > best_mode))
			best_same = same, best_mode = mode, best = cands[k];
	}
	return best;
}

static bool
cp1251_letter(unsigned c)
{
	return c >= 0xC0 || c == 0xA8 || c == 0xB8; /* А..я, Ё, ё */
}

static bool
ascii_letter(unsigned c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* A UTF-8 file with a stray byte of another encoding (one field pasted
 * from a Windows-1251 document) is still UTF-8: reading it all as
 * Windows-1251 would garble every other name, while UTF-8 reports the bad
 * byte. Text in a single-byte encoding rarely forms valid UTF-8 sequences
 * (Ukrainian "Мі" in Windows-1251 does, among many bytes that do not), so
 * valid sequences must at least match the invalid bytes. */
static bool
mostly_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, valid = 0, invalid = 0;

	while (i < len) {
		size_t n, k;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = s[i] >= 0xC2 && s[i] <= 0xDF ? 2 : s[i] >= 0xE0 && s[i] <= 0xEF ? 3
		    : s[i] >= 0xF0 && s[i] <= 0xF4 ? 4 : 0;
		for (k = 1; n > 0 && k < n; k++)
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				n = 0;
		if (n == 0) {
			invalid++;
			i++;
		} else {
			valid++;
			i += n;
		}
	}
	return valid >= 4 && valid >= invalid;
}

enum csv_encoding
csv_detect_encoding(const char *sample, size_t len)
{
	const unsigned char *s = (const unsigned char *)sample;
	size_t i, cyr = 0, lat = 0;
	unsigned prev, next;

	if (len > SAMPLE)
		len = SAMPLE;
	if (csv_utf8_bad(s, len, true) == len || mostly_utf8(s, len))
		return CSV_ENC_UTF8;
	/* Latin-1 and cp1251 both put letters at 0xC0-0xFF. Cyrillic words
	 * are runs of such bytes; Western names have one accented letter
	 * between ASCII ones ("Müller"). */
	for (i = 0; i < len; i++) {
		if (!cp1251_letter(s[i]))
			continue;
		prev = i > 0 ? s[i - 1] : ' ';
		next = i + 1 < len ? s[i + 1] : ' ';
		if (cp1251_letter(prev) || cp1251_letter(next))
			cyr++;
		else if (ascii_letter(prev) || ascii_letter(next))
			lat++;
	}
	return cyr > lat ? CSV_ENC_CP1251 : CSV_ENC_LATIN1;
}

const char *
csv_encoding_name(enum csv_encoding enc)
{
	switch (enc) {
	case CSV_ENC_UTF8:
		return "utf-8";
	case CSV_ENC_CP1251:
		return "windows-1251";
	case CSV_ENC_LATIN1:
		return "latin-1";
	case CSV_ENC_AUTO:
		break;
	}
	return "auto";
}

int
csv_encoding_parse(const char *s, enum csv_encoding *out)
{
	static const struct {
		const char *name;
		enum csv_encoding enc;
	} names[] = {
		{"utf-8", CSV_ENC_UTF8},          {"utf8", CSV_ENC_UTF8},
		{"cp1251", CSV_ENC_CP1251},       {"windows-1251", CSV_ENC_CP1251},
		{"latin1", CSV_ENC_LATIN1},       {"latin-1", CSV_ENC_LATIN1},
		{"iso-8859-1", CSV_ENC_LATIN1},   {"cp1252", CSV_ENC_LATIN1},
		{"windows-1252", CSV_ENC_LATIN1}, {"auto", CSV_ENC_AUTO},
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(s, names[i].name) == 0) {
			*out = names[i].enc;
			return 0;
		}
	}
	return -1;
}

/* The generator's toolbox: PRNG streams, calendar arithmetic, the buffered
 * CSV writer, UTF-8 case mapping. Integer arithmetic only: same bytes anywhere. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gen_util.h"

enum { OUT_CAP = 1 << 22 };

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

uint64_t hash_str(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	return mix64(h);
}

void rng_init(struct rng *r, uint64_t seed, uint64_t stream, uint64_t index)
{
	uint64_t h = mix64(seed + UINT64_C(0xd1b54a32d192ed03) * (stream + 1));

	r->s = mix64(h + index * UINT64_C(0x9e3779b97f4a7c15));
}

uint64_t rng_next(struct rng *r)
{
	return mix64(r->s += UINT64_C(0x9e3779b97f4a7c15));
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

uint32_t rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	if (hi - lo == UINT32_MAX)
		return (uint32_t)rng_next(r);
	return lo + rng_below(r, hi - lo + 1);
}

int rng_chance(struct rng *r, unsigned per10k)
{
	return rng_below(r, 10000) < per10k;
}

uint32_t rng_skewed(struct rng *r, uint32_t n)
{
	return rng_below(r, 1 + rng_below(r, n));
}

unsigned rng_weighted(struct rng *r, const unsigned *weights, unsigned n)
{
	uint32_t total = 0, x;
	unsigned i;

	for (i = 0; i < n; i++)
		total += weights[i];
	x = rng_below(r, total);
	for (i = 0; i + 1 < n; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

unsigned weekday_from_days(int64_t z)
{
	/* 1970-01-01 was a Thursday. */
	return (unsigned)(((z % 7) + 7 + 3) % 7);
}

int out_open(struct out *o, const char *path)
{
	o->len = 0;
	o->err = 0;
	o->buf = malloc(OUT_CAP);
	if (o->buf == NULL)
		return ENOMEM;
	o->f = fopen(path, "wb");
	if (o->f == NULL) {
		int e = errno;

		free(o->buf);
		o->buf = NULL;
		return e;
	}
	return 0;
}

static void out_flush(struct out *o)
{
	if (o->len > 0 && o->err == 0 && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->err = errno ? errno : EIO;
	o->len = 0;
}

int out_close(struct out *o)
{
	out_flush(o);
	if (fflush(o->f) != 0 && o->err == 0)
		o->err = errno ? errno : EIO;
	if (fclose(o->f) != 0 && o->err == 0)
		o->err = errno ? errno : EIO;
	free(o->buf);
	o->buf = NULL;
	o->f = NULL;
	return o->err;
}

void out_mem(struct out *o, const char *s, size_t n)
{
	if (o->len + n > OUT_CAP) {
		out_flush(o);
		if (n > OUT_CAP) {
			if (o->err == 0 && fwrite(s, 1, n, o->f) != n)
				o->err = errno ? errno : EIO;
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

void out_ch(struct out *o, char c)
{
	if (o->len + 1 > OUT_CAP)
		out_flush(o);
	o->buf[o->len++] = c;
}

void out_field(struct out *o, const char *s)
{
	const char *p;

	if (strpbrk(s, ",;\"\r\n") == NULL) {
		out_str(o, s);
		return;
	}
	out_ch(o, '"');
	for (p = s; *p; p++) {
		if (*p == '"')
			out_ch(o, '"');
		out_ch(o, *p);
	}
	out_ch(o, '"');
}

void out_uint(struct out *o, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	out_mem(o, tmp + i, sizeof(tmp) - i);
}

void out_amount(struct out *o, int64_t kop, char point, int group)
{
	char tmp[40];
	size_t i = sizeof(tmp);
	uint64_t v = kop < 0 ? (uint64_t)-kop : (uint64_t)kop;
	uint64_t rub = v / 100;
	unsigned digits = 0;

	tmp[--i] = (char)('0' + v % 10);
	tmp[--i] = (char)('0' + v / 10 % 10);
	tmp[--i] = point;
	do {
		if (group && digits > 0 && digits % 3 == 0)
			tmp[--i] = ' ';
		tmp[--i] = (char)('0' + rub % 10);
		rub /= 10;
		digits++;
	} while (rub > 0);
	if (kop < 0)
		tmp[--i] = '-';
	out_mem(o, tmp + i, sizeof(tmp) - i);
}

static uint32_t case_upper(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
		return c - 32;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c & 1 ? c - 1 : c;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return c & 1 ? c : c - 1;
	if (c >= 0x430 && c <= 0x44f)
		return c - 32;
	if (c >= 0x450 && c <= 0x45f)
		return c - 80;
	if (c >= 0x48a && c <= 0x4bf)
		return c & 1 ? c - 1 : c;
	return c;
}

static uint32_t case_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177))
		return c & 1 ? c : c + 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
		return c & 1 ? c + 1 : c;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	if (c >= 0x48a && c <= 0x4bf)
		return c & 1 ? c : c + 1;
	return c;
}

void utf8_case(const char *s, char *buf, size_t cap, int upper)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p && n + 4 < cap) {
		uint32_t c;

		/* Our tables hold one- and two-byte sequences only; longer ones
		 * are copied as they are. */
		if (p[0] >= 0xc0 && p[0] < 0xe0 && (p[1] & 0xc0) == 0x80) {
			c = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
			p += 2;
		} else if (p[0] < 0x80) {
			c = *p++;
		} else {
			buf[n++] = (char)*p++;
			continue;
		}
		c = upper ? case_upper(c) : case_lower(c);
		if (c < 0x80) {
			buf[n++] = (char)c;
		} else {
			buf[n++] = (char)(0xc0 | c >> 6);
			buf[n++] = (char)(0x80 | (c & 0x3f));
		}
	}
	buf[n] = '\0';
}

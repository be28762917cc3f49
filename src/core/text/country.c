/* Countries: names in English, Russian and Ukrainian and ISO codes, with
 * the telephone numbering facts that phone normalisation needs. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/country.h"
#include "i18n.h"
#include "text/text.h"

struct country {
	/* folded names and codes, '|'-separated: English, the exports'
	 * spellings (UCI writes EIRE and RSA), Russian, Ukrainian, ISO 3166
	 * alpha-2 and alpha-3 */
	const char *names;
	const char *code;        /* calling code */
	const char *trunk;       /* national (trunk) prefixes, '|'-separated, tried in order */
	const char *exit;        /* international prefix other than 00, or NULL */
	unsigned char nsn_min;   /* digits of the national significant number */
	unsigned char nsn_max;
};

/* Lengths after ITU-T E.164 national plans (libphonenumber's "possible
 * lengths", mobile and fixed). */
static const struct country countries[] = {
	{ "russia|russian federation|россия|российская федерация|рф|росія|"
	  "російська федерація|ru|rus", "7", "8", "810", 10, 10 },
	{ "kazakhstan|казахстан|республика казахстан|қазақстан|қазақстан республикасы|"
	  "qazaqstan|kz|kaz", "7", "8", "810", 10, 10 },
	/* Belarus writes 8 0xx: the trunk is "80"; some drop the 8 */
	{ "belarus|беларусь|белоруссия|республика беларусь|білорусь|by|blr",
	  "375", "80|0", "810", 9, 9 },
	{ "ukraine|украина|україна|ua|ukr", "380", "0", NULL, 9, 9 },
	{ "uzbekistan|узбекистан|oʻzbekiston|o'zbekiston|ўзбекистон|uz|uzb", "998", "8", "810", 9, 9 },
	{ "kyrgyzstan|kirghizia|киргизия|кыргызстан|киргизстан|kg|kgz",
	  "996", "0", NULL, 9, 9 },
	{ "tajikistan|таджикистан|тоҷикистон|tj|tjk", "992", "8", "810", 9, 9 },
	{ "turkmenistan|туркменистан|туркмения|туркменія|tm|tkm", "993", "8", "810", 8, 8 },
	{ "armenia|армения|вірменія|հայաստան|am|arm", "374", "0", NULL, 8, 8 },
	{ "georgia|грузия|грузія|საქართველო|sakartvelo|ge|geo", "995", "0", NULL, 9, 9 },
	{ "azerbaijan|азербайджан|azərbaycan|az|aze", "994", "0", NULL, 9, 9 },
	{ "moldova|republic of moldova|молдова|молдавия|md|mda", "373", "0", NULL, 8, 8 },
	{ "latvia|латвия|латвія|latvija|lv|lva", "371", "", NULL, 8, 8 },
	{ "lithuania|литва|lietuva|lt|ltu", "370", "8|0", NULL, 8, 8 },
	{ "estonia|эстония|естонія|eesti|ee|est", "372", "", NULL, 7, 8 },
	{ "poland|польша|польща|polska|pl|pol", "48", "", NULL, 9, 9 },
	{ "germany|deutschland|германия|німеччина|de|deu", "49", "0", NULL, 6, 13 },
	{ "france|франция|франція|fr|fra", "33", "0", NULL, 9, 9 },
	{ "united kingdom|uk|great britain|britain|england|scotland|wales|"
	  "northern ireland|великобритания|британия|англия|"
	  "соединённое королевство|соединенное королевство|великобританія|"
	  "велика британія|британія|англія|сполучене королівство|gb|gbr",
	  "44", "0", NULL, 9, 10 },
	/* Jersey, Guernsey and Man are numbered inside +44 */
	{ "channel islands|jersey|guernsey|isle of man|нормандские острова|"
	  "джерси|гернси|je|jey|gg|ggy|im|imn", "44", "0", NULL, 10, 10 },
	{ "ireland|eire|republic of ireland|ирландия|ірландія|ie|irl", "353", "0", NULL, 7, 9 },
	{ "spain|españa|испания|іспанія|es|esp", "34", "", NULL, 9, 9 },
	{ "portugal|португалия|португалія|pt|prt", "351", "", NULL, 9, 9 },
	/* Italy keeps the 0 of its area codes after +39: no trunk prefix */
	{ "italy|italia|италия|італія|it|ita", "39", "", NULL, 6, 11 },
	{ "netherlands|the netherlands|holland|нидерланды|голландия|нідерланди|"
	  "голландія|nl|nld", "31", "0", NULL, 9, 9 },
	{ "belgium|бельгия|бельгія|be|bel", "32", "0", NULL, 8, 9 },
	{ "switzerland|швейцария|швейцарія|ch|che", "41", "0", NULL, 9, 9 },
	{ "austria|австрия|австрія|at|aut", "43", "0", NULL, 6, 13 },
	{ "czech republic|czechia|чехия|чехія|cz|cze", "420", "", NULL, 9, 9 },
	{ "slovakia|словакия|словаччина|sk|svk", "421", "0", NULL, 9, 9 },
	{ "hungary|венгрия|угорщина|hu|hun", "36", "06", NULL, 8, 9 },
	{ "romania|румыния|румунія|ro|rou", "40", "0", NULL, 9, 9 },
	{ "bulgaria|болгария|болгарія|bg|bgr", "359", "0", NULL, 7, 9 },
	{ "serbia|сербия|сербія|rs|srb", "381", "0", NULL, 8, 9 },
	{ "croatia|хорватия|хорватія|hr|hrv", "385", "0", NULL, 8, 9 },
	{ "slovenia|словения|словенія|si|svn", "386", "0", NULL, 8, 8 },
	{ "greece|греция|греція|gr|grc", "30", "", NULL, 10, 10 },
	{ "turkey|türkiye|turkiye|турция|туреччина|tr|tur", "90", "0", NULL, 10, 10 },
	{ "israel|израиль|ізраїль|il|isr", "972", "0", NULL, 8, 9 },
	{ "norway|норвегия|норвегія|no|nor", "47", "", NULL, 8, 8 },
	{ "sweden|швеция|швеція|se|swe", "46", "0", NULL, 7, 9 },
	{ "finland|suomi|финляндия|фінляндія|fi|fin", "358", "0", NULL, 6, 11 },
	{ "denmark|дания|данія|dk|dnk", "45", "", NULL, 8, 8 },
	{ "iceland|исландия|ісландія|is|isl", "354", "", NULL, 7, 9 },
	{ "cyprus|кипр|кіпр|cy|cyp", "357", "", NULL, 8, 8 },
	{ "malta|мальта|mt|mlt", "356", "", NULL, 8, 8 },
	{ "luxembourg|люксембург|lu|lux", "352", "", NULL, 6, 11 },
	{ "lebanon|ливан|ліван|lb|lbn", "961", "0", NULL, 7, 8 },
	{ "saudi arabia|ksa|саудовская аравия|саудівська аравія|sa|sau",
	  "966", "0", NULL, 9, 9 },
	{ "united arab emirates|uae|оаэ|объединённые арабские эмираты|"
	  "объединенные арабские эмираты|эмираты|оае|об'єднані арабські емірати|"
	  "емірати|ae|are", "971", "0", NULL, 8, 9 },
	{ "bahrain|бахрейн|bh|bhr", "973", "", NULL, 8, 8 },
	{ "qatar|катар|qa|qat", "974", "", NULL, 8, 8 },
	{ "kuwait|кувейт|kw|kwt", "965", "", NULL, 8, 8 },
	{ "egypt|египет|єгипет|eg|egy", "20", "0", NULL, 9, 10 },
	{ "south africa|rsa|юар|южная африка|південна африка|пар|za|zaf",
	  "27", "0", NULL, 9, 9 },
	{ "united states|united states of america|usa|u.s.|u.s.a.|america|"
	  "сша|соединённые штаты|соединенные штаты|соединённые штаты америки|"
	  "соединенные штаты америки|америка|сполучені штати|"
	  "сполучені штати америки|us", "1", "1", "011", 10, 10 },
	{ "canada|канада|ca|can", "1", "1", "011", 10, 10 },
	{ "mexico|méxico|мексика|mx|mex", "52", "", NULL, 10, 10 },
	{ "brazil|brasil|бразилия|бразилія|br|bra", "55", "0", NULL, 10, 11 },
	{ "argentina|аргентина|ar|arg", "54", "0", NULL, 10, 11 },
	{ "australia|австралия|австралія|au|aus", "61", "0", "0011", 9, 9 },
	{ "new zealand|новая зеландия|нова зеландія|nz|nzl", "64", "0", NULL, 8, 10 },
	{ "japan|япония|японія|jp|jpn", "81", "0", "010", 9, 10 },
	{ "china|prc|китай|кнр|cn|chn", "86", "0", NULL, 8, 11 },
	{ "hong kong|гонконг|hk|hkg", "852", "", NULL, 8, 8 },
	{ "south korea|korea|republic of korea|южная корея|корея|"
	  "південна корея|kr|kor", "82", "0", NULL, 9, 10 },
	{ "india|индия|індія|in|ind", "91", "0", NULL, 10, 10 },
	{ "singapore|сингапур|сінгапур|sg|sgp", "65", "", NULL, 8, 8 },
	{ "thailand|таиланд|тайланд|таїланд|th|tha", "66", "0", NULL, 8, 9 },
	{ "vietnam|viet nam|вьетнам|в'єтнам|vn|vnm", "84", "0", NULL, 9, 10 },
	{ "malaysia|малайзия|малайзія|my|mys", "60", "0", NULL, 9, 10 },
	{ "indonesia|индонезия|індонезія|id|idn", "62", "0", NULL, 9, 12 },
	{ "philippines|филиппины|філіппіни|ph|phl", "63", "0", NULL, 10, 10 },
};

#define N_COUNTRIES (sizeof countries / sizeof countries[0])

/* --- lookup by name ------------------------------------------------------- */

/* Every name of the table, sorted once for bsearch: a country column is
 * looked up for every row of an import. */
struct country_name {
	const char *name;
	size_t len;
	const struct country *c;
};

static pthread_once_t names_once = PTHREAD_ONCE_INIT;
static struct country_name *names;
static size_t n_names;

static int
name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r != 0)
		return r;
	return alen < blen ? -1 : alen > blen;
}

static int
country_name_cmp(const void *a, const void *b)
{
	const struct country_name *x = a, *y = b;

	return name_cmp(x->name, x->len, y->name, y->len);
}

static void
names_init(void)
{
	const char *p, *bar;
	size_t i, total = 0;

	for (i = 0; i < N_COUNTRIES; i++)
		for (total++, p = countries[i].names; *p != '\0'; p++)
			total += *p == '|';
	if ((names = malloc(total * sizeof *names)) == NULL)
		return;
	for (i = 0; i < N_COUNTRIES; i++)
		for (p = countries[i].names; *p != '\0'; p = *bar ? bar + 1 : bar) {
			bar = strchr(p, '|');
			if (bar == NULL)
				bar = p + strlen(p);
			names[n_names].name = p;
			names[n_names].len = (size_t)(bar - p);
			names[n_names].c = &countries[i];
			n_names++;
		}
	qsort(names, n_names, sizeof *names, country_name_cmp);
}

static const struct country *
country_find(const char *country)
{
	char key[96];
	size_t len, lo, hi, mid;
	int r;

	if (country == NULL || *country == '\0')
		return NULL;
	if ((len = text_fold_buf(country, strlen(country), key, sizeof key)) >= sizeof key)
		return NULL;
	pthread_once(&names_once, names_init);
	lo = 0;
	hi = n_names;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = name_cmp(key, len, names[mid].name, names[mid].len);
		if (r == 0)
			return names[mid].c;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *
country_calling_code(const char *country)
{
	const struct country *c = country_find(country);

	return c != NULL ? c->code : NULL;
}

/* The alpha-2 code of an entry: the first two-letter ASCII name after its
 * last name in another script ("...|российская федерация|ru|rus"). The
 * code the user wrote is kept when it is one of the entry's (Jersey's "je"
 * of the Channel Islands entry). */
int
country_iso(const char *country, char out[3])
{
	const struct country *c = country_find(country);
	const char *p, *bar, *code = NULL, *mine = NULL;
	size_t len;
	bool ascii;

	if (c == NULL)
		return -1;
	for (p = c->names; *p != '\0'; p = *bar ? bar + 1 : bar) {
		bar = strchr(p, '|');
		if (bar == NULL)
			bar = p + strlen(p);
		len = (size_t)(bar - p);
		ascii = true;
		for (const char *q = p; q < bar; q++)
			ascii = ascii && (unsigned char)*q < 0x80;
		if (!ascii)
			code = NULL;
		else if (len == 2 && code == NULL && p[0] >= 'a' && p[0] <= 'z' && p[1] >= 'a' &&
		         p[1] <= 'z')
			code = p;
		if (len == 2 && strlen(country) == 2 && (p[0] | 0x20) == (country[0] | 0x20) &&
		    (p[1] | 0x20) == (country[1] | 0x20))
			mine = p;
	}
	if (code == NULL)
		return -1;
	if (mine != NULL && mine > code)
		code = mine;
	out[0] = (char)(code[0] - 'a' + 'A');
	out[1] = (char)(code[1] - 'a' + 'A');
	out[2] = '\0';
	return 0;
}

int
country_of_locale(const char *locale, char out[3])
{
	const char *u;
	char cc[3];

	/* language_TERRITORY.codeset@modifier */
	if (locale == NULL || (u = strchr(locale, '_')) == NULL)
		return -1;
	if (u[1] == '\0' || u[2] == '\0' || (u[3] != '\0' && u[3] != '.' && u[3] != '@'))
		return -1;
	cc[0] = u[1];
	cc[1] = u[2];
	cc[2] = '\0';
	return country_iso(cc, out);
}

/* --- phones ------------------------------------------------------------------ */

static bool
starts_with(const char *s, size_t n, const char *prefix, size_t plen)
{
	return n >= plen && memcmp(s, prefix, plen) == 0;
}

static bool
nsn_fits(const struct country *c, size_t n)
{
	return n >= c->nsn_min && n <= c->nsn_max;
}

/* The length of the trunk prefix of c that d[0..n) starts with and whose
 * removal leaves a national number of the right length, or 0. */
static size_t
trunk_len(const struct country *c, const char *d, size_t n)
{
	const char *t = c->trunk, *bar;
	size_t tl;

	while (*t != '\0') {
		bar = strchr(t, '|');
		tl = bar != NULL ? (size_t)(bar - t) : strlen(t);
		if (starts_with(d, n, t, tl) && nsn_fits(c, n - tl))
			return tl;
		t += tl + (bar != NULL);
	}
	return 0;
}

/* "+44 (0)20 7946 0018" and "+7 8 916 ...": a trunk prefix kept after the
 * calling code. A national number never starts with a trunk prefix of 0,
 * so that one always goes; one of 8 only when the number is too long with
 * it and the right length without (+7 800 ... is a Russian number). */
static size_t
drop_kept_trunk(char *d, size_t n)
{
	const struct country *c;
	size_t i, cl, tl;

	for (i = 0; i < N_COUNTRIES; i++) {
		c = &countries[i];
		cl = strlen(c->code);
		if (!starts_with(d, n, c->code, cl))
			continue;
		tl = trunk_len(c, d + cl, n - cl);
		if (tl == 0 || (nsn_fits(c, n - cl) && d[cl] != '0'))
			return n;
		memmove(d + cl, d + cl + tl, n - cl - tl);
		return n - tl;
	}
	return n;
}

int
norm_phone(const char *in, const char *country, char *out, size_t outsz, const char **why)
{
	static const char expect[] = N_("a phone number like +7 916 123-45-67");
	const unsigned char *p = (const unsigned char *)in;
	const struct country *c;
	char d[24], *num;
	size_t nd = 0, n = strlen(in), i, k, cl;
	bool plus = false, intl;

	/* pandas writes a phone column with a gap in it as floats:
	 * 79161234567.0; the ".0" is no part of the number */
	if (n > 2 && in[n - 1] == '0' && in[n - 2] == '.') {
		for (i = 0; i < n - 2 && (in[i] == '+' ? i == 0 : in[i] >= '0' && in[i] <= '9'); i++)
			;
		if (i == n - 2)
			n -= 2;
	}
	for (i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			if (nd == sizeof d - 1)
				goto bad;
			d[nd++] = (char)p[i];
		} else if (p[i] == '+') {
			if (plus || nd > 0)
				goto bad;
			plus = true;
		} else if (p[i] == 0xC2 && p[i + 1] == 0xA0)
			i++;
		else if (strchr(" \t-.()/", p[i]) == NULL)
			goto bad;
	}
	d[nd] = '\0';
	num = d;
	intl = plus;
	if (!intl && nd > 2 && d[0] == '0' && d[1] == '0') {
		num += 2;
		nd -= 2;
		intl = true;
	}
	if (!intl && (c = country_find(country)) != NULL) {
		cl = strlen(c->code);
		if (c->exit != NULL && starts_with(num, nd, c->exit, strlen(c->exit))) {
			/* 8 10 380 ...: dialled abroad from Russia */
			k = strlen(c->exit);
			num += k;
			nd -= k;
			intl = true;
		} else if ((k = trunk_len(c, num, nd)) > 0) {
			/* 8 916 ... or 067 ...: the trunk becomes the calling
			 * code; d has room (trunk + code fit under 15 digits) */
			memmove(num + cl, num + k, nd - k + 1);
			memcpy(num, c->code, cl);
			nd = nd - k + cl;
			intl = true;
		} else if (starts_with(num, nd, c->code, cl) && nsn_fits(c, nd - cl)) {
			/* 79161234567: international, the + left out */
			intl = true;
		} else if (nsn_fits(c, nd) && nd + cl < sizeof d) {
			/* 9161234567: national, the trunk left out */
			memmove(num + cl, num, nd + 1);
			memcpy(num, c->code, cl);
			nd += cl;
			intl = true;
		}
		/* otherwise the number does not fit the country's plan:
		 * kept as written rather than made into a wrong one */
	}
	if (intl)
		nd = drop_kept_trunk(num, nd);
	if (nd < 5 || nd > 15)
		goto bad;
	if (nd + (intl ? 2 : 1) > outsz) {
		*why = _("a shorter phone number");
		return -1;
	}
	k = 0;
	if (intl)
		out[k++] = '+';
	memcpy(out + k, num, nd);
	out[k + nd] = '\0';
	return 0;
bad:
	*why = _(expect);
	return -1;
}

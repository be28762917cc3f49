/* Places for the generator: countries (dialling codes, mobile prefixes,
 * mail domains) and their cities with regions and Zipf-like weights. */
#ifndef CLIENTELE_GEN_PLACES_H
#define CLIENTELE_GEN_PLACES_H

#include <stddef.h>

/* How a messy export writes a national number (see phone_messy in gen.c). */
enum gen_phone_style {
	PHONE_RU, /* +7: 8 (916) 123-45-67 */
	PHONE_UA, /* +380: +38 (067) 123-45-67, 067 123 45 67 */
	PHONE_BY, /* +375: 8 029 123-45-67 */
	PHONE_EU  /* +49 151 12345678, 0151 12345678 */
};

struct gen_country {
	const char *name;       /* one spelling per country, kept everywhere */
	const char *dial;       /* "+7" */
	const char *prefixes;   /* mobile prefixes of the national number, ' '-separated */
	unsigned sub_digits;    /* digits after the prefix */
	enum gen_phone_style style;
	const char *city_mark;  /* the "г." a messy export puts before a city, or NULL */
	unsigned domains;       /* index into gen_domain_sets */
	unsigned w_ru, w_ua, w_lat; /* weight for a person of each name group */
};

enum { C_RU, C_UA, C_BY, C_KZ, C_DE, C_UK, C_PL, C_COUNT };

static const struct gen_country gen_countries[C_COUNT] = {
	[C_RU] = {"Россия", "+7",
		"900 901 902 903 904 905 906 908 909 910 911 912 913 914 915 916 917 918 919 "
		"920 921 922 923 924 925 926 927 928 929 930 931 950 951 952 953 960 961 962 "
		"963 964 965 966 967 968 977 978 980 981 982 983 985 987 988 989 991 993 995 "
		"996 999", 7, PHONE_RU, "г. ", 0, 850, 30, 100},
	[C_UA] = {"Україна", "+380", "50 63 66 67 68 73 93 95 96 97 98 99", 7, PHONE_UA,
		"м. ", 1, 20, 860, 100},
	[C_BY] = {"Беларусь", "+375", "25 29 33 44", 7, PHONE_BY, "г. ", 0, 50, 0, 0},
	[C_KZ] = {"Қазақстан", "+7", "700 701 702 705 707 747 771 775 776 777 778", 7,
		PHONE_RU, "г. ", 0, 50, 0, 0},
	[C_DE] = {"Germany", "+49",
		"151 152 157 159 160 162 163 170 171 172 173 174 175 176 177 178 179", 8,
		PHONE_EU, NULL, 2, 20, 40, 350},
	[C_UK] = {"United Kingdom", "+44", "74 75 77 78 79", 8, PHONE_EU, NULL, 3, 5, 20,
		300},
	[C_PL] = {"Poland", "+48", "50 51 53 57 60 66 69 72 73 78 79 88", 7, PHONE_EU,
		NULL, 4, 5, 50, 150},
};

struct gen_city {
	const char *name;
	const char *region;
	unsigned country;
	unsigned weight; /* within its country */
};

static const struct gen_city gen_cities[] = {
	{"Москва", "Москва", C_RU, 1000},
	{"Санкт-Петербург", "Санкт-Петербург", C_RU, 450},
	{"Новосибирск", "Новосибирская область", C_RU, 120},
	{"Екатеринбург", "Свердловская область", C_RU, 120},
	{"Казань", "Республика Татарстан", C_RU, 110},
	{"Нижний Новгород", "Нижегородская область", C_RU, 100},
	{"Челябинск", "Челябинская область", C_RU, 80},
	{"Красноярск", "Красноярский край", C_RU, 75},
	{"Самара", "Самарская область", C_RU, 75},
	{"Уфа", "Республика Башкортостан", C_RU, 70},
	{"Ростов-на-Дону", "Ростовская область", C_RU, 70},
	{"Краснодар", "Краснодарский край", C_RU, 70},
	{"Омск", "Омская область", C_RU, 60},
	{"Воронеж", "Воронежская область", C_RU, 60},
	{"Пермь", "Пермский край", C_RU, 60},
	{"Волгоград", "Волгоградская область", C_RU, 55},
	{"Тюмень", "Тюменская область", C_RU, 45},
	{"Иркутск", "Иркутская область", C_RU, 35},
	{"Владивосток", "Приморский край", C_RU, 35},
	{"Ярославль", "Ярославская область", C_RU, 35},
	{"Калининград", "Калининградская область", C_RU, 35},
	{"Томск", "Томская область", C_RU, 30},
	{"Сочи", "Краснодарский край", C_RU, 30},
	{"Химки", "Московская область", C_RU, 30},
	{"Балашиха", "Московская область", C_RU, 30},
	{"Подольск", "Московская область", C_RU, 25},

	{"Київ", "Київ", C_UA, 600},
	{"Харків", "Харківська область", C_UA, 230},
	{"Одеса", "Одеська область", C_UA, 200},
	{"Дніпро", "Дніпропетровська область", C_UA, 190},
	{"Львів", "Львівська область", C_UA, 180},
	{"Запоріжжя", "Запорізька область", C_UA, 100},
	{"Вінниця", "Вінницька область", C_UA, 80},
	{"Полтава", "Полтавська область", C_UA, 60},
	{"Івано-Франківськ", "Івано-Франківська область", C_UA, 55},
	{"Житомир", "Житомирська область", C_UA, 50},
	{"Чернігів", "Чернігівська область", C_UA, 50},
	{"Тернопіль", "Тернопільська область", C_UA, 45},
	{"Біла Церква", "Київська область", C_UA, 40},
	{"Ірпінь", "Київська область", C_UA, 30},
	{"Ужгород", "Закарпатська область", C_UA, 30},

	{"Минск", "Минск", C_BY, 300},
	{"Гомель", "Гомельская область", C_BY, 60},
	{"Брест", "Брестская область", C_BY, 45},
	{"Гродно", "Гродненская область", C_BY, 45},
	{"Витебск", "Витебская область", C_BY, 40},

	{"Алматы", "Алматы", C_KZ, 250},
	{"Астана", "Астана", C_KZ, 150},
	{"Шымкент", "Шымкент", C_KZ, 60},
	{"Караганда", "Карагандинская область", C_KZ, 45},

	{"Berlin", "Berlin", C_DE, 200},
	{"Hamburg", "Hamburg", C_DE, 100},
	{"München", "Bayern", C_DE, 90},
	{"Köln", "Nordrhein-Westfalen", C_DE, 60},
	{"Frankfurt am Main", "Hessen", C_DE, 50},
	{"Düsseldorf", "Nordrhein-Westfalen", C_DE, 40},
	{"Leipzig", "Sachsen", C_DE, 35},

	{"London", "England", C_UK, 300},
	{"Manchester", "England", C_UK, 50},
	{"Birmingham", "England", C_UK, 50},
	{"Edinburgh", "Scotland", C_UK, 30},

	{"Warszawa", "Mazowieckie", C_PL, 120},
	{"Kraków", "Małopolskie", C_PL, 60},
	{"Wrocław", "Dolnośląskie", C_PL, 50},
	{"Gdańsk", "Pomorskie", C_PL, 30},
};

/* Mail domains with weights, one set per kind of country. */
struct gen_domain {
	const char *name;
	unsigned weight;
};

static const struct gen_domain gen_domains_ru[] = {
	{"mail.ru", 30}, {"yandex.ru", 25}, {"gmail.com", 25}, {"bk.ru", 5},
	{"list.ru", 5}, {"inbox.ru", 4}, {"rambler.ru", 4}, {"icloud.com", 2},
};
static const struct gen_domain gen_domains_ua[] = {
	{"gmail.com", 35}, {"ukr.net", 30}, {"i.ua", 15}, {"meta.ua", 5},
	{"outlook.com", 5}, {"icloud.com", 5}, {"yahoo.com", 5},
};
static const struct gen_domain gen_domains_de[] = {
	{"gmail.com", 35}, {"gmx.de", 20}, {"web.de", 20}, {"outlook.com", 10},
	{"t-online.de", 10}, {"icloud.com", 5},
};
static const struct gen_domain gen_domains_uk[] = {
	{"gmail.com", 40}, {"outlook.com", 20}, {"hotmail.co.uk", 15},
	{"yahoo.co.uk", 15}, {"icloud.com", 10},
};
static const struct gen_domain gen_domains_pl[] = {
	{"gmail.com", 35}, {"wp.pl", 25}, {"onet.pl", 20}, {"o2.pl", 10},
	{"outlook.com", 10},
};

struct gen_domain_set {
	const struct gen_domain *d;
	unsigned n;
};

static const struct gen_domain_set gen_domain_sets[] = {
	{gen_domains_ru, sizeof(gen_domains_ru) / sizeof(gen_domains_ru[0])},
	{gen_domains_ua, sizeof(gen_domains_ua) / sizeof(gen_domains_ua[0])},
	{gen_domains_de, sizeof(gen_domains_de) / sizeof(gen_domains_de[0])},
	{gen_domains_uk, sizeof(gen_domains_uk) / sizeof(gen_domains_uk[0])},
	{gen_domains_pl, sizeof(gen_domains_pl) / sizeof(gen_domains_pl[0])},
};

#endif

/* What the generated shop sells and how its customers are described:
 * categories and products with prices, interests, tags, channels, seasons. */
#ifndef CLIENTELE_GEN_CATALOG_H
#define CLIENTELE_GEN_CATALOG_H

/* A value with a weight, for the small categorical columns. */
struct gen_choice {
	const char *name;
	unsigned weight;
};

enum { CAT_BOOKS, CAT_COURSES, CAT_TOYS, CAT_ELECTRONICS, CAT_STATIONERY,
	CAT_CLOTHES, CAT_COUNT };

static const struct gen_choice gen_categories[CAT_COUNT] = {
	[CAT_BOOKS] = {"books", 20},       [CAT_COURSES] = {"courses", 15},
	[CAT_TOYS] = {"toys", 15},         [CAT_ELECTRONICS] = {"electronics", 10},
	[CAT_STATIONERY] = {"stationery", 25}, [CAT_CLOTHES] = {"clothes", 15},
};

struct gen_product {
	unsigned category;
	const char *name;  /* some hold commas and quotes on purpose: CSV quoting */
	unsigned price;    /* roubles, at the reference day */
	unsigned max_qty;  /* 1 for things one buys once per order */
};

/* Grouped by category; gen.c indexes the groups at start-up. */
static const struct gen_product gen_products[] = {
	{CAT_BOOKS, "Энциклопедия юного программиста", 1290, 2},
	{CAT_BOOKS, "Python для детей", 990, 2},
	{CAT_BOOKS, "Гарри Поттер и философский камень", 699, 2},
	{CAT_BOOKS, "Шахматы для начинающих", 590, 2},
	{CAT_BOOKS, "English Grammar in Use", 2890, 2},
	{CAT_BOOKS, "Атлас мира", 1490, 1},
	{CAT_BOOKS, "Маленький принц", 450, 3},
	{CAT_BOOKS, "Робототехника с Arduino", 1190, 1},
	{CAT_BOOKS, "Книга \"Занимательная математика\"", 540, 2},
	{CAT_BOOKS, "Комплект рабочих тетрадей, 4 класс", 1350, 1},

	{CAT_COURSES, "Курс «Python для детей», 3 месяца", 14900, 1},
	{CAT_COURSES, "Курс «Scratch: первые игры»", 9900, 1},
	{CAT_COURSES, "Робототехника LEGO, абонемент", 12900, 1},
	{CAT_COURSES, "Шахматы онлайн, 8 занятий", 6400, 1},
	{CAT_COURSES, "Английский с носителем, 16 уроков", 19900, 1},
	{CAT_COURSES, "Олимпиадная математика", 11900, 1},
	{CAT_COURSES, "Рисование для детей", 5900, 1},
	{CAT_COURSES, "Гитара с нуля", 7900, 1},
	{CAT_COURSES, "Подготовка к ОГЭ по математике", 24900, 1},
	{CAT_COURSES, "Подготовка к ЕГЭ по информатике", 34900, 1},
	{CAT_COURSES, "Летний IT-лагерь", 49900, 1},

	{CAT_TOYS, "Набор \"Юный химик\"", 1990, 2},
	{CAT_TOYS, "Конструктор Makeblock mBot", 8990, 1},
	{CAT_TOYS, "LEGO Technic 42115", 44990, 1},
	{CAT_TOYS, "Пазл 1000 деталей", 890, 3},
	{CAT_TOYS, "Шахматы деревянные", 2490, 1},
	{CAT_TOYS, "Настольная игра «Каркассон»", 2790, 1},
	{CAT_TOYS, "Кубик Рубика 3×3", 690, 3},
	{CAT_TOYS, "Мягкая игрушка «Медведь»", 1290, 2},

	{CAT_ELECTRONICS, "Наушники беспроводные", 4990, 2},
	{CAT_ELECTRONICS, "Клавиатура", 1990, 1},
	{CAT_ELECTRONICS, "Power bank 10000 мА·ч", 2290, 2},
	{CAT_ELECTRONICS, "Графический планшет", 6490, 1},
	{CAT_ELECTRONICS, "Raspberry Pi 4, 4 ГБ", 8990, 1},
	{CAT_ELECTRONICS, "Умная колонка", 7990, 1},
	{CAT_ELECTRONICS, "Планшет 10\"", 18990, 1},
	{CAT_ELECTRONICS, "Ноутбук учебный 14\"", 49990, 1},

	{CAT_STATIONERY, "Тетради 48 л., 10 шт.", 490, 5},
	{CAT_STATIONERY, "Набор ручек", 290, 5},
	{CAT_STATIONERY, "Рюкзак школьный", 3990, 1},
	{CAT_STATIONERY, "Пенал", 590, 2},
	{CAT_STATIONERY, "Дневник школьный", 350, 3},
	{CAT_STATIONERY, "Краски акварельные, 24 цвета", 790, 2},
	{CAT_STATIONERY, "Альбом для рисования", 250, 5},
	{CAT_STATIONERY, "Калькулятор инженерный", 1490, 1},

	{CAT_CLOTHES, "Футболка с принтом", 1290, 3},
	{CAT_CLOTHES, "Школьная форма, комплект", 5990, 2},
	{CAT_CLOTHES, "Кроссовки детские", 4490, 2},
	{CAT_CLOTHES, "Худи \"Code & Coffee\"", 3490, 2},
	{CAT_CLOTHES, "Шапка вязаная", 990, 2},
	{CAT_CLOTHES, "Куртка демисезонная", 7990, 1},
};

static const struct gen_choice gen_interests[] = {
	{"programming", 25}, {"english", 18}, {"robotics", 12}, {"math", 12},
	{"chess", 10}, {"art", 9}, {"music", 7}, {"sports", 7},
};

/* The interest whose category a customer prefers (index into gen_categories). */
static const unsigned gen_interest_category[] = {
	CAT_COURSES, CAT_BOOKS, CAT_TOYS, CAT_BOOKS, CAT_TOYS, CAT_STATIONERY,
	CAT_COURSES, CAT_CLOTHES,
};

static const struct gen_choice gen_sources[] = {
	{"organic", 30}, {"ads", 25}, {"social", 18}, {"email", 12},
	{"referral", 10}, {"offline", 5},
};

static const struct gen_choice gen_devices[] = {
	{"android", 40}, {"ios", 30}, {"desktop", 25}, {"tablet", 5},
};

/* Hand-put tags and how often (per 10,000 customers); "vip" is given by
 * spending instead (see gen.c). */
static const struct gen_choice gen_tags[] = {
	{"ждёт распродажу", 400}, {"ecom", 300}, {"beta tester", 150},
	{"do not mail", 100}, {"партнёр", 50},
};

/* Relative order volume by month (January first): back to school in August
 * and September, Black Friday and New Year in November and December. */
static const unsigned gen_month_weight[12] = {
	80, 85, 95, 90, 85, 70, 70, 120, 130, 100, 140, 160,
};

/* Relative volume by weekday, Monday first. */
static const unsigned gen_weekday_weight[7] = {105, 100, 100, 100, 95, 90, 85};

/* Relative volume by hour of the day (local time of the shop). */
static const unsigned gen_hour_weight[24] = {
	5, 3, 2, 1, 1, 2, 5, 10, 20, 35, 50, 60,
	65, 65, 60, 55, 55, 55, 60, 70, 75, 70, 50, 25,
};

/* First month (0 = January) of the three-month window of seasonal buyers. */
static const struct gen_choice gen_seasons[] = {
	{"aug-oct", 45}, {"nov-jan", 35}, {"mar-may", 12}, {"jun-aug", 8},
};
static const unsigned gen_season_month[] = {7, 10, 2, 5};

#endif

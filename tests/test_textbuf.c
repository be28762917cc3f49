/* The text editor's buffer (textbuf.c): UTF-8 in and out as wide
 * characters, editing at the cursor, lines and wrapping at a width in
 * columns (a Cyrillic letter one, a CJK letter two), the cursor's row and
 * column, and moving up and down by screen rows to a kept column. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "text/textbuf.h"

/* The text as UTF-8, checked against want, freed. */
static void
text_is(const struct textbuf *b, const char *want)
{
	char *s = textbuf_text(b);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void
test_set_and_edit(void **state)
{
	struct textbuf b = {.goal = -1};

	(void)state;
	assert_int_equal(textbuf_set(&b, "Мамы школьников, Київ"), 0);
	assert_int_equal(b.len, 21); /* characters, not bytes */
	assert_int_equal(b.cur, 0);
	text_is(&b, "Мамы школьников, Київ");
	textbuf_end(&b);
	assert_int_equal(b.cur, 21);
	textbuf_backspace(&b);
	assert_true(textbuf_insert(&b, L'в'));
	assert_true(textbuf_insert(&b, L'\n'));
	assert_true(textbuf_insert(&b, L'東'));
	text_is(&b, "Мамы школьников, Київ\n東");
	textbuf_home(&b); /* the start of the second line */
	assert_int_equal(b.cur, 22);
	textbuf_left(&b);
	textbuf_home(&b);
	assert_int_equal(b.cur, 0);
	textbuf_delete(&b);
	text_is(&b, "амы школьников, Київ\n東");
	textbuf_end(&b);
	textbuf_right(&b);
	textbuf_kill_line(&b); /* ^U: the second line's text, not the first */
	text_is(&b, "амы школьников, Київ\n");
	textbuf_backspace(&b);
	textbuf_kill_line(&b);
	text_is(&b, "");
	textbuf_backspace(&b); /* nothing to take: no harm */
	textbuf_delete(&b);
	assert_int_equal(b.len, 0);
	textbuf_free(&b);
}

static void
test_set_cleans(void **state)
{
	struct textbuf b = {.goal = -1};

	(void)state;
	/* CR dropped, a tab a space, an invalid byte U+FFFD, NULL empty */
	assert_int_equal(textbuf_set(&b, "a\r\nb\tc\xff"), 0);
	text_is(&b, "a\nb c\xef\xbf\xbd");
	assert_int_equal(textbuf_set(&b, NULL), 0);
	text_is(&b, "");
	textbuf_free(&b);
}

/* The rows of the text at width, as "start-end" joined by ",". */
static void
rows_are(const struct textbuf *b, int width, const char *want)
{
	char got[512] = "", part[32];
	size_t start = 0, end, next;

	for (;;) {
		next = textbuf_row(b, start, width, &end);
		snprintf(part, sizeof part, "%s%zu-%zu", got[0] != '\0' ? "," : "", start, end);
		strncat(got, part, sizeof got - strlen(got) - 1);
		if (next == (size_t)-1)
			break;
		start = next;
	}
	assert_string_equal(got, want);
}

static void
test_wrap(void **state)
{
	struct textbuf b = {.goal = -1};
	size_t row;
	int col;

	(void)state;
	/* words: a row breaks after the last space that fits */
	textbuf_set(&b, "один два три");
	rows_are(&b, 8, "0-5,5-12");
	rows_are(&b, 12, "0-12");
	assert_int_equal(textbuf_rows(&b, 8), 2);
	/* a word wider than the row breaks at the width */
	textbuf_set(&b, "abcdefghij");
	rows_are(&b, 4, "0-4,4-8,8-10");
	/* CJK letters take two columns each: three fit in 7, not four */
	textbuf_set(&b, "東京都庁舎");
	rows_are(&b, 7, "0-3,3-5");
	/* hard lines, an empty one and a last empty one */
	textbuf_set(&b, "a\n\nb\n");
	rows_are(&b, 10, "0-1,2-2,3-4,5-5");
	assert_int_equal(textbuf_rows(&b, 10), 4);

	/* the cursor's row and column: at a soft break it starts the next row */
	textbuf_set(&b, "abcdefghij");
	b.cur = 4;
	textbuf_where(&b, 4, &row, &col);
	assert_int_equal(row, 1);
	assert_int_equal(col, 0);
	b.cur = 10;
	textbuf_where(&b, 4, &row, &col);
	assert_int_equal(row, 2);
	assert_int_equal(col, 2);
	textbuf_set(&b, "東京都庁舎");
	b.cur = 2;
	textbuf_where(&b, 7, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(col, 4);
	/* at the end of a hard line it stays on that line */
	textbuf_set(&b, "ab\ncd");
	b.cur = 2;
	textbuf_where(&b, 10, &row, &col);
	assert_int_equal(row, 0);
	assert_int_equal(col, 2);
	textbuf_free(&b);
}

static void
test_updown(void **state)
{
	struct textbuf b = {.goal = -1};

	(void)state;
	textbuf_set(&b, "abcdef\nxy\nАБВГДЕЖ");
	b.cur = 5; /* column 5 of the first line */
	textbuf_updown(&b, 20, 1);
	assert_int_equal(b.cur, 9); /* "xy" is shorter: its end */
	textbuf_updown(&b, 20, 1);
	assert_int_equal(b.cur, 15); /* column 5 again, the goal kept */
	textbuf_updown(&b, 20, -2);
	assert_int_equal(b.cur, 5);
	textbuf_updown(&b, 20, -1); /* above the first row: stays on it */
	assert_int_equal(b.cur, 5);
	textbuf_updown(&b, 20, 10); /* PgDn past the end: the last row */
	assert_int_equal(b.cur, 15);
	/* across a soft break, never at the end of the broken row */
	textbuf_set(&b, "abcdefghij");
	b.cur = 9;
	textbuf_updown(&b, 4, -1);
	assert_int_equal(b.cur, 5);
	b.goal = -1;
	b.cur = 10; /* the end, column 2 of row 2 */
	textbuf_updown(&b, 4, -2);
	assert_int_equal(b.cur, 2);
	/* CJK: column 3 is inside the second letter: before it */
	textbuf_set(&b, "abc\n東京都");
	b.cur = 3;
	textbuf_updown(&b, 10, 1);
	assert_int_equal(b.cur, 5);
	textbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_and_edit),
		cmocka_unit_test(test_set_cleans),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_updown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

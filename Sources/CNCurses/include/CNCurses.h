#ifndef CNCURSES_H
#define CNCURSES_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

/// Macros and globals that Swift cannot see directly.
int CNCurses_color_pair(int n);
int CNCurses_lines(void);
int CNCurses_cols(void);
WINDOW *CNCurses_stdscr(void);
/// Writes one UTF-8 string at (y, x) with attributes, clipped to `maxcols` cells by ncurses itself.
int CNCurses_mvaddnstr_utf8(int y, int x, const char *s, int n);
int CNCurses_attr_on(int attrs);
int CNCurses_attr_off(int attrs);
int CNCurses_a_bold(void);
int CNCurses_a_reverse(void);
int CNCurses_a_dim(void);
int CNCurses_key_resize(void);
#endif

#include "CNCurses.h"

int CNCurses_color_pair(int n) { return COLOR_PAIR(n); }
int CNCurses_lines(void) { return LINES; }
int CNCurses_cols(void) { return COLS; }
WINDOW *CNCurses_stdscr(void) { return stdscr; }
int CNCurses_mvaddnstr_utf8(int y, int x, const char *s, int n) { return mvaddnstr(y, x, s, n); }
int CNCurses_attr_on(int attrs) { return attron(attrs); }
int CNCurses_attr_off(int attrs) { return attroff(attrs); }
int CNCurses_a_bold(void) { return A_BOLD; }
int CNCurses_a_reverse(void) { return A_REVERSE; }
int CNCurses_a_dim(void) { return A_DIM; }
int CNCurses_key_resize(void) { return KEY_RESIZE; }

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
/// Sets the attributes of stdscr (attrset may be a macro).
int CNCurses_attrset(int attrs);
/// Reads one key as a wide character or a KEY_ code; returns OK, KEY_CODE_YES or ERR.
int CNCurses_get_wch(unsigned int *ch);
/// The KEY_CODE_YES constant.
int CNCurses_key_code_yes(void);
/// Installs a SIGWINCH handler that writes one byte to `fd` and then calls the previous handler
/// (ncurses' own, which makes the next read return KEY_RESIZE). Async-signal-safe: write(2) only.
int CNCurses_install_winch_pipe(int fd);
/// Registers an atexit hook and fatal-signal handlers (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) that
/// restore the terminal (endwin) before the process dies, then re-raise the signal.
void CNCurses_install_restore_hooks(void);
/// Marks whether the screen is active, so the hooks call endwin only once and only when needed.
void CNCurses_set_active(int active);
#endif

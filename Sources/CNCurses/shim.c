#include "CNCurses.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
int CNCurses_attrset(int attrs) { return attrset(attrs); }
int CNCurses_get_wch(unsigned int *ch) {
    wint_t w = 0;
    int rc = get_wch(&w);
    *ch = (unsigned int)w;
    return rc;
}
int CNCurses_key_code_yes(void) { return KEY_CODE_YES; }

static volatile sig_atomic_t winch_fd = -1;
static struct sigaction previous_winch;

static void winch_handler(int sig) {
    int saved = errno;
    if (winch_fd >= 0) {
        char byte = 'W';
        ssize_t ignored = write(winch_fd, &byte, 1);
        (void)ignored;
    }
    if (previous_winch.sa_handler != SIG_DFL && previous_winch.sa_handler != SIG_IGN && previous_winch.sa_handler != NULL) {
        previous_winch.sa_handler(sig);
    }
    errno = saved;
}

int CNCurses_install_winch_pipe(int fd) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = winch_handler;
    sigemptyset(&action.sa_mask);
    winch_fd = fd;
    return sigaction(SIGWINCH, &action, &previous_winch);
}

static volatile sig_atomic_t screen_active = 0;

void CNCurses_set_active(int active) { screen_active = active; }

static void restore_at_exit(void) {
    if (screen_active) {
        screen_active = 0;
        endwin();
    }
}

static void fatal_handler(int sig) {
    restore_at_exit();
    signal(sig, SIG_DFL);
    raise(sig);
}

void CNCurses_install_restore_hooks(void) {
    static int installed = 0;
    if (installed) return;
    installed = 1;
    atexit(restore_at_exit);
    int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = fatal_handler;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(signals[i], &action, NULL);
    }
}

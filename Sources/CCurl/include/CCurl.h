#ifndef CCURL_H
#define CCURL_H
#include <curl/curl.h>

/// curl_easy_setopt is variadic; Swift cannot call it, so one wrapper per argument type.
CURLcode CCurl_setopt_long(CURL *h, CURLoption opt, long value);
CURLcode CCurl_setopt_string(CURL *h, CURLoption opt, const char *value);
CURLcode CCurl_setopt_pointer(CURL *h, CURLoption opt, void *value);
CURLcode CCurl_setopt_off_t(CURL *h, CURLoption opt, curl_off_t value);
CURLcode CCurl_setopt_write_function(CURL *h, size_t (*fn)(char *, size_t, size_t, void *));
CURLcode CCurl_setopt_read_function(CURL *h, size_t (*fn)(char *, size_t, size_t, void *));
CURLcode CCurl_setopt_header_function(CURL *h, size_t (*fn)(char *, size_t, size_t, void *));
/// curl_multi_setopt is variadic.
CURLMcode CCurl_multi_setopt_long(CURLM *m, CURLMoption opt, long value);
/// For a CURLMSG_DONE message: its easy handle, with its result in *result; NULL for any other message.
CURL *CCurl_multi_done(CURLMsg *msg, CURLcode *result);
#endif

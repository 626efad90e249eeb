/* The floor: the least work a libcurl-based fetcher can do here. URLs from
 * standard input, N transfers at once on one multi handle driven by
 * curl_multi_socket_action over epoll, easy handles reused, bodies dropped by a
 * no-op write callback, and nothing else: no timings kept, no output but a count.
 * The benchmark (scripts/bench/run.py) measures cofetch against it.
 *
 *   floor [-j N] [--http2] [-k] [--cacert FILE] [--resolve HOST:PORT:ADDR]... < urls
 *
 * --http2 asks for HTTP/2 over TLS (ALPN) and lets transfers wait for a host's
 * connection to multiplex; without it, HTTP/1.1. Exit status 0 when every URL got
 * a response, 1 otherwise. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

static int g_epoll;
static long g_timeout_ms = -1;

static size_t drop(char *data, size_t size, size_t count, void *user) {
  (void)data;
  (void)user;
  return size * count;
}

static int on_socket(CURL *easy, curl_socket_t socket, int what, void *user, void *socket_data) {
  (void)easy;
  (void)user;
  struct epoll_event change = {0};
  change.data.fd = socket;
  if (what == CURL_POLL_REMOVE) {
    epoll_ctl(g_epoll, EPOLL_CTL_DEL, socket, &change);
    return 0;
  }
  change.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0);
  if (epoll_ctl(g_epoll, EPOLL_CTL_MOD, socket, &change) != 0)
    epoll_ctl(g_epoll, EPOLL_CTL_ADD, socket, &change);
  (void)socket_data;
  return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *user) {
  (void)multi;
  (void)user;
  g_timeout_ms = timeout_ms;
  return 0;
}

struct options {
  long concurrency;
  int http2;
  int insecure;
  const char *cacert;
  struct curl_slist *resolve;
};

static CURL *new_handle(const struct options *options) {
  CURL *easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, drop);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                   options->http2 ? (long)CURL_HTTP_VERSION_2TLS : (long)CURL_HTTP_VERSION_1_1);
  if (options->http2) curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  if (options->insecure) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (options->cacert) curl_easy_setopt(easy, CURLOPT_CAINFO, options->cacert);
  if (options->resolve) curl_easy_setopt(easy, CURLOPT_RESOLVE, options->resolve);
  return easy;
}

/* The next URL of standard input into `line`; 0 at the end. */
static int next_url(char **line, size_t *size) {
  ssize_t length;
  while ((length = getline(line, size, stdin)) >= 0) {
    while (length > 0 && ((*line)[length - 1] == '\n' || (*line)[length - 1] == '\r'))
      (*line)[--length] = '\0';
    if (length > 0) return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  struct options options = {64, 0, 0, NULL, NULL};
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-j") && i + 1 < argc) options.concurrency = atol(argv[++i]);
    else if (!strcmp(argv[i], "--http2")) options.http2 = 1;
    else if (!strcmp(argv[i], "-k")) options.insecure = 1;
    else if (!strcmp(argv[i], "--cacert") && i + 1 < argc) options.cacert = argv[++i];
    else if (!strcmp(argv[i], "--resolve") && i + 1 < argc)
      options.resolve = curl_slist_append(options.resolve, argv[++i]);
    else {
      fprintf(stderr, "usage: floor [-j N] [--http2] [-k] [--cacert FILE] [--resolve H:P:A]... < urls\n");
      return 2;
    }
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  g_epoll = epoll_create1(EPOLL_CLOEXEC);
  CURLM *multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
  if (options.http2) curl_multi_setopt(multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);

  CURL **idle = calloc((size_t)options.concurrency, sizeof *idle);
  long idle_count = 0, running_transfers = 0, failed = 0, done = 0;
  char *line = NULL;
  size_t line_size = 0;
  int input_left = 1;
  for (;;) {
    while (input_left && running_transfers < options.concurrency) {
      if (!next_url(&line, &line_size)) {
        input_left = 0;
        break;
      }
      CURL *easy = idle_count > 0 ? idle[--idle_count] : new_handle(&options);
      curl_easy_setopt(easy, CURLOPT_URL, line);
      curl_multi_add_handle(multi, easy);
      ++running_transfers;
    }
    if (!input_left && running_transfers == 0) break;
    struct epoll_event events[256];
    const int ready = epoll_wait(g_epoll, events, 256, g_timeout_ms < 0 ? 1000 : (int)g_timeout_ms);
    int still = 0;
    if (ready <= 0) {
      curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &still);
    } else {
      for (int i = 0; i < ready; ++i) {
        int flags = 0;
        if (events[i].events & EPOLLIN) flags |= CURL_CSELECT_IN;
        if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
        if (events[i].events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
        curl_multi_socket_action(multi, events[i].data.fd, flags, &still);
      }
    }
    CURLMsg *message;
    int left;
    while ((message = curl_multi_info_read(multi, &left))) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL *easy = message->easy_handle;
      if (message->data.result != CURLE_OK) ++failed;
      curl_multi_remove_handle(multi, easy);
      idle[idle_count++] = easy;
      --running_transfers;
      ++done;
    }
  }
  for (long i = 0; i < idle_count; ++i) curl_easy_cleanup(idle[i]);
  curl_multi_cleanup(multi);
  curl_slist_free_all(options.resolve);
  free(line);
  free(idle);
  fprintf(stderr, "floor: %ld done, %ld failed\n", done, failed);
  return failed ? 1 : 0;
}

/* The floor on libuv the naive way, as curl's docs/examples/multi-uv.c does it:
 * one uv_poll_t per socket, made when libcurl asks to watch it and closed when it
 * gives it up, one uv_timer_t for libcurl's timeout. Otherwise the same client as
 * floor.c (same options): it shows what that bridge costs next to floor.c's epoll
 * and cofetch's (one epoll set of libcurl's sockets watched by one uv_poll_t). */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

static uv_loop_t *g_loop;
static uv_timer_t g_timer;
static CURLM *g_multi;
static CURL **g_idle;
static long g_idle_count, g_running, g_failed, g_done, g_concurrency;
static int g_input_left = 1;
static char *g_line;
static size_t g_line_size;
static int g_http2, g_insecure;
static const char *g_cacert;
static struct curl_slist *g_resolve;

struct watch {
  uv_poll_t poll;
  curl_socket_t socket;
};

static size_t drop(char *data, size_t size, size_t count, void *user) {
  (void)data;
  (void)user;
  return size * count;
}

static CURL *new_handle(void) {
  CURL *easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, drop);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
                   g_http2 ? (long)CURL_HTTP_VERSION_2TLS : (long)CURL_HTTP_VERSION_1_1);
  if (g_http2) curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  if (g_insecure) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (g_cacert) curl_easy_setopt(easy, CURLOPT_CAINFO, g_cacert);
  if (g_resolve) curl_easy_setopt(easy, CURLOPT_RESOLVE, g_resolve);
  return easy;
}

static void fill(void) {
  while (g_input_left && g_running < g_concurrency) {
    ssize_t length = getline(&g_line, &g_line_size, stdin);
    if (length < 0) {
      g_input_left = 0;
      break;
    }
    while (length > 0 && (g_line[length - 1] == '\n' || g_line[length - 1] == '\r'))
      g_line[--length] = '\0';
    if (length == 0) continue;
    CURL *easy = g_idle_count > 0 ? g_idle[--g_idle_count] : new_handle();
    curl_easy_setopt(easy, CURLOPT_URL, g_line);
    curl_multi_add_handle(g_multi, easy);
    ++g_running;
  }
}

static void drain(void) {
  CURLMsg *message;
  int left;
  while ((message = curl_multi_info_read(g_multi, &left))) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL *easy = message->easy_handle;
    if (message->data.result != CURLE_OK) ++g_failed;
    curl_multi_remove_handle(g_multi, easy);
    g_idle[g_idle_count++] = easy;
    --g_running;
    ++g_done;
  }
  fill();
}

static void on_poll(uv_poll_t *poll, int status, int events) {
  struct watch *watch = poll->data;
  int flags = 0, still = 0;
  if (status < 0) flags = CURL_CSELECT_ERR;
  if (events & UV_READABLE) flags |= CURL_CSELECT_IN;
  if (events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
  curl_multi_socket_action(g_multi, watch->socket, flags, &still);
  drain();
}

static void on_timeout(uv_timer_t *timer) {
  (void)timer;
  int still = 0;
  curl_multi_socket_action(g_multi, CURL_SOCKET_TIMEOUT, 0, &still);
  drain();
}

static void on_closed(uv_handle_t *handle) { free(handle->data); }

static int on_socket(CURL *easy, curl_socket_t socket, int what, void *user, void *socket_data) {
  (void)easy;
  (void)user;
  struct watch *watch = socket_data;
  if (what == CURL_POLL_REMOVE) {
    if (watch) {
      uv_poll_stop(&watch->poll);
      uv_close((uv_handle_t *)&watch->poll, on_closed);
      curl_multi_assign(g_multi, socket, NULL);
    }
    return 0;
  }
  if (!watch) {
    watch = calloc(1, sizeof *watch);
    watch->socket = socket;
    uv_poll_init_socket(g_loop, &watch->poll, socket);
    watch->poll.data = watch;
    curl_multi_assign(g_multi, socket, watch);
  }
  const int events = ((what & CURL_POLL_IN) ? UV_READABLE : 0) | ((what & CURL_POLL_OUT) ? UV_WRITABLE : 0);
  uv_poll_start(&watch->poll, events, on_poll);
  return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *user) {
  (void)multi;
  (void)user;
  if (timeout_ms < 0)
    uv_timer_stop(&g_timer);
  else
    uv_timer_start(&g_timer, on_timeout, (uint64_t)timeout_ms, 0);
  return 0;
}

int main(int argc, char **argv) {
  g_concurrency = 64;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-j") && i + 1 < argc) g_concurrency = atol(argv[++i]);
    else if (!strcmp(argv[i], "--http2")) g_http2 = 1;
    else if (!strcmp(argv[i], "-k")) g_insecure = 1;
    else if (!strcmp(argv[i], "--cacert") && i + 1 < argc) g_cacert = argv[++i];
    else if (!strcmp(argv[i], "--resolve") && i + 1 < argc) g_resolve = curl_slist_append(g_resolve, argv[++i]);
    else {
      fprintf(stderr, "usage: floor-uv [-j N] [--http2] [-k] [--cacert FILE] [--resolve H:P:A]... < urls\n");
      return 2;
    }
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  g_loop = uv_default_loop();
  uv_timer_init(g_loop, &g_timer);
  g_multi = curl_multi_init();
  curl_multi_setopt(g_multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(g_multi, CURLMOPT_TIMERFUNCTION, on_timer);
  if (g_http2) curl_multi_setopt(g_multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
  g_idle = calloc((size_t)g_concurrency, sizeof *g_idle);
  fill();
  uv_run(g_loop, UV_RUN_DEFAULT);
  for (long i = 0; i < g_idle_count; ++i) curl_easy_cleanup(g_idle[i]);
  curl_multi_cleanup(g_multi);
  uv_close((uv_handle_t *)&g_timer, NULL);
  uv_run(g_loop, UV_RUN_DEFAULT);
  curl_slist_free_all(g_resolve);
  free(g_line);
  free(g_idle);
  fprintf(stderr, "floor-uv: %ld done, %ld failed\n", g_done, g_failed);
  return g_failed ? 1 : 0;
}

// cofetch: fetch many URLs concurrently and see where the time went.

#include <unistd.h>

#include <cstdio>
#include <exception>

#include "cli/parse.hpp"
#include "cofetch/http/curl_handles.hpp"
#include "run/runner.hpp"

int main(int argc, char** argv) {
  try {
    const cofetch::http::CurlGlobal curl;
    const auto parsed = cofetch::cli::parse(argc, argv, isatty(STDIN_FILENO) != 0);
    if (parsed.options) return cofetch::run::run(*parsed.options);
    if (parsed.summarize) return cofetch::run::summarize(*parsed.summarize);
    return parsed.exit_status;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cofetch: %s\n", error.what());
    return cofetch::run::k_exit_failure;
  }
}

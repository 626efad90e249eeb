// cofetch: fetch many URLs concurrently and see where the time went.

#include <unistd.h>

#include <cstdio>
#include <exception>

#include "cli/parse.hpp"
#include "http/curl_handles.hpp"
#include "run/runner.hpp"

int main(int argc, char** argv) {
  try {
    const cofetch::http::CurlGlobal curl;
    const auto parsed = cofetch::cli::parse(argc, argv, isatty(STDIN_FILENO) != 0);
    return parsed.options ? cofetch::run::run(*parsed.options) : parsed.exit_status;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cofetch: %s\n", error.what());
    return cofetch::run::k_exit_failure;
  }
}

// cofetch-docs: writes cofetch's man page or a shell completion script, from the
// same option definitions the command parses with. The build runs it; it is not
// installed.
//
//   cofetch-docs man|bash|zsh|fish OUTPUT

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include "docs/completions.hpp"
#include "docs/man_page.hpp"

int main(int argc, char** argv) {
  using namespace cofetch::docs;
  if (argc != 3) {
    std::fprintf(stderr, "usage: cofetch-docs man|bash|zsh|fish OUTPUT\n");
    return 2;
  }
  const std::string_view kind = argv[1];
  std::string text;
  if (kind == "man") {
    text = man_page();
  } else if (kind == "bash") {
    text = bash_completion();
  } else if (kind == "zsh") {
    text = zsh_completion();
  } else if (kind == "fish") {
    text = fish_completion();
  } else {
    std::fprintf(stderr, "cofetch-docs: unknown kind %s\n", argv[1]);
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "cofetch-docs: cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}

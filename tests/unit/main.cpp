#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  // A configuration file of the person running the tests must not change them:
  // the tests of the configuration file name theirs.
  setenv("COFETCH_CONFIG", "", 1);
  return doctest::Context(argc, argv).run();
}

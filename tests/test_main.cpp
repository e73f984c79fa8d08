// Every test binary's entry point. It lives in an object file, not a library, on purpose:
// libsystemc.so also defines main() (to call sc_main), and a main() taken from a library
// depends on link order; an object file's main always wins.
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

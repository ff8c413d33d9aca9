// The only translation unit that compiles Catch's implementation; no tests here.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

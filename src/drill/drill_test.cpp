// placeholder
#include <gtest/gtest.h>
TEST(Drill, Builds) {}

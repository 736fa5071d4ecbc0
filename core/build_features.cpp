// Compiled with the project's -march (like all of core): the macros say what the compiler may use.
#include "core/build_features.h"

#include "core/cpu_feature_list.h"

extern "C" std::uint64_t ffw_build_features() {
  std::uint64_t f = 0;
#define FFW_FEATURE(name, bit, macro) \
  if (macro) f |= (1ull << (bit));
  FFW_CPU_FEATURES
#undef FFW_FEATURE
  return f;
}

extern "C" const char* ffw_build_target_name() { return FFW_BUILD_TARGET; }

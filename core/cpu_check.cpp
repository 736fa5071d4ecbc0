// Compiled for plain x86-64 (core/CMakeLists.txt), whatever the rest of the build targets: this is
// the code that must run on a CPU too old for the rest, to say so instead of dying with SIGILL.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <cstdint>

#include "core/build_features.h"
#include "core/cpu_feature_list.h"

namespace {

bool cpu_has(int bit) {
  switch (bit) {
#define FFW_FEATURE(name, bit, macro) \
  case bit: return __builtin_cpu_supports(name);
    FFW_CPU_FEATURES
#undef FFW_FEATURE
  }
  return false;
}

const char* feature_name(int bit) {
  switch (bit) {
#define FFW_FEATURE(name, bit, macro) \
  case bit: return name;
    FFW_CPU_FEATURES
#undef FFW_FEATURE
  }
  return "?";
}

// Plain C buffers only: an inline C++ template used here could be merged at link time with a copy
// compiled for the build's own target.
void model_name(char* out, std::size_t size) {
  std::snprintf(out, size, "unknown CPU");
  FILE* f = std::fopen("/proc/cpuinfo", "r");
  if (!f) return;
  char line[512];
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "model name", 10) == 0) {
      if (const char* colon = std::strchr(line, ':')) {
        std::snprintf(out, size, "%s", colon + (colon[1] == ' ' ? 2 : 1));
        out[std::strcspn(out, "\n")] = 0;
      }
      break;
    }
  std::fclose(f);
}

}  // namespace

extern "C" void ffw_cpu_check() {
  __builtin_cpu_init();
  const std::uint64_t needed = ffw_build_features();
  char missing[256] = "";
  for (int bit = 0; bit < 64; ++bit)
    if ((needed >> bit & 1u) && !cpu_has(bit)) {
      if (missing[0]) std::strncat(missing, ", ", sizeof missing - std::strlen(missing) - 1);
      std::strncat(missing, feature_name(bit), sizeof missing - std::strlen(missing) - 1);
    }
  if (!missing[0]) return;
  char model[200];
  model_name(model, sizeof model);
  char message[768];
  const int length = std::snprintf(message, sizeof message,
                                   "ffw: this CPU (%s) lacks %s, which this build (%s) needs; use a build for "
                                   "x86-64-v2 (the default, cmake -DFFW_NATIVE=OFF) or build on this machine\n",
                                   model, missing, ffw_build_target_name());
  if (length > 0 && write(STDERR_FILENO, message, std::strlen(message)) < 0) _exit(132);
  _exit(132);
}

namespace {
// Before every other static constructor of the program (priority 101 is the first user one).
__attribute__((constructor(101))) void check_at_start() { ffw_cpu_check(); }
}  // namespace

#pragma once
// The instruction-set extensions this build's code may use, as seen by the compiler that built it
// (core/build_features.cpp, compiled with the project's -march), and the check that the CPU running
// it has them (core/cpu_check.cpp, compiled for plain x86-64 so that it runs anywhere).
#include <cstdint>

// One bit per feature of FFW_CPU_FEATURES (core/cpu_feature_list.h).
extern "C" std::uint64_t ffw_build_features();
extern "C" const char* ffw_build_target_name();

// Runs before main in every program that links ffw_core; a CPU without the build's extensions gets
// one line naming the CPU, what is missing and how to build for it, and exit code 132
// (as from SIGILL, which it replaces), before any instruction it lacks can run.
extern "C" void ffw_cpu_check();

#pragma once
// What a result was measured on, for summary.json and every benchmark line: the CPU and its
// instruction set, the GEMM backend, kernel and precision that ran, and any environment variable
// that forced a kernel.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace ffw {

struct MachineInfo {
  std::string cpu_model;
  std::vector<std::string> cpu_isa;  // the vector extensions that matter for GEMM speed
  int cores = 0;
  std::string gemm_backend;  // "openblas" or "onednn"
  std::string gemm_kernel;   // OpenBLAS's core name or oneDNN's instruction set
  std::string gemm_library;
  std::string precision;     // "fp32" or "bf16"
  std::vector<std::string> forced_kernel_environment;
  std::string blas_library;  // OpenBLAS's, whichever backend ran
  std::string blas_kernel;
  int threads = 0;
  std::string build_target;  // the instruction set the binaries were compiled for
  std::string build_version;
};

MachineInfo machine_info();
nlohmann::json to_json(const MachineInfo& m);
std::string build_version();
std::string build_target();  // "x86-64-v2" or "native" (core/cpu_check.cpp)
double peak_rss_mb();  // of this process so far

std::string cpu_model();  // /proc/cpuinfo's model name
// The GEMM-relevant flags of /proc/cpuinfo this CPU has, in a fixed order
// (sse4_2 avx avx2 fma avx512f avx512bw avx512_vnni avx512_bf16 amx_bf16 ...).
std::vector<std::string> cpu_isa_flags();

}  // namespace ffw

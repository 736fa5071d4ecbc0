#include "core/machine.h"

#include <sys/resource.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/build_features.h"
#include "core/gemm.h"

namespace ffw {

namespace {
std::string cpuinfo_field(const std::string& name) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind(name, 0) == 0 && line.find(':') != std::string::npos) {
      const auto colon = line.find(':');
      return colon + 2 <= line.size() ? line.substr(colon + 2) : std::string();
    }
  return {};
}
}  // namespace

std::string cpu_model() {
  const std::string model = cpuinfo_field("model name");
  return model.empty() ? "unknown CPU" : model;
}

std::vector<std::string> cpu_isa_flags() {
  std::istringstream flags(" " + cpuinfo_field("flags") + " ");
  std::vector<std::string> present;
  for (std::string f; flags >> f;) present.push_back(f);
  std::vector<std::string> out;
  for (const char* wanted : {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
                             "avx512_bf16", "amx_tile", "amx_bf16", "amx_int8"})
    for (const auto& f : present)
      if (f == wanted) {
        out.emplace_back(wanted);
        break;
      }
  return out;
}

MachineInfo machine_info() {
  MachineInfo m;
  m.cpu_model = cpu_model();
  m.cpu_isa = cpu_isa_flags();
  m.cores = static_cast<int>(std::thread::hardware_concurrency());
  m.gemm_backend = gemm::to_string(gemm::backend());
  m.gemm_kernel = gemm::kernel_name(gemm::backend());
  m.gemm_library = gemm::library(gemm::backend());
  m.precision = gemm::to_string(gemm::precision());
  m.forced_kernel_environment = gemm::forced_kernel_environment();
  m.blas_library = gemm::library(gemm::Backend::OpenBlas);
  m.blas_kernel = gemm::kernel_name(gemm::Backend::OpenBlas);
  m.threads = gemm::threads();
  m.build_target = build_target();
  m.build_version = build_version();
  return m;
}

nlohmann::json to_json(const MachineInfo& m) {
  return {{"cpu_model", m.cpu_model},
          {"cpu_isa", m.cpu_isa},
          {"cores", m.cores},
          {"gemm_backend", m.gemm_backend},
          {"gemm_kernel", m.gemm_kernel},
          {"gemm_library", m.gemm_library},
          {"precision", m.precision},
          {"forced_kernel_environment", m.forced_kernel_environment},
          {"blas_library", m.blas_library},
          {"blas_kernel", m.blas_kernel},
          {"threads", m.threads},
          {"build_target", m.build_target},
          {"build_version", m.build_version}};
}

std::string build_target() { return ffw_build_target_name(); }

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace ffw

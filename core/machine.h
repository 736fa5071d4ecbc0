#pragma once
// What a result was measured on, for summary.json and every benchmark line.
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ffw {

struct MachineInfo {
  std::string cpu_model;
  int cores = 0;
  std::string blas_library;
  std::string blas_kernel;
  int threads = 0;
  std::string build_version;
};

MachineInfo machine_info();
nlohmann::json to_json(const MachineInfo& m);
std::string build_version();
double peak_rss_mb();  // of this process so far

}  // namespace ffw

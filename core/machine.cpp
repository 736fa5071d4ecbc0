#include "core/machine.h"

#include <sys/resource.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/blas.h"

namespace ffw {

MachineInfo machine_info() {
  MachineInfo m;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      m.cpu_model = line.substr(line.find(':') + 2);
      break;
    }
  m.cores = static_cast<int>(std::thread::hardware_concurrency());
  m.blas_library = blas::library();
  m.blas_kernel = blas::kernel_name();
  m.threads = blas::threads();
  m.build_version = build_version();
  return m;
}

nlohmann::json to_json(const MachineInfo& m) {
  return {{"cpu_model", m.cpu_model}, {"cores", m.cores},     {"blas_library", m.blas_library},
          {"blas_kernel", m.blas_kernel}, {"threads", m.threads}, {"build_version", m.build_version}};
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace ffw

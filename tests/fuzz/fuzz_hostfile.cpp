// Open MPI hostfiles as ffw reads them before mpirun does.
#include <string>

#include "core/error.h"
#include "core/hostfile.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto hosts = ffw::parse_hostfile(std::string(ffw::fuzz::text(data, size)), "hosts.txt");
    for (const auto& h : hosts)
      if (h.host.empty() || h.slot_count < 1 || h.line < 1) std::abort();
  } catch (const ffw::Error&) {
  }
  return 0;
}

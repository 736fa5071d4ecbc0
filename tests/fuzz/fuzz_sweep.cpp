// Sweep files (ffw sweep): the file, its expansion into combinations and the rulebook's check of
// each. An input may only end in ffw::Error; one that loads has as many items as it has
// combinations, each a named experiment with the values it sets.
#include <string>

#include "core/error.h"
#include "core/sweep.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = ffw::fuzz::write_file("input.sweep.json", data, size);
  try {
    const ffw::Sweep sweep = ffw::load_sweep(file);
    if (sweep.items.empty() || sweep.name.empty()) std::abort();
    for (std::size_t i = 0; i < sweep.items.size(); ++i)
      if (sweep.items[i].index != static_cast<int>(i) || !sweep.items[i].experiment.contains("name")) std::abort();
  } catch (const ffw::Error&) {
  }
  return 0;
}

// The experiment parser and the rulebook. Beyond "no crash": the rulebook and the parser must
// agree (parse_experiment succeeds exactly when experiment_problems finds nothing), and an
// experiment written back by to_json must parse to the same document.
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/experiment.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto doc = nlohmann::json::parse(data, data + size, nullptr, false);
  if (doc.is_discarded()) return 0;
  const auto problems = ffw::experiment_problems(doc);
  try {
    const ffw::Experiment e = ffw::parse_experiment(doc);
    if (!problems.empty()) std::abort();  // the rulebook refused what the parser took
    const auto written = ffw::to_json(e);
    if (ffw::to_json(ffw::parse_experiment(written)) != written) std::abort();  // no round trip
  } catch (const ffw::Error&) {
    if (problems.empty()) std::abort();  // the parser refused what the rulebook took
  }
  return 0;
}

// CSV datasets: label first, then the features, an optional header line. The first byte picks
// data.classes (1..200).
#include "core/dataset.h"
#include "core/error.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int classes = 1 + data[0] % 200;
  const auto file = ffw::fuzz::write_file("train.csv", data + 1, size - 1);
  try {
    const ffw::Dataset d = ffw::read_csv(file, classes);
    for (const auto label : d.labels)
      if (label >= classes) std::abort();
  } catch (const ffw::Error&) {
  }
  return 0;
}

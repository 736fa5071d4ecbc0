// CIFAR-10 binary batches (a label byte and 3072 pixel bytes per record), raw or gzip.
#include "core/dataset.h"
#include "core/error.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = ffw::fuzz::write_file("data_batch_1.bin", data, size);
  try {
    const ffw::Dataset d = ffw::read_cifar10_batch(file);
    if (d.dim() != 3072 || static_cast<std::size_t>(d.size()) != d.labels.size()) std::abort();
  } catch (const ffw::Error&) {
  }
  return 0;
}

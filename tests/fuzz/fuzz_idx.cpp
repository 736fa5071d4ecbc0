// IDX image and label files (MNIST, Fashion-MNIST), raw or gzip. The first two bytes say where
// the input splits into the image file and the label file.
#include "core/dataset.h"
#include "core/error.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t rest = size - 2;
  const std::size_t split = (std::size_t{data[0]} | std::size_t{data[1]} << 8) % (rest + 1);
  const auto images = ffw::fuzz::write_file("images-idx3-ubyte", data + 2, split);
  const auto labels = ffw::fuzz::write_file("labels-idx1-ubyte", data + 2 + split, rest - split);
  try {
    const ffw::Dataset d = ffw::read_idx(images, labels);
    if (d.size() <= 0 || static_cast<std::size_t>(d.size()) != d.labels.size()) std::abort();
  } catch (const ffw::Error&) {
  }
  return 0;
}

// Model (.ffwm) and checkpoint (.ffwc) files. A checksum guards every file, so random bytes would
// stop at it: the target writes the input with its checksum made right, and the fuzzer reaches the
// header, the tensor directory and the arrays behind it.
#include <zlib.h>

#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/model_file.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);
  if (bytes.size() >= 24) {
    const auto crc = static_cast<std::uint32_t>(crc32(0L, bytes.data(), static_cast<uInt>(bytes.size() - 4)));
    std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
  }
  const auto file = ffw::fuzz::write_file("model.ffwm", bytes.data(), bytes.size());
  try {
    ffw::load_model(file);
  } catch (const ffw::Error&) {
  }
  try {
    ffw::load_checkpoint(file);
  } catch (const ffw::Error&) {
  }
  return 0;
}

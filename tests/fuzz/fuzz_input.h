#pragma once
// What every fuzz target shares: the input written to a file of this process's own (the loaders
// under test read files, as they do in a run), and the one rule of the campaign: a bad input may
// only end in ffw::Error with a message. Any other exception escapes the target and libFuzzer
// reports it as a crash, like a sanitizer report, a hang or an allocation past -rss_limit_mb.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace ffw::fuzz {

// This process's scratch directory, removed when the process ends normally.
inline const std::filesystem::path& scratch_dir() {
  struct Scratch {
    std::filesystem::path dir;
    Scratch() {
      const char* tmp = std::getenv("TMPDIR");
      dir = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / ("ffw-fuzz-" + std::to_string(::getpid()));
      std::filesystem::create_directories(dir);
    }
    ~Scratch() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  };
  static const Scratch scratch;
  return scratch.dir;
}

inline std::filesystem::path write_file(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const auto file = scratch_dir() / name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return file;
}

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace ffw::fuzz

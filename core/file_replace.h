#pragma once
// Replacing a file so that a reader (or a resume after a crash, a full disk or a power cut) sees
// the old content or the new, never half of either: write FILE.tmp, fsync it where it matters,
// rename it over FILE, fsync the directory. On failure FILE is untouched, FILE.tmp is removed, and
// the Error(Io) names the file and the cause ("No space left on device: the disk is full ...").
#include <filesystem>
#include <string_view>

namespace ffw {

enum class Durability {
  Atomic,  // rename only: readers never see half a file (summary.json, experiment.json)
  Synced,  // and fsync'ed before and after the rename: survives a power cut (checkpoints, models)
};

// With `keep_previous_as`, the file being replaced is first renamed to that name (the previous
// checkpoint, for a resume when the newest one turns out damaged).
void replace_file(const std::filesystem::path& file, std::string_view bytes, Durability durability,
                  const std::filesystem::path& keep_previous_as = {});

}  // namespace ffw

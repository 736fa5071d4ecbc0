#pragma once
// Model and checkpoint files: a versioned binary format with a JSON header and a CRC-32.
//
//   "FFWMODEL"  8 bytes magic
//   u32         format version (1)
//   u64         header length H
//   H bytes     JSON header: kind, experiment, input_dim, classes, tensor directory, extras
//   ...         float32 tensors, column-major, in directory order
//   u32         CRC-32 (zlib) of every preceding byte
//
// Little-endian. A checkpoint also holds the optimizer state, the negative labels and the number
// of chapters done, so resuming from it is bit-identical to not stopping.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/model.h"

namespace ffw {

inline constexpr std::uint32_t kModelFormatVersion = 1;

struct Checkpoint {
  Model model;
  int chapters_done = 0;
  double elapsed_seconds = 0;        // wall time of the run up to this checkpoint
  std::vector<std::uint8_t> negatives;
};

// Written whole or not at all, and synced (core/file_replace.h).
void save_model(const std::filesystem::path& file, Model& model);
// Written whole or not at all, and synced (core/file_replace.h). With `keep_previous_as`, the
// checkpoint it replaces stays under that name.
void save_checkpoint(const std::filesystem::path& file, Checkpoint& checkpoint,
                     const std::filesystem::path& keep_previous_as = {});

// Throws Error(Model) when `checkpoint` was written for another network, variant or classifier
// than `e` (an experiment.json edited since): a resume continues the run that wrote it, or none.
void check_checkpoint_fits(const Checkpoint& checkpoint, const Experiment& e, const std::filesystem::path& file);

// Both read either kind; load_model ignores the optimizer state.
Model load_model(const std::filesystem::path& file);
Checkpoint load_checkpoint(const std::filesystem::path& file);

}  // namespace ffw

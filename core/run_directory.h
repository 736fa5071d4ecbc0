#pragma once
// The run directory: the contract between worker, CLI and GUI (docs/run-directory.md).
//
//   experiment.json  the experiment as run (every default filled in)
//   summary.json     status, accuracies, wall time, epochs, machine; rewritten as the run goes
//   metrics.csv      time_s,node,chapter,batch,layer,metric,value
//   checkpoints/     last.ffwc (the last finished chapter) and previous.ffwc, for resume;
//                    nodeN-chapterC.ffwc for distributed runs
//   model.ffwm       the final model
//   logs/            one log per node
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/experiment.h"

namespace ffw {

// summary.json as readers may use it: every field the run directory's contract names
// (docs/run-directory.md) has its type, or is left out; fields it does not name stay as they are.
// A hand-edited, damaged or future file then costs its bad fields, never the reader. `dropped`
// (when given) receives the JSON pointer of each field left out.
nlohmann::json conform_summary(const nlohmann::json& raw, std::vector<std::string>* dropped = nullptr);

class RunDirectory {
public:
  // Creates `dir` (which must not hold a run already) and writes experiment.json.
  static RunDirectory create(const std::filesystem::path& dir, const Experiment& e);
  // Opens an existing run (for resume, eval, export).
  static RunDirectory open(const std::filesystem::path& dir);
  // runs/<name>-<date>-<time> under `parent`, unique.
  static std::filesystem::path fresh_path(const std::filesystem::path& parent, const std::string& name);

  const std::filesystem::path& path() const { return dir_; }
  std::filesystem::path experiment_file() const { return dir_ / "experiment.json"; }
  std::filesystem::path summary_file() const { return dir_ / "summary.json"; }
  std::filesystem::path metrics_file() const { return dir_ / "metrics.csv"; }
  std::filesystem::path checkpoint_file() const { return dir_ / "checkpoints" / "last.ffwc"; }
  // The checkpoint last.ffwc replaced: a resume falls back to it when last.ffwc is damaged.
  std::filesystem::path previous_checkpoint_file() const { return dir_ / "checkpoints" / "previous.ffwc"; }
  std::filesystem::path model_file() const { return dir_ / "model.ffwm"; }
  std::filesystem::path log_file(int node) const;

  nlohmann::json read_summary() const;  // conformed (conform_summary); {} when there is none
  void write_summary(const nlohmann::json& summary) const;  // atomic replace

private:
  explicit RunDirectory(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

}  // namespace ffw

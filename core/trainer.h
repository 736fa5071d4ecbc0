#pragma once
// Sequential training in this process: the paper's N = 1 baseline (layers interleaved per
// chapter), local heads, and the backprop baseline, with checkpoints, progress and resume.
#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/experiment.h"
#include "core/ff_layer.h"
#include "core/metrics.h"
#include "core/model.h"
#include "core/model_file.h"
#include "core/node_trainer.h"
#include "core/timeline.h"

namespace ffw {

class ProgressListener {
public:
  virtual ~ProgressListener() = default;
  virtual void on_progress(double /*fraction*/, double /*elapsed_seconds*/) {}
  virtual void on_chapter(const ChapterReport& /*report*/) {}
};

struct TrainOptions {
  MetricsSink* sink = nullptr;
  TimelineSink* timeline = nullptr;
  ProgressListener* progress = nullptr;
  std::filesystem::path checkpoint_file;  // empty: no checkpoints
  std::filesystem::path previous_checkpoint_file;  // where the one it replaces stays (empty: nowhere)
  const std::atomic<bool>* stop = nullptr;
  int stop_after_chapters = 0;           // > 0: stop once this many chapters are done
  bool evaluate_each_chapter = true;
  bool final_evaluation = true;
  int node = 0;
  double input_cache_bytes = NodeContext::kInputCacheBytes;  // 0: re-forward batch by batch
};

enum class TrainStatus { Finished, Stopped };

struct TrainResult {
  TrainStatus status = TrainStatus::Finished;
  int chapters_done = 0;
  int epochs_done = 0;
  double wall_seconds = 0;   // including time before a resume
  double train_seconds = 0;  // wall time when the last chapter ended (the final evaluation excluded)
  std::string primary_readout;
  std::map<std::string, double> test_accuracy;  // per readout, at the end
  Eigen::MatrixXi confusion;                    // primary readout on the test set
  TrainTimings timings;
  Model model;
};

// Trains from scratch, or from `resume` (a checkpoint taken at a chapter end).
TrainResult train(const Experiment& e, const DataSplit& data, const TrainOptions& options,
                  std::optional<Checkpoint> resume = std::nullopt);

}  // namespace ffw

#pragma once
// One node's training state and work: the model, its optimizer state, the negative labels and the
// data it trains on. Sequential training drives one NodeTrainer through every stage of every
// chapter; the PFF schedules (cluster/) drive one per node and move parameters between them.
//
// A stage is one FF layer (or local-head layer), or the softmax head after the last layer; the
// backprop baseline has a single stage.
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/clock.h"
#include "core/dataset.h"
#include "core/experiment.h"
#include "core/ff_layer.h"
#include "core/metrics.h"
#include "core/model.h"
#include "core/timeline.h"

namespace ffw {

// Thrown from inside training when the stop flag is set; caught by the driver.
struct StopRequested {};

struct ChapterReport {
  int chapters_done = 0;
  int chapters = 0;
  double elapsed_seconds = 0;
  double eta_seconds = 0;
  std::vector<LayerBatchStats> layers;  // chapter means; goodness is 0 where it has no meaning
  double head_loss = -1;                // < 0: no head
  double test_accuracy = -1;            // < 0: not evaluated
  double validation_accuracy = -1;
};

// Where the time went (seconds). FF time covers data preparation, every FF layer's forward,
// loss, gradients and update; re-forwarding through earlier layers is part of it and also
// counted apart; the head, negative generation and evaluation are counted apart.
struct TrainTimings {
  double ff_seconds = 0, reforward_seconds = 0, head_seconds = 0, negatives_seconds = 0, eval_seconds = 0;
};

struct NodeContext {
  int node = 0;
  MetricsSink* sink = nullptr;
  TimelineSink* timeline = nullptr;
  Clock* clock = nullptr;  // required
  const std::atomic<bool>* stop = nullptr;
  std::function<void(double)> on_unit_progress;  // share of the current unit done, after each batch
  // > 1 emulates an older machine: each batch's computing (the thread's CPU time) takes this many
  // times as long (Clock::slow_down: a sleep, or an emulated clock's advance).
  double slowdown = 1.0;
  // The thread's CPU time spent waiting for other nodes so far (a polling transport's), which the
  // slowdown leaves out: a slower CPU does not wait longer. Unset: none.
  std::function<double()> wait_cpu_seconds{};
  // Data-parallel training: this node takes part `shard` of `shards` of every batch. Its gradients
  // (of its part's mean loss) become the batch's mean gradients before the update: each layer's
  // are handed to `start_reduction` as soon as its backward is done (a bucket), and
  // `finish_reduction` waits for them all.
  int shard = 0, shards = 1;
  std::function<void(Param& weight, Param& bias)> start_reduction{};
  std::function<void()> finish_reduction{};
  // Pipeline-parallel backprop (GPipe): computes the gradients of this node's layers
  // [pipeline_first, pipeline_last) for the batch `idx`, exchanging activations and gradients
  // with the neighbouring stages, and returns the batch loss (negative where this node does not
  // see it). The node then updates those layers only.
  std::function<double(std::span<const int> idx)> pipeline_gradients{};
  std::size_t pipeline_first = 0, pipeline_last = 0;
  // Called around every batch a stage trains, with the batch's number within the chapter (from
  // 0); `last` marks the chapter's last batch. Single-Layer PFF exchanges parameters here every K
  // batches instead of once per chapter.
  std::function<void(std::size_t stage, std::int64_t batch)> before_batch{};
  std::function<void(std::size_t stage, std::int64_t batch, bool last)> after_batch{};
  // Memory for the per-chapter input cache of Forward-Forward stages (NodeTrainer::train_stage);
  // a stage whose cache would not fit re-forwards batch by batch. 0: never cache.
  double input_cache_bytes = kInputCacheBytes;
  static constexpr double kInputCacheBytes = 512.0 * (1 << 20);
};

class NodeTrainer {
public:
  // `train` is this node's training data (all of it, or its shard); `negatives` one label per
  // training sample (empty: drawn for chapter 0).
  NodeTrainer(const Experiment& e, const Dataset& train, const Dataset& test, const Dataset& validation, Model model,
              std::vector<std::uint8_t> negatives, NodeContext context);

  std::size_t stages() const { return stages_; }
  bool is_head_stage(std::size_t stage) const;
  bool trains_per_batch() const;  // every stage on every batch (interleave "batch", backprop)

  // C epochs of one stage in `chapter`, re-forwarding each batch through the stages before it.
  void train_stage(int chapter, std::size_t stage);
  // The part of a stage that needs only the layers below, which this node has: its input cache
  // and the head's input up to the layer below. A ring node does it before it waits for the
  // stage's parameters, so the wait overlaps it (train_stage does it otherwise); the same values.
  void prepare_stage(int chapter, std::size_t stage);
  // C epochs of every stage, batch by batch (trains_per_batch()).
  void train_all_stages(int chapter);
  // The negatives for `next_chapter` (pff-algorithm.md 2.6): random redraws, adaptive asks the
  // current network, fixed keeps the first draw.
  void refresh_negatives(int next_chapter);
  // Writes the chapter's records (means per stage, accuracy) and returns its report. `evaluate`:
  // this node tests the network now, or, with training.evaluation "deferred", keeps its weights
  // for evaluate_deferred().
  ChapterReport finish_chapter(int chapter, bool evaluate);
  // Once training has ended: tests every chapter's kept weights, records each accuracy at the time
  // its chapter ended, and leaves the final weights in place.
  void evaluate_deferred();

  Model& model() { return model_; }
  const Model& model() const { return model_; }
  std::vector<std::uint8_t>& negatives() { return negatives_; }
  // The arrays a stage's owner publishes to the next node: weights and biases only.
  std::vector<Param*> stage_params(std::size_t stage);
  const TrainTimings& timings() const { return timings_; }
  std::int64_t batches_done() const;
  Clock& clock() { return *context_.clock; }

private:
  void run_epoch(int chapter, int local_epoch, std::size_t stage);
  void train_batch(std::size_t stage, std::span<const int> idx, double lr_scale, bool chained);
  void check_stop() const;
  void record_stage(std::size_t stage, const LayerBatchStats& stats);
  void gather_labels(std::span<const int> idx);
  OverlayBatch write_positives(std::span<const int> idx);
  bool cacheable(std::size_t stage) const;
  bool layers_below_fixed_in_chapter() const;
  double cache_budget_bytes() const;
  bool head_cacheable() const;
  void extend_head_cache(int chapter, std::size_t stage);
  void advance_head_cache(int chapter, std::size_t layers);
  void prepare_input_cache(int chapter, std::size_t stage);
  void gather_cached_input(std::span<const int> idx);
  void after_batch(int chapter, double batch_seconds, std::size_t samples);
  // At the clock's now, or at `at` (>= 0: a deferred evaluation's chapter end).
  void record_metric(int chapter, std::int64_t batch, int layer, Metric metric, double value, double at = -1);
  // Tests the network as it is; returns the test accuracy.
  double evaluate_now(int chapter, std::int64_t batch, double at, ChapterReport* report);
  struct KeptWeights {
    int chapter;
    std::int64_t batch;
    double at;
    std::vector<Matrix> values;
  };
  std::vector<KeptWeights> kept_;
  void record_layer(int chapter, std::size_t stage, const LayerBatchStats& s);
  void flush_batch_records(int chapter);
  void add_segment(SegmentKind kind, double start, double end, int chapter, int layer);

  struct Accumulator {
    double goodness_pos = 0, goodness_neg = 0, loss = 0;
    int count = 0;
    void add(const LayerBatchStats& s);
    LayerBatchStats mean() const;
  };

  const Experiment& e_;
  const Dataset& train_;
  const Dataset& test_;
  const Dataset& validation_;
  NodeContext context_;
  Optimizer optimizer_, head_optimizer_;
  Model model_;
  std::vector<std::uint8_t> negatives_;
  std::size_t stages_ = 0;
  int metrics_every_ = 0;
  int batches_since_record_ = 0;
  std::size_t samples_since_record_ = 0;
  double seconds_since_record_ = 0;
  std::vector<Accumulator> accumulators_, chapter_stats_;
  std::vector<std::int64_t> stage_batches_;
  TrainTimings timings_;
  // Batch buffers, reused so the hot loop does not allocate.
  Matrix x_, next_, features_;
  // The input of stage `cache_stage_` (the output of the layers below under this chapter's weights)
  // for every training sample: columns [0, n) positives, [n, 2n) negatives. See train_stage.
  Matrix cache_, cache_next_;
  int cache_chapter_ = -1;
  std::size_t cache_stage_ = 0;
  bool cache_wanted_ = false, cache_valid_ = false;
  // The softmax head's input (the scored layers' outputs for the neutral label, under this
  // chapter's weights) for every training sample, rows as head_features. A node that trains every
  // stage builds it one layer at the start of each next stage, so the head stage only trains the
  // softmax instead of forwarding each batch through every layer: the head was the costliest stage
  // (8 x 500: 2.5 layers' worth), and in a ring the costliest stage's chain through the chapters
  // bounds the speed-up. Otherwise the head stage computes it whole at its start.
  Matrix head_cache_, head_first_;  // head_first_: the first layer's output when it is not scored
  int head_chapter_ = -1;
  std::size_t head_layers_ = 0;  // leading layers of head_chapter_ whose outputs are in
  bool head_wanted_ = false;     // this head stage trains from head_cache_
  bool head_ready_ = false;      // head_cache_ holds this chapter's full input of the head
  int chapter_ = 0;
  std::vector<std::uint8_t> labels_, negative_labels_;
  std::vector<Scalar> inverse_norms_;
  std::size_t batch_samples_ = 0;  // the current batch's size before this node's part is cut
};

}  // namespace ffw

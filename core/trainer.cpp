#include "core/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/evaluate.h"
#include "core/optimizer.h"
#include "core/rng.h"

namespace ffw {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct StopRequested {};

// Running sums of one stage's statistics between two records.
struct Accumulator {
  double goodness_pos = 0, goodness_neg = 0, loss = 0;
  int count = 0;
  void add(const LayerBatchStats& s) {
    goodness_pos += s.goodness_pos;
    goodness_neg += s.goodness_neg;
    loss += s.loss;
    ++count;
  }
  LayerBatchStats mean() const {
    const double n = count ? count : 1;
    return {goodness_pos / n, goodness_neg / n, loss / n};
  }
};

class Trainer {
public:
  Trainer(const Experiment& e, const DataSplit& data, const TrainOptions& options, std::optional<Checkpoint> resume)
      : e_(e), data_(data), options_(options), optimizer_(e.optimizer), head_optimizer_(e.head_optimizer) {
    const Dataset& train = data.train;
    if (train.size() == 0) throw Error(ErrorKind::Data, "the training set is empty");
    if (resume) {
      model_ = std::move(resume->model);
      model_.preprocess = data.preprocess;
      negatives_ = std::move(resume->negatives);
      start_chapter_ = resume->chapters_done;
      elapsed_offset_ = resume->elapsed_seconds;
      if (negatives_.size() != static_cast<std::size_t>(train.size()) && e.negatives != Negatives::None)
        throw Error(ErrorKind::Model, "the checkpoint's negative labels do not match the training set; "
                                      "was the data changed since the run started?");
    } else {
      model_ = Model::create(e, static_cast<int>(train.dim()), train.classes, data.preprocess);
      if (e.negatives != Negatives::None) negatives_ = random_negatives(train, e.seed, 0);
    }
    stages_ = model_.kind == ModelKind::Backprop ? 1 : model_.layer_count() + (model_.head ? 1 : 0);
    accumulators_.resize(stages_);
    chapter_stats_.resize(stages_);
    stage_batches_.assign(stages_, 0);
    batches_per_epoch_ = (train.size() + e.batch_size - 1) / e.batch_size;
    metrics_every_ = e.metrics_every;
  }

  TrainResult run() {
    start_ = Clock::now();
    TrainResult result;
    result.status = TrainStatus::Finished;
    int chapter = start_chapter_;
    try {
      for (; chapter < e_.chapters; ++chapter) {
        run_chapter(chapter);
        finish_chapter(chapter);
        if (options_.stop_after_chapters > 0 && chapter + 1 >= options_.stop_after_chapters && chapter + 1 < e_.chapters) {
          ++chapter;
          throw StopRequested{};
        }
      }
    } catch (const StopRequested&) {
      result.status = TrainStatus::Stopped;
    }
    if (options_.sink) options_.sink->flush();
    result.chapters_done = result.status == TrainStatus::Finished ? e_.chapters : completed_chapters_;
    result.epochs_done = result.chapters_done * e_.epochs_per_chapter();
    result.primary_readout = primary_readout(model_);
    if (options_.final_evaluation && result.status == TrainStatus::Finished) {
      const auto t = Clock::now();
      result.test_accuracy = evaluate_all(model_, data_.test);
      result.confusion = evaluate(model_, data_.test, result.primary_readout).confusion;
      timings_.eval_seconds += seconds_since(t);
    }
    result.wall_seconds = elapsed();
    result.timings = timings_;
    result.model = std::move(model_);
    return result;
  }

private:
  double elapsed() const { return elapsed_offset_ + seconds_since(start_); }

  void check_stop() const {
    if (options_.stop && options_.stop->load(std::memory_order_relaxed)) throw StopRequested{};
  }

  void run_chapter(int chapter) {
    completed_chapters_ = chapter;
    for (auto& s : chapter_stats_) s = Accumulator{};
    const int epochs = e_.epochs_per_chapter();
    const bool per_batch = e_.interleave == Interleave::Batch || model_.kind == ModelKind::Backprop;
    if (per_batch) {
      for (int ep = 0; ep < epochs; ++ep) run_epoch(chapter, ep, stages_);
    } else {
      for (std::size_t stage = 0; stage < stages_; ++stage)
        for (int ep = 0; ep < epochs; ++ep) run_epoch(chapter, ep, stage);
    }
  }

  // One epoch over the training set: of one stage, or of every stage per batch when stage == stages_.
  void run_epoch(int chapter, int local_epoch, std::size_t stage) {
    const int epoch = chapter * e_.epochs_per_chapter() + local_epoch;
    const double lr_scale = cooldown_factor(epoch, e_.epochs, e_.cooldown);
    auto rng = make_rng(e_.seed, Stream::Shuffle,
                        {static_cast<std::uint64_t>(chapter), static_cast<std::uint64_t>(stage),
                         static_cast<std::uint64_t>(local_epoch)});
    const auto order = shuffled_indices(static_cast<int>(data_.train.size()), rng);
    const auto b = static_cast<std::size_t>(e_.batch_size);
    for (std::size_t begin = 0; begin < order.size(); begin += b) {
      check_stop();
      const std::span<const int> idx(order.data() + begin, std::min(b, order.size() - begin));
      const auto t = Clock::now();
      if (stage == stages_) {
        for (std::size_t s = 0; s < stages_; ++s) train_stage(s, idx, lr_scale, s > 0);
      } else {
        train_stage(stage, idx, lr_scale, false);
      }
      after_batch(chapter, seconds_since(t), idx.size());
    }
    work_done_ += 1;
    report_progress();
  }

  bool is_head_stage(std::size_t stage) const { return model_.head && stage == model_.layer_count(); }

  // Trains one stage on one batch. `chained`: x_ already holds this stage's input, computed by
  // the previous stage on the same batch (the per-batch interleave).
  void train_stage(std::size_t stage, std::span<const int> idx, double lr_scale, bool chained) {
    const auto t = Clock::now();
    const Dataset& train = data_.train;
    LayerBatchStats stats;
    switch (model_.kind) {
      case ModelKind::Backprop: {
        x_.resize(train.dim(), static_cast<Index>(idx.size()));
        for (std::size_t j = 0; j < idx.size(); ++j) x_.col(static_cast<Index>(j)) = train.x.col(idx[j]);
        gather_labels(idx);
        stats.loss = model_.bp->forward_backward(x_, labels_);
        model_.bp->update(optimizer_, e_.optimizer.learning_rate * lr_scale);
        break;
      }
      case ModelKind::LocalHeads: {
        if (!chained) {
          x_.resize(train.dim(), static_cast<Index>(idx.size()));
          write_overlay_batch(train, idx, {}, x_);
          for (std::size_t l = 0; l < stage; ++l) {
            model_.local[l].forward(x_, next_, nullptr);
            std::swap(x_, next_);
          }
          gather_labels(idx);
        }
        stats.loss = model_.local[stage].forward_backward(x_, labels_, &next_);
        model_.local[stage].update(optimizer_, head_optimizer_, e_.learning_rate(stage) * lr_scale,
                                   e_.head_optimizer.learning_rate * lr_scale);
        std::swap(x_, next_);
        break;
      }
      case ModelKind::ForwardForward: {
        if (is_head_stage(stage)) {
          x_.resize(train.dim(), static_cast<Index>(idx.size()));
          write_overlay_batch(train, idx, {}, x_);
          head_features(model_, x_, features_);
          gather_labels(idx);
          stats.loss = model_.head->forward_backward(features_, labels_);
          model_.head->update(head_optimizer_, e_.head_optimizer.learning_rate * lr_scale);
          timings_.head_seconds += seconds_since(t);
          record_stage(stage, stats);
          return;
        }
        if (!chained) {
          write_positive_negative(idx);
          for (std::size_t l = 0; l < stage; ++l) {
            model_.ff[l].forward(x_, &next_, nullptr);
            std::swap(x_, next_);
          }
        }
        const bool feeds_next = chained_mode() && stage + 1 < model_.layer_count();
        stats = model_.ff[stage].forward_backward(x_, static_cast<Index>(idx.size()), feeds_next ? &next_ : nullptr);
        model_.ff[stage].update(optimizer_, e_.learning_rate(stage) * lr_scale);
        if (feeds_next) std::swap(x_, next_);
        break;
      }
    }
    timings_.ff_seconds += seconds_since(t);
    if (!std::isfinite(stats.loss) || !std::isfinite(stats.goodness_pos) || !std::isfinite(stats.goodness_neg))
      throw Error(ErrorKind::Training,
                  "training diverged: layer " + std::to_string(stage + 1) + " has a non-finite loss in chapter " +
                      std::to_string(completed_chapters_ + 1) + "; lower the learning rate or the threshold");
    record_stage(stage, stats);
  }

  bool chained_mode() const { return e_.interleave == Interleave::Batch; }

  void record_stage(std::size_t stage, const LayerBatchStats& stats) {
    accumulators_[stage].add(stats);
    chapter_stats_[stage].add(stats);
    ++stage_batches_[stage];
  }

  void gather_labels(std::span<const int> idx) {
    labels_.resize(idx.size());
    for (std::size_t j = 0; j < idx.size(); ++j) labels_[j] = data_.train.labels[static_cast<std::size_t>(idx[j])];
  }

  // Positive columns (true labels) then negative columns (negative labels), normalised.
  void write_positive_negative(std::span<const int> idx) {
    pair_idx_.assign(idx.begin(), idx.end());
    pair_idx_.insert(pair_idx_.end(), idx.begin(), idx.end());
    embed_.resize(pair_idx_.size());
    for (std::size_t j = 0; j < idx.size(); ++j) {
      embed_[j] = data_.train.labels[static_cast<std::size_t>(idx[j])];
      embed_[j + idx.size()] = negatives_[static_cast<std::size_t>(idx[j])];
    }
    x_.resize(data_.train.dim(), static_cast<Index>(pair_idx_.size()));
    write_overlay_batch(data_.train, pair_idx_, embed_, x_);
  }

  void after_batch(int chapter, double batch_seconds, std::size_t samples) {
    ++batches_since_record_;
    samples_since_record_ += samples;
    seconds_since_record_ += batch_seconds;
    if (metrics_every_ == 0 && batches_since_record_ >= 3) {
      // About two records a second, fixed from the first batches' pace.
      metrics_every_ = std::max(1, static_cast<int>(std::lround(0.5 / (seconds_since_record_ / batches_since_record_))));
    }
    if (metrics_every_ > 0 && batches_since_record_ >= metrics_every_) emit_batch_records(chapter);
    if (++batches_since_progress_ >= 8) {
      batches_since_progress_ = 0;
      report_progress_partial();
    }
  }

  void emit(int chapter, std::int64_t batch, int layer, Metric metric, double value) {
    if (options_.sink)
      options_.sink->record({elapsed(), options_.node, chapter + 1, batch, layer, metric, value});
  }

  void emit_layer(int chapter, std::size_t stage, const LayerBatchStats& s) {
    const auto batch = stage_batches_[stage];
    if (is_head_stage(stage)) {
      emit(chapter, batch, kNetworkLayer, Metric::HeadLoss, s.loss);
      return;
    }
    const int layer = static_cast<int>(stage) + 1;
    if (model_.kind == ModelKind::ForwardForward) {
      emit(chapter, batch, layer, Metric::GoodnessPos, s.goodness_pos);
      emit(chapter, batch, layer, Metric::GoodnessNeg, s.goodness_neg);
    }
    emit(chapter, batch, model_.kind == ModelKind::Backprop ? kNetworkLayer : layer, Metric::Loss, s.loss);
  }

  void emit_batch_records(int chapter) {
    for (std::size_t s = 0; s < stages_; ++s) {
      if (accumulators_[s].count == 0) continue;
      emit_layer(chapter, s, accumulators_[s].mean());
      accumulators_[s] = Accumulator{};
    }
    const auto batch = *std::max_element(stage_batches_.begin(), stage_batches_.end());
    if (seconds_since_record_ > 0)
      emit(chapter, batch, kNetworkLayer, Metric::SamplesPerSecond,
           static_cast<double>(samples_since_record_) / seconds_since_record_);
    batches_since_record_ = 0;
    samples_since_record_ = 0;
    seconds_since_record_ = 0;
  }

  double total_work() const {
    const bool per_batch = e_.interleave == Interleave::Batch || model_.kind == ModelKind::Backprop;
    return static_cast<double>(e_.chapters - start_chapter_) * e_.epochs_per_chapter() *
           static_cast<double>(per_batch ? 1 : stages_);
  }

  void report_progress() const {
    if (options_.progress) options_.progress->on_progress(std::min(1.0, work_done_ / total_work()), elapsed());
  }
  void report_progress_partial() const {
    if (!options_.progress) return;
    const double within = static_cast<double>(batches_since_progress_total()) / static_cast<double>(batches_per_epoch_);
    options_.progress->on_progress(std::min(1.0, (work_done_ + std::min(within, 1.0)) / total_work()), elapsed());
  }
  Index batches_since_progress_total() const {
    const auto done = *std::max_element(stage_batches_.begin(), stage_batches_.end());
    return done % batches_per_epoch_;
  }

  void finish_chapter(int chapter) {
    if (batches_since_record_ > 0) emit_batch_records(chapter);
    const bool last = chapter + 1 == e_.chapters;
    // New negatives for the next chapter (pff-algorithm.md 2.6): random redraws, adaptive asks
    // the current network, fixed keeps the first draw.
    if (!last && (e_.negatives == Negatives::Random || e_.negatives == Negatives::Adaptive)) {
      const auto t = Clock::now();
      const auto round = static_cast<std::uint64_t>(chapter + 1);
      negatives_ = e_.negatives == Negatives::Random
                       ? random_negatives(data_.train, e_.seed, round)
                       : adaptive_negatives(model_, data_.train, e_.adaptive_choice, e_.seed, round);
      timings_.negatives_seconds += seconds_since(t);
    }
    ChapterReport report;
    report.chapters_done = chapter + 1;
    report.chapters = e_.chapters;
    const auto batch = *std::max_element(stage_batches_.begin(), stage_batches_.end());
    for (std::size_t s = 0; s < stages_; ++s) {
      const LayerBatchStats mean = chapter_stats_[s].mean();
      if (is_head_stage(s)) {
        report.head_loss = mean.loss;
      } else {
        report.layers.push_back(mean);
      }
    }
    if (options_.evaluate_each_chapter || last) {
      const auto t = Clock::now();
      const std::string readout = primary_readout(model_);
      report.test_accuracy = evaluate(model_, data_.test, readout).accuracy;
      emit(chapter, batch, kNetworkLayer, Metric::TestAccuracy, report.test_accuracy);
      if (data_.validation.size() > 0) {
        report.validation_accuracy = evaluate(model_, data_.validation, readout).accuracy;
        emit(chapter, batch, kNetworkLayer, Metric::ValidationAccuracy, report.validation_accuracy);
      }
      timings_.eval_seconds += seconds_since(t);
    }
    emit(chapter, batch, kNetworkLayer, Metric::LearningRate,
         e_.optimizer.learning_rate * cooldown_factor((chapter + 1) * e_.epochs_per_chapter() - 1, e_.epochs, e_.cooldown));
    completed_chapters_ = chapter + 1;
    if (options_.sink) options_.sink->flush();
    if (!options_.checkpoint_file.empty() && e_.checkpoints) {
      Checkpoint c{std::move(model_), chapter + 1, elapsed(), negatives_};
      try {
        save_checkpoint(options_.checkpoint_file, c);
      } catch (...) {
        model_ = std::move(c.model);
        throw;
      }
      model_ = std::move(c.model);
    }
    report.elapsed_seconds = elapsed();
    const double fraction = work_done_ / total_work();
    report.eta_seconds = fraction > 0 ? seconds_since(start_) * (1 - fraction) / fraction : 0;
    if (options_.progress) options_.progress->on_chapter(report);
  }

  const Experiment& e_;
  const DataSplit& data_;
  const TrainOptions& options_;
  Optimizer optimizer_, head_optimizer_;
  Model model_;
  std::vector<std::uint8_t> negatives_;
  std::size_t stages_ = 0;
  int start_chapter_ = 0, completed_chapters_ = 0;
  double elapsed_offset_ = 0;
  Clock::time_point start_;
  Index batches_per_epoch_ = 0;
  int metrics_every_ = 0;
  int batches_since_record_ = 0, batches_since_progress_ = 0;
  std::size_t samples_since_record_ = 0;
  double seconds_since_record_ = 0;
  double work_done_ = 0;
  std::vector<Accumulator> accumulators_, chapter_stats_;
  std::vector<std::int64_t> stage_batches_;
  TrainTimings timings_;
  // Batch buffers, reused so the hot loop does not allocate.
  Matrix x_, next_, features_;
  std::vector<int> pair_idx_;
  std::vector<std::uint8_t> embed_, labels_;
};

}  // namespace

TrainResult train(const Experiment& e, const DataSplit& data, const TrainOptions& options,
                  std::optional<Checkpoint> resume) {
  Trainer trainer(e, data, options, std::move(resume));
  return trainer.run();
}

}  // namespace ffw

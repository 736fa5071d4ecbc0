#include "core/node_trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "core/error.h"
#include "core/evaluate.h"
#include "core/rng.h"
#include "core/schedule_layout.h"
#include "core/step_profile.h"

namespace ffw {

namespace {
using Steady = std::chrono::steady_clock;
double seconds_since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }
}  // namespace

void NodeTrainer::Accumulator::add(const LayerBatchStats& s) {
  goodness_pos += s.goodness_pos;
  goodness_neg += s.goodness_neg;
  loss += s.loss;
  ++count;
}

LayerBatchStats NodeTrainer::Accumulator::mean() const {
  const double n = count ? count : 1;
  return {goodness_pos / n, goodness_neg / n, loss / n};
}

NodeTrainer::NodeTrainer(const Experiment& e, const Dataset& train, const Dataset& test, const Dataset& validation,
                         Model model, std::vector<std::uint8_t> negatives, NodeContext context)
    : e_(e),
      train_(train),
      test_(test),
      validation_(validation),
      context_(context),
      optimizer_(e.optimizer),
      head_optimizer_(e.head_optimizer),
      model_(std::move(model)),
      negatives_(std::move(negatives)) {
  if (train.size() == 0) throw Error(ErrorKind::Data, "the training set is empty");
  if (e.negatives != Negatives::None) {
    if (negatives_.empty()) negatives_ = random_negatives(train, e.seed, 0);
    if (negatives_.size() != static_cast<std::size_t>(train.size()))
      throw Error(ErrorKind::Model, "the checkpoint's negative labels do not match the training set; "
                                    "was the data changed since the run started?");
  }
  stages_ = model_.kind == ModelKind::Backprop ? 1 : model_.layer_count() + (model_.head ? 1 : 0);
  accumulators_.resize(stages_);
  chapter_stats_.resize(stages_);
  stage_batches_.assign(stages_, 0);
  metrics_every_ = e.metrics_every;
}

bool NodeTrainer::is_head_stage(std::size_t stage) const { return model_.head && stage == model_.layer_count(); }

bool NodeTrainer::trains_per_batch() const {
  return e_.interleave == Interleave::Batch || model_.kind == ModelKind::Backprop;
}

std::int64_t NodeTrainer::batches_done() const { return *std::max_element(stage_batches_.begin(), stage_batches_.end()); }

std::vector<Param*> NodeTrainer::stage_params(std::size_t stage) {
  switch (model_.kind) {
    case ModelKind::Backprop: {
      std::vector<Param*> all;
      for (std::size_t l = 0; l < model_.bp->weights.size(); ++l) {
        all.push_back(&model_.bp->weights[l]);
        all.push_back(&model_.bp->biases[l]);
      }
      return all;
    }
    case ModelKind::LocalHeads:
      return {&model_.local[stage].weight, &model_.local[stage].bias, &model_.local[stage].head.weight,
              &model_.local[stage].head.bias};
    case ModelKind::ForwardForward:
      if (is_head_stage(stage)) return {&model_.head->weight, &model_.head->bias};
      return {&model_.ff[stage].weight, &model_.ff[stage].bias};
  }
  return {};
}

void NodeTrainer::check_stop() const {
  if (context_.stop && context_.stop->load(std::memory_order_relaxed)) throw StopRequested{};
}

void NodeTrainer::add_segment(SegmentKind kind, double start, double end, int chapter, int layer) {
  if (!context_.timeline) return;
  Segment s;
  s.start_s = start;
  s.end_s = end;
  s.node = context_.node;
  s.chapter = chapter + 1;
  s.layer = layer;
  s.kind = kind;
  context_.timeline->segment(s);
}

void NodeTrainer::train_stage(int chapter, std::size_t stage) {
  chapter_stats_[stage] = Accumulator{};
  // A Forward-Forward stage s >= 1 trains on the output of the layers below under this chapter's
  // weights, which stay fixed while it trains. That input is computed once per chapter for every
  // sample (one layer forward from the previous stage's, when this node trained it) instead of per
  // batch through every layer below: a chapter re-forwards L-1 layers instead of L(L-1)/2, and the
  // stages of a pipeline cost about the same, which shortens its ramp. Within a memory budget;
  // otherwise per batch, as before. Computed lazily at the first batch (after the before_batch hook).
  chapter_ = chapter;
  cache_wanted_ = cacheable(stage);
  cache_valid_ = cache_valid_ && cache_wanted_ && cache_chapter_ == chapter && cache_stage_ == stage;
  const double start = context_.clock->now();
  const double ff_before = timings_.ff_seconds + timings_.head_seconds, reforward_before = timings_.reforward_seconds;
  head_wanted_ = false;
  if (head_cacheable()) {
    const auto rf = Steady::now();
    if (is_head_stage(stage)) {
      head_wanted_ = true;  // completed at the first batch, after the before_batch hook (it may fetch the layers)
      head_ready_ = false;
    } else if (stage == 0) {
      head_chapter_ = chapter, head_layers_ = 0;  // this node trains from the first layer: build as it goes
    } else {
      extend_head_cache(chapter, stage);
    }
    const double seconds = seconds_since(rf);
    timings_.reforward_seconds += seconds;
    timings_.ff_seconds += seconds;
  }
  for (int ep = 0; ep < e_.epochs_per_chapter(); ++ep) run_epoch(chapter, ep, stage);
  head_wanted_ = head_ready_ = false;
  cache_wanted_ = false;
  context_.clock->finished(SegmentKind::Train);
  const double end = context_.clock->now();
  // Re-forwarding is interleaved with training batch by batch; the timeline shows its share of
  // the unit as one segment before the training segment.
  const double busy = timings_.ff_seconds + timings_.head_seconds - ff_before;
  const double share = busy > 0 ? (timings_.reforward_seconds - reforward_before) / busy : 0;
  const double split = start + share * (end - start);
  const int layer = static_cast<int>(stage) + 1;
  if (share > 0) add_segment(SegmentKind::Reforward, start, split, chapter, layer);
  add_segment(SegmentKind::Train, split, end, chapter, layer);
}

void NodeTrainer::prepare_stage(int chapter, std::size_t stage) {
  if (stage == 0 || is_head_stage(stage)) return;
  const auto t = Steady::now();
  const double start = context_.clock->now();
  if (head_cacheable()) extend_head_cache(chapter, stage);
  if (cacheable(stage) && !(cache_valid_ && cache_chapter_ == chapter && cache_stage_ == stage))
    prepare_input_cache(chapter, stage);
  const double seconds = seconds_since(t), end = context_.clock->now();
  timings_.reforward_seconds += seconds;
  timings_.ff_seconds += seconds;
  if (end > start) add_segment(SegmentKind::Reforward, start, end, chapter, static_cast<int>(stage) + 1);
}

void NodeTrainer::train_all_stages(int chapter) {
  for (auto& s : chapter_stats_) s = Accumulator{};
  const double start = context_.clock->now();
  for (int ep = 0; ep < e_.epochs_per_chapter(); ++ep) run_epoch(chapter, ep, stages_);
  context_.clock->finished(SegmentKind::Train);
  add_segment(SegmentKind::Train, start, context_.clock->now(), chapter, 0);
}

// One epoch over the training data: of one stage, or of every stage per batch when stage == stages_.
void NodeTrainer::run_epoch(int chapter, int local_epoch, std::size_t stage) {
  const int epoch = chapter * e_.epochs_per_chapter() + local_epoch;
  const double lr_scale = cooldown_factor(epoch, e_.epochs, e_.cooldown);
  auto rng = make_rng(e_.seed, Stream::Shuffle,
                      {static_cast<std::uint64_t>(chapter), static_cast<std::uint64_t>(stage),
                       static_cast<std::uint64_t>(local_epoch)});
  const auto order = shuffled_indices(static_cast<int>(train_.size()), rng);
  const auto b = static_cast<std::size_t>(e_.batch_size);
  for (std::size_t begin = 0; begin < order.size(); begin += b) {
    check_stop();
    std::span<const int> idx(order.data() + begin, std::min(b, order.size() - begin));
    batch_samples_ = idx.size();
    if (context_.shards > 1) {
      // This node's contiguous part of the batch (cluster.batch_shares, else equal parts).
      const auto [from, to] = batch_part(e_, context_.shard, static_cast<std::int64_t>(idx.size()));
      idx = idx.subspan(static_cast<std::size_t>(from), static_cast<std::size_t>(to - from));
    }
    const std::int64_t batches_per_epoch = static_cast<std::int64_t>((order.size() + b - 1) / b);
    const std::int64_t in_chapter = local_epoch * batches_per_epoch + static_cast<std::int64_t>(begin / b);
    if (context_.before_batch) {
      context_.before_batch(stage, in_chapter);
      if (in_chapter > 0) {  // it may have fetched the layers below anew
        cache_valid_ = head_ready_ = false;
        head_chapter_ = -1;
      }
    }
    const auto t = Steady::now();
    const double cpu = thread_cpu_seconds(), waited = context_.wait_cpu_seconds ? context_.wait_cpu_seconds() : 0.0;
    if (stage == stages_) {
      for (std::size_t s = 0; s < stages_; ++s) train_batch(s, idx, lr_scale, s > 0);
    } else {
      train_batch(stage, idx, lr_scale, false);
    }
    // cluster.slowdown: a slower CPU takes longer for the batch's computing, not for its waiting.
    if (context_.slowdown > 1.0) {
      const double wait = context_.wait_cpu_seconds ? context_.wait_cpu_seconds() - waited : 0.0;
      context_.clock->slow_down((context_.slowdown - 1.0) * std::max(0.0, thread_cpu_seconds() - cpu - wait));
    }
    after_batch(chapter, seconds_since(t), idx.size());
    if (context_.after_batch)
      context_.after_batch(stage, in_chapter,
                           local_epoch + 1 == e_.epochs_per_chapter() && begin + idx.size() >= order.size());
    if (context_.on_unit_progress) {
      const double epochs = e_.epochs_per_chapter();
      context_.on_unit_progress((local_epoch + static_cast<double>(begin + idx.size()) / static_cast<double>(order.size())) / epochs);
    }
  }
}

// Trains one stage on one batch. `chained`: x_ already holds this stage's input, computed by the
// previous stage on the same batch (the per-batch interleave).
void NodeTrainer::train_batch(std::size_t stage, std::span<const int> idx, double lr_scale, bool chained) {
  const auto t = Steady::now();
  const step_profile::Scope step(step_profile::Part::Elementwise, step_profile::Root::Step);
  LayerBatchStats stats;
  switch (model_.kind) {
    case ModelKind::Backprop: {
      if (context_.pipeline_gradients) {
        stats.loss = context_.pipeline_gradients(idx);
        model_.bp->update_layers(context_.pipeline_first, context_.pipeline_last, optimizer_,
                                 e_.optimizer.learning_rate * lr_scale);
        if (stats.loss < 0) {  // a stage without the output layer: no loss to record
          timings_.ff_seconds += seconds_since(t);
          ++stage_batches_[stage];
          return;
        }
        break;
      }
      x_.resize(train_.dim(), static_cast<Index>(idx.size()));
      for (std::size_t j = 0; j < idx.size(); ++j) x_.col(static_cast<Index>(j)) = train_.x.col(idx[j]);
      gather_labels(idx);
      if (context_.start_reduction) {
        BpMlp& bp = *model_.bp;
        // Parts of unequal size (cluster.batch_shares): each node's mean gradient weighs by its
        // share of the batch, and the sum over the nodes is the batch's mean (not divided again).
        const bool weighted = !e_.batch_shares.empty();
        const float weight = static_cast<float>(idx.size()) / static_cast<float>(std::max<std::size_t>(batch_samples_, 1));
        auto reduce = [&](std::size_t l) {
          if (weighted) {
            bp.weights[l].grad *= weight;
            bp.biases[l].grad *= weight;
          }
          context_.start_reduction(bp.weights[l], bp.biases[l]);
        };
        if (idx.empty()) {  // a last batch too small to give this node a sample: it adds nothing
          for (std::size_t l = bp.weights.size(); l-- > 0;) {
            bp.weights[l].grad.setZero();
            bp.biases[l].grad.setZero();
            context_.start_reduction(bp.weights[l], bp.biases[l]);
          }
          stats.loss = 0;
        } else {
          stats.loss = bp.forward_backward(x_, labels_, reduce);
        }
        context_.finish_reduction();
      } else {
        stats.loss = model_.bp->forward_backward(x_, labels_);
      }
      model_.bp->update(optimizer_, e_.optimizer.learning_rate * lr_scale);
      break;
    }
    case ModelKind::LocalHeads: {
      if (!chained) {
        x_.resize(train_.dim(), static_cast<Index>(idx.size()));
        write_overlay_batch(train_, idx, {}, x_);
        const auto rf = Steady::now();
        for (std::size_t l = 0; l < stage; ++l) {
          model_.local[l].forward(x_, next_, nullptr);
          std::swap(x_, next_);
        }
        timings_.reforward_seconds += seconds_since(rf);
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
        const step_profile::Scope head(step_profile::Part::Head);
        if (head_wanted_) {
          if (!head_ready_) {  // continues what the stages before built this chapter, if they did
            const auto rf = Steady::now();
            advance_head_cache(chapter_, model_.layer_count());
            head_ready_ = true;
            timings_.reforward_seconds += seconds_since(rf);
          }
          features_.resize(head_cache_.rows(), static_cast<Index>(idx.size()));
          for (std::size_t j = 0; j < idx.size(); ++j) features_.col(static_cast<Index>(j)) = head_cache_.col(idx[j]);
        } else {
          x_.resize(train_.dim(), static_cast<Index>(idx.size()));
          write_overlay_batch(train_, idx, {}, x_);
          head_features(model_, x_, features_);
        }
        gather_labels(idx);
        stats.loss = model_.head->forward_backward(features_, labels_);
        model_.head->update(head_optimizer_, e_.head_optimizer.learning_rate * lr_scale);
        timings_.head_seconds += seconds_since(t);
        record_stage(stage, stats);
        return;
      }
      const bool feeds_next = e_.interleave == Interleave::Batch && stage + 1 < model_.layer_count();
      if (stage == 0) {
        // The first layer sees positives and negatives that differ only in the label inputs.
        const OverlayBatch batch = write_positives(idx);
        stats = model_.ff[0].forward_backward(batch, feeds_next ? &next_ : nullptr);
      } else {
        if (cache_wanted_) {
          const auto rf = Steady::now();
          const step_profile::Scope input(step_profile::Part::Input);
          if (!cache_valid_) prepare_input_cache(chapter_, stage);
          gather_cached_input(idx);
          timings_.reforward_seconds += seconds_since(rf);
        } else if (!chained) {
          const auto rf = Steady::now();
          model_.ff[0].forward(write_positives(idx), &next_);
          std::swap(x_, next_);
          for (std::size_t l = 1; l < stage; ++l) {
            model_.ff[l].forward(x_, &next_, nullptr);
            std::swap(x_, next_);
          }
          timings_.reforward_seconds += seconds_since(rf);
        }
        stats = model_.ff[stage].forward_backward(x_, static_cast<Index>(idx.size()), feeds_next ? &next_ : nullptr);
      }
      model_.ff[stage].update(optimizer_, e_.learning_rate(stage) * lr_scale);
      if (feeds_next) std::swap(x_, next_);
      break;
    }
  }
  timings_.ff_seconds += seconds_since(t);
  if (!std::isfinite(stats.loss) || !std::isfinite(stats.goodness_pos) || !std::isfinite(stats.goodness_neg))
    throw Error(ErrorKind::Training, "training diverged on node " + std::to_string(context_.node) + ": layer " +
                                         std::to_string(stage + 1) +
                                         " has a non-finite loss; lower the learning rate or the threshold, "
                                         "or check the data for non-finite values");
  record_stage(stage, stats);
}

void NodeTrainer::record_stage(std::size_t stage, const LayerBatchStats& stats) {
  accumulators_[stage].add(stats);
  chapter_stats_[stage].add(stats);
  ++stage_batches_[stage];
}

void NodeTrainer::gather_labels(std::span<const int> idx) {
  labels_.resize(idx.size());
  for (std::size_t j = 0; j < idx.size(); ++j) labels_[j] = train_.labels[static_cast<std::size_t>(idx[j])];
}

bool NodeTrainer::cacheable(std::size_t stage) const {
  if (model_.kind != ModelKind::ForwardForward || stage == 0 || is_head_stage(stage) ||
      e_.interleave != Interleave::Layer || context_.shards > 1)
    return false;
  if (!layers_below_fixed_in_chapter()) return false;
  const double columns = 2.0 * static_cast<double>(train_.size());
  const double below = stage >= 2 ? static_cast<double>(model_.ff[stage - 2].fan_out()) : 0.0;
  return (below + static_cast<double>(model_.ff[stage - 1].fan_out())) * columns * sizeof(Scalar) <= cache_budget_bytes();
}

// Exchanging every K batches refreshes the layers below K at a time: fixed only when K covers the chapter.
bool NodeTrainer::layers_below_fixed_in_chapter() const {
  const auto batches = (train_.size() + static_cast<std::size_t>(e_.batch_size) - 1) / static_cast<std::size_t>(e_.batch_size);
  return !context_.before_batch || (e_.exchange_every > 0 && static_cast<std::size_t>(e_.exchange_every) >=
                                                                  batches * static_cast<std::size_t>(e_.epochs_per_chapter()));
}

double NodeTrainer::cache_budget_bytes() const {
  return std::min(context_.input_cache_bytes, e_.input_cache_mb * 1048576.0);
}

bool NodeTrainer::head_cacheable() const {
  if (model_.kind != ModelKind::ForwardForward || !model_.head || e_.interleave != Interleave::Layer ||
      context_.shards > 1)
    return false;
  const auto scored = model_.scored_layers();
  if (scored.empty() || scored.front() > 1) return false;  // at most the first layer unscored
  if (!layers_below_fixed_in_chapter()) return false;
  // Within the same budget as the stages' input cache, counting the largest one of those.
  const double n = static_cast<double>(train_.size());
  double rows = static_cast<double>(model_.head_inputs()) + (scored.front() == 1 ? model_.ff[0].fan_out() : 0.0);
  double stage_cache = 0;
  for (std::size_t s = 1; s < model_.layer_count(); ++s)
    if (cacheable(s))
      stage_cache = std::max(stage_cache, 2.0 * n * ((s >= 2 ? model_.ff[s - 2].fan_out() : 0.0) + model_.ff[s - 1].fan_out()));
  return (rows * n + stage_cache) * sizeof(Scalar) <= cache_budget_bytes();
}

// Adds the layer below `stage` to the head's input when this node built it up to there in
// `chapter` (it trained every stage so far); a no-op otherwise, or once done.
void NodeTrainer::extend_head_cache(int chapter, std::size_t stage) {
  if (head_chapter_ == chapter && head_layers_ + 1 == stage) advance_head_cache(chapter, stage);
}

// Brings head_cache_ to the first `layers` layers of `chapter`, one layer for every sample at a
// time, in batches of consecutive samples: built step by step or at once, the same products on the
// same matrices (the same bits).
void NodeTrainer::advance_head_cache(int chapter, std::size_t layers) {
  const auto n = static_cast<Index>(train_.size()), b = static_cast<Index>(e_.batch_size);
  if (head_chapter_ != chapter) head_chapter_ = chapter, head_layers_ = 0;
  if (head_layers_ == 0) head_cache_.resize(model_.head_inputs(), n);
  const std::size_t first_scored = model_.scored_layers().front();
  auto row_of = [&](std::size_t l) {
    Index row = 0;
    for (std::size_t k = first_scored; k < l; ++k) row += model_.ff[k].fan_out();
    return row;
  };
  std::vector<int> idx;
  for (; head_layers_ < layers; ++head_layers_) {
    const std::size_t l = head_layers_;
    const bool scored = l >= first_scored;
    const Index rows = model_.ff[l].fan_out(), row = scored ? row_of(l) : 0;
    if (!scored) head_first_.resize(rows, n);
    for (Index begin = 0; begin < n; begin += b) {
      check_stop();
      const Index m = std::min(b, n - begin);
      if (l == 0) {
        idx.resize(static_cast<std::size_t>(m));
        for (Index j = 0; j < m; ++j) idx[static_cast<std::size_t>(j)] = static_cast<int>(begin + j);
        x_.resize(train_.dim(), m);
        write_overlay_batch(train_, idx, {}, x_);
      } else if (l - 1 >= first_scored) {
        x_ = head_cache_.block(row_of(l - 1), begin, model_.ff[l - 1].fan_out(), m);
      } else {
        x_ = head_first_.middleCols(begin, m);
      }
      model_.ff[l].forward(x_, &next_, nullptr);
      if (scored)
        head_cache_.block(row, begin, rows, m) = next_;
      else
        head_first_.middleCols(begin, m) = next_;
    }
  }
}

// Brings cache_ to stage `stage` of `chapter`: one layer forward from the previous stage's cache
// when it holds this chapter's, else through every layer below. Batches of consecutive samples, so
// either way computes the same products on the same matrices (the same bits).
void NodeTrainer::prepare_input_cache(int chapter, std::size_t stage) {
  const auto n = static_cast<Index>(train_.size()), b = static_cast<Index>(e_.batch_size);
  const bool advance = cache_chapter_ == chapter && cache_stage_ + 1 == stage && cache_.cols() == 2 * n;
  cache_next_.resize(model_.ff[stage - 1].fan_out(), 2 * n);
  std::vector<int> idx;
  for (Index begin = 0; begin < n; begin += b) {
    check_stop();
    const Index m = std::min(b, n - begin);
    if (advance) {
      x_.resize(cache_.rows(), 2 * m);
      x_.leftCols(m) = cache_.middleCols(begin, m);
      x_.rightCols(m) = cache_.middleCols(n + begin, m);
      model_.ff[stage - 1].forward(x_, &next_, nullptr);
    } else {
      idx.resize(static_cast<std::size_t>(m));
      for (Index j = 0; j < m; ++j) idx[static_cast<std::size_t>(j)] = static_cast<int>(begin + j);
      model_.ff[0].forward(write_positives(idx), &next_);
      for (std::size_t l = 1; l < stage; ++l) {
        std::swap(x_, next_);
        model_.ff[l].forward(x_, &next_, nullptr);
      }
    }
    cache_next_.middleCols(begin, m) = next_.leftCols(m);
    cache_next_.middleCols(n + begin, m) = next_.rightCols(m);
  }
  std::swap(cache_, cache_next_);
  cache_chapter_ = chapter;
  cache_stage_ = stage;
  cache_valid_ = true;
}

void NodeTrainer::gather_cached_input(std::span<const int> idx) {
  const auto n = static_cast<Index>(train_.size()), m = static_cast<Index>(idx.size());
  x_.resize(cache_.rows(), 2 * m);
  for (Index j = 0; j < m; ++j) {
    x_.col(j) = cache_.col(idx[static_cast<std::size_t>(j)]);
    x_.col(m + j) = cache_.col(n + idx[static_cast<std::size_t>(j)]);
  }
}

// The positives of a batch with their label overlaid, normalised, with what the first layer needs
// to derive the negatives from them.
OverlayBatch NodeTrainer::write_positives(std::span<const int> idx) {
  const step_profile::Scope input(step_profile::Part::Input);
  const auto n = static_cast<Index>(idx.size());
  x_.resize(train_.dim(), n);
  gather_labels(idx);
  negative_labels_.resize(idx.size());
  for (std::size_t j = 0; j < idx.size(); ++j) negative_labels_[j] = negatives_[static_cast<std::size_t>(idx[j])];
  write_overlay_batch(train_, idx, labels_, x_, &inverse_norms_);
  return {x_, inverse_norms_, labels_, negative_labels_};
}

void NodeTrainer::after_batch(int chapter, double batch_seconds, std::size_t samples) {
  ++batches_since_record_;
  samples_since_record_ += samples;
  seconds_since_record_ += batch_seconds;
  if (metrics_every_ == 0 && batches_since_record_ >= 3) {
    // About two records a second, fixed from the first batches' pace.
    metrics_every_ = std::max(1, static_cast<int>(std::lround(0.5 / (seconds_since_record_ / batches_since_record_))));
  }
  if (metrics_every_ > 0 && batches_since_record_ >= metrics_every_) flush_batch_records(chapter);
}

void NodeTrainer::record_metric(int chapter, std::int64_t batch, int layer, Metric metric, double value, double at) {
  if (context_.sink)
    context_.sink->record({at >= 0 ? at : context_.clock->now(), context_.node, chapter + 1, batch, layer, metric, value});
}

double NodeTrainer::evaluate_now(int chapter, std::int64_t batch, double at, ChapterReport* report) {
  const auto t = Steady::now();
  const std::string readout = primary_readout(model_);
  const Evaluation tested = evaluate(model_, test_, readout);
  const double test = tested.accuracy;
  record_metric(chapter, batch, kNetworkLayer, Metric::TestAccuracy, test, at);
  // The confusion matrix of this evaluation, its non-zero cells (the workbench shows it live).
  if (tested.confusion.rows() <= kMaxRecordedClasses)
    for (Eigen::Index truth = 0; truth < tested.confusion.rows(); ++truth)
      for (Eigen::Index predicted = 0; predicted < tested.confusion.cols(); ++predicted)
        if (const int count = tested.confusion(truth, predicted); count > 0)
          record_metric(chapter, predicted, static_cast<int>(truth), Metric::Confusion, count, at);
  if (report) report->test_accuracy = test;
  if (validation_.size() > 0) {
    const double validation = evaluate(model_, validation_, readout).accuracy;
    record_metric(chapter, batch, kNetworkLayer, Metric::ValidationAccuracy, validation, at);
    if (report) report->validation_accuracy = validation;
  }
  timings_.eval_seconds += seconds_since(t);
  return test;
}

void NodeTrainer::evaluate_deferred() {
  if (kept_.empty()) return;
  std::vector<Matrix> final_values;
  model_.for_each_param([&](const std::string&, Param& p) { final_values.push_back(p.value); });
  auto load = [&](const std::vector<Matrix>& values) {
    std::size_t i = 0;
    model_.for_each_param([&](const std::string&, Param& p) { p.value = values[i++]; });
  };
  for (const KeptWeights& k : kept_) {
    load(k.values);
    evaluate_now(k.chapter, k.batch, k.at, nullptr);
  }
  load(final_values);
  kept_.clear();
  if (context_.sink) context_.sink->flush();
}

void NodeTrainer::record_layer(int chapter, std::size_t stage, const LayerBatchStats& s) {
  const auto batch = stage_batches_[stage];
  if (is_head_stage(stage)) {
    record_metric(chapter, batch, kNetworkLayer, Metric::HeadLoss, s.loss);
    return;
  }
  const int layer = static_cast<int>(stage) + 1;
  if (model_.kind == ModelKind::ForwardForward) {
    record_metric(chapter, batch, layer, Metric::GoodnessPos, s.goodness_pos);
    record_metric(chapter, batch, layer, Metric::GoodnessNeg, s.goodness_neg);
  }
  record_metric(chapter, batch, model_.kind == ModelKind::Backprop ? kNetworkLayer : layer, Metric::Loss, s.loss);
}

void NodeTrainer::flush_batch_records(int chapter) {
  for (std::size_t s = 0; s < stages_; ++s) {
    if (accumulators_[s].count == 0) continue;
    record_layer(chapter, s, accumulators_[s].mean());
    accumulators_[s] = Accumulator{};
  }
  if (seconds_since_record_ > 0)
    record_metric(chapter, batches_done(), kNetworkLayer, Metric::SamplesPerSecond,
         static_cast<double>(samples_since_record_) / seconds_since_record_);
  batches_since_record_ = 0;
  samples_since_record_ = 0;
  seconds_since_record_ = 0;
}

void NodeTrainer::refresh_negatives(int next_chapter) {
  if (e_.negatives != Negatives::Random && e_.negatives != Negatives::Adaptive) return;
  const auto t = Steady::now();
  const double start = context_.clock->now();
  const auto round = static_cast<std::uint64_t>(next_chapter);
  negatives_ = e_.negatives == Negatives::Random
                   ? random_negatives(train_, e_.seed, round)
                   : adaptive_negatives(model_, train_, e_.adaptive_choice, e_.adaptive_source(), e_.seed, round);
  timings_.negatives_seconds += seconds_since(t);
  context_.clock->finished(SegmentKind::Negatives);
  if (e_.negatives == Negatives::Adaptive)
    add_segment(SegmentKind::Negatives, start, context_.clock->now(), next_chapter - 1, 0);
}

ChapterReport NodeTrainer::finish_chapter(int chapter, bool evaluate) {
  if (batches_since_record_ > 0) flush_batch_records(chapter);
  ChapterReport report;
  report.chapters_done = chapter + 1;
  report.chapters = e_.chapters;
  const auto batch = batches_done();
  for (std::size_t s = 0; s < stages_; ++s) {
    const LayerBatchStats mean = chapter_stats_[s].mean();
    if (is_head_stage(s))
      report.head_loss = mean.loss;
    else
      report.layers.push_back(mean);
  }
  if (evaluate && e_.deferred_evaluation) {
    KeptWeights k{chapter, batch, context_.clock->now(), {}};
    model_.for_each_param([&](const std::string&, Param& p) { k.values.push_back(p.value); });
    kept_.push_back(std::move(k));
  } else if (evaluate) {
    const double start = context_.clock->now();
    evaluate_now(chapter, batch, -1, &report);
    context_.clock->finished(SegmentKind::Evaluate);
    add_segment(SegmentKind::Evaluate, start, context_.clock->now(), chapter, 0);
  }
  record_metric(chapter, batch, kNetworkLayer, Metric::LearningRate,
       e_.optimizer.learning_rate *
           cooldown_factor((chapter + 1) * e_.epochs_per_chapter() - 1, e_.epochs, e_.cooldown));
  if (context_.sink) context_.sink->flush();
  return report;
}

}  // namespace ffw

#include "core/trainer.h"

#include "core/gemm.h"

#include <algorithm>
#include <chrono>

#include "core/evaluate.h"

namespace ffw {

TrainResult train(const Experiment& e, const DataSplit& data, const TrainOptions& options,
                  std::optional<Checkpoint> resume) {
  gemm::apply(e);  // the run's backend and precision, as every node of it multiplies
  const int start_chapter = resume ? resume->chapters_done : 0;
  SteadyClock clock(resume ? resume->elapsed_seconds : 0.0);
  const auto started = std::chrono::steady_clock::now();
  Model model = resume ? std::move(resume->model)
                       : Model::create(e, static_cast<int>(data.train.dim()), data.train.classes, data.preprocess);
  model.preprocess = data.preprocess;
  double units_done = 0, total_units = 1;
  auto report_progress = [&](double within_unit) {
    if (options.progress) options.progress->on_progress(std::min(1.0, (units_done + within_unit) / total_units), clock.now());
  };
  NodeContext context{options.node, options.sink, options.timeline, &clock, options.stop, report_progress};
  context.input_cache_bytes = options.input_cache_bytes;
  NodeTrainer node(e, data.train, data.test, data.validation, std::move(model),
                   resume ? std::move(resume->negatives) : std::vector<std::uint8_t>{}, context);
  const double units_per_chapter = node.trains_per_batch() ? 1.0 : static_cast<double>(node.stages());
  total_units = units_per_chapter * (e.chapters - start_chapter);

  TrainResult result;
  result.chapters_done = start_chapter;
  try {
    for (int chapter = start_chapter; chapter < e.chapters; ++chapter) {
      if (node.trains_per_batch()) {
        node.train_all_stages(chapter);
        units_done += 1;
      } else {
        for (std::size_t stage = 0; stage < node.stages(); ++stage) {
          node.train_stage(chapter, stage);
          units_done += 1;
        }
      }
      const bool last = chapter + 1 == e.chapters;
      if (!last) node.refresh_negatives(chapter + 1);
      ChapterReport report = node.finish_chapter(chapter, options.evaluate_each_chapter ? e.evaluates_after(chapter) : last);
      result.chapters_done = chapter + 1;
      if (!options.checkpoint_file.empty() && e.checkpoints) {
        Checkpoint c{std::move(node.model()), chapter + 1, clock.now(), node.negatives()};
        try {
          save_checkpoint(options.checkpoint_file, c, options.previous_checkpoint_file);
        } catch (...) {
          node.model() = std::move(c.model);
          throw;
        }
        node.model() = std::move(c.model);
      }
      report.elapsed_seconds = clock.now();
      const double fraction = units_done / total_units;
      const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      report.eta_seconds = fraction > 0 ? spent * (1 - fraction) / fraction : 0;
      if (options.progress) options.progress->on_chapter(report);
      if (options.stop_after_chapters > 0 && chapter + 1 >= options.stop_after_chapters && !last) throw StopRequested{};
    }
    result.status = TrainStatus::Finished;
  } catch (const StopRequested&) {
    result.status = TrainStatus::Stopped;
  }
  if (options.sink) options.sink->flush();
  result.train_seconds = clock.now();
  if (result.status == TrainStatus::Finished) node.evaluate_deferred();  // off the training clock
  result.epochs_done = result.chapters_done * e.epochs_per_chapter();
  result.primary_readout = primary_readout(node.model());
  result.timings = node.timings();
  if (options.final_evaluation && result.status == TrainStatus::Finished) {
    const auto t = std::chrono::steady_clock::now();
    result.test_accuracy = evaluate_all(node.model(), data.test);
    result.confusion = evaluate(node.model(), data.test, result.primary_readout).confusion;
    result.timings.eval_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  }
  result.wall_seconds = clock.now();
  result.model = std::move(node.model());
  return result;
}

}  // namespace ffw

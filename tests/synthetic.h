#pragma once
// Small synthetic data made inside the tests: 10 classes, each a random prototype image plus
// noise, with the first 10 inputs black like MNIST's border.
#include <algorithm>
#include <cstdint>
#include <random>

#include "core/calibration.h"
#include "core/dataset.h"
#include "core/experiment.h"

namespace ffw::test {

inline Dataset synthetic_dataset(int samples, int dim, std::uint64_t seed, double noise = 40.0) {
  std::mt19937_64 rng(seed);
  std::mt19937_64 proto_rng(12345);  // the same classes for every split
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Matrix prototypes(dim, 10);
  for (Index i = 0; i < prototypes.size(); ++i) prototypes.data()[i] = static_cast<Scalar>(unit(proto_rng) < 0.3 ? 200 : 0);
  prototypes.topRows(10).setZero();
  Dataset d;
  d.x.resize(dim, samples);
  d.labels.resize(static_cast<std::size_t>(samples));
  std::normal_distribution<double> gauss(0.0, noise);
  for (int j = 0; j < samples; ++j) {
    const int label = static_cast<int>(rng() % 10);
    d.labels[static_cast<std::size_t>(j)] = static_cast<std::uint8_t>(label);
    for (int i = 0; i < dim; ++i) {
      const double v = i < 10 ? 0.0 : prototypes(i, label) + gauss(rng);
      d.x(i, j) = static_cast<Scalar>(std::clamp(v, 0.0, 255.0));
    }
  }
  return d;
}

// Scaled to [0, 1] as the IDX loader's unit scaling would.
inline DataSplit synthetic_split(int train, int test, int dim = 64) {
  DataSplit s;
  s.train = synthetic_dataset(train, dim, 1);
  s.test = synthetic_dataset(test, dim, 2);
  s.validation.x.resize(dim, 0);
  s.preprocess = Preprocess::fit(Scaling::Unit, s.train, DataFormat::Idx);
  s.preprocess.apply(s.train);
  s.preprocess.apply(s.test);
  return s;
}

// The schedule tests' network: 3 layers (24, 24, 16) and the softmax head, batch 50, one epoch per
// chapter, for the synthetic data's 64 inputs.
inline Experiment schedule_experiment(Variant v, int nodes, int chapters = 4, Negatives n = Negatives::Random,
                                      Classifier c = Classifier::Softmax) {
  Experiment e;
  e.layers = {{24, {}, {}}, {24, {}, {}}, {16, {}, {}}};
  e.variant = v;
  e.nodes = nodes;
  e.epochs = chapters;
  e.chapters = chapters;
  e.batch_size = 50;
  e.seed = 9;
  e.negatives = n;
  e.classifier = c;
  e.optimizer.learning_rate = 3e-3;
  e.head_optimizer = e.optimizer;
  e.metrics_every = 4;
  e.launcher = nodes > 1 ? Launcher::Mpi : Launcher::InProcess;
  return e;
}

// A calibration written by hand: every FF stage and every backprop layer costs the same per
// sample, and nothing else costs anything; for data of `input_dim` values and 10 classes, and
// networks of `stages` FF stages (layers and the softmax head) or backprop layers.
inline Calibration flat_calibration(int input_dim = 64, std::int64_t train_samples = 400, std::size_t stages = 4) {
  Calibration c;
  c.source = "synthetic";
  c.batch_size = 50;
  c.input_dim = input_dim;
  c.classes = 10;
  c.train_samples = train_samples;
  c.train_stage.assign(stages, 1e-3);
  c.prepare_stage.assign(stages, 0);
  c.prepare_stage_first.assign(stages, 0);
  c.bp_widths = {50, 25, 13, 7, 4, 2, 1};
  c.bp_forward.assign(c.bp_widths.size(), std::vector<double>(stages, 1e-4));
  c.bp_deltas = c.bp_forward;
  c.bp_weight_gradients.assign(stages, 1e-4);
  c.bp_update.assign(stages, 0);
  return c;
}

}  // namespace ffw::test

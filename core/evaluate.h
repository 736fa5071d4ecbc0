#pragma once
// The classifiers (pff-algorithm.md 1.4, 2.5, 2.7) and the negative-label strategies (1.3, 2.6).
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/model.h"

namespace ffw {

// Named ways to read a prediction out of a model: "goodness", "softmax", "local-heads-last",
// "local-heads-all", "backprop".
std::vector<std::string> available_readouts(const Model& m);
// The readout the experiment's classifier names.
std::string primary_readout(const Model& m);

struct Evaluation {
  double accuracy = 0;
  Eigen::MatrixXi confusion;  // rows: true class, columns: predicted class
};

std::vector<std::uint8_t> predict(const Model& m, const Dataset& data, const std::string& readout);
Evaluation evaluate(const Model& m, const Dataset& data, const std::string& readout);
std::map<std::string, double> evaluate_all(const Model& m, const Dataset& data);

// classes x n: the goodness summed over the scored layers with each label embedded, for the
// samples `indices`.
Matrix label_goodness(const Model& m, const Dataset& data, std::span<const int> indices);

// The softmax head's input: the normalised activities of the scored layers for the normalised
// neutral-label inputs x0, stacked.
void head_features(const Model& m, const Matrix& x0, Matrix& features);

// A uniformly random wrong label per sample, from the Negatives stream keyed by `round`.
std::vector<std::uint8_t> random_negatives(const Dataset& data, std::uint64_t seed, std::uint64_t round);
// Hard negatives from the current network: the most likely wrong label (the paper's argmax), or one
// drawn from the softmax of the scores over wrong labels (Hinton's sampling). The scores are the
// 10-label goodness pass (mean-square scaled) or the softmax head's logits from one pass.
std::vector<std::uint8_t> adaptive_negatives(const Model& m, const Dataset& data, AdaptiveChoice choice,
                                             AdaptiveFrom from, std::uint64_t seed, std::uint64_t round);

}  // namespace ffw

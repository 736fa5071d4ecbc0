#pragma once
// GPipe-style pipeline-parallel backprop (Huang et al. 2019): the MLP's layers are grouped into
// one contiguous stage per node; each batch is cut into m micro-batches that flow forward through
// the stages (fill), then back in reverse order (drain); each stage accumulates its layers'
// gradients over the micro-batches and updates once per batch. Activations go forward and
// gradients back through the Transport; the weights never move (except to gather the whole
// network on the last node for evaluation).
#include <span>
#include <utility>
#include <vector>

#include "cluster/transport.h"
#include "core/bp_mlp.h"
#include "core/dataset.h"
#include "core/experiment.h"

namespace ffw::cluster {

// Layer ranges [first, last) per stage, contiguous, balancing the parameter count (a stand-in for
// the FLOPs per sample) so the slowest stage is as fast as it can be.
std::vector<std::pair<std::size_t, std::size_t>> gpipe_partition(const std::vector<int>& layer_params, int stages);
std::vector<int> bp_layer_params(const BpMlp& mlp);
// The stages of a run: the experiment's cluster.stage_nodes when it maps them, else the balanced
// partition over its nodes.
std::vector<std::pair<std::size_t, std::size_t>> gpipe_stages(const Experiment& e, const std::vector<int>& layer_params);

// Bytes of activations plus gradients one epoch sends between stages, analytically.
std::int64_t gpipe_bytes_per_epoch(const BpMlp& mlp, const std::vector<std::pair<std::size_t, std::size_t>>& parts,
                                   std::int64_t samples);

class GpipeStage {
public:
  GpipeStage(Transport& t, BpMlp& mlp, const Dataset& train, std::pair<std::size_t, std::size_t> layers,
             int micro_batches);
  // The fill-drain schedule for one batch; returns its mean loss on the last stage, -1 elsewhere.
  double step(std::span<const int> idx);
  // Sends this stage's layers to `to` / receives stage `from`'s layers (whole-network gathers).
  void send_layers(int to);
  void recv_layers(int from, std::pair<std::size_t, std::size_t> layers);

private:
  Transport& t_;
  BpMlp& mlp_;
  const Dataset& train_;
  std::size_t first_, last_;
  int m_;
  bool is_first_, is_last_;
  std::vector<Matrix> inputs_;               // per micro-batch
  std::vector<std::vector<Matrix>> acts_;    // per micro-batch, per own layer
  std::vector<std::vector<Matrix>> deltas_;  // per micro-batch, per own layer
  std::vector<std::uint8_t> labels_;
  Matrix delta_, delta_in_, batch_delta_, batch_input_;
  std::vector<Scalar> buffer_;
};

}  // namespace ffw::cluster

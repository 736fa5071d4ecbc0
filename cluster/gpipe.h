#pragma once
// GPipe-style pipeline-parallel backprop (Huang et al. 2019): the MLP's layers are grouped into
// one contiguous stage per node; each batch is cut into m micro-batches that flow forward through
// the stages (fill), then back in reverse order (drain); each stage accumulates its layers'
// gradients over the micro-batches and updates once per batch. Activations go forward and
// gradients back through the Transport; the weights never move (except to gather the whole
// network on the last node for evaluation).
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "cluster/transport.h"
#include "core/bp_mlp.h"
#include "core/dataset.h"
#include "core/experiment.h"
#include "core/schedule_layout.h"
#include "core/schedule_program.h"

namespace ffw::cluster {

// The partition of the layers into stages: gpipe_stages() in core/schedule_layout.h.
class GpipeStage {
public:
  // This node's pipeline stage (shapes.gpipe_parts[t.rank()]).
  GpipeStage(Transport& t, BpMlp& mlp, const Dataset& train, const Experiment& e, const ProgramShapes& shapes);
  // The fill-drain schedule for one batch (gpipe_batch_program, up to the update, which the node's
  // trainer does); returns its mean loss on the last stage, -1 elsewhere.
  double step(std::span<const int> idx);
  // Sends this stage's layers to `to` / receives stage `from`'s layers (whole-network gathers).
  void send_layers(int to);
  void recv_layers(int from, std::pair<std::size_t, std::size_t> layers);

private:
  void weight_gradients(std::size_t micro_batches, std::size_t samples);
  Transport& t_;
  BpMlp& mlp_;
  const Dataset& train_;
  const Experiment& e_;
  const ProgramShapes& shapes_;
  std::size_t first_, last_;
  bool is_first_, is_last_;
  std::map<std::size_t, std::vector<Instruction>> programs_;  // per batch size
  std::vector<Matrix> inputs_;               // per micro-batch
  std::vector<std::vector<Matrix>> acts_;    // per micro-batch, per own layer
  std::vector<std::vector<Matrix>> deltas_;  // per micro-batch, per own layer
  std::vector<std::uint8_t> labels_;
  Matrix delta_, delta_in_, batch_delta_, batch_input_;
  std::vector<Scalar> buffer_;
};

}  // namespace ffw::cluster

// Federated PFF (pff-algorithm.md 2.4): the All-Layers ring, each node training on its own shard
// of the data, which never leaves it. Only the stream's sample counts differ (the shards').
#include "core/schedule_program.h"

namespace ffw {

NodeProgram federated_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start) {
  return program::ring(e, shapes, node, start);
}

}  // namespace ffw

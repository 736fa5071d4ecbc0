// Sequential FF (and the one-node backprop baseline): every chapter on one node, stage after stage
// (pff-algorithm.md 2.1). It is the ring of All-Layers with one node, so it runs the same code.
#include "core/schedule_program.h"

namespace ffw {

NodeProgram sequential_program(const Experiment& e, const ProgramShapes& shapes, const ProgramStart& start) {
  return program::ring(e, shapes, 0, start);
}

}  // namespace ffw

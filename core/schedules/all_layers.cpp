// All-Layers PFF (pff-algorithm.md 2.3): chapter k runs on node k mod N and trains every stage;
// each stage comes from the previous node, trained in chapter k-1, and goes on to the next as soon
// as it is trained. A node builds what needs only the layers below (the stage's input cache)
// while the stage is on its way. The negatives for its next chapter (k + N) follow the chapter.
#include "core/schedule_program.h"

namespace ffw {

NodeProgram all_layers_program(const Experiment& e, const ProgramShapes& shapes, int node, const ProgramStart& start) {
  return program::ring(e, shapes, node, start);
}

}  // namespace ffw

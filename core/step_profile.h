#pragma once
// Where a training step's time goes, by kind of work: the GEMMs, the memory-bound element-wise
// passes (bias, ReLU, goodness, the softplus gradient, normalisation, peer normalisation), the
// optimizer, building the input (gathers, label overlay, the input cache) and the classifier head.
// Exclusive time: a GEMM inside a layer's pass counts as GEMM only. Off unless a thread turns it
// on (`ffw bench core` does); then each change of part reads the steady clock once (~25 ns, against
// milliseconds per step). Per thread, so nodes running as threads keep their own figures.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace ffw::step_profile {

enum class Part : std::uint8_t { Elementwise, Gemm, Optimizer, Input, Head, Count };
inline constexpr std::size_t kParts = static_cast<std::size_t>(Part::Count);
const char* name(Part p);

struct Totals {
  std::array<double, kParts> seconds{};
  double total() const;
};

// Turns profiling on or off for the calling thread, with zeroed totals.
void enable(bool on);
bool enabled();
// This thread's totals since enable(true) (unaffected by a Scope still open).
Totals totals();

// Charges the time until it closes to `part` (the enclosing part resumes afterwards). Only time
// within a step counts: a Scope opened outside a Step (a GEMM of the final evaluation, say) is
// ignored. Inside the Head part everything counts as Head: the head's own GEMMs are its cost.
enum class Root : bool { No, Step };
class Scope {
public:
  explicit Scope(Part part, Root root = Root::No);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

private:
  bool active_ = false;
  Part outer_ = Part::Elementwise;
};

}  // namespace ffw::step_profile

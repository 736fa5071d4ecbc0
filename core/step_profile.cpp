#include "core/step_profile.h"

namespace ffw::step_profile {

namespace {
using Steady = std::chrono::steady_clock;

struct State {
  bool on = false;
  bool inside = false;  // some Scope is open
  Part current = Part::Elementwise;
  Steady::time_point since;
  Totals totals;
};
thread_local State t_state;

void charge_until(Steady::time_point now) {
  t_state.totals.seconds[static_cast<std::size_t>(t_state.current)] +=
      std::chrono::duration<double>(now - t_state.since).count();
  t_state.since = now;
}
}  // namespace

const char* name(Part p) {
  switch (p) {
    case Part::Elementwise: return "elementwise";
    case Part::Gemm: return "gemm";
    case Part::Optimizer: return "optimizer";
    case Part::Input: return "input";
    case Part::Head: return "head";
    case Part::Count: break;
  }
  return "?";
}

double Totals::total() const {
  double sum = 0;
  for (double s : seconds) sum += s;
  return sum;
}

void enable(bool on) { t_state = State{on, false, Part::Elementwise, Steady::now(), Totals{}}; }
bool enabled() { return t_state.on; }
Totals totals() { return t_state.totals; }

Scope::Scope(Part part, Root root) {
  if (!t_state.on || (t_state.inside && t_state.current == Part::Head)) return;
  if (!t_state.inside && root != Root::Step) return;
  active_ = true;
  const auto now = Steady::now();
  if (t_state.inside) charge_until(now);
  else t_state.since = now;
  outer_ = t_state.inside ? t_state.current : Part::Count;  // Count: no enclosing scope
  t_state.current = part;
  t_state.inside = true;
}

Scope::~Scope() {
  if (!active_) return;
  charge_until(Steady::now());
  if (outer_ == Part::Count) {
    t_state.inside = false;
    t_state.current = Part::Elementwise;
  } else {
    t_state.current = outer_;
  }
}

}  // namespace ffw::step_profile

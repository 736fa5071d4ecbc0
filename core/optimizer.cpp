#include "core/optimizer.h"

#include <xmmintrin.h>

#include <cmath>

#include "core/step_profile.h"

namespace ffw {

// The update loops are this project's one hot kernel outside the GEMM libraries: with the weights,
// gradients and both moments read and written once per batch, Adam is about a sixth of a step at
// batch 100 (`ffw bench core`, step_ms). A portable build targets x86-64-v2, whose 4-wide SSE
// halves their speed, so they carry their own run-time dispatch: clones for x86-64-v3 (AVX2) and
// x86-64-v4 (AVX-512), picked once by the loader from the CPU (GCC's target_clones), beside the
// baseline. Contraction into FMA is off, and square root and division round exactly, so every
// clone computes the same bits: nodes on different CPUs still train the same weights.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF  // clang (the sanitizer and fuzz builds): no contraction in this file
#define FFW_NO_CONTRACTION
#else
#define FFW_NO_CONTRACTION optimize("fp-contract=off")
#endif
#if defined(FFW_DISPATCH_CLONES)
#define FFW_UPDATE_KERNEL \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) __attribute__((FFW_NO_CONTRACTION))
#else
#define FFW_UPDATE_KERNEL __attribute__((FFW_NO_CONTRACTION))
#endif

namespace {

// Moments of weights whose gradient has long been zero (border pixels, dead units) decay into
// subnormal floats, which x86 handles in microcode at a hundred times the cost: the same update
// took 3.8 instead of 2.1 ms per step by the third epoch. Their effect on a weight is below its
// last bit (rate x 1e-38 / (sqrt(v) + eps)), so the update loops flush them to zero, as Adam does
// in PyTorch's CPU builds with flush-denormal on; MXCSR is restored afterwards, so nothing else
// in the process sees a changed rounding mode.
class FlushSubnormals {
public:
  FlushSubnormals() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero); }
  ~FlushSubnormals() { _mm_setcsr(saved_); }
  FlushSubnormals(const FlushSubnormals&) = delete;
  FlushSubnormals& operator=(const FlushSubnormals&) = delete;

private:
  static constexpr unsigned kFlushToZero = 0x8000, kDenormalsAreZero = 0x0040;
  unsigned saved_;
};

struct AdamCoefficients {
  Scalar rate, eps, b1, b2, one_b1, one_b2, wd;
};

FFW_UPDATE_KERNEL void adam_update(Index n, Scalar* __restrict w, const Scalar* __restrict g, Scalar* __restrict m,
                                   Scalar* __restrict v, AdamCoefficients c) {
  for (Index i = 0; i < n; ++i) {
    const Scalar gi = g[i] + c.wd * w[i];
    m[i] = c.b1 * m[i] + c.one_b1 * gi;
    v[i] = c.b2 * v[i] + c.one_b2 * gi * gi;
    w[i] -= c.rate * m[i] / (std::sqrt(v[i]) + c.eps);
  }
}

FFW_UPDATE_KERNEL void sgd_update(Index n, Scalar* __restrict w, const Scalar* __restrict g, Scalar* __restrict m,
                                  Scalar mu, Scalar rate, Scalar wd) {
  for (Index i = 0; i < n; ++i) {
    const Scalar gi = g[i] + wd * w[i];
    m[i] = mu * m[i] + gi;
    w[i] -= rate * m[i];
  }
}

}  // namespace

void Optimizer::step(Param& p, double lr) const {
  const step_profile::Scope profile(step_profile::Part::Optimizer);
  const FlushSubnormals flush;
  const auto wd = static_cast<Scalar>(spec_.weight_decay);
  ++p.state.steps;
  if (spec_.kind == OptimizerKind::Sgd) {
    sgd_update(p.value.size(), p.value.data(), p.grad.data(), p.state.m.data(), static_cast<Scalar>(spec_.momentum),
               static_cast<Scalar>(lr), wd);
    return;
  }
  const auto t = static_cast<double>(p.state.steps);
  const double bc1 = 1.0 - std::pow(spec_.beta1, t), bc2 = 1.0 - std::pow(spec_.beta2, t);
  // Bias correction folded into the step size and epsilon (the form PyTorch's Adam computes).
  const auto b1 = static_cast<Scalar>(spec_.beta1), b2 = static_cast<Scalar>(spec_.beta2);
  const AdamCoefficients c{static_cast<Scalar>(lr * std::sqrt(bc2) / bc1), static_cast<Scalar>(spec_.epsilon * std::sqrt(bc2)),
                           b1, b2, 1 - b1, 1 - b2, wd};
  adam_update(p.value.size(), p.value.data(), p.grad.data(), p.state.m.data(), p.state.v.data(), c);
}

double cooldown_factor(int epoch, int epochs, bool enabled) {
  if (!enabled || 2 * (epoch + 1) <= epochs) return 1.0;
  return 2.0 * (epochs - epoch) / epochs;
}

}  // namespace ffw

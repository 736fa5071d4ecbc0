#pragma once
// Every matrix product of the core goes through here: one small interface, two backends.
//  - OpenBLAS (linked explicitly, so its thread count is set and its kernel named per process);
//  - oneDNN's matmul (when the build found it), which picks its kernels at run time from the CPU's
//    instruction set and is the only backend with bf16 inputs (fp32 accumulation).
// The backend and precision are process-wide and set once per run from the experiment
// (training.gemm, training.precision); "auto" is resolved by `choose_backend` before the run starts
// and written into the run's experiment.json, so every node and every resume multiplies alike.
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ffw {
struct Experiment;
}

namespace ffw::gemm {

enum class Backend { OpenBlas, OneDnn };
enum class Precision { Fp32, Bf16 };

std::string to_string(Backend b);  // "openblas", "onednn"
std::string to_string(Precision p);  // "fp32", "bf16"

bool available(Backend b);  // oneDNN: only where the build found it

// Threads of every backend in this process (OpenBLAS's pool and OpenMP's, which oneDNN uses);
// 0 = every core. Exact: a thread that multiplies later applies the same count to itself.
void set_threads(int threads);
int threads();

// The backend and precision of every multiply in this process from now on. Throws Error(Experiment)
// where the build lacks the backend, or where bf16 is asked for on a CPU without it (the message
// names the CPU) or on OpenBLAS.
void use(Backend backend, Precision precision);
Backend backend();
Precision precision();

// Applies the experiment's training.gemm and training.precision. An "auto" left unresolved (a run
// started through the library rather than `ffw run`) takes the fixed rule of `fallback_backend`.
void apply(const Experiment& e);
Backend fallback_backend();

// Empty where this CPU multiplies bf16 natively (AVX512_BF16 or AMX), else why not, naming the CPU.
std::string bf16_unsupported_reason();

// What runs: OpenBLAS's core name ("Haswell", "Cooperlake") or oneDNN's instruction set
// ("avx512_core_bf16"), and the library's own description.
std::string kernel_name(Backend b);
std::string library(Backend b);
// The environment variables that force a kernel on this process ("OPENBLAS_CORETYPE=Haswell"), if any.
std::vector<std::string> forced_kernel_environment();

// c = alpha * op(a) * op(b) + beta * c on column-major storage.
void multiply(const Eigen::Ref<const Matrix>& a, bool transpose_a, const Eigen::Ref<const Matrix>& b,
              bool transpose_b, Eigen::Ref<Matrix> c, Scalar alpha = 1, Scalar beta = 0);

// One product's shape: c (m x n) = op(a) (m x k) * op(b) (k x n).
struct Shape {
  int m = 0, n = 0, k = 0;
  bool transpose_a = false, transpose_b = false;
  double flops() const { return 2.0 * m * n * k; }
};

// The products one training step of `e` makes per batch (forward and weight gradient of every
// layer and of the softmax head), at the experiment's shapes.
std::vector<Shape> step_shapes(const Experiment& e, int input_width);

// Best of `repeats` timings of each shape on `backend` at `precision` and the current thread count;
// the total GFLOP/s over the shapes.
double measure_gflops(Backend backend, Precision precision, const std::vector<Shape>& shapes, int repeats);

// The backend that multiplies `shapes` fastest here, measured (a fraction of a second); only
// available backends, and only oneDNN for bf16.
struct Choice {
  Backend backend = Backend::OpenBlas;
  std::vector<std::pair<Backend, double>> gflops;  // each backend measured
};
Choice choose_backend(Precision precision, const std::vector<Shape>& shapes);

}  // namespace ffw::gemm

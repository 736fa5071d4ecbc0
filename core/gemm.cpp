#include "core/gemm.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "core/error.h"
#include "core/experiment.h"
#include "core/gemm_backends.h"
#include "core/machine.h"
#include "core/step_profile.h"

namespace ffw::gemm {

namespace {
std::atomic<Backend> g_backend{Backend::OpenBlas};
std::atomic<Precision> g_precision{Precision::Fp32};
std::atomic<int> g_threads{1};
}  // namespace

std::string to_string(Backend b) { return b == Backend::OneDnn ? "onednn" : "openblas"; }
std::string to_string(Precision p) { return p == Precision::Bf16 ? "bf16" : "fp32"; }

bool available(Backend b) { return b == Backend::OpenBlas || detail::onednn_built(); }

void set_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  g_threads.store(threads);
  detail::openblas_set_threads(threads);
}

int threads() { return g_threads.load(); }

std::string bf16_unsupported_reason() {
  const auto flags = cpu_isa_flags();
  const bool native = std::find(flags.begin(), flags.end(), "avx512_bf16") != flags.end() ||
                      std::find(flags.begin(), flags.end(), "amx_bf16") != flags.end();
  const std::string cpu = "this CPU (" + cpu_model() + ")";
  if (!native)
    return cpu + " has neither AVX512_BF16 nor AMX, so bf16 would run emulated, slower than fp32; use \"fp32\"";
  if (!detail::onednn_built())
    return "this build has no oneDNN, the only backend with bf16; install libdnnl-dev and rebuild, or use \"fp32\"";
  const std::string isa = detail::onednn_isa();
  if (isa != "avx512_core_bf16" && isa != "avx512_core_amx")
    return cpu + " has bf16, but oneDNN dispatches to " + isa + " here (is ONEDNN_MAX_CPU_ISA set?); use \"fp32\"";
  return {};
}

void use(Backend backend, Precision precision) {
  if (!available(backend))
    throw Error(ErrorKind::Experiment, "/training/gemm: is \"onednn\", but this build has no oneDNN (install "
                                       "libdnnl-dev and rebuild, or use \"openblas\" or \"auto\")");
  if (precision == Precision::Bf16) {
    if (backend != Backend::OneDnn)
      throw Error(ErrorKind::Experiment, "/training/precision: \"bf16\" needs training.gemm \"onednn\" (or \"auto\"); "
                                         "OpenBLAS multiplies in fp32 only");
    if (const std::string why = bf16_unsupported_reason(); !why.empty())
      throw Error(ErrorKind::Experiment, "/training/precision: is \"bf16\", but " + why);
  }
  g_backend.store(backend);
  g_precision.store(precision);
}

Backend backend() { return g_backend.load(); }
Precision precision() { return g_precision.load(); }

// oneDNN where it dispatches to AVX-512 (it multiplied every FF shape at least as fast as OpenBLAS
// there, under either OpenBLAS kernel; docs/benchmarks.md), OpenBLAS elsewhere. Only runs started
// through the library use this rule: `ffw run` measures.
Backend fallback_backend() {
  if (!detail::onednn_built()) return Backend::OpenBlas;
  return detail::onednn_isa().rfind("avx512_core", 0) == 0 ? Backend::OneDnn : Backend::OpenBlas;
}

void apply(const Experiment& e) {
  const Backend b = e.gemm ? *e.gemm : (e.precision == Precision::Bf16 ? Backend::OneDnn : fallback_backend());
  use(b, e.precision);
}

std::string kernel_name(Backend b) { return b == Backend::OneDnn ? detail::onednn_isa() : detail::openblas_kernel(); }
std::string library(Backend b) { return b == Backend::OneDnn ? detail::onednn_library() : detail::openblas_library(); }

std::vector<std::string> forced_kernel_environment() {
  std::vector<std::string> out;
  for (const char* name : {"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"})
    if (const char* value = std::getenv(name)) out.push_back(std::string(name) + "=" + value);
  return out;
}

void multiply(const Eigen::Ref<const Matrix>& a, bool transpose_a, const Eigen::Ref<const Matrix>& b,
              bool transpose_b, Eigen::Ref<Matrix> c, Scalar alpha, Scalar beta) {
  const step_profile::Scope profile(step_profile::Part::Gemm);
  const Index m = transpose_a ? a.cols() : a.rows();
  const Index k = transpose_a ? a.rows() : a.cols();
  const Index kb = transpose_b ? b.cols() : b.rows();
  const Index n = transpose_b ? b.rows() : b.cols();
  if (k != kb || c.rows() != m || c.cols() != n) throw std::logic_error("gemm::multiply: operand shapes do not agree");
  if (m == 0 || n == 0) return;
  if (k == 0) {  // no products: c = beta * c (neither library is asked about empty inner dimensions)
    if (beta == 0) c.setZero(); else c *= beta;
    return;
  }
  const detail::Operands o{a.data(), a.outerStride(), transpose_a, b.data(), b.outerStride(), transpose_b,
                           c.data(), c.outerStride(), m, n, k, alpha, beta};
  if (g_backend.load(std::memory_order_relaxed) == Backend::OneDnn)
    detail::onednn_multiply(o, g_precision.load(std::memory_order_relaxed), g_threads.load(std::memory_order_relaxed));
  else
    detail::openblas_multiply(o);
}

std::vector<Shape> step_shapes(const Experiment& e, int input_width) {
  std::vector<Shape> shapes;
  const int b = e.batch_size;
  int fan_in = input_width, head_width = 0;
  for (std::size_t l = 0; l < e.layers.size(); ++l) {
    const int fan_out = e.layers[l].width;
    if (e.is_backprop()) {
      shapes.push_back({fan_out, b, fan_in, false, false});  // forward
      shapes.push_back({fan_out, fan_in, b, false, true});   // weight gradient
      if (l > 0) shapes.push_back({fan_in, b, fan_out, true, false});  // input gradient
    } else {
      const int columns = l == 0 ? b : 2 * b;  // the first layer derives its negatives' products (label overlay)
      shapes.push_back({fan_out, columns, fan_in, false, false});
      shapes.push_back({fan_out, fan_in, columns, false, true});
    }
    if (l > 0 || e.layers.size() == 1) head_width += fan_out;  // the head reads every layer but the first (Model)
    fan_in = fan_out;
  }
  const int classes = e.data.classes;
  if (e.is_backprop()) {
    shapes.push_back({classes, b, fan_in, false, false});
    shapes.push_back({classes, fan_in, b, false, true});
    shapes.push_back({fan_in, b, classes, true, false});
  } else if (e.classifier == Classifier::Softmax && head_width > 0) {
    shapes.push_back({classes, b, head_width, false, false});
    shapes.push_back({classes, head_width, b, false, true});
  }
  return shapes;
}

double measure_gflops(Backend backend, Precision precision, const std::vector<Shape>& shapes, int repeats) {
  const Backend was_backend = g_backend.load();
  const Precision was_precision = g_precision.load();
  use(backend, precision);
  double seconds = 0, flops = 0;
  for (const Shape& s : shapes) {
    const Matrix a = Matrix::Random(s.transpose_a ? s.k : s.m, s.transpose_a ? s.m : s.k);
    const Matrix b = Matrix::Random(s.transpose_b ? s.n : s.k, s.transpose_b ? s.k : s.n);
    Matrix c(s.m, s.n);
    multiply(a, s.transpose_a, b, s.transpose_b, c);  // oneDNN creates its primitive on the first call
    double best = 1e30;
    for (int r = 0; r < repeats; ++r) {
      const auto start = std::chrono::steady_clock::now();
      multiply(a, s.transpose_a, b, s.transpose_b, c);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    seconds += best;
    flops += s.flops();
  }
  g_backend.store(was_backend);
  g_precision.store(was_precision);
  return seconds > 0 ? flops / seconds / 1e9 : 0;
}

Choice choose_backend(Precision precision, const std::vector<Shape>& shapes) {
  Choice choice;
  double best = -1;
  for (Backend b : {Backend::OpenBlas, Backend::OneDnn}) {
    if (!available(b) || (precision == Precision::Bf16 && b != Backend::OneDnn)) continue;
    const double gflops = measure_gflops(b, precision, shapes, 5);
    choice.gflops.emplace_back(b, gflops);
    if (gflops > best) {
      best = gflops;
      choice.backend = b;
    }
  }
  return choice;
}

}  // namespace ffw::gemm

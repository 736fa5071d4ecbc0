// The oneDNN backend: matmul primitives, created once per shape and thread and reused. Our
// matrices are column-major; oneDNN's matmul is written row-major, so c = op(a) op(b) runs as
// c^T = op(b)^T op(a)^T on the same memory (strides say which way each operand lies). In bf16, the
// fp32 operands are converted by oneDNN's reorder into per-thread buffers, multiplied in bf16 with
// fp32 accumulation, and written to c in fp32.
#include "core/gemm_backends.h"

#ifdef FFW_HAVE_ONEDNN

#include <omp.h>

#include <algorithm>
#include <map>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <oneapi/dnnl/dnnl_version.h>
#include <tuple>
#include <vector>

namespace ffw::gemm::detail {

namespace {
using dnnl::memory;
using Dims = memory::dims;

struct Key {
  Index m, n, k, lda, ldb, ldc;
  bool ta, tb;
  Scalar alpha, beta;
  Precision precision;
  auto tie() const { return std::tie(m, n, k, lda, ldb, ldc, ta, tb, alpha, beta, precision); }
  bool operator<(const Key& o) const { return tie() < o.tie(); }
};

// One shape's primitives: the matmul, and in bf16 the two conversions with their buffers.
struct Plan {
  memory::desc src, weights, dst;          // fp32 views of b, a and c
  memory::desc src16, weights16;           // bf16 copies (bf16 only)
  dnnl::matmul matmul;
  dnnl::reorder to_src16, to_weights16;
  std::vector<std::uint16_t> src_buffer, weights_buffer;
  memory::desc scratchpad_desc;
  std::vector<std::uint8_t> scratchpad;
};

// Everything per thread: oneDNN's primitives may run concurrently in several threads (nodes as
// threads), each with its own scratchpad, buffers and OpenMP thread count.
struct ThreadState {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  std::map<Key, std::unique_ptr<Plan>> plans;
  int omp_threads = -1;
};

ThreadState& state() {
  thread_local ThreadState s;
  return s;
}

// Row-major dims of op(x)^T for a column-major x with leading dimension ld.
memory::desc view(Index rows, Index cols, Index ld, bool transposed, memory::data_type type) {
  // rows x cols is the shape oneDNN sees; element (i, j) is x(j, i) untransposed, x(i, j) transposed.
  return transposed ? memory::desc(Dims{rows, cols}, type, Dims{1, ld}) : memory::desc(Dims{rows, cols}, type, Dims{ld, 1});
}

std::unique_ptr<Plan> make_plan(const Key& key, const dnnl::engine& engine) {
  auto plan = std::make_unique<Plan>();
  const auto f32 = memory::data_type::f32, bf16 = memory::data_type::bf16;
  plan->src = view(key.n, key.k, key.ldb, key.tb, f32);
  plan->weights = view(key.k, key.m, key.lda, key.ta, f32);
  plan->dst = memory::desc(Dims{key.n, key.m}, f32, Dims{key.ldc, 1});
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  if (key.alpha != 1) attr.set_output_scales(0, {key.alpha});
  if (key.beta != 0) {
    dnnl::post_ops ops;
    ops.append_sum(key.beta);
    attr.set_post_ops(ops);
  }
  memory::desc src = plan->src, weights = plan->weights;
  if (key.precision == Precision::Bf16) {
    plan->src16 = view(key.n, key.k, key.tb ? key.n : key.k, key.tb, bf16);
    plan->weights16 = view(key.k, key.m, key.ta ? key.k : key.m, key.ta, bf16);
    plan->to_src16 = dnnl::reorder(dnnl::reorder::primitive_desc(engine, plan->src, engine, plan->src16));
    plan->to_weights16 = dnnl::reorder(dnnl::reorder::primitive_desc(engine, plan->weights, engine, plan->weights16));
    plan->src_buffer.resize(static_cast<std::size_t>(key.n * key.k));
    plan->weights_buffer.resize(static_cast<std::size_t>(key.k * key.m));
    src = plan->src16;
    weights = plan->weights16;
  }
  const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(src, weights, plan->dst), attr, engine);
  plan->scratchpad_desc = pd.scratchpad_desc();
  plan->scratchpad.resize(std::max<std::size_t>(1, plan->scratchpad_desc.get_size()));
  plan->matmul = dnnl::matmul(pd);
  return plan;
}

}  // namespace

bool onednn_built() { return true; }

void onednn_multiply(const Operands& o, Precision precision, int threads) {
  ThreadState& s = state();
  if (s.omp_threads != threads) {  // OpenMP's count is per thread: apply the process's to this one
    omp_set_num_threads(threads);
    s.omp_threads = threads;
  }
  const Key key{o.m, o.n, o.k, o.lda, o.ldb, o.ldc, o.transpose_a, o.transpose_b, o.alpha, o.beta, precision};
  auto& slot = s.plans[key];
  if (!slot) slot = make_plan(key, s.engine);
  Plan& p = *slot;
  auto* a = const_cast<Scalar*>(o.a);  // oneDNN takes non-const handles; sources are only read
  auto* b = const_cast<Scalar*>(o.b);
  memory src(p.src, s.engine, b), weights(p.weights, s.engine, a), dst(p.dst, s.engine, o.c);
  memory scratchpad(p.scratchpad_desc, s.engine, p.scratchpad.data());
  if (precision == Precision::Bf16) {
    memory src16(p.src16, s.engine, p.src_buffer.data()), weights16(p.weights16, s.engine, p.weights_buffer.data());
    p.to_src16.execute(s.stream, src, src16);
    p.to_weights16.execute(s.stream, weights, weights16);
    src = src16;
    weights = weights16;
  }
  p.matmul.execute(s.stream, {{DNNL_ARG_SRC, src},
                              {DNNL_ARG_WEIGHTS, weights},
                              {DNNL_ARG_DST, dst},
                              {DNNL_ARG_SCRATCHPAD, scratchpad}});
  s.stream.wait();
}

std::string onednn_isa() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx512_mic: return "avx512_mic";
    case dnnl::cpu_isa::avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    default: return "other";
  }
}

std::string onednn_library() {
  const dnnl_version_t* v = dnnl_version();
  return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
         " (" + (v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other") + " runtime)";
}

}  // namespace ffw::gemm::detail

#else  // built without oneDNN: gemm.cpp never calls these, since available(OneDnn) is false

#include <stdexcept>

namespace ffw::gemm::detail {
bool onednn_built() { return false; }
void onednn_multiply(const Operands&, Precision, int) { throw std::logic_error("oneDNN is not in this build"); }
std::string onednn_isa() { return "none"; }
std::string onednn_library() { return "not in this build"; }
}  // namespace ffw::gemm::detail

#endif

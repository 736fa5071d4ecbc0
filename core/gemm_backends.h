#pragma once
// The two backends behind core/gemm.h; only gemm.cpp calls these.
#include <string>

#include "core/gemm.h"

namespace ffw::gemm::detail {

// Column-major operands as raw pointers with leading dimensions; shapes already checked.
struct Operands {
  const Scalar* a;
  Index lda;
  bool transpose_a;
  const Scalar* b;
  Index ldb;
  bool transpose_b;
  Scalar* c;
  Index ldc;
  Index m, n, k;
  Scalar alpha, beta;
};

void openblas_multiply(const Operands& o);
void openblas_set_threads(int threads);
std::string openblas_kernel();
std::string openblas_library();

bool onednn_built();
void onednn_multiply(const Operands& o, Precision precision, int threads);
std::string onednn_isa();  // the instruction set oneDNN dispatches to here ("avx512_core_bf16")
std::string onednn_library();

}  // namespace ffw::gemm::detail

#pragma once
// The GEMMs go straight to OpenBLAS (linked explicitly) so the thread count is set per process
// and the kernel in use can be reported.
#include <string>

#include "core/tensor.h"

namespace ffw::blas {

void set_threads(int threads);  // 0 = every core of this machine
int threads();
std::string kernel_name();  // e.g. "Haswell", "SkylakeX"
std::string library();      // e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ..."

// c = alpha * op(a) * op(b) + beta * c on column-major storage.
void gemm(const Eigen::Ref<const Matrix>& a, bool transpose_a, const Eigen::Ref<const Matrix>& b,
          bool transpose_b, Eigen::Ref<Matrix> c, Scalar alpha = 1, Scalar beta = 0);

// Best of `repeats` single-call SGEMM timings at m x n x k, in GFLOP/s, at the current thread count.
double sgemm_gflops(int m, int n, int k, int repeats);

}  // namespace ffw::blas

// The OpenBLAS backend: cblas_sgemm, with the thread count and kernel of this process.
#include <cblas.h>

#include <algorithm>

#include "core/gemm_backends.h"

namespace ffw::gemm::detail {

void openblas_multiply(const Operands& o) {
  cblas_sgemm(CblasColMajor, o.transpose_a ? CblasTrans : CblasNoTrans, o.transpose_b ? CblasTrans : CblasNoTrans,
              static_cast<blasint>(o.m), static_cast<blasint>(o.n), static_cast<blasint>(o.k), o.alpha, o.a,
              static_cast<blasint>(std::max<Index>(1, o.lda)), o.b, static_cast<blasint>(std::max<Index>(1, o.ldb)),
              o.beta, o.c, static_cast<blasint>(std::max<Index>(1, o.ldc)));
}

void openblas_set_threads(int threads) { openblas_set_num_threads(threads); }

std::string openblas_kernel() { return openblas_get_corename(); }

std::string openblas_library() { return openblas_get_config(); }

}  // namespace ffw::gemm::detail

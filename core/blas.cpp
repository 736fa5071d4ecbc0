#include "core/blas.h"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace ffw::blas {

void set_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  openblas_set_num_threads(threads);
}

int threads() { return openblas_get_num_threads(); }

std::string kernel_name() { return openblas_get_corename(); }

std::string library() { return openblas_get_config(); }

void gemm(const Eigen::Ref<const Matrix>& a, bool transpose_a, const Eigen::Ref<const Matrix>& b,
          bool transpose_b, Eigen::Ref<Matrix> c, Scalar alpha, Scalar beta) {
  const Index m = transpose_a ? a.cols() : a.rows();
  const Index k = transpose_a ? a.rows() : a.cols();
  const Index kb = transpose_b ? b.cols() : b.rows();
  const Index n = transpose_b ? b.rows() : b.cols();
  if (k != kb || c.rows() != m || c.cols() != n)
    throw std::logic_error("blas::gemm: operand shapes do not agree");
  if (m == 0 || n == 0) return;
  cblas_sgemm(CblasColMajor, transpose_a ? CblasTrans : CblasNoTrans,
              transpose_b ? CblasTrans : CblasNoTrans, static_cast<blasint>(m),
              static_cast<blasint>(n), static_cast<blasint>(k), alpha, a.data(),
              static_cast<blasint>(std::max<Index>(1, a.outerStride())), b.data(),
              static_cast<blasint>(std::max<Index>(1, b.outerStride())), beta, c.data(),
              static_cast<blasint>(std::max<Index>(1, c.outerStride())));
}

double sgemm_gflops(int m, int n, int k, int repeats) {
  Matrix a = Matrix::Random(m, k), b = Matrix::Random(k, n), c(m, n);
  double best_seconds = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    gemm(a, false, b, false, c);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best_seconds = std::min(best_seconds, took.count());
  }
  return 2.0 * m * n * k / best_seconds / 1e9;
}

}  // namespace ffw::blas

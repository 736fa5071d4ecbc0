#pragma once
// One Scalar, one storage order: column-major float matrices with one sample per column
// (features x samples), so a sample is contiguous and a batch is a block of columns.
#include <Eigen/Core>
#include <cstdint>

namespace ffw {

using Scalar = float;
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using RowVector = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
using Index = Eigen::Index;

}  // namespace ffw

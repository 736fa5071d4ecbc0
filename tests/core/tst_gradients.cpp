// Analytical gradients against central finite differences, computed in double from the float
// parameters: FF layer (both goodness kinds), softmax head, local-head layer, BP MLP.
#include <QtTest>
#include <cstring>
#include <functional>

#include "core/bp_mlp.h"
#include "core/ff_layer.h"
#include "core/local_head_layer.h"
#include "core/optimizer.h"
#include "core/rng.h"
#include "core/softmax_head.h"

using namespace ffw;

namespace {

Matrix random_inputs(Index rows, Index cols, std::uint64_t seed, bool normalise) {
  auto rng = make_rng(seed, Stream::Init);
  Matrix x(rows, cols);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<Scalar>(normal_draw(rng));
  if (normalise) normalize_columns(x);
  return x;
}

// Largest relative error between the analytical gradient and central differences over a sample
// of entries of `p`.
double worst_relative_error(Param& p, const std::function<double()>& loss, const Matrix& analytic, int probes = 40) {
  double worst = 0;
  const Index n = p.value.size();
  for (int k = 0; k < probes; ++k) {
    const Index i = (k * 7919) % n;
    const Scalar saved = p.value.data()[i];
    const Scalar h = 2e-3f * std::max<Scalar>(1.0f, std::abs(saved));
    p.value.data()[i] = saved + h;
    const double up = loss();
    p.value.data()[i] = saved - h;
    const double down = loss();
    p.value.data()[i] = saved;
    const double numeric = (up - down) / (2.0 * static_cast<double>(h));
    const double a = analytic.data()[i];
    const double scale = std::max({std::abs(numeric), std::abs(a), 1e-2});
    worst = std::max(worst, std::abs(numeric - a) / scale);
    if (qEnvironmentVariableIsSet("FFW_GRAD_DEBUG")) qDebug() << i << numeric << a;
  }
  return worst;
}

}  // namespace

class TestGradients : public QObject {
  Q_OBJECT
private slots:
  void ffLayerMatchesFiniteDifferences_data() {
    QTest::addColumn<int>("goodness");
    QTest::newRow("sum-squares") << static_cast<int>(GoodnessKind::SumSquares);
    QTest::newRow("mean-squares") << static_cast<int>(GoodnessKind::MeanSquares);
  }
  void ffLayerMatchesFiniteDifferences() {
    QFETCH(int, goodness);
    const auto kind = static_cast<GoodnessKind>(goodness);
    auto rng = make_rng(3, Stream::Init);
    const int width = 12;
    // A threshold near the typical goodness keeps the sigmoids away from saturation.
    FFLayer layer(16, width, kind == GoodnessKind::SumSquares ? 6.0 : 0.5, kind, 0.0, rng);
    const Matrix x = random_inputs(16, 10, 4, true);  // 5 positive, 5 negative
    layer.forward_backward(x, 5, nullptr);
    const Matrix gw = layer.weight.grad, gb = layer.bias.grad;
    auto loss = [&] { return layer.forward_backward(x, 5, nullptr).loss; };
    QVERIFY2(worst_relative_error(layer.weight, loss, gw) < 2e-2, "weight gradient");
    QVERIFY2(worst_relative_error(layer.bias, loss, gb) < 2e-2, "bias gradient");
  }

  void overlayBatchEqualsExplicitNegatives() {
    // Positives and negatives that differ only in the one-hot label inputs.
    auto rng = make_rng(13, Stream::Init);
    FFLayer a(30, 20, 10.0, GoodnessKind::SumSquares, 0.03, rng);
    FFLayer b = a;
    Matrix images = random_inputs(30, 6, 14, false).cwiseAbs();
    const std::vector<std::uint8_t> pos = {1, 4, 0, 9, 2, 2}, neg = {3, 0, 5, 1, 7, 8};
    Matrix explicit_x(30, 12);
    for (Index j = 0; j < 6; ++j) {
      explicit_x.col(j) = images.col(j);
      explicit_x.col(j).head(10).setZero();
      explicit_x(pos[static_cast<std::size_t>(j)], j) = 1;
      explicit_x.col(6 + j) = images.col(j);
      explicit_x.col(6 + j).head(10).setZero();
      explicit_x(neg[static_cast<std::size_t>(j)], 6 + j) = 1;
    }
    normalize_columns(explicit_x);
    Matrix x_pos(30, 6);
    for (Index j = 0; j < 6; ++j) {
      x_pos.col(j) = images.col(j);
      x_pos.col(j).head(10).setZero();
      x_pos(pos[static_cast<std::size_t>(j)], j) = 1;
    }
    std::vector<Scalar> inverse_norms;
    normalize_columns(x_pos, &inverse_norms);
    Matrix next_a, next_b;
    const auto sa = a.forward_backward(explicit_x, 6, &next_a);
    const auto sb = b.forward_backward(OverlayBatch{x_pos, inverse_norms, pos, neg}, &next_b);
    QCOMPARE_LT(std::abs(sa.loss - sb.loss), 1e-4 * std::abs(sa.loss));
    QVERIFY(next_a.isApprox(next_b, 1e-5f));
    QVERIFY(a.weight.grad.isApprox(b.weight.grad, 1e-4f));
    QVERIFY(a.bias.grad.isApprox(b.bias.grad, 1e-4f));
    Matrix inference;
    b.forward(OverlayBatch{x_pos, inverse_norms, pos, neg}, &inference);
    Matrix reference;
    a.forward(explicit_x, &reference, nullptr);
    QVERIFY(inference.isApprox(reference, 1e-5f));
  }

  void ffLayerNextInputIsNormalised() {
    auto rng = make_rng(5, Stream::Init);
    FFLayer layer(16, 32, 32.0, GoodnessKind::SumSquares, 0.0, rng);
    Matrix next;
    layer.forward_backward(random_inputs(16, 6, 6, true), 3, &next);
    for (Index j = 0; j < next.cols(); ++j) QCOMPARE_LT(std::abs(next.col(j).squaredNorm() / 32.0 - 1.0), 1e-4);
  }

  void softmaxHeadMatchesFiniteDifferences() {
    SoftmaxHead head(20, 10);
    auto rng = make_rng(7, Stream::Init);
    for (Index i = 0; i < head.weight.value.size(); ++i) head.weight.value.data()[i] = static_cast<Scalar>(0.3 * normal_draw(rng));
    const Matrix h = random_inputs(20, 8, 8, false);
    const std::vector<std::uint8_t> labels = {0, 3, 9, 1, 1, 5, 7, 2};
    Matrix dh;
    head.forward_backward(h, labels, &dh);
    const Matrix gw = head.weight.grad, gb = head.bias.grad;
    auto loss = [&] { return head.forward_backward(h, labels); };
    QVERIFY(worst_relative_error(head.weight, loss, gw) < 2e-2);
    QVERIFY(worst_relative_error(head.bias, loss, gb) < 2e-2);
    // dL/dh through a parameter-free view: perturb h itself.
    Param hp;
    hp.value = h;
    auto loss_h = [&] { return head.forward_backward(hp.value, labels); };
    QVERIFY(worst_relative_error(hp, loss_h, dh) < 2e-2);
  }

  void localHeadLayerMatchesFiniteDifferences() {
    auto rng = make_rng(9, Stream::Init);
    LocalHeadLayer layer(16, 12, 10, rng);
    for (Index i = 0; i < layer.head.weight.value.size(); ++i)
      layer.head.weight.value.data()[i] = static_cast<Scalar>(0.5 * normal_draw(rng));
    const Matrix x = random_inputs(16, 8, 10, true);
    const std::vector<std::uint8_t> labels = {4, 3, 9, 0, 1, 5, 7, 2};
    Matrix next;
    layer.forward_backward(x, labels, &next);
    const Matrix gw = layer.weight.grad, gb = layer.bias.grad, ghw = layer.head.weight.grad;
    auto loss = [&] { return layer.forward_backward(x, labels, &next); };
    QVERIFY2(worst_relative_error(layer.weight, loss, gw) < 3e-2, "layer weight gradient");
    QVERIFY2(worst_relative_error(layer.bias, loss, gb) < 3e-2, "layer bias gradient");
    QVERIFY2(worst_relative_error(layer.head.weight, loss, ghw) < 3e-2, "head weight gradient");
  }

  void bpMlpMatchesFiniteDifferences() {
    auto rng = make_rng(11, Stream::Init);
    BpMlp mlp(16, {12, 8}, 10, rng);
    const Matrix x = random_inputs(16, 8, 12, false);
    const std::vector<std::uint8_t> labels = {4, 3, 9, 0, 1, 5, 7, 2};
    mlp.forward_backward(x, labels);
    std::vector<Matrix> grads;
    for (auto& w : mlp.weights) grads.push_back(w.grad);
    auto loss = [&] { return mlp.forward_backward(x, labels); };
    for (std::size_t l = 0; l < mlp.weights.size(); ++l)
      QVERIFY2(worst_relative_error(mlp.weights[l], loss, grads[l]) < 3e-2, qPrintable(QString("layer %1").arg(l)));
  }

  void adamMovesAgainstTheGradient() {
    Param p;
    p.init(3, 1);
    p.value << 1, -1, 0.5;
    p.grad << 2, -2, 0;
    OptimizerSpec spec;
    spec.learning_rate = 0.1;
    Optimizer(spec).step(p, 0.1);
    // Adam's first step moves each coordinate by about lr against the gradient's sign.
    QCOMPARE_LT(std::abs(p.value(0) - 0.9f), 1e-4f);
    QCOMPARE_LT(std::abs(p.value(1) + 0.9f), 1e-4f);
    QCOMPARE(p.value(2), 0.5f);
  }

  // The update loops run as AVX-512, AVX2 or SSE clones, whichever the CPU has (core/optimizer.cpp).
  // Each must give the bits of the plain loop below (this file targets the build's baseline), or
  // nodes on different CPUs would train different weights. Odd sizes exercise the loops' tails.
  void updateClonesGiveTheBaselineBits_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("adam") << static_cast<int>(OptimizerKind::Adam);
    QTest::newRow("sgd") << static_cast<int>(OptimizerKind::Sgd);
  }
  void updateClonesGiveTheBaselineBits() {
    QFETCH(int, kind);
    OptimizerSpec spec;
    spec.kind = static_cast<OptimizerKind>(kind);
    spec.weight_decay = 1e-3;
    spec.momentum = 0.9;
    Param p;
    p.init(37, 29);
    auto rng = make_rng(7, Stream::Init);
    for (Index i = 0; i < p.value.size(); ++i) p.value.data()[i] = static_cast<Scalar>(normal_draw(rng));
    Matrix w = p.value, m = Matrix::Zero(37, 29), v = Matrix::Zero(37, 29);
    const auto wd = static_cast<Scalar>(spec.weight_decay);
    for (int step = 1; step <= 5; ++step) {
      for (Index i = 0; i < p.grad.size(); ++i) p.grad.data()[i] = static_cast<Scalar>(normal_draw(rng));
      const double lr = 0.01 * step;
      Optimizer(spec).step(p, lr);
      if (spec.kind == OptimizerKind::Sgd) {
        const auto mu = static_cast<Scalar>(spec.momentum), rate = static_cast<Scalar>(lr);
        for (Index i = 0; i < w.size(); ++i) {
          const Scalar gi = p.grad.data()[i] + wd * w.data()[i];
          m.data()[i] = mu * m.data()[i] + gi;
          w.data()[i] -= rate * m.data()[i];
        }
      } else {
        const double bc1 = 1.0 - std::pow(spec.beta1, step), bc2 = 1.0 - std::pow(spec.beta2, step);
        const auto rate = static_cast<Scalar>(lr * std::sqrt(bc2) / bc1);
        const auto eps = static_cast<Scalar>(spec.epsilon * std::sqrt(bc2));
        const auto b1 = static_cast<Scalar>(spec.beta1), b2 = static_cast<Scalar>(spec.beta2);
        for (Index i = 0; i < w.size(); ++i) {
          const Scalar gi = p.grad.data()[i] + wd * w.data()[i];
          m.data()[i] = b1 * m.data()[i] + (1 - b1) * gi;
          v.data()[i] = b2 * v.data()[i] + (1 - b2) * gi * gi;
          w.data()[i] -= rate * m.data()[i] / (std::sqrt(v.data()[i]) + eps);
        }
      }
    }
    const char* clone = __builtin_cpu_supports("avx512f") ? "x86-64-v4" : __builtin_cpu_supports("avx2") ? "x86-64-v3" : "baseline";
    QVERIFY2(std::memcmp(w.data(), p.value.data(), sizeof(Scalar) * static_cast<std::size_t>(w.size())) == 0,
             qPrintable(QString("the %1 clone's weights differ from the baseline loop's").arg(clone)));
    QVERIFY(std::memcmp(m.data(), p.state.m.data(), sizeof(Scalar) * static_cast<std::size_t>(m.size())) == 0);
  }

  void cooldownIsLinearAfterHalfTheEpochs() {
    QCOMPARE(cooldown_factor(0, 10, true), 1.0);
    QCOMPARE(cooldown_factor(4, 10, true), 1.0);
    QCOMPARE(cooldown_factor(5, 10, true), 1.0);
    QCOMPARE(cooldown_factor(9, 10, true), 0.2);
    QCOMPARE(cooldown_factor(9, 10, false), 1.0);
  }
};

QTEST_APPLESS_MAIN(TestGradients)
#include "tst_gradients.moc"

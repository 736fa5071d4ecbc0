// Training behaviour on small synthetic data: it learns, it is deterministic, and a run stopped
// at chapter k and resumed from its checkpoint ends bit-identical to an uninterrupted run.
#include <QTemporaryDir>
#include <QtTest>

#include "core/gemm.h"
#include "core/error.h"
#include "core/evaluate.h"
#include "core/trainer.h"
#include "synthetic.h"

using namespace ffw;

namespace {

Experiment small_experiment() {
  Experiment e;
  e.layers = {{48, {}, {}}, {48, {}, {}}, {32, {}, {}}};
  e.epochs = 4;
  e.chapters = 4;
  e.batch_size = 50;
  e.seed = 5;
  e.optimizer.learning_rate = 3e-3;
  e.head_optimizer = e.optimizer;
  e.metrics_every = 3;
  return e;
}

const DataSplit& data() {
  static const DataSplit d = test::synthetic_split(2000, 300);
  return d;
}

bool same_parameters(Model& a, Model& b) {
  std::vector<Matrix> left;
  a.for_each_param([&](const std::string&, Param& p) { left.push_back(p.value); });
  std::size_t i = 0;
  bool same = true;
  b.for_each_param([&](const std::string&, Param& p) { same = same && left.at(i++) == p.value; });
  return same && i == left.size();
}

void add_configurations() {
  QTest::addColumn<int>("variant");
  QTest::addColumn<int>("negatives");
  QTest::addColumn<int>("classifier");
  QTest::addColumn<int>("interleave");
  auto row = [](const char* name, Variant v, Negatives n, Classifier c, Interleave i) {
    QTest::newRow(name) << static_cast<int>(v) << static_cast<int>(n) << static_cast<int>(c) << static_cast<int>(i);
  };
  row("ff random softmax per layer", Variant::Sequential, Negatives::Random, Classifier::Softmax, Interleave::Layer);
  row("ff fixed goodness per batch", Variant::Sequential, Negatives::Fixed, Classifier::Goodness, Interleave::Batch);
  row("ff adaptive goodness per layer", Variant::Sequential, Negatives::Adaptive, Classifier::Goodness, Interleave::Layer);
  row("local heads", Variant::Sequential, Negatives::None, Classifier::LocalHeads, Interleave::Layer);
  row("backprop", Variant::Bp, Negatives::None, Classifier::Softmax, Interleave::Layer);
}

Experiment configured() {
  QFETCH(int, variant);
  QFETCH(int, negatives);
  QFETCH(int, classifier);
  QFETCH(int, interleave);
  Experiment e = small_experiment();
  e.variant = static_cast<Variant>(variant);
  e.negatives = static_cast<Negatives>(negatives);
  e.classifier = static_cast<Classifier>(classifier);
  e.interleave = static_cast<Interleave>(interleave);
  return e;
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT
private slots:
  void initTestCase() { gemm::set_threads(1); }

  void learnsWellAboveChance_data() { add_configurations(); }
  void learnsWellAboveChance() {
    const Experiment e = configured();
    TrainOptions options;
    options.evaluate_each_chapter = false;
    const TrainResult r = train(e, data(), options);
    QCOMPARE(int(r.status), int(TrainStatus::Finished));
    QCOMPARE(r.epochs_done, 4);
    for (const auto& [readout, accuracy] : r.test_accuracy)
      QVERIFY2(accuracy > 0.6, qPrintable(QString("%1: %2 (chance is 0.1)").arg(QString::fromStdString(readout)).arg(accuracy)));
  }

  void sameSeedGivesIdenticalMetrics_data() { add_configurations(); }
  void sameSeedGivesIdenticalMetrics() {
    const Experiment e = configured();
    MemoryMetricsSink first, second;
    TrainOptions options;
    options.sink = &first;
    train(e, data(), options);
    options.sink = &second;
    train(e, data(), options);
    QVERIFY(first.records.size() > 10);
    QCOMPARE(first.records.size(), second.records.size());
    for (std::size_t i = 0; i < first.records.size(); ++i) {
      const auto &a = first.records[i], &b = second.records[i];
      if (a.metric == Metric::SamplesPerSecond) continue;  // a measurement of speed, not of training
      QCOMPARE(int(a.metric), int(b.metric));
      QCOMPARE(a.layer, b.layer);
      QCOMPARE(a.batch, b.batch);
      QCOMPARE(a.value, b.value);
    }
  }

  void stopAndResumeIsBitIdentical_data() { add_configurations(); }
  void stopAndResumeIsBitIdentical() {
    const Experiment e = configured();
    TrainOptions plain;
    plain.evaluate_each_chapter = false;
    TrainResult uninterrupted = train(e, data(), plain);

    QTemporaryDir tmp;
    TrainOptions stopping = plain;
    stopping.checkpoint_file = (tmp.path() + "/last.ffwc").toStdString();
    stopping.stop_after_chapters = 2;
    TrainResult first = train(e, data(), stopping);
    QCOMPARE(int(first.status), int(TrainStatus::Stopped));
    QCOMPARE(first.chapters_done, 2);

    Checkpoint c = load_checkpoint(stopping.checkpoint_file);
    QCOMPARE(c.chapters_done, 2);
    TrainOptions resuming = plain;
    resuming.checkpoint_file = stopping.checkpoint_file;
    TrainResult resumed = train(e, data(), resuming, std::move(c));
    QCOMPARE(int(resumed.status), int(TrainStatus::Finished));
    QVERIFY(same_parameters(uninterrupted.model, resumed.model));
    QCOMPARE(uninterrupted.test_accuracy, resumed.test_accuracy);
  }

  void inputCacheEqualsReforwardingUpToRounding_data() {
    QTest::addColumn<int>("negatives");
    QTest::newRow("random") << static_cast<int>(Negatives::Random);
    QTest::newRow("adaptive") << static_cast<int>(Negatives::Adaptive);
  }
  void inputCacheEqualsReforwardingUpToRounding() {
    // Deeper stages train on the layers below computed once per chapter (the cache) or batch by
    // batch (no cache), and the softmax head on its cached input or its own forward of each batch:
    // the same inputs, so the same training up to float rounding.
    QFETCH(int, negatives);
    Experiment e = small_experiment();
    e.negatives = static_cast<Negatives>(negatives);
    e.epochs = 4;
    e.chapters = 2;  // two epochs per chapter: the cache serves both
    TrainOptions cached, reforwarded;
    reforwarded.input_cache_bytes = 0;
    TrainResult a = train(e, data(), cached), b = train(e, data(), reforwarded);
    QVERIFY(a.timings.reforward_seconds > 0 && b.timings.reforward_seconds > 0);
    std::vector<Matrix> left;
    a.model.for_each_param([&](const std::string&, Param& p) { left.push_back(p.value); });
    std::size_t i = 0;
    double worst = 0;
    b.model.for_each_param([&](const std::string&, Param& p) {
      const Matrix& l = left.at(i++);
      worst = std::max(worst, static_cast<double>((l - p.value).cwiseAbs().maxCoeff() / std::max<Scalar>(Scalar(1e-3), p.value.cwiseAbs().maxCoeff())));
    });
    QVERIFY2(worst < 1e-3, qPrintable(QString("largest relative difference %1").arg(worst)));
    QVERIFY(std::abs(a.test_accuracy.at("softmax") - b.test_accuracy.at("softmax")) <= 0.01);
  }

  void stopFlagEndsTheRunAsStopped() {
    Experiment e = small_experiment();
    std::atomic<bool> stop{true};
    TrainOptions options;
    options.stop = &stop;
    const TrainResult r = train(e, data(), options);
    QCOMPARE(int(r.status), int(TrainStatus::Stopped));
    QCOMPARE(r.chapters_done, 0);
  }

  void nonFiniteLossStopsWithAClearMessage() {
    Experiment e = small_experiment();
    DataSplit poisoned = data();
    poisoned.train.x(20, 7) = std::numeric_limits<Scalar>::infinity();
    try {
      train(e, poisoned, TrainOptions{});
      QFAIL("training should have diverged");
    } catch (const Error& err) {
      QCOMPARE(int(err.kind()), int(ErrorKind::Training));
      QVERIFY2(std::string(err.what()).find("diverged") != std::string::npos, err.what());
    }
  }

  void metricsArriveDuringTheFirstChapter() {
    Experiment e = small_experiment();
    MemoryMetricsSink sink;
    TrainOptions options;
    options.sink = &sink;
    options.stop_after_chapters = 1;
    train(e, data(), options);
    // metrics_every = 3 with 12 batches per layer: several records per layer before the chapter ends.
    int goodness_records = 0;
    for (const auto& r : sink.records) goodness_records += r.metric == Metric::GoodnessPos && r.layer == 1;
    QCOMPARE_GE(goodness_records, 4);
  }

  void negativesNeverCarryTheTrueLabel() {
    const auto& train_set = data().train;
    const auto random = random_negatives(train_set, 1, 3);
    Experiment e = small_experiment();
    e.negatives = Negatives::Adaptive;
    Model m = Model::create(e, static_cast<int>(train_set.dim()), 10, data().preprocess);
    for (auto choice : {AdaptiveChoice::Argmax, AdaptiveChoice::Sample}) {
      const auto adaptive = adaptive_negatives(m, train_set, choice, AdaptiveFrom::Goodness, 1, 3);
      for (std::size_t i = 0; i < random.size(); ++i) {
        QVERIFY(random[i] != train_set.labels[i]);
        QVERIFY(adaptive[i] != train_set.labels[i]);
      }
    }
  }

  void labelGoodnessMatchesExplicitOverlays() {
    const auto& train_set = data().train;
    Experiment e = small_experiment();
    Model m = Model::create(e, static_cast<int>(train_set.dim()), 10, data().preprocess);
    const std::vector<int> idx = {3, 1, 4, 1, 5};
    const Matrix fast = label_goodness(m, train_set, idx);
    for (int c = 0; c < 10; ++c) {
      Matrix x(train_set.dim(), 5), next;
      write_overlay_batch(train_set, idx, std::vector<std::uint8_t>(5, static_cast<std::uint8_t>(c)), x);
      Vector total = Vector::Zero(5), g;
      for (std::size_t l = 0; l < m.ff.size(); ++l) {
        m.ff[l].forward(x, &next, &g);
        if (l > 0) total += g;  // every layer but the first
        std::swap(x, next);
      }
      QVERIFY(fast.row(c).transpose().isApprox(total, 1e-4f));
    }
  }

  void argmaxNegativeIsTheBestWrongLabel() {
    const auto& train_set = data().train;
    Experiment e = small_experiment();
    Model m = Model::create(e, static_cast<int>(train_set.dim()), 10, data().preprocess);
    const auto negatives = adaptive_negatives(m, train_set, AdaptiveChoice::Argmax, AdaptiveFrom::Goodness, 1, 1);
    const std::vector<int> idx = {0, 1, 2};
    const Matrix scores = label_goodness(m, train_set, idx);
    for (int j = 0; j < 3; ++j)
      for (int c = 0; c < 10; ++c)
        if (c != train_set.labels[static_cast<std::size_t>(j)])
          QVERIFY(scores(negatives[static_cast<std::size_t>(j)], j) >= scores(c, j));
  }

  // training.evaluation "deferred": no chapter is tested on the training path; each chapter's kept
  // weights are tested after training ends, their accuracies recorded at their chapter's end, equal
  // to what inline evaluation records (the same weights). Every second chapter with
  // evaluate_every_chapters 2, and the last always.
  void deferredEvaluationRecordsWhatInlineDoes() {
    auto accuracies = [](bool deferred, std::vector<MetricRecord>& out, TrainResult& result) {
      Experiment e = small_experiment();
      e.deferred_evaluation = deferred;
      e.evaluate_every_chapters = 3;
      e.chapters = e.epochs = 4;
      MemoryMetricsSink sink;
      TrainOptions options;
      options.sink = &sink;
      result = train(e, data(), options);
      // Whether the first accuracy was recorded after the last training record.
      std::size_t last_training_record = 0, first_accuracy = sink.records.size();
      for (std::size_t i = 0; i < sink.records.size(); ++i) {
        if (sink.records[i].metric == Metric::TestAccuracy) {
          out.push_back(sink.records[i]);
          first_accuracy = std::min(first_accuracy, i);
        }
        if (sink.records[i].metric == Metric::GoodnessPos) last_training_record = i;
      }
      return first_accuracy > last_training_record;
    };
    std::vector<MetricRecord> inline_records, deferred_records;
    TrainResult inline_result, deferred_result;
    QVERIFY(!accuracies(false, inline_records, inline_result));  // chapter 3 tested before chapter 4 trains
    QVERIFY(accuracies(true, deferred_records, deferred_result));
    QCOMPARE(inline_records.size(), std::size_t{2});  // chapters 3 and 4
    QCOMPARE(deferred_records.size(), std::size_t{2});
    for (std::size_t k = 0; k < 2; ++k) {
      QCOMPARE(deferred_records[k].chapter, inline_records[k].chapter);
      QCOMPARE(deferred_records[k].value, inline_records[k].value);
      QVERIFY(deferred_records[k].time_s <= deferred_result.train_seconds);
    }
    QCOMPARE(inline_records[0].chapter, 3);
    QVERIFY(same_parameters(inline_result.model, deferred_result.model));
    QVERIFY(deferred_result.timings.eval_seconds > 0);
  }

  // Under the softmax classifier adaptive negatives come from the head's one-pass prediction. A
  // head with zero weights predicts its bias for every sample: logits 0, 1, ..., 9 with 9 and 8
  // swapped. The most likely wrong label is then 8 (logit 9), except for samples of class 8,
  // whose best wrong label is 9 (logit 8).
  void softmaxAdaptiveNegativeIsTheHeadsBestWrongLabel() {
    const auto& train_set = data().train;
    Experiment e = small_experiment();
    e.negatives = Negatives::Adaptive;
    e.classifier = Classifier::Softmax;
    QCOMPARE(e.adaptive_source(), AdaptiveFrom::Softmax);
    Model m = Model::create(e, static_cast<int>(train_set.dim()), 10, data().preprocess);
    QVERIFY(m.head.has_value());
    m.head->weight.value.setZero();
    for (int c = 0; c < 10; ++c) m.head->bias.value(c, 0) = static_cast<Scalar>(c);
    std::swap(m.head->bias.value(8, 0), m.head->bias.value(9, 0));
    const auto negatives = adaptive_negatives(m, train_set, AdaptiveChoice::Argmax, AdaptiveFrom::Softmax, 1, 1);
    for (std::size_t i = 0; i < negatives.size(); ++i)
      QCOMPARE(int(negatives[i]), train_set.labels[i] == 8 ? 9 : 8);
    // The goodness pass picks differently: it does not look at the head.
    QVERIFY(adaptive_negatives(m, train_set, AdaptiveChoice::Argmax, AdaptiveFrom::Goodness, 1, 1) != negatives);
    // Sampling from the head's softmax never picks the true label.
    const auto sampled = adaptive_negatives(m, train_set, AdaptiveChoice::Sample, AdaptiveFrom::Softmax, 1, 1);
    for (std::size_t i = 0; i < sampled.size(); ++i) QVERIFY(sampled[i] != train_set.labels[i]);
  }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"

#pragma once
// One run, as the GUI sees it: everything in its run directory (docs/run-directory.md), read
// incrementally while the run grows. The store keeps every point at full resolution; views decimate.
// A run the GUI did not start (an `ffw run` in a terminal, a run from yesterday) opens the same way.
#include <QObject>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QVector>
#include <cstdint>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/experiment.h"
#include "core/timeline.h"

namespace ffw::app {

struct SeriesKey {
  QString metric;  // metrics.csv names: goodness_pos, loss, test_accuracy, ...
  int layer = -1;  // 1-based, -1: the whole network
  int node = -1;   // -1: every node merged
  bool operator<(const SeriesKey& o) const { return std::tie(layer, node, metric) < std::tie(o.layer, o.node, o.metric); }
  bool operator==(const SeriesKey& o) const { return layer == o.layer && node == o.node && metric == o.metric; }
};
struct SeriesKeyHash {
  std::size_t operator()(const SeriesKey& k) const noexcept {
    return qHash(k.metric) ^ (static_cast<std::size_t>(k.layer + 1) * 0x9E3779B97F4A7C15ull) ^ (static_cast<std::size_t>(k.node + 1) << 20);
  }
};

class RunStore : public QObject {
  Q_OBJECT
public:
  explicit RunStore(QObject* parent = nullptr);

  // Opens a run directory and reads what it holds; false (and error()) when it is not a run.
  bool open(const QString& dir);
  // Reads whatever was appended since the last call; emits changed() when anything was.
  bool poll();
  // Polls every `ms` milliseconds while the run is live.
  void follow(int ms = 100);
  void stop_following();

  QString dir() const { return dir_; }
  QString error() const { return error_; }
  bool is_open() const { return !dir_.isEmpty(); }
  const Experiment& experiment() const { return experiment_; }
  const nlohmann::json& summary() const { return summary_; }
  QString status() const;   // running, finished, failed, stopped
  static QString status_text(const QString& status);  // in the user's language
  int nodes() const;

  // Series merged over nodes (node = -1) and per node; x = seconds since the run started.
  const QVector<QPointF>& series(const SeriesKey& key) const;
  std::vector<SeriesKey> keys(const QString& metric) const;
  const std::vector<Segment>& segments() const { return segments_; }
  double last_time() const { return last_time_; }

  // Change tracking for views that keep work between frames (incremental decimation): every poll
  // that reads something gets a new generation; first_changed(key, g) is the index of the first
  // point of `key` added or moved since generation g: series(key).size() when none was, 0 when g
  // is too old to tell or from before the run was (re)opened.
  std::uint64_t generation() const { return generation_; }
  qsizetype first_changed(const SeriesKey& key, std::uint64_t since) const;

  // Derived live figures.
  // Cumulative MB sent by `node` (to `peer`, of `category`; -1: all), per send.
  QVector<QPointF> sent_megabytes(int node, int peer = -1, int category = -1) const;
  struct Link {
    int from = 0, to = 0, category = -1;  // category: ffw::Category, -1 unknown (older runs)
    double megabytes = 0;
  };
  std::vector<Link> links() const;  // every (sender, receiver, category) that carried bytes
  QVector<QPointF> idle_fraction(int node, int points) const;  // waits so far / time so far
  double idle_fraction_total(int node) const;
  double theoretical_bubble() const;
  int chapters_done() const;
  // An elastic ring's lost nodes, live from the timeline's `lost` marks: the node, when (seconds
  // since the run started), and, once the run has written its summary, the chapter the others went
  // on after (1-based; -1: not known yet) and the chapters they redid.
  struct NodeLoss {
    int node = 0;
    double at_s = 0;
    int continued_after_chapter = -1;
    std::vector<int> redone;
  };
  std::vector<NodeLoss> node_losses() const;
  bool lost(int node) const;
  double final_accuracy() const;  // summary's test accuracy, else the last recorded one; < 0: none
  // The test set's confusion matrix (rows: true class, columns: predicted): the final one from the
  // summary, else the latest evaluation's as recorded in metrics.csv; `chapter` is 1-based, 0 for
  // the final one; empty when there is none yet.
  struct Confusion {
    std::vector<std::vector<std::int64_t>> counts;
    int chapter = 0;
  };
  Confusion confusion() const;
  // What the experiment's classes are called (core class_names).
  std::vector<std::string> class_names() const;

signals:
  void changed();

private:
  bool read_appended(const QString& file, qint64& offset, QByteArray& partial, const std::function<void(const QByteArray&)>& line);
  void add_metric_line(const QByteArray& line);
  void add_segment_line(const QByteArray& line);
  void read_summary();

  QString dir_, error_;
  Experiment experiment_;
  nlohmann::json summary_ = nlohmann::json::object();
  qint64 summary_stamp_ = -1;
  qint64 metrics_offset_ = 0, timeline_offset_ = 0;
  QByteArray metrics_partial_, timeline_partial_;
  struct Series {
    QVector<QPointF> points;
    std::deque<std::pair<std::uint64_t, qsizetype>> changes;  // (generation, lowest index it changed)
    std::uint64_t complete_after = 0;                         // changes after this generation are all kept
  };
  std::unordered_map<SeriesKey, Series, SeriesKeyHash> series_;  // hashed: a live run adds ~10^5 points a second
  std::uint64_t generation_ = 0, opened_generation_ = 0;
  std::vector<Segment> segments_;
  std::vector<std::pair<int, double>> lost_marks_;  // the timeline's `lost` marks: node, when
  Confusion live_confusion_;         // the latest evaluation's, from metrics.csv
  double live_confusion_time_ = -1;
  double last_time_ = 0;
  int chapters_ended_ = 0;
  QTimer timer_;
};

}  // namespace ffw::app

#include "app/models/run_store.h"

#include <signal.h>

#include <QDir>
#include <cerrno>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <atomic>
#include <fstream>
#include <limits>

#include "core/metrics.h"
#include "core/run_directory.h"
#include "core/schedule_layout.h"
#include "core/timeline.h"
#include "core/error.h"

namespace ffw {
namespace app {

namespace {
const QVector<QPointF> kEmpty;
// One counter for every store: a generation never repeats, so a view that last saw another run
// (or this store before it was reopened) always starts over.
std::atomic<std::uint64_t> next_generation{1};
constexpr std::size_t kChangesKept = 512;  // polls; a view that skips more starts over

}  // namespace

RunStore::RunStore(QObject* parent) : QObject(parent) {
  connect(&timer_, &QTimer::timeout, this, [this] {
    poll();
    if (status() != "running") stop_following();
  });
}

bool RunStore::open(const QString& dir) {
  stop_following();
  dir_.clear();
  error_.clear();
  summary_ = nlohmann::json::object();
  summary_stamp_ = -1;
  metrics_offset_ = timeline_offset_ = 0;
  metrics_partial_.clear();
  timeline_partial_.clear();
  series_.clear();
  generation_ = opened_generation_ = next_generation++;
  segments_.clear();
  lost_marks_.clear();
  live_confusion_ = {};
  live_confusion_time_ = -1;
  last_time_ = 0;
  chapters_ended_ = 0;
  const QString experiment_file = QDir(dir).filePath("experiment.json");
  if (!QFileInfo::exists(experiment_file)) {
    error_ = tr("%1 is not a run directory: it has no experiment.json").arg(dir);
    emit changed();
    return false;
  }
  try {
    experiment_ = load_experiment(experiment_file.toStdString());
  } catch (const std::exception& ex) {
    error_ = QString::fromStdString(ex.what());
    emit changed();
    return false;
  }
  dir_ = dir;
  poll();
  emit changed();
  return true;
}

void RunStore::follow(int ms) { timer_.start(ms); }
void RunStore::stop_following() { timer_.stop(); }

bool RunStore::read_appended(const QString& file, qint64& offset, QByteArray& partial,
                             const std::function<void(const QByteArray&)>& line) {
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return false;
  if (f.size() < offset) offset = 0, partial.clear();  // replaced: start over
  if (f.size() == offset) return false;
  f.seek(offset);
  QByteArray bytes = partial + f.readAll();
  offset = f.pos();
  qsizetype start = 0;
  for (qsizetype nl = bytes.indexOf('\n'); nl >= 0; nl = bytes.indexOf('\n', start)) {
    if (nl > start) line(bytes.mid(start, nl - start));
    start = nl + 1;
  }
  partial = bytes.mid(start);  // a line still being written
  return true;
}

void RunStore::add_metric_line(const QByteArray& line) {
  const auto r = parse_metrics_csv_line(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
  if (!r) return;
  const double t = r->time_s, v = r->value;
  const int node = r->node, layer = r->layer;
  if (r->metric == Metric::Confusion) {
    // One cell of an evaluation's matrix; a later evaluation (or the same chapter tested again, as
    // an elastic ring may) starts a new one.
    if (r->chapter < live_confusion_.chapter) return;
    if (r->chapter > live_confusion_.chapter || t != live_confusion_time_) {
      if (r->chapter == live_confusion_.chapter && t < live_confusion_time_) return;
      live_confusion_ = {{}, r->chapter};
      live_confusion_time_ = t;
    }
    const auto n = static_cast<std::size_t>(std::max<std::int64_t>(layer, r->batch) + 1);
    if (layer < 0 || r->batch < 0 || n > static_cast<std::size_t>(kMaxRecordedClasses)) return;
    auto& m = live_confusion_.counts;
    if (m.size() < n) {
      m.resize(n);
      for (auto& row : m) row.resize(n, 0);
    }
    m[static_cast<std::size_t>(layer)][static_cast<std::size_t>(r->batch)] = static_cast<std::int64_t>(v);
    return;
  }
  const QString metric = QString::fromLatin1(metric_name(r->metric));
  // Nodes' records interleave out of time order in the file (the consumer drains one ring after
  // another); series stay sorted by time, which decimation relies on. Late points land near the end.
  for (const SeriesKey& key : {SeriesKey{metric, layer, -1}, SeriesKey{metric, layer, node}}) {
    Series& series = series_[key];
    QVector<QPointF>& s = series.points;
    qsizetype at = s.size();
    if (s.isEmpty() || s.back().x() <= t) {
      s.push_back({t, v});
    } else {
      const auto pos = std::upper_bound(s.begin(), s.end(), t, [](double x, const QPointF& p) { return x < p.x(); });
      at = pos - s.begin();
      s.insert(pos, {t, v});
    }
    auto& log = series.changes;
    if (!log.empty() && log.back().first == generation_) {
      log.back().second = std::min(log.back().second, at);
    } else {
      log.emplace_back(generation_, at);
      if (log.size() > kChangesKept) {
        series.complete_after = log.front().first;
        log.pop_front();
      }
    }
  }
  if (r->metric == Metric::LearningRate) chapters_ended_ = std::max(chapters_ended_, r->chapter);
  last_time_ = std::max(last_time_, t);
}

void RunStore::add_segment_line(const QByteArray& line) {
  const auto parsed = parse_timeline_csv_line(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
  if (!parsed) return;
  const Segment& s = *parsed;
  if (s.kind == SegmentKind::Lost) lost_marks_.push_back({s.node, s.start_s});  // few: asked for every frame
  segments_.push_back(s);
  last_time_ = std::max(last_time_, s.end_s);
}

void RunStore::read_summary() {
  const QFileInfo info(QDir(dir_).filePath("summary.json"));
  if (!info.exists()) return;
  const qint64 stamp = info.lastModified().toMSecsSinceEpoch() * 1000 + info.size() % 1000;
  if (stamp == summary_stamp_) return;
  std::ifstream in(info.filePath().toStdString());
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_object()) {  // a half-written file is skipped; summary.json is replaced atomically anyway
    summary_ = conform_summary(j);
    summary_stamp_ = stamp;
  }
}

bool RunStore::poll() {
  if (dir_.isEmpty()) return false;
  generation_ = next_generation++;
  const QDir d(dir_);
  const auto before = summary_stamp_;
  read_summary();
  bool grew = before != summary_stamp_;
  grew |= read_appended(d.filePath("metrics.csv"), metrics_offset_, metrics_partial_,
                        [this](const QByteArray& l) { add_metric_line(l); });
  grew |= read_appended(d.filePath("timeline.csv"), timeline_offset_, timeline_partial_,
                        [this](const QByteArray& l) { add_segment_line(l); });
  if (grew) emit changed();
  return grew;
}

QString RunStore::status() const {
  const std::string s = summary_.value("status", std::string(dir_.isEmpty() ? "" : "running"));
  // "running" written by an ffw that no longer exists: the run was interrupted (resumable).
  const std::int64_t pid = summary_.value("pid", std::int64_t{0});
  if (s == "running" && pid > 0 && pid <= std::numeric_limits<pid_t>::max() &&
      ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
    return QStringLiteral("interrupted");
  return QString::fromStdString(s);
}

QString RunStore::status_text(const QString& st) {
  if (st == QLatin1String("finished")) return tr("finished");
  if (st == QLatin1String("failed")) return tr("failed");
  if (st == QLatin1String("stopped")) return tr("stopped");
  if (st == QLatin1String("running")) return tr("running");
  if (st == QLatin1String("interrupted")) return tr("interrupted");
  return st;
}

RunStore::Confusion RunStore::confusion() const {
  Confusion out;
  if (const auto it = summary_.find("confusion_matrix"); it != summary_.end() && it->is_array() && it->size() <= 256) {
    for (const auto& row : *it) {
      std::vector<std::int64_t> counts;
      for (const auto& v : row) counts.push_back(v.get<std::int64_t>());  // integers: conform_summary saw to it
      out.counts.push_back(std::move(counts));
    }
    for (const auto& row : out.counts)
      if (row.size() != out.counts.size()) out.counts.clear();  // not square: not a matrix
    if (!out.counts.empty()) return out;
  }
  out = live_confusion_;
  // Classes no evaluation has predicted or seen yet still get their row and column.
  const std::size_t classes = static_cast<std::size_t>(std::clamp(class_count(experiment_.data), 1, kMaxRecordedClasses));
  if (!out.counts.empty() && out.counts.size() < classes) {
    out.counts.resize(classes);
    for (auto& row : out.counts) row.resize(classes, 0);
  }
  return out;
}

std::vector<std::string> RunStore::class_names() const {
  return ffw::class_names(experiment_.data, class_count(experiment_.data));
}

int RunStore::nodes() const { return std::max(1, experiment_.nodes); }

const QVector<QPointF>& RunStore::series(const SeriesKey& key) const {
  const auto it = series_.find(key);
  return it == series_.end() ? kEmpty : it->second.points;
}

qsizetype RunStore::first_changed(const SeriesKey& key, std::uint64_t since) const {
  if (since < opened_generation_) return 0;
  const auto it = series_.find(key);
  if (it == series_.end()) return 0;
  const Series& s = it->second;
  if (since < s.complete_after) return 0;
  qsizetype first = s.points.size();
  for (auto e = s.changes.rbegin(); e != s.changes.rend() && e->first > since; ++e) first = std::min(first, e->second);
  return first;
}

std::vector<SeriesKey> RunStore::keys(const QString& metric) const {
  std::vector<SeriesKey> out;
  for (const auto& [k, v] : series_)
    if (k.metric == metric && k.node == -1) out.push_back(k);
  std::sort(out.begin(), out.end());  // by layer
  return out;
}

std::vector<RunStore::Link> RunStore::links() const {
  std::map<std::tuple<int, int, int>, double> bytes;
  for (const auto& s : segments_)
    if (s.kind == SegmentKind::Send && s.bytes > 0) bytes[{s.node, s.peer, s.category}] += static_cast<double>(s.bytes);
  std::vector<Link> out;
  for (const auto& [key, b] : bytes) out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), b / 1e6});
  return out;
}

QVector<QPointF> RunStore::sent_megabytes(int node, int peer, int category) const {
  QVector<QPointF> out;
  double total = 0;
  std::vector<const Segment*> sends;
  for (const auto& s : segments_)
    if (s.node == node && s.kind == SegmentKind::Send && (peer < 0 || s.peer == peer) && (category < 0 || s.category == category))
      sends.push_back(&s);
  std::sort(sends.begin(), sends.end(), [](auto* a, auto* b) { return a->end_s < b->end_s; });
  out.push_back({0, 0});
  for (const Segment* s : sends) {
    total += static_cast<double>(s->bytes) / 1e6;
    out.push_back({s->end_s, total});
  }
  return out;
}

QVector<QPointF> RunStore::idle_fraction(int node, int points) const {
  QVector<QPointF> out;
  if (last_time_ <= 0 || points < 2) return out;
  std::vector<std::pair<double, double>> waits;
  for (const auto& s : segments_)
    if (s.node == node && (s.kind == SegmentKind::Wait || s.kind == SegmentKind::Idle)) waits.push_back({s.start_s, s.end_s});
  std::sort(waits.begin(), waits.end());
  // One sweep: waits that ended before t count whole, the few still open count up to t.
  double closed = 0;
  std::size_t next = 0;
  for (int i = 1; i <= points; ++i) {
    const double t = last_time_ * i / points;
    while (next < waits.size() && waits[next].second <= t) closed += waits[next].second - waits[next].first, ++next;
    double open = 0;
    for (std::size_t k = next; k < waits.size() && waits[k].first < t; ++k) open += std::max(0.0, t - waits[k].first);
    out.push_back({t, (closed + open) / t});
  }
  return out;
}

double RunStore::idle_fraction_total(int node) const {
  if (summary_.contains("nodes"))
    for (const auto& n : summary_["nodes"])
      if (n.value("node", -1) == node && n.contains("idle_fraction")) return n["idle_fraction"].get<double>();
  const auto f = idle_fraction(node, 2);
  return f.isEmpty() ? 0.0 : f.back().y();
}

std::vector<RunStore::NodeLoss> RunStore::node_losses() const {
  std::vector<NodeLoss> out;
  for (const auto& [node, at] : lost_marks_) out.push_back({node, at, -1, {}});
  if (const auto it = summary_.find("node_losses"); it != summary_.end())
    for (const auto& l : *it)
      for (NodeLoss& loss : out)
        if (loss.node == l.value("node", -1)) {
          loss.continued_after_chapter = l.value("continued_after_chapter", -1);
          loss.redone = l.value("redone_chapters", std::vector<int>{});
        }
  return out;
}

bool RunStore::lost(int node) const {
  return std::any_of(lost_marks_.begin(), lost_marks_.end(), [node](const auto& mark) { return mark.first == node; });
}

double RunStore::theoretical_bubble() const { return ffw::theoretical_bubble(experiment_); }

int RunStore::chapters_done() const {
  return std::min(std::max(summary_.value("chapters_done", 0), chapters_ended_), experiment_.chapters);
}

double RunStore::final_accuracy() const {
  if (summary_.contains("test_accuracy") && summary_["test_accuracy"].is_number()) return summary_["test_accuracy"].get<double>();
  const auto& acc = series({"test_accuracy", -1, -1});
  return acc.isEmpty() ? -1.0 : acc.back().y();
}

}  // namespace app
}  // namespace ffw

// `ffw bench gui`: how the workbench keeps up. A recorded 8-worker run is replayed at 10x speed
// through the real metrics rings (Boost.Interprocess, one SPSC ring per worker) into a run
// directory that the dashboard follows offscreen, redrawn every 100 ms; reported: the redraw time
// per frame while points stream in and once every series holds 100,000 points (target <= 16 ms),
// and the time from Run to the first point on a chart for the quickstart (target <= 3 s).
#include <unistd.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/statistics.h"
#include "app/models/experiment_document.h"
#include "app/models/run_store.h"
#include "app/views/chart_panel.h"
#include "app/workbench/main_window.h"
#include "app/workbench/run_controller.h"
#include "app/workbench/run_page.h"
#include "cluster/metrics_ring.h"
#include "core/error.h"
#include "core/machine.h"
#include "core/run_directory.h"

namespace ffw::cli {
using nlohmann::json;

namespace {

Experiment recorded_experiment(int workers, int layers) {
  Experiment e;
  e.name = "bench-gui-replay";
  e.data.path = "/nonexistent";
  e.layers.assign(static_cast<std::size_t>(layers), LayerSpec{500, {}, {}});
  e.variant = Variant::AllLayers;
  e.launcher = Launcher::Local;
  e.nodes = workers;
  e.epochs = e.chapters = 100;
  return e;
}

// The recording: what 8 workers of an All-Layers run write, densely enough that every merged
// series (goodness of positive and negative data and loss per layer) reaches `points` points.
struct Recording {
  std::vector<std::vector<cluster::StreamRecord>> per_worker;
  double seconds = 0;
};

Recording record(int workers, int layers, int points, double seconds) {
  Recording r;
  r.per_worker.resize(static_cast<std::size_t>(workers));
  r.seconds = seconds;
  for (int i = 0; i < points; ++i) {
    const double t = seconds * (i + 1) / points;
    const int node = i % workers, chapter = 1 + i * 100 / points;
    auto& out = r.per_worker[static_cast<std::size_t>(node)];
    for (int l = 1; l <= layers; ++l) {
      const double progress = static_cast<double>(i) / points, wobble = 0.02 * std::sin(i * 0.37 + l);
      for (auto [metric, value] : {std::pair{Metric::GoodnessPos, 500 + 40 * progress + 10 * wobble},
                                   std::pair{Metric::GoodnessNeg, 500 - 40 * progress - 10 * wobble},
                                   std::pair{Metric::Loss, 0.7 * std::exp(-3 * progress) + wobble}}) {
        cluster::StreamRecord rec;
        rec.metric = {t, node, chapter, i, l, metric, value};
        out.push_back(rec);
      }
    }
    if (i % (points / 100) == 0) {
      cluster::StreamRecord acc;
      acc.metric = {t, node, chapter, i, kNetworkLayer, Metric::TestAccuracy, 0.5 + 0.35 * i / points};
      out.push_back(acc);
    }
    if (i % 50 == 0) {  // timeline: train units, sends and waits
      cluster::StreamRecord seg;
      seg.type = cluster::StreamRecord::Type::Segment;
      seg.segment = {t, t + seconds / points * 40, 0, node, -1, chapter, 1 + i % layers, SegmentKind::Train};
      out.push_back(seg);
      seg.segment = {t + seconds / points * 40, t + seconds / points * 45, 1 << 20, node, (node + 1) % workers, chapter, 1,
                     SegmentKind::Send, 0};
      out.push_back(seg);
    }
  }
  return r;
}

// Replays the recording through the rings at `speed`x; a consumer thread writes the run directory.
void replay(const Recording& rec, const std::filesystem::path& dir, double speed, std::atomic<bool>& done) {
  cluster::MetricsStreamOwner owner(static_cast<int>(rec.per_worker.size()));
  std::atomic<int> producing{static_cast<int>(rec.per_worker.size())};
  std::vector<std::thread> producers;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t w = 0; w < rec.per_worker.size(); ++w)
    producers.emplace_back([&, w] {
      cluster::MetricsStreamWriter writer(owner.name(), static_cast<int>(w));
      for (const auto& r : rec.per_worker[w]) {
        const double at = (r.type == cluster::StreamRecord::Type::Metric ? r.metric.time_s : r.segment.start_s) / speed;
        std::this_thread::sleep_until(start + std::chrono::duration<double>(at));
        while (writer.slot().ring.write_available() == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        if (r.type == cluster::StreamRecord::Type::Metric) writer.record(r.metric);
        else writer.segment(r.segment);
      }
      --producing;
    });
  CsvMetricsSink metrics(dir / "metrics.csv");
  std::ofstream timeline(dir / "timeline.csv");
  timeline << kTimelineCsvHeader << '\n';
  cluster::StreamRecord r;
  for (bool last = false; !last;) {
    last = producing.load() == 0;
    for (std::size_t w = 0; w < rec.per_worker.size(); ++w)
      while (owner.slot(static_cast<int>(w)).ring.pop(r)) {
        if (r.type == cluster::StreamRecord::Type::Metric) {
          metrics.record(r.metric);
        } else {
          timeline << timeline_csv_line(r.segment);
        }
      }
    metrics.flush();
    timeline.flush();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& t : producers) t.join();
  done = true;
}

}  // namespace

int bench_gui_command(const BenchGuiArgs& a) {
  if (std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  int argc = 1;
  char name[] = "ffw";
  char* argv[] = {name, nullptr};
  QApplication qapp(argc, argv);
  QTemporaryDir tmp;
  json line = {{"bench", "gui"}, {"workers", a.workers}, {"points_per_series", a.points}, {"replay_speed", a.speed},
               {"machine", to_json(machine_info())}};

  // 1. Redraw time under a live 8-worker stream.
  {
    const int layers = 4;
    const std::filesystem::path dir = (tmp.path() + "/replay").toStdString();
    RunDirectory::create(dir, recorded_experiment(a.workers, layers));
    std::fprintf(stderr, "recording %d points per series for %d workers...\n", a.points, a.workers);
    const Recording rec = record(a.workers, layers, a.points, a.recorded_seconds);
    app::ExperimentDocument doc;
    app::RunStore store;
    app::RunController controller(&store);
    app::RunPage page(&doc, &store, &controller);
    page.resize(1500, 950);
    page.show();
    QCoreApplication::processEvents();
    if (!store.open(QString::fromStdString(dir.string()))) throw Error(ErrorKind::Io, store.error().toStdString());
    std::atomic<bool> done{false};
    std::thread replayer([&] { replay(rec, dir, a.speed, done); });
    std::vector<double> frames, updates, paints;
    QElapsedTimer clock;
    clock.start();
    while (!done.load()) {
      const qint64 next = clock.elapsed() + 100;
      if (store.poll()) {
        QElapsedTimer frame;
        frame.start();
        page.redraw();
        updates.push_back(frame.nsecsElapsed() / 1e6);
        page.repaint();  // the painting belongs to the frame too
        frames.push_back(frame.nsecsElapsed() / 1e6);
        paints.push_back(frames.back() - updates.back());
      }
      QCoreApplication::processEvents();
      const qint64 left = next - clock.elapsed();
      if (left > 0) QThread::msleep(static_cast<unsigned long>(left));
    }
    replayer.join();
    store.poll();
    std::vector<double> full;
    for (int i = 0; i < 20; ++i) {
      QElapsedTimer frame;
      frame.start();
      page.redraw();
      page.repaint();
      full.push_back(frame.nsecsElapsed() / 1e6);
      QCoreApplication::processEvents();
    }
    if (!a.screenshot.empty() && !page.grab().save(QString::fromStdString(a.screenshot.string())))
      throw Error(ErrorKind::Io, "cannot write the screenshot " + a.screenshot.string());
    int drawn = 0;
    for (app::ChartPanel* c : page.charts()) drawn += c->point_count();
    line.update({{"frames", frames.size()},
                 {"frame_ms_median", percentile(frames, 0.5)},
                 {"frame_ms_p95", percentile(frames, 0.95)},
                 {"frame_ms_max", percentile(frames, 1.0)},
                 {"update_ms_median", percentile(updates, 0.5)},
                 {"full_frame_ms_median", percentile(full, 0.5)},
                 {"full_frame_ms_max", percentile(full, 1.0)},
                 {"points_in_store_per_series", store.series({"loss", 1, -1}).size()},
                 {"points_drawn_all_charts", drawn},
                 {"paint_ms_median", percentile(paints, 0.5)},
                 {"replay_seconds", rec.seconds / a.speed}});
  }

  // 2. Time from Run to the first point for the quickstart.
  if (!a.experiment.empty()) {
    app::ExperimentDocument doc;
    QString error;
    if (!doc.load(QString::fromStdString(a.experiment.string()), &error)) throw Error(ErrorKind::Io, error.toStdString());
    app::RunStore store;
    app::RunController controller(&store);
    bool finished = false;
    QObject::connect(&controller, &app::RunController::finished, [&finished] { finished = true; });
    QElapsedTimer clock;
    clock.start();
    if (!controller.start(doc.document(), tmp.path() + "/runs", &error)) throw Error(ErrorKind::Io, error.toStdString());
    double first = -1;
    while (clock.elapsed() < 60000 && !finished) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
      if (store.is_open() && !store.keys(QStringLiteral("loss")).empty() && !store.series(store.keys(QStringLiteral("loss")).front()).isEmpty()) {
        first = clock.elapsed() / 1000.0;
        break;
      }
      QThread::msleep(5);
    }
    controller.stop(5000);
    QElapsedTimer wait;
    wait.start();
    while (!finished && wait.elapsed() < 15000) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    line["first_point_seconds"] = first;
    line["first_point_experiment"] = a.experiment.string();
  }
  std::printf("%s\n", line.dump().c_str());
  return kOk;
}

}  // namespace ffw::cli

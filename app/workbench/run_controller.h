#pragma once
// Starts, stops and resumes runs through `ffw run` / `ffw resume` (the same launcher as the
// command line: the GUI adds nothing a terminal user lacks), and hands the run directory to a
// RunStore that follows it. The run lives in its directory, so closing or crashing the GUI loses
// nothing; reopening the directory shows every point.
#include <QObject>
#include <QProcess>
#include <QTimer>
#include <nlohmann/json.hpp>

namespace ffw::app {

class RunStore;

QString ffw_executable();  // next to ffw-workbench, else the build tree's

class RunController : public QObject {
  Q_OBJECT
public:
  RunController(RunStore* store, QObject* parent = nullptr);
  ~RunController() override;

  // Writes the experiment next to the runs, starts `ffw run`; the store opens the run directory
  // as soon as ffw has created it.
  bool start(const nlohmann::json& experiment, const QString& runs_root, QString* error);
  bool resume(const QString& run_dir, QString* error);
  // Graceful stop (SIGINT: the chapter in progress is abandoned, the last checkpoint kept), then
  // forced after `grace_ms`.
  void stop(int grace_ms = 8000);
  bool running() const { return process_.state() != QProcess::NotRunning; }
  QString run_dir() const { return run_dir_; }

signals:
  void log(const QString& text);
  void started(const QString& run_dir);
  void finished(int exit_code, const QString& message);

private:
  bool launch(const QStringList& args, QString* error);
  RunStore* store_;
  QProcess process_;
  QString run_dir_;
  QTimer attach_timer_, kill_timer_;
  QByteArray stderr_tail_;
};

}  // namespace ffw::app

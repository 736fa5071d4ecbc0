#include "app/workbench/run_controller.h"

#include <signal.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "app/models/run_store.h"

namespace ffw {
namespace app {

QString ffw_executable() {
  const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("ffw"));
  if (QFileInfo(beside).isExecutable()) return beside;
#ifdef FFW_BUILD_CLI
  if (QFileInfo(QStringLiteral(FFW_BUILD_CLI)).isExecutable()) return QStringLiteral(FFW_BUILD_CLI);
#endif
  return QStringLiteral("ffw");  // on PATH
}

RunController::RunController(RunStore* store, QObject* parent) : QObject(parent), store_(store) {
  process_.setProcessChannelMode(QProcess::SeparateChannels);
  connect(&process_, &QProcess::readyReadStandardOutput, this,
          [this] { emit log(QString::fromLocal8Bit(process_.readAllStandardOutput())); });
  connect(&process_, &QProcess::readyReadStandardError, this, [this] {
    const QByteArray bytes = process_.readAllStandardError();
    stderr_tail_ = (stderr_tail_ + bytes).right(4000);
    emit log(QString::fromLocal8Bit(bytes));
  });
  connect(&process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
    kill_timer_.stop();
    attach_timer_.stop();
    if (!run_dir_.isEmpty() && store_->dir() != run_dir_) store_->open(run_dir_);
    store_->poll();
    store_->stop_following();
    QString message;
    if (status == QProcess::CrashExit) {
      message = tr("ffw was killed");
      code = -1;
    } else if (code != 0) {
      // ffw's last line names what went wrong (which node, which file).
      const auto lines = QString::fromLocal8Bit(stderr_tail_).split('\n', Qt::SkipEmptyParts);
      message = lines.isEmpty() ? tr("ffw exited with code %1").arg(code) : lines.back();
    }
    emit finished(code, message);
  });
  // ffw creates the run directory (with experiment.json) within a moment of starting.
  connect(&attach_timer_, &QTimer::timeout, this, [this] {
    if (QFileInfo::exists(QDir(run_dir_).filePath(QStringLiteral("experiment.json")))) {
      attach_timer_.stop();
      if (store_->open(run_dir_)) store_->follow(100);
      emit started(run_dir_);
    }
  });
  kill_timer_.setSingleShot(true);
  connect(&kill_timer_, &QTimer::timeout, this, [this] {
    if (running()) process_.kill();  // ffw's workers die with it (parent-death signal)
  });
}

RunController::~RunController() {
  if (running()) {
    ::kill(static_cast<pid_t>(process_.processId()), SIGINT);
    if (!process_.waitForFinished(8000)) {
      process_.kill();
      process_.waitForFinished(3000);
    }
  }
}

bool RunController::launch(const QStringList& args, QString* error) {
  if (running()) {
    if (error) *error = tr("a run is already in progress");
    return false;
  }
  stderr_tail_.clear();
  process_.start(ffw_executable(), args);
  if (!process_.waitForStarted(5000)) {
    if (error) *error = tr("%1 could not be started: %2").arg(ffw_executable(), process_.errorString());
    return false;
  }
  attach_timer_.start(50);
  return true;
}

bool RunController::start(const nlohmann::json& experiment, const QString& runs_root, QString* error) {
  QDir root(runs_root);
  if (!root.mkpath(QStringLiteral("."))) {
    if (error) *error = tr("%1 cannot be created").arg(runs_root);
    return false;
  }
  const QString name = QString::fromStdString(experiment.value("name", std::string("experiment")));
  const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
  QString dir = root.filePath(name + QLatin1Char('-') + stamp);
  for (int i = 2; QFileInfo::exists(dir); ++i) dir = root.filePath(QStringLiteral("%1-%2-%3").arg(name, stamp).arg(i));
  // The experiment as designed, beside the runs (ffw writes its own copy into the run directory).
  root.mkpath(QStringLiteral(".drafts"));
  const QString file = root.filePath(QStringLiteral(".drafts/%1-%2.json").arg(name, stamp));
  QFile f(file);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QByteArray::fromStdString(experiment.dump(2))) <= 0) {
    if (error) *error = tr("%1 cannot be written").arg(file);
    return false;
  }
  f.close();
  run_dir_ = dir;
  return launch({QStringLiteral("run"), file, QStringLiteral("--out"), dir}, error);
}

bool RunController::resume(const QString& run_dir, QString* error) {
  run_dir_ = run_dir;
  return launch({QStringLiteral("resume"), run_dir}, error);
}

void RunController::stop(int grace_ms) {
  if (!running()) return;
  ::kill(static_cast<pid_t>(process_.processId()), SIGINT);
  kill_timer_.start(grace_ms);
}

}  // namespace app
}  // namespace ffw

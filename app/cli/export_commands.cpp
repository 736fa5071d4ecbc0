// `ffw export` and `ffw report`: the workbench's exports without a window (offscreen Qt), so a
// script or a CI job can make the same charts and the same meeting report from any run directory.
#include <QApplication>
#include <QFileInfo>
#include <QLocale>
#include <QTranslator>
#include <cstdio>
#include <cstdlib>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/models/run_store.h"
#include "app/views/export.h"
#include "app/views/meeting_report.h"
#include "app/views/sweep_report.h"
#include "app/views/network_chart.h"
#include "core/error.h"

namespace ffw::cli {

namespace {

// A QApplication that needs no display: offscreen unless the user chose a platform.
struct HeadlessQt {
  int argc = 1;
  char name[4] = "ffw";
  char* argv[2] = {name, nullptr};
  QTranslator translator;
  std::unique_ptr<QApplication> app;

  explicit HeadlessQt(const std::string& language) {
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    app = std::make_unique<QApplication>(argc, argv);
    if (language == "ja") {
      QLocale::setDefault(QLocale(QLocale::Japanese, QLocale::Japan));
      if (translator.load(QStringLiteral(":/i18n/ffw_ja.qm"))) QCoreApplication::installTranslator(&translator);
    } else if (language == "en") {
      QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
  }
};

void open_run(app::RunStore& store, const std::filesystem::path& dir) {
  if (!store.open(QString::fromStdString(dir.string())))
    throw Error(ErrorKind::Io, store.error().toStdString());
}

}  // namespace

int export_command(const ExportArgs& a) {
  HeadlessQt qt(a.language);
  if (a.chart == "time-to-target") {  // from `ffw bench network`'s lines, not a run
    const auto format = app::export_format_from_id(QString::fromStdString(a.format));
    if (!format) throw Error(ErrorKind::Usage, "unknown format " + a.format);
    const std::filesystem::path out =
        a.output.empty() ? a.run_dir.parent_path() / ("time-to-target." + a.format) : a.output;
    QString error;
    if (!app::export_network_chart(QString::fromStdString(a.run_dir.string()), *format,
                                   QString::fromStdString(out.string()), &error, QSize(a.width, a.height)))
      throw Error(ErrorKind::Io, error.toStdString());
    std::printf("%s\n", out.string().c_str());
    return kOk;
  }
  if (!std::filesystem::is_directory(a.run_dir))
    throw Error(ErrorKind::Usage, a.run_dir.string() + ": is not a run directory (only --chart time-to-target reads a file)");
  const auto kind = app::chart_from_id(QString::fromStdString(a.chart));
  const auto format = app::export_format_from_id(QString::fromStdString(a.format));
  if (!kind || !format) throw Error(ErrorKind::Usage, "unknown chart or format");
  app::RunStore run;
  open_run(run, a.run_dir);
  const std::filesystem::path out =
      a.output.empty() ? a.run_dir / (a.chart + "." + a.format) : a.output;
  QString error;
  if (!app::export_chart(run, *kind, *format, QString::fromStdString(out.string()), &error,
                         QSize(a.width, a.height), app::ChartOptions{a.smoothing, a.log_y}))
    throw Error(ErrorKind::Io, error.toStdString());
  std::printf("%s\n", out.string().c_str());
  return kOk;
}

namespace {

int sweep_report_command(const ReportArgs& a) {
  HeadlessQt qt(a.language);
  app::SweepRuns sweep;
  QString error;
  if (!app::read_sweep_runs(QString::fromStdString(a.sweep_state.string()), &sweep, &error)) throw Error(ErrorKind::Data, error.toStdString());
  app::ReportOptions options;
  options.language = QString::fromStdString(a.language);
  options.cost.price_per_node_hour = a.price_per_node_hour;
  options.cost.watts_per_node = a.watts_per_node;
  options.cost.target_accuracy = a.target_accuracy;
  const std::filesystem::path out =
      a.output.empty() ? a.sweep_state.parent_path() / (sweep.name.toStdString() + ".sweep") / ("report-" + a.language + ".pdf") : a.output;
  std::filesystem::create_directories(out.parent_path().empty() ? "." : out.parent_path());
  if (!app::write_sweep_report(sweep, options, QString::fromStdString(out.string()), &error))
    throw Error(sweep.finished.isEmpty() ? ErrorKind::Data : ErrorKind::Io, error.toStdString());
  std::printf("%s\n", out.string().c_str());
  return kOk;
}

}  // namespace

int report_command(const ReportArgs& a) {
  if (!a.sweep_state.empty()) return sweep_report_command(a);
  if (a.run_dir.empty()) throw Error(ErrorKind::Usage, "ffw report needs a run directory, or --sweep with a sweep's state file");
  HeadlessQt qt(a.language);
  app::RunStore run, baseline;
  open_run(run, a.run_dir);
  if (!a.baseline.empty()) open_run(baseline, a.baseline);
  app::ReportOptions options;
  options.language = QString::fromStdString(a.language);
  options.cost.price_per_node_hour = a.price_per_node_hour;
  options.cost.watts_per_node = a.watts_per_node;
  options.cost.target_accuracy = a.target_accuracy;
  std::optional<Calibration> calibration;
  if (!a.calibration.empty())
    calibration = std::filesystem::is_directory(a.calibration) ? calibration_from_run(a.calibration) : Calibration::load(a.calibration);
  if (a.baseline.empty() && !app::find_baseline_run(run)) {
    // No run to compare with: the planner's Sequential FF on one node, labelled as predicted.
    std::string why;
    options.predicted_baseline = app::predict_baseline(a.run_dir, run.experiment(), run.summary(), calibration ? &*calibration : nullptr, &why);
    if (options.predicted_baseline)
      std::fprintf(stderr, "no baseline run given or found: the report compares with a predicted Sequential FF run\n");
    else
      std::fprintf(stderr, "no baseline run given or found, and none can be predicted (%s): the report shows no speed-up\n", why.c_str());
  }
  if (calibration) {
    const Calibration& c = *calibration;
    PlanRequest request;
    request.nodes = a.outlook_nodes;
    request.bandwidth_mbit = a.bandwidth_mbit;
    request.mpi = a.bandwidth_mbit > 0;
    request.price_per_node_hour = a.price_per_node_hour;
    request.watts_per_node = a.watts_per_node;
    request.auto_placement = true;
    options.outlook = app::make_outlook(run.experiment(), run.summary(), c, request);
  }
  const std::filesystem::path out = a.output.empty() ? a.run_dir / ("report-" + a.language + ".pdf") : a.output;
  QString error;
  if (!app::write_report(run, a.baseline.empty() ? nullptr : &baseline, options, QString::fromStdString(out.string()), &error))
    throw Error(ErrorKind::Io, error.toStdString());
  std::printf("%s\n", out.string().c_str());
  return kOk;
}

}  // namespace ffw::cli

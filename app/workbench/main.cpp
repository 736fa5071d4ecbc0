// ffw-workbench: design, map, launch, watch, compare and export Forward-Forward runs.
#include <QApplication>
#include <QCheckBox>
#include <QCommandLineParser>
#include <QIcon>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>
#include <cstdio>

#include "app/models/experiment_document.h"
#include "core/machine.h"
#include "app/workbench/main_window.h"
#include "app/workbench/sweep_dialog.h"
#include "app/workbench/plan_page.h"
#include "app/workbench/preferences.h"
#include "app/workbench/run_page.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("ffw"));
  QApplication::setApplicationName(QStringLiteral("ffw-workbench"));
  QApplication::setApplicationVersion(QString::fromStdString(ffw::build_version()));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/ffw-workbench.svg")));

  const ffw::app::Preferences prefs = ffw::app::Preferences::load();
  QTranslator translator;
  if (prefs.effective_language() == QLatin1String("ja") && translator.load(QStringLiteral(":/i18n/ffw_ja.qm")))
    QApplication::installTranslator(&translator);

  QCommandLineParser cli;
  cli.setApplicationDescription(QApplication::translate("main", "FF Workbench: distributed Forward-Forward training"));
  cli.addHelpOption();
  cli.addVersionOption();
  QCommandLineOption run_option(QStringLiteral("run"), QApplication::translate("main", "Open EXPERIMENT and start it at once."),
                                QStringLiteral("EXPERIMENT"));
  QCommandLineOption open_option(QStringLiteral("open"), QApplication::translate("main", "Open the run directory DIR."),
                                 QStringLiteral("DIR"));
  QCommandLineOption runs_option(QStringLiteral("runs"), QApplication::translate("main", "Runs folder (default: Preferences)."),
                                 QStringLiteral("DIR"));
  QCommandLineOption shot_option(QStringLiteral("screenshot"),
                                 QApplication::translate("main", "Save a screenshot of the window to FILE and quit (docs, checks)."),
                                 QStringLiteral("FILE"));
  QCommandLineOption shot_after(QStringLiteral("screenshot-after"), QApplication::translate("main", "Milliseconds before the screenshot (default 3000)."),
                                QStringLiteral("MS"), QStringLiteral("3000"));
  QCommandLineOption tab_option(QStringLiteral("tab"), QApplication::translate("main", "Page to show first (0-5)."), QStringLiteral("N"));
  QCommandLineOption calibration_option(QStringLiteral("calibration"),
                                        QApplication::translate("main", "Costs for the Plan page: a calibration file from ffw probe, or a run directory."),
                                        QStringLiteral("FILE"));
  QCommandLineOption prediction_option(QStringLiteral("show-prediction"),
                                       QApplication::translate("main", "Overlay the predicted timeline on the Run page (needs --calibration)."));
  QCommandLineOption queue_option(QStringLiteral("queue"),
                                  QApplication::translate("main", "Open Run > Queue / Sweep (a screenshot then shows it)."));
  QCommandLineOption compare_sweep_option(QStringLiteral("compare-sweep"),
                                          QApplication::translate("main", "Show the runs folder's newest sweep on the Compare page."));
  cli.addOptions({run_option, open_option, runs_option, shot_option, shot_after, tab_option, calibration_option, prediction_option,
                  queue_option, compare_sweep_option});
  cli.addPositionalArgument(QStringLiteral("experiment"), QApplication::translate("main", "Experiment to open"), QStringLiteral("[experiment]"));
  cli.process(app);

  ffw::app::MainWindow window;
  if (cli.isSet(runs_option)) window.set_runs_root(cli.value(runs_option));
  if (!cli.positionalArguments().isEmpty()) window.open_experiment(cli.positionalArguments().front());
  if (cli.isSet(open_option)) window.open_run(cli.value(open_option));
  window.show();
  if (cli.isSet(run_option) && window.open_experiment(cli.value(run_option)))
    QTimer::singleShot(0, window.run_page(), &ffw::app::RunPage::start_run);
  if (cli.isSet(calibration_option)) {
    QString error;
    if (!window.plan_page()->load_calibration(cli.value(calibration_option), &error))
      std::fprintf(stderr, "%s\n", qPrintable(error));
  }
  if (cli.isSet(prediction_option)) window.run_page()->overlay_box()->setChecked(true);
  if (cli.isSet(tab_option)) window.tabs()->setCurrentIndex(cli.value(tab_option).toInt());
  if (cli.isSet(compare_sweep_option)) window.sweep_dialog()->compare_button()->click();
  if (cli.isSet(queue_option)) window.sweep_dialog()->show();
  if (cli.isSet(shot_option))
    QTimer::singleShot(cli.value(shot_after).toInt(), &window, [&] {
      (cli.isSet(queue_option) ? window.sweep_dialog()->grab() : window.grab()).save(cli.value(shot_option));
      window.close();
    });
  return app.exec();
}

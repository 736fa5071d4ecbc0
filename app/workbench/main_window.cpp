#include "app/workbench/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QGuiApplication>
#include <algorithm>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

#include "app/models/experiment_document.h"
#include "app/models/run_list_model.h"
#include "app/models/run_store.h"
#include "app/views/chart_panel.h"
#include "app/views/export.h"
#include "app/views/meeting_report.h"
#include "app/workbench/cluster_page.h"
#include "app/workbench/compare_page.h"
#include "app/workbench/plan_page.h"
#include "app/workbench/designer_page.h"
#include "app/workbench/run_controller.h"
#include "app/workbench/run_page.h"
#include "app/workbench/runs_page.h"
#include "app/workbench/sweep_dialog.h"

namespace ffw {
namespace app {

QString quickstart_experiment() {
  const QStringList candidates = {
      QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/ffw/experiments/quickstart.json")),
#ifdef FFW_SOURCE_DIR
      QStringLiteral(FFW_SOURCE_DIR "/resources/experiments/quickstart.json"),
#endif
      QStringLiteral("/usr/share/ffw/experiments/quickstart.json")};
  for (const QString& c : candidates)
    if (QFileInfo::exists(c)) return QFileInfo(c).canonicalFilePath();
  return {};
}

QStringList example_experiments() {
  const QString quickstart = quickstart_experiment();
  if (quickstart.isEmpty()) return {};
  QStringList out;
  for (const QFileInfo& f : QFileInfo(quickstart).dir().entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
    out << f.canonicalFilePath();
  return out;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      prefs_(Preferences::load()),
      doc_(new ExperimentDocument(this)),
      store_(new RunStore(this)),
      controller_(new RunController(store_, this)),
      runs_(new RunListModel(this)) {
  runs_->set_root(prefs_.runs_root);
  tabs_ = new QTabWidget;
  designer_ = new DesignerPage(doc_);
  cluster_ = new ClusterPage(doc_);
  run_page_ = new RunPage(doc_, store_, controller_);
  run_page_->set_runs_root(prefs_.runs_root);
  runs_page_ = new RunsPage(runs_);
  compare_ = new ComparePage(runs_);
  plan_ = new PlanPage(doc_, runs_);
  connect(plan_, &PlanPage::calibration_changed, this, [this] { run_page_->set_calibration(plan_->calibration()); });
  compare_->set_cost(prefs_.cost);
  plan_->set_cost(prefs_.cost);
  sweep_ = new SweepDialog(doc_, this);
  sweep_->set_runs_root(prefs_.runs_root);
  // A sweep that finished while followed: its runs side by side, seeds grouped.
  connect(sweep_, &SweepDialog::sweep_finished, this, [this](const QStringList& dirs) {
    runs_->rescan();
    compare_->select(dirs);
    show_page(compare_);
    statusBar()->showMessage(tr("Sweep finished: its %1 runs are on the Compare page").arg(dirs.size()), 10000);
  });
  // Every page scrolls when the window is smaller than the page wants (a 1366 x 768 laptop), so
  // the window itself never has to be larger than the screen.
  const auto scrolled = [](QWidget* page) {
    auto* area = new QScrollArea;
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
  };
  tabs_->addTab(scrolled(designer_), tr("Designer"));
  tabs_->addTab(scrolled(cluster_), tr("Cluster"));
  tabs_->addTab(scrolled(run_page_), tr("Run"));
  tabs_->addTab(scrolled(runs_page_), tr("Runs"));
  tabs_->addTab(scrolled(compare_), tr("Compare"));
  tabs_->addTab(scrolled(plan_), tr("Plan"));
  setCentralWidget(tabs_);
  build_menus();
  connect(doc_, &ExperimentDocument::changed, this, &MainWindow::update_title);
  connect(doc_->undo_stack(), &QUndoStack::cleanChanged, this, &MainWindow::update_title);
  connect(runs_page_, &RunsPage::open_run, this, &MainWindow::open_run);
  connect(run_page_, &RunPage::run_finished, runs_, &RunListModel::rescan);
  connect(controller_, &RunController::started, this, [this] {
    runs_->rescan();
    show_page(run_page_);
  });
  for (ChartPanel* panel : run_page_->charts())
    connect(panel, &ChartPanel::export_requested, this, [this](ChartKind k) { export_chart_dialog(static_cast<int>(k)); });
  // The last size and place, else room for the Run page's three columns of charts (1800 x 1000);
  // never larger than the screen's available area.
  if (!restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray())) resize(1800, 1000);
  if (const QScreen* screen = QGuiApplication::primaryScreen()) {
    const QRect available = screen->availableGeometry();
    resize(std::min(width(), available.width()), std::min(height(), available.height()));
  }
  const QString quickstart = quickstart_experiment();
  if (!quickstart.isEmpty()) open_experiment(quickstart);
  statusBar()->showMessage(tr("Runs folder: %1").arg(prefs_.runs_root));
}

MainWindow::~MainWindow() = default;

void MainWindow::set_runs_root(const QString& root) {
  prefs_.runs_root = root;
  runs_->set_root(root);
  run_page_->set_runs_root(root);
  sweep_->set_runs_root(root);
  statusBar()->showMessage(sweep_->sweep_running() ? tr("Runs folder: %1; a sweep is going on there (Run > Queue / Sweep)").arg(root)
                                                   : tr("Runs folder: %1").arg(root));
}

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New from quickstart"), this, [this] { open_experiment(quickstart_experiment()); });
  file->addAction(tr("&Open experiment…"), QKeySequence::Open, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open experiment"), {}, tr("Experiments (*.json)"));
    if (!f.isEmpty()) open_experiment(f);
  });
  examples_menu_ = file->addMenu(tr("&Examples"));
  examples_menu_->setObjectName(QStringLiteral("examples"));
  examples_menu_->setToolTipsVisible(true);
  for (const QString& f : example_experiments()) {
    // The example's name, and what it shows on hover (its description).
    QFile in(f);
    QString tip;
    if (in.open(QIODevice::ReadOnly)) {
      const auto j = nlohmann::json::parse(in.readAll().toStdString(), nullptr, false);
      if (j.is_object() && j.contains("description") && j["description"].is_string())
        tip = QString::fromStdString(j["description"].get<std::string>());
    }
    QAction* a = examples_menu_->addAction(QFileInfo(f).completeBaseName(), this, [this, f] { open_experiment(f); });
    a->setToolTip(tip);
  }
  recent_menu_ = file->addMenu(tr("Open &recent"));
  auto refresh_recent = [this] {
    recent_menu_->clear();
    for (const QString& f : QSettings().value(QStringLiteral("recent")).toStringList())
      recent_menu_->addAction(f, this, [this, f] { open_experiment(f); });
  };
  connect(recent_menu_, &QMenu::aboutToShow, this, refresh_recent);
  file->addAction(tr("&Save"), QKeySequence::Save, this, [this] {
    QString error;
    QString f = doc_->file();
    // The shipped examples stay as shipped: saving one asks where.
    if (f.isEmpty() || example_experiments().contains(f)) f = QFileDialog::getSaveFileName(this, tr("Save experiment"), {}, tr("Experiments (*.json)"));
    if (!f.isEmpty() && !doc_->save(f, &error)) QMessageBox::warning(this, tr("Save"), error);
    if (!f.isEmpty()) add_recent(f);
  });
  file->addAction(tr("Save &as…"), QKeySequence::SaveAs, this, [this] {
    QString error;
    const QString f = QFileDialog::getSaveFileName(this, tr("Save experiment"), {}, tr("Experiments (*.json)"));
    if (!f.isEmpty() && !doc_->save(f, &error)) QMessageBox::warning(this, tr("Save"), error);
    if (!f.isEmpty()) add_recent(f);
  });
  file->addSeparator();
  file->addAction(tr("Open &run…"), this, [this] {
    const QString d = QFileDialog::getExistingDirectory(this, tr("Open run directory"), prefs_.runs_root);
    if (!d.isEmpty()) open_run(d);
  });
  file->addAction(tr("Meeting &report…"), this, &MainWindow::report_dialog);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = doc_->undo_stack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = doc_->undo_stack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(tr("&Run"), QKeySequence(Qt::CTRL | Qt::Key_R), run_page_, &RunPage::start_run);
  run->addAction(tr("&Stop"), this, [this] { controller_->stop(); });
  run->addSeparator();
  run->addAction(tr("&Queue / Sweep…"), this, [this] {
    sweep_->show();
    sweep_->raise();
    sweep_->activateWindow();
  });

  QMenu* settings = menuBar()->addMenu(tr("&Settings"));
  settings->addAction(tr("&Preferences…"), this, [this] {
    PreferencesDialog d(prefs_, this);
    if (d.exec() != QDialog::Accepted) return;
    prefs_ = d.preferences();
    prefs_.save();
    set_runs_root(prefs_.runs_root);
    compare_->set_cost(prefs_.cost);
    plan_->set_cost(prefs_.cost);
  });
}

void MainWindow::add_recent(const QString& file) {
  QSettings s;
  QStringList recent = s.value(QStringLiteral("recent")).toStringList();
  recent.removeAll(file);
  recent.prepend(file);
  while (recent.size() > 10) recent.removeLast();
  s.setValue(QStringLiteral("recent"), recent);
}

bool MainWindow::open_experiment(const QString& file) {
  QString error;
  if (!doc_->load(file, &error)) {
    QMessageBox::warning(this, tr("Open experiment"), error);
    return false;
  }
  if (!example_experiments().contains(file)) add_recent(file);
  update_title();
  return true;
}

bool MainWindow::open_run(const QString& dir) {
  if (controller_->running()) {
    QMessageBox::information(this, tr("Open run"), tr("A run is in progress; stop it before opening another."));
    return false;
  }
  if (!store_->open(dir)) {
    QMessageBox::warning(this, tr("Open run"), store_->error());
    return false;
  }
  if (store_->status() == QLatin1String("running")) store_->follow(100);  // started elsewhere, still going
  run_page_->show_opened();
  show_page(run_page_);
  statusBar()->showMessage(tr("Opened %1 (%2)").arg(dir, RunStore::status_text(store_->status())));
  return true;
}

void MainWindow::update_title() {
  const QString name = QString::fromStdString(doc_->document().value("name", std::string("experiment")));
  setWindowTitle(tr("%1%2 — FF Workbench").arg(name, doc_->modified() ? QStringLiteral(" *") : QString()));
}

void MainWindow::export_chart_dialog(int kind_value) {
  const auto kind = static_cast<ChartKind>(kind_value);
  if (!store_->is_open()) return;
  QString selected;
  const QString file = QFileDialog::getSaveFileName(
      this, tr("Export chart"), QDir(store_->dir()).filePath(chart_id(kind) + QStringLiteral(".png")),
      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV data (*.csv)"), &selected);
  if (file.isEmpty()) return;
  const auto format = export_format_from_id(QFileInfo(file).suffix().toLower());
  QString error;
  if (!format || !export_chart(*store_, kind, *format, file, &error))
    QMessageBox::warning(this, tr("Export chart"), format ? error : tr("Choose a .png, .svg, .pdf or .csv file name"));
  else
    statusBar()->showMessage(tr("Wrote %1").arg(file), 5000);
}

void MainWindow::report_dialog() {
  if (!store_->is_open()) {
    QMessageBox::information(this, tr("Meeting report"), tr("Open or run something first."));
    return;
  }
  const QString file = QFileDialog::getSaveFileName(this, tr("Meeting report"), QDir(store_->dir()).filePath(QStringLiteral("report.pdf")),
                                                    tr("PDF document (*.pdf)"));
  if (file.isEmpty()) return;
  ReportOptions o;
  o.cost = prefs_.cost;
  o.language = prefs_.effective_language();
  if (plan_->calibration()) {  // the Plan page's node counts and network
    o.outlook = make_outlook(store_->experiment(), store_->summary(), *plan_->calibration(), plan_->request());
  }
  if (!find_baseline_run(*store_))  // no run to compare with: the planner's Sequential FF, labelled as predicted
    o.predicted_baseline = predict_baseline(store_->dir().toStdString(), store_->experiment(), store_->summary(),
                                            plan_->calibration() ? &*plan_->calibration() : nullptr);
  QString error;
  if (!write_report(*store_, nullptr, o, file, &error)) QMessageBox::warning(this, tr("Meeting report"), error);
  else statusBar()->showMessage(tr("Wrote %1").arg(file), 5000);
}

void MainWindow::closeEvent(QCloseEvent* e) {
  if (controller_->running() &&
      QMessageBox::question(this, tr("Quit"), tr("A run is in progress. Stop it and quit? (It can be resumed later.)")) != QMessageBox::Yes) {
    e->ignore();
    return;
  }
  controller_->stop(3000);
  QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
  e->accept();
}

void MainWindow::show_page(QWidget* page) {
  for (int i = 0; i < tabs_->count(); ++i)
    if (auto* area = qobject_cast<QScrollArea*>(tabs_->widget(i)); area && area->widget() == page) tabs_->setCurrentIndex(i);
}

}  // namespace app
}  // namespace ffw

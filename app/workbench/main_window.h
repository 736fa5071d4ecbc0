#pragma once
// The workbench window: Designer, Cluster, Run (live dashboard), Runs library, Compare and Plan pages
// over one experiment document, one followed run and the runs folder.
#include <QMainWindow>

#include "app/workbench/preferences.h"

class QTabWidget;
class QMenu;

namespace ffw::app {

class ExperimentDocument;
class RunStore;
class RunController;
class RunListModel;
class DesignerPage;
class ClusterPage;
class RunPage;
class RunsPage;
class ComparePage;
class PlanPage;
class SweepDialog;

QString quickstart_experiment();  // the shipped quickstart.json (installed or in the source tree)
// The shipped example experiments beside it, by file name (File > Examples).
QStringList example_experiments();

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  bool open_experiment(const QString& file);
  bool open_run(const QString& dir);
  ExperimentDocument* document() const { return doc_; }
  RunStore* store() const { return store_; }
  RunController* controller() const { return controller_; }
  RunListModel* runs() const { return runs_; }
  DesignerPage* designer() const { return designer_; }
  ClusterPage* cluster() const { return cluster_; }
  RunPage* run_page() const { return run_page_; }
  RunsPage* runs_page() const { return runs_page_; }
  ComparePage* compare_page() const { return compare_; }
  PlanPage* plan_page() const { return plan_; }
  SweepDialog* sweep_dialog() const { return sweep_; }  // Run > Queue / Sweep
  QTabWidget* tabs() const { return tabs_; }  // each page inside a QScrollArea: use show_page
  void show_page(QWidget* page);
  void set_runs_root(const QString& root);

protected:
  void closeEvent(QCloseEvent* e) override;

private:
  void build_menus();
  void update_title();
  void add_recent(const QString& file);
  void export_chart_dialog(int kind);
  void report_dialog();

  Preferences prefs_;
  ExperimentDocument* doc_;
  RunStore* store_;
  RunController* controller_;
  RunListModel* runs_;
  QTabWidget* tabs_;
  DesignerPage* designer_;
  ClusterPage* cluster_;
  RunPage* run_page_;
  RunsPage* runs_page_;
  ComparePage* compare_;
  PlanPage* plan_;
  SweepDialog* sweep_;
  QMenu* examples_menu_ = nullptr;
  QMenu* recent_menu_ = nullptr;
};

}  // namespace ffw::app

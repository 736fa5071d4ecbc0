#pragma once
// Run > Queue / Sweep: builds a sweep file (core/sweep.h) from the current experiment, the values to
// vary, an optional Sequential FF comparison and the seeds; starts `ffw sweep` on its own (closing
// the workbench does not stop it) and follows its state file in the runs folder, item by item. A
// workbench started later finds the sweep there, follows it if it is still going, or resumes it.
// When it finishes, its runs are selected on the Compare page (sweep_finished).
#include <QDialog>
#include <QMap>
#include <QTimer>
#include <nlohmann/json.hpp>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace ffw::app {

class ExperimentDocument;

class SweepDialog : public QDialog {
  Q_OBJECT
public:
  SweepDialog(ExperimentDocument* doc, QWidget* parent = nullptr);
  // The folder sweeps and their runs go to; follows the newest sweep found there.
  void set_runs_root(const QString& root);

  // A row of values to vary: a JSON path of the experiment and its values ("2, 4", or a JSON
  // array "[[1, 10], [1, 1]]" for values that are lists themselves).
  void add_vary(const QString& path, const QString& values);
  // The sweep file the form describes, on the current experiment.
  nlohmann::json sweep_document() const;
  // Checks every combination (core's rulebook); the number of runs, or -1 with `error` set.
  int validate(QString* error) const;

  bool start(QString* error);   // writes RUNS/NAME.sweep.json and starts `ffw sweep` on it
  bool resume(QString* error);  // the followed sweep, from where it stopped
  void stop();                  // SIGINT: the run in progress keeps its last checkpoint
  void refresh();               // reads the followed sweep's state now (the timer does, every second)

  QString state_file() const { return state_file_; }  // the followed sweep's, or empty
  bool sweep_running() const;   // its `ffw sweep` process lives
  QStringList run_dirs() const; // the followed sweep's runs so far

  QTableWidget* vary_table() const { return vary_; }
  QLineEdit* name_edit() const { return name_; }
  QLineEdit* seeds_edit() const { return seeds_; }
  QCheckBox* against_sequential() const { return sequential_; }
  QCheckBox* oversubscribe() const { return oversubscribe_; }
  QLabel* summary_label() const { return summary_; }
  QLabel* state_label() const { return status_; }
  QTableWidget* items_table() const { return items_; }
  QPushButton* start_button() const { return start_; }
  QPushButton* stop_button() const { return stop_; }
  QPushButton* resume_button() const { return resume_; }
  QPushButton* compare_button() const { return compare_; }

signals:
  // Every item of the followed sweep finished (seen while it ran): its run directories.
  void sweep_finished(const QStringList& run_dirs);

private:
  void update_summary();
  void follow(const QString& state_file);
  QString values_text(const nlohmann::json& values) const;

  ExperimentDocument* doc_;
  QString root_, state_file_;
  QTableWidget *vary_, *items_;
  QLineEdit *name_, *seeds_;
  QCheckBox *sequential_, *oversubscribe_;
  QLabel *summary_, *status_;
  QPushButton *start_, *stop_, *resume_, *compare_;
  QTimer poll_;
  nlohmann::json state_;
  bool seen_unfinished_ = false;  // finished after being seen unfinished: announce it once
  QMap<QString, double> accuracy_;  // finished runs' test accuracy, read once
};

}  // namespace ffw::app

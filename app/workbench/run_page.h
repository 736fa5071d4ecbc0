#pragma once
// Run control and the live dashboard: Run / Stop / Resume, progress with ETA, the workers' log,
// a clear message when a run fails; goodness, loss, accuracy, traffic and idle charts, the
// utilisation timeline and, at the end, the confusion matrix. Redrawn at most 10 times a second
// and only when the run directory grew, so the window never freezes.
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>
#include <optional>
#include <vector>

#include "app/models/run_store.h"
#include "core/calibration.h"

class QCheckBox;
class QPushButton;
class QProgressBar;
class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QGridLayout;

class QGroupBox;

namespace ffw::app {


class RunController;
class ExperimentDocument;
class ChartPanel;
class TimelineView;

class RunPage : public QWidget {
  Q_OBJECT
public:
  RunPage(ExperimentDocument* doc, RunStore* store, RunController* controller, QWidget* parent = nullptr);
  const std::vector<ChartPanel*>& charts() const { return charts_; }
  TimelineView* timeline() const { return timeline_; }
  QPushButton* stop_button() const { return stop_; }
  QLabel* status_label() const { return status_; }
  QLabel* losses_label() const { return losses_; }
  QTableWidget* confusion_table() const { return confusion_; }
  QLabel* confusion_note() const { return confusion_note_; }
  void set_runs_root(const QString& root) { runs_root_ = root; }
  void start_run();
  double redraw_ms() const { return last_redraw_ms_; }
  void redraw();  // now (tests, benchmarks)
  void show_opened();  // a run opened from disk: say what it is and draw it
  // The Plan page's costs: with them, the timeline can show the planner's prediction of this run
  // under the measured one.
  void set_calibration(const std::optional<Calibration>& c);
  QCheckBox* overlay_box() const { return overlay_; }
  void update_overlay();
  int chart_columns() const { return columns_; }
  // The charts in as many columns (1 to 3) as `width` pixels hold at their minimum width.
  void reflow(int width);

signals:
  void run_finished(const QString& dir);

protected:
  bool event(QEvent* e) override;
  bool eventFilter(QObject* watched, QEvent* e) override;

private:
  void update_progress();
  void show_confusion();
  QGridLayout* grid_ = nullptr;
  std::vector<QWidget*> cells_;  // the five charts and the confusion matrix, in reading order
  int columns_ = 0;

  ExperimentDocument* doc_;
  RunStore* store_;
  RunController* controller_;
  QString runs_root_;
  QPushButton *run_, *stop_, *resume_;
  QProgressBar* progress_;
  QLabel *status_, *eta_, *utilisation_;
  QLabel* losses_;  // an elastic ring's lost nodes, live
  QPlainTextEdit* log_;
  QTableWidget* confusion_;
  RunStore::Confusion shown_confusion_;  // what the table shows, at which width, of which run
  int shown_width_ = -1;
  QString shown_dir_;
  QLabel* confusion_note_;  // which evaluation it shows
  std::vector<ChartPanel*> charts_;
  TimelineView* timeline_;
  QCheckBox* overlay_;
  QLabel* overlay_note_;
  std::optional<Calibration> calibration_;
  QString overlay_for_;  // the run directory the overlay was predicted for
  QTimer redraw_timer_;
  QElapsedTimer since_redraw_;
  bool dirty_ = false;
  double last_redraw_ms_ = 0;
};

}  // namespace ffw::app

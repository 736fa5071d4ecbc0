#pragma once
// The runs library: every run under the runs folder, with tags and notes (edit in place),
// opened as it was, or deleted.
#include <QWidget>

class QTableView;

namespace ffw::app {

class RunListModel;

class RunsPage : public QWidget {
  Q_OBJECT
public:
  RunsPage(RunListModel* model, QWidget* parent = nullptr);
  QTableView* view() const { return view_; }

signals:
  void open_run(const QString& dir);

private:
  RunListModel* model_;
  QTableView* view_;
};

}  // namespace ffw::app

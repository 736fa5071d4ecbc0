#pragma once
// Cluster view: where the nodes run (local worker processes or Open MPI ranks from a hostfile),
// a slowdown factor per node to emulate older machines, the mapping of layers to nodes that the
// chosen variant implies, a warning when ranks exceed cores, and a connection test of the hosts.
#include <QProcess>
#include <QWidget>
#include <nlohmann/json.hpp>

class QComboBox;
class QSpinBox;
class QTableWidget;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace ffw::app {

class ExperimentDocument;

// Which nodes train which layers under a variant (what the schedules do), one line per node.
QStringList layer_mapping(const nlohmann::json& experiment);

class ClusterPage : public QWidget {
  Q_OBJECT
public:
  ClusterPage(ExperimentDocument* doc, QWidget* parent = nullptr);
  QLabel* warning_label() const { return warning_; }
  void test_connection();

private:
  void from_document();
  void import_hostfile(const QString& file);
  ExperimentDocument* doc_;
  QComboBox* launcher_;
  QSpinBox* nodes_;
  QTableWidget* node_table_;
  QLineEdit* hostfile_;
  QLabel *warning_, *mapping_;
  QPlainTextEdit* test_output_;
  QProcess test_;
  bool updating_ = false;
};

}  // namespace ffw::app

#pragma once
// Cluster view: where the nodes run (local worker processes or Open MPI ranks from a hostfile),
// a slowdown factor per node to emulate older machines, the mapping of layers to nodes that the
// chosen variant implies, a warning when ranks exceed cores, and a connection test of the hosts.
#include <QProcess>
#include <QWidget>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QSpinBox;
class QDoubleSpinBox;
class QTableWidget;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace ffw::app {

class ExperimentDocument;
class StageMap;

// The stages of a pipeline variant (single-layer, gpipe-bp) and the node of each: the experiment's
// cluster.stage_nodes, else the variant's preset; nullopt for the variants that map no stages.
struct StagePlacement {
  QStringList stages;
  std::vector<int> node_of;
  bool mapped = false;  // from cluster.stage_nodes
};
std::optional<StagePlacement> stage_placement(const nlohmann::json& experiment);
// What each node does under the variant (what the schedules do), one entry per node.
QStringList node_roles(const nlohmann::json& experiment);

class ClusterPage : public QWidget {
  Q_OBJECT
public:
  ClusterPage(ExperimentDocument* doc, QWidget* parent = nullptr);
  QLabel* warning_label() const { return warning_; }
  StageMap* stage_map() const { return stage_map_; }
  QPushButton* preset_button() const { return preset_; }
  QCheckBox* optimizer_state_box() const { return optimizer_state_; }
  QCheckBox* continue_box() const { return continue_; }
  void test_connection();

private:
  void from_document();
  void import_hostfile(const QString& file);
  ExperimentDocument* doc_;
  QComboBox* launcher_;
  QSpinBox* nodes_;
  QTableWidget* node_table_;
  QLineEdit* hostfile_;
  QSpinBox* lab_hosts_;           // the network lab: emulated hosts (0: one per node)
  QDoubleSpinBox* lab_bandwidth_; // Mbit/s of every link (0: unshaped)
  QWidget* lab_row_;
  QWidget* test_button_;          // the pre-flight (ffw doctor) on the experiment as it is
  QLabel *warning_, *map_note_;
  StageMap* stage_map_;
  QPushButton* preset_;
  QCheckBox* optimizer_state_;
  QCheckBox* continue_;  // cluster.on_node_failure "continue"
  QPlainTextEdit* test_output_;
  QProcess test_;
  bool updating_ = false;
};

}  // namespace ffw::app

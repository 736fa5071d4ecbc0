#pragma once
// Experiment designer: the layers (add, remove, reorder, width, θ, learning rate), the variant,
// negative strategy, classifier, training settings and the dataset; a drawn diagram with the
// parameter count and the bytes a chapter exchanges; problems shown inline, beside the field.
#include <QWidget>
#include <map>

class QComboBox;
class QLineEdit;
class QSpinBox;
class QDoubleSpinBox;
class QTableView;
class QLabel;

namespace ffw::app {

class ExperimentDocument;
class LayerTableModel;
class NetworkDiagram;

class DesignerPage : public QWidget {
  Q_OBJECT
public:
  DesignerPage(ExperimentDocument* doc, QWidget* parent = nullptr);
  LayerTableModel* layer_model() const { return layers_; }
  QLabel* problems_label() const { return problems_; }
  QWidget* field(const std::string& pointer) const;  // the editor of a JSON path, for tests

private:
  void from_document();
  void show_problems();
  QString field_help(const std::string& pointer) const;
  void bind_combo(QComboBox* box, const std::string& pointer, const QStringList& ids, const QStringList& labels);
  void bind_int(QSpinBox* box, const std::string& pointer);

  ExperimentDocument* doc_;
  LayerTableModel* layers_;
  QTableView* layer_view_;
  NetworkDiagram* diagram_;
  QLabel* problems_;
  QLineEdit *name_, *data_path_;
  std::map<std::string, QWidget*> fields_;
  std::map<std::string, QString> help_;  // what each field means for PFF: its tooltip
  bool updating_ = false;
};

}  // namespace ffw::app

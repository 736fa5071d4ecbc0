#pragma once
// Preferences: the language (system, English, Japanese), the runs folder, and the cost model of
// the Compare page and the report (price per node-hour, watts per node, target accuracy).
#include <QDialog>

#include "app/models/kpi.h"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;

namespace ffw::app {

struct Preferences {
  QString language = QStringLiteral("system");  // system, en, ja
  QString runs_root;
  CostSettings cost;
  static Preferences load();
  void save() const;
  QString effective_language() const;  // en or ja
};

class PreferencesDialog : public QDialog {
  Q_OBJECT
public:
  PreferencesDialog(const Preferences& p, QWidget* parent = nullptr);
  Preferences preferences() const;

private:
  QComboBox* language_;
  QLineEdit* runs_root_;
  QDoubleSpinBox *price_, *watts_, *target_;
};

}  // namespace ffw::app

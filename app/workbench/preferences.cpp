#include "app/workbench/preferences.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>

namespace ffw {
namespace app {

Preferences Preferences::load() {
  QSettings s;
  Preferences p;
  p.language = s.value(QStringLiteral("language"), p.language).toString();
  const QString cwd_runs = QDir::current().filePath(QStringLiteral("runs"));
  const QString fallback = QDir(cwd_runs).exists() ? cwd_runs
                                                   : QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("runs"));
  p.runs_root = s.value(QStringLiteral("runs_root"), fallback).toString();
  p.cost.price_per_node_hour = s.value(QStringLiteral("price_per_node_hour"), p.cost.price_per_node_hour).toDouble();
  p.cost.watts_per_node = s.value(QStringLiteral("watts_per_node"), p.cost.watts_per_node).toDouble();
  p.cost.target_accuracy = s.value(QStringLiteral("target_accuracy"), p.cost.target_accuracy).toDouble();
  return p;
}

void Preferences::save() const {
  QSettings s;
  s.setValue(QStringLiteral("language"), language);
  s.setValue(QStringLiteral("runs_root"), runs_root);
  s.setValue(QStringLiteral("price_per_node_hour"), cost.price_per_node_hour);
  s.setValue(QStringLiteral("watts_per_node"), cost.watts_per_node);
  s.setValue(QStringLiteral("target_accuracy"), cost.target_accuracy);
}

QString Preferences::effective_language() const {
  if (language == QLatin1String("en") || language == QLatin1String("ja")) return language;
  return QLocale::system().language() == QLocale::Japanese ? QStringLiteral("ja") : QStringLiteral("en");
}

PreferencesDialog::PreferencesDialog(const Preferences& p, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Preferences"));
  language_ = new QComboBox;
  language_->addItem(tr("Follow the system"), "system");
  language_->addItem(QStringLiteral("English"), "en");
  language_->addItem(QStringLiteral("日本語"), "ja");
  language_->setCurrentIndex(std::max(0, language_->findData(p.language)));
  runs_root_ = new QLineEdit(p.runs_root);
  price_ = new QDoubleSpinBox;
  price_->setRange(0, 1e6);
  price_->setDecimals(3);
  price_->setValue(p.cost.price_per_node_hour);
  watts_ = new QDoubleSpinBox;
  watts_->setRange(0, 1e5);
  watts_->setValue(p.cost.watts_per_node);
  target_ = new QDoubleSpinBox;
  target_->setRange(1, 100);
  target_->setSuffix(QStringLiteral(" %"));
  target_->setValue(100 * p.cost.target_accuracy);
  auto* form = new QFormLayout(this);
  form->addRow(tr("Language"), language_);
  form->addRow(new QLabel(tr("A language change applies when the workbench starts again.")));
  form->addRow(tr("Runs folder"), runs_root_);
  form->addRow(tr("Price per node-hour"), price_);
  form->addRow(tr("Watts per node"), watts_);
  form->addRow(tr("Target accuracy"), target_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

Preferences PreferencesDialog::preferences() const {
  Preferences p;
  p.language = language_->currentData().toString();
  p.runs_root = runs_root_->text();
  p.cost.price_per_node_hour = price_->value();
  p.cost.watts_per_node = watts_->value();
  p.cost.target_accuracy = target_->value() / 100;
  return p;
}

}  // namespace app
}  // namespace ffw

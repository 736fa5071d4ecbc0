#include "app/workbench/runs_page.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include "app/models/run_list_model.h"

namespace ffw {
namespace app {

RunsPage::RunsPage(RunListModel* model, QWidget* parent) : QWidget(parent), model_(model) {
  view_ = new QTableView;
  view_->setModel(model_);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  view_->horizontalHeader()->setStretchLastSection(true);
  view_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  view_->setColumnWidth(RunListModel::Name, 220);
  auto* open = new QPushButton(tr("Open"));
  auto* remove = new QPushButton(tr("Delete…"));
  auto* refresh = new QPushButton(tr("Refresh"));
  auto* folder = new QPushButton(tr("Show folder"));
  auto* hint = new QLabel(tr("Double-click Tags or Notes to edit them; they are kept in the run's notes.json."));
  auto* buttons = new QHBoxLayout;
  for (auto* b : {open, remove, refresh, folder}) buttons->addWidget(b);
  buttons->addWidget(hint, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(buttons);
  layout->addWidget(view_, 1);
  auto selected = [this] { return view_->currentIndex().isValid() ? view_->currentIndex().row() : -1; };
  connect(open, &QPushButton::clicked, this, [this, selected] {
    if (selected() >= 0) emit open_run(model_->entry(selected()).dir);
  });
  connect(view_, &QTableView::activated, this, [this](const QModelIndex& i) {
    if (i.column() != RunListModel::Tags && i.column() != RunListModel::Notes) emit open_run(model_->entry(i.row()).dir);
  });
  connect(remove, &QPushButton::clicked, this, [this, selected] {
    const int row = selected();
    if (row < 0) return;
    if (QMessageBox::question(this, tr("Delete run"), tr("Delete %1 and everything in it from disk?").arg(model_->entry(row).dir)) !=
        QMessageBox::Yes)
      return;
    QString error;
    if (!model_->remove_run(row, &error)) QMessageBox::warning(this, tr("Delete run"), error);
  });
  connect(refresh, &QPushButton::clicked, model_, &RunListModel::rescan);
  connect(folder, &QPushButton::clicked, this, [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(model_->root())); });
}

}  // namespace app
}  // namespace ffw

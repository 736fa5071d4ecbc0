#pragma once
// The runs library: every run directory under a root, newest first, with its status, accuracy,
// wall time, and the tags and notes a person gave it (kept in the run's notes.json).
#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

namespace ffw::app {

struct RunEntry {
  QString dir, name, variant, network, status, started;
  int nodes = 1;
  double accuracy = -1, wall_seconds = 0;
  QStringList tags;
  QString notes;
};

class RunListModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { Name, Variant, Nodes, Network, Status, Accuracy, WallTime, Tags, Notes, ColumnCount };
  enum Role { DirRole = Qt::UserRole + 1 };
  explicit RunListModel(QObject* parent = nullptr);

  void set_root(const QString& root);
  QString root() const { return root_; }
  void rescan();
  const RunEntry& entry(int row) const { return runs_[static_cast<std::size_t>(row)]; }
  int row_of(const QString& dir) const;
  // Deletes the run directory from disk (a running run is refused).
  bool remove_run(int row, QString* error = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;

  static RunEntry read_entry(const QString& dir);
  static bool write_notes(const QString& dir, const QStringList& tags, const QString& notes);

private:
  QString root_;
  std::vector<RunEntry> runs_;
};

}  // namespace ffw::app

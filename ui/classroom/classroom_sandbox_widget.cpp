#include "classroom_sandbox_widget.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "classroom_matrix_view.h"
#include "classroom_sandbox_plane.h"
#include "classroom_walkthrough_pages.h"

namespace ui {

namespace {

constexpr int minimumTokens = 3;
constexpr int maximumTokens = 6;
constexpr int dimensions = 2;  // small enough to drag on a plane

// A starting picture with something to see: two keys close to the first query, one far.
const float startingPoints[maximumTokens][3][dimensions] = {
    {{1.5f, 0.5f}, {1.0f, 1.0f}, {1.0f, 0.0f}},   {{-1.0f, 1.5f}, {1.5f, 0.0f}, {0.0f, 1.0f}},
    {{0.5f, -1.5f}, {-1.5f, -1.0f}, {-1.0f, 0.0f}}, {{-1.5f, -0.5f}, {0.0f, -1.5f}, {0.0f, -1.0f}},
    {{2.0f, 2.0f}, {-2.0f, 2.0f}, {2.0f, -2.0f}},   {{-2.0f, -2.0f}, {2.0f, 2.0f}, {-2.0f, 2.0f}}};

core::RowMatrix &rowsOf(core::SandboxInput &input, SandboxVector vector) {
  switch (vector) {
    case SandboxVector::Query: return input.q;
    case SandboxVector::Key: return input.k;
    case SandboxVector::Value: break;
  }
  return input.v;
}

QStringList tokenNames(int count) {
  QStringList names;
  for (int i = 1; i <= count; ++i) names << QString::number(i);
  return names;
}

}  // namespace

ClassroomSandboxWidget::ClassroomSandboxWidget(QWidget *parent)
    : QWidget(parent),
      m_plane(new ClassroomSandboxPlane(this)),
      m_table(new QTableWidget(this)),
      m_tokens(new QSpinBox(this)),
      m_scaling(new QCheckBox(tr("Divide by √d"), this)),
      m_temperature(new QDoubleSpinBox(this)),
      m_causal(new QCheckBox(tr("Causal mask"), this)),
      m_alpha(new ClassroomMatrixView(this)),
      m_alphaHat(new ClassroomMatrixView(this)),
      m_outputs(new QLabel(this)) {
  m_tokens->setRange(minimumTokens, maximumTokens);
  m_tokens->setValue(4);
  m_scaling->setChecked(true);
  m_temperature->setRange(0.05, 20.0);
  m_temperature->setSingleStep(0.1);
  m_temperature->setValue(1.0);
  m_table->setColumnCount(3 * dimensions);
  m_table->setHorizontalHeaderLabels({"q₁", "q₂", "k₁", "k₂", "v₁", "v₂"});
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_alpha->setTitle(tr("α = q·k / √d / τ (rows: queries)"));
  m_alphaHat->setTitle(tr("α̂ = softmax(α)"));
  m_outputs->setTextFormat(Qt::RichText);
  m_outputs->setWordWrap(true);

  auto *form = new QFormLayout;
  form->addRow(tr("Tokens"), m_tokens);
  form->addRow(m_scaling);
  form->addRow(tr("Temperature τ"), m_temperature);
  form->addRow(m_causal);
  auto *side = new QVBoxLayout;
  side->addLayout(form);
  side->addWidget(m_table, 1);
  side->addWidget(m_outputs);
  auto *top = new QHBoxLayout;
  top->addWidget(m_plane, 2);
  top->addLayout(side, 1);
  auto *matrices = new QHBoxLayout;
  matrices->addWidget(m_alpha);
  matrices->addWidget(m_alphaHat);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(top, 2);
  layout->addLayout(matrices, 1);

  connect(m_plane, &ClassroomSandboxPlane::vectorMoved, this, &ClassroomSandboxWidget::setVector);
  connect(m_tokens, &QSpinBox::valueChanged, this, &ClassroomSandboxWidget::setTokenCount);
  connect(m_scaling, &QCheckBox::toggled, this, &ClassroomSandboxWidget::setScaling);
  connect(m_temperature, &QDoubleSpinBox::valueChanged, this, &ClassroomSandboxWidget::setTemperature);
  connect(m_causal, &QCheckBox::toggled, this, &ClassroomSandboxWidget::setCausalMask);
  connect(m_table, &QTableWidget::cellChanged, this, &ClassroomSandboxWidget::readTable);
  setTokenCount(m_tokens->value());
}

void ClassroomSandboxWidget::setTokenCount(int count) {
  count = std::clamp(count, minimumTokens, maximumTokens);
  m_tokens->setValue(count);
  const auto previous = static_cast<int>(m_input.q.rows());
  for (const SandboxVector vector : {SandboxVector::Query, SandboxVector::Key, SandboxVector::Value}) {
    core::RowMatrix &rows = rowsOf(m_input, vector);
    // Tokens kept keep their edits; new ones start from the starting picture.
    rows.conservativeResize(count, dimensions);
    for (int i = previous; i < count; ++i) {
      for (int c = 0; c < dimensions; ++c) rows(i, c) = startingPoints[i][static_cast<int>(vector)][c];
    }
  }
  fillTable();
  recompute();
}

void ClassroomSandboxWidget::setVector(SandboxVector vector, int token, QPointF value) {
  core::RowMatrix &rows = rowsOf(m_input, vector);
  if (token < 0 || token >= rows.rows()) return;
  rows(token, 0) = static_cast<float>(value.x());
  rows(token, 1) = static_cast<float>(value.y());
  fillTable();
  recompute();
}

void ClassroomSandboxWidget::setScaling(bool on) {
  m_scaling->setChecked(on);
  m_input.scale_by_sqrt_d = on;
  recompute();
}

void ClassroomSandboxWidget::setTemperature(double temperature) {
  m_temperature->setValue(temperature);
  m_input.temperature = static_cast<float>(m_temperature->value());
  recompute();
}

void ClassroomSandboxWidget::setCausalMask(bool on) {
  m_causal->setChecked(on);
  m_input.causal_mask = on;
  recompute();
}

void ClassroomSandboxWidget::fillTable() {
  m_fillingTable = true;
  m_table->setRowCount(static_cast<int>(m_input.q.rows()));
  m_table->setVerticalHeaderLabels(tokenNames(static_cast<int>(m_input.q.rows())));
  for (int i = 0; i < m_input.q.rows(); ++i) {
    for (const SandboxVector vector : {SandboxVector::Query, SandboxVector::Key, SandboxVector::Value}) {
      for (int c = 0; c < dimensions; ++c) {
        const int column = static_cast<int>(vector) * dimensions + c;
        m_table->setItem(i, column, new QTableWidgetItem(QString::number(rowsOf(m_input, vector)(i, c), 'f', 2)));
      }
    }
  }
  m_fillingTable = false;
}

void ClassroomSandboxWidget::readTable(int row, int column) {
  if (m_fillingTable) return;
  bool ok = false;
  const float value = m_table->item(row, column)->text().toFloat(&ok);
  core::RowMatrix &rows = rowsOf(m_input, static_cast<SandboxVector>(column / dimensions));
  if (ok) {
    rows(row, column % dimensions) = value;
    recompute();
  } else {
    // Not a number: put the old value back rather than guess.
    fillTable();
  }
}

void ClassroomSandboxWidget::recompute() {
  // The controls keep every input valid (temperature ≥ 0.05, equal shapes), so this never throws.
  m_result = core::run_sandbox(m_input);
  const QStringList names = tokenNames(static_cast<int>(m_input.q.rows()));
  m_alpha->setMatrix(m_result.alpha, ClassroomMatrixView::Scale::Diverging, names, names);
  m_alphaHat->setMatrix(m_result.alpha_hat, ClassroomMatrixView::Scale::Weights, names, names);
  QStringList outputs;
  for (int i = 0; i < m_result.b.rows(); ++i) {
    outputs << QStringLiteral("b<sup>%1</sup> = (%2, %3)")
                   .arg(i + 1)
                   .arg(formatNumber(m_result.b(i, 0)), formatNumber(m_result.b(i, 1)));
  }
  m_outputs->setText(outputs.join(QStringLiteral("<br>")));
  m_plane->setVectors(m_input, m_result);
  emit resultChanged();
}

}  // namespace ui

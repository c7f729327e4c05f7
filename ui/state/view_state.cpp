#include "view_state.h"

#include <algorithm>

namespace ui {

namespace {

// The decoder's token ids, which decide whether a new result keeps the generation step.
const std::vector<int> *targetIds(const Analysis *analysis) {
  return analysis && analysis->error.isEmpty() ? &analysis->target.ids : nullptr;
}

}  // namespace

ViewState::ViewState(QObject *parent) : QObject(parent) {}

void ViewState::setModel(std::shared_ptr<const core::Model> model, const QString &folder) {
  m_model = std::move(model);
  m_modelFolder = folder;
  m_analysis.reset();
  m_steps = m_model ? layerSteps(m_model->spec()) : std::vector<LayerStep>{};
  m_layerIndex = 0;
  // The selected head alone: every head at once is a hairball beyond a few tokens ("All" shows them).
  m_visibleHeads = QVector<bool>(m_model ? m_model->spec().heads() : 0, false);
  if (!m_visibleHeads.isEmpty()) m_visibleHeads[0] = true;
  m_focusedHead = 0;
  m_focusToken = -1;
  m_generationStep = -1;
  const bool headsChosen = !m_methodHeads.empty();
  m_methodHeads.clear();
  clearTokenEdits();
  emit modelChanged();
  if (headsChosen) emit methodHeadsChanged();
  emit layerChanged(m_layerIndex);
  emit visibleHeadsChanged(m_visibleHeads);
  emit focusedHeadChanged(m_focusedHead);
  emit focusTokenChanged(m_focusToken);
  emit generationStepsChanged();
  emit generationStepChanged(m_generationStep);
  emit analysisChanged();
}

void ViewState::swapModel(std::shared_ptr<const core::Model> model, const QString &folder) {
  m_model = std::move(model);
  m_modelFolder = folder;
  emit modelChanged();
}

bool ViewState::isEncoderDecoder() const {
  return m_model && m_model->spec().architecture == core::Architecture::EncoderDecoder;
}

void ViewState::setSourceText(const QString &text) {
  if (text == m_sourceText) return;
  m_sourceText = text;
  clearTokenEdits();  // new tokens: the edits' positions belonged to the old ones
  emit sourceTextChanged(text);
}

void ViewState::setTargetText(const QString &text) {
  if (text == m_targetText) return;
  m_targetText = text;
  std::vector<SideEdit> kept;
  for (const SideEdit &edit : m_tokenEdits) {
    if (edit.side == TokenSource::Source) kept.push_back(edit);
  }
  setTokenEdits(kept);
  emit targetTextChanged(text);
}

void ViewState::setTokenEdits(const std::vector<SideEdit> &edits) {
  if (edits == m_tokenEdits) return;
  m_tokenEdits = edits;
  emit tokenEditsChanged();
}

void ViewState::setLayerIndex(int index) {
  if (index == m_layerIndex || index < 0 || index >= static_cast<int>(m_steps.size())) return;
  m_layerIndex = index;
  emit layerChanged(index);
}

LayerStep ViewState::layerStep() const {
  return m_layerIndex >= 0 && m_layerIndex < static_cast<int>(m_steps.size())
             ? m_steps[static_cast<std::size_t>(m_layerIndex)]
             : LayerStep{};
}

bool ViewState::setLayerStep(const LayerStep &step) {
  const auto found = std::find(m_steps.begin(), m_steps.end(), step);
  if (found == m_steps.end()) return false;
  setLayerIndex(static_cast<int>(found - m_steps.begin()));
  return true;
}

void ViewState::setFocusedHead(int head) {
  if (head == m_focusedHead || head < 0 || head >= headCount()) return;
  m_focusedHead = head;
  emit focusedHeadChanged(head);
  // One head on its own follows the selection, so the word graph and the heatmap show the same head.
  if (m_visibleHeads.count(true) == 1 && !m_visibleHeads[head]) {
    QVector<bool> alone(headCount(), false);
    alone[head] = true;
    setVisibleHeads(alone);
  }
}

void ViewState::setVisibleHeads(const QVector<bool> &visible) {
  if (visible == m_visibleHeads || visible.size() != m_visibleHeads.size()) return;
  m_visibleHeads = visible;
  emit visibleHeadsChanged(visible);
}

void ViewState::setPositionalEncoding(bool on) {
  if (on == m_positionalEncoding) return;
  m_positionalEncoding = on;
  emit positionalEncodingChanged(on);
}

void ViewState::setMethod(core::AttentionMethod method) {
  if (method == m_method) return;
  m_method = method;
  emit methodChanged(method);
}

QString ViewState::methodName() const { return QString::fromLatin1(core::to_string(m_method)); }

void ViewState::setMethodName(const QString &name) {
  if (const std::optional<core::AttentionMethod> method = core::parse_attention_method(name.toStdString())) {
    setMethod(*method);
  }
}

namespace {

bool traceFits(const MethodTrace &trace, const std::shared_ptr<const Analysis> &analysis,
               core::AttentionMethod method, bool positionalEncoding, const std::vector<int> &heads) {
  return analysis && trace.analysis == analysis && trace.method == method &&
         trace.positionalEncoding == positionalEncoding &&
         trace.heads == (averagesHeads(method) ? heads : std::vector<int>{});
}

}  // namespace

std::shared_ptr<const MethodTrace> ViewState::methodTrace() const {
  // Checked on reading, so a new result, method or PE setting makes the old matrices invisible
  // without every setter having to drop them.
  if (!m_methodTrace || !traceFits(*m_methodTrace, m_analysis, m_method, m_positionalEncoding, m_methodHeads)) return nullptr;
  return m_methodTrace;
}

bool ViewState::setMethodTrace(std::shared_ptr<const MethodTrace> trace) {
  if (!trace || !traceFits(*trace, m_analysis, m_method, m_positionalEncoding, m_methodHeads)) return false;
  m_methodTrace = std::move(trace);
  emit methodTraceChanged();
  return true;
}

void ViewState::setMethodHeads(std::vector<int> heads) {
  const int count = m_model ? m_model->spec().heads() : 0;
  std::erase_if(heads, [count](int head) { return head < 0 || head >= count; });
  std::sort(heads.begin(), heads.end());
  heads.erase(std::unique(heads.begin(), heads.end()), heads.end());
  if (static_cast<int>(heads.size()) == count) heads.clear();  // every head: the method's own default
  if (heads == m_methodHeads) return;
  m_methodHeads = std::move(heads);
  emit methodHeadsChanged();
}

void ViewState::setPeDifference(bool on) {
  if (on == m_peDifference) return;
  m_peDifference = on;
  emit peDifferenceChanged(on);
}

void ViewState::setThreshold(double threshold) {
  threshold = std::clamp(threshold, 0.0, 1.0);
  if (threshold == m_threshold) return;
  m_threshold = threshold;
  emit thresholdChanged(threshold);
}

void ViewState::setPairText(const QString &text) {
  if (text == m_pairText) return;
  m_pairText = text;
  clearTokenEdits();
  emit pairTextChanged(text);
}

void ViewState::setPairFilter(int queryText, int keyText) {
  queryText = std::clamp(queryText, -1, 1);
  keyText = std::clamp(keyText, -1, 1);
  if (queryText == m_reading.query_segment && keyText == m_reading.key_segment) return;
  m_reading.query_segment = queryText;
  m_reading.key_segment = keyText;
  emit readingChanged();
}

void ViewState::setWordLevel(bool on) {
  if (on == m_reading.words) return;
  m_reading.words = on;
  emit readingChanged();
}

void ViewState::setHideSpecialTokens(bool on) {
  if (on == m_reading.hide_special) return;
  m_reading.hide_special = on;
  emit readingChanged();
}

QString ViewState::hiddenToken() const {
  return m_reading.hide_tokens.empty() ? QString() : QString::fromStdString(m_reading.hide_tokens.front());
}

void ViewState::setHiddenToken(const QString &token) {
  if (token == hiddenToken()) return;
  m_reading.hide_tokens.clear();
  if (!token.isEmpty()) m_reading.hide_tokens.push_back(token.toStdString());
  emit readingChanged();
}

void ViewState::setEdgeFilter(EdgeFilter filter) {
  if (filter == m_edgeFilter) return;
  m_edgeFilter = filter;
  emit edgeFilterChanged();
}

void ViewState::setTopP(double p) {
  p = std::clamp(p, 0.01, 1.0);
  if (p == m_topP) return;
  m_topP = p;
  emit edgeFilterChanged();
}

void ViewState::setFocusToken(int token) {
  token = std::max(token, -1);
  if (token == m_focusToken) return;
  m_focusToken = token;
  emit focusTokenChanged(token);
}

void ViewState::setCurrentTab(const QString &tab) {
  if (tab == m_currentTab) return;
  m_currentTab = tab;
  emit currentTabChanged(tab);
}

int ViewState::generationStepCount() const {
  if (!isEncoderDecoder() || !m_analysis || !m_analysis->error.isEmpty()) return 0;
  return static_cast<int>(m_analysis->target.ids.size());
}

void ViewState::setGenerationStep(int step) {
  if (step == m_generationStep || step < 0 || step >= generationStepCount()) return;
  m_generationStep = step;
  emit generationStepChanged(step);
}

bool ViewState::setAnalysis(std::shared_ptr<const Analysis> analysis) {
  if (analysis && analysis->model != m_model) return false;  // for a model since replaced
  const std::vector<int> *before = targetIds(m_analysis.get());
  const std::vector<int> *after = targetIds(analysis.get());
  const bool sameTarget = before && after && *before == *after;
  m_analysis = std::move(analysis);
  const int count = generationStepCount();
  const int step = count == 0 ? -1 : sameTarget ? std::min(m_generationStep, count - 1) : count - 1;
  if (!sameTarget) emit generationStepsChanged();
  if (step != m_generationStep) {
    m_generationStep = step;
    emit generationStepChanged(step);
  }
  emit analysisChanged();
  return true;
}

bool ViewState::analysisCoversEncoding() const {
  if (!m_analysis) return false;
  // (The PE difference is the What If tab's own pair of passes: only the setting on show is needed.)
  return m_analysis->trace(m_positionalEncoding) != nullptr;
}

bool ViewState::analysisMatchesInput() const {
  if (!m_analysis || m_analysis->model != m_model) return false;
  if (m_analysis->sourceText != m_sourceText.toStdString()) return false;
  if (m_analysis->sourcePairText != m_pairText.toStdString()) return false;
  if (m_analysis->edits != m_tokenEdits) return false;
  if (isEncoderDecoder()) {
    const std::string target = m_targetText.toStdString();
    // Generate writes the model's output into the target field after the fact.
    const bool filledIn = m_analysis->generated && m_targetText == m_analysis->generatedText;
    if (m_analysis->targetText != target && !filledIn) return false;
  }
  return !m_analysis->error.isEmpty() || m_analysis->trace(m_positionalEncoding) != nullptr;
}

void ViewState::setPreferences(const Preferences &preferences) {
  if (preferences == m_preferences) return;
  m_preferences = preferences;
  emit preferencesChanged();
}

}  // namespace ui

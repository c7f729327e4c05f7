#include "session_reading.h"

#include "analysis/methods/attention_method.h"
#include "view_state.h"

namespace ui {

namespace {

// "AB" for the filter (queries' text, keys' text); empty for both texts.
std::string pairFilterName(int queryText, int keyText) {
  if (queryText < 0 || keyText < 0) return {};
  return {queryText == 0 ? 'A' : 'B', keyText == 0 ? 'A' : 'B'};
}

}  // namespace

core::SessionReading captureReading(const ViewState &state) {
  core::SessionReading reading;
  reading.words = state.wordLevel();
  reading.hide_special = state.hideSpecialTokens();
  reading.hidden_token = state.hiddenToken().toStdString();
  reading.text_pair = state.pairText().toStdString();
  reading.pair_filter = pairFilterName(state.pairQueryText(), state.pairKeyText());
  reading.edge_filter = state.edgeFilter() == ViewState::EdgeFilter::TopP ? "top_p" : "threshold";
  reading.top_p = state.topP();
  reading.method = core::to_string(state.method());
  reading.method_heads = state.methodHeads();
  return reading;
}

void applyReading(ViewState &state, const core::SessionReading &reading) {
  state.setPairText(QString::fromStdString(reading.text_pair));
  state.setWordLevel(reading.words);
  state.setHideSpecialTokens(reading.hide_special);
  state.setHiddenToken(QString::fromStdString(reading.hidden_token));
  const auto text = [](char c) { return c == 'A' ? 0 : 1; };
  if (reading.pair_filter.size() == 2) state.setPairFilter(text(reading.pair_filter[0]), text(reading.pair_filter[1]));
  else state.setPairFilter(-1, -1);
  state.setTopP(reading.top_p);
  state.setEdgeFilter(reading.edge_filter == "top_p" ? ViewState::EdgeFilter::TopP : ViewState::EdgeFilter::Threshold);
  state.setMethod(core::parse_attention_method(reading.method).value_or(core::AttentionMethod::Raw));
  // reading.method_heads are the model's heads: SessionMenu sets them once the session's model is on show.
}

}  // namespace ui

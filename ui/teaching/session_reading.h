#pragma once
// A session's reading choices (core::SessionReading, docs/reading.md) taken from the view state and
// given back to it: words, hidden tokens, text B and its A/B filter, the word graph's edge filter
// and top-p, the method on show and the heads it averages.

#include "classroom/session.h"

namespace ui {

class ViewState;

core::SessionReading captureReading(const ViewState &state);
// Sets every choice of reading on state (text B first: it is part of the input), but the method's
// heads, which belong to the session's model and are set once it is loaded.
void applyReading(ViewState &state, const core::SessionReading &reading);

}  // namespace ui

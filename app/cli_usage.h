#pragma once
// attnscope-cli's usage text: every command with its flags, and the notes on the flags several
// commands share. `attnscope-cli --help` prints all of it; `attnscope-cli COMMAND --help`, and a
// usage mistake in COMMAND, print only that command's lines and the notes.

#include <string>
#include <string_view>

namespace cli {

// The whole text: "usage: attnscope-cli COMMAND [OPTIONS]", the commands, then the notes.
const std::string& usage_text();

// The lines of the usage text that describe command (a command line starts two spaces in; its
// continuation lines further in; "heads" has two entries and gets both), then the notes. Empty
// when the text has no such command.
std::string command_usage(std::string_view command);

}  // namespace cli

#include "io/torch_pickle.h"

#include <algorithm>
#include <array>
#include <bit>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>

#include "tensor/errors.h"

namespace core {

namespace {

// Every opcode of pickle protocols 0-5, for messages that name the one refused.
struct OpcodeName {
  std::uint8_t code;
  const char* name;
};
constexpr std::array<OpcodeName, 68> opcode_names{{
    {'(', "MARK"},        {'.', "STOP"},          {'0', "POP"},          {'1', "POP_MARK"},
    {'2', "DUP"},         {'F', "FLOAT"},         {'I', "INT"},          {'J', "BININT"},
    {'K', "BININT1"},     {'L', "LONG"},          {'M', "BININT2"},      {'N', "NONE"},
    {'P', "PERSID"},      {'Q', "BINPERSID"},     {'R', "REDUCE"},       {'S', "STRING"},
    {'T', "BINSTRING"},   {'U', "SHORT_BINSTRING"}, {'V', "UNICODE"},    {'X', "BINUNICODE"},
    {'a', "APPEND"},      {'b', "BUILD"},         {'c', "GLOBAL"},       {'d', "DICT"},
    {'}', "EMPTY_DICT"},  {'e', "APPENDS"},       {'g', "GET"},          {'h', "BINGET"},
    {'i', "INST"},        {'j', "LONG_BINGET"},   {'l', "LIST"},         {']', "EMPTY_LIST"},
    {'o', "OBJ"},         {'p', "PUT"},           {'q', "BINPUT"},       {'r', "LONG_BINPUT"},
    {'s', "SETITEM"},     {'t', "TUPLE"},         {')', "EMPTY_TUPLE"},  {'u', "SETITEMS"},
    {'G', "BINFLOAT"},    {0x80, "PROTO"},        {0x81, "NEWOBJ"},      {0x82, "EXT1"},
    {0x83, "EXT2"},       {0x84, "EXT4"},         {0x85, "TUPLE1"},      {0x86, "TUPLE2"},
    {0x87, "TUPLE3"},     {0x88, "NEWTRUE"},      {0x89, "NEWFALSE"},    {0x8a, "LONG1"},
    {0x8b, "LONG4"},      {'B', "BINBYTES"},      {'C', "SHORT_BINBYTES"}, {0x8c, "SHORT_BINUNICODE"},
    {0x8d, "BINUNICODE8"}, {0x8e, "BINBYTES8"},   {0x8f, "EMPTY_SET"},   {0x90, "ADDITEMS"},
    {0x91, "FROZENSET"},  {0x92, "NEWOBJ_EX"},    {0x93, "STACK_GLOBAL"}, {0x94, "MEMOIZE"},
    {0x95, "FRAME"},      {0x96, "BYTEARRAY8"},   {0x97, "NEXT_BUFFER"}, {0x98, "READONLY_BUFFER"},
}};

const char* opcode_name(std::uint8_t code) {
  for (const OpcodeName& entry : opcode_names) {
    if (entry.code == code) return entry.name;
  }
  return nullptr;
}

std::string hex(std::uint8_t code) {
  constexpr const char* digits = "0123456789abcdef";
  return std::string("0x") + digits[code >> 4] + digits[code & 0xF];
}

// Text from the file, cut short and with control bytes shown as '?', for a message.
std::string printable(std::string_view text) {
  constexpr std::size_t max_chars = 80;
  std::string shown;
  for (const char c : text.substr(0, max_chars)) shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  if (text.size() > max_chars) shown += "...";
  return shown;
}

// The storage types a persistent id may name, and the element type of each.
struct StorageType {
  const char* global;
  DType dtype;
};
constexpr std::array<StorageType, 10> storage_types{{
    {"torch.FloatStorage", DType::F32},
    {"torch.HalfStorage", DType::F16},
    {"torch.BFloat16Storage", DType::BF16},
    {"torch.DoubleStorage", DType::F64},
    {"torch.LongStorage", DType::I64},
    {"torch.IntStorage", DType::I32},
    {"torch.ShortStorage", DType::I16},
    {"torch.CharStorage", DType::I8},
    {"torch.ByteStorage", DType::U8},
    {"torch.BoolStorage", DType::Bool},
}};

constexpr const char* ordered_dict = "collections.OrderedDict";
constexpr const char* rebuild_tensor = "torch._utils._rebuild_tensor_v2";
constexpr const char* rebuild_parameter = "torch._utils._rebuild_parameter";

std::optional<DType> storage_dtype(std::string_view global) {
  for (const StorageType& type : storage_types) {
    if (global == type.global) return type.dtype;
  }
  return std::nullopt;
}

bool allowed_global(std::string_view global) {
  return global == ordered_dict || global == rebuild_tensor || global == rebuild_parameter ||
         storage_dtype(global).has_value();
}

// A value on the unpickler's stack. Containers hold their items by shared pointer, as Python
// objects are shared through the memo.
enum class Kind { None, Bool, Int, Float, Text, Tuple, List, Dict, Global, Storage, Tensor };

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::None: return "None";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::Text: return "str";
    case Kind::Tuple: return "tuple";
    case Kind::List: return "list";
    case Kind::Dict: return "dict";
    case Kind::Global: return "global";
    case Kind::Storage: return "storage";
    case Kind::Tensor: return "tensor";
  }
  return "value";
}

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value {
  Kind kind = Kind::None;
  std::int64_t integer = 0;     // Bool (0 or 1), Int
  double real = 0;              // Float
  std::string text;             // Text; Global: "module.name"
  std::vector<ValuePtr> items;  // Tuple, List; Dict: key, value, key, value, …
  PickledTensor tensor;         // Storage: tensor.storage; Tensor: all but the name
  // 0 for a leaf, 1 + the deepest item for a container: bounds the recursion of destruction.
  std::size_t depth = 0;
  // Set once the value is an item of another: it never changes after. With adopt's refusal of a
  // value as its own item, no value can come to contain itself (a cycle of shared pointers would
  // leak and make depth meaningless): closing a longer cycle would change a value already inside
  // another. Pickles of real objects only fill a container before it is used as an item.
  bool frozen = false;
};

ValuePtr make(Kind kind) {
  auto value = std::make_shared<Value>();
  value->kind = kind;
  return value;
}

class Unpickler {
 public:
  Unpickler(std::span<const std::byte> bytes, const std::string& where) : bytes_(bytes), where_(where) {}

  ValuePtr run();

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw LoadError(where_ + ": " + what + " (at byte " + std::to_string(op_at_) + ")");
  }

  // reading the opcode stream
  std::span<const std::byte> take(std::size_t count, const char* what);
  std::uint64_t unsigned_le(std::size_t count, const char* what);
  std::string line(const char* what);

  // the stack
  void push(ValuePtr value);
  ValuePtr pop();
  const ValuePtr& top();
  std::vector<ValuePtr> pop_to_mark();
  // Makes child an item of parent (which must still be open to change).
  void adopt(Value& parent, ValuePtr child);
  Value& open_container(Kind kind, const char* opcode);
  ValuePtr tuple(std::vector<ValuePtr> items);

  // the opcodes that are more than a line
  void global();
  void persistent_id();
  void reduce();
  ValuePtr rebuild_tensor_v2(const Value& args);
  std::int64_t integer_item(const Value& args, std::size_t index, const char* callable);
  std::vector<std::int64_t> integers_item(const Value& args, std::size_t index, const char* callable);
  void memo_put(std::uint32_t slot);
  void memo_get(std::uint32_t slot);

  std::span<const std::byte> bytes_;
  std::string where_;
  std::size_t at_ = 0;     // next byte to read
  std::size_t op_at_ = 0;  // the opcode being run, for messages
  std::vector<ValuePtr> stack_;
  std::vector<std::size_t> marks_;  // stack sizes at each open MARK
  std::unordered_map<std::uint32_t, ValuePtr> memo_;
};

std::span<const std::byte> Unpickler::take(std::size_t count, const char* what) {
  if (count > bytes_.size() - at_) {
    fail(std::string("ends inside ") + what + " (truncated: " + std::to_string(count) + " bytes needed, " +
         std::to_string(bytes_.size() - at_) + " left)");
  }
  const std::span<const std::byte> taken = bytes_.subspan(at_, count);
  at_ += count;
  return taken;
}

std::uint64_t Unpickler::unsigned_le(std::size_t count, const char* what) {
  const std::span<const std::byte> taken = take(count, what);
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) value |= std::to_integer<std::uint64_t>(taken[i]) << (8 * i);
  return value;
}

std::string Unpickler::line(const char* what) {
  constexpr std::size_t max_line = 256;
  for (std::size_t end = at_; end - at_ <= max_line; ++end) {
    if (end == bytes_.size()) fail(std::string("ends inside ") + what + " (truncated)");
    if (bytes_[end] == std::byte{'\n'}) {
      std::string text(reinterpret_cast<const char*>(bytes_.data()) + at_, end - at_);
      at_ = end + 1;
      return text;
    }
  }
  fail(std::string("has no end of line in ") + what + " within " + std::to_string(max_line) + " bytes");
}

void Unpickler::push(ValuePtr value) {
  if (stack_.size() + marks_.size() >= PickleLimits::max_stack) {
    fail("holds more than " + std::to_string(PickleLimits::max_stack) + " values on its stack");
  }
  stack_.push_back(std::move(value));
}

ValuePtr Unpickler::pop() {
  // A MARK fences the values pushed before it: only the opcodes that close it may reach past it.
  if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail("pops from an empty stack");
  ValuePtr value = std::move(stack_.back());
  stack_.pop_back();
  return value;
}

const ValuePtr& Unpickler::top() {
  if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail("reads from an empty stack");
  return stack_.back();
}

std::vector<ValuePtr> Unpickler::pop_to_mark() {
  if (marks_.empty()) fail("closes a MARK that was never set");
  const std::size_t mark = marks_.back();
  marks_.pop_back();
  std::vector<ValuePtr> items(std::make_move_iterator(stack_.begin() + static_cast<std::ptrdiff_t>(mark)),
                              std::make_move_iterator(stack_.end()));
  stack_.resize(mark);
  return items;
}

void Unpickler::adopt(Value& parent, ValuePtr child) {
  if (child.get() == &parent) fail(std::string("puts a ") + kind_name(parent.kind) + " inside itself");
  child->frozen = true;
  parent.depth = std::max(parent.depth, child->depth + 1);
  if (parent.depth > PickleLimits::max_depth) {
    fail("nests values more than " + std::to_string(PickleLimits::max_depth) + " levels deep");
  }
  parent.items.push_back(std::move(child));
}

Value& Unpickler::open_container(Kind kind, const char* opcode) {
  const ValuePtr& target = top();
  if (target->kind != kind) {
    fail(std::string(opcode) + " adds to a " + kind_name(target->kind) + ", expected a " + kind_name(kind));
  }
  if (target->frozen) fail(std::string(opcode) + " changes a " + kind_name(kind) + " already used inside another value");
  return *target;
}

ValuePtr Unpickler::tuple(std::vector<ValuePtr> items) {
  ValuePtr value = make(Kind::Tuple);
  for (ValuePtr& item : items) adopt(*value, std::move(item));
  return value;
}

void Unpickler::global() {
  const std::string module = line("GLOBAL's module");
  const std::string name = line("GLOBAL's name");
  const std::string full = module + "." + name;
  if (!allowed_global(full)) {
    fail("refused global '" + printable(full) + "': a PyTorch checkpoint is read for its tensors only, so just " +
         ordered_dict + ", " + rebuild_tensor + ", " + rebuild_parameter +
         " and torch's storage types are recognised, and nothing in the file is run");
  }
  ValuePtr value = make(Kind::Global);
  value->text = full;
  push(std::move(value));
}

void Unpickler::persistent_id() {
  const ValuePtr id = pop();
  constexpr const char* expected = "('storage', storage type, key, location, element count)";
  const auto bad = [&](const std::string& what) { fail("persistent id " + what + "; expected " + expected); };
  if (id->kind != Kind::Tuple || id->items.size() != 5) bad(std::string("is a ") + kind_name(id->kind));
  const std::vector<ValuePtr>& item = id->items;
  if (item[0]->kind != Kind::Text || item[0]->text != "storage") bad("does not start with 'storage'");
  if (item[1]->kind != Kind::Global || !storage_dtype(item[1]->text)) {
    bad("names " + (item[1]->kind == Kind::Global ? "'" + item[1]->text + "'" : std::string("a ") + kind_name(item[1]->kind)) +
        " as its storage type");
  }
  if (item[2]->kind != Kind::Text) bad(std::string("has a ") + kind_name(item[2]->kind) + " key");
  if (item[3]->kind != Kind::Text) bad(std::string("has a ") + kind_name(item[3]->kind) + " location");
  if (item[4]->kind != Kind::Int || item[4]->integer < 0) bad("has no non-negative element count");
  ValuePtr storage = make(Kind::Storage);
  storage->tensor.storage = {item[2]->text, *storage_dtype(item[1]->text), item[4]->integer};
  push(std::move(storage));
}

std::int64_t Unpickler::integer_item(const Value& args, std::size_t index, const char* callable) {
  const Value& item = *args.items[index];
  if (item.kind != Kind::Int) {
    fail(std::string(callable) + "'s argument " + std::to_string(index + 1) + " is a " + kind_name(item.kind) +
         ", expected an int");
  }
  return item.integer;
}

std::vector<std::int64_t> Unpickler::integers_item(const Value& args, std::size_t index, const char* callable) {
  const Value& item = *args.items[index];
  if (item.kind != Kind::Tuple) {
    fail(std::string(callable) + "'s argument " + std::to_string(index + 1) + " is a " + kind_name(item.kind) +
         ", expected a tuple of ints");
  }
  if (item.items.size() > PickleLimits::max_dimensions) {
    fail(std::string(callable) + "'s argument " + std::to_string(index + 1) + " has " +
         std::to_string(item.items.size()) + " dimensions, more than " + std::to_string(PickleLimits::max_dimensions));
  }
  std::vector<std::int64_t> values;
  for (const ValuePtr& element : item.items) {
    if (element->kind != Kind::Int) {
      fail(std::string(callable) + "'s argument " + std::to_string(index + 1) + " holds a " +
           kind_name(element->kind) + ", expected ints");
    }
    values.push_back(element->integer);
  }
  return values;
}

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]):
// the tensor is a view of the storage. The numbers are checked against the archive later.
ValuePtr Unpickler::rebuild_tensor_v2(const Value& args) {
  if (args.items.size() != 6 && args.items.size() != 7) {
    fail(std::string(rebuild_tensor) + " takes 6 or 7 arguments (storage, offset, size, stride, requires_grad, "
         "hooks[, metadata]), got " + std::to_string(args.items.size()));
  }
  if (args.items[0]->kind != Kind::Storage) {
    fail(std::string(rebuild_tensor) + "'s argument 1 is a " + kind_name(args.items[0]->kind) +
         ", expected a storage (a persistent id)");
  }
  ValuePtr tensor = make(Kind::Tensor);
  tensor->tensor.storage = args.items[0]->tensor.storage;
  tensor->tensor.offset = integer_item(args, 1, rebuild_tensor);
  tensor->tensor.shape = integers_item(args, 2, rebuild_tensor);
  tensor->tensor.stride = integers_item(args, 3, rebuild_tensor);
  if (tensor->tensor.stride.size() != tensor->tensor.shape.size()) {
    fail(std::string(rebuild_tensor) + " has " + std::to_string(tensor->tensor.shape.size()) + " sizes and " +
         std::to_string(tensor->tensor.stride.size()) + " strides");
  }
  return tensor;
}

void Unpickler::reduce() {
  const ValuePtr args = pop();
  const ValuePtr callable = pop();
  if (callable->kind != Kind::Global) fail(std::string("REDUCE calls a ") + kind_name(callable->kind));
  if (args->kind != Kind::Tuple) fail("REDUCE gives " + callable->text + " a " + kind_name(args->kind) + ", expected a tuple");
  if (callable->text == ordered_dict) {
    // torch.save pickles OrderedDict() and fills it with SETITEMS.
    if (!args->items.empty()) fail(std::string(ordered_dict) + " is called with arguments; expected none");
    push(make(Kind::Dict));
  } else if (callable->text == rebuild_tensor) {
    push(rebuild_tensor_v2(*args));
  } else if (callable->text == rebuild_parameter) {
    // _rebuild_parameter(data, requires_grad, backward_hooks): a Parameter is its tensor here.
    if (args->items.size() != 3 || args->items[0]->kind != Kind::Tensor) {
      fail(std::string(rebuild_parameter) + " takes (tensor, requires_grad, hooks)");
    }
    push(args->items[0]);
  } else {
    fail("global '" + callable->text + "' cannot be called");
  }
}

void Unpickler::memo_put(std::uint32_t slot) {
  if (!memo_.contains(slot) && memo_.size() >= PickleLimits::max_memo) {
    fail("fills more than " + std::to_string(PickleLimits::max_memo) + " memo slots");
  }
  memo_[slot] = top();
}

void Unpickler::memo_get(std::uint32_t slot) {
  const auto found = memo_.find(slot);
  if (found == memo_.end()) fail("reads memo slot " + std::to_string(slot) + ", which was never filled");
  push(found->second);
}

ValuePtr Unpickler::run() {
  while (at_ < bytes_.size()) {
    op_at_ = at_;
    const auto code = std::to_integer<std::uint8_t>(bytes_[at_++]);
    switch (code) {
      case 0x80: {  // PROTO
        const auto protocol = unsigned_le(1, "PROTO");
        if (protocol > 2) {
          fail("is pickle protocol " + std::to_string(protocol) +
               "; torch.save writes protocol 2 unless given pickle_protocol: re-save it with torch.save(state_dict, "
               "path)");
        }
        break;
      }
      case '.': {  // STOP
        ValuePtr result = pop();
        return result;
      }
      case '(':  // MARK
        if (stack_.size() + marks_.size() >= PickleLimits::max_stack) {
          fail("holds more than " + std::to_string(PickleLimits::max_stack) + " values on its stack");
        }
        marks_.push_back(stack_.size());
        break;
      case 'N': push(make(Kind::None)); break;
      case 0x88:    // NEWTRUE
      case 0x89: {  // NEWFALSE
        ValuePtr value = make(Kind::Bool);
        value->integer = code == 0x88 ? 1 : 0;
        push(std::move(value));
        break;
      }
      case 'K':    // BININT1
      case 'M':    // BININT2
      case 'J': {  // BININT (signed)
        ValuePtr value = make(Kind::Int);
        if (code == 'K') value->integer = static_cast<std::int64_t>(unsigned_le(1, "BININT1"));
        if (code == 'M') value->integer = static_cast<std::int64_t>(unsigned_le(2, "BININT2"));
        if (code == 'J') value->integer = static_cast<std::int32_t>(static_cast<std::uint32_t>(unsigned_le(4, "BININT")));
        push(std::move(value));
        break;
      }
      case 0x8a: {  // LONG1: n bytes of little-endian two's complement
        const auto count = static_cast<std::size_t>(unsigned_le(1, "LONG1"));
        if (count > 8) fail("holds a " + std::to_string(count) + "-byte integer; at most 8 bytes fit in 64 bits");
        std::uint64_t bits = unsigned_le(count, "LONG1");
        // Sign-extend from the top bit of the last byte.
        if (count > 0 && count < 8 && (bits >> (8 * count - 1)) != 0) bits |= ~std::uint64_t{0} << (8 * count);
        ValuePtr value = make(Kind::Int);
        value->integer = static_cast<std::int64_t>(bits);
        push(std::move(value));
        break;
      }
      case 'G': {  // BINFLOAT: big-endian IEEE double
        const std::span<const std::byte> taken = take(8, "BINFLOAT");
        std::uint64_t bits = 0;
        for (const std::byte b : taken) bits = (bits << 8) | std::to_integer<std::uint64_t>(b);
        ValuePtr value = make(Kind::Float);
        value->real = std::bit_cast<double>(bits);
        push(std::move(value));
        break;
      }
      case 'X': {  // BINUNICODE: 4-byte length, UTF-8
        const auto length = static_cast<std::size_t>(unsigned_le(4, "BINUNICODE"));
        const std::span<const std::byte> taken = take(length, "BINUNICODE");
        ValuePtr value = make(Kind::Text);
        value->text.assign(reinterpret_cast<const char*>(taken.data()), taken.size());
        push(std::move(value));
        break;
      }
      case ')': push(make(Kind::Tuple)); break;   // EMPTY_TUPLE
      case 't': push(tuple(pop_to_mark())); break;  // TUPLE
      case 0x85:    // TUPLE1
      case 0x86:    // TUPLE2
      case 0x87: {  // TUPLE3
        std::vector<ValuePtr> items(static_cast<std::size_t>(code - 0x84));
        for (auto item = items.rbegin(); item != items.rend(); ++item) *item = pop();
        push(tuple(std::move(items)));
        break;
      }
      case ']': push(make(Kind::List)); break;  // EMPTY_LIST
      case 'a': {                               // APPEND
        ValuePtr item = pop();
        adopt(open_container(Kind::List, "APPEND"), std::move(item));
        break;
      }
      case 'e': {  // APPENDS
        std::vector<ValuePtr> items = pop_to_mark();
        Value& list = open_container(Kind::List, "APPENDS");
        for (ValuePtr& item : items) adopt(list, std::move(item));
        break;
      }
      case '}': push(make(Kind::Dict)); break;  // EMPTY_DICT
      case 's': {                               // SETITEM
        ValuePtr value = pop();
        ValuePtr key = pop();
        Value& dict = open_container(Kind::Dict, "SETITEM");
        adopt(dict, std::move(key));
        adopt(dict, std::move(value));
        break;
      }
      case 'u': {  // SETITEMS
        std::vector<ValuePtr> items = pop_to_mark();
        if (items.size() % 2 != 0) fail("SETITEMS has a key without a value");
        Value& dict = open_container(Kind::Dict, "SETITEMS");
        for (ValuePtr& item : items) adopt(dict, std::move(item));
        break;
      }
      case 'c': global(); break;          // GLOBAL
      case 'Q': persistent_id(); break;   // BINPERSID
      case 'R': reduce(); break;          // REDUCE
      case 'b': {                         // BUILD: sets an object's state
        pop();
        const Kind kind = top()->kind;
        // torch.save gives a state dict its _metadata (module versions) this way; it is not needed.
        if (kind != Kind::Dict && kind != Kind::Tensor) fail(std::string("BUILD sets the state of a ") + kind_name(kind));
        break;
      }
      case 'q': memo_put(static_cast<std::uint32_t>(unsigned_le(1, "BINPUT"))); break;
      case 'r': memo_put(static_cast<std::uint32_t>(unsigned_le(4, "LONG_BINPUT"))); break;
      case 'h': memo_get(static_cast<std::uint32_t>(unsigned_le(1, "BINGET"))); break;
      case 'j': memo_get(static_cast<std::uint32_t>(unsigned_le(4, "LONG_BINGET"))); break;
      default: {
        const char* name = opcode_name(code);
        if (name == nullptr) fail("byte " + hex(code) + " is not a pickle opcode");
        fail("opcode " + hex(code) + " (" + name + ") is not one torch.save's pickles use");
      }
    }
  }
  op_at_ = at_;
  fail("ends before its STOP opcode (truncated)");
}

// The first value of dict that is a dict holding a tensor: where a training checkpoint keeps
// its state dict ({"model": state_dict, "optimizer": …}).
const ValuePtr* nested_state_dict(const Value& dict) {
  for (std::size_t i = 0; i + 1 < dict.items.size(); i += 2) {
    const Value& value = *dict.items[i + 1];
    if (value.kind != Kind::Dict || dict.items[i]->kind != Kind::Text) continue;
    for (std::size_t j = 1; j < value.items.size(); j += 2) {
      if (value.items[j]->kind == Kind::Tensor) return &dict.items[i];
    }
  }
  return nullptr;
}

}  // namespace

std::vector<PickledTensor> read_state_dict_pickle(std::span<const std::byte> pickle, const std::string& where) {
  const ValuePtr result = Unpickler(pickle, where).run();
  if (result->kind != Kind::Dict) {
    throw LoadError(where + ": holds a " + kind_name(result->kind) + "; expected a dict of tensors (a state_dict)");
  }
  // As in Python, a key set twice keeps its last value.
  std::map<std::string, PickledTensor> by_name;
  for (std::size_t i = 0; i + 1 < result->items.size(); i += 2) {
    const Value& key = *result->items[i];
    const Value& value = *result->items[i + 1];
    if (value.kind != Kind::Tensor) continue;
    if (key.kind != Kind::Text) {
      throw LoadError(where + ": a tensor is stored under a " + std::string(kind_name(key.kind)) +
                      " key; expected a name");
    }
    PickledTensor tensor = value.tensor;
    tensor.name = key.text;
    by_name.insert_or_assign(key.text, std::move(tensor));
  }
  if (by_name.empty()) {
    if (const ValuePtr* key = nested_state_dict(*result)) {
      throw LoadError(where + ": holds no tensors at its top level; its tensors are under '" + printable((*key)->text) +
                      "': save that dict alone, torch.save(checkpoint['" + printable((*key)->text) + "'], path)");
    }
    throw LoadError(where + ": holds no tensors; expected a dict of tensors (a state_dict)");
  }
  std::vector<PickledTensor> tensors;
  for (auto& [name, tensor] : by_name) tensors.push_back(std::move(tensor));
  return tensors;
}

}  // namespace core

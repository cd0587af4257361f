// SPDX-License-Identifier: MIT
#include "OpenAiFastChunk.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ondemand = simdjson::ondemand;

namespace {
// Qt refuses nesting past 1024 levels; staying far below keeps depth out of the comparison.
constexpr int kMaxDepth = 64;
// The parser keeps its buffers at the largest size it has read; rare huge events go to Qt.
constexpr qsizetype kMaxBytes = 64 * 1024;

/// prompt_tokens, completion_tokens and completion_tokens_details.reasoning_tokens.
struct Usage {
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    std::optional<qint64> reasoningTokens;
};

/// One element of "choices".
struct Choice {
    std::optional<qint64> index; ///< when "index" is an integer; else the element's place
    std::string_view text;
    std::string_view reasoningContent;
    std::string_view reasoning;
    std::optional<std::string_view> finishReason;
};

/// What one chunk says, gathered first so that a late refusal leaves the output untouched.
/// The views point into the parser's string buffer, valid until its next document.
struct Chunk {
    bool hasError = false;
    std::string_view errorMessage;
    std::optional<Choice> answer; ///< the choice with index 0
    std::vector<int> otherChoices;
    Usage usage;
    Usage groqUsage; ///< "x_groq": {"usage": ...}
};

/// Reads \a value fully, so that simdjson checks every literal, number and escape that Qt
/// checks. Numbers Qt might read differently (underflow, subnormals) are refused.
bool validate(ondemand::value value, int depth)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return false;
    switch (type) {
    case ondemand::json_type::object: {
        ondemand::object object;
        if (depth >= kMaxDepth || value.get_object().get(object))
            return false;
        for (auto result : object) {
            ondemand::field field;
            std::string_view key;
            if (std::move(result).get(field) || field.unescaped_key().get(key) || !validate(field.value(), depth + 1))
                return false;
        }
        return true;
    }
    case ondemand::json_type::array: {
        ondemand::array array;
        if (depth >= kMaxDepth || value.get_array().get(array))
            return false;
        for (auto result : array) {
            ondemand::value element;
            if (std::move(result).get(element) || !validate(element, depth + 1))
                return false;
        }
        return true;
    }
    case ondemand::json_type::string: {
        std::string_view text;
        return !value.get_string().get(text);
    }
    case ondemand::json_type::number: {
        ondemand::number number;
        if (value.get_number().get(number))
            return false;
        return number.get_number_type() != ondemand::number_type::floating_point_number
            || std::isnormal(number.get_double());
    }
    case ondemand::json_type::boolean: {
        bool flag;
        return !value.get_bool().get(flag);
    }
    case ondemand::json_type::null: {
        bool isNull = false;
        return !value.is_null().get(isNull) && isNull;
    }
    }
    return false;
}

/// A string that goes into the output. simdjson may pass a lone surrogate escape through as
/// bytes that are not UTF-8, where Qt keeps the surrogate: refuse those.
bool readString(ondemand::value value, std::string_view *text)
{
    return !value.get_string().get(*text) && simdjson::validate_utf8(text->data(), text->size());
}

/// A string field: its text when it is a string, nothing (as QJsonValue::toString()) otherwise.
bool readOptionalString(ondemand::value value, std::string_view *text)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return false;
    return type == ondemand::json_type::string ? readString(value, text) : validate(value, 2);
}

/// A token count: Qt takes any number; only integers in qint64 read the same for certain.
bool readCount(ondemand::value value, std::optional<qint64> *count)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return false;
    if (type != ondemand::json_type::number)
        return validate(value, 3);
    int64_t n;
    if (value.get_int64().get(n))
        return false;
    // A negative count is unknown, as on Qt's path (StreamJson::tokenCount).
    if (n >= 0)
        *count = n;
    return true;
}

/// Iterates \a value's fields when it is an object (else just validates it), handing each to
/// \a onField; refuses a repeated key that \a onField reads (\a readKeys), since simdjson and Qt
/// might pick different copies.
template<std::size_t N, typename OnField>
bool forFields(ondemand::value value, int depth, const std::string_view (&readKeys)[N], OnField onField)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return false;
    if (type != ondemand::json_type::object)
        return validate(value, depth);
    ondemand::object object;
    if (depth >= kMaxDepth || value.get_object().get(object))
        return false;
    bool seen[N] = {};
    for (auto result : object) {
        ondemand::field field;
        std::string_view key;
        if (std::move(result).get(field) || field.unescaped_key().get(key))
            return false;
        std::size_t i = 0;
        while (i < N && readKeys[i] != key)
            ++i;
        if (i == N) {
            if (!validate(field.value(), depth + 1))
                return false;
            continue;
        }
        if (seen[i] || !onField(i, field.value()))
            return false;
        seen[i] = true;
    }
    return true;
}

/// A field that must be null (or absent) for this reader: anything else is Qt's to read.
bool readNull(ondemand::value value)
{
    ondemand::json_type type;
    return !value.type().get(type) && type == ondemand::json_type::null && validate(value, 4);
}

bool readDelta(ondemand::value value, Choice &choice)
{
    // Tool calls are rare too, and Qt's path assembles them.
    static constexpr std::string_view keys[] = {"content", "reasoning_content", "reasoning", "refusal", "reasoning_details", "tool_calls"};
    return forFields(value, 3, keys, [&](std::size_t key, ondemand::value field) {
        if (key == 0) {
            // Content parts (an array) are rare; Qt's path joins them.
            ondemand::json_type type;
            if (field.type().get(type) || type == ondemand::json_type::array)
                return false;
            return readOptionalString(field, &choice.text);
        }
        // A refusal, reasoning details (OpenRouter) or tool calls are rare too.
        if (key >= 3)
            return readNull(field);
        return readOptionalString(field, key == 1 ? &choice.reasoningContent : &choice.reasoning);
    });
}

bool readChoice(ondemand::value value, Choice &choice)
{
    static constexpr std::string_view keys[] = {"delta", "finish_reason", "index"};
    return forFields(value, 2, keys, [&](std::size_t key, ondemand::value field) {
        if (key == 0)
            return readDelta(field, choice);
        ondemand::json_type type;
        if (field.type().get(type))
            return false;
        if (key == 2) {
            if (type != ondemand::json_type::number)
                return validate(field, 3);
            // Qt reads a whole number; anything else (floats, beyond qint64) is left to it.
            int64_t index;
            if (field.get_int64().get(index))
                return false;
            choice.index = index;
            return true;
        }
        if (type != ondemand::json_type::string)
            return validate(field, 3);
        std::string_view reason;
        if (!readString(field, &reason))
            return false;
        choice.finishReason = reason;
        return true;
    });
}

bool readChoices(ondemand::value value, Chunk &chunk)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return false;
    if (type != ondemand::json_type::array)
        return validate(value, 1);
    ondemand::array array;
    if (value.get_array().get(array))
        return false;
    qint64 position = 0;
    for (auto result : array) {
        ondemand::value element;
        Choice choice;
        if (std::move(result).get(element) || !readChoice(element, choice))
            return false;
        const qint64 index = choice.index.value_or(position);
        ++position;
        if (index != 0) {
            chunk.otherChoices.push_back(int(std::clamp<qint64>(index, -1, std::numeric_limits<int>::max())));
            continue;
        }
        // Two choices claiming index 0 are rare enough for Qt's path.
        if (chunk.answer)
            return false;
        chunk.answer = choice;
    }
    return true;
}

bool readUsage(ondemand::value value, Usage &usage)
{
    static constexpr std::string_view keys[] = {"prompt_tokens", "completion_tokens", "completion_tokens_details"};
    return forFields(value, 1, keys, [&](std::size_t key, ondemand::value field) {
        if (key == 2) {
            static constexpr std::string_view detailKeys[] = {"reasoning_tokens"};
            return forFields(field, 2, detailKeys,
                             [&](std::size_t, ondemand::value count) { return readCount(count, &usage.reasoningTokens); });
        }
        return readCount(field, key == 0 ? &usage.inputTokens : &usage.outputTokens);
    });
}

/// "error": null means none; an object's "message" or a string is the message; anything else
/// is an error without one.
bool readError(ondemand::value value, Chunk &chunk)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return false;
    if (type == ondemand::json_type::null)
        return validate(value, 1);
    chunk.hasError = true;
    if (type == ondemand::json_type::string)
        return readString(value, &chunk.errorMessage);
    static constexpr std::string_view keys[] = {"message"};
    return forFields(value, 1, keys, [&](std::size_t, ondemand::value field) {
        return readOptionalString(field, &chunk.errorMessage);
    });
}

bool readChunk(ondemand::document &doc, Chunk &chunk)
{
    ondemand::object top;
    if (doc.get_object().get(top))
        return false;
    static constexpr std::string_view keys[] = {"error", "choices", "usage", "x_groq"};
    constexpr std::size_t kKeys = std::size(keys);
    bool seen[kKeys] = {};
    for (auto result : top) {
        ondemand::field field;
        std::string_view key;
        if (std::move(result).get(field) || field.unescaped_key().get(key))
            return false;
        std::size_t i = 0;
        while (i < kKeys && keys[i] != key)
            ++i;
        bool ok;
        if (i == kKeys) {
            ok = validate(field.value(), 1);
        } else if (seen[i]) {
            ok = false;
        } else if (i == 0) {
            ok = readError(field.value(), chunk);
        } else if (i == 1) {
            ok = readChoices(field.value(), chunk);
        } else if (i == 2) {
            ok = readUsage(field.value(), chunk.usage);
        } else {
            static constexpr std::string_view groqKeys[] = {"usage"};
            ok = forFields(field.value(), 1, groqKeys,
                           [&](std::size_t, ondemand::value usage) { return readUsage(usage, chunk.groqUsage); });
        }
        if (!ok)
            return false;
        if (i < kKeys)
            seen[i] = true;
    }
    // Qt refuses anything but whitespace after the document; only at the end is there no location.
    return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

/// An index as QJsonValue::toInteger() reads it: a whole number is itself; a value of another
/// type is absent. A number simdjson cannot read as int64 (a float, a big one) is Qt's to read.
bool readIndex(ondemand::value value, std::optional<qint64> *index)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return false;
    if (type != ondemand::json_type::number)
        return validate(value, 2);
    int64_t n;
    if (value.get_int64().get(n))
        return false;
    *index = n;
    return true;
}

QString toQString(std::string_view text)
{
    QString decoded = QString::fromUtf8(text.data(), qsizetype(text.size()));
    // fromUtf8 takes a leading EF BB BF for a byte-order mark and drops it; here it is text
    // (the stream's own byte-order mark never gets this far).
    if (text.starts_with("\xEF\xBB\xBF"))
        decoded.prepend(QChar(0xFEFF));
    return decoded;
}

/// One parser and input buffer per thread: parsing is synchronous, and thousands of streams
/// then share a few kilobytes instead of holding them each.
struct State {
    ondemand::parser parser;
    std::string padded; ///< the event plus the SIMDJSON_PADDING bytes simdjson may read past it
};

/// The thread's parser over a padded copy of \a data; false when simdjson refuses to start.
bool iterate(QByteArrayView data, State &state, ondemand::document *doc)
{
    const std::size_t size = std::size_t(data.size());
    if (state.padded.size() < size + simdjson::SIMDJSON_PADDING)
        state.padded.resize(size + simdjson::SIMDJSON_PADDING);
    std::memcpy(state.padded.data(), data.data(), size);
    return !state.parser.iterate(state.padded.data(), size, state.padded.size()).get(*doc);
}
} // namespace

bool OpenAiFastChunk::readResponsesDelta(QByteArrayView data, ResponsesDelta *delta)
{
    if (data.isEmpty() || data.size() > kMaxBytes)
        return false;
    thread_local State state;
    ondemand::document doc;
    ondemand::object top;
    if (!iterate(data, state, &doc) || doc.get_object().get(top))
        return false;
    static constexpr std::string_view keys[] = {"type", "delta", "item_id", "summary_index", "content_index"};
    constexpr std::size_t kKeys = std::size(keys);
    bool seen[kKeys] = {};
    std::optional<std::string_view> type;
    std::string_view text, itemId;
    std::optional<qint64> summaryIndex, contentIndex;
    for (auto result : top) {
        ondemand::field field;
        std::string_view key;
        if (std::move(result).get(field) || field.unescaped_key().get(key))
            return false;
        std::size_t i = 0;
        while (i < kKeys && keys[i] != key)
            ++i;
        if (i == kKeys) {
            if (!validate(field.value(), 1))
                return false;
            continue;
        }
        if (seen[i])
            return false;
        seen[i] = true;
        bool ok = false;
        if (i == 0) {
            std::string_view name;
            ok = readString(field.value(), &name);
            type = name;
        } else if (i == 1) {
            ok = readOptionalString(field.value(), &text);
        } else if (i == 2) {
            ok = readOptionalString(field.value(), &itemId);
        } else {
            ok = readIndex(field.value(), i == 3 ? &summaryIndex : &contentIndex);
        }
        if (!ok)
            return false;
    }
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS || !type)
        return false;
    if (*type == "response.output_text.delta")
        delta->kind = ResponsesDelta::Kind::Text;
    else if (*type == "response.refusal.delta")
        delta->kind = ResponsesDelta::Kind::Refusal;
    else if (*type == "response.reasoning_summary_text.delta")
        delta->kind = ResponsesDelta::Kind::ReasoningSummary;
    else if (*type == "response.reasoning_text.delta")
        delta->kind = ResponsesDelta::Kind::ReasoningText;
    else
        return false;
    delta->delta = toQString(text);
    delta->itemId = toQString(itemId);
    delta->index = summaryIndex ? *summaryIndex : contentIndex.value_or(0);
    return true;
}

bool OpenAiFastChunk::read(QByteArrayView data, StreamOutput &out)
{
    if (data.isEmpty() || data.size() > kMaxBytes)
        return false;
    thread_local State state;
    const std::size_t size = std::size_t(data.size());
    if (state.padded.size() < size + simdjson::SIMDJSON_PADDING)
        state.padded.resize(size + simdjson::SIMDJSON_PADDING);
    std::memcpy(state.padded.data(), data.data(), size);
    ondemand::document doc;
    Chunk chunk;
    if (state.parser.iterate(state.padded.data(), size, state.padded.size()).get(doc) || !readChunk(doc, chunk))
        return false;
    // The same order as Qt's path (OpenAiProtocol): the choices, Groq's usage, the usage, the error.
    for (const int index : chunk.otherChoices)
        out.noteOtherChoice(index);
    if (chunk.answer) {
        const Choice &answer = *chunk.answer;
        out.text += toQString(answer.text);
        // One source of reasoning per delta, as on Qt's path.
        out.reasoning += toQString(answer.reasoning.empty() ? answer.reasoningContent : answer.reasoning);
        if (answer.finishReason)
            out.setFinishReason(toQString(*answer.finishReason));
    }
    for (const Usage *usage : {&chunk.groqUsage, &chunk.usage}) {
        if (usage->inputTokens)
            out.inputTokens = usage->inputTokens;
        if (usage->outputTokens)
            out.outputTokens = usage->outputTokens;
        if (usage->reasoningTokens)
            out.reasoningTokens = usage->reasoningTokens;
    }
    if (chunk.hasError)
        out.error = chunk.errorMessage.empty() ? QStringLiteral("the server reported an error in the stream")
                                               : toQString(chunk.errorMessage);
    return true;
}

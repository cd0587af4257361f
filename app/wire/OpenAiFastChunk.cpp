// SPDX-License-Identifier: MIT
#include "OpenAiFastChunk.h"

#include <simdjson.h>

#include <cmath>
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

/// What one chunk says, gathered first so that a late refusal leaves the output untouched.
/// The views point into the parser's string buffer, valid until its next document.
struct Chunk {
    bool hasError = false;
    std::string_view errorMessage;
    std::string_view text;
    std::string_view reasoningContent;
    std::string_view reasoning;
    std::optional<std::string_view> finishReason;
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
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

bool readDelta(ondemand::value value, Chunk &chunk)
{
    static constexpr std::string_view keys[] = {"content", "reasoning_content", "reasoning"};
    return forFields(value, 3, keys, [&](std::size_t key, ondemand::value field) {
        if (key == 0) {
            // Content parts (an array) are rare; Qt's path joins them.
            ondemand::json_type type;
            if (field.type().get(type) || type == ondemand::json_type::array)
                return false;
            return readOptionalString(field, &chunk.text);
        }
        return readOptionalString(field, key == 1 ? &chunk.reasoningContent : &chunk.reasoning);
    });
}

bool readChoice(ondemand::value value, Chunk &chunk)
{
    static constexpr std::string_view keys[] = {"delta", "finish_reason"};
    return forFields(value, 2, keys, [&](std::size_t key, ondemand::value field) {
        if (key == 0)
            return readDelta(field, chunk);
        ondemand::json_type type;
        if (field.type().get(type))
            return false;
        if (type != ondemand::json_type::string)
            return validate(field, 3);
        std::string_view reason;
        if (!readString(field, &reason))
            return false;
        chunk.finishReason = reason;
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
    bool first = true;
    for (auto result : array) {
        ondemand::value element;
        if (std::move(result).get(element) || !(first ? readChoice(element, chunk) : validate(element, 2)))
            return false;
        first = false;
    }
    return true;
}

bool readUsage(ondemand::value value, Chunk &chunk)
{
    static constexpr std::string_view keys[] = {"prompt_tokens", "completion_tokens"};
    return forFields(value, 1, keys, [&](std::size_t key, ondemand::value field) {
        return readCount(field, key == 0 ? &chunk.inputTokens : &chunk.outputTokens);
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
    static constexpr std::string_view keys[] = {"error", "choices", "usage"};
    bool seen[3] = {};
    for (auto result : top) {
        ondemand::field field;
        std::string_view key;
        if (std::move(result).get(field) || field.unescaped_key().get(key))
            return false;
        std::size_t i = 0;
        while (i < 3 && keys[i] != key)
            ++i;
        bool ok;
        if (i == 3)
            ok = validate(field.value(), 1);
        else if (seen[i])
            ok = false;
        else if (i == 0)
            ok = readError(field.value(), chunk);
        else if (i == 1)
            ok = readChoices(field.value(), chunk);
        else
            ok = readUsage(field.value(), chunk);
        if (!ok)
            return false;
        if (i < 3)
            seen[i] = true;
    }
    // Qt refuses anything but whitespace after the document; only at the end is there no location.
    return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
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
} // namespace

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
    if (chunk.hasError) {
        out.error = chunk.errorMessage.empty() ? QStringLiteral("the server reported an error in the stream")
                                               : toQString(chunk.errorMessage);
        return true;
    }
    out.text += toQString(chunk.text);
    out.reasoning += toQString(chunk.reasoningContent);
    out.reasoning += toQString(chunk.reasoning);
    if (chunk.finishReason)
        out.finishReason = toQString(*chunk.finishReason);
    if (chunk.inputTokens)
        out.inputTokens = chunk.inputTokens;
    if (chunk.outputTokens)
        out.outputTokens = chunk.outputTokens;
    return true;
}

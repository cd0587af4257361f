// SPDX-License-Identifier: MIT
// The NDJSON splitter must give the same lines however the input is split.
#include "NdjsonDecoder.h"

#include <cstdint>
#include <cstdlib>

namespace {
QList<QByteArray> decode(QByteArrayView input, qsizetype step, bool *overflowed)
{
    NdjsonDecoder decoder(256);
    QList<QByteArray> lines;
    for (qsizetype pos = 0; pos < input.size(); pos += step)
        lines += decoder.feed(input.sliced(pos, std::min(step, input.size() - pos)));
    const QByteArray last = decoder.finish();
    if (!last.isEmpty())
        lines.append(last);
    *overflowed = decoder.overflowed();
    return lines;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype step = 1 + data[0] % 17;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    bool overflowWhole = false;
    bool overflowSplit = false;
    const QList<QByteArray> whole = decode(input, std::max<qsizetype>(1, input.size()), &overflowWhole);
    const QList<QByteArray> split = decode(input, step, &overflowSplit);
    if (overflowWhole != overflowSplit || whole != split)
        std::abort();
    for (const QByteArray &line : whole) {
        if (line.contains('\n') || line.trimmed().isEmpty() || line.size() > 256)
            std::abort();
    }
    return 0;
}

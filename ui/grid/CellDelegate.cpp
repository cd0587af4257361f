// SPDX-License-Identifier: MIT
#include "CellDelegate.h"

#include "ResultsTableModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <climits>

namespace {
constexpr int kMargin = 6;
constexpr int kChipHeight = 20;
constexpr int kButtonSize = 20;
// Never hand more than this to the text layout, whatever the cell size.
constexpr qsizetype kMaxPaintedChars = 1500;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor readableOn(const QColor &background)
{
    // Relative luminance, roughly: dark text on light chips, white on dark ones.
    const double luminance = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return luminance > 0.55 ? QColor(0x1a, 0x1a, 0x1a) : QColor(Qt::white);
}

// WCAG's relative luminance and contrast ratio.
double relativeLuminance(const QColor &color)
{
    const auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// What is left of \a source after \a from, for the end of a cell: "+412 words" (or characters,
// for text without spaces), empty when only spaces are left.
QString hiddenAmount(const QString &source, qsizetype from)
{
    // Painting stays cheap for a huge answer: past this many characters the rest is estimated.
    constexpr qsizetype kCounted = 100000;
    const qsizetype end = std::min(source.size(), from + kCounted);
    qsizetype words = 0;
    qsizetype characters = 0;
    bool inWord = false;
    for (qsizetype i = from; i < end; ++i) {
        const bool space = source.at(i).isSpace();
        if (!space) {
            ++characters;
            if (!inWord)
                ++words;
        }
        inWord = !space;
    }
    if (end < source.size()) {
        const qsizetype rest = source.size() - end;
        characters += rest;
        words += words > 0 ? rest * words / std::max<qsizetype>(1, end - from) : 0;
    }
    if (characters == 0)
        return {};
    // Long runs without spaces (Chinese, Japanese, a URL): characters say more than words.
    if (words == 0 || characters / words > 20)
        return CellDelegate::tr("+%n characters", nullptr, int(std::min<qsizetype>(characters, INT_MAX)));
    return CellDelegate::tr("+%n words", nullptr, int(std::min<qsizetype>(words, INT_MAX)));
}

// Word-wraps \a text into \a rect; when it does not all fit, the last visible line ends with
// how much more there is. Returns that ("+412 words"), empty when everything fits. Without a
// painter it only measures.
QString drawWrappedElided(QPainter *painter, const QRect &rect, const QString &source, const QFont &font)
{
    if (rect.height() <= 0 || rect.width() <= 0 || source.isEmpty())
        return {};
    const QFontMetrics metrics(font);
    const int lineSpacing = metrics.lineSpacing();
    const int maxLines = std::max(1, rect.height() / lineSpacing);
    const qsizetype budget = std::min<qsizetype>(
        kMaxPaintedChars, qsizetype(rect.width() / std::max(1, metrics.averageCharWidth()) + 2) * maxLines * 2 + 16);
    QString text = source.left(budget);
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QLatin1Char('\t'), QLatin1Char(' '));

    QTextLayout layout(text, font);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(textOption);
    layout.beginLayout();
    QString more;
    int y = 0;
    for (int lineNumber = 0; lineNumber < maxLines; ++lineNumber) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(rect.width());
        const bool lastVisible = lineNumber == maxLines - 1;
        const qsizetype lineEnd = line.textStart() + line.textLength();
        if (lastVisible && (lineEnd < text.size() || text.size() < source.size())) {
            // This line's own text, shortened to leave room for how much more there is.
            QString rest = text.mid(line.textStart(), 400);
            const qsizetype restEnd = rest.indexOf(QChar::LineSeparator);
            if (restEnd >= 0)
                rest.truncate(restEnd);
            QFont moreFont = font;
            moreFont.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.85));
            moreFont.setBold(true);
            const QFontMetrics moreMetrics(moreFont);
            // Room for the label as it would read from this line's start: never less than needed.
            const QString widest = hiddenAmount(source, line.textStart());
            const int reserve = widest.isEmpty() ? 0 : moreMetrics.horizontalAdvance(widest) + 8;
            const QString elided = metrics.elidedText(rest, Qt::ElideRight, std::max(0, rect.width() - reserve));
            // What the elided line leaves out counts as hidden too.
            qsizetype shown = line.textStart() + elided.size();
            if (elided.endsWith(QStringLiteral("…")))
                shown -= 1;
            more = hiddenAmount(source, std::min(shown, source.size()));
            if (painter) {
                const int baseline = rect.top() + y + metrics.ascent();
                painter->drawText(QPoint(rect.left(), baseline), elided);
                if (!more.isEmpty()) {
                    painter->save();
                    painter->setFont(moreFont);
                    QColor color = painter->pen().color();
                    color.setAlphaF(0.7f);
                    painter->setPen(color);
                    painter->drawText(QRect(rect.left(), rect.top() + y, rect.width(), lineSpacing),
                                      Qt::AlignRight | Qt::AlignVCenter, more);
                    painter->restore();
                }
            }
            break;
        }
        if (painter)
            line.draw(painter, QPointF(rect.left(), rect.top() + y));
        y += lineSpacing;
    }
    layout.endLayout();
    return more;
}
} // namespace

CellDelegate::CellDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString CellDelegate::hiddenText(const QString &text, const QRect &rect, const QFont &font)
{
    return drawWrappedElided(nullptr, rect, text, font);
}

QRect CellDelegate::cancelButtonRect(const QRect &cellRect)
{
    return QRect(cellRect.right() - kMargin - kButtonSize + 1, cellRect.top() + kMargin, kButtonSize, kButtonSize);
}

QColor CellDelegate::statusColor(CellStatus status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (status) {
    case CellStatus::Queued:
        return palette.color(QPalette::Mid);
    case CellStatus::Running:
        return palette.color(QPalette::Highlight);
    case CellStatus::Ok:
        return dark ? QColor(0x4c, 0xaf, 0x50) : QColor(0x2e, 0x7d, 0x32);
    case CellStatus::Error:
        return dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);
    case CellStatus::Cancelled:
        return dark ? QColor(0x9e, 0x9e, 0x9e) : QColor(0x75, 0x75, 0x75);
    case CellStatus::Timeout:
        return dark ? QColor(0xff, 0xa7, 0x26) : QColor(0xe6, 0x51, 0x00);
    case CellStatus::Incomplete:
        return dark ? QColor(0xff, 0xca, 0x28) : QColor(0xf9, 0xa8, 0x25);
    case CellStatus::Interrupted:
        return dark ? QColor(0xba, 0x68, 0xc8) : QColor(0x6a, 0x1b, 0x9a);
    }
    return palette.color(QPalette::Mid);
}

QColor CellDelegate::statusTextColor(CellStatus status, const QPalette &palette, QPalette::ColorRole background)
{
    // The chip's colour, moved towards the palette's text colour until it reads as text does
    // (contrast 4.5:1), whatever the theme.
    const QColor back = palette.color(background);
    const QColor text = palette.color(background == QPalette::Base ? QPalette::Text : QPalette::WindowText);
    const QColor chip = statusColor(status, palette);
    QColor color = chip;
    for (int step = 1; step <= 10 && contrastRatio(color, back) < 4.5; ++step) {
        const double t = step / 10.0;
        color = QColor::fromRgbF(float(chip.redF() + (text.redF() - chip.redF()) * t), float(chip.greenF() + (text.greenF() - chip.greenF()) * t),
                                 float(chip.blueF() + (text.blueF() - chip.blueF()) * t));
    }
    return color;
}

QString CellDelegate::checksLabel(int passed, int total)
{
    return passed == total ? tr("✓ checks %1/%2").arg(passed).arg(total) : tr("✗ checks %1/%2").arg(passed).arg(total);
}

QColor CellDelegate::checksColor(bool allPassed, const QPalette &palette)
{
    return statusColor(allPassed ? CellStatus::Ok : CellStatus::Error, palette);
}

QString CellDelegate::validityLabel(bool valid)
{
    return valid ? tr("✓ valid") : tr("✗ invalid");
}

QString CellDelegate::validityErrorLine(const QString &errorText)
{
    return QStringLiteral("✗ ") + errorText;
}

QString CellDelegate::judgeLabel(std::optional<double> score, double scaleMax)
{
    if (!score)
        return tr("\u26a0 judge error");
    const auto number = [](double value) {
        return QString::number(value, 'f', std::abs(value - std::round(value)) < 0.05 ? 0 : 1);
    };
    return tr("judge %1/%2").arg(number(*score), number(scaleMax));
}

QColor CellDelegate::judgeColor(bool error, const QPalette &palette)
{
    if (error)
        return statusColor(CellStatus::Error, palette);
    return isDark(palette) ? QColor(0x79, 0x86, 0xcb) : QColor(0x28, 0x35, 0x93);
}

QString CellDelegate::statusLabel(CellStatus status, int queuePosition)
{
    switch (status) {
    case CellStatus::Queued:
        return queuePosition > 0 ? tr("queued #%1").arg(queuePosition) : tr("queued");
    case CellStatus::Running:
        return tr("running");
    case CellStatus::Ok:
        return tr("ok");
    case CellStatus::Error:
        return tr("error");
    case CellStatus::Cancelled:
        return tr("cancelled");
    case CellStatus::Timeout:
        return tr("timeout");
    case CellStatus::Incomplete:
        return tr("incomplete");
    case CellStatus::Interrupted:
        return tr("interrupted");
    }
    return {};
}

bool CellDelegate::isCancellable(const QModelIndex &index)
{
    const auto status = CellStatus(index.data(ResultsTableModel::StatusRole).toInt());
    return index.data(ResultsTableModel::StatusRole).isValid()
        && (status == CellStatus::Queued || status == CellStatus::Running);
}

void CellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.features &= ~QStyleOptionViewItem::HasDisplay;
    // A selected cell gets a frame rather than a filled background: a whole answer in
    // highlighted text on a large coloured block is hard to read.
    const bool isSelected = opt.state & QStyle::State_Selected;
    opt.state &= ~(QStyle::State_Selected | QStyle::State_HasFocus);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    if (isSelected) // the view has already filled the row panel with the highlight colour
        painter->fillRect(option.rect, option.palette.brush(QPalette::Base));
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    if (isSelected) {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        QColor frame = option.palette.color(QPalette::Highlight);
        QColor tint = frame;
        tint.setAlpha(28);
        painter->setPen(QPen(frame, 2));
        painter->setBrush(tint);
        painter->drawRoundedRect(QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5), 3, 3);
        painter->restore();
    }

    const QVariant statusValue = index.data(ResultsTableModel::StatusRole);
    if (!statusValue.isValid())
        return;
    const auto status = CellStatus(statusValue.toInt());
    const QPalette &palette = option.palette;
    const bool selected = false; // see the frame above: text keeps its normal colours
    const QColor textColor = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dimColor = selected ? textColor : palette.color(QPalette::PlaceholderText);
    if (!selected)
        dimColor.setAlpha(230);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const QRect inner = option.rect.adjusted(kMargin, kMargin, -kMargin, -kMargin);

    // Status chip.
    QFont chipFont = option.font;
    chipFont.setPointSizeF(std::max(6.0, chipFont.pointSizeF() * 0.85));
    chipFont.setBold(true);
    const QFontMetrics chipMetrics(chipFont);
    const QString chipText = statusLabel(status, index.data(ResultsTableModel::QueuePositionRole).toInt());
    // Never shorter than its text: large fonts and scale factors must not clip it.
    const int chipHeight = std::max(kChipHeight, chipMetrics.height() + 4);
    const QRect chipRect(inner.left(), inner.top(), chipMetrics.horizontalAdvance(chipText) + 14, chipHeight);
    const QColor chipColor = statusColor(status, palette);
    // On a selected cell the chip may share the selection colour: outline it then.
    painter->setPen(selected ? QPen(textColor, 1.2) : QPen(Qt::NoPen));
    painter->setBrush(chipColor);
    painter->drawRoundedRect(QRectF(chipRect).adjusted(0.5, 0.5, -0.5, -0.5), chipHeight / 2.0, chipHeight / 2.0);
    painter->setFont(chipFont);
    painter->setPen(readableOn(chipColor));
    painter->drawText(chipRect, Qt::AlignCenter, chipText);

    // Attempts next to the chip when the engine had to retry.
    const int attempts = index.data(ResultsTableModel::AttemptsRole).toInt();
    int headerRight = inner.right();
    const bool cancellable = status == CellStatus::Queued || status == CellStatus::Running;
    if (cancellable)
        headerRight = cancelButtonRect(option.rect).left() - 4;
    int headerLeft = chipRect.right() + 6;
    // The judge model's grade first after the status: on a narrow cell it is the chip that stays.
    const QVariant judgeScale = index.data(ResultsTableModel::JudgeScaleRole);
    if (judgeScale.isValid()) {
        const QVariant score = index.data(ResultsTableModel::JudgeScoreRole);
        const QString judged = judgeLabel(score.isValid() ? std::optional(score.toDouble()) : std::nullopt,
                                          judgeScale.toPointF().y());
        const QRect badge(headerLeft, chipRect.top(), chipMetrics.horizontalAdvance(judged) + 14, chipHeight);
        if (badge.right() <= headerRight) {
            const QColor fill = judgeColor(!score.isValid(), palette);
            painter->setPen(Qt::NoPen);
            painter->setBrush(fill);
            painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), chipHeight / 2.0, chipHeight / 2.0);
            painter->setFont(chipFont);
            painter->setPen(readableOn(fill));
            painter->drawText(badge, Qt::AlignCenter, judged);
            headerLeft = badge.right() + 6;
        }
    }
    // Quick checks beside the chip, as a chip of their own: coloured, and marked ✓ or ✗ so that
    // colour is not the only sign.
    const QVariant checksTotal = index.data(ResultsTableModel::ChecksTotalRole);
    if (checksTotal.isValid() && checksTotal.toInt() > 0) {
        const int passed = index.data(ResultsTableModel::ChecksPassedRole).toInt();
        const QString checks = checksLabel(passed, checksTotal.toInt());
        const QRect badge(headerLeft, chipRect.top(), chipMetrics.horizontalAdvance(checks) + 14, chipHeight);
        if (badge.right() <= headerRight) {
            const QColor fill = checksColor(passed == checksTotal.toInt(), palette);
            painter->setPen(Qt::NoPen);
            painter->setBrush(fill);
            painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), chipHeight / 2.0, chipHeight / 2.0);
            painter->setFont(chipFont);
            painter->setPen(readableOn(fill));
            painter->drawText(badge, Qt::AlignCenter, checks);
            headerLeft = badge.right() + 6;
        }
    }
    // Valid or not against the cell's schema and tools, a chip like the checks'.
    const QVariant schemaValid = index.data(ResultsTableModel::SchemaValidRole);
    if (schemaValid.isValid()) {
        const QString validity = validityLabel(schemaValid.toBool());
        const QRect badge(headerLeft, chipRect.top(), chipMetrics.horizontalAdvance(validity) + 14, chipHeight);
        if (badge.right() <= headerRight) {
            const QColor fill = checksColor(schemaValid.toBool(), palette);
            painter->setPen(Qt::NoPen);
            painter->setBrush(fill);
            painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), chipHeight / 2.0, chipHeight / 2.0);
            painter->setFont(chipFont);
            painter->setPen(readableOn(fill));
            painter->drawText(badge, Qt::AlignCenter, validity);
            headerLeft = badge.right() + 6;
        }
    }
    // A refusal is the answer, so the chip says ok: this mark says the model declined.
    if (index.data(ResultsTableModel::RefusedRole).toBool()) {
        QFont mark = chipFont;
        painter->setFont(mark);
        painter->setPen(selected ? textColor : statusColor(CellStatus::Error, palette));
        const QString refused = tr("\u2298 refused");
        const QRect markRect(headerLeft, chipRect.top(), std::max(0, headerRight - headerLeft), chipHeight);
        painter->drawText(markRect, Qt::AlignVCenter | Qt::AlignLeft, refused);
        headerLeft += QFontMetrics(mark).horizontalAdvance(refused) + 8;
    }
    // The grid shows a thread's latest turn: say which, from the second on.
    const int turn = index.data(ResultsTableModel::TurnRole).toInt();
    if (turn > 1) {
        QFont mark = chipFont;
        painter->setFont(mark);
        painter->setPen(selected ? textColor : dimColor);
        const QString turnText = tr("turn %1").arg(turn);
        const QRect turnRect(headerLeft, chipRect.top(), std::max(0, headerRight - headerLeft), chipHeight);
        painter->drawText(turnRect, Qt::AlignVCenter | Qt::AlignLeft, turnText);
        headerLeft += QFontMetrics(mark).horizontalAdvance(turnText) + 8;
    }
    if (attempts > 1) {
        QFont small = option.font;
        small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
        painter->setFont(small);
        painter->setPen(dimColor);
        const QRect attemptsRect(headerLeft, chipRect.top(), std::max(0, headerRight - headerLeft), chipHeight);
        painter->drawText(attemptsRect, Qt::AlignVCenter | Qt::AlignLeft, tr("attempt %1").arg(attempts));
    }

    // Cancel button: a drawn "×", no widget.
    if (cancellable) {
        const QRect button = cancelButtonRect(option.rect);
        QColor buttonFill = palette.color(QPalette::Button);
        painter->setPen(QPen(palette.color(QPalette::Mid), 1));
        painter->setBrush(buttonFill);
        painter->drawRoundedRect(QRectF(button).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        painter->setPen(QPen(palette.color(QPalette::ButtonText), 1.6, Qt::SolidLine, Qt::RoundCap));
        const QRectF cross = QRectF(button).adjusted(6, 6, -6, -6);
        painter->drawLine(cross.topLeft(), cross.bottomRight());
        painter->drawLine(cross.topRight(), cross.bottomLeft());
    }
    painter->setRenderHint(QPainter::Antialiasing, false);

    // Metrics line at the bottom.
    QFont metricsFont = option.font;
    metricsFont.setPointSizeF(std::max(6.0, metricsFont.pointSizeF() * 0.85));
    const QFontMetrics metricsMetrics(metricsFont);
    const QString metrics = index.data(ResultsTableModel::MetricsRole).toString();
    const QRect metricsRect(inner.left(), inner.bottom() - metricsMetrics.height() + 1, inner.width(), metricsMetrics.height());
    if (!metrics.isEmpty()) {
        painter->setFont(metricsFont);
        painter->setPen(dimColor);
        painter->drawText(metricsRect, Qt::AlignLeft | Qt::AlignVCenter,
                          metricsMetrics.elidedText(metrics, Qt::ElideRight, metricsRect.width()));
    }

    // The answer so far, or the error, or a hint while nothing has arrived.
    QRect body(inner.left(), chipRect.bottom() + 5, inner.width(),
               (metrics.isEmpty() ? inner.bottom() : metricsRect.top() - 3) - chipRect.bottom() - 5);
    // An invalid answer keeps its last line for the first error: where, and why.
    const QString schemaError = index.data(ResultsTableModel::SchemaErrorRole).toString();
    if (!schemaError.isEmpty()) {
        const int line = QFontMetrics(metricsFont).lineSpacing();
        const QRect errorRect(body.left(), body.bottom() - line + 1, body.width(), line);
        body.setBottom(errorRect.top() - 1);
        painter->setFont(metricsFont);
        painter->setPen(statusTextColor(CellStatus::Error, palette, QPalette::Base));
        painter->drawText(errorRect, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(metricsFont).elidedText(validityErrorLine(schemaError), Qt::ElideRight,
                                                               errorRect.width()));
    }
    const QString answer = index.data(ResultsTableModel::AnswerRole).toString();
    QString error = index.data(ResultsTableModel::ErrorRole).toString();
    if (error == cellStatusName(status))
        error.clear(); // the chip says it already
    // Tool calls first, one elided line each, in a fixed font: which tool, with what.
    const QStringList calls = index.data(ResultsTableModel::ToolCallsRole).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (!calls.isEmpty()) {
        QFont callFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        callFont.setPointSizeF(option.font.pointSizeF() * 0.95);
        const QFontMetrics callMetrics(callFont);
        QStringList arrowed;
        for (const QString &call : calls)
            arrowed.append(QStringLiteral("\u2192 ") + call);
        const int fitting = std::max(1, body.height() / callMetrics.lineSpacing());
        // Only calls: they wrap over the whole body, as an answer would.
        const bool wrapped = answer.isEmpty() && error.isEmpty();
        if (wrapped) {
            painter->setPen(textColor);
            drawWrappedElided(painter, body, arrowed.join(QLatin1Char('\n')), callFont);
        }
        const int shown = wrapped ? 0 : int(std::min<qsizetype>(calls.size(), answer.isEmpty() ? fitting : std::max(1, fitting / 2)));
        painter->setFont(callFont);
        painter->setPen(textColor);
        for (int i = 0; i < shown; ++i) {
            QString line = arrowed.at(i);
            if (i == shown - 1 && shown < calls.size())
                line = tr("+%n more call(s)", nullptr, int(calls.size() - shown + 1));
            const QRect lineRect(body.left(), body.top() + i * callMetrics.lineSpacing(), body.width(), callMetrics.lineSpacing());
            painter->drawText(lineRect, Qt::AlignLeft | Qt::AlignVCenter, callMetrics.elidedText(line, Qt::ElideRight, body.width()));
        }
        body.setTop(body.top() + shown * callMetrics.lineSpacing() + 2);
    }
    painter->setFont(option.font);
    if (!answer.isEmpty()) {
        painter->setPen(textColor);
        int errorLines = 0;
        QRect answerRect = body;
        if (!error.isEmpty()) {
            // Keep one line for the reason a partial answer stopped.
            errorLines = 1;
            answerRect.setBottom(body.bottom() - QFontMetrics(option.font).lineSpacing());
        }
        drawWrappedElided(painter, answerRect, answer, option.font);
        if (errorLines) {
            painter->setPen(selected ? textColor : statusTextColor(status, palette, QPalette::Base));
            const QRect errorRect(body.left(), answerRect.bottom() + 1, body.width(), body.bottom() - answerRect.bottom());
            painter->drawText(errorRect, Qt::AlignLeft | Qt::AlignVCenter,
                              QFontMetrics(option.font).elidedText(error, Qt::ElideRight, body.width()));
        }
    } else if (!error.isEmpty()) {
        painter->setPen(selected ? textColor : statusTextColor(status, palette, QPalette::Base));
        drawWrappedElided(painter, body, error, option.font);
    } else if (calls.isEmpty()) {
        painter->setPen(dimColor);
        const QString hint = status == CellStatus::Queued    ? tr("Waiting for a free slot…")
                             : status == CellStatus::Running ? tr("Waiting for the first token…")
                                                             : tr("(empty answer)");
        painter->drawText(body, Qt::AlignLeft | Qt::AlignTop, hint);
    }
    painter->restore();
}

QSize CellDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(option)
    Q_UNUSED(index)
    return QSize(280, 140);
}

bool CellDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                               const QModelIndex &index)
{
    const QEvent::Type type = event->type();
    if (type == QEvent::MouseButtonPress || type == QEvent::MouseButtonRelease || type == QEvent::MouseButtonDblClick) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton && isCancellable(index)
            && cancelButtonRect(option.rect).contains(mouse->position().toPoint())) {
            if (type == QEvent::MouseButtonRelease)
                Q_EMIT cancelRequested(index.data(ResultsTableModel::CellIndexRole).toInt());
            return true; // the click belongs to the button, not to the selection
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

bool CellDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                             const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip && isCancellable(index)
        && cancelButtonRect(option.rect).contains(event->pos())) {
        QToolTip::showText(event->globalPos(), tr("Cancel this cell"), view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
